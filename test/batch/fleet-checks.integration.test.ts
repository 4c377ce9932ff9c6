// posdoc batch over real loopback TCP: the network family on a dead acquirer host, duplicate
// rows, slow vs unreachable terminals, --shard and --jsonl.
import {mkdtempSync, writeFileSync} from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {startSimulator, type RunningSimulator} from '../../src/sim/server.js'
import {runCli} from '../helpers/cli.js'

const dir = mkdtempSync(path.join(os.tmpdir(), 'posdoc-batch-fleet-'))
const sims: RunningSimulator[] = []
const servers: net.Server[] = []
let deadPort = 0
let healthy: RunningSimulator
let slow: RunningSimulator

function file(name: string, rows: string[]): string {
  const f = path.join(dir, name)
  writeFileSync(f, rows.join('\n') + '\n')
  return f
}

/** A port nothing listens on (bound once, then closed). */
async function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as net.AddressInfo).port
      s.close(() => resolve(p))
    })
  })
}

async function listen(onConnection: (socket: net.Socket) => void): Promise<number> {
  const s = net.createServer(onConnection)
  servers.push(s)
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r))
  return (s.address() as net.AddressInfo).port
}

beforeAll(async () => {
  deadPort = await closedPort()
  healthy = await startSimulator({tcp: {host: '127.0.0.1', port: 0}, terminalId: '30000001', seed: 1})
  // every PT message 400 ms late: the first answer comes well inside a 1 s deadline, the probe does not
  slow = await startSimulator({tcp: {host: '127.0.0.1', port: 0}, scenario: 'slow', scenarioOptions: {slowDelayMs: 400}, terminalId: '30000002', seed: 2})
  sims.push(healthy, slow)
})

afterAll(async () => {
  for (const s of sims) await s.close()
  for (const s of servers) s.close()
})

describe('batch --checks network', () => {
  it('a dead acquirer host is a failure, not "healthy" (terminal at 127.0.0.1:1, nothing listens on the host port)', async () => {
    const fleet = file('dead-host.csv', ['name,tcp,host', `till,127.0.0.1:1,127.0.0.1:${deadPort}`])
    const r = await runCli(['batch', fleet, '--checks', 'network', '--timeout', '5', '--json'], {timeoutMs: 30_000})
    expect(r.code).toBe(1)
    const out = JSON.parse(r.stdout)
    expect(out.checks).toEqual(['network'])
    const t = out.terminals[0]
    expect(t.verdict).toBe('problem')
    expect(t.checks.find((c: {id: string}) => c.id === 'network.tcp')).toMatchObject({status: 'fail', evidence: {host: `127.0.0.1:${deadPort}`}})
    expect(out.summary).toMatchObject({healthy: 0, problem: 1})
  })

  it('a live acquirer host passes TCP (an IP literal needs no DNS)', async () => {
    const port = await listen((s) => s.end())
    const fleet = file('live-host.csv', ['name,tcp,host', `till,127.0.0.1:1,127.0.0.1:${port}`])
    const r = await runCli(['batch', fleet, '--checks', 'network', '--timeout', '5', '--json'], {timeoutMs: 30_000})
    const t = JSON.parse(r.stdout).terminals[0]
    expect(t.checks.find((c: {id: string}) => c.id === 'network.dns').status).toBe('skip')
    expect(t.checks.find((c: {id: string}) => c.id === 'network.tcp').status).toBe('pass')
  })

  it('a fleet file without a host column cannot run the network family: exit 2', async () => {
    const fleet = file('no-host.csv', ['name,tcp', 'till,127.0.0.1:1'])
    const r = await runCli(['batch', fleet, '--checks', 'network', '--json'])
    expect(r.code).toBe(2)
    expect(JSON.parse(r.stdout).error.code).toBe('BATCH_NO_HOST_COLUMN')
  })

  it('an unknown family is a usage error that lists the known ones', async () => {
    const fleet = file('any.csv', ['name,tcp', 'till,127.0.0.1:1'])
    const r = await runCli(['batch', fleet, '--checks', 'status,dns', '--json'])
    expect(r.code).toBe(2)
    const err = JSON.parse(r.stdout).error
    expect(err.code).toBe('USAGE_BAD_CHECKS')
    expect(err.message).toMatch(/unknown check family: dns; known: device, status, network/)
  })
})

describe('batch fleet files', () => {
  it('two rows with one address: reported as a duplicate naming the first row, checked once (no lock-out)', async () => {
    const port = healthy.tcpAddress!.port
    const fleet = file('dupes.csv', ['name,tcp,tid', `front,127.0.0.1:${port},30000001`, `front-again,127.0.0.1:${port},30000001`])
    const r = await runCli(['batch', fleet, '--checks', 'status', '--timeout', '10', '--json'], {timeoutMs: 30_000})
    expect(r.code).toBe(0)
    const out = JSON.parse(r.stdout)
    expect(out.terminals).toHaveLength(1)
    expect(out.terminals[0]).toMatchObject({name: 'front', verdict: 'healthy', terminalId: '30000001'})
    expect(out.duplicates).toEqual([{line: 3, name: 'front-again', address: `tcp 127.0.0.1:${port}`, firstLine: 2, firstName: 'front'}])
    expect(out.rowErrors).toEqual([])
    expect(out.summary).toMatchObject({total: 2, healthy: 1, duplicate: 1, error: 0})
  })

  it('slow (answers after the deadline) and unreachable (no answer at all) are told apart', async () => {
    const silent = await listen(() => undefined)
    const fleet = file('slow.csv', ['name,tcp', `slow,127.0.0.1:${slow.tcpAddress!.port}`, `silent,127.0.0.1:${silent}`])
    const r = await runCli(['batch', fleet, '--checks', 'status', '--timeout', '1', '--json'], {timeoutMs: 30_000})
    expect(r.code).toBe(1)
    const out = JSON.parse(r.stdout)
    const by = new Map(out.terminals.map((t: {name: string}) => [t.name, t]))
    expect(by.get('slow')).toMatchObject({verdict: 'slow', error: {code: 'BATCH_SLOW'}})
    expect(by.get('silent')).toMatchObject({verdict: 'unreachable', error: {code: 'BATCH_NO_ANSWER'}})
    expect(out.summary).toMatchObject({slow: 1, unreachable: 1})
  })

  it('a fleet whose only trouble is terminals that do not answer exits 3', async () => {
    const fleet = file('unreachable.csv', ['name,tcp', `gone,127.0.0.1:${deadPort}`])
    const r = await runCli(['batch', fleet, '--checks', 'status', '--timeout', '3', '--json'], {timeoutMs: 30_000})
    expect(r.code).toBe(3)
    expect(JSON.parse(r.stdout).terminals[0]).toMatchObject({verdict: 'unreachable', error: {code: 'LINK_CONNECTION_REFUSED'}})
  })
})

describe('batch --shard and --jsonl', () => {
  it('N shards with --jsonl: every terminal exactly once, one JSON document per line, nothing else on stdout', async () => {
    const rows = ['name,tcp,host']
    for (let i = 0; i < 12; i++) rows.push(`t${i},127.0.0.1:${deadPort},127.0.0.1:${deadPort}`.replace(`127.0.0.1:${deadPort},`, `127.0.0.${i + 2}:${deadPort},`))
    rows.push(`t0-again,127.0.0.2:${deadPort},`, ',127.0.0.99:1,')
    const fleet = file('shards.csv', rows)
    const runs = await Promise.all([1, 2, 3].map((k) => runCli(['batch', fleet, '--checks', 'network', '--timeout', '3', '--shard', `${k}/3`, '--jsonl'], {timeoutMs: 30_000})))
    const lines = runs.map((r) => r.stdout).join('').split('\n').filter(Boolean)
    const docs = lines.map((l) => JSON.parse(l) as {kind: string; name?: string; line: number})
    for (const r of runs) expect(r.stdout === '' || r.stdout.endsWith('\n')).toBe(true)
    const terminals = docs.filter((d) => d.kind === 'terminal').map((d) => d.name).sort()
    expect(terminals).toEqual(Array.from({length: 12}, (_, i) => `t${i}`).sort())
    expect(docs.filter((d) => d.kind === 'duplicate').map((d) => d.name)).toEqual(['t0-again'])
    expect(docs.filter((d) => d.kind === 'row-error').map((d) => d.line)).toEqual([15])
    // the dead host fails every terminal's network check
    for (const r of runs) expect(r.code).toBe(1)
  })

  it('--jsonl and --json together are a usage error', async () => {
    const fleet = file('both.csv', ['name,tcp', 'till,127.0.0.1:1'])
    const r = await runCli(['batch', fleet, '--jsonl', '--json'])
    expect(r.code).toBe(2)
  })

  it('a bad --shard is a usage error', async () => {
    const fleet = file('shard-bad.csv', ['name,tcp', 'till,127.0.0.1:1'])
    const r = await runCli(['batch', fleet, '--shard', '4/3', '--json'])
    expect(r.code).toBe(2)
    expect(JSON.parse(r.stdout).error.code).toBe('USAGE_BAD_SHARD')
  })
})
