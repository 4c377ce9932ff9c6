/**
 * Column mapping without a profile: which column holds which field, from the header words
 * (Chinese and English, as terminal exports and acquirer portals write them), and how amounts and
 * dates are written, from the data under the header. The result is an ordinary profile named
 * "auto", so the importer reads the file exactly as it reads a profiled one; what was decided and
 * why is kept in `decisions` for the text and JSON output. No zod here: import workers load this.
 */
import {FIELDS, normaliseHeader, type Field} from './profile-match.js'
import type {CsvProfile} from './profiles.js'
import type {FileKind} from './import.js'

/**
 * Header words per field, in order of preference (the first word found in the header wins, so
 * 凭证号 beats 流水号 for the trace number when a file has both). Compared after
 * normaliseHeader (case, width, spaces, _ - . : removed); a trailing unit in brackets is ignored.
 * "status" is the journal's state in a journal and the settlement status in a settlement file.
 */
const WORDS: ReadonlyArray<[Field | 'netAmount', readonly string[]]> = [
  ['terminalId', ['TID', 'Terminal ID', 'Terminal No', 'Terminal Number', 'Terminal', 'TerminalID', '终端号', '终端编号', '终端代码', '终端', 'Terminal-ID']],
  ['merchantId', ['MID', 'Merchant ID', 'Merchant No', 'Merchant Number', 'Merchant', '商户号', '商户编号', '商户代码', 'Händlernummer']],
  ['originalTraceNumber', ['Orig Trace No', 'Orig Trace', 'Original Trace No', 'Original Trace', 'Original Trace Number', 'Orig STAN', 'Original STAN', '原流水号', '原凭证号', '原交易流水号', '原终端流水号']],
  ['traceNumber', ['Trace No', 'Trace Number', 'Trace', 'STAN', 'System Trace Audit Number', 'Voucher No', 'Voucher', '凭证号', '流水号', 'POS流水号', '终端流水号', '交易流水号']],
  ['receiptNumber', ['Receipt No', 'Receipt Number', 'Receipt', 'Beleg', 'Belegnummer', 'Beleg-Nr', '票据号', '小票号']],
  ['batchNumber', ['Batch No', 'Batch Number', 'Batch', '批次号', '批次', 'Kassenschnitt']],
  ['rrn', ['RRN', 'Retrieval Reference Number', 'Reference No', 'Ref No', 'Reference', '参考号', '系统参考号', '检索参考号']],
  ['authCode', ['Auth Code', 'Auth', 'Authorisation Code', 'Authorization Code', 'Approval Code', 'Auth No', '授权码', '授权号']],
  ['panMasked', ['Card No', 'Card Number', 'Card', 'PAN', 'Masked PAN', '卡号', '交易卡号', 'Kartennummer']],
  ['cardType', ['Card Type', 'Card Brand', 'Scheme', '卡类型', '卡种', '卡类别']],
  ['dateTime', ['Date Time', 'DateTime', 'Timestamp', 'Transaction Date Time', '交易日期时间']],
  ['date', ['Date', 'Txn Date', 'Transaction Date', 'Trans Date', '交易日期', '日期', 'Datum']],
  ['time', ['Time', 'Txn Time', 'Transaction Time', 'Trans Time', '交易时间', '时间', 'Uhrzeit']],
  ['type', ['Type', 'Txn Type', 'Transaction Type', 'Trans Type', '交易类型', '类型', 'Art']],
  ['amount', ['Amount', 'Txn Amount', 'Transaction Amount', 'Gross Amount', 'Gross', '交易金额', '金额', 'Betrag']],
  ['fee', ['Fee', 'Fees', 'Fee Amount', 'MDR', '手续费', '商户手续费', 'Gebühr']],
  ['netAmount', ['Net', 'Net Amount', 'Settlement Amount', 'Settled Amount', '清算金额', '结算金额', '入账金额']],
  ['currency', ['Currency', 'Ccy', '币种', '货币', 'Währung']],
  ['resultCode', ['Response', 'Response Code', 'Resp Code', 'Result Code', 'RC', '应答码', '响应码', '返回码']],
  ['settlementDate', ['Settlement Date', 'Value Date', 'Payout Date', '清算日期', '结算日期', '入账日期']],
  ['settlementStatus', ['Settlement Status', '清算状态', '结算状态', '入账状态']],
  ['state', ['State', 'Transaction Status', 'Txn Status', '交易状态']],
]

const NORMALISED = WORDS.map(([f, words]) => [f, words.map(normaliseHeader)] as const)
const STATUS = normaliseHeader('Status')
const STATUS_ZH = normaliseHeader('状态')

/** Fields the importer needs (one of each group). */
const REQUIRED: ReadonlyArray<readonly Field[]> = [['terminalId'], ['amount'], ['traceNumber', 'receiptNumber'], ['dateTime', 'date']]

export type MapOverrides = Partial<Record<Field, string>>

export interface AutoDecisions {
  amountUnit: 'major' | 'cents'
  /** why: 'decimals in the data' | 'whole numbers, not all multiples of 100' | … */
  amountUnitReason: string
  dateOrder: 'YMD' | 'DMY' | 'MDY'
  dateOrderReason: string
  /** settlement file without a status column: every row settled */
  noStatusColumn: boolean
  defaultCurrency: string | null
}

export interface AutoMapped {
  profile: CsvProfile
  decisions: AutoDecisions
}

export interface AutoFailure {
  /** the fields no column was found for, e.g. ['traceNumber|receiptNumber'] */
  missing: string[]
  /** the header row that came closest */
  headers: string[]
  line: number
}

const stem = (h: string) => h.replace(/\([^)]*\)$/, '')

/** Field → column index from header words (overrides first, by exact header). */
export function mapHeaderWords(headers: readonly string[], kind: FileKind | undefined, overrides: MapOverrides = {}): Partial<Record<Field, number>> {
  const norm = headers.map((h) => stem(normaliseHeader(h)))
  const out: Partial<Record<Field, number>> = {}
  const taken = new Set<number>()
  for (const [f, header] of Object.entries(overrides) as Array<[Field, string]>) {
    const i = norm.indexOf(stem(normaliseHeader(header)))
    if (i >= 0) {
      out[f] = i
      taken.add(i)
    }
  }
  for (const [f, words] of NORMALISED) {
    if (f === 'netAmount' || out[f as Field] !== undefined) continue
    for (const w of words) {
      const i = norm.findIndex((h, k) => h === w && !taken.has(k))
      if (i >= 0) {
        out[f as Field] = i
        taken.add(i)
        break
      }
    }
  }
  // a bare "Status" / 状态: the settlement status in a settlement file, the state in a journal
  const status = norm.findIndex((h, k) => (h === STATUS || h === STATUS_ZH) && !taken.has(k))
  if (status >= 0) {
    const settlement = kind === 'settlement' || (kind === undefined && looksLikeSettlement(out, norm))
    const f: Field = settlement ? 'settlementStatus' : 'state'
    if (out[f] === undefined) out[f] = status
  }
  return out
}

/** Which net-amount column the header has (reported, never read as the amount). */
export function netColumn(headers: readonly string[]): number {
  const words = NORMALISED.find(([f]) => f === 'netAmount')![1]
  return headers.findIndex((h) => words.includes(stem(normaliseHeader(h))))
}

function looksLikeSettlement(m: Partial<Record<Field, number>>, norm: readonly string[]): boolean {
  if (m.settlementDate !== undefined || m.fee !== undefined || m.settlementStatus !== undefined) return true
  const net = NORMALISED.find(([f]) => f === 'netAmount')![1]
  return norm.some((h) => net.includes(h))
}

export function missingFields(m: Partial<Record<Field, number>>): string[] {
  return REQUIRED.filter((group) => group.every((f) => m[f] === undefined)).map((g) => g.join('|'))
}

/**
 * Find the header row among the first rows and build a profile for it, or say what is missing
 * (for the row that came closest). `rows` are the sampled rows of the file, header included.
 */
export function autoProfile(rows: ReadonlyArray<{cells: string[]; line: number}>, kind: FileKind | undefined, overrides: MapOverrides = {}, searchLines = 30): AutoMapped & {row: {cells: string[]; line: number}; mapped: Partial<Record<Field, number>>} | AutoFailure {
  let closest: AutoFailure | undefined
  let closestFound = -1
  for (const [r, row] of rows.slice(0, searchLines).entries()) {
    const mapped = mapHeaderWords(row.cells, kind, overrides)
    const missing = missingFields(mapped)
    if (missing.length > 0) {
      const found = Object.keys(mapped).length
      if (found > closestFound) {
        closest = {missing, headers: row.cells.map((c) => c.trim()), line: row.line}
        closestFound = found
      }
      continue
    }
    const data = rows.slice(r + 1).map((x) => x.cells)
    const fileKind: FileKind = kind ?? (looksLikeSettlement(mapped, row.cells.map((h) => stem(normaliseHeader(h)))) ? 'settlement' : 'journal')
    // a "time" column that carries the date too, and no date column: it is the date-time
    if (mapped.date === undefined && mapped.dateTime === undefined && mapped.time !== undefined) {
      mapped.dateTime = mapped.time
      delete mapped.time
    }
    const decisions = decide(row.cells, mapped, data)
    decisions.noStatusColumn = fileKind === 'settlement' && mapped.settlementStatus === undefined
    const columns: Partial<Record<Field, string>> = {}
    for (const [f, i] of Object.entries(mapped) as Array<[Field, number]>) columns[f] = row.cells[i]!.trim()
    const profile: CsvProfile = {
      name: 'auto',
      kind: fileKind,
      description: 'columns recognised from the header words',
      encoding: 'auto',
      delimiter: 'auto',
      amountUnit: decisions.amountUnit,
      decimalComma: false,
      ...(decisions.defaultCurrency ? {defaultCurrency: decisions.defaultCurrency} : {}),
      dateOrder: decisions.dateOrder,
      resultCodes: 'iso8583',
      columns,
      typeMap: {},
      stateMap: {},
      statusMap: {},
      summaryRowPrefixes: ['合计', '总计', '小计', 'Total', 'Sum', 'Summe'],
    }
    return {profile, decisions, row, mapped}
  }
  return closest ?? {missing: missingFields({}), headers: [], line: 0}
}

const DECIMALS = /^[-+(]?[¥￥$€]?\s*-?[\d,]*\d\.\d{1,2}\s*(元|CNY|EUR)?\)?-?$/
const WHOLE = /^[-+(]?[¥￥$€]?\s*-?\d+\s*(元|CNY|EUR)?\)?-?$/
const DMY_LIKE = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})/

/** Amount unit, date order and currency from the header and the first data rows. */
export function decide(headers: readonly string[], mapped: Partial<Record<Field, number>>, data: ReadonlyArray<readonly string[]>): AutoDecisions {
  const sample = data.slice(0, 500)
  const cellsOf = (f: Field) => (mapped[f] === undefined ? [] : sample.map((r) => (r[mapped[f]!] ?? '').trim().replace(/^="?|"$/g, '')).filter((v) => v !== ''))
  const amountHeader = mapped.amount === undefined ? '' : headers[mapped.amount]!.toLowerCase()
  let amountUnit: 'major' | 'cents' = 'major'
  let amountUnitReason: string
  const amounts = cellsOf('amount')
  if (/cent|minor|分\)|（分）|\(分\)/.test(amountHeader)) {
    amountUnit = 'cents'
    amountUnitReason = 'header says cents'
  } else if (/元|yuan|cny|eur|€|major/.test(amountHeader)) amountUnitReason = 'header says yuan'
  else if (amounts.some((a) => DECIMALS.test(a))) amountUnitReason = 'decimals in the data'
  else if (amounts.length > 0 && amounts.every((a) => WHOLE.test(a))) {
    const digits = amounts.map((a) => Number(a.replace(/[^\d]/g, '')))
    if (digits.every((n) => n % 100 === 0)) amountUnitReason = 'whole numbers, all multiples of 100: read as yuan'
    else {
      amountUnit = 'cents'
      amountUnitReason = 'whole numbers, not all multiples of 100: read as cents'
    }
  } else amountUnitReason = 'no sample: yuan'

  let dateOrder: 'YMD' | 'DMY' | 'MDY' = 'YMD'
  let dateOrderReason = 'year first'
  const dates = cellsOf(mapped.date !== undefined ? 'date' : 'dateTime')
  const dm = dates.map((d) => DMY_LIKE.exec(d)).filter((x): x is RegExpExecArray => x !== null)
  if (dm.length > 0) {
    const firstOver12 = dm.some((m) => Number(m[1]) > 12)
    const secondOver12 = dm.some((m) => Number(m[2]) > 12)
    if (dm.some((m) => m[0].includes('.'))) [dateOrder, dateOrderReason] = ['DMY', 'dotted dates are day first']
    else if (firstOver12 && !secondOver12) [dateOrder, dateOrderReason] = ['DMY', 'a first number above 12']
    else if (secondOver12 && !firstOver12) [dateOrder, dateOrderReason] = ['MDY', 'a second number above 12']
    else [dateOrder, dateOrderReason] = ['DMY', 'undecided in the data: day first assumed']
  }
  // Chinese headers and no currency column: an acquirer in China pays in CNY
  const cjk = headers.some((h) => /[\u4e00-\u9fff]/.test(h))
  const defaultCurrency = mapped.currency === undefined && cjk ? 'CNY' : null
  return {amountUnit, amountUnitReason, dateOrder, dateOrderReason, noStatusColumn: false, defaultCurrency}
}

/** --map FIELD=HEADER (repeatable) → overrides; a bad entry is a usage error naming the fields. */
export function parseMapFlags(entries: readonly string[], usage: (message: string) => Error): MapOverrides {
  const out: MapOverrides = {}
  for (const e of entries) {
    const eq = e.indexOf('=')
    const field = eq > 0 ? e.slice(0, eq).trim() : ''
    const header = eq > 0 ? e.slice(eq + 1).trim() : ''
    if (!(FIELDS as readonly string[]).includes(field) || header === '') throw usage(`--map "${e}": FIELD=HEADER with FIELD one of ${FIELDS.join(', ')}`)
    out[field as Field] = header
  }
  return out
}

/** "TID←TID, traceNumber←Trace No, …; amounts in yuan (decimals in the data), dates DMY (…)" for the text output. */
export function mappingLine(layout: {columns: Partial<Record<Field, string>>; decisions?: AutoDecisions; overridden?: Field[]; netColumn?: string}, zh: boolean): string {
  const cols = (Object.entries(layout.columns) as Array<[Field, string]>).map(([f, h]) => `${f}←${h}${layout.overridden?.includes(f) ? ' (--map)' : ''}`).join(', ')
  const d = layout.decisions
  const parts = [cols]
  if (d) {
    parts.push(zh ? `金额单位 ${d.amountUnit === 'cents' ? '分' : '元'}(${d.amountUnitReason})` : `amounts in ${d.amountUnit === 'cents' ? 'cents' : 'major units'} (${d.amountUnitReason})`)
    parts.push(zh ? `日期顺序 ${d.dateOrder}(${d.dateOrderReason})` : `dates ${d.dateOrder} (${d.dateOrderReason})`)
    if (d.noStatusColumn) parts.push(zh ? '无清算状态列：全部视为已清算' : 'no status column: every row settled')
  }
  if (layout.netColumn) parts.push(zh ? `${layout.netColumn} 不读取(金额取交易金额)` : `${layout.netColumn} not read (the gross amount is)`)
  return parts.join('; ')
}
