import path from 'node:path'

import type {BaseCommand} from '../cli/base-command.js'
import type {TerminalFlagValues} from '../cli/terminal-flags.js'
import {dataDir, terminalKey} from '../config/paths.js'
import {connectTerminal} from '../device/connect.js'
import {resolveTerminal} from '../device/target.js'
import {getLang} from '../i18n/index.js'
import {PosdocError} from '../output/errors.js'
import {ExitCode} from '../output/exit-codes.js'
import {createProgress, type Progress} from '../output/progress.js'
import {decodeApdu} from '../protocol/zvt/apdu.js'
import {parseHex} from '../protocol/zvt/hex.js'
import {decodeMessage} from '../protocol/zvt/messages.js'
import type {TlvNode} from '../protocol/zvt/types.js'
import {loadProfiles} from '../recon/profiles.js'
import {parseDateTime, type DayTime} from '../recon/values.js'
import {SCENARIOS} from '../sim/scenarios.js'
import type {WireLog} from '../terminal/wire-log.js'
import {systemClock} from '../util/clock.js'
import {logsText as T} from './logs-text.js'
import {pullLogs, type PullResult} from './pull.js'
import {renderPull} from './render.js'

export interface PullFlags extends TerminalFlagValues {
  since?: string | undefined
  out?: string | undefined
  format: string
}

export function parseSince(value: string): DayTime {
  const d = parseDateTime(value, 'YMD')
  if (!d.ok) {
    const zh = getLang() === 'zh-CN'
    throw new PosdocError({
      code: 'USAGE_BAD_DATE',
      exitCode: ExitCode.Usage,
      message: zh ? `--since 日期无效："${value}"` : `Invalid --since date "${value}"`,
      remedy: zh ? '格式为 YYYY-MM-DD 或 "YYYY-MM-DD HH:MM"' : 'Use YYYY-MM-DD or "YYYY-MM-DD HH:MM"',
    })
  }
  return d.value
}

function stamp(ms: number): string {
  const d = new Date(ms)
  const p = (n: number) => String(n).padStart(2, '0')
  return `${d.getFullYear()}${p(d.getMonth() + 1)}${p(d.getDate())}-${p(d.getHours())}${p(d.getMinutes())}${p(d.getSeconds())}`
}

/** Read File blocks show up in the wire log as 04 0F with TLV 2D {1C data, 1E offset, 1F00 total}: turn them into progress. */
export function journalProgress(wireLog: WireLog, progress: Progress): () => void {
  if (!progress.enabled) return () => undefined
  let got = 0
  return wireLog.addSink((e) => {
    if (e.dir !== 'PT->ECR' || e.layer !== 'apdu' || !e.hex.startsWith('04 0F')) return
    try {
      const tlv = decodeMessage(decodeApdu(parseHex(e.hex))).fields.tlv ?? []
      const file = tlv.find((n) => n.tag === '2D')
      if (!file) return
      const num = (tag: string) => file.children.find((c: TlvNode) => c.tag === tag)?.value.reduce((n, b) => n * 256 + b, 0)
      const data = file.children.find((c: TlvNode) => c.tag === '1C')
      got = (num('1E') ?? got) + (data?.value.length ?? 0)
      progress.step(T.reading[getLang()](got, num('1F00')))
    } catch {
      // progress only: a block we cannot read here is still assembled by the session
    }
  })
}

/** The pull as the CLI runs it: flags → target → connect → pull → render; sets the exit code. */
export async function runPull(cmd: BaseCommand, flags: PullFlags): Promise<PullResult> {
  const json = cmd.jsonEnabled()
  const progress = createProgress({json})
  const since = flags.since ? parseSince(flags.since) : undefined
  const format = flags.format === 'json' ? 'json' : 'csv'
  const profiles = loadProfiles()
  const {target, password} = resolveTerminal(flags, {knownScenarios: SCENARIOS})
  ;(cmd as unknown as {errorTarget: string}).errorTarget = target.label
  const key = terminalKey(target)
  const outDir = path.resolve(flags.out ?? path.join(dataDir(), 'logs', key, stamp(systemClock.now())))
  progress.step(target.label)
  const conn = await connectTerminal(target, {password, onStep: (s) => progress.step(s)})
  const stopProgress = journalProgress(conn.wireLog, progress)
  try {
    const result = await pullLogs(conn.terminal, {
      clock: systemClock,
      target: {kind: target.kind, label: target.label, link: conn.linkLabel},
      outDir,
      format,
      ...(since ? {since} : {}),
      profiles,
      wireLog: conn.wireLog,
      previousWireLog: path.join(dataDir(), 'wire-logs', `${key}.jsonl`),
      onStep: (s) => progress.step(s),
    })
    progress.done()
    if (!json) cmd.log(renderPull(result))
    process.exitCode = result.verdict === 'complete' ? ExitCode.Ok : ExitCode.ProblemFound
    return result
  } finally {
    stopProgress()
    progress.done()
    await conn.close()
  }
}
