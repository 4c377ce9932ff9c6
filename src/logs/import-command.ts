import path from 'node:path'

import type {BaseCommand} from '../cli/base-command.js'
import {getLang} from '../i18n/index.js'
import {explainResult} from '../knowledge/explain.js'
import type {RetryClass} from '../knowledge/response-codes.js'
import {ExitCode} from '../output/exit-codes.js'
import {createProgress} from '../output/progress.js'
import {PosdocError} from '../output/errors.js'
import {parseMapFlags} from '../recon/auto-map.js'
import {importFile, type FileKind, type ImportLayout, type ImportStats} from '../recon/import.js'
import {openTransactionSink, outFormat} from '../recon/output.js'
import {findProfile, loadProfiles} from '../recon/profiles.js'
import {fileProgress} from '../recon/recon-command.js'
import type {TxRecord} from '../recon/record.js'
import {renderImport} from './render.js'
import {dayToIso} from '../recon/values.js'

export interface ImportFlags {
  profile?: string | undefined
  kind?: string | undefined
  encoding?: string | undefined
  out?: string | undefined
  format?: string | undefined
  map?: string[] | undefined
}

export interface CodeCount {
  code: string
  scheme: string
  count: number
  text: string
  advice: string
  retry: RetryClass
}

export interface ImportResult {
  schema: 'posdoc.logs-import/1'
  file: ImportLayout
  stats: ImportStats
  summary: {
    records: number
    period: {from: string; to: string} | null
    terminals: string[]
    byType: Record<string, number>
    byState: Record<string, number>
    bySettlementStatus?: Record<string, number>
    /** approved sales minus approved refunds, per currency ('' = none given) */
    netCents: Record<string, number>
    /** every non-00 result code with its meaning and what to do */
    codes: CodeCount[]
  }
  out?: {file: string; format: 'csv' | 'json'; records: number}
}

const MAX_TERMINALS = 50

export async function runImport(cmd: BaseCommand, file: string, flags: ImportFlags): Promise<ImportResult> {
  const json = cmd.jsonEnabled()
  const lang = getLang()
  const progress = createProgress({json})
  const profiles = loadProfiles()
  const profile = flags.profile ? findProfile(profiles, flags.profile) : undefined
  const kind = flags.kind === 'journal' || flags.kind === 'settlement' ? (flags.kind as FileKind) : undefined
  const encoding = flags.encoding && flags.encoding !== 'auto' ? (flags.encoding as 'utf-8' | 'gb18030' | 'gbk' | 'utf-16le') : undefined
  const map = parseMapFlags(flags.map ?? [], (message) => new PosdocError({code: 'USAGE_BAD_MAP', exitCode: ExitCode.Usage, message}))
  const sink = flags.out ? openTransactionSink(path.resolve(flags.out), outFormat(flags.out, flags.format), lang, {source: path.basename(file)}) : undefined

  const byType: Record<string, number> = {}
  const byState: Record<string, number> = {}
  const byStatus: Record<string, number> = {}
  const netCents: Record<string, number> = {}
  const codes = new Map<string, CodeCount>()
  const terminals = new Set<string>()
  let from = Infinity
  let to = -Infinity
  const onRecord = (r: TxRecord) => {
    byType[r.type] = (byType[r.type] ?? 0) + 1
    byState[r.state] = (byState[r.state] ?? 0) + 1
    if (r.settlementStatus) byStatus[r.settlementStatus] = (byStatus[r.settlementStatus] ?? 0) + 1
    if (terminals.size < MAX_TERMINALS) terminals.add(r.terminalId)
    if (r.day !== null) {
      if (r.day < from) from = r.day
      if (r.day > to) to = r.day
    }
    if (r.state === 'approved' && (r.type === 'sale' || r.type === 'refund')) netCents[r.currency] = (netCents[r.currency] ?? 0) + (r.type === 'refund' ? -r.amountCents : r.amountCents)
    if (r.resultCode !== '' && r.resultCode !== '00') {
      const key = `${r.resultScheme}:${r.resultCode}`
      const c = codes.get(key)
      if (c) c.count++
      else {
        const e = explainResult(r.resultCode, r.resultScheme, {lang, context: r.type === 'void' || r.type === 'reversal' ? 'void' : 'other'})
        codes.set(key, {code: e.code, scheme: e.scheme, count: 1, text: e.text, advice: e.remedy, retry: e.retry})
      }
    }
    sink?.write(r)
  }

  let imported: {layout: ImportLayout; stats: ImportStats}
  try {
    imported = await importFile(path.resolve(file), {
      profiles,
      ...(profile ? {profile} : {}),
      ...(kind ? {kind} : {}),
      ...(encoding ? {encoding} : {}),
      ...(Object.keys(map).length > 0 ? {map} : {}),
      lang,
      onRecord,
      ...(sink ? {backpressure: () => sink.backpressure()} : {}),
      onBytes: fileProgress(progress).bind(null, file),
    })
  } catch (e) {
    await sink?.abort()
    progress.done()
    throw e
  }
  const written = sink ? await sink.close() : undefined
  progress.done()
  const result: ImportResult = {
    schema: 'posdoc.logs-import/1',
    file: imported.layout,
    stats: imported.stats,
    summary: {
      records: imported.stats.usable,
      period: from === Infinity ? null : {from: dayToIso(from), to: dayToIso(to)},
      terminals: [...terminals].sort(),
      byType,
      byState,
      ...(imported.layout.kind === 'settlement' ? {bySettlementStatus: byStatus} : {}),
      netCents,
      codes: [...codes.values()].sort((a, b) => b.count - a.count),
    },
    ...(written ? {out: {file: written.file, format: outFormat(flags.out!, flags.format), records: written.records}} : {}),
  }
  if (!json) cmd.log(renderImport(result))
  // rows were skipped: the data is usable, but not all of it
  process.exitCode = imported.stats.bad > 0 ? ExitCode.ProblemFound : ExitCode.Ok
  return result
}
