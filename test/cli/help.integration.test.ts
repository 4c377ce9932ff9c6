import {describe, expect, it} from 'vitest'

import {runCli} from '../helpers/cli.js'

describe('help and version', () => {
  it('the fast `--help` path prints exactly what oclif renders, with the exit-code map', async () => {
    const fast = await runCli(['--help'])
    const oclif = await runCli(['--help'], {env: {POSDOC_NO_FAST_PATH: '1'}})
    expect(fast.code).toBe(0)
    expect(fast.stdout).toBe(oclif.stdout)
    expect(fast.stdout).toMatch(/EXIT CODES\n\s+0 {2}healthy/)
    for (const topic of ['device', 'zvt', 'batch', 'sim']) expect(fast.stdout).toContain(topic)
  })

  it('--version names the package, platform and node', async () => {
    const r = await runCli(['--version'])
    expect(r.stdout.trim()).toMatch(/^posdoc\/\d+\.\d+\.\d+ \w+-\w+ node-v\d+/)
  })

  it('command help shows flags, examples and the exit codes', async () => {
    const r = await runCli(['device', 'probe', '--help'])
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/--tcp=<value>/)
    expect(r.stdout).toMatch(/EXAMPLES/)
    expect(r.stdout).toMatch(/EXIT CODES/)
  })
})
