/**
 * Transaction numbers as merchants read them off a slip or a screen, and as posdoc shows them.
 *
 * Two numbers are easy to confuse, so each has one name in each language, used everywhere:
 * - trace number (ZVT BMP 0B, ISO STAN) — 凭证号. Chinese slips print it as the 6-digit
 *   凭证号 / voucher number, e.g. 000083.
 * - receipt number (ZVT BMP 87) — 票据号. Four digits on ZVT terminals, e.g. 0083.
 * A number the merchant types may be either: `transactionRef` keeps both readings and the flow
 * looks it up as both (a match on either identifies the transaction; two different matches are
 * candidates, never a guess).
 */
import type {Lang} from '../i18n/index.js'

export const TERM = {
  traceNumber: {en: 'trace number', 'zh-CN': '凭证号'},
  receiptNumber: {en: 'receipt number', 'zh-CN': '票据号'},
  rrn: {en: 'RRN', 'zh-CN': '参考号'},
  authCode: {en: 'auth code', 'zh-CN': '授权码'},
  terminalId: {en: 'TID', 'zh-CN': '终端号'},
  merchantId: {en: 'MID', 'zh-CN': '商户号'},
  batchNumber: {en: 'batch', 'zh-CN': '批次号'},
} as const satisfies Record<string, Record<Lang, string>>

export const RECEIPT_MAX = 9999
export const TRACE_MAX = 999_999

/** A number the merchant typed: "83", "0083", "000083", "No. 000083", "凭证号 000083". */
export interface TransactionRef {
  /** as typed, trimmed */
  text: string
  value: number
  /** digits typed (leading zeros count): 6 suggests the trace number, up to 4 either */
  digits: number
  /** the readings it may have */
  asReceipt: boolean
  asTrace: boolean
}

export function parseTransactionRef(text: string): TransactionRef | undefined {
  const t = text.normalize('NFKC').trim()
  const m = /^(?:(?:no\.?|#|凭证号|票据号|流水号|receipt|trace)\s*[:：]?\s*)?(\d{1,6})$/i.exec(t)
  if (!m) return undefined
  const digits = m[1]!.length
  const value = Number(m[1])
  if (value === 0) return undefined
  return {text: t, value, digits, asReceipt: value <= RECEIPT_MAX, asTrace: value <= TRACE_MAX}
}

/** ZVT receipt numbers are 1..9999 (BMP 87, 2-byte BCD). */
export function parseReceiptNumber(text: string): number | undefined {
  const r = parseTransactionRef(text)
  return r?.asReceipt ? r.value : undefined
}

export const formatReceiptNumber = (n: number | null | undefined): string => (n === null || n === undefined ? '?' : String(n).padStart(4, '0'))
export const formatTraceNumber = (n: number | null | undefined): string => (n === null || n === undefined ? '?' : String(n).padStart(6, '0'))
