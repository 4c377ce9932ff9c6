// Shared types for the ZVT code tables (pure data, no I/O).

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
  /** two uppercase hex digits ("??" when the input was not a byte value) */
  hex: string
  en: string
  zh: string
  remedyEn: string
  remedyZh: string
  cls: ResultClass
}

export interface IntermediateStatusInfo {
  code: number
  hex: string
  /** what the terminal is telling the customer / operator right now */
  en: string
  zh: string
}

/** Two uppercase hex digits for a byte; "??" for anything that is not an integer 0..255. */
export function byteHex(code: number): string {
  return Number.isInteger(code) && code >= 0 && code <= 0xff ? code.toString(16).toUpperCase().padStart(2, '0') : '??'
}
