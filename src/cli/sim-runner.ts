import {t} from '../i18n/index.js'
import {PosdocError} from '../output/errors.js'
import {ExitCode} from '../output/exit-codes.js'
import type {Progress} from '../output/progress.js'
import {isScenarioName, SCENARIOS} from '../sim/scenarios.js'
import {startSimulator, type StartSimulatorOptions} from '../sim/server.js'

export interface SimRunOptions {
  tcpPort: number | undefined
  bind: string
  serialPath: string | undefined
  baudRate: number
  stateDir: string | undefined
  seed: number
  scenario: string
  terminalId: string | undefined
  password: string
  journalSize: number | undefined
}

export interface SimReady {
  event: 'ready'
  tcp?: {host: string; port: number}
  serial?: {path: string; baudRate: number}
  scenario: string
  terminalId: string
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
  if (o.terminalId !== undefined && !/^\d{8}$/.test(o.terminalId)) {
    throw new PosdocError({code: 'USAGE_BAD_TID', exitCode: ExitCode.Usage, message: `terminal ID must be 8 digits: "${o.terminalId}"`})
  }
  if (!/^\d{6}$/.test(o.password)) {
    throw new PosdocError({code: 'USAGE_BAD_PASSWORD', exitCode: ExitCode.Usage, message: t('USAGE_BAD_PASSWORD'), remedy: t('USAGE_BAD_PASSWORD_REMEDY')})
  }
  const opts: StartSimulatorOptions = {seed: o.seed, scenario: o.scenario, password: o.password}
  if (o.tcpPort !== undefined) opts.tcp = {host: o.bind, port: o.tcpPort}
  if (o.serialPath) opts.serial = {path: o.serialPath, baudRate: o.baudRate}
  if (o.stateDir) opts.stateDir = o.stateDir
  if (o.terminalId) opts.terminalId = o.terminalId
  if (o.journalSize !== undefined) opts.journalSize = o.journalSize

  const sim = await startSimulator(opts)
  const ready: SimReady = {
    event: 'ready',
    ...(sim.tcpAddress ? {tcp: sim.tcpAddress} : {}),
    ...(sim.serialPath ? {serial: {path: sim.serialPath, baudRate: o.baudRate}} : {}),
    scenario: o.scenario,
    terminalId: sim.terminal.state.terminalId,
    pid: process.pid,
  }
  if (io.json) {
    io.write(JSON.stringify(ready))
  } else {
    const where = [
      sim.tcpAddress ? `tcp ${sim.tcpAddress.host.includes(':') ? `[${sim.tcpAddress.host}]` : sim.tcpAddress.host}:${sim.tcpAddress.port}` : undefined,
      sim.serialPath ? `serial ${sim.serialPath} ${o.baudRate} 8N2` : undefined,
    ]
      .filter(Boolean)
      .join(', ')
    io.write(`posdoc sim ready: ${where} (scenario ${o.scenario}, TID ${ready.terminalId}); Ctrl-C stops`)
  }

  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop)
      process.off('SIGTERM', stop)
      resolve()
    }
    process.on('SIGINT', stop)
    process.on('SIGTERM', stop)
  })
  io.progress.hint('stopping simulator')
  await sim.close()
}
