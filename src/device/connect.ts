import {appendFileSync} from 'node:fs'

import {recoverUnresolved, recoveryLines, type RecoveryReport} from '../actions/recovery.js'
import {QUERY_RETRY_DELAYS_MS} from '../actions/terminal-records.js'
import {terminalKey} from '../config/paths.js'
import {t} from '../i18n/index.js'
import {isPosdocError} from '../output/errors.js'
import {ActionJournal} from '../store/action-journal.js'
import {acquireTerminalLock, type TerminalLock} from '../store/terminal-lock.js'
import type {ZvtTimeouts} from '../terminal/zvt/session.js'
import {PosdocError} from '../output/errors.js'
import {ExitCode} from '../output/exit-codes.js'
import {WireLog} from '../terminal/wire-log.js'
import {ZvtTerminal} from '../terminal/zvt/zvt-terminal.js'
import type {Link} from '../transport/link.js'
import {createMemoryLinkPair} from '../transport/memory.js'
import {openSerialLink} from '../transport/serial.js'
import {openTcpLink} from '../transport/tcp.js'
import {systemClock, type Clock} from '../util/clock.js'
import {BAUD_RATES, type TerminalTarget} from './target.js'

export interface ConnectedTerminal {
  terminal: ZvtTerminal
  link: Link
  /** human description of the link, e.g. "serial /dev/ttyUSB0 9600 8N2" */
  linkLabel: string
  baudRate?: number
  wireLog: WireLog
  /** stable key of this terminal (lock and action-journal file names) */
  terminalKey: string
  /** the terminal's write-ahead action journal (in memory for --demo) */
  journal: ActionJournal
  /** held until close(); undefined for --demo, or when locking was best-effort and the data directory is unusable */
  lock: TerminalLock | undefined
  /** what the recovery of unresolved intents found right after connecting (undefined: not run) */
  recovery: RecoveryReport | undefined
  /** --demo with ConnectOptions.demoAcquirer: the simulated acquirer host the demo terminal uses */
  demoAcquirer?: {host: string; port: number; ca: string; scenario: string}
  /** closes the link and releases the lock */
  close(): Promise<void>
}

export interface ConnectOptions {
  password: string
  clock?: Clock
  /** append every wire-log entry as one JSON line to this file */
  wireLogFile?: string
  onStep?: (text: string) => void
  /** ZVT timeouts, e.g. a T4 the user chose for a reversal */
  timeouts?: Partial<ZvtTimeouts>
  /** what this posdoc is doing, shown to a second one that finds the terminal locked (default "posdoc") */
  command?: string
  /**
   * 'required' (money-moving commands): no lock, no connection. 'best-effort' (default, read-only
   * commands): an unusable data directory is tolerated; a lock held by another posdoc never is.
   * 'none': the caller already holds the lock (a second link to the same terminal, e.g. to ask it
   * what happened after the first link died).
   */
  lock?: 'required' | 'best-effort' | 'none'
  /** resolve unresolved intents of the action journal right after connecting (default true) */
  recover?: boolean
  /** told what the recovery found (only when there was something); default: one line each on stderr */
  onRecovery?: (report: RecoveryReport) => void
  /** --demo only: also start the simulated acquirer host (TLS on loopback) the demo terminal's Diagnosis connects to */
  demoAcquirer?: {scenario?: string}
}

/** Auto-baud probes with short waits: a terminal at the right rate ACKs within milliseconds. */
const AUTO_BAUD_TIMEOUTS = {t2Ms: 700, t3Ms: 1500}

/**
 * Lock the terminal (one posdoc at a time), open the link, and resolve whatever an earlier,
 * interrupted posdoc left unresolved in the action journal (src/actions/recovery.ts) before the
 * caller sends its first command.
 */
export async function connectTerminal(target: TerminalTarget, opts: ConnectOptions): Promise<ConnectedTerminal> {
  const clock = opts.clock ?? systemClock
  const key = terminalKey(target)
  let lock: TerminalLock | undefined
  if (target.kind !== 'demo' && opts.lock !== 'none') {
    try {
      lock = await acquireTerminalLock(key, {command: opts.command ?? 'posdoc', label: target.label})
    } catch (e) {
      if (opts.lock === 'required' || !isPosdocError(e) || e.code !== 'LOCK_FAILED') throw e
    }
  }
  // --demo is a private simulator that lives as long as this process: its journal does too
  const journal = target.kind === 'demo' ? ActionJournal.inMemory(() => clock.now()) : ActionJournal.forTerminal(key, {now: () => clock.now()})
  let conn: ConnectedTerminal
  try {
    conn = await openTerminal(target, opts, clock, {key, journal, lock})
  } catch (e) {
    await lock?.release()
    throw e
  }
  if (opts.recover !== false) {
    try {
      conn.recovery = await recoverUnresolved(conn.terminal, journal, {retry: {clock, delaysMs: QUERY_RETRY_DELAYS_MS}})
    } catch (e) {
      // an unreadable journal only matters where money moves; there the command reads it again and fails
      if (opts.lock === 'required' || !isPosdocError(e)) {
        await conn.close()
        throw e
      }
    }
    if (conn.recovery && conn.recovery.checked > 0) {
      const tell = opts.onRecovery ?? ((r: RecoveryReport) => process.stderr.write(recoveryLines(r).map((l) => `${l}\n`).join('')))
      tell(conn.recovery)
    }
  }
  return conn
}

async function openTerminal(
  target: TerminalTarget,
  opts: ConnectOptions,
  clock: Clock,
  extra: {key: string; journal: ActionJournal; lock: TerminalLock | undefined},
): Promise<ConnectedTerminal> {
  const wireLog = new WireLog({clock})
  if (opts.wireLogFile) {
    const file = opts.wireLogFile
    wireLog.addSink((entry) => appendFileSync(file, `${JSON.stringify(entry)}\n`))
  }
  const make = (link: Link, framing: 'serial' | 'tcp', baudRate?: number, reopen?: () => Promise<Link>): ConnectedTerminal => {
    const terminal = new ZvtTerminal(link, {framing, password: opts.password, clock, wireLog, ...(opts.timeouts ? {timeouts: opts.timeouts} : {}), ...(reopen ? {reopen} : {})})
    return {
      terminal,
      link,
      linkLabel: link.description,
      ...(baudRate ? {baudRate} : {}),
      wireLog,
      terminalKey: extra.key,
      journal: extra.journal,
      lock: extra.lock,
      recovery: undefined,
      close: async () => {
        await terminal.close().catch(() => undefined)
        await link.close().catch(() => undefined)
        await extra.lock?.release()
      },
    }
  }

  switch (target.kind) {
    case 'demo': {
      // Lazy: the simulator is only loaded for --demo. Serial framing so the demo exercises
      // ACK/NAK and the garble scenario like a real RS-232 terminal would.
      const {SimTerminal} = await import('../sim/terminal.js')
      const acquirer = opts.demoAcquirer ? await (await import('../sim/acquirer/demo.js')).startDemoAcquirer({...opts.demoAcquirer, clock}) : undefined
      const sim = await SimTerminal.create({seed: 1, scenario: target.scenario as never, clock, ...(acquirer ? {hostProbe: acquirer.hostProbe} : {})}).catch(async (e) => {
        await acquirer?.close()
        throw e
      })
      const [ecrSide, ptSide] = createMemoryLinkPair('serial')
      sim.attach(ptSide, 'serial')
      ecrSide.onClose(() => void sim.close())
      const c = make(ecrSide, 'serial')
      c.linkLabel = `demo simulator (${target.scenario})`
      if (acquirer) {
        const closeTerminal = c.close
        c.demoAcquirer = acquirer.info
        c.close = async () => {
          await closeTerminal()
          await acquirer.close()
        }
      }
      return c
    }
    case 'tcp': {
      opts.onStep?.(target.label)
      const link = await openTcpLink({host: target.host, port: target.port})
      // a PT may close the socket between transactions: the next command connects again
      return make(link, 'tcp', undefined, () => openTcpLink({host: target.host, port: target.port}))
    }
    case 'serial': {
      if (target.baud !== 'auto') {
        const link = await openSerialLink({path: target.path, baudRate: target.baud})
        return make(link, 'serial', target.baud)
      }
      const baud = await detectBaud(target.path, opts, clock)
      const link = await openSerialLink({path: target.path, baudRate: baud})
      return make(link, 'serial', baud)
    }
  }
}

/**
 * Try each standard rate with a Status-Enquiry; the first rate at which the terminal answers
 * with a well-formed frame wins. Port errors (missing, busy) end the search at once.
 */
export async function detectBaud(path: string, opts: ConnectOptions, clock: Clock, open = openSerialLink): Promise<number> {
  for (const baudRate of BAUD_RATES) {
    opts.onStep?.(`${path} @ ${baudRate}`)
    const link = await open({path, baudRate})
    const terminal = new ZvtTerminal(link, {framing: 'serial', password: opts.password, clock, timeouts: AUTO_BAUD_TIMEOUTS, maxSends: 2})
    try {
      await terminal.status()
      return baudRate
    } catch (e) {
      const code = (e as {code?: string}).code
      if (code !== 'ZVT_NO_ACK' && code !== 'ZVT_T3_TIMEOUT') throw e
    } finally {
      await terminal.close().catch(() => undefined)
      await link.close().catch(() => undefined)
    }
  }
  throw new PosdocError({
    code: 'BAUD_NOT_FOUND',
    exitCode: ExitCode.Unreachable,
    message: t('BAUD_NOT_FOUND', {target: path, tried: BAUD_RATES.join('/')}),
    remedy: t('BAUD_NOT_FOUND_REMEDY'),
  })
}
