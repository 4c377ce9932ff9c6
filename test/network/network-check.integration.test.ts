/** `posdoc network check` through the real CLI: demo, JSON contract, profiles, the acquirer host alone, bad input. */
import {existsSync, mkdtempSync, writeFileSync} from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {runCli} from '../helpers/cli.js'
import type {SimProcess} from '../helpers/sim-process.js'
import {NetworkCheckResultSchema} from '../../src/network/schema.js'
import {CJK, isolatedEnv, startSimWithAcquirer, type AcquirerReady} from './helpers/env.js'

const env = isolatedEnv()
const dir = mkdtempSync(path.join(os.tmpdir(), 'posdoc-netcfg-'))
const configWith = (name: string, body: unknown) => {
  const f = path.join(dir, name)
  writeFileSync(f, typeof body === 'string' ? body : JSON.stringify(body))
  return {...env, POSDOC_CONFIG: f}
}

describe('posdoc network check --demo', () => {
  it('shows a healthy verdict (en), every layer and the terminal side, exit 0', async () => {
    const r = await runCli(['network', 'check', '--demo'], {env})
    expect(r.code, r.stderr).toBe(0)
    expect(r.stdout).toMatch(/^Network check: acquirer host localhost:\d+; terminal demo simulator \(healthy\)/)
    for (const title of ['Local network', 'DNS localhost', 'TCP localhost:', 'TLS localhost:', 'Quality localhost:', "Terminal's own host test"]) expect(r.stdout).toContain(title)
    expect(r.stdout).toMatch(/Verdict: network healthy: this PC reaches the acquirer host, and so does the terminal/)
    // not a TTY: no sparkline, no progress on stderr
    expect(r.stdout).not.toMatch(/[▁▂▃▄▅▆▇█]/)
    expect(r.stderr).toBe('')
  })

  it('shows a healthy verdict in Chinese', async () => {
    const r = await runCli(['network', 'check', '--demo', '--lang', 'zh-CN'], {env})
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/^网络检测：收单主机 localhost:\d+；终端/)
    expect(r.stdout).toMatch(/连接质量 localhost:/)
    expect(r.stdout).toMatch(/结论：网络正常：本机可以连上收单主机，终端也可以/)
  })

  it('--json: exactly one document that fits the versioned schema', async () => {
    const r = await runCli(['network', 'check', '--demo', '--json', '--count', '3'], {env})
    expect(r.code).toBe(0)
    const out = NetworkCheckResultSchema.parse(JSON.parse(r.stdout))
    expect(out.schema).toBe('posdoc.network-check/1')
    expect(out.checks.map((c) => c.id)).toEqual(['network.local', 'network.dns', 'network.tcp', 'network.tls', 'network.quality', 'network.terminal'])
    expect(out.hosts).toEqual([expect.objectContaining({host: 'localhost', source: 'demo', layers: {dns: 'pass', tcp: 'pass', tls: 'pass', quality: 'pass'}})])
    expect(out.terminal).toMatchObject({label: 'demo simulator (healthy)', reached: true, ok: true, resultCode: '00'})
    expect(out.verdict).toEqual({status: 'healthy', location: 'none', layer: null, host: null, hung: false, summary: expect.any(String)})
    expect(out.checks.find((c) => c.id === 'network.quality')!.evidence).toMatchObject({count: 3, attempted: 3})
    expect(r.stderr).toBe('')
  })

  it('--acquirer-scenario blackhole: ends by the deadline naming the TLS layer, exit 3', async () => {
    const r = await runCli(['network', 'check', '--demo', '--acquirer-scenario', 'blackhole', '--timeout', '2', '--json'], {env})
    expect(r.code).toBe(3)
    const out = NetworkCheckResultSchema.parse(JSON.parse(r.stdout))
    expect(out.verdict).toMatchObject({status: 'unreachable', layer: 'tls', location: 'acquirer-host', hung: true})
    expect(out.deadline.elapsedMs).toBeLessThanOrEqual(2250)
    expect(r.durationMs).toBeLessThan(7000)
  })

  it('the demo terminal with its own fault (host-down) is told apart from the host', async () => {
    const r = await runCli(['network', 'check', '--demo', '--scenario', 'host-down', '--json'], {env})
    expect(r.code).toBe(1)
    expect(JSON.parse(r.stdout).verdict).toMatchObject({location: 'terminal', layer: 'terminal'})
  })
})

describe('posdoc sim --acquirer alone, and profiles', () => {
  let acq: SimProcess & {acquirer: AcquirerReady}
  let term: SimProcess & {acquirer: AcquirerReady}
  beforeAll(async () => {
    acq = await startSimWithAcquirer(['--acquirer', '0'])
    term = await startSimWithAcquirer(['--tcp', '0', '--acquirer', '0'])
  })
  afterAll(async () => {
    expect(await acq.stop()).toBe(0)
    expect(await term.stop()).toBe(0)
    // the CA lived in a private temp dir, removed on exit
    expect(existsSync(acq.acquirer.caFile)).toBe(false)
  })

  it('the ready line names the host and its CA file; no terminal runs', () => {
    expect(acq.ready).toMatchObject({event: 'ready', acquirer: {host: 'localhost', port: expect.any(Number), scenario: 'healthy'}})
    expect(acq.ready).not.toHaveProperty('tcp')
    expect(acq.ready).not.toHaveProperty('terminalId')
    expect(existsSync(acq.acquirer.caFile)).toBe(true)
  })

  it('--host with --ca: healthy; without --ca the own CA is not trusted (verification stays on)', async () => {
    const host = `localhost:${acq.acquirer.port}`
    const ok = await runCli(['network', 'check', '--host', host, '--ca', acq.acquirer.caFile, '--json'], {env})
    expect(ok.code).toBe(0)
    const out = NetworkCheckResultSchema.parse(JSON.parse(ok.stdout))
    expect(out).toMatchObject({terminal: null, verdict: {status: 'healthy'}})
    const untrusted = await runCli(['network', 'check', '--host', host, '--json'], {env})
    expect(untrusted.code).toBe(1)
    expect(JSON.parse(untrusted.stdout).verdict).toMatchObject({location: 'certificate', layer: 'tls'})
  })

  it('--terminal NAME: hosts and link come from the profile', async () => {
    const e = configWith('profile.json', {
      terminals: [{name: 'till-1', tcp: `127.0.0.1:${term.ready.tcp!.port}`, acquirer: {name: 'Sim Acquiring', hosts: [`localhost:${term.acquirer.port}`]}}],
    })
    const r = await runCli(['network', 'check', '--terminal', 'till-1', '--ca', term.acquirer.caFile, '--json'], {env: e})
    expect(r.code, r.stdout).toBe(0)
    const out = NetworkCheckResultSchema.parse(JSON.parse(r.stdout))
    expect(out.hosts).toEqual([expect.objectContaining({label: `localhost:${term.acquirer.port}`, source: 'profile'})])
    expect(out.terminal).toMatchObject({reached: true, ok: true})
  })

  it('a terminal nobody answers for: exit 3, the terminal named (this PC still reaches the host)', async () => {
    const closed = await new Promise<number>((resolve) => {
      const s = net.createServer().listen(0, '127.0.0.1', () => {
        const port = (s.address() as net.AddressInfo).port
        s.close(() => resolve(port))
      })
    })
    const r = await runCli(['network', 'check', '--tcp', `127.0.0.1:${closed}`, '--host', `localhost:${acq.acquirer.port}`, '--ca', acq.acquirer.caFile, '--json'], {env})
    expect(r.code).toBe(3)
    const out = JSON.parse(r.stdout)
    expect(out.verdict).toMatchObject({status: 'unreachable', location: 'terminal', layer: 'terminal'})
    expect(out.hosts[0].layers.tls).toBe('pass')
  })
})

describe('bad input: one line, exit 2', () => {
  const emptyConfig = configWith('empty.json', {terminals: []})
  const brokenConfig = configWith('broken.json', '{"terminals": [')
  const badHostConfig = configWith('bad-host.json', {terminals: [{name: 'till-9', acquirer: {hosts: ['pos.example:99999']}}]})
  it.each([
    {args: ['--host', 'localhost:70000'], e: env, code: 'USAGE_BAD_HOST', message: /port must be a number from 1 to 65535/},
    {args: ['--host', 'localhost:0'], e: env, code: 'USAGE_BAD_HOST', message: /port/},
    {args: ['--host', 'a:b:c'], e: env, code: 'USAGE_BAD_HOST', message: /HOST:PORT/},
    {args: ['--host', 'bad host:443'], e: env, code: 'USAGE_BAD_HOST', message: /HOST:PORT/},
    {args: ['--terminal', 'nope'], e: emptyConfig, code: 'CONFIG_UNKNOWN_TERMINAL', message: /nope/},
    {args: ['--terminal', 'till-1'], e: brokenConfig, code: 'CONFIG_UNREADABLE', message: /broken\.json/},
    {args: ['--terminal', 'till-9'], e: badHostConfig, code: 'CONFIG_BAD_HOST', message: /bad-host\.json/},
    {args: ['--host', 'localhost:443', '--timeout', 'soon'], e: env, code: 'USAGE_BAD_TIMEOUT', message: /timeout/},
    {args: ['--host', 'localhost:443', '--timeout', '0'], e: env, code: 'USAGE_BAD_TIMEOUT', message: /timeout/},
    {args: ['--host', 'localhost:443', '--dns-server', 'dns.example'], e: env, code: 'USAGE_BAD_DNS_SERVER', message: /dns/},
    {args: ['--host', 'localhost:443', '--ca', '/nonexistent/ca.pem'], e: env, code: 'USAGE_CA_UNREADABLE', message: /ENOENT/},
    {args: [], e: env, code: 'USAGE_NOTHING_TO_CHECK', message: /nothing to check/},
    {args: ['--host', 'localhost:443', '--acquirer-scenario', 'blackhole'], e: env, code: 'USAGE_ACQUIRER_SCENARIO_NEEDS_DEMO', message: /--demo/},
    {args: ['--demo', '--acquirer-scenario', 'nope'], e: env, code: 'USAGE_BAD_ACQUIRER_SCENARIO', message: /nope/},
    {args: ['--host', 'localhost:443', '--count', '0'], e: env, code: 'USAGE', message: /count/i},
    {args: ['--host', 'localhost:443', '--scenario', 'paper-out'], e: env, code: 'USAGE_NO_TERMINAL', message: /terminal/i},
  ] as Array<{args: string[]; e: Record<string, string>; code: string; message: RegExp}>)('$args -> $code', async ({args, e, code, message}) => {
    const [json, human] = await Promise.all([runCli(['network', 'check', ...args, '--json'], {env: e}), runCli(['network', 'check', ...args], {env: e})])
    expect(json.code, json.stdout + json.stderr).toBe(2)
    const err = JSON.parse(json.stdout).error
    expect(err).toMatchObject({code, exitCode: 2})
    expect(err.message).toMatch(message)
    expect(human.code).toBe(2)
    expect(human.stdout).toBe('')
    // (oclif adds a Node "UnparsedCommand" warning after its own parse errors when NODE_ENV is test: not ours)
    const lines = human.stderr.trim().split('\n').filter((l) => !/^\((node:\d+|Use `node)/.test(l))
    expect(lines[0]).toMatch(new RegExp(`^Error \\[${code}\\]: `))
    expect(lines.length).toBeLessThanOrEqual(2)
  })

  it('the messages are Chinese with --lang zh-CN', async () => {
    const r = await runCli(['network', 'check', '--host', 'localhost:70000', '--lang', 'zh-CN'], {env})
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(CJK)
  })

  it.each([
    [['--acquirer-scenario', 'blackhole'], 'USAGE_ACQUIRER_SCENARIO_NEEDS_ACQUIRER'],
    [['--acquirer', '0', '--acquirer-scenario', 'nope'], 'USAGE_BAD_ACQUIRER_SCENARIO'],
  ])('posdoc sim %j -> exit 2 (%s)', async (args, code) => {
    const r = await runCli(['sim', ...args, '--json'], {env})
    expect(r.code).toBe(2)
    expect(JSON.parse(r.stdout).error.code).toBe(code)
  })
})
