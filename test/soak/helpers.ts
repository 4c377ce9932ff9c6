/**
 * Multi-process soak rig. The terminal is `posdoc sim` in its own process on a --state DIR (its
 * state.json is the terminal's flash); it can be SIGKILLed at any moment and restarted on the same
 * address and state, like a terminal that reboots. posdoc is the built CLI with its own data
 * directory (action journal, lock), SIGKILLed at a random delay or at a test stop point. Only
 * 127.0.0.1 and socat ptys.
 */
import {spawn, type ChildProcess} from 'node:child_process'
import {existsSync, mkdirSync, readdirSync, watch} from 'node:fs'
import {mkdtemp, readdir, readFile, rm} from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'

import {STOP_MARKER, type CrashPoint} from '../../src/actions/crash-points.js'
import {ActionJournal, FileJournalStore, type JournalRead} from '../../src/store/action-journal.js'
import type {ScenarioName, ScenarioOptions} from '../../src/sim/scenarios.js'
import type {JournalRecord, SimState} from '../../src/sim/types.js'
import {repoRoot} from '../helpers/cli.js'
import {startSimProcess, type SimProcess} from '../helpers/sim-process.js'
import {createPtyPair, type PtyPair} from '../helpers/socat.js'

export type Framing = 'tcp' | 'serial'

export interface Fault {
  scenario: ScenarioName
  dropAt?: ScenarioOptions['dropAt']
}

export const faultName = (f: Fault): string => (f.dropAt ? `${f.scenario}/${f.dropAt}` : f.scenario)

/**
 * How a posdoc run ends early: SIGKILL after a delay; once it stopped at a test stop point; or the
 * moment its terminal lock is taken (lock directory created) or being released (owner file
 * removed), the narrow windows in which a killed posdoc could leave a lock nobody can claim.
 */
export type CliKill = {kind: 'delay'; ms: number} | {kind: 'point'; point: CrashPoint} | {kind: 'lock'; at: 'taken' | 'released'}

export interface WireEntry {
  dir: 'ECR->PT' | 'PT->ECR'
  layer: string
  hex: string
  summary: string
}

export interface RunResult {
  args: string[]
  code: number | null
  signal: NodeJS.Signals | null
  stdout: string
  stderr: string
  /** we SIGKILLed it (after a delay, or at its stop point) */
  killed: boolean
  /** it did not end by itself within the hard limit (a hang: always a finding) */
  hung: boolean
  durationMs: number
  /** its masked wire log (--wire-log): what it really sent */
  wire: WireEntry[]
}

const bin = path.join(repoRoot, 'bin', 'run.js')

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve()
  return new Promise((resolve) => child.once('exit', () => resolve()))
}

export class SoakRig {
  sim: SimProcess | undefined
  /** the fault the running simulator plays */
  fault: Fault | undefined
  port = 0
  private pty: PtyPair | undefined
  private runs = 0

  private constructor(
    readonly framing: Framing,
    readonly dir: string,
    readonly simSeed: number,
    readonly journalSize: number,
  ) {}

  static async create(framing: Framing, opts: {simSeed: number; journalSize: number}): Promise<SoakRig> {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'posdoc-soak-'))
    const rig = new SoakRig(framing, dir, opts.simSeed, opts.journalSize)
    if (framing === 'serial') rig.pty = await createPtyPair()
    return rig
  }

  get stateDir(): string {
    return path.join(this.dir, 'sim')
  }

  get dataDir(): string {
    return path.join(this.dir, 'data')
  }

  get simAlive(): boolean {
    const c = this.sim?.child
    return c !== undefined && c.exitCode === null && c.signalCode === null
  }

  /**
   * Start the simulator on the rig's address and state. TCP: a port below the ephemeral range, so
   * that while the terminal is down no other process's connection or `listen(0)` takes it; the
   * same port on every restart (posdoc's journal and lock belong to that address).
   */
  async startSim(fault: Fault): Promise<void> {
    if (this.simAlive) throw new Error('simulator already running')
    const firstStart = this.framing === 'tcp' && this.port === 0
    let lastError: unknown
    for (let i = 0; i < 5; i++) {
      if (firstStart) this.port = 21_000 + Math.floor(Math.random() * 11_000)
      const where = this.framing === 'tcp' ? ['--tcp', String(this.port)] : ['--serial', this.pty!.a, '--baud', '9600']
      const args = [...where, '--state', this.stateDir, '--seed', String(this.simSeed), '--journal-size', String(this.journalSize), '--scenario', fault.scenario]
      if (fault.dropAt) args.push('--drop-at', fault.dropAt)
      try {
        this.sim = await startSimProcess(args)
        this.fault = fault
        return
      } catch (e) {
        lastError = e
        if (!/in use/i.test(String(e))) break
        await new Promise((r) => setTimeout(r, 200))
      }
    }
    throw lastError
  }

  /** Power cut: SIGKILL, wait until the process is gone. */
  async killSim(): Promise<void> {
    const c = this.sim?.child
    this.sim = undefined
    if (!c) return
    c.kill('SIGKILL')
    await exited(c)
  }

  /** Clean shutdown (SIGTERM). */
  async stopSim(): Promise<void> {
    const s = this.sim
    this.sim = undefined
    await s?.stop()
  }

  async close(opts: {keep?: boolean} = {}): Promise<void> {
    await this.killSim()
    await this.pty?.close()
    if (!opts.keep) await rm(this.dir, {recursive: true, force: true})
  }

  terminalFlags(): string[] {
    return this.framing === 'tcp' ? ['--tcp', `127.0.0.1:${this.port}`] : ['--serial', this.pty!.b, '--baud', '9600']
  }

  /**
   * Start one posdoc run (`--json`, its own wire log); `done` resolves when it has ended, by itself
   * or by our SIGKILL. A run still going after `hardLimitMs` is killed and marked hung.
   */
  start(args: string[], opts: {kill?: CliKill | undefined; hardLimitMs: number}): {done: Promise<RunResult>} {
    const wireFile = path.join(this.dir, `wire-${++this.runs}.jsonl`)
    const full = [...args, ...this.terminalFlags(), '--json', '--wire-log', wireFile]
    const env: Record<string, string | undefined> = {...process.env, LANG: 'C.UTF-8', POSDOC_LANG: '', NO_COLOR: '1', POSDOC_DATA_DIR: this.dataDir}
    if (opts.kill?.kind === 'point') Object.assign(env, {POSDOC_TEST: '1', POSDOC_TEST_CRASH_AT: opts.kill.point})
    const started = Date.now()
    const child = spawn(process.execPath, [bin, ...full], {cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe']})
    let stdout = ''
    let stderr = ''
    let killed = false
    let hung = false
    const kill = () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
    }
    child.stdout.on('data', (d) => (stdout += d))
    child.stderr.on('data', (d) => {
      stderr += d
      if (opts.kill?.kind === 'point' && stderr.includes(`${STOP_MARKER} ${opts.kill.point}`)) {
        killed = true
        kill()
      }
    })
    const timers: NodeJS.Timeout[] = []
    const stopWatching = opts.kill?.kind === 'lock' ? this.watchLock(opts.kill.at, () => {
      killed = child.exitCode === null && child.signalCode === null
      kill()
    }) : () => undefined
    if (opts.kill?.kind === 'delay') {
      timers.push(
        setTimeout(() => {
          killed = child.exitCode === null && child.signalCode === null
          kill()
        }, opts.kill.ms),
      )
    }
    timers.push(
      setTimeout(() => {
        hung = true
        kill()
      }, opts.hardLimitMs),
    )
    const done = new Promise<RunResult>((resolve, reject) => {
      child.on('error', reject)
      child.on('close', async (code, signal) => {
        for (const t of timers) clearTimeout(t)
        stopWatching()
        resolve({args: full, code, signal, stdout, stderr, killed, hung, durationMs: Date.now() - started, wire: await readWire(wireFile)})
      })
    })
    return {done}
  }

  /**
   * Call `hit` when the terminal lock is taken (its directory appears) or released (the owner file
   * disappears while the lock directory is still there). Returns the function that stops watching.
   */
  private watchLock(at: 'taken' | 'released', hit: () => void): () => void {
    const dir = path.join(this.dataDir, 'locks')
    mkdirSync(dir, {recursive: true})
    const lockDirs = () => readdirSync(dir).filter((f) => f.endsWith('.lock'))
    const owners = () => readdirSync(dir).filter((f) => f.endsWith('.owner.json'))
    // taken: a lock left by a killed run is taken over (removed, created again), only a new one
    // counts; released: only once this run has named itself as the owner
    let armed = at === 'taken' ? lockDirs().length === 0 : false
    let done = false
    const watcher = watch(dir, () => {
      if (done) return
      const locked = lockDirs().length > 0
      const named = owners().length > 0
      if (at === 'taken') {
        if (!locked) armed = true
        else if (armed) {
          done = true
          hit()
        }
      } else if (locked && named) armed = true
      else if (locked && !named && armed) {
        done = true
        hit()
      }
    })
    return () => watcher.close()
  }

  async simState(): Promise<SimState> {
    const file = path.join(this.stateDir, 'state.json')
    const text = await readFile(file, 'utf8')
    try {
      return JSON.parse(text) as SimState
    } catch (e) {
      throw new Error(`the simulator's state.json does not parse (${(e as Error).message}); ${text.length} bytes`)
    }
  }

  /** posdoc's action journal of this terminal, read the way posdoc reads it (torn lines skipped). */
  async actionJournal(): Promise<JournalRead> {
    const dir = path.join(this.dataDir, 'journals')
    const files = existsSync(dir) ? (await readdir(dir)).filter((f) => f.endsWith('.jsonl')) : []
    if (files.length > 1) throw new Error(`one terminal, one action journal expected; found ${files.join(', ')}`)
    if (files.length === 0) return {records: [], skipped: []}
    return new ActionJournal(new FileJournalStore(path.join(dir, files[0]!))).read()
  }
}

async function readWire(file: string): Promise<WireEntry[]> {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch {
    return []
  }
  const out: WireEntry[] = []
  for (const line of text.split('\n')) {
    if (!line.trim()) continue
    try {
      out.push(JSON.parse(line) as WireEntry)
    } catch {
      // a line cut by the kill
    }
  }
  return out
}

// ---------------------------------------------------------------- invariants

/** An invariant that does not hold: the message says which and where. */
export class Violation extends Error {
  override name = 'Violation'
}

function must(ok: boolean, message: () => string): void {
  if (!ok) throw new Violation(message())
}

const DOCUMENTED_EXIT_CODES = new Set([0, 1, 2, 3, 4])
const VOID_STATUSES = new Set(['reversed', 'already-reversed', 'nothing-to-void', 'refund-needed', 'refunded', 'not-on-terminal', 'failed', 'in-doubt', 'blocked', 'dry-run', 'declined'])
const REPRINT_STATUSES = new Set(['printed', 'text-only', 'not-on-terminal'])
/** a JS stack frame on stderr means something escaped the error mapping */
const STACK_FRAME = /^\s+at .+:\d+:\d+\)?$/m

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a --json document under test
export type Doc = Record<string, any>

/**
 * A run that ended by itself: a documented exit code (never 10, never a signal), exactly one JSON
 * document on stdout whose exit code is the process's, no stack trace. Returns the document.
 */
export function checkRun(r: RunResult, command: 'void' | 'reprint'): Doc {
  const where = () => `posdoc ${r.args.join(' ')}\nexit ${r.code} signal ${r.signal}\nstdout: ${r.stdout}\nstderr: ${r.stderr}`
  must(!r.hung, () => `run did not end by itself (hang)\n${where()}`)
  must(r.code !== null && DOCUMENTED_EXIT_CODES.has(r.code), () => `undocumented exit code\n${where()}`)
  must(!STACK_FRAME.test(r.stderr), () => `stack trace on stderr\n${where()}`)
  let doc: Doc
  try {
    doc = JSON.parse(r.stdout) as Doc
  } catch {
    throw new Violation(`stdout is not exactly one JSON document\n${where()}`)
  }
  if (doc.error) {
    must(typeof doc.error.code === 'string' && doc.error.exitCode === r.code, () => `error document does not match the exit code\n${where()}`)
  } else {
    must(doc.exitCode === r.code, () => `JSON exitCode ${doc.exitCode} differs from the process's\n${where()}`)
    if (command === 'void') {
      must(doc.schema === 'posdoc.void-retry/1' && VOID_STATUSES.has(doc.status), () => `unknown void result\n${where()}`)
      if (doc.status === 'reversed' || doc.status === 'already-reversed') must(r.code === 0, () => `${doc.status} must exit 0\n${where()}`)
    } else {
      must(doc.schema === 'posdoc.receipt-reprint/1' && REPRINT_STATUSES.has(doc.status), () => `unknown reprint result\n${where()}`)
    }
  }
  // every input in the soak is valid: "bad input" would be posdoc blaming the user for a fault
  must(r.code !== 2, () => `exit 2 (bad input) for a valid request\n${where()}`)
  // one posdoc at a time here: a lock left by a killed posdoc must never block the next one
  must(doc.error?.code !== 'TERMINAL_LOCKED', () => `the terminal is still locked by a killed posdoc\n${where()}`)
  return doc
}

/** Money-moving commands posdoc may send: reversal, refund, authorisation. */
const MONEY_APDU = /^06 (30|31|01)\b/

/** A reprint (and the recovery it runs at start) never sends anything that moves money. */
export function checkReprintSentNoMoney(r: RunResult): void {
  const money = r.wire.filter((e) => e.dir === 'ECR->PT' && e.layer === 'apdu' && MONEY_APDU.test(e.hex))
  must(money.length === 0, () => `receipt reprint sent a money command: ${money.map((e) => e.summary).join('; ')}\nposdoc ${r.args.join(' ')}`)
}

/** 06 30 sent per receipt number, from the wire logs. */
export function reversalSends(wire: readonly WireEntry[]): Map<number, number> {
  const sends = new Map<number, number>()
  for (const e of wire) {
    if (e.dir !== 'ECR->PT' || e.layer !== 'apdu' || !e.hex.startsWith('06 30')) continue
    const m = /receipt=(\d+)/.exec(e.summary)
    if (!m) throw new Violation(`06 30 without a receipt number in the wire log: ${e.summary}`)
    const n = Number(m[1])
    sends.set(n, (sends.get(n) ?? 0) + 1)
  }
  return sends
}

const identity = (r: JournalRecord) =>
  JSON.stringify([r.receiptNumber, r.traceNumber, r.turnoverNumber, r.batchNumber, r.time, r.type, r.amountCents, r.panMasked, r.terminalId, r.originalReceiptNumber ?? null, r.originalTraceNumber ?? null])

/** State changes a terminal may make to a record it already holds. */
const ALLOWED_TRANSITIONS: Readonly<Record<string, readonly string[]>> = {
  // a reversal books (reversed); an unconfirmed reversal is undone and puts its sale back (booked)
  'sale:booked': ['reversed'],
  'sale:reversed': ['booked'],
  // a reversal whose 04 0F the ECR never acknowledged is reversed by the PT itself
  'reversal:booked': ['auto-reversed'],
}

/**
 * The terminal's persisted journal across everything that happened since `before` (kills,
 * restarts): no record lost or rewritten (same records in the same order, only the state changes
 * a terminal makes), new records are reversals of the soak's receipts only, and no receipt has
 * more than one standing reversal.
 */
export function checkSimJournal(before: SimState, after: SimState, targets: readonly number[]): void {
  must(after.journal.length >= before.journal.length, () => `the terminal lost journal records: ${before.journal.length} before, ${after.journal.length} after`)
  before.journal.forEach((b, i) => {
    const a = after.journal[i]!
    must(identity(a) === identity(b), () => `journal record ${i} changed or lost:\nbefore ${JSON.stringify(b)}\nafter  ${JSON.stringify(a)}`)
    if (a.state !== b.state) {
      must(ALLOWED_TRANSITIONS[`${b.type}:${b.state}`]?.includes(a.state) === true, () => `journal record ${i} went ${b.state} -> ${a.state}: ${JSON.stringify(a)}`)
    }
  })
  for (const a of after.journal.slice(before.journal.length)) {
    must(a.type === 'reversal' && targets.includes(a.originalReceiptNumber ?? -1), () => `unexpected new journal record (only reversals of ${targets.join(', ')} may appear): ${JSON.stringify(a)}`)
  }
  must(after.counters.traceNumber >= before.counters.traceNumber, () => `trace counter went back: ${before.counters.traceNumber} -> ${after.counters.traceNumber}`)
  for (const n of targets) {
    const standing = bookedReversals(after, n)
    must(standing.length <= 1, () => `receipt ${n} reversed ${standing.length} times on the terminal: ${JSON.stringify(standing)}`)
    const sale = after.journal.find((r) => r.type === 'sale' && r.receiptNumber === n && r.batchNumber === after.counters.batchNumber)!
    must(sale.state === (standing.length === 1 ? 'reversed' : 'booked'), () => `sale ${n} is ${sale.state} with ${standing.length} standing reversal(s)`)
  }
}

export const bookedReversals = (s: SimState, n: number): JournalRecord[] => s.journal.filter((r) => r.type === 'reversal' && r.state === 'booked' && r.originalReceiptNumber === n)

type Intent = Extract<JournalRead['records'][number], {kind: 'intent'}>
type Outcome = Extract<JournalRead['records'][number], {kind: 'outcome'}>

export interface ActionSummary {
  intents: Map<number, Intent[]>
  succeeded: Map<number, Outcome[]>
  unresolved: Intent[]
}

/**
 * posdoc's action journal against the terminal: every "succeeded" names a reversal the terminal
 * really booked (and still holds), never two successes for one receipt, never a new attempt on a
 * receipt while an earlier one is unresolved, no 06 30 on the wire without an intent before it,
 * and only torn lines (a kill mid-append) are unreadable.
 */
export function checkActionJournal(j: JournalRead, sim: SimState, targets: readonly number[], sends: Map<number, number>): ActionSummary {
  for (const s of j.skipped) must(!s.reason.startsWith('not a journal record'), () => `action journal line ${s.line}: ${s.reason}`)
  const intents = new Map<number, Intent[]>()
  const succeeded = new Map<number, Outcome[]>()
  const outcomeOf = new Map<string, Outcome>()
  for (const r of j.records) if (r.kind === 'outcome') outcomeOf.set(r.id, r)
  const receiptOf = new Map<string, number>()
  for (const r of j.records) {
    if (r.kind !== 'intent') continue
    must(r.action === 'reversal' && r.receiptNumber !== undefined && targets.includes(r.receiptNumber), () => `unexpected intent ${JSON.stringify(r)}`)
    receiptOf.set(r.id, r.receiptNumber!)
    intents.set(r.receiptNumber!, [...(intents.get(r.receiptNumber!) ?? []), r])
  }
  for (const n of targets) {
    // intent, outcome, intent, outcome ... per receipt
    let open: string | undefined
    for (const r of j.records) {
      if (r.kind === 'intent' && r.receiptNumber === n) {
        must(open === undefined, () => `receipt ${n}: new attempt ${r.id} while ${open} is unresolved`)
        open = r.id
      } else if (r.kind === 'outcome' && r.id === open) open = undefined
    }
    const wins = (intents.get(n) ?? []).map((i) => outcomeOf.get(i.id)).filter((o): o is Outcome => o?.outcome === 'succeeded')
    succeeded.set(n, wins)
    must(wins.length <= 1, () => `receipt ${n}: ${wins.length} successful reversals in posdoc's journal`)
    const standing = bookedReversals(sim, n)
    for (const w of wins) {
      must(standing.length === 1, () => `receipt ${n}: posdoc recorded success (${w.resolvedBy}, ${w.ts}) but the terminal holds no standing reversal`)
      const b = w.booking
      if (b?.traceNumber !== undefined) must(b.traceNumber === standing[0]!.traceNumber, () => `receipt ${n}: posdoc's reversal trace ${b.traceNumber} is not the terminal's ${standing[0]!.traceNumber}`)
      if (b?.receiptNumber !== undefined) must(b.receiptNumber === standing[0]!.receiptNumber, () => `receipt ${n}: posdoc's reversal receipt ${b.receiptNumber} is not the terminal's ${standing[0]!.receiptNumber}`)
    }
    // the terminal books only what it received; posdoc sends only what it journaled first
    const onTerminal = sim.journal.filter((r) => r.type === 'reversal' && r.originalReceiptNumber === n).length
    const sent = sends.get(n) ?? 0
    const planned = intents.get(n)?.length ?? 0
    must(onTerminal <= sent && sent <= planned, () => `receipt ${n}: ${onTerminal} reversal record(s) on the terminal, ${sent} 06 30 sent, ${planned} intent(s)`)
  }
  for (const id of outcomeOf.keys()) must(receiptOf.has(id), () => `outcome ${id} without an intent`)
  const unresolved = j.records.filter((r): r is Intent => r.kind === 'intent' && !outcomeOf.has(r.id))
  return {intents, succeeded, unresolved}
}
