/**
 * Integration rig: `posdoc sim` as its own process with --state DIR (its state.json is the
 * terminal's flash: the proof of what really happened), reachable over TCP or a socat pty pair,
 * and posdoc run as the built CLI with its own data directory.
 */
import {spawn} from 'node:child_process'
import {mkdtemp, readdir, readFile, rm} from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import {fileURLToPath} from 'node:url'

import {STOP_MARKER} from '../../../src/actions/crash-points.js'
import type {JournalRecord, SimState} from '../../../src/sim/types.js'
import {runCli, type CliResult} from '../../helpers/cli.js'
import {startSimProcess, type SimProcess} from '../../helpers/sim-process.js'
import {createPtyPair, type PtyPair} from '../../helpers/socat.js'

const bin = fileURLToPath(new URL('../../../bin/run.js', import.meta.url))

export type Framing = 'tcp' | 'serial'

export class CliRig {
  sim: SimProcess | undefined
  pty: PtyPair | undefined
  port = 0
  private constructor(
    readonly framing: Framing,
    readonly dir: string,
  ) {}

  static async create(framing: Framing): Promise<CliRig> {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'posdoc-void-it-'))
    const rig = new CliRig(framing, dir)
    if (framing === 'serial') rig.pty = await createPtyPair()
    return rig
  }

  get stateDir(): string {
    return path.join(this.dir, 'sim')
  }

  get dataDir(): string {
    return path.join(this.dir, 'data')
  }

  /** (Re)start the simulator on the same address and state, e.g. after a power loss. */
  async start(scenario = 'healthy'): Promise<void> {
    await this.stopSim()
    const where = this.framing === 'tcp' ? ['--tcp', String(this.port)] : ['--serial', this.pty!.a, '--baud', '9600']
    this.sim = await startSimProcess([...where, '--state', this.stateDir, '--scenario', scenario])
    if (this.framing === 'tcp') this.port = this.sim.ready.tcp!.port
  }

  async stopSim(): Promise<void> {
    await this.sim?.stop()
    this.sim = undefined
  }

  async close(): Promise<void> {
    await this.stopSim()
    await this.pty?.close()
    await rm(this.dir, {recursive: true, force: true})
  }

  /** The terminal flags for posdoc. */
  terminal(): string[] {
    return this.framing === 'tcp' ? ['--tcp', `127.0.0.1:${this.port}`] : ['--serial', this.pty!.b, '--baud', '9600']
  }

  env(extra: Record<string, string> = {}): Record<string, string> {
    return {POSDOC_DATA_DIR: this.dataDir, ...extra}
  }

  run(args: string[], opts: {env?: Record<string, string>; timeoutMs?: number} = {}): Promise<CliResult> {
    return runCli([...args, ...this.terminal()], {env: this.env(opts.env), timeoutMs: opts.timeoutMs ?? 30_000})
  }

  async state(): Promise<SimState> {
    return JSON.parse(await readFile(path.join(this.stateDir, 'state.json'), 'utf8')) as SimState
  }

  /** posdoc's action journal lines (all terminals of this data dir). */
  async actionJournal(): Promise<Array<Record<string, unknown>>> {
    const dir = path.join(this.dataDir, 'journals')
    const files = await readdir(dir).catch(() => [] as string[])
    const out: Array<Record<string, unknown>> = []
    for (const f of files) {
      for (const line of (await readFile(path.join(dir, f), 'utf8')).split('\n')) if (line.trim()) out.push(JSON.parse(line) as Record<string, unknown>)
    }
    return out
  }

  async unresolvedIntents(): Promise<Array<Record<string, unknown>>> {
    const lines = await this.actionJournal()
    const done = new Set(lines.filter((l) => l.kind === 'outcome').map((l) => l.id))
    return lines.filter((l) => l.kind === 'intent' && !done.has(l.id))
  }

  /**
   * Run posdoc with a test stop point; when it reports being stopped there, SIGKILL it
   * (it is frozen with SIGSTOP at that exact point).
   */
  killAt(point: string, args: string[], timeoutMs = 30_000): Promise<{stderr: string; signal: NodeJS.Signals | null}> {
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [bin, ...args, ...this.terminal()], {
        env: {...process.env, LANG: 'C.UTF-8', POSDOC_LANG: '', NO_COLOR: '1', ...this.env({POSDOC_TEST: '1', POSDOC_TEST_CRASH_AT: point})},
        stdio: ['ignore', 'pipe', 'pipe'],
      })
      let stderr = ''
      let stdout = ''
      const timer = setTimeout(() => {
        child.kill('SIGKILL')
        reject(new Error(`no stop at ${point} within ${timeoutMs} ms\nstdout: ${stdout}\nstderr: ${stderr}`))
      }, timeoutMs)
      child.stdout.on('data', (d) => (stdout += d))
      child.stderr.on('data', (d) => {
        stderr += d
        if (stderr.includes(`${STOP_MARKER} ${point}`)) child.kill('SIGKILL')
      })
      child.on('exit', (_code, signal) => {
        clearTimeout(timer)
        if (!stderr.includes(STOP_MARKER)) reject(new Error(`posdoc ended without reaching ${point}\nstdout: ${stdout}\nstderr: ${stderr}`))
        else resolve({stderr, signal})
      })
    })
  }
}

export const reversalsOf = (s: SimState, n: number): JournalRecord[] => s.journal.filter((r) => r.type === 'reversal' && r.state === 'booked' && r.originalReceiptNumber === n)

/** The newest sale still standing in the open batch (what a merchant would void). */
export const standingSale = (s: SimState, back = 0): JournalRecord =>
  s.journal.filter((r) => r.type === 'sale' && r.state === 'booked' && r.batchNumber === s.counters.batchNumber && r.receiptNumber !== null).at(-1 - back)!

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- test access to a JSON document
type Doc = Record<string, any>

export function json(r: CliResult): Doc {
  try {
    return JSON.parse(r.stdout) as Doc
  } catch {
    throw new Error(`not one JSON document on stdout (exit ${r.code}):\n${r.stdout}\nstderr: ${r.stderr}`)
  }
}
