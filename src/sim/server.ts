/**
 * `posdoc sim`: one SimTerminal served over TCP and/or a serial port (sharing one state), and
 * the in-memory peer behind the CLI's `--demo`.
 */
import {createMemoryLinkPair} from '../transport/memory.js'
import type {Link} from '../transport/link.js'
import {openSerialLink} from '../transport/serial.js'
import {systemClock} from '../util/clock.js'
import {pacedLink} from './paced-link.js'
import {listenTcp} from '../transport/tcp.js'
import type {Clock} from '../util/clock.js'
import type {AcquirerEndpoint} from './acquirer/server.js'
import type {ProfileName} from './profiles.js'
import type {ScenarioName, ScenarioOptions} from './scenarios.js'
import {SimTerminal, type SimTiming} from './terminal.js'
import type {HostProbe} from './types.js'

export interface StartSimulatorOptions {
  /** listen for ECR connections (ZVT default port is 20007; 0 = any free port) */
  tcp?: {host?: string; port?: number}
  /** play the PT on this serial port (e.g. one end of a socat pty pair) */
  serial?: {path: string; baudRate?: number; /** send no faster than a UART at baudRate would (ptys do not) */ pace?: boolean}
  stateDir?: string
  seed?: number
  scenario?: ScenarioName
  scenarioOptions?: ScenarioOptions
  profile?: ProfileName
  terminalId?: string
  password?: string
  clock?: Clock
  journalSize?: number
  hostProbe?: HostProbe
  /** the simulated acquirer host: Diagnosis then tests it over real TLS (ignored when hostProbe is given) */
  acquirer?: AcquirerEndpoint
  timing?: Partial<SimTiming>
  /** Read File block size (default 1024) */
  fileBlockSize?: number
}

export interface RunningSimulator {
  tcpAddress?: {host: string; port: number}
  serialPath?: string
  terminal: SimTerminal
  close(): Promise<void>
}

export async function startSimulator(opts: StartSimulatorOptions = {}): Promise<RunningSimulator> {
  const hostProbe = opts.hostProbe ?? (opts.acquirer ? (await import('./acquirer/host-probe.js')).createTlsHostProbe(opts.acquirer) : undefined)
  const terminal = await SimTerminal.create({
    stateDir: opts.stateDir,
    seed: opts.seed ?? 1,
    scenario: opts.scenario ?? 'healthy',
    scenarioOptions: opts.scenarioOptions,
    ...(opts.profile ? {profile: opts.profile} : {}),
    terminalId: opts.terminalId,
    password: opts.password,
    clock: opts.clock,
    journalSize: opts.journalSize,
    hostProbe,
    timing: opts.timing,
    fileBlockSize: opts.fileBlockSize,
  })
  const closers: Array<() => Promise<void>> = []
  const result: RunningSimulator = {
    terminal,
    async close() {
      for (const c of closers.reverse()) await c().catch(() => undefined)
      await terminal.close()
    },
  }
  try {
    if (opts.tcp) {
      const server = await listenTcp({host: opts.tcp.host ?? '127.0.0.1', port: opts.tcp.port ?? 0}, (link) => {
        terminal.attach(link, 'tcp')
      })
      closers.push(() => server.close())
      result.tcpAddress = {host: server.host, port: server.port}
    }
    if (opts.serial) {
      const baudRate = opts.serial.baudRate ?? 9600
      const raw = await openSerialLink({path: opts.serial.path, baudRate})
      const link = opts.serial.pace ? pacedLink(raw, {baudRate, clock: opts.clock ?? systemClock}) : raw
      terminal.attach(link, 'serial')
      closers.push(() => link.close())
      result.serialPath = opts.serial.path
    }
  } catch (err) {
    await result.close()
    throw err
  }
  return result
}

export type DemoTerminalOptions = Omit<StartSimulatorOptions, 'tcp' | 'serial'>

/** A simulated PT on one end of an in-memory TCP-style pipe; returns the ECR's end (CLI `--demo`). */
export async function createDemoTerminalLink(opts: DemoTerminalOptions = {}): Promise<Link> {
  const terminal = await SimTerminal.create({...opts, seed: opts.seed ?? 1, scenario: opts.scenario ?? 'healthy'})
  const [ecr, ptSide] = createMemoryLinkPair('tcp')
  terminal.attach(ptSide, 'tcp')
  // the demo terminal lives as long as the ECR's link
  ecr.onClose(() => void terminal.close())
  return ecr
}
