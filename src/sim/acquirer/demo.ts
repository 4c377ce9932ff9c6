/** The acquirer host behind `--demo`: started in-process next to the demo terminal, wired to its Diagnosis. */
import type {Clock} from '../../util/clock.js'
import type {HostProbe} from '../types.js'
import {createTlsHostProbe} from './host-probe.js'
import {isAcquirerScenario} from './scenarios.js'
import {startAcquirerSim} from './server.js'

export interface DemoAcquirer {
  /** what the demo terminal's Diagnosis uses */
  hostProbe: HostProbe
  info: {host: string; port: number; ca: string; scenario: string}
  close(): Promise<void>
}

export async function startDemoAcquirer(opts: {scenario?: string; clock?: Clock}): Promise<DemoAcquirer> {
  const scenario = opts.scenario ?? 'healthy'
  if (!isAcquirerScenario(scenario)) throw new Error(`unknown acquirer scenario ${scenario}`)
  const acq = await startAcquirerSim({scenario, ...(opts.clock ? {clock: opts.clock} : {})})
  return {
    hostProbe: createTlsHostProbe(acq.terminalEndpoint),
    info: {host: acq.endpoint.host, port: acq.endpoint.port, ca: acq.endpoint.ca, scenario},
    close: () => acq.close(),
  }
}
