/**
 * `posdoc sim --drop-at`, which the soak uses to pick where a drop-response terminal goes silent.
 * (Its effect on a void is checked by the soak: a drop after the 04 0F is resolved by asking.)
 */
import {describe, expect, it} from 'vitest'

import {runCli} from '../helpers/cli.js'
import {startSimProcess} from '../helpers/sim-process.js'

describe('posdoc sim --drop-at', () => {
  it('starts a drop-response terminal with either drop point', async () => {
    for (const dropAt of ['after-ack', 'after-status-info']) {
      const sim = await startSimProcess(['--tcp', '0', '--scenario', 'drop-response', '--drop-at', dropAt])
      expect(sim.ready).toMatchObject({event: 'ready', scenario: 'drop-response'})
      expect(await sim.stop()).toBe(0)
    }
  }, 20_000)

  it('is refused with any other scenario, and an unknown drop point is refused (exit 2, nothing started)', async () => {
    const other = await runCli(['sim', '--tcp', '0', '--scenario', 'healthy', '--drop-at', 'after-ack', '--json'])
    expect(other.code).toBe(2)
    expect(JSON.parse(other.stdout)).toMatchObject({error: {code: 'USAGE_DROP_AT_NEEDS_DROP_RESPONSE', exitCode: 2}})
    const zh = await runCli(['sim', '--tcp', '0', '--scenario', 'busy', '--drop-at', 'after-ack', '--lang', 'zh-CN'])
    expect(zh.code).toBe(2)
    expect(zh.stderr).toContain('--drop-at 只能与 --scenario drop-response 一起使用')
    const unknown = await runCli(['sim', '--tcp', '0', '--scenario', 'drop-response', '--drop-at', 'never', '--json'])
    expect(unknown.code).toBe(2)
    expect(JSON.parse(unknown.stdout).error.message).toContain('after-ack, after-status-info')
  }, 20_000)
})
