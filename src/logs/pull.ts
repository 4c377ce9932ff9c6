/**
 * `logs pull`: collect everything a terminal can tell about its transactions over ZVT and write
 * it to one folder: a normalised transaction list plus the raw evidence.
 *
 * - journal: Read File 01 where the terminal offers it (file kept as received, card numbers
 *   masked if a terminal ever sent them in clear), else the journal printout (Repeat Receipt
 *   TLV 1F01 = 05) kept verbatim and parsed best-effort
 * - the last transaction's status information (Repeat Receipt, service bits 0 + 1: the PT sends
 *   its last 04 0F again and prints nothing)
 * - turnover totals of the open batch (06 10), which also tell which batch is still open
 * - posdoc's own masked wire log of this session (and earlier ones for this terminal, if kept)
 *
 * Each part is one step (a CheckResult); a failing part never stops the others, only a dead link does.
 */
import {createHash} from 'node:crypto'
import {existsSync} from 'node:fs'
import {mkdir, readFile, writeFile} from 'node:fs/promises'
import path from 'node:path'

import type {CheckResult, CheckStatus} from '../checks/types.js'
import {getLang, type Lang} from '../i18n/index.js'
import {hostResultCodeAs, zvtHostCodeToIso} from '../knowledge/explain.js'
import {cardTypeName, resultCodeInfo} from '../protocol/zvt/codes/index.js'
import type {TlvNode, ZvtFields} from '../protocol/zvt/types.js'
import {importFile} from '../recon/import.js'
import {openTransactionSink, type OutFormat} from '../recon/output.js'
import type {CsvProfile} from '../recon/profiles.js'
import {emptyRecord, explainRecordCode, normaliseCurrency, recordTime, transactionJson, type TxRecord} from '../recon/record.js'
import {civilDay, formatCents, type DayTime} from '../recon/values.js'
import type {CommandOutcome, Terminal} from '../terminal/terminal.js'
import {isSessionError} from '../terminal/zvt/session.js'
import {assembleFile, outcomeFromExchange} from '../terminal/zvt/zvt-terminal.js'
import {scrubPanBytes, scrubPanText, type WireLog, type WireLogEntry} from '../terminal/wire-log.js'
import type {Clock} from '../util/clock.js'
import {logsText as T} from './logs-text.js'
import {parseJournalPrintout} from './printout.js'

export const JOURNAL_FILE_ID = 0x01

export interface PulledFile {
  name: string
  kind: 'transactions' | 'journal-file' | 'journal-printout' | 'last-transaction' | 'turnover-totals' | 'wire-log' | 'manifest'
  bytes: number
  sha256: string
}

export interface DeclinedItem {
  time: string
  receiptNumber: number | null
  traceNumber: number | null
  amount: string
  code: string
  text: string
  advice: string
}

export interface PullResult {
  schema: 'posdoc.logs-pull/1'
  target: {kind: string; label: string; link: string}
  verdict: 'complete' | 'partial'
  terminal: {terminalId?: string; softwareVersion?: string; status?: {code: number; hex: string; text: string}}
  outDir: string
  since: string | null
  journal: {source: 'read-file' | 'printout' | 'none'; bytes: number; profile?: string; records: number; written: number; badRows: number; problems: string[]}
  turnover?: {count: number; totalCents: number; receiptNumberStart: number; receiptNumberEnd: number; openBatchNumber?: number}
  lastTransaction?: Record<string, unknown>
  transactions: {file: string; format: OutFormat; records: number}
  files: PulledFile[]
  steps: CheckResult[]
  /** transactions with a non-00 code, each explained (first 100) */
  declined: DeclinedItem[]
}

export interface PullContext {
  clock: Clock
  target: PullResult['target']
  outDir: string
  format: OutFormat
  since?: DayTime
  profiles: readonly CsvProfile[]
  wireLog: WireLog
  /** earlier wire logs of this terminal (JSON lines, already masked), copied as evidence when present */
  previousWireLog?: string
  lang?: Lang
  onStep?: (text: string) => void
}

/** Link failures end the pull (exit 3); anything else only fails its own step. */
export function isLinkFailure(e: unknown): boolean {
  const err = e as {name?: string; code?: string}
  return err?.name === 'LinkError' || (err?.name === 'SessionError' && ['ZVT_NO_ACK', 'ZVT_T3_TIMEOUT', 'ZVT_LINK_LOST'].includes(err.code ?? ''))
}

type FileOutcome = CommandOutcome & {data: Buffer; complete?: boolean; fileProblems?: string[]}

/** A Read File that broke off (T4, link lost) still leaves the blocks that arrived: keep them as evidence. */
function partialFile(e: unknown): FileOutcome | undefined {
  if (!isSessionError(e)) return undefined
  const outcome = outcomeFromExchange(e.exchange)
  const file = assembleFile(outcome.statusInfos, JOURNAL_FILE_ID)
  if (file.data.length === 0) return undefined
  return {...outcome, ...file, complete: false, fileProblems: [...file.fileProblems, e.message]}
}

const sha256 = (b: Buffer | string) => createHash('sha256').update(b).digest('hex')

export async function pullLogs(terminal: Terminal, ctx: PullContext): Promise<PullResult> {
  const lang = ctx.lang ?? getLang()
  await mkdir(ctx.outDir, {recursive: true})
  const steps: CheckResult[] = []
  const files: PulledFile[] = []
  const result: PullResult = {
    schema: 'posdoc.logs-pull/1',
    target: ctx.target,
    verdict: 'complete',
    terminal: {},
    outDir: ctx.outDir,
    since: null,
    journal: {source: 'none', bytes: 0, records: 0, written: 0, badRows: 0, problems: []},
    transactions: {file: '', format: ctx.format, records: 0},
    files,
    steps,
    declined: [],
  }
  const save = async (name: string, kind: PulledFile['kind'], data: Buffer | string) => {
    const file = path.join(ctx.outDir, name)
    await writeFile(file, data)
    files.push({name: file, kind, bytes: Buffer.byteLength(data), sha256: sha256(data)})
    return file
  }

  let linkDead = false
  const step = async (id: string, title: string, fn: () => Promise<Omit<CheckResult, 'id' | 'title' | 'durationMs'>>) => {
    ctx.onStep?.(title)
    const started = ctx.clock.now()
    try {
      steps.push({id, title, ...(await fn()), durationMs: ctx.clock.now() - started})
    } catch (e) {
      if (isLinkFailure(e)) linkDead = true
      steps.push({id, title, status: 'error', summary: scrubPanText(e instanceof Error ? e.message : String(e)), evidence: {error: (e as {code?: string}).code ?? 'unknown'}, remedy: T.failedStep[lang], durationMs: ctx.clock.now() - started})
      if (isLinkFailure(e)) throw e
    }
  }
  const codeSummary = (o: CommandOutcome) => {
    const info = resultCodeInfo(o.resultCode)
    return {summary: `${info.hex} ${lang === 'zh-CN' ? info.zh : info.en}`, remedy: lang === 'zh-CN' ? info.remedyZh : info.remedyEn}
  }

  let records: TxRecord[] = []
  let lastRecord: TxRecord | undefined
  let currency = ''
  let openRange: {start: number; end: number; count: number} | undefined
  try {
    await step('logs.registration', T.stepRegister[lang], async () => {
      const o = await terminal.register()
      if (o.completion?.terminalId) result.terminal.terminalId = o.completion.terminalId
      if (o.completion?.currencyCode) currency = normaliseCurrency(String(o.completion.currencyCode))
      return o.ok ? {status: 'pass', summary: 'ok', evidence: {}} : {status: 'warn', ...codeSummary(o), evidence: {resultCode: o.resultCode}}
    })

    await step('logs.identity', T.stepStatus[lang], async () => {
      const s = await terminal.status()
      if (s.terminalId) result.terminal.terminalId = s.terminalId
      if (s.swVersion) result.terminal.softwareVersion = s.swVersion
      if (s.terminalStatus >= 0) result.terminal.status = {code: s.terminalStatus, hex: s.terminalStatus.toString(16).toUpperCase().padStart(2, '0'), text: s.terminalStatusText}
      const summary = [result.terminal.terminalId ? `TID ${result.terminal.terminalId}` : '', s.swVersion ?? '', s.terminalStatusText].filter(Boolean).join(', ')
      return {status: result.terminal.terminalId ? 'pass' : 'warn', summary, evidence: {terminalId: s.terminalId, softwareVersion: s.swVersion, terminalStatus: s.terminalStatus}}
    })

    await step('logs.last-transaction', T.stepLast[lang], async () => {
      const o = await terminal.repeatReceipt({which: 'last', resendStatusInfo: true, noPrintout: true})
      const fields = o.statusInfos[o.statusInfos.length - 1]
      if (!fields) return o.ok ? {status: 'skip', summary: T.lastNone[lang], evidence: {}} : {status: 'warn', ...codeSummary(o), evidence: {resultCode: o.resultCode}}
      lastRecord = recordFromStatusInfo(fields, ctx.clock.now(), result.terminal.terminalId ?? '')
      if (!currency && lastRecord.currency) currency = lastRecord.currency
      const json = transactionJson(lastRecord, lang)
      result.lastTransaction = json
      await save('last-transaction.json', 'last-transaction', JSON.stringify({schema: 'posdoc.last-transaction/1', statusInformation: maskedFields(fields), transaction: json}, null, 2) + '\n')
      const x = explainRecordCode(lastRecord, lang)
      const summary = [lastRecord.resultCode || '00', x.text, recordTime(lastRecord), formatCents(lastRecord.amountCents), lastRecord.receiptNumber !== null ? `#${lastRecord.receiptNumber}` : ''].filter(Boolean).join(' ')
      return x.text ? {status: 'warn', summary, evidence: json, cause: x.text, remedy: x.advice} : {status: 'pass', summary, evidence: json}
    })

    await step('logs.totals', T.stepTotals[lang], async () => {
      const o = await terminal.turnoverTotals()
      const info = o.statusInfos.find((s) => s.totals || s.amountCents !== undefined)
      if (!info) return {status: 'warn', ...codeSummary(o), evidence: {resultCode: o.resultCode}}
      const groups = info.totals?.groups ?? []
      const count = groups.reduce((n, g) => n + g.count, 0)
      openRange = {start: info.totals?.receiptNumberStart ?? 0, end: info.totals?.receiptNumberEnd ?? 0, count}
      result.turnover = {count, totalCents: info.amountCents ?? 0, receiptNumberStart: openRange.start, receiptNumberEnd: openRange.end}
      await save('turnover-totals.json', 'turnover-totals', JSON.stringify({schema: 'posdoc.turnover-totals/1', totals: result.turnover, groups, receipt: o.receipts.flatMap((r) => r.lines.map(scrubPanText))}, null, 2) + '\n')
      return {status: 'pass', summary: T.totals[lang](count, formatCents(info.amountCents ?? 0), openRange.start, openRange.end), evidence: {...result.turnover}}
    })

    await step('logs.journal', T.stepJournal[lang], async () => {
      const problems = result.journal.problems
      let fileOutcome: FileOutcome | undefined
      try {
        fileOutcome = await terminal.readFile(JOURNAL_FILE_ID)
      } catch (e) {
        fileOutcome = partialFile(e)
        // a dead link ends the pull; a terminal that ignores 08 11 (no answer in T3) gets the printout instead
        if (isLinkFailure(e) && (e as {code?: string}).code !== 'ZVT_T3_TIMEOUT' && !fileOutcome) throw e
        problems.push(scrubPanText((e as Error).message))
      }
      if (fileOutcome && fileOutcome.data.length > 0) {
        if (fileOutcome.complete === false) problems.push(T.fileIncomplete[lang]((fileOutcome.fileProblems ?? []).join('; ')))
        const scrubbed = scrubPanBytes(fileOutcome.data)
        const redactions = countDiff(fileOutcome.data, scrubbed)
        if (redactions > 0) problems.push(T.redacted[lang](redactions))
        const raw = await save('journal-file-01.csv', 'journal-file', scrubbed)
        result.journal.bytes = scrubbed.length
        try {
          const imported: TxRecord[] = []
          const {layout, stats} = await importFile(raw, {profiles: ctx.profiles, kind: 'journal', lang, onRecord: (r) => imported.push({...r, source: 'read-file'})})
          records = imported
          result.journal = {...result.journal, source: 'read-file', profile: layout.profile, records: imported.length, badRows: stats.bad}
          if (stats.bad > 0) problems.push(T.journalBadRows[lang](stats.bad))
        } catch (e) {
          problems.push(T.fileUnknown[lang]((e as Error).message))
        }
      } else if (fileOutcome) problems.push(`Read File: ${codeSummary(fileOutcome).summary}`)

      if (result.journal.source === 'none') {
        const o = await terminal.repeatReceipt({which: 'journal'})
        const lines = o.receipts.flatMap((r) => r.lines).map(scrubPanText)
        if (lines.length > 0) {
          await save('journal-printout.txt', 'journal-printout', lines.join('\n') + '\n')
          const parsed = parseJournalPrintout(lines, {terminalId: result.terminal.terminalId ?? '', currency})
          records = parsed.records
          result.journal = {...result.journal, source: 'printout', records: records.length}
          problems.push(T.printoutOnly[lang])
          const summary = T.journalPrintout[lang](records.length, lines.length)
          return {status: 'warn', summary, evidence: {source: 'printout', records: records.length, problems}, remedy: problems.join('; ')}
        }
        if (!o.ok) problems.push(`Repeat Receipt: ${codeSummary(o).summary}`)
        return {status: 'fail', summary: T.journalNone[lang], evidence: {problems}, cause: problems.join('; '), remedy: T.journalNoneRemedy[lang]}
      }
      const summary = T.journalFile[lang](records.length, result.journal.bytes)
      return problems.length > 0
        ? {status: 'warn', summary, evidence: {source: 'read-file', records: records.length, problems}, cause: problems.join('; ')}
        : {status: 'pass', summary, evidence: {source: 'read-file', records: records.length, profile: result.journal.profile}}
    })
  } catch (e) {
    if (!isLinkFailure(e) || steps.filter((s) => s.status !== 'error').length === 0) throw e
    // the link died midway: keep what was collected
  } finally {
    if (!linkDead) await terminal.logOff().catch(() => undefined)
  }

  // the 04 0F of the last transaction carries what a printout lacks (trace, card, time)
  if (lastRecord) enrich(records, lastRecord)
  const openBatch = markOpenBatch(records, openRange)
  if (openBatch !== undefined && result.turnover) result.turnover.openBatchNumber = openBatch
  for (const r of records) if (!r.currency && currency) r.currency = currency

  const since = ctx.since
  if (since) result.since = recordTime({day: since.day, sec: since.sec})
  const kept = since ? records.filter((r) => r.day === null || r.day > since.day || (r.day === since.day && (since.sec < 0 || r.sec < 0 || r.sec >= since.sec))) : records

  const txName = `transactions.${ctx.format}`
  const sink = openTransactionSink(path.join(ctx.outDir, txName), ctx.format, lang, {terminalId: result.terminal.terminalId ?? null, pulledAt: new Date(ctx.clock.now()).toISOString(), since: result.since})
  for (const r of kept) sink.write(r)
  const written = await sink.close()
  const txData = await readFile(written.file)
  files.unshift({name: written.file, kind: 'transactions', bytes: txData.length, sha256: sha256(txData)})
  result.transactions = {file: written.file, format: ctx.format, records: written.records}
  result.journal.written = written.records
  for (const r of kept) {
    if (result.declined.length >= 100) break
    const x = explainRecordCode(r, lang)
    if (!x.text) continue
    result.declined.push({time: recordTime(r), receiptNumber: r.receiptNumber, traceNumber: r.traceNumber, amount: `${formatCents(r.amountCents)}${r.currency ? ` ${r.currency}` : ''}`, code: r.resultCode, text: x.text, advice: x.advice})
  }

  // wire log last, so it holds the whole session (Log-Off included)
  const entries: WireLogEntry[] = [...ctx.wireLog.entries]
  let previous = 0
  let wireText = ''
  if (ctx.previousWireLog && existsSync(ctx.previousWireLog)) {
    const old = (await readFile(ctx.previousWireLog, 'utf8')).split('\n').filter(Boolean)
    previous = old.length
    wireText += old.map(scrubPanText).join('\n') + '\n'
  }
  wireText += entries.map((e) => JSON.stringify(e)).join('\n') + (entries.length > 0 ? '\n' : '')
  await save('wire-log.jsonl', 'wire-log', wireText)
  steps.push({id: 'logs.wire-log', title: T.stepWireLog[lang], status: 'pass', summary: T.wireLog[lang](entries.length) + (previous > 0 ? T.wireLogPrevious[lang](previous) : ''), evidence: {entries: entries.length, previous}, durationMs: 0})

  const worst: CheckStatus[] = steps.map((s) => s.status)
  // complete: every step worked and the journal came whole from the terminal's file
  const journalStep = steps.find((s) => s.id === 'logs.journal')
  result.verdict = worst.some((s) => s === 'fail' || s === 'error') || result.journal.source !== 'read-file' || journalStep?.status !== 'pass' ? 'partial' : 'complete'
  const manifest = JSON.stringify({schema: 'posdoc.logs-pull-manifest/1', createdAt: new Date(ctx.clock.now()).toISOString(), target: ctx.target, terminalId: result.terminal.terminalId ?? null, files: files.map((f) => ({name: path.basename(f.name), kind: f.kind, bytes: f.bytes, sha256: f.sha256}))}, null, 2) + '\n'
  await save('manifest.json', 'manifest', manifest)
  return result
}

function countDiff(a: Buffer, b: Buffer): number {
  let runs = 0
  let inRun = false
  for (let i = 0; i < a.length; i++) {
    const diff = a[i] !== b[i]
    if (diff && !inRun) runs++
    inRun = diff
  }
  return runs
}

/** A 04 0F's fields as evidence: card data is already masked by the decoder; TLV trees become hex. */
function maskedFields(f: ZvtFields): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(f)) {
    if (k === 'tlv') out.tlv = (v as TlvNode[]).map((n) => n.tag)
    else if (typeof v === 'string') out[k] = scrubPanText(v)
    else out[k] = v
  }
  return out
}

/** The last transaction's 04 0F as a record (date MMDD has no year: the most recent such date). */
export function recordFromStatusInfo(f: ZvtFields, nowMs: number, terminalId: string): TxRecord {
  const r = emptyRecord(0)
  r.source = 'status-info'
  r.amountCents = f.amountCents ?? 0
  r.traceNumber = f.traceNumber ?? null
  r.receiptNumber = f.receiptNumber ?? null
  r.turnoverNumber = f.turnoverNumber ?? null
  r.originalTraceNumber = f.originalTraceNumber ?? null
  r.terminalId = f.terminalId ?? terminalId
  r.authCode = f.authCode ?? ''
  r.panMasked = f.panMasked ?? ''
  r.cardType = f.cardName ?? (f.cardType !== undefined ? (cardTypeName(f.cardType) ?? String(f.cardType)) : '')
  r.currency = f.currencyCode !== undefined ? normaliseCurrency(String(f.currencyCode)) : ''
  r.type = f.originalTraceNumber !== undefined ? 'void' : 'sale'
  const rc = f.resultCode ?? 0
  if (f.hostResultCode !== undefined) {
    // BMP A0: the host's own code (ZVT reports host codes A0-AF as 00 in BMP 27)
    r.resultCode = hostResultCodeAs(f.hostResultCode)
    r.resultScheme = 'iso8583'
  } else {
    const iso = zvtHostCodeToIso(rc)
    r.resultCode = rc === 0 ? '00' : (iso ?? rc.toString(16).toUpperCase().padStart(2, '0'))
    r.resultScheme = rc === 0 || iso !== undefined ? 'iso8583' : 'zvt'
  }
  r.state = rc === 0 ? 'approved' : 'declined'
  const now = new Date(nowMs)
  if (f.date && /^\d{4}$/.test(f.date)) {
    const m = Number(f.date.slice(0, 2))
    const d = Number(f.date.slice(2))
    let y = now.getFullYear()
    if (civilDay(y, m, d) > civilDay(y, now.getMonth() + 1, now.getDate())) y--
    r.day = civilDay(y, m, d)
  }
  if (f.time && /^\d{6}$/.test(f.time)) r.sec = Number(f.time.slice(0, 2)) * 3600 + Number(f.time.slice(2, 4)) * 60 + Number(f.time.slice(4))
  return r
}

/** Fill what the journal record lacks from the last transaction's status information (same receipt or trace). */
function enrich(records: TxRecord[], last: TxRecord): void {
  const hit = [...records].reverse().find((r) => (last.receiptNumber !== null && r.receiptNumber === last.receiptNumber) || (last.traceNumber !== null && r.traceNumber === last.traceNumber))
  if (!hit) return
  if (hit.traceNumber === null) hit.traceNumber = last.traceNumber
  if (hit.turnoverNumber === null) hit.turnoverNumber = last.turnoverNumber
  if (!hit.authCode) hit.authCode = last.authCode
  if (!hit.panMasked) hit.panMasked = last.panMasked
  if (!hit.cardType) hit.cardType = last.cardType
  if (hit.sec < 0 && last.sec >= 0) hit.sec = last.sec
  if (hit.day === null) hit.day = last.day
  if (!hit.resultCode) hit.resultCode = last.resultCode
}

/**
 * Which records sit in the still-open batch: the turnover totals give the open batch's receipt
 * range; the batch holding its last receipt is the open one. Empty range: nothing is open.
 */
function markOpenBatch(records: TxRecord[], range: {start: number; end: number; count: number} | undefined): number | undefined {
  if (!range) return undefined
  if (range.count === 0 && range.start === 0 && range.end === 0) {
    for (const r of records) r.batchOpen = false
    return undefined
  }
  const last = [...records].reverse().find((r) => r.receiptNumber === range.end)
  if (!last || last.batchNumber === null) return undefined
  for (const r of records) r.batchOpen = r.batchNumber === null ? null : r.batchNumber === last.batchNumber
  return last.batchNumber
}

