import {spawn} from 'node:child_process'
import {mkdtempSync, readFileSync, rmSync} from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {describe, expect, it} from 'vitest'

import {repoRoot, runCli} from '../helpers/cli.js'
import {startSimProcess} from '../helpers/sim-process.js'

describe('posdoc sim', () => {
  it('prints one JSON ready line, serves, and exits 0 on SIGTERM with its state on disk', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'posdoc-sim-'))
    try {
      const sim = await startSimProcess(['--tcp', '0', '--state', dir, '--seed', '7', '--tid', '12345678'])
      expect(sim.ready).toMatchObject({event: 'ready', scenario: 'healthy', terminalId: '12345678', tcp: {host: '127.0.0.1'}})
      const r = await runCli(['device', 'probe', '--tcp', `127.0.0.1:${sim.ready.tcp!.port}`, '--json'])
      expect(JSON.parse(r.stdout).terminal.terminalId).toBe('12345678')
      expect(await sim.stop()).toBe(0)
      const state = JSON.parse(readFileSync(path.join(dir, 'state.json'), 'utf8'))
      expect(state.terminalId).toBe('12345678')
      expect(state.journal.length).toBeGreaterThan(0)
    } finally {
      rmSync(dir, {recursive: true, force: true})
    }
  })

  it('prints a human ready line without --json', async () => {
    const child = spawn(process.execPath, [path.join(repoRoot, 'bin/run.js'), 'sim', '--tcp', '0', '--scenario', 'paper-out'], {stdio: ['ignore', 'pipe', 'pipe']})
    const line = await new Promise<string>((resolve, reject) => {
      let out = ''
      child.stdout.on('data', (d) => {
        out += d
        if (out.includes('\n')) resolve(out.split('\n')[0]!)
      })
      child.on('exit', (c) => reject(new Error(`exited ${c}`)))
    })
    expect(line).toMatch(/^posdoc sim ready: tcp 127\.0\.0\.1:\d+ \(scenario paper-out, TID \d{8}\)/)
    child.kill('SIGINT')
    const code = await new Promise((r) => child.on('exit', r))
    expect(code).toBe(0)
  })

  it.each([
    [['--scenario', 'nope'], 'USAGE_BAD_SCENARIO'],
    [['--tid', '12'], 'USAGE_BAD_TID'],
    [['--baud', 'auto', '--serial', '/dev/null'], 'USAGE_BAD_BAUD'],
    [['--tcp', '70000'], 'USAGE'],
  ])('bad flags %j: exit 2 (%s)', async (args, code) => {
    const r = await runCli(['sim', ...args, '--json'])
    expect(r.code).toBe(2)
    expect(JSON.parse(r.stdout).error.code).toBe(code)
  })

  it('a port already in use: exit 3 with LINK_ADDRESS_IN_USE', async () => {
    const first = await startSimProcess(['--tcp', '0'])
    try {
      const r = await runCli(['sim', '--tcp', String(first.ready.tcp!.port)])
      expect(r.code).toBe(3)
      expect(r.stderr).toMatch(/LINK_ADDRESS_IN_USE/)
    } finally {
      await first.stop()
    }
  })
})

describe('posdoc device list', () => {
  it('lists ports (possibly none) as JSON and never crashes without udev', async () => {
    const r = await runCli(['device', 'list', '--json'])
    expect(r.code).toBe(0)
    const out = JSON.parse(r.stdout)
    expect(Array.isArray(out.ports)).toBe(true)
    for (const p of out.ports) expect(typeof p.path).toBe('string')
    const text = await runCli(['device', 'list'])
    expect(text.code).toBe(0)
    expect(text.stdout.length).toBeGreaterThan(0)
  })
})
