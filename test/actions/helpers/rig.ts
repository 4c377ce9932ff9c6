/**
 * In-process rig for the action services: the simulated PT and posdoc's ZvtTerminal on an
 * in-memory link pair, one FakeClock for both, a memory action journal. "A posdoc process" is
 * one connect(); a crash closes its link and makes its journal refuse further writes, which is
 * what a kill -9 leaves behind.
 */
import {ActionJournal, MemoryJournalStore} from '../../../src/store/action-journal.js'
import type {CrashPoint} from '../../../src/actions/crash-points.js'
import {recoverUnresolved, type RecoveryReport} from '../../../src/actions/recovery.js'
import {voidRetry, type VoidRequest, type VoidResult} from '../../../src/actions/void-retry.js'
import type {ScenarioName, ScenarioOptions} from '../../../src/sim/scenarios.js'
import {SimTerminal} from '../../../src/sim/terminal.js'
import type {JournalRecord} from '../../../src/sim/types.js'
import {ZvtTerminal} from '../../../src/terminal/zvt/zvt-terminal.js'
import type {Link} from '../../../src/transport/link.js'
import {createMemoryLinkPair} from '../../../src/transport/memory.js'
import {FakeClock} from '../../../src/util/clock.js'

/** 14 March 2025, 15:00 UTC. */
export const NOW = Date.UTC(2025, 2, 14, 15, 0, 0)

export class SimulatedCrash extends Error {
  constructor(readonly point: CrashPoint | 'journal') {
    super(`simulated kill -9 at ${point}`)
  }
}

/** A journal store shared by all "processes" of a test; writes fail once the writer is dead. */
export class SharedStore extends MemoryJournalStore {
  dead = false
  override async append(line: string): Promise<void> {
    if (this.dead) throw new SimulatedCrash('journal')
    return super.append(line)
  }
}

export async function settle(rounds = 10): Promise<void> {
  for (let i = 0; i < rounds; i++) await new Promise((r) => setImmediate(r))
}

/** Run a promise to its end, advancing the fake clock whenever nothing else can happen. */
export async function drive<T>(p: Promise<T>, clock: FakeClock, opts: {stepMs?: number; maxMs?: number} = {}): Promise<T> {
  const stepMs = opts.stepMs ?? 250
  const maxMs = opts.maxMs ?? 30 * 60_000
  let done = false
  let value: T | undefined
  let error: unknown
  p.then(
    (v) => {
      done = true
      value = v
    },
    (e: unknown) => {
      done = true
      error = e
    },
  )
  for (let t = 0; ; t += stepMs) {
    await settle()
    if (done) break
    if (t > maxMs) throw new Error(`drive: still running after ${maxMs} ms of fake time`)
    clock.advance(stepMs)
  }
  if (error !== undefined) throw error
  return value as T
}

export interface Process {
  terminal: ZvtTerminal
  link: Link
  journal: ActionJournal
  /** kill -9: the link drops, the journal takes no more writes */
  crash(): void
  readonly crashed: boolean
  close(): Promise<void>
}

export interface Rig {
  clock: FakeClock
  sim: SimTerminal
  store: SharedStore
  framing: 'tcp' | 'serial'
  /** start "a posdoc process" */
  connect(): Process
  setScenario(name: ScenarioName, opts?: ScenarioOptions): Promise<void>
  /** the sim's journal records */
  records(): JournalRecord[]
  /** open-batch sales still standing, newest last */
  standingSales(): JournalRecord[]
  reversalsOf(receiptNumber: number): JournalRecord[]
}

export const PASSWORD = '000000'

export async function makeRig(opts: {framing?: 'tcp' | 'serial'; scenario?: ScenarioName; scenarioOptions?: ScenarioOptions; journalSize?: number} = {}): Promise<Rig> {
  const clock = new FakeClock(NOW)
  const framing = opts.framing ?? 'tcp'
  const sim = await SimTerminal.create({
    seed: 1,
    clock,
    scenario: opts.scenario ?? 'healthy',
    ...(opts.scenarioOptions ? {scenarioOptions: opts.scenarioOptions} : {}),
    ...(opts.journalSize === undefined ? {} : {journalSize: opts.journalSize}),
    timing: {cardWaitMs: 0, hostMs: 0},
  })
  const store = new SharedStore()
  const rig: Rig = {
    clock,
    sim,
    store,
    framing,
    connect() {
      store.dead = false
      const [ecrLink, ptLink] = createMemoryLinkPair(framing)
      sim.attach(ptLink, framing)
      const terminal = new ZvtTerminal(ecrLink, {framing, password: PASSWORD, clock, timeouts: {t4Ms: 3000}})
      let crashed = false
      return {
        terminal,
        link: ecrLink,
        journal: new ActionJournal(store, () => clock.now()),
        crash() {
          crashed = true
          store.dead = true
          void ecrLink.close()
        },
        get crashed() {
          return crashed
        },
        async close() {
          await terminal.close().catch(() => undefined)
          await ecrLink.close().catch(() => undefined)
        },
      }
    },
    async setScenario(name, o = {}) {
      if (!sim.poweredOn) await sim.powerOn()
      await sim.setScenario(name, o)
    },
    records: () => sim.state.journal,
    standingSales: () => sim.state.journal.filter((r) => r.type === 'sale' && r.state === 'booked' && r.batchNumber === sim.state.counters.batchNumber && r.receiptNumber !== null),
    reversalsOf: (n) => sim.state.journal.filter((r) => r.type === 'reversal' && r.state === 'booked' && r.originalReceiptNumber === n),
  }
  return rig
}

export interface RunOptions {
  crashAt?: CrashPoint
  confirm?: boolean
  attempts?: number
  refund?: boolean
  amountCents?: number
  dryRun?: boolean
  expectedTerminalId?: string
}

/** One `posdoc void retry` as the CLI runs it: connect, recover, void; a crash point ends the "process". */
export async function runVoid(rig: Rig, receiptNumber: number, o: RunOptions = {}): Promise<{result?: VoidResult; recovery: RecoveryReport; crashed: boolean; error?: unknown; process: Process}> {
  const proc = rig.connect()
  const retry = {clock: rig.clock, delaysMs: [1000, 2000, 4000]}
  let recovery: RecoveryReport = {checked: 0, resolved: [], unresolved: [], journal: 'memory'}
  const work = async () => {
    recovery = await recoverUnresolved(proc.terminal, proc.journal, {retry})
    const req: VoidRequest = {
      receiptNumber,
      refund: o.refund ?? false,
      dryRun: o.dryRun ?? false,
      attempts: o.attempts ?? 2,
      ...(o.amountCents === undefined ? {} : {amountCents: o.amountCents}),
      ...(o.expectedTerminalId ? {expectedTerminalId: o.expectedTerminalId} : {}),
    }
    const result = await voidRetry(req, {
      terminal: proc.terminal,
      password: PASSWORD,
      journal: proc.journal,
      target: {kind: 'memory', label: 'sim', link: 'memory', key: 'memory-sim'},
      clock: rig.clock,
      confirm: async () => o.confirm ?? true,
      hooks: {
        at(point) {
          if (point === o.crashAt) proc.crash()
        },
      },
      backoffMs: [2000, 4000],
      queryDelaysMs: [1000, 2000, 4000],
      reconnect: async () => {
        if (proc.crashed) return undefined
        return rig.connect().terminal
      },
      recovery,
    })
    return result
  }
  try {
    const result = await drive(work(), rig.clock)
    return {recovery, result, crashed: proc.crashed, process: proc}
  } catch (error) {
    return {recovery, crashed: proc.crashed, error, process: proc}
  } finally {
    await proc.close()
  }
}

/** A later start: connect and recover only (what every command does first). */
export async function runRecovery(rig: Rig): Promise<RecoveryReport> {
  const proc = rig.connect()
  try {
    return await drive(recoverUnresolved(proc.terminal, proc.journal, {retry: {clock: rig.clock, delaysMs: [1000, 2000, 4000]}}), rig.clock)
  } finally {
    await proc.close()
  }
}
