import {mkdtempSync} from 'node:fs'
import os from 'node:os'
import path from 'node:path'

import {startSimProcess, type SimProcess} from '../../helpers/sim-process.js'

/** A private data dir and a config file path that does not exist (the user's config is never read). */
export function isolatedEnv(): Record<string, string> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'posdoc-net-'))
  return {POSDOC_DATA_DIR: path.join(dir, 'data'), POSDOC_CONFIG: path.join(dir, 'no-config.json')}
}

export interface AcquirerReady {
  host: string
  port: number
  caFile: string
  scenario: string
}

/** `posdoc sim ... --json` with the acquirer field of its ready line typed. */
export async function startSimWithAcquirer(args: string[]): Promise<SimProcess & {acquirer: AcquirerReady}> {
  const sim = await startSimProcess(args)
  return Object.assign(sim, {acquirer: (sim.ready as unknown as {acquirer: AcquirerReady}).acquirer})
}

/** One CJK character at least: the text really is Chinese. */
export const CJK = /[\u4e00-\u9fff]/
