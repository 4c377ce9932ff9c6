/** `posdoc sim --acquirer PORT`: the simulated acquirer host, its CA written where `network check --ca` can read it. */
import {mkdirSync, mkdtempSync, rmSync} from 'node:fs'
import os from 'node:os'
import path from 'node:path'

import {PosdocError} from '../../output/errors.js'
import {ExitCode} from '../../output/exit-codes.js'
import {ACQUIRER_SCENARIOS, isAcquirerScenario} from './scenarios.js'
import {startAcquirerSim, type RunningAcquirer} from './server.js'

export interface SimAcquirer {
  running: RunningAcquirer
  ready: {host: string; port: number; caFile: string; scenario: string}
  close(): Promise<void>
}

export async function startAcquirerForSim(o: {port: number; scenario: string; seed: number; stateDir: string | undefined}): Promise<SimAcquirer> {
  if (!isAcquirerScenario(o.scenario)) {
    throw new PosdocError({
      code: 'USAGE_BAD_ACQUIRER_SCENARIO',
      exitCode: ExitCode.Usage,
      message: `unknown acquirer scenario "${o.scenario}" (known: ${ACQUIRER_SCENARIOS.join(', ')})`,
      remedy: 'See `posdoc sim --help` for the acquirer scenarios',
    })
  }
  // with --state the CA file sits beside the state; otherwise in a private temp dir removed on exit
  const tempDir = o.stateDir ? undefined : mkdtempSync(path.join(os.tmpdir(), 'posdoc-acquirer-'))
  const dir = o.stateDir ?? tempDir!
  mkdirSync(dir, {recursive: true})
  const caFile = path.join(dir, 'acquirer-ca.pem')
  try {
    const running = await startAcquirerSim({port: o.port, scenario: o.scenario, options: {seed: o.seed}, caFile})
    return {
      running,
      ready: {host: running.endpoint.host, port: running.endpoint.port, caFile, scenario: o.scenario},
      close: async () => {
        await running.close()
        if (tempDir) rmSync(tempDir, {recursive: true, force: true})
      },
    }
  } catch (e) {
    if (tempDir) rmSync(tempDir, {recursive: true, force: true})
    throw e
  }
}
