import {pick, t} from '../i18n/index.js'
import {PosdocError} from '../output/errors.js'
import {ExitCode} from '../output/exit-codes.js'
import type {Progress} from '../output/progress.js'
import type {ProfileName} from '../sim/profiles.js'
import {isScenarioName, SCENARIOS, type ScenarioOptions} from '../sim/scenarios.js'
import {startSimulator, type RunningSimulator, type StartSimulatorOptions} from '../sim/server.js'

export interface SimRunOptions {
  tcpPort: number | undefined
  bind: string
  serialPath: string | undefined
  pace?: boolean
  baudRate: number
  stateDir: string | undefined
  seed: number
  scenario: string
  /** drop-response only: where the terminal goes silent */
  dropAt?: ScenarioOptions['dropAt']
  /** terminal profile (src/sim/profiles.ts); default standard */
  profile?: ProfileName
  terminalId: string | undefined
  password: string
  journalSize: number | undefined
  /** also run the simulated acquirer host (TLS on loopback) on this port; 0 = a free port */
  acquirerPort?: number | undefined
  acquirerScenario?: string | undefined
}

export interface SimReady {
  event: 'ready'
  tcp?: {host: string; port: number}
  serial?: {path: string; baudRate: number}
  /** the simulated acquirer host; caFile is its CA certificate, for `posdoc network check --ca` */
  acquirer?: {host: string; port: number; caFile: string; scenario: string}
  /** terminal scenario and ID (absent when only the acquirer host runs) */
  scenario?: string
  terminalId?: string
  pid: number
}

/**
 * Start the simulator, print one ready line (text or one JSON line), then run until SIGINT /
 * SIGTERM and shut down cleanly (state is already on disk after every committed change).
 */
export async function runSimulatorUntilSignal(o: SimRunOptions, io: {json: boolean; write: (line: string) => void; progress: Progress}): Promise<void> {
  if (!isScenarioName(o.scenario)) {
    throw new PosdocError({
      code: 'USAGE_BAD_SCENARIO',
      exitCode: ExitCode.Usage,
      message: t('USAGE_BAD_SCENARIO', {value: o.scenario, known: SCENARIOS.join(', ')}),
      remedy: t('USAGE_BAD_SCENARIO_REMEDY'),
    })
  }
  if (o.dropAt !== undefined && o.scenario !== 'drop-response') {
    throw new PosdocError({
      code: 'USAGE_DROP_AT_NEEDS_DROP_RESPONSE',
      exitCode: ExitCode.Usage,
      message: pick({en: `--drop-at only applies to --scenario drop-response (not ${o.scenario})`, zh: `--drop-at 只能与 --scenario drop-response 一起使用（当前为 ${o.scenario}）`}),
      remedy: pick({en: 'e.g. posdoc sim --tcp 0 --scenario drop-response --drop-at after-status-info', zh: '例如 posdoc sim --tcp 0 --scenario drop-response --drop-at after-status-info'}),
    })
  }
  if (o.terminalId !== undefined && !/^\d{8}$/.test(o.terminalId)) {
    throw new PosdocError({code: 'USAGE_BAD_TID', exitCode: ExitCode.Usage, message: `terminal ID must be 8 digits: "${o.terminalId}"`})
  }
  if (!/^\d{6}$/.test(o.password)) {
    throw new PosdocError({code: 'USAGE_BAD_PASSWORD', exitCode: ExitCode.Usage, message: t('USAGE_BAD_PASSWORD'), remedy: t('USAGE_BAD_PASSWORD_REMEDY')})
  }
  if (o.acquirerScenario !== undefined && o.acquirerPort === undefined) {
    throw new PosdocError({code: 'USAGE_ACQUIRER_SCENARIO_NEEDS_ACQUIRER', exitCode: ExitCode.Usage, message: '--acquirer-scenario needs --acquirer PORT', remedy: 'e.g. posdoc sim --acquirer 0 --acquirer-scenario blackhole'})
  }
  // lazy: the acquirer host (and its certificate library) only loads when asked for
  const acquirer = o.acquirerPort === undefined ? undefined : await (await import('../sim/acquirer/sim-command.js')).startAcquirerForSim({port: o.acquirerPort, scenario: o.acquirerScenario ?? 'healthy', seed: o.seed, stateDir: o.stateDir})
  const opts: StartSimulatorOptions = {seed: o.seed, scenario: o.scenario, password: o.password, ...(o.dropAt ? {scenarioOptions: {dropAt: o.dropAt}} : {}), ...(o.profile ? {profile: o.profile} : {})}
  if (o.tcpPort !== undefined) opts.tcp = {host: o.bind, port: o.tcpPort}
  if (o.serialPath) opts.serial = {path: o.serialPath, baudRate: o.baudRate, ...(o.pace ? {pace: true} : {})}
  if (o.stateDir) opts.stateDir = o.stateDir
  if (o.terminalId) opts.terminalId = o.terminalId
  if (o.journalSize !== undefined) opts.journalSize = o.journalSize
  if (acquirer) opts.acquirer = acquirer.running.terminalEndpoint

  // `posdoc sim --acquirer PORT` alone runs only the acquirer host
  let sim: RunningSimulator | undefined
  try {
    if (opts.tcp || opts.serial) sim = await startSimulator(opts)
  } catch (e) {
    await acquirer?.close()
    throw e
  }
  const ready: SimReady = {
    event: 'ready',
    ...(sim?.tcpAddress ? {tcp: sim.tcpAddress} : {}),
    ...(sim?.serialPath ? {serial: {path: sim.serialPath, baudRate: o.baudRate}} : {}),
    ...(acquirer ? {acquirer: acquirer.ready} : {}),
    ...(sim ? {scenario: o.scenario, terminalId: sim.terminal.state.terminalId} : {}),
    pid: process.pid,
  }
  // listen for the stop signal before announcing readiness: whoever reads the ready line may signal at once
  const stopped = new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop)
      process.off('SIGTERM', stop)
      resolve()
    }
    process.on('SIGINT', stop)
    process.on('SIGTERM', stop)
  })
  if (io.json) {
    io.write(JSON.stringify(ready))
  } else {
    const where = [
      sim?.tcpAddress ? `tcp ${sim.tcpAddress.host.includes(':') ? `[${sim.tcpAddress.host}]` : sim.tcpAddress.host}:${sim.tcpAddress.port}` : undefined,
      sim?.serialPath ? `serial ${sim.serialPath} ${o.baudRate} 8N2` : undefined,
      acquirer ? `acquirer ${acquirer.ready.host}:${acquirer.ready.port}` : undefined,
    ]
      .filter(Boolean)
      .join(', ')
    const about = [
      sim ? `scenario ${o.scenario}, TID ${ready.terminalId}` : undefined,
      acquirer ? `acquirer ${acquirer.ready.scenario}, CA ${acquirer.ready.caFile}` : undefined,
    ]
      .filter(Boolean)
      .join('; ')
    io.write(`posdoc sim ready: ${where} (${about}); Ctrl-C stops`)
  }

  await stopped
  io.progress.hint('stopping simulator')
  await sim?.close()
  await acquirer?.close()
}
