import type {CheckResult} from '../checks/types.js'
import {worstStatus} from '../checks/types.js'
import {connectTerminal, type ConnectedTerminal} from '../device/connect.js'
import {probeTerminal, type ProbeResult} from '../device/probe.js'
import {targetFromFlags, type TerminalTarget} from '../device/target.js'
import {getLang} from '../i18n/index.js'
import {toPosdocError} from '../output/error-map.js'
import {ExitCode} from '../output/exit-codes.js'
import type {Clock} from '../util/clock.js'
import type {CheckFamily, FamilyContext} from './families.js'
import type {Fleet, FleetDuplicate, FleetEntry, FleetRowError} from './fleet.js'

/**
 * slow: the terminal answered, but its checks did not finish by the deadline;
 * unreachable: no answer at all (refused, no route, or not one byte back before the deadline).
 */
export type TerminalVerdict = 'healthy' | 'warning' | 'problem' | 'slow' | 'unreachable' | 'error'
export const VERDICTS: readonly TerminalVerdict[] = ['healthy', 'warning', 'problem', 'slow', 'unreachable', 'error']

export interface TerminalReport {
  name: string
  line: number
  target: string
  verdict: TerminalVerdict
  terminalId?: string
  checks: CheckResult[]
  error?: {code: string; message: string; remedy?: string}
  durationMs: number
}

export type BatchSummary = Record<TerminalVerdict, number> & {total: number; duplicate: number}

export interface BatchResult {
  schema: 'posdoc.batch/1'
  checks: string[]
  concurrency: number
  timeoutSeconds: number
  /** this run's share of the fleet file ("2/8"); absent when the whole file was checked */
  shard?: string
  summary: BatchSummary
  terminals: TerminalReport[]
  rowErrors: FleetRowError[]
  /** rows with the address of an earlier row: not checked again */
  duplicates: FleetDuplicate[]
  durationMs: number
}

export interface BatchOptions {
  families: CheckFamily[]
  concurrency: number
  timeoutMs: number
  clock: Clock
  shard?: string
  /** called as each terminal finishes (progress bar, --jsonl) */
  onReport?: (report: TerminalReport, done: number, total: number) => void
}

/**
 * Check every terminal with bounded concurrency and a deadline per terminal: a terminal that
 * hangs is cut off (its link closed) and reported, and never holds up the rest. Reports keep
 * the fleet file's order whatever order they finish in.
 */
export async function runBatch(fleet: Fleet, opts: BatchOptions): Promise<BatchResult> {
  const {entries, errors: rowErrors, duplicates} = fleet
  const started = opts.clock.now()
  const reports: TerminalReport[] = new Array(entries.length)
  let next = 0
  let done = 0
  const worker = async () => {
    for (;;) {
      const i = next++
      if (i >= entries.length) return
      reports[i] = await checkOne(entries[i]!, opts)
      done++
      opts.onReport?.(reports[i]!, done, entries.length)
    }
  }
  await Promise.all(Array.from({length: Math.max(1, Math.min(opts.concurrency, entries.length))}, worker))
  const summary: BatchSummary = {total: entries.length + rowErrors.length + duplicates.length, healthy: 0, warning: 0, problem: 0, slow: 0, unreachable: 0, error: rowErrors.length, duplicate: duplicates.length}
  for (const r of reports) summary[r.verdict]++
  return {
    schema: 'posdoc.batch/1',
    checks: opts.families.map((f) => f.id),
    concurrency: opts.concurrency,
    timeoutSeconds: opts.timeoutMs / 1000,
    ...(opts.shard ? {shard: opts.shard} : {}),
    summary,
    terminals: reports,
    rowErrors,
    duplicates,
    durationMs: opts.clock.now() - started,
  }
}

/**
 * 1 when something needs fixing (a failing check, a slow terminal, an unusable row); 3 when the
 * only trouble is terminals that did not answer at all; 0 otherwise. Duplicate rows alone do
 * not fail a run: their terminal was checked under the first row.
 */
export function batchExitCode(s: BatchSummary): ExitCode {
  if (s.problem + s.slow + s.error > 0) return ExitCode.ProblemFound
  if (s.unreachable > 0) return ExitCode.Unreachable
  return ExitCode.Ok
}

function entryTarget(e: FleetEntry): TerminalTarget {
  return targetFromFlags({tcp: e.tcp, serial: e.serial, baud: e.baud, password: e.password, demo: false}, {knownScenarios: []})
}

function tidMismatch(expected: string, actual: string): CheckResult {
  return {
    id: 'batch.terminal-id',
    title: 'Terminal ID matches the fleet file',
    status: 'fail',
    summary: `terminal reports TID ${actual}, fleet file says ${expected}`,
    evidence: {expected, actual},
    remedy: 'Check which terminal sits at this address (swapped devices?) and correct the fleet file',
    durationMs: 0,
  }
}

/** Results of several families, each check id once (device already holds what status asks). */
function merge(runs: CheckResult[][]): CheckResult[] {
  const seen = new Set<string>()
  const out: CheckResult[] = []
  for (const c of runs.flat()) {
    const key = `${c.id}\0${c.title}`
    if (seen.has(key)) continue
    seen.add(key)
    out.push(c)
  }
  return out
}

async function checkOne(entry: FleetEntry, opts: BatchOptions): Promise<TerminalReport> {
  const {clock} = opts
  const started = clock.now()
  const base = {name: entry.name, line: entry.line, target: entry.tcp ?? entry.serial ?? ''}
  const abort = new AbortController()
  const deadline = started + opts.timeoutMs
  let conn: ConnectedTerminal | undefined
  let answered = false
  let probed: Promise<ProbeResult> | undefined

  const work = async (): Promise<TerminalReport> => {
    const target = entryTarget(entry)
    base.target = target.label
    const ctx: FamilyContext = {
      entry,
      clock,
      lang: getLang(),
      probe: () =>
        (probed ??= (async () => {
          const c = await connectTerminal(target, {password: entry.password ?? '000000', clock, command: 'posdoc batch'})
          if (abort.signal.aborted) {
            await c.close()
            throw new Error('deadline')
          }
          conn = c
          c.link.onData(() => {
            answered = true
          })
          return probeTerminal(c.terminal, {clock, target: {kind: target.kind, label: target.label, link: c.linkLabel}})
        })()),
    }
    const checks = merge(await Promise.all(opts.families.map((f) => f.run(ctx, {deadline, signal: abort.signal}))))
    const terminalId = probed ? (await probed).terminal.terminalId : undefined
    const tid = terminalId ? {terminalId} : {}
    if (entry.terminalId && terminalId && entry.terminalId !== terminalId) {
      return {...base, verdict: 'problem', ...tid, checks: [...checks, tidMismatch(entry.terminalId, terminalId)], durationMs: clock.now() - started}
    }
    const worst = worstStatus(checks)
    const verdict: TerminalVerdict = worst === 'pass' || worst === 'skip' ? 'healthy' : worst === 'warn' ? 'warning' : 'problem'
    return {...base, verdict, ...tid, checks, durationMs: clock.now() - started}
  }

  let timer: ReturnType<Clock['setTimeout']> | undefined
  const cutOff = new Promise<TerminalReport>((resolve) => {
    timer = clock.setTimeout(() => {
      abort.abort()
      void conn?.close()
      const s = opts.timeoutMs / 1000
      resolve({
        ...base,
        verdict: answered ? 'slow' : 'unreachable',
        checks: [],
        error: answered
          ? {code: 'BATCH_SLOW', message: `answered, but did not finish its checks within ${s} s`, remedy: 'The terminal is busy or its link is slow: check it is idle, or raise --timeout'}
          : {code: 'BATCH_NO_ANSWER', message: `no answer within ${s} s`, remedy: 'Check the terminal is on, connected and idle, and that the address is right'},
        durationMs: clock.now() - started,
      })
    }, opts.timeoutMs)
  })
  try {
    return await Promise.race([
      work().catch((e): TerminalReport => {
        const err = toPosdocError(e, {target: base.target})
        return {
          ...base,
          verdict: err.exitCode === ExitCode.Unreachable ? 'unreachable' : 'error',
          checks: [],
          error: {code: err.code, message: err.message, ...(err.remedy ? {remedy: err.remedy} : {})},
          durationMs: clock.now() - started,
        }
      }),
      cutOff,
    ])
  } finally {
    if (timer) clock.clearTimeout(timer)
    await conn?.close()
  }
}
