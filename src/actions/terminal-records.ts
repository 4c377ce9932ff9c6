/**
 * The terminal's own records: its merchant journal (Read File 08 11, file 01) and its last
 * Status-Information (Repeat Receipt with service bit 0). These are the "real state" a void
 * is decided on; posdoc's own action journal only says what posdoc tried.
 */
import {parse} from 'csv-parse/sync'

import {resultCodeInfo} from '../protocol/zvt/codes/index.js'
import type {ZvtFields} from '../protocol/zvt/types.js'
import type {CommandOutcome} from '../terminal/terminal.js'
import type {ZvtTerminal} from '../terminal/zvt/zvt-terminal.js'
import {sleep, type Clock} from '../util/clock.js'

/** One line of the merchant journal. PAN kept to the last four digits. */
export interface TerminalRecord {
  receiptNumber?: number
  traceNumber: number
  batchNumber?: number
  /** ISO 8601 */
  time?: string
  type: 'sale' | 'reversal' | 'refund' | string
  /** booked | declined | reversed | auto-reversed */
  state: string
  amountCents: number
  currencyCode?: number
  panMasked?: string
  cardName?: string
  authCode?: string
  terminalId?: string
  /** two hex digits */
  resultCode?: string
  reversedBy?: number
  originalReceiptNumber?: number
  originalTraceNumber?: number
}

export interface TerminalJournal {
  /** false: the terminal does not offer file 01 (84 83 / 06 1E 83) or sent something unreadable */
  available: boolean
  records: TerminalRecord[]
  /** every block arrived (no gaps) */
  complete: boolean
  resultCode?: number
  problem?: string
}

/** Waits between tries when the terminal answers "busy" (A0 receiver not ready, 9C please wait ...). */
export interface RetryPolicy {
  clock: Clock
  delaysMs: readonly number[]
}

export const QUERY_RETRY_DELAYS_MS = [1000, 2000, 4000] as const

/** Repeat a read-only query while the terminal says it is busy (class transient). Never used for money steps. */
export async function withTransientRetry<T extends CommandOutcome>(fn: () => Promise<T>, policy: RetryPolicy): Promise<T> {
  for (let i = 0; ; i++) {
    const o = await fn()
    if (o.ok || resultCodeInfo(o.resultCode).cls !== 'transient' || i >= policy.delaysMs.length) return o
    await sleep(policy.clock, policy.delaysMs[i]!)
  }
}

const REQUIRED = ['receipt_number', 'trace_number', 'type', 'state', 'amount_cents'] as const

/** Parse file 01 (CSV with a header line, see src/sim/journal-file.ts for the format this PT family writes). */
export function parseTerminalJournal(data: Buffer): TerminalRecord[] | undefined {
  let rows: Array<Record<string, string>>
  try {
    rows = parse(data, {columns: true, bom: true, skip_empty_lines: true, relax_column_count: true}) as Array<Record<string, string>>
  } catch {
    return undefined
  }
  const first = rows[0]
  if (first && !REQUIRED.every((c) => c in first)) return undefined
  const num = (s: string | undefined) => (s === undefined || s.trim() === '' || !/^\d+$/.test(s.trim()) ? undefined : Number(s))
  const str = (s: string | undefined) => (s === undefined || s === '' ? undefined : s)
  const out: TerminalRecord[] = []
  for (const r of rows) {
    const traceNumber = num(r.trace_number)
    const amountCents = num(r.amount_cents)
    if (traceNumber === undefined || amountCents === undefined) continue
    const rec: TerminalRecord = {traceNumber, amountCents, type: r.type ?? '', state: r.state ?? ''}
    const set = <K extends keyof TerminalRecord>(k: K, v: TerminalRecord[K] | undefined) => {
      if (v !== undefined) rec[k] = v
    }
    set('receiptNumber', num(r.receipt_number))
    set('batchNumber', num(r.batch_number))
    set('time', str(r.time))
    set('currencyCode', num(r.currency_code))
    set('panMasked', r.pan_masked ? lastFour(r.pan_masked) : undefined)
    set('cardName', str(r.card_name))
    set('authCode', str(r.auth_code))
    set('terminalId', str(r.terminal_id))
    set('resultCode', str(r.result_code))
    set('reversedBy', num(r.reversed_by))
    set('originalReceiptNumber', num(r.original_receipt_number))
    set('originalTraceNumber', num(r.original_trace_number))
    out.push(rec)
  }
  return out
}

/** Whatever the terminal wrote, keep at most the last four digits of a card number. */
export function lastFour(pan: string): string {
  const digits = pan.replace(/\D/g, '')
  return digits.length === 0 ? pan.replace(/[^*]/g, '*') : `****${digits.slice(-4)}`
}

export async function readTerminalJournal(terminal: ZvtTerminal, retry: RetryPolicy): Promise<TerminalJournal> {
  const o = await withTransientRetry(() => terminal.readFile(0x01), retry)
  if (o.data.length === 0 && !o.ok) return {available: false, records: [], complete: false, resultCode: o.resultCode}
  const records = parseTerminalJournal(o.data)
  if (!records) return {available: false, records: [], complete: false, resultCode: o.resultCode, problem: 'journal file not in a readable format'}
  return {available: true, records, complete: o.complete && o.ok, resultCode: o.resultCode}
}

/** The terminal's last 04 0F (Repeat Receipt, service bit 0, no printout); undefined when it has none to give. */
export async function readLastStatusInfo(terminal: ZvtTerminal, retry: RetryPolicy): Promise<ZvtFields | undefined> {
  const o = await withTransientRetry(() => terminal.repeatReceipt({which: 'last', resendStatusInfo: true, noPrintout: true}), retry)
  return o.statusInfos[0]
}

/**
 * Is receipt N still on the terminal (its open batch), i.e. can it still be reprinted / voided?
 * Repeat Receipt for that number without printout: 00 yes, 83 no (closed batch or unknown).
 */
export async function receiptOnTerminal(terminal: ZvtTerminal, receiptNumber: number, retry: RetryPolicy): Promise<'yes' | 'no' | 'unknown'> {
  const o = await withTransientRetry(() => terminal.repeatReceipt({receiptNumber, noPrintout: true}), retry)
  if (o.ok) return 'yes'
  if (o.resultCode === 0x83) return 'no'
  return 'unknown'
}

/** The newest record with this receipt number (numbers wrap at 9999, so the latest wins). */
export function findByReceipt(records: readonly TerminalRecord[], receiptNumber: number): TerminalRecord | undefined {
  for (let i = records.length - 1; i >= 0; i--) if (records[i]!.receiptNumber === receiptNumber) return records[i]
  return undefined
}

/**
 * Records written after the one with `trace` (journal order, as trace numbers wrap); undefined when
 * that record is not in the journal (then nothing can be said about what came after it).
 */
export function recordsAfterTrace(records: readonly TerminalRecord[], trace: number | undefined): TerminalRecord[] | undefined {
  if (trace === undefined) return records.length === 0 ? [] : undefined
  for (let i = records.length - 1; i >= 0; i--) if (records[i]!.traceNumber === trace) return records.slice(i + 1)
  return undefined
}
