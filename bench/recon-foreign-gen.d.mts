export interface ForeignOptions {
  terminals?: number
  days?: number
  /** about this many journal sales */
  rows?: number
  merchants?: number
  /** [year, monthIndex, day] of the first transaction day (UTC civil date) */
  start?: [number, number, number]
  seed?: number
  voidLink?: 'orig-trace' | 'rrn'
  faults?: Partial<Record<'missing' | 'amountMismatch' | 'voidedSettled' | 'declinedSettled' | 'unknown', number>>
  payoutFaults?: Partial<Record<'payoutMissing' | 'payoutLate' | 'payoutShort', number>>
  /** settlement date (YYYY-MM-DD) → the day the bank credits it; given: a bank statement is written */
  payoutDue?: (settlementDate: string) => string
}

export interface ForeignFiles {
  journalFile: string
  settlementFile: string
  bankFile?: string
  /** planted faults: keys TID|YYYY-MM-DD|trace */
  expected: Record<'missing' | 'amountMismatch' | 'voidedSettled' | 'declinedSettled' | 'unknown', string[]>
  counts: {journalRows: number; settlementRows: number; sales: number; declined: number; voidedNotSettled: number; voidNetted: number; voidRows: number; settled: number}
  /** net cents per MID|settlement date */
  net: Map<string, number>
  /** planted payout faults: keys MID|settlement date */
  payouts?: {payoutMissing: string[]; payoutLate: string[]; payoutShort: string[]; paid: number}
}

export function generateForeign(dir: string, opts?: ForeignOptions): Promise<ForeignFiles>
