/**
 * Alipay OpenAPI 2.0 (gateway.do) RSA2 signatures (qr-notes §1.2 [38]). Requests: every
 * parameter except `sign`, sorted by name, `k=v` joined with `&`, SHA256withRSA, base64.
 * Responses: the raw JSON text of the `<method>_response` (or `error_response`) node.
 */
import {rsaSign, rsaVerify} from './rsa.js'

export function alipaySignContent(params: Record<string, string | undefined>): string {
  return Object.keys(params)
    .filter((k) => k !== 'sign' && params[k] !== undefined && params[k] !== '')
    .sort()
    .map((k) => `${k}=${params[k]}`)
    .join('&')
}

export function alipaySign(params: Record<string, string | undefined>, privateKey: string): string {
  return rsaSign(alipaySignContent(params), privateKey)
}

export function alipayVerifyParams(params: Record<string, string | undefined>, publicKey: string): boolean {
  const sign = params.sign
  if (!sign) return false
  return rsaVerify(alipaySignContent(params), sign, publicKey)
}

/** alipay.trade.query -> alipay_trade_query_response */
export function alipayResponseKey(method: string): string {
  return `${method.replaceAll('.', '_')}_response`
}

/**
 * The exact text of the JSON object under `key` in the raw response (what Alipay signed), found by
 * scanning for its balanced braces (strings and escapes respected); undefined when absent.
 */
export function alipaySignedNode(raw: string, key: string): string | undefined {
  const at = raw.indexOf(`"${key}"`)
  if (at < 0) return undefined
  let i = raw.indexOf('{', at + key.length + 2)
  if (i < 0 || raw.slice(at + key.length + 2, i).trim() !== ':') return undefined
  const start = i
  let depth = 0
  let inString = false
  for (; i < raw.length; i++) {
    const c = raw[i]
    if (inString) {
      if (c === '\\') i++
      else if (c === '"') inString = false
    } else if (c === '"') inString = true
    else if (c === '{') depth++
    else if (c === '}' && --depth === 0) return raw.slice(start, i + 1)
  }
  return undefined
}

/** Alipay timestamps are Beijing time (UTC+8), "yyyy-MM-dd HH:mm:ss". */
export function alipayTimestamp(ms: number): string {
  return new Date(ms + 8 * 3_600_000).toISOString().slice(0, 19).replace('T', ' ')
}

export function parseAlipayTimestamp(text: string): number | undefined {
  const m = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})$/.exec(text)
  if (!m) return undefined
  const ms = Date.parse(`${m[1]}T${m[2]}+08:00`)
  return Number.isNaN(ms) ? undefined : ms
}
