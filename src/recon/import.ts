/**
 * Import one CSV export (terminal journal, posdoc transaction list, acquirer settlement file)
 * as a stream of normalised TxRecords. Layout first (encoding, delimiter, header line, profile)
 * from a sample (csv-parse), then the whole file through the byte-level CsvScanner, one row at a
 * time, numbers and dates read from the bytes. Every row either
 * becomes a record, is counted as a totals/blank line, or is reported as bad with its line
 * number and reason; nothing is dropped silently.
 */
import {stat} from 'node:fs/promises'
import {parse as parseSync} from 'csv-parse/sync'

import {getLang, type Lang} from '../i18n/index.js'
import {zvtHostCodeToIso, type CodeScheme} from '../knowledge/explain.js'
import {normaliseResponseCode} from '../knowledge/response-codes.js'
import {PosdocError} from '../output/errors.js'
import {ExitCode} from '../output/exit-codes.js'
import {scrubPanText} from '../terminal/wire-log.js'
import {autoProfile, netColumn, type AutoDecisions, type MapOverrides} from './auto-map.js'
import {mapColumns, missingRequired, normaliseHeader, profileScore, vocabulary, type Field} from './profile-match.js'
import type {CsvProfile} from './profiles.js'
import type {CsvRow} from './csv-scan.js'
import {readCsv} from './reader.js'
import {emptyRecord, normaliseCurrency, resetRecord, type TxRecord} from './record.js'
import {importText as IT, rowText as RT, tr} from './recon-text.js'
import {sniffFile, type Delimiter, type FileEncoding, type Sniffed} from './sniff.js'
import {digitsAt, isoLocalAt, timeAt, maskPan, standardMaskAt, parseAmount, parseDate, parseDateTime, parseTime, plainAmountAt, type DayTime, type Parsed} from './values.js'

export type FileKind = 'journal' | 'settlement'

export interface ImportLayout {
  file: string
  size: number
  profile: string
  kind: FileKind
  encoding: FileEncoding
  encodingReason: Sniffed['encodingReason']
  delimiter: Delimiter
  /** 1-based line of the header row */
  headerLine: number
  /** field → header it was read from */
  columns: Partial<Record<Field, string>>
  /** headers no field reads (kept out of the result, listed so nothing is hidden) */
  ignoredColumns: string[]
  /** estimated number of data rows (file size / average line length of the sample) */
  estimatedRows: number
  /** 'profile': a named profile fits; 'header-words': no profile fits, columns recognised from the header (profile "auto") */
  mappedBy: 'profile' | 'header-words'
  /** how the data was read when mapped by header words (amount unit, date order: decided from the data) */
  decisions?: AutoDecisions
  /** fields whose column --map named */
  overridden?: Field[]
  /** the net-amount column (清算金额), shown but not read: the amount is the gross */
  netColumn?: string
}

export interface BadRow {
  line: number
  reason: string
}

export interface ImportStats {
  /** data rows seen (after the header) */
  rows: number
  usable: number
  bad: number
  /** totals lines ("合计", "Total") recognised and skipped */
  summaryRows: number
  /** rows with every cell empty */
  blankRows: number
  /** the first bad rows (all are counted in `bad`) */
  badRows: BadRow[]
}

export interface ImportOptions {
  profiles: readonly CsvProfile[]
  /** use this profile (no detection) */
  profile?: CsvProfile
  /** only consider profiles of this kind */
  kind?: FileKind
  encoding?: FileEncoding | 'gbk'
  lang?: Lang
  /** --map FIELD=HEADER: these columns, whatever a profile or the header words say */
  map?: MapOverrides
  /** how many bad rows to list (all are counted) */
  maxBadRows?: number
  onRecord(r: TxRecord): void
  /** one record object for every row: onRecord must not keep it (packing into blocks does not) */
  reuseRecords?: boolean
  /** blocking reads (worker threads only: see readCsv) */
  blockingReads?: boolean
  /** the layout, before the first record (sizes buffers) */
  onLayout?: (layout: ImportLayout) => void
  backpressure?: () => Promise<void> | undefined
  onBytes?: (bytes: number, total: number) => void
}

const HEADER_SEARCH_LINES = 30
/** lines of the sample parsed: the header search plus data rows for the mapping's decisions */
const SAMPLE_LINES = 500

function importError(code: string, message: string, remedy: string, details?: Record<string, unknown>): PosdocError {
  return new PosdocError({code, exitCode: ExitCode.Usage, message, remedy, ...(details ? {details} : {})})
}

/** Work out encoding, delimiter, header line and profile from the start of the file. */
export async function detectLayout(file: string, opts: Pick<ImportOptions, 'profiles' | 'profile' | 'kind' | 'encoding' | 'lang' | 'map'>): Promise<{layout: ImportLayout; profile: CsvProfile; headers: string[]}> {
  const lang = opts.lang ?? getLang()
  let size: number
  try {
    size = (await stat(file)).size
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code
    if (code === 'ENOENT') throw importError('IMPORT_NOT_FOUND', tr(IT.notFound, lang)(file), tr(IT.notFoundRemedy, lang))
    throw importError('IMPORT_UNREADABLE', tr(IT.unreadable, lang)(file, (e as Error).message), tr(IT.notFoundRemedy, lang))
  }
  if (size === 0) throw importError('IMPORT_EMPTY', tr(IT.empty, lang)(file), tr(IT.emptyRemedy, lang))

  const forcedEncoding = opts.encoding ?? (opts.profile && opts.profile.encoding !== 'auto' ? opts.profile.encoding : undefined)
  const forcedDelimiter = opts.profile && opts.profile.delimiter !== 'auto' ? opts.profile.delimiter : undefined
  const sniffed = await sniffFile(file, {...(forcedEncoding ? {encoding: forcedEncoding} : {}), ...(forcedDelimiter ? {delimiter: forcedDelimiter} : {})})
  if (sniffed.lines.every((l) => l.trim() === '')) throw importError('IMPORT_EMPTY', tr(IT.empty, lang)(file), tr(IT.emptyRemedy, lang))

  const rows = sampleRows(sniffed)
  const map = opts.map ?? {}
  const withMap = (p: CsvProfile): CsvProfile => (Object.keys(map).length === 0 ? p : {...p, columns: {...p.columns, ...map}})
  const candidates = (opts.profile ? [opts.profile] : opts.profiles.filter((p) => !opts.kind || p.kind === opts.kind)).map(withMap)
  let best: {profile: CsvProfile; row: {cells: string[]; line: number}; score: number; mapped: Partial<Record<Field, number>>} | undefined
  let decisions: AutoDecisions | undefined
  let closest: {profile: CsvProfile; missing: string[]} | undefined
  for (const row of rows.slice(0, HEADER_SEARCH_LINES)) {
    for (const profile of candidates) {
      const mapped = mapColumns(profile, row.cells)
      const missing = missingRequired(profile, mapped)
      if (missing.length > 0) {
        if (!closest || missing.length < closest.missing.length) closest = {profile, missing}
        continue
      }
      const score = profileScore(profile, mapped)
      // earlier lines win ties: the header comes before the data; user profiles come first in the list
      if (!best || score > best.score) best = {profile, row, score, mapped}
    }
    if (best) break
  }
  if (!best && !opts.profile) {
    // no profile fits: recognise the columns from their header words
    const auto = autoProfile(rows, opts.kind, map, HEADER_SEARCH_LINES)
    if ('profile' in auto) {
      best = {profile: auto.profile, row: auto.row, score: 1, mapped: auto.mapped}
      decisions = auto.decisions
    } else {
      const hint = sniffed.garbled ? ` ${tr(IT.garbledHint, lang)(sniffed.encoding)}` : ''
      const seen = scrubPanText(auto.headers.filter((h) => h !== '').slice(0, 20).join(' | ')).slice(0, 300)
      throw importError('IMPORT_UNKNOWN_COLUMNS', tr(IT.unmappable, lang)(file, auto.missing.join(', '), seen) + hint, tr(IT.unknownColumnsRemedy, lang), {
        encoding: sniffed.encoding,
        missing: auto.missing,
        headers: auto.headers,
      })
    }
  }
  if (!best) {
    const first = rows.find((r) => r.cells.some((c) => c.trim() !== ''))
    const shown = scrubPanText((first?.cells ?? []).slice(0, 12).join(' | ')).slice(0, 200)
    const hint = sniffed.garbled ? ` ${tr(IT.garbledHint, lang)(sniffed.encoding)}` : ''
    if (opts.profile && closest) {
      throw importError('IMPORT_PROFILE_MISMATCH', tr(IT.profileDoesNotFit, lang)(file, opts.profile.name, closest.missing.join(', ')) + hint, tr(IT.unknownColumnsRemedy, lang))
    }
    throw importError('IMPORT_UNKNOWN_COLUMNS', tr(IT.unknownColumns, lang)(file, shown) + hint, tr(IT.unknownColumnsRemedy, lang), {encoding: sniffed.encoding})
  }
  if (opts.kind && best.profile.kind !== opts.kind) {
    throw importError('IMPORT_WRONG_KIND', tr(IT.wrongKind, lang)(file, best.profile.name, best.profile.kind, opts.kind), tr(IT.unknownColumnsRemedy, lang))
  }
  const headers = best.row.cells
  const columns: Partial<Record<Field, string>> = {}
  for (const [f, i] of Object.entries(best.mapped) as Array<[Field, number]>) columns[f] = headers[i]!.trim()
  const used = new Set(Object.values(best.mapped))
  const layout: ImportLayout = {
    file,
    size,
    profile: best.profile.name,
    kind: best.profile.kind,
    encoding: sniffed.encoding,
    encodingReason: sniffed.encodingReason,
    delimiter: sniffed.delimiter,
    headerLine: best.row.line,
    columns,
    ignoredColumns: headers.filter((h, i) => !used.has(i) && h.trim() !== '').map((h) => h.trim()),
    estimatedRows: Math.ceil(size / sniffed.avgLineBytes),
    mappedBy: decisions ? 'header-words' : 'profile',
    ...(decisions ? {decisions} : {}),
  }
  const overridden = (Object.keys(map) as Field[]).filter((f) => best.mapped[f] !== undefined && normaliseHeader(columns[f]!) === normaliseHeader(map[f]!))
  if (overridden.length > 0) layout.overridden = overridden
  const net = netColumn(headers)
  if (net >= 0 && !used.has(net)) layout.netColumn = headers[net]!.trim()
  return {layout, profile: best.profile, headers}
}

/** The header search looks at the first 30 rows; the rest of the sample is data for the mapping's decisions (amount unit, date order). */
function sampleRows(s: Sniffed): Array<{cells: string[]; line: number}> {
  return csvRows(s.lines.slice(0, SAMPLE_LINES).join('\n'), s.delimiter)
}

/** Rows of a small CSV text (a sample, a bank statement) with their physical line numbers; unreadable rows are skipped. */
export function csvRows(text: string, delimiter: Delimiter): Array<{cells: string[]; line: number}> {
  const out: Array<{cells: string[]; line: number}> = []
  try {
    parseSync(text, {
      delimiter,
      bom: true,
      relax_column_count: true,
      relax_quotes: true,
      skip_records_with_error: true,
      on_record: (cells: string[], ctx: {lines: number}) => {
        out.push({cells, line: ctx.lines})
        return null
      },
    })
  } catch {
    // a text that csv-parse cannot read at all: no header found, reported by the caller
  }
  return out
}

/** Import a whole file; returns its layout and counts. Throws (exit 2) only when nothing usable was read. */
export async function importFile(file: string, opts: ImportOptions): Promise<{layout: ImportLayout; stats: ImportStats}> {
  const lang = opts.lang ?? getLang()
  const {layout, profile, headers} = await detectLayout(file, opts)
  opts.onLayout?.(layout)
  const normalise = makeNormaliser(profile, headers, lang, {reuseRecord: opts.reuseRecords === true})
  const maxBad = opts.maxBadRows ?? 100
  const stats: ImportStats = {rows: 0, usable: 0, bad: 0, summaryRows: 0, blankRows: 0, badRows: []}
  const bad = (line: number, reason: string) => {
    stats.bad++
    if (stats.badRows.length < maxBad) stats.badRows.push({line, reason: scrubPanText(reason)})
  }
  try {
    await readCsv(file, {
      encoding: layout.encoding,
      delimiter: layout.delimiter,
      // rows from the header line on; the header itself is skipped below (line numbers stay physical)
      fromLine: layout.headerLine,
      onRow: (row) => {
        const line = row.line
        if (line <= layout.headerLine) return
        stats.rows++
        const r = normalise(row)
        if (r === 'blank') stats.blankRows++
        else if (r === 'summary') stats.summaryRows++
        else if (typeof r === 'string') bad(line, r)
        else {
          stats.usable++
          opts.onRecord(r)
        }
      },
      onBadRecord: (line, reason) => {
        stats.rows++
        bad(line, reason)
      },
      ...(opts.backpressure ? {backpressure: opts.backpressure} : {}),
      ...(opts.onBytes ? {onBytes: (b: number) => opts.onBytes!(b, layout.size)} : {}),
      ...(opts.blockingReads ? {blocking: true} : {}),
    })
  } catch (e) {
    if (e instanceof PosdocError) throw e
    throw importError('IMPORT_CSV_BROKEN', tr(IT.csvBroken, lang)(file, (e as Error).message.split('\n')[0] ?? ''), tr(IT.nothingUsableRemedy, lang))
  }
  if (stats.usable === 0) {
    if (stats.bad === 0) throw importError('IMPORT_NO_ROWS', tr(IT.headerOnly, lang)(file), tr(IT.headerOnlyRemedy, lang), {layout})
    const first = stats.badRows[0]
    throw importError('IMPORT_NOTHING_USABLE', tr(IT.nothingUsable, lang)(file, stats.rows, first ? `line ${first.line}: ${first.reason}` : '?'), tr(IT.nothingUsableRemedy, lang), {
      badRows: stats.badRows.slice(0, 10),
    })
  }
  return {layout, stats}
}

// ---- row normalisation ----------------------------------------------------------------------------

type RowResult = TxRecord | 'blank' | 'summary' | string

/** Excel guards ="0012" and '0012 keep leading zeros; they are not part of the value. */
function clean(v: string | undefined): string {
  if (v === undefined || v === '') return ''
  const first = v.charCodeAt(0)
  const last = v.charCodeAt(v.length - 1)
  // the common case: nothing to strip (no space, tab, = or ' at either end)
  if (first > 32 && first !== 61 && first !== 39 && last > 32) return v
  let s = v.trim()
  if (s.startsWith('="') && s.endsWith('"')) s = s.slice(2, -1)
  else if (s.startsWith("'") || s.startsWith('\t')) s = s.slice(1)
  return s.trim()
}

const YES = /^(yes|y|true|1|是|open)$/i
const NO = /^(no|n|false|0|否|closed)$/i

/** `buf` holds the bytes of `needle` at offset `at` (the caller checks there is room). */
function bytesAt(buf: Uint8Array, at: number, needle: Uint8Array): boolean {
  for (let k = 0; k < needle.length; k++) if (buf[at + k] !== needle[k]) return false
  return true
}

/**
 * Raw cell bytes → a derived value, remembered per distinct byte string (terminal IDs, merchant
 * IDs, types, states, codes repeat on every row: they are decoded and looked up once, not 1M times).
 * Cells that are not plain bytes, and more than `cap` distinct values, go the string way each time.
 */
class CellMemo<T> {
  private readonly byHash = new Map<number, {bytes: Buffer; value: T}>()
  constructor(
    private readonly compute: (text: string) => T,
    private readonly cap = 4096,
  ) {}

  private last: {bytes: Buffer; value: T} | undefined

  get(row: CsvRow, i: number): T {
    if (!row.isRaw(i)) return this.compute(row.text(i))
    const buf = row.buf
    const s = row.cellStart(i)
    const e = row.cellEnd(i)
    // most often the same bytes as the row before
    const last = this.last
    if (last !== undefined && last.bytes.length === e - s && bytesAt(buf, s, last.bytes)) return last.value
    // FNV-1a over the bytes, with the length mixed in
    let h = 0x811c9dc5 ^ (e - s)
    for (let k = s; k < e; k++) h = Math.imul(h ^ buf[k]!, 0x01000193)
    const hit = this.byHash.get(h)
    if (hit !== undefined && hit.bytes.length === e - s && bytesAt(buf, s, hit.bytes)) {
      this.last = hit
      return hit.value
    }
    const value = this.compute(row.text(i))
    if (hit === undefined && this.byHash.size < this.cap) {
      const entry = {bytes: Buffer.from(buf.subarray(s, e)), value}
      this.byHash.set(h, entry)
      this.last = entry
    }
    return value
  }
}

/** `reuseRecord`: one record object serves every row (the caller copies what it needs before the next row). */
export function makeNormaliser(profile: CsvProfile, headers: readonly string[], lang: Lang, opts: {reuseRecord?: boolean} = {}): (row: CsvRow) => RowResult {
  const reused = opts.reuseRecord ? emptyRecord(0) : undefined
  const m = mapColumns(profile, headers)
  const width = headers.length
  const need = Math.max(...(['terminalId', 'amount', 'traceNumber', 'receiptNumber', 'dateTime', 'date'] as const).map((f) => m[f] ?? -1)) + 1
  const F = RT.field[lang]
  const prefixes = profile.summaryRowPrefixes
  const settlement = profile.kind === 'settlement'
  const vocab = vocabulary(profile)
  const used = [...new Set(Object.values(m))]
  // PAN-like runs need 13+ characters: shorter cells cannot hide one
  const scrub = (v: string) => (v.length >= 13 ? scrubPanText(v) : v)
  // column of each field, -1 when the file has none (looked up once, not per row)
  const col = (f: Field): number => m[f] ?? -1
  const C = {
    trace: col('traceNumber'),
    receipt: col('receiptNumber'),
    batch: col('batchNumber'),
    turnover: col('turnoverNumber'),
    originalTrace: col('originalTraceNumber'),
    when: col(m.dateTime !== undefined ? 'dateTime' : 'date'),
    time: col('time'),
    amount: col('amount'),
    fee: col('fee'),
    pan: col('panMasked'),
    authCode: col('authCode'),
    rrn: col('rrn'),
  }
  const get = (row: CsvRow, i: number): string => (i < 0 ? '' : clean(row.text(i)))
  const memo = <T>(f: Field, compute: (cleaned: string) => T) => {
    const i = col(f)
    const cache = new CellMemo((text) => compute(clean(text)))
    const none = compute('')
    return (row: CsvRow): T => (i < 0 || i >= row.count ? none : cache.get(row, i))
  }
  const int = (row: CsvRow, i: number, what: string): number | null | string => {
    if (i < 0) return null
    if (row.isRaw(i)) {
      const n = digitsAt(row.buf, row.cellStart(i), row.cellEnd(i))
      if (n >= 0) return n
    }
    const v = get(row, i)
    if (v === '') return null
    let n = 0
    for (let k = 0; k < v.length; k++) {
      const d = v.charCodeAt(k) - 48
      if (d < 0 || d > 9 || k >= 12) return tr(RT.notNumber, lang)(what, v)
      n = n * 10 + d
    }
    return n
  }
  const amountOf = (row: CsvRow, i: number): Parsed<number> & {raw?: string} => {
    if (i >= 0 && row.isRaw(i)) {
      const cents = plainAmountAt(row.buf, row.cellStart(i), row.cellEnd(i), profile.amountUnit, profile.decimalComma)
      if (cents >= 0) return {ok: true, value: cents}
    }
    const raw = get(row, i)
    return {...parseAmount(raw, profile.amountUnit, profile.decimalComma), raw}
  }
  // a date-only column holds a few dozen distinct days: each is parsed once
  const dateOnly = m.dateTime === undefined ? memo('date', (raw): Parsed<DayTime> & {raw?: string} => ({...parseDateTime(raw, profile.dateOrder), raw})) : undefined
  const dateTimeOf = (row: CsvRow, i: number): Parsed<DayTime> & {raw?: string} => {
    if (dateOnly) return dateOnly(row)
    if (i >= 0 && row.isRaw(i)) {
      const fast = isoLocalAt(row.buf, row.cellStart(i), row.cellEnd(i))
      if (fast) return {ok: true, value: fast}
    }
    const raw = get(row, i)
    return {...parseDateTime(raw, profile.dateOrder), raw}
  }

  const terminalIdOf = memo('terminalId', (v) => v)
  const merchantIdOf = memo('merchantId', (v) => v)
  const typeOf = memo('type', (v) => ({raw: v, type: vocab.type(v)}))
  const currencyOf = memo('currency', (v) => normaliseCurrency(v) || (profile.defaultCurrency ?? ''))
  const cardTypeOf = memo('cardType', scrub)
  const batchOpenOf = memo('batchOpen', (v) => (YES.test(v) ? true : NO.test(v) ? false : null))
  const schemeOf = memo('resultScheme', (v) => ((v || profile.resultCodes) === 'zvt' ? 'zvt' : 'iso8583'))
  // result code: ZVT host codes 01-63 are ISO codes in disguise (0x33 = "51")
  const resultOf = (scheme: 'zvt' | 'iso8583') =>
    memo('resultCode', (rawCode): {code: string; scheme: CodeScheme} => {
      if (rawCode === '') return {code: '', scheme: 'iso8583'}
      if (scheme === 'zvt' && /^[0-9A-Fa-f]{1,2}$/.test(rawCode)) {
        const n = parseInt(rawCode, 16)
        const iso = zvtHostCodeToIso(n)
        if (n === 0) return {code: '00', scheme: 'iso8583'}
        return {code: iso ?? n.toString(16).toUpperCase().padStart(2, '0'), scheme: iso !== undefined ? 'iso8583' : 'zvt'}
      }
      return {code: normaliseResponseCode(scrub(rawCode)), scheme}
    })
  const resultZvt = resultOf('zvt')
  const resultIso = resultOf('iso8583')
  const stateOf = memo('state', (v) => ({raw: v, state: vocab.state(v)}))
  const statusOf = memo('settlementStatus', (v) => ({raw: v, status: v === '' ? ('settled' as const) : vocab.status(v)}))
  const settlementDayOf = memo('settlementDate', (v) => ({raw: v, day: v === '' ? undefined : parseDate(v.split(/[\sT]/)[0]!, profile.dateOrder)}))
  const prefixBytes = prefixes.map((p) => Buffer.from(p, 'utf8'))
  const firstBytes = new Uint8Array(256)
  for (const p of prefixBytes) {
    if (p.length > 0) firstBytes[p[0]!] = 1
    else firstBytes.fill(1) // an empty prefix (a user profile) matches every row
  }

  /** the row's first non-blank cell starts with a totals word ("合计", "Total") */
  const isSummary = (row: CsvRow, i: number): boolean => {
    if (prefixBytes.length === 0) return false
    if (row.isRaw(i)) {
      const buf = row.buf
      let s = row.cellStart(i)
      const e = row.cellEnd(i)
      while (s < e && buf[s]! <= 0x20) s++
      // ASCII first: compare bytes; otherwise (CJK, odd spaces) the text decides
      if (s < e && buf[s]! < 0x80) {
        // almost every row: its first byte starts no totals word at all
        if (firstBytes[buf[s]!] === 0) return false
        return prefixBytes.some((p) => e - s >= p.length && bytesAt(buf, s, p))
      }
    }
    const first = row.text(i).trim()
    return prefixes.some((p) => first.startsWith(p))
  }

  return (row) => {
    let firstCell = -1
    for (let i = 0; i < row.count; i++) {
      if (!row.isBlank(i)) {
        firstCell = i
        break
      }
    }
    if (firstCell < 0) return 'blank'
    if (isSummary(row, firstCell)) return 'summary'
    if (row.count < need) return tr(RT.columns, lang)(row.count, width)
    if (row.mayHaveReplacement) for (const i of used) if (row.text(i).includes('\uFFFD')) return tr(RT.garbled, lang)

    const r = reused ? resetRecord(reused, row.line) : emptyRecord(row.line)
    r.terminalId = terminalIdOf(row)
    if (r.terminalId === '') return tr(RT.noTid, lang)

    const trace = int(row, C.trace, F.trace)
    if (typeof trace === 'string') return trace
    const receipt = int(row, C.receipt, F.receipt)
    if (typeof receipt === 'string') return receipt
    if (trace === null && receipt === null) return tr(RT.noKey, lang)
    r.traceNumber = trace
    r.receiptNumber = receipt
    const batch = int(row, C.batch, F.batch)
    if (typeof batch === 'string') return batch
    r.batchNumber = batch
    const turnover = int(row, C.turnover, F.turnover)
    if (typeof turnover === 'string') return turnover
    r.turnoverNumber = turnover
    const orig = int(row, C.originalTrace, F.originalTrace)
    if (typeof orig === 'string') return orig
    r.originalTraceNumber = orig

    // date and time: one column, or a date column plus an optional time column
    const dt = dateTimeOf(row, C.when)
    if (!dt.ok) return tr(RT.badValue, lang)(F.date, dt.raw ?? '', dt.reason)
    r.day = dt.value.day
    r.sec = dt.value.sec
    const fastTime = C.time >= 0 && C.time < row.count && row.isRaw(C.time) ? timeAt(row.buf, row.cellStart(C.time), row.cellEnd(C.time)) : -1
    if (fastTime >= 0) r.sec = fastTime
    else if (m.dateTime === undefined) {
      const rawTime = get(row, C.time)
      if (rawTime !== '') {
        const t = parseTime(rawTime)
        if (!t.ok) return tr(RT.badValue, lang)(F.time, rawTime, t.reason)
        r.sec = t.value
      }
    }

    const amount = amountOf(row, C.amount)
    if (!amount.ok) return tr(RT.badValue, lang)(F.amount, amount.raw ?? '', amount.reason)
    r.amountCents = Math.abs(amount.value)

    const type = typeOf(row)
    r.type = type.type ?? (type.raw === '' ? (amount.value < 0 ? 'refund' : 'sale') : 'other')

    r.currency = currencyOf(row)
    if (C.pan >= 0 && row.isRaw(C.pan) && standardMaskAt(row.buf, row.cellStart(C.pan), row.cellEnd(C.pan))) r.panMasked = row.text(C.pan)
    else {
      const pan = get(row, C.pan)
      r.panMasked = pan === '' ? '' : (maskPan(pan)?.masked ?? '')
    }
    r.cardType = cardTypeOf(row)
    r.authCode = scrub(get(row, C.authCode)).toUpperCase()
    r.rrn = scrub(get(row, C.rrn))
    r.merchantId = merchantIdOf(row)
    r.batchOpen = batchOpenOf(row)

    const result = (schemeOf(row) === 'zvt' ? resultZvt : resultIso)(row)
    r.resultCode = result.code
    r.resultScheme = result.scheme

    const state = stateOf(row)
    r.state = state.state ?? (state.raw !== '' ? 'unknown' : r.resultCode === '' || r.resultCode === '00' ? 'approved' : 'declined')

    if (settlement) {
      const status = m.settlementStatus === undefined ? {raw: '', status: 'settled' as const} : statusOf(row)
      if (!status.status) return tr(RT.unknownStatus, lang)(status.raw)
      r.settlementStatus = status.status
      const sd = settlementDayOf(row)
      if (sd.day) {
        if (!sd.day.ok) return tr(RT.badValue, lang)(F.settlementDate, sd.raw, sd.day.reason)
        r.settlementDay = sd.day.value
      }
      if (C.fee >= 0) {
        const fee = amountOf(row, C.fee)
        if (fee.ok) r.feeCents = Math.abs(fee.value)
        else if (fee.raw !== '') return tr(RT.badValue, lang)(F.fee, fee.raw ?? '', fee.reason)
      }
    }
    return r
  }
}
