import {describe, expect, it} from 'vitest'

import {runCli} from '../helpers/cli.js'

describe('posdoc diagnose with the demo acquirer host misbehaving', () => {
  it('a blackholed acquirer host is named as a problem, and the flow still ends within its deadline', async () => {
    const r = await runCli(['diagnose', '--demo', '--symptom', 'terminal-offline', '--acquirer-scenario', 'blackhole', '--json'], {timeoutMs: 30_000})
    expect(r.code).toBe(1)
    const out = JSON.parse(r.stdout)
    expect(out.verdict.status).toBe('merchant-action')
    expect(out.findings.some((f: {status: string; id: string}) => f.id.startsWith('network.') && f.status === 'fail')).toBe(true)
    // probe (the terminal's own diagnosis waits for the silent host) + a 5 s network deadline
    expect(r.durationMs).toBeLessThan(15_000)
  })

  it.each([
    [['--demo', '--acquirer-scenario', 'nope'], 'USAGE_BAD_ACQUIRER_SCENARIO'],
    [['--tcp', '127.0.0.1:1', '--acquirer-scenario', 'blackhole'], 'USAGE_ACQUIRER_SCENARIO_NEEDS_DEMO'],
  ])('bad input %j: exit 2 (%s), nothing recorded', async (args, code) => {
    const r = await runCli(['diagnose', '--symptom', 'terminal-offline', ...args, '--json'])
    expect(r.code).toBe(2)
    expect(JSON.parse(r.stdout).error.code).toBe(code)
  })
})
