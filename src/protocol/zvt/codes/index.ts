// CONTRACT STUB (knowledge-base helper implements). Pure data tables with zh-CN/en text.

/** How a caller should treat a result code (void retry, reprint and flows decide on this). */
export type ResultClass =
  | 'success'
  | 'transient' // retry with backoff: no connection, receiver not ready, please wait, remote not responding
  | 'printer' // printer not ready: the transaction itself may have succeeded; offer a reprint
  | 'already-reversed'
  | 'reversal-not-possible' // e.g. batch closed: refund path
  | 'card' // card problem: other card / cardholder action
  | 'operator' // merchant/operator must act (insert paper, end-of-day, activation...)
  | 'config' // terminal configuration / registration / keys: TMS or acquirer
  | 'device' // hardware fault
  | 'host' // authorisation host declined / host-side
  | 'protocol' // our ECR side sent something the PT did not accept
  | 'unknown'

export interface CodeInfo {
  code: number
  /** two uppercase hex digits */
  hex: string
  en: string
  zh: string
  remedyEn: string
  remedyZh: string
  cls: ResultClass
}

export function resultCodeInfo(_code: number): CodeInfo {
  throw new Error('not implemented')
}
export function intermediateStatusInfo(_code: number): {code: number; hex: string; en: string; zh: string} {
  throw new Error('not implemented')
}
export function terminalStatusInfo(_code: number): CodeInfo {
  throw new Error('not implemented')
}
export function cardTypeName(_id: number): string | undefined {
  throw new Error('not implemented')
}
export const RESULT_CODES: ReadonlyArray<CodeInfo> = []
export const TERMINAL_STATUS_CODES: ReadonlyArray<CodeInfo> = []
