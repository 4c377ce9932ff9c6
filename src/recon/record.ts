/**
 * The one normalised transaction record every import produces (terminal journal, posdoc's own
 * transaction list, acquirer settlement files), and posdoc's transaction-list file format
 * ("posdoc journal CSV", written by `logs pull` / `logs import --out`, read back by the
 * posdoc-journal profile).
 */
import {explainResult, type CodeScheme} from '../knowledge/explain.js'
import type {Lang} from '../i18n/index.js'
import {dayToIso, formatCents, secondsToTime} from './values.js'
import {csvLine} from '../output/csv-cell.js'

/** sale 消费 · void 撤销 (operator cancels a sale of the open batch) · refund 退货 · reversal 冲正 (automatic undo) */
export type TxType = 'sale' | 'void' | 'refund' | 'reversal' | 'other'
/** the record's final state: voided = cancelled by a later void, reversed = undone by a (timeout) reversal */
export type TxState = 'approved' | 'declined' | 'voided' | 'reversed' | 'unknown'
export type SettlementStatus = 'settled' | 'held' | 'pending' | 'failed'

export const TX_TYPES: readonly TxType[] = ['sale', 'void', 'refund', 'reversal', 'other']
export const TX_STATES: readonly TxState[] = ['approved', 'declined', 'voided', 'reversed', 'unknown']
export const SETTLEMENT_STATUSES: readonly SettlementStatus[] = ['settled', 'held', 'pending', 'failed']

export interface TxRecord {
  /** 1-based physical line of the source file the record ends on */
  line: number
  /** civil day of the transaction (local business date); null when the source has none */
  day: number | null
  /** seconds since local midnight, -1 when unknown */
  sec: number
  type: TxType
  /** magnitude in minor units; the direction is in `type` */
  amountCents: number
  /** ISO 4217 alpha code ("EUR", "CNY"), '' when the source has none */
  currency: string
  /** masked: BIN + last four at most */
  panMasked: string
  cardType: string
  traceNumber: number | null
  receiptNumber: number | null
  turnoverNumber: number | null
  authCode: string
  rrn: string
  terminalId: string
  merchantId: string
  batchNumber: number | null
  /** the terminal's batch was still open when the journal was read (null: not known) */
  batchOpen: boolean | null
  /** "00", "51", "6C"; '' when the source has none */
  resultCode: string
  resultScheme: CodeScheme
  state: TxState
  originalTraceNumber: number | null
  /** settlement files only */
  settlementStatus: SettlementStatus | null
  settlementDay: number | null
  feeCents: number | null
  /** where it came from (journal pulls: read-file, printout, status-info); '' for imports */
  source: string
}

export function emptyRecord(line: number): TxRecord {
  // one list of the defaults: resetRecord's (fields are added in the same order, so records share one shape)
  return resetRecord({} as TxRecord, line)
}

/** Set every field of `r` back to emptyRecord's values (for importers that reuse one record per row). */
export function resetRecord(r: TxRecord, line: number): TxRecord {
  r.line = line
  r.day = null
  r.sec = -1
  r.type = 'other'
  r.amountCents = 0
  r.currency = ''
  r.panMasked = ''
  r.cardType = ''
  r.traceNumber = null
  r.receiptNumber = null
  r.turnoverNumber = null
  r.authCode = ''
  r.rrn = ''
  r.terminalId = ''
  r.merchantId = ''
  r.batchNumber = null
  r.batchOpen = null
  r.resultCode = ''
  r.resultScheme = 'iso8583'
  r.state = 'unknown'
  r.originalTraceNumber = null
  r.settlementStatus = null
  r.settlementDay = null
  r.feeCents = null
  r.source = ''
  return r
}

const NUMERIC_CURRENCIES: Readonly<Record<string, string>> = {'156': 'CNY', '978': 'EUR', '840': 'USD', '344': 'HKD', '446': 'MOP', '826': 'GBP', '392': 'JPY', '756': 'CHF', '702': 'SGD'}

/** "978" / "0978" / "eur" / "人民币" / "RMB" / "¥" → "EUR" / "CNY"; unknown text kept upper-cased. */
export function normaliseCurrency(raw: string): string {
  const s = raw.trim()
  if (s === '') return ''
  if (/^\d{1,4}$/.test(s)) return NUMERIC_CURRENCIES[String(Number(s))] ?? s
  if (/^(人民币|RMB|¥|￥|元)$/i.test(s)) return 'CNY'
  if (/^(€|欧元)$/.test(s)) return 'EUR'
  return s.toUpperCase()
}

export function currencyNumeric(alpha: string): number | undefined {
  for (const [n, a] of Object.entries(NUMERIC_CURRENCIES)) if (a === alpha) return Number(n)
  return undefined
}

/** Local "YYYY-MM-DD HH:MM:SS" (or the date alone) of a record. */
export function recordTime(r: Pick<TxRecord, 'day' | 'sec'>): string {
  if (r.day === null) return ''
  return r.sec >= 0 ? `${dayToIso(r.day)} ${secondsToTime(r.sec)}` : dayToIso(r.day)
}

// ---- posdoc journal CSV (transaction list) ----------------------------------------------------

/** Header of posdoc's transaction list, version 1 (stable: the posdoc-journal profile reads it). */
export const TRANSACTION_COLUMNS = [
  'time',
  'type',
  'amount',
  'currency',
  'pan_masked',
  'card_type',
  'trace_number',
  'receipt_number',
  'turnover_number',
  'auth_code',
  'rrn',
  'terminal_id',
  'merchant_id',
  'batch_number',
  'batch_open',
  'result_code',
  'result_scheme',
  'result_text',
  'result_advice',
  'state',
  'original_trace_number',
  'source',
  'settlement_status',
  'settlement_date',
  'fee',
] as const


export interface ExplainedCode {
  text: string
  advice: string
}

/** Meaning and advice for a non-00 code (empty for approvals and records without a code). */
export function explainRecordCode(r: Pick<TxRecord, 'resultCode' | 'resultScheme' | 'type'>, lang: Lang): ExplainedCode {
  if (r.resultCode === '' || r.resultCode === '00') return {text: '', advice: ''}
  const e = explainResult(r.resultCode, r.resultScheme, {lang, context: r.type === 'void' || r.type === 'reversal' ? 'void' : 'other'})
  if (e.approved) return {text: '', advice: ''}
  return {text: e.text, advice: e.remedy}
}

export function transactionCsvLine(r: TxRecord, lang: Lang): string {
  const x = explainRecordCode(r, lang)
  return csvLine([
    recordTime(r),
    r.type,
    formatCents(r.amountCents),
    r.currency,
    r.panMasked,
    r.cardType,
    r.traceNumber,
    r.receiptNumber,
    r.turnoverNumber,
    r.authCode,
    r.rrn,
    r.terminalId,
    r.merchantId,
    r.batchNumber,
    r.batchOpen === null ? '' : r.batchOpen ? 'yes' : 'no',
    r.resultCode,
    r.resultCode === '' ? '' : r.resultScheme,
    x.text,
    x.advice,
    r.state,
    r.originalTraceNumber,
    r.source,
    r.settlementStatus,
    r.settlementDay === null ? '' : dayToIso(r.settlementDay),
    r.feeCents === null ? '' : formatCents(r.feeCents),
  ])
}

/** JSON form of one record (amounts in cents; the explanation beside every non-00 code). */
export function transactionJson(r: TxRecord, lang: Lang): Record<string, unknown> {
  const x = explainRecordCode(r, lang)
  const out: Record<string, unknown> = {
    time: recordTime(r) || null,
    type: r.type,
    amountCents: r.amountCents,
    currency: r.currency || null,
    panMasked: r.panMasked || null,
    cardType: r.cardType || null,
    traceNumber: r.traceNumber,
    receiptNumber: r.receiptNumber,
    turnoverNumber: r.turnoverNumber,
    authCode: r.authCode || null,
    rrn: r.rrn || null,
    terminalId: r.terminalId || null,
    merchantId: r.merchantId || null,
    batchNumber: r.batchNumber,
    batchOpen: r.batchOpen,
    resultCode: r.resultCode || null,
    state: r.state,
    originalTraceNumber: r.originalTraceNumber,
    source: r.source || null,
  }
  if (r.resultCode !== '') out.resultScheme = r.resultScheme
  if (x.text) {
    out.resultText = x.text
    out.resultAdvice = x.advice
  }
  if (r.settlementStatus !== null) {
    out.settlementStatus = r.settlementStatus
    out.settlementDate = r.settlementDay === null ? null : dayToIso(r.settlementDay)
    out.feeCents = r.feeCents
  }
  return out
}
