/**
 * Import one CSV export (terminal journal, posdoc transaction list, acquirer settlement file)
 * as a stream of normalised TxRecords. Layout first (encoding, delimiter, header line, profile)
 * from a sample, then the whole file through csv-parse, one row at a time. Every row either
 * becomes a record, is counted as a totals/blank line, or is reported as bad with its line
 * number and reason; nothing is dropped silently.
 */
import {stat} from 'node:fs/promises'
import {parse as parseSync} from 'csv-parse/sync'

import {getLang, type Lang} from '../i18n/index.js'
import {zvtHostCodeToIso} from '../knowledge/explain.js'
import {normaliseResponseCode} from '../knowledge/response-codes.js'
import {PosdocError} from '../output/errors.js'
import {ExitCode} from '../output/exit-codes.js'
import {scrubPanText} from '../terminal/wire-log.js'
import {mapColumns, missingRequired, profileScore, vocabulary, type CsvProfile, type Field} from './profiles.js'
import {readCsv} from './reader.js'
import {emptyRecord, normaliseCurrency, type TxRecord} from './record.js'
import {importText as IT, rowText as RT, tr} from './recon-text.js'
import {sniffFile, type Delimiter, type FileEncoding, type Sniffed} from './sniff.js'
import {maskPan, parseAmount, parseDate, parseDateTime, parseTime} from './values.js'

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
  /** how many bad rows to list (all are counted) */
  maxBadRows?: number
  onRecord(r: TxRecord): void
  /** the layout, before the first record (sizes buffers) */
  onLayout?: (layout: ImportLayout) => void
  backpressure?: () => Promise<void> | undefined
  onBytes?: (bytes: number, total: number) => void
}

const HEADER_SEARCH_LINES = 30

function importError(code: string, message: string, remedy: string, details?: Record<string, unknown>): PosdocError {
  return new PosdocError({code, exitCode: ExitCode.Usage, message, remedy, ...(details ? {details} : {})})
}

/** Work out encoding, delimiter, header line and profile from the start of the file. */
export async function detectLayout(file: string, opts: Pick<ImportOptions, 'profiles' | 'profile' | 'kind' | 'encoding' | 'lang'>): Promise<{layout: ImportLayout; profile: CsvProfile; headers: string[]}> {
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
  const candidates = opts.profile ? [opts.profile] : opts.profiles.filter((p) => !opts.kind || p.kind === opts.kind)
  let best: {profile: CsvProfile; row: {cells: string[]; line: number}; score: number; mapped: Partial<Record<Field, number>>} | undefined
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
  }
  return {layout, profile: best.profile, headers}
}

function sampleRows(s: Sniffed): Array<{cells: string[]; line: number}> {
  const out: Array<{cells: string[]; line: number}> = []
  try {
    parseSync(s.lines.slice(0, HEADER_SEARCH_LINES + 5).join('\n'), {
      delimiter: s.delimiter,
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
    // a sample that csv-parse cannot read at all: no header found, reported by the caller
  }
  return out
}

/** Import a whole file; returns its layout and counts. Throws (exit 2) only when nothing usable was read. */
export async function importFile(file: string, opts: ImportOptions): Promise<{layout: ImportLayout; stats: ImportStats}> {
  const lang = opts.lang ?? getLang()
  const {layout, profile, headers} = await detectLayout(file, opts)
  opts.onLayout?.(layout)
  const normalise = makeNormaliser(profile, headers, lang)
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
      // the header row is read again and skipped: csv-parse's line counter then matches the file
      fromLine: layout.headerLine,
      onRow: (cells, line) => {
        if (line <= layout.headerLine) return
        stats.rows++
        const r = normalise(cells, line)
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

export function makeNormaliser(profile: CsvProfile, headers: readonly string[], lang: Lang): (cells: string[], line: number) => RowResult {
  const m = mapColumns(profile, headers)
  const width = headers.length
  const need = Math.max(...(['terminalId', 'amount', 'traceNumber', 'receiptNumber', 'dateTime', 'date'] as const).map((f) => m[f] ?? -1)) + 1
  const F = RT.field[lang]
  const prefixes = profile.summaryRowPrefixes
  const settlement = profile.kind === 'settlement'
  const vocab = vocabulary(profile)
  const used = [...new Set(Object.values(m))]
  const currencies = new Map<string, string>()
  const currency = (raw: string) => {
    let c = currencies.get(raw)
    if (c === undefined) {
      c = normaliseCurrency(raw) || (profile.defaultCurrency ?? '')
      if (currencies.size < 100) currencies.set(raw, c)
    }
    return c
  }
  // PAN-like runs need 13+ characters: shorter cells cannot hide one
  const scrub = (v: string) => (v.length >= 13 ? scrubPanText(v) : v)
  const get = (cells: string[], f: Field): string => {
    const i = m[f]
    return i === undefined ? '' : clean(cells[i])
  }
  const int = (cells: string[], f: Field, what: string): number | null | string => {
    const v = get(cells, f)
    if (v === '') return null
    let n = 0
    for (let k = 0; k < v.length; k++) {
      const d = v.charCodeAt(k) - 48
      if (d < 0 || d > 9 || k >= 12) return tr(RT.notNumber, lang)(what, v)
      n = n * 10 + d
    }
    return n
  }

  return (cells, line) => {
    void line
    let firstCell = ''
    for (const c of cells) {
      if (c.trim() !== '') {
        firstCell = c.trim()
        break
      }
    }
    if (firstCell === '') return 'blank'
    if (prefixes.some((p) => firstCell.startsWith(p))) return 'summary'
    if (cells.length < need) return tr(RT.columns, lang)(cells.length, width)
    for (const i of used) if (cells[i]?.includes('\uFFFD')) return tr(RT.garbled, lang)

    const r = emptyRecord(line)
    r.terminalId = get(cells, 'terminalId')
    if (r.terminalId === '') return tr(RT.noTid, lang)

    const trace = int(cells, 'traceNumber', F.trace)
    if (typeof trace === 'string') return trace
    const receipt = int(cells, 'receiptNumber', F.receipt)
    if (typeof receipt === 'string') return receipt
    if (trace === null && receipt === null) return tr(RT.noKey, lang)
    r.traceNumber = trace
    r.receiptNumber = receipt
    const batch = int(cells, 'batchNumber', F.batch)
    if (typeof batch === 'string') return batch
    r.batchNumber = batch
    const turnover = int(cells, 'turnoverNumber', F.turnover)
    if (typeof turnover === 'string') return turnover
    r.turnoverNumber = turnover
    const orig = int(cells, 'originalTraceNumber', F.originalTrace)
    if (typeof orig === 'string') return orig
    r.originalTraceNumber = orig

    // date and time: one column, or a date column plus an optional time column
    if (m.dateTime !== undefined) {
      const raw = get(cells, 'dateTime')
      const dt = parseDateTime(raw, profile.dateOrder)
      if (!dt.ok) return tr(RT.badValue, lang)(F.date, raw, dt.reason)
      r.day = dt.value.day
      r.sec = dt.value.sec
    } else {
      const raw = get(cells, 'date')
      const dt = parseDateTime(raw, profile.dateOrder)
      if (!dt.ok) return tr(RT.badValue, lang)(F.date, raw, dt.reason)
      r.day = dt.value.day
      r.sec = dt.value.sec
      const rawTime = get(cells, 'time')
      if (rawTime !== '') {
        const t = parseTime(rawTime)
        if (!t.ok) return tr(RT.badValue, lang)(F.time, rawTime, t.reason)
        r.sec = t.value
      }
    }

    const rawAmount = get(cells, 'amount')
    const amount = parseAmount(rawAmount, profile.amountUnit, profile.decimalComma)
    if (!amount.ok) return tr(RT.badValue, lang)(F.amount, rawAmount, amount.reason)
    r.amountCents = Math.abs(amount.value)

    const rawType = get(cells, 'type')
    r.type = vocab.type(rawType) ?? (rawType === '' ? (amount.value < 0 ? 'refund' : 'sale') : 'other')

    r.currency = currency(get(cells, 'currency'))
    const pan = get(cells, 'panMasked')
    r.panMasked = pan === '' ? '' : (maskPan(pan)?.masked ?? '')
    r.cardType = scrub(get(cells, 'cardType'))
    r.authCode = scrub(get(cells, 'authCode')).toUpperCase()
    r.rrn = scrub(get(cells, 'rrn'))
    r.merchantId = get(cells, 'merchantId')
    const open = get(cells, 'batchOpen')
    r.batchOpen = YES.test(open) ? true : NO.test(open) ? false : null

    // result code: ZVT host codes 01-63 are ISO codes in disguise (0x33 = "51")
    const rawCode = get(cells, 'resultCode')
    const scheme = (get(cells, 'resultScheme') || profile.resultCodes) === 'zvt' ? 'zvt' : 'iso8583'
    if (rawCode !== '') {
      if (scheme === 'zvt' && /^[0-9A-Fa-f]{1,2}$/.test(rawCode)) {
        const n = parseInt(rawCode, 16)
        const iso = zvtHostCodeToIso(n)
        r.resultCode = iso ?? n.toString(16).toUpperCase().padStart(2, '0')
        r.resultScheme = iso !== undefined || n === 0 ? 'iso8583' : 'zvt'
        if (n === 0) r.resultCode = '00'
      } else {
        r.resultCode = normaliseResponseCode(scrub(rawCode))
        r.resultScheme = scheme
      }
    }

    const rawState = get(cells, 'state')
    r.state = vocab.state(rawState) ?? (rawState !== '' ? 'unknown' : r.resultCode === '' || r.resultCode === '00' ? 'approved' : 'declined')

    if (settlement) {
      const rawStatus = get(cells, 'settlementStatus')
      const status = m.settlementStatus === undefined || rawStatus === '' ? 'settled' : vocab.status(rawStatus)
      if (!status) return tr(RT.unknownStatus, lang)(rawStatus)
      r.settlementStatus = status
      const rawSd = get(cells, 'settlementDate')
      if (rawSd !== '') {
        const sd = parseDate(rawSd.split(/[\sT]/)[0]!, profile.dateOrder)
        if (!sd.ok) return tr(RT.badValue, lang)(F.settlementDate, rawSd, sd.reason)
        r.settlementDay = sd.value
      }
      const rawFee = get(cells, 'fee')
      if (rawFee !== '') {
        const fee = parseAmount(rawFee, profile.amountUnit, profile.decimalComma)
        if (!fee.ok) return tr(RT.badValue, lang)(F.fee, rawFee, fee.reason)
        r.feeCents = Math.abs(fee.value)
      }
    }
    return r
  }
}
