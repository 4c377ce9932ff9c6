/**
 * File 01 "merchant journal" as served by Read File 08 11 (TLV 1D = 01).
 *
 * Format (stable, versioned by the header line): UTF-8 CSV, RFC 4180 quoting, LF line ends,
 * one header line then one line per journal record, oldest first:
 *
 *   receipt_number,trace_number,turnover_number,batch_number,time,type,state,amount_cents,
 *   currency_code,pan_masked,card_type,card_name,auth_code,terminal_id,result_code,
 *   reversed_by,original_receipt_number,original_trace_number
 *
 * - numbers are decimal; empty = not applicable (declines have no receipt/turnover number)
 * - time: ISO 8601 UTC; type: sale|reversal|refund; state: booked|declined|reversed|auto-reversed
 * - pan_masked: '*' per hidden digit, at most the last four shown
 * - card_type: ZVT card-type ID (decimal, BMP 8A); result_code: ZVT result code as two hex digits
 */
import type {JournalRecord} from './types.js'

export const JOURNAL_FILE_ID = 0x01

export const JOURNAL_CSV_COLUMNS = [
  'receipt_number',
  'trace_number',
  'turnover_number',
  'batch_number',
  'time',
  'type',
  'state',
  'amount_cents',
  'currency_code',
  'pan_masked',
  'card_type',
  'card_name',
  'auth_code',
  'terminal_id',
  'result_code',
  'reversed_by',
  'original_receipt_number',
  'original_trace_number',
] as const

function cell(v: string | number | null | undefined): string {
  if (v === null || v === undefined) return ''
  const s = String(v)
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s
}

export function journalCsvLine(r: JournalRecord): string {
  return [
    r.receiptNumber,
    r.traceNumber,
    r.turnoverNumber,
    r.batchNumber,
    r.time,
    r.type,
    r.state,
    r.amountCents,
    r.currencyCode,
    r.panMasked,
    r.cardType,
    r.cardName,
    r.authCode,
    r.terminalId,
    r.resultCode.toString(16).padStart(2, '0').toUpperCase(),
    r.reversedBy,
    r.originalReceiptNumber,
    r.originalTraceNumber,
  ]
    .map(cell)
    .join(',')
}

export function journalCsv(records: readonly JournalRecord[]): Buffer {
  const lines = [JOURNAL_CSV_COLUMNS.join(',')]
  for (const r of records) lines.push(journalCsvLine(r))
  return Buffer.from(lines.join('\n') + '\n', 'utf8')
}
