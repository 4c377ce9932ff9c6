/**
 * One run of `posdoc network check` per acquirer fault scenario, against `posdoc sim --tcp 0
 * --acquirer 0 --acquirer-scenario X` (terminal side included): the verdict names the right
 * layer and place, in English and Chinese, and the deadline holds.
 */
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {runCli} from '../helpers/cli.js'
import type {SimProcess} from '../helpers/sim-process.js'
import {NetworkCheckResultSchema, type NetworkCheckJson} from '../../src/network/schema.js'
import {CJK, isolatedEnv, startSimWithAcquirer, type AcquirerReady} from './helpers/env.js'

interface Case {
  scenario: string
  exit: number
  status: string
  location: string
  layer: string | null
  timeoutS: number
  hung?: boolean
  count?: number
}

const CASES: Case[] = [
  {scenario: 'healthy', exit: 0, status: 'healthy', location: 'none', layer: null, timeoutS: 2},
  {scenario: 'refuse', exit: 3, status: 'unreachable', location: 'acquirer-host', layer: 'tcp', timeoutS: 2},
  {scenario: 'blackhole', exit: 3, status: 'unreachable', location: 'acquirer-host', layer: 'tls', timeoutS: 2, hung: true},
  // the handshake takes 1.5 s, for the PC and for the terminal's own test: room for both
  {scenario: 'slow-handshake', exit: 0, status: 'warning', location: 'acquirer-host', layer: 'tls', timeoutS: 4},
  {scenario: 'expired-cert', exit: 1, status: 'problem', location: 'certificate', layer: 'tls', timeoutS: 2},
  {scenario: 'wrong-hostname', exit: 1, status: 'problem', location: 'certificate', layer: 'tls', timeoutS: 2},
  {scenario: 'not-yet-valid', exit: 1, status: 'problem', location: 'clock', layer: 'tls', timeoutS: 2},
  {scenario: 'lossy', exit: 1, status: 'problem', location: 'shop-network', layer: 'quality', timeoutS: 2, count: 10},
  {scenario: 'host-down-terminal-only', exit: 1, status: 'problem', location: 'terminal', layer: 'terminal', timeoutS: 2},
]

const env = isolatedEnv()

describe.each(CASES)('acquirer scenario $scenario', (c) => {
  let sim: SimProcess & {acquirer: AcquirerReady}
  beforeAll(async () => {
    sim = await startSimWithAcquirer(['--tcp', '0', '--acquirer', '0', '--acquirer-scenario', c.scenario])
  })
  afterAll(async () => {
    expect(await sim.stop()).toBe(0)
  })

  const check = (lang: 'en' | 'zh-CN') =>
    runCli(
      [
        'network', 'check',
        '--tcp', `127.0.0.1:${sim.ready.tcp!.port}`,
        '--host', `${sim.acquirer.host}:${sim.acquirer.port}`,
        '--ca', sim.acquirer.caFile,
        '--timeout', String(c.timeoutS),
        '--count', String(c.count ?? 3),
        '--lang', lang,
        '--json',
      ],
      {env, timeoutMs: c.timeoutS * 1000 + 10_000},
    )

  it(`verdict ${c.status} at ${c.location} (layer ${c.layer}), exit ${c.exit}, within the deadline; the same in Chinese`, async () => {
    const en = await check('en')
    expect(en.code, en.stderr).toBe(c.exit)
    const out: NetworkCheckJson = NetworkCheckResultSchema.parse(JSON.parse(en.stdout))
    expect(out.verdict).toMatchObject({status: c.status, location: c.location, layer: c.layer})
    if (c.hung) expect(out.verdict.hung).toBe(true)
    // the deadline held: measured inside, and as the user waited (process start included)
    expect(out.deadline.timeoutMs).toBe(c.timeoutS * 1000)
    expect(out.deadline.elapsedMs).toBeLessThanOrEqual(c.timeoutS * 1000 + 250)
    expect(en.durationMs).toBeLessThan(c.timeoutS * 1000 + 5000)
    // the terminal side really ran (ZVT Diagnosis against the same simulated host)
    expect(out.terminal).not.toBeNull()
    if (c.status !== 'healthy') {
      expect(out.verdict.remedy).toBeTruthy()
      expect(out.verdict.remedy).not.toMatch(CJK)
    }
    if (c.scenario === 'host-down-terminal-only') {
      expect(out.verdict.summary).toMatch(/PC reaches the host, terminal does not/)
      expect(out.hosts[0]!.layers).toEqual({dns: 'pass', tcp: 'pass', tls: 'pass', quality: 'pass'})
      expect(out.terminal).toMatchObject({reached: true, ok: false, resultCode: 'A3'})
    }
    if (c.scenario === 'healthy') expect(out.terminal).toMatchObject({reached: true, ok: true, resultCode: '00'})
    if (c.scenario === 'lossy') {
      const q = out.checks.find((x) => x.id === 'network.quality')!
      expect(q.evidence.lossPercent).toBeGreaterThan(0)
    }
    if (c.scenario === 'not-yet-valid') {
      expect(out.checks.find((x) => x.id === 'network.tls')!.evidence.pcBehindSeconds).toBeGreaterThan(86_400)
    }

    const zh = await check('zh-CN')
    expect(zh.code, zh.stdout).toBe(c.exit)
    const outZh = NetworkCheckResultSchema.parse(JSON.parse(zh.stdout))
    expect(outZh.verdict).toMatchObject({status: c.status, location: c.location, layer: c.layer})
    expect(outZh.verdict.summary).toMatch(CJK)
    if (c.status !== 'healthy') expect(outZh.verdict.remedy).toMatch(CJK)
    expect(outZh.deadline.elapsedMs).toBeLessThanOrEqual(c.timeoutS * 1000 + 250)
  })
})
