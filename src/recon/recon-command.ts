import path from 'node:path'

import type {BaseCommand} from '../cli/base-command.js'
import {getLang} from '../i18n/index.js'
import {PosdocError} from '../output/errors.js'
import {ExitCode} from '../output/exit-codes.js'
import {createProgress, type Progress} from '../output/progress.js'
import {loadConfig} from '../config/config.js'
import {parseMapFlags} from './auto-map.js'
import {businessCalendar, CALENDAR_NAMES, type BusinessCalendar, type CalendarName, type CalendarOverride} from './calendar.js'
import {reconcile, type ReconResult} from './engine.js'
import {openReconSink, outFormat} from './output.js'
import {findProfile, loadProfiles, type CsvProfile} from './profiles.js'
import {importText as IT, reconLabels as RL, tr} from './recon-text.js'
import {renderRecon} from './render.js'
import {parseDate} from './values.js'

export interface ReconFlags {
  journal: string[]
  settlement: string[]
  profile?: string[] | undefined
  date?: string | undefined
  out?: string | undefined
  format?: string | undefined
  'tolerance-days': number
  'max-items': number
  encoding?: string | undefined
  map?: string[] | undefined
  payouts?: string | undefined
  calendar?: string | undefined
}

const usage = (code: string, message: string, remedy?: string) => new PosdocError({code, exitCode: ExitCode.Usage, message, ...(remedy ? {remedy} : {})})

/** --date 2026-03-05 | 2026-03-01..2026-03-05 | 2026-03-01.. | ..2026-03-05 */
export function parseDateRange(value: string): {from?: number; to?: number} {
  const zh = getLang() === 'zh-CN'
  const bad = () =>
    usage('USAGE_BAD_DATE', zh ? `日期无效："${value}"` : `Invalid date "${value}"`, zh ? '格式为 YYYY-MM-DD 或 YYYY-MM-DD..YYYY-MM-DD' : 'Use YYYY-MM-DD or YYYY-MM-DD..YYYY-MM-DD')
  const [a, b, extra] = value.split('..')
  if (extra !== undefined) throw bad()
  const one = (s: string | undefined): number | undefined => {
    if (s === undefined || s.trim() === '') return undefined
    const d = parseDate(s, 'YMD')
    if (!d.ok) throw bad()
    return d.value
  }
  if (b === undefined) {
    const d = one(a)
    if (d === undefined) throw bad()
    return {from: d, to: d}
  }
  const from = one(a)
  const to = one(b)
  if (from === undefined && to === undefined) throw bad()
  if (from !== undefined && to !== undefined && from > to) throw bad()
  return {...(from !== undefined ? {from} : {}), ...(to !== undefined ? {to} : {})}
}

export function pickProfiles(names: readonly string[], profiles: readonly CsvProfile[]): {journal?: CsvProfile; settlement?: CsvProfile} {
  const out: {journal?: CsvProfile; settlement?: CsvProfile} = {}
  for (const name of names) {
    const p = findProfile(profiles, name)
    if (out[p.kind]) throw usage('USAGE_TWO_PROFILES', tr(IT.twoProfiles)(out[p.kind]!.name, p.name, p.kind), tr(IT.twoProfilesRemedy))
    out[p.kind] = p
  }
  return out
}

/** --calendar, else the config file's payoutCalendar.base, else CN; the config's days added. */
export function payoutCalendar(flag: string | undefined, override: CalendarOverride | undefined): BusinessCalendar {
  const name = (flag ?? override?.base ?? 'CN').toUpperCase()
  if (!(CALENDAR_NAMES as readonly string[]).includes(name)) throw usage('USAGE_BAD_CALENDAR', `--calendar ${flag}: one of ${CALENDAR_NAMES.join(', ')}`)
  return businessCalendar(name as CalendarName, override)
}

/** Progress on a TTY: which file, how far (by bytes). */
export function fileProgress(progress: Progress): (file: string, bytes: number, total: number) => void {
  let last = ''
  return (file, bytes, total) => {
    const pct = total > 0 ? Math.floor((bytes / total) * 100) : 0
    const text = `${tr(RL.reading)(path.basename(file))} ${pct}%`
    if (text !== last) progress.step(text)
    last = text
  }
}

/** flags → profiles → stream both sides → classify → render; exit 1 when something needs a look. */
export async function runRecon(cmd: BaseCommand, flags: ReconFlags): Promise<ReconResult> {
  const json = cmd.jsonEnabled()
  const progress = createProgress({json})
  const config = loadConfig()
  const profiles = loadProfiles({config: () => config})
  const chosen = pickProfiles(flags.profile ?? [], profiles)
  const range = flags.date ? parseDateRange(flags.date) : {}
  const encoding = flags.encoding && flags.encoding !== 'auto' ? (flags.encoding as 'utf-8' | 'gb18030' | 'gbk' | 'utf-16le') : undefined
  const map = parseMapFlags(flags.map ?? [], (message) => usage('USAGE_BAD_MAP', message))
  const sink = flags.out ? openReconSink(path.resolve(flags.out), outFormat(flags.out, flags.format)) : undefined
  let result: ReconResult
  try {
    result = await reconcile({
      journalFiles: flags.journal,
      settlementFiles: flags.settlement,
      profiles,
      ...(chosen.journal ? {journalProfile: chosen.journal} : {}),
      ...(chosen.settlement ? {settlementProfile: chosen.settlement} : {}),
      ...(encoding ? {encoding} : {}),
      ...(Object.keys(map).length > 0 ? {map} : {}),
      ...(flags.payouts ? {payouts: {file: path.resolve(flags.payouts), calendar: payoutCalendar(flags.calendar, config.payoutCalendar)}} : {}),
      ...(range.from !== undefined ? {dateFrom: range.from} : {}),
      ...(range.to !== undefined ? {dateTo: range.to} : {}),
      toleranceDays: flags['tolerance-days'],
      maxItems: flags['max-items'],
      ...(sink ? {sink} : {}),
      onProgress: fileProgress(progress),
    })
  } catch (e) {
    await sink?.abort()
    progress.done()
    throw e
  }
  const written = sink ? await sink.close() : undefined
  progress.done()
  if (!json) cmd.log(renderRecon(result, written ? {out: written} : {}))
  const badRows = [...result.journal, ...result.settlement].some((f) => f.bad > 0)
  process.exitCode = result.verdict === 'exceptions' || badRows ? ExitCode.ProblemFound : ExitCode.Ok
  return written ? {...result, out: {file: written.file, format: outFormat(flags.out!, flags.format), records: written.records}} : result
}
