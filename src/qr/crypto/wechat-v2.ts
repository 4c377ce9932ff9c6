/**
 * WeChat Pay API v2 signatures (qr-notes §1.1 [18]): every non-empty parameter except `sign`,
 * sorted by name, `k=v` joined with `&`, then `&key=<APIv2 key>`; MD5 of that, or HMAC-SHA256
 * keyed with the APIv2 key; hex, upper case. Verification accepts unknown extra fields.
 */
import {createHash, createHmac, timingSafeEqual} from 'node:crypto'

export type WechatV2SignType = 'MD5' | 'HMAC-SHA256'

export function wechatV2SignContent(params: Record<string, string | undefined>, key: string): string {
  const pairs = Object.keys(params)
    .filter((k) => k !== 'sign' && params[k] !== undefined && params[k] !== '')
    .sort()
    .map((k) => `${k}=${params[k]}`)
  return `${pairs.join('&')}&key=${key}`
}

export function wechatV2Sign(params: Record<string, string | undefined>, key: string, type: WechatV2SignType = 'MD5'): string {
  const content = wechatV2SignContent(params, key)
  const digest = type === 'MD5' ? createHash('md5').update(content, 'utf8') : createHmac('sha256', key).update(content, 'utf8')
  return digest.digest('hex').toUpperCase()
}

export function wechatV2Verify(params: Record<string, string | undefined>, key: string, type: WechatV2SignType = 'MD5'): boolean {
  const given = Buffer.from(params.sign ?? '', 'utf8')
  const expected = Buffer.from(wechatV2Sign(params, key, type), 'utf8')
  return given.length === expected.length && timingSafeEqual(given, expected)
}
