import type {CheckResult} from '../checks/types.js'
import {worstStatus} from '../checks/types.js'
import {connectTerminal, type ConnectedTerminal} from '../device/connect.js'
import {probeTerminal} from '../device/probe.js'
import {targetFromFlags, type TerminalTarget} from '../device/target.js'
import {toPosdocError} from '../output/error-map.js'
import type {Clock} from '../util/clock.js'
import type {FleetEntry, FleetRowError} from './fleet.js'

export const BATCH_CHECKS = ['device', 'status', 'network'] as const
export type BatchCheck = (typeof BATCH_CHECKS)[number]

export type TerminalVerdict = 'healthy' | 'warning' | 'problem' | 'unreachable' | 'error'

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

export interface BatchResult {
  schema: 'posdoc.batch/1'
  checks: BatchCheck[]
  concurrency: number
  timeoutSeconds: number
  summary: Record<TerminalVerdict, number> & {total: number}
  terminals: TerminalReport[]
  rowErrors: FleetRowError[]
  durationMs: number
}

/** A check family run against one connected terminal (network checks plug in here). */
export type ExtraCheck = (entry: FleetEntry, conn: ConnectedTerminal | undefined, deadlineMs: number) => Promise<CheckResult[]>

export interface BatchOptions {
  checks: BatchCheck[]
  concurrency: number
  timeoutMs: number
  clock: Clock
  networkCheck?: ExtraCheck
  onProgress?: (done: number, total: number, last: TerminalReport) => void
}

const STATUS_ONLY = new Set(['device.link', 'device.registration', 'device.status', 'device.printer'])

/**
 * Check every terminal with bounded concurrency and a deadline per terminal: a terminal that
 * hangs is cut off (its link closed) and reported, and never holds up the rest.
 */
export async function runBatch(entries: FleetEntry[], rowErrors: FleetRowError[], opts: BatchOptions): Promise<BatchResult> {
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
      opts.onProgress?.(done, entries.length, reports[i]!)
    }
  }
  await Promise.all(Array.from({length: Math.max(1, Math.min(opts.concurrency, entries.length))}, worker))
  const summary = {total: entries.length + rowErrors.length, healthy: 0, warning: 0, problem: 0, unreachable: 0, error: rowErrors.length}
  for (const r of reports) summary[r.verdict]++
  return {
    schema: 'posdoc.batch/1',
    checks: opts.checks,
    concurrency: opts.concurrency,
    timeoutSeconds: opts.timeoutMs / 1000,
    summary,
    terminals: reports,
    rowErrors,
    durationMs: opts.clock.now() - started,
  }
}

function entryTarget(e: FleetEntry): TerminalTarget {
  return targetFromFlags({tcp: e.tcp, serial: e.serial, baud: e.baud, password: e.password, demo: false}, {knownScenarios: []})
}

async function checkOne(entry: FleetEntry, opts: BatchOptions): Promise<TerminalReport> {
  const started = opts.clock.now()
  const base = {name: entry.name, line: entry.line, target: entry.tcp ?? entry.serial ?? ''}
  let conn: ConnectedTerminal | undefined
  let timedOut = false
  const work = async (): Promise<TerminalReport> => {
    const target = entryTarget(entry)
    base.target = target.label
    const checks: CheckResult[] = []
    let terminalId: string | undefined
    const wantsTerminal = opts.checks.includes('device') || opts.checks.includes('status')
    if (wantsTerminal) {
      conn = await connectTerminal(target, {password: entry.password ?? '000000', clock: opts.clock})
      if (timedOut) throw new Error('deadline')
      const probe = await probeTerminal(conn.terminal, {clock: opts.clock, target: {kind: target.kind, label: target.label, link: conn.linkLabel}})
      terminalId = probe.terminal.terminalId
      checks.push(...(opts.checks.includes('device') ? probe.checks : probe.checks.filter((c) => STATUS_ONLY.has(c.id))))
    }
    if (opts.checks.includes('network') && opts.networkCheck) {
      checks.push(...(await opts.networkCheck(entry, conn, opts.timeoutMs)))
    }
    const worst = worstStatus(checks)
    const verdict: TerminalVerdict = worst === 'pass' || worst === 'skip' ? 'healthy' : worst === 'warn' ? 'warning' : 'problem'
    if (entry.terminalId && terminalId && entry.terminalId !== terminalId) {
      checks.push({
        id: 'batch.terminal-id',
        title: 'Terminal ID matches the fleet file',
        status: 'fail',
        summary: `terminal reports TID ${terminalId}, fleet file says ${entry.terminalId}`,
        evidence: {expected: entry.terminalId, actual: terminalId},
        remedy: 'Check which terminal sits at this address (swapped devices?) and correct the fleet file',
        durationMs: 0,
      })
      return {...base, verdict: 'problem', ...(terminalId ? {terminalId} : {}), checks, durationMs: opts.clock.now() - started}
    }
    return {...base, verdict, ...(terminalId ? {terminalId} : {}), checks, durationMs: opts.clock.now() - started}
  }

  let timer: ReturnType<Clock['setTimeout']> | undefined
  const deadline = new Promise<TerminalReport>((resolve) => {
    timer = opts.clock.setTimeout(() => {
      timedOut = true
      void conn?.close()
      resolve({
        ...base,
        verdict: 'unreachable',
        checks: [],
        error: {code: 'BATCH_DEADLINE', message: `no complete answer within ${opts.timeoutMs / 1000} s`, remedy: 'Check the terminal is on and idle; raise --timeout for slow links'},
        durationMs: opts.clock.now() - started,
      })
    }, opts.timeoutMs)
  })
  try {
    return await Promise.race([
      work().catch((e): TerminalReport => {
        const err = toPosdocError(e, {target: base.target})
        return {
          ...base,
          verdict: err.exitCode === 3 ? 'unreachable' : 'error',
          checks: [],
          error: {code: err.code, message: err.message, ...(err.remedy ? {remedy: err.remedy} : {})},
          durationMs: opts.clock.now() - started,
        }
      }),
      deadline,
    ])
  } finally {
    if (timer) opts.clock.clearTimeout(timer)
    await conn?.close()
  }
}
