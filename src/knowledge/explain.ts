/**
 * One explanation for any result code posdoc shows: ISO 8583 / CUP field 39 (journal and
 * settlement files, ZVT BMP A0) or a ZVT result code (BMP 27). ZVT passes host codes 01-63
 * through as one byte holding the decimal value (0x33 = host code "51"), so those are
 * explained with the ISO table.
 */
import {getLang, type Lang} from '../i18n/index.js'
import {isHostResultCode, resultCodeInfo} from '../protocol/zvt/codes/index.js'
import type {ResultClass} from '../protocol/zvt/codes/index.js'
import {normaliseResponseCode, responseCodeInfo, type RetryClass} from './response-codes.js'

export type CodeScheme = 'iso8583' | 'zvt'

export interface Explanation {
  /** as shown: "51", "A0", "6C" */
  code: string
  scheme: CodeScheme
  approved: boolean
  text: string
  remedy: string
  retry: RetryClass
}

const RETRY_OF_ZVT: Readonly<Record<ResultClass, RetryClass>> = {
  success: 'none',
  transient: 'retry-later',
  printer: 'operator-must-act',
  'already-reversed': 'do-not-retry',
  'reversal-not-possible': 'operator-must-act',
  card: 'do-not-retry',
  operator: 'operator-must-act',
  config: 'operator-must-act',
  device: 'operator-must-act',
  host: 'do-not-retry',
  protocol: 'operator-must-act',
  unknown: 'operator-must-act',
}

/** ZVT result byte → the ISO 8583 code it carries (host range 01-63), else undefined. */
export function zvtHostCodeToIso(code: number): string | undefined {
  return isHostResultCode(code) ? String(code).padStart(2, '0') : undefined
}

/** ZVT BMP A0 ("result code AS", one binary byte for host codes BCD cannot hold, e.g. A0): two hex digits. */
export function hostResultCodeAs(byte: number): string {
  return byte.toString(16).toUpperCase().padStart(2, '0')
}

export function explainResult(code: string, scheme: CodeScheme, opts: {lang?: Lang; context?: 'void' | 'reversal' | 'other'} = {}): Explanation {
  const lang = opts.lang ?? getLang()
  const zh = lang === 'zh-CN'
  if (scheme === 'zvt') {
    const n = parseInt(code, 16)
    const iso = Number.isNaN(n) ? undefined : zvtHostCodeToIso(n)
    if (iso !== undefined) return {...explainResult(iso, 'iso8583', opts), code: iso}
    const info = resultCodeInfo(Number.isNaN(n) ? -1 : n)
    return {code: info.hex, scheme, approved: n === 0, text: zh ? info.zh : info.en, remedy: zh ? info.remedyZh : info.remedyEn, retry: RETRY_OF_ZVT[info.cls]}
  }
  const info = responseCodeInfo(code)
  const onVoid = (opts.context === 'void' || opts.context === 'reversal') && info.voidEn !== undefined
  const remedy = onVoid ? `${zh ? info.voidZh : info.voidEn} ${zh ? info.remedyZh : info.remedyEn}` : zh ? info.remedyZh : info.remedyEn
  const note = info.acquirerSpecific ? (zh ? '(各收单机构含义可能不同，请确认)' : ' (acquirer-specific: confirm with the acquirer)') : ''
  return {code: normaliseResponseCode(code), scheme, approved: info.code === '00', text: (zh ? info.zh : info.en) + note, remedy, retry: info.retry}
}

export function retryClassText(retry: RetryClass, lang: Lang = getLang()): string {
  const zh = lang === 'zh-CN'
  switch (retry) {
    case 'none':
      return zh ? '无需处理' : 'nothing to do'
    case 'retry-later':
      return zh ? '可稍后重试' : 'retry later'
    case 'do-not-retry':
      return zh ? '不要重试' : 'do not retry'
    case 'operator-must-act':
      return zh ? '需人工处理' : 'operator must act'
  }
}
