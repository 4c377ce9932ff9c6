import {mkdtempSync, readFileSync, writeFileSync} from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {startSimulator, type RunningSimulator} from '../../src/sim/server.js'
import type {ScenarioName} from '../../src/sim/scenarios.js'
import {runCli} from '../helpers/cli.js'

const dir = mkdtempSync(path.join(os.tmpdir(), 'posdoc-batch-'))
const sims: RunningSimulator[] = []
let silent: net.Server
let fleet: string
let refusedPort = 0

// 24 simulated terminals: most healthy, some with a fault; plus one that refuses and one that never answers
const SCENARIOS: ScenarioName[] = Array.from({length: 24}, (_, i) => (i % 8 === 3 ? 'paper-out' : i % 8 === 6 ? 'activation-required' : 'healthy'))

beforeAll(async () => {
  const rows = ['name,tcp,host,tid']
  for (const [i, scenario] of SCENARIOS.entries()) {
    const tid = String(10000000 + i)
    const sim = await startSimulator({tcp: {host: '127.0.0.1', port: 0}, scenario, terminalId: tid, seed: i + 1})
    sims.push(sim)
    rows.push(`till-${i},127.0.0.1:${sim.tcpAddress!.port},,${tid}`)
  }
  refusedPort = await new Promise<number>((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as net.AddressInfo).port
      s.close(() => resolve(p))
    })
  })
  rows.push(`refusing,127.0.0.1:${refusedPort},,`)
  silent = net.createServer(() => undefined)
  await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r))
  rows.push(`silent,127.0.0.1:${(silent.address() as net.AddressInfo).port},,`)
  rows.push(',127.0.0.1:1,,') // no name: a row error, reported with its line
  fleet = path.join(dir, 'fleet.csv')
  writeFileSync(fleet, rows.join('\n') + '\n')
})

afterAll(async () => {
  for (const s of sims) await s.close()
  silent?.close()
})

describe('posdoc batch over a fleet of simulated terminals', () => {
  it('checks every terminal, names the faulted ones, and one silent terminal does not stall the run', async () => {
    const junit = path.join(dir, 'out.xml')
    const csv = path.join(dir, 'out.csv')
    const r = await runCli(['batch', fleet, '--checks', 'device', '--concurrency', '8', '--timeout', '3', '--json', '--junit', junit, '--csv', csv], {timeoutMs: 60_000})
    expect(r.code).toBe(1)
    const out = JSON.parse(r.stdout)
    expect(out.schema).toBe('posdoc.batch/1')
    expect(out.terminals).toHaveLength(SCENARIOS.length + 2)
    const byName = new Map(out.terminals.map((t: {name: string}) => [t.name, t]))
    for (const [i, scenario] of SCENARIOS.entries()) {
      const t = byName.get(`till-${i}`) as {verdict: string; terminalId: string; checks: Array<{id: string; status: string}>}
      expect(t.terminalId).toBe(String(10000000 + i))
      expect(t.verdict).toBe(scenario === 'healthy' ? 'healthy' : 'problem')
      if (scenario === 'paper-out') expect(t.checks.find((c) => c.id === 'device.printer')?.status).toBe('fail')
    }
    expect(byName.get('refusing')).toMatchObject({verdict: 'unreachable', error: {code: 'LINK_CONNECTION_REFUSED'}})
    const silentReport = byName.get('silent') as {verdict: string; durationMs: number}
    expect(silentReport.verdict).toBe('unreachable')
    expect(silentReport.durationMs).toBeLessThan(6000)
    expect(out.rowErrors).toEqual([{line: SCENARIOS.length + 4, reason: 'no name'}])
    expect(out.summary).toMatchObject({total: SCENARIOS.length + 3, healthy: 18, problem: 6, unreachable: 2, error: 1})

    const xml = readFileSync(junit, 'utf8')
    expect(xml).toMatch(/<testsuites name="posdoc batch"/)
    expect((xml.match(/<testsuite /g) ?? []).length).toBe(SCENARIOS.length + 3)
    expect(xml).toMatch(/<failure message="[^"]*[Pp]rinter/)
    const lines = readFileSync(csv, 'utf8').trim().split('\n')
    expect(lines[0]).toBe('name,target,verdict,terminal_id,failed_checks,first_problem,remedy,duration_ms')
    expect(lines).toHaveLength(SCENARIOS.length + 4)
  })

  it('status-only checks are lighter and still find the printer', async () => {
    const r = await runCli(['batch', fleet, '--checks', 'status', '--timeout', '3', '--json'], {timeoutMs: 60_000})
    const out = JSON.parse(r.stdout)
    const t = out.terminals.find((x: {name: string}) => x.name === 'till-3')
    expect(t.checks.map((c: {id: string}) => c.id)).toEqual(['device.link', 'device.registration', 'device.status', 'device.printer'])
  })

  it('prints a table with a summary line in Chinese', async () => {
    const r = await runCli(['batch', fleet, '--checks', 'status', '--timeout', '3', '--lang', 'zh-CN'], {timeoutMs: 60_000})
    expect(r.code).toBe(1)
    expect(r.stdout).toMatch(/共 27 台：正常 18，警告 0，有问题 6，响应太慢 0，无法连接 2，错误 1，重复 0/)
  })

  it.each([
    ['missing file', ['batch', path.join(dir, 'nope.csv')], 'BATCH_FILE_UNREADABLE'],
    ['unknown check', ['batch', 'FLEET', '--checks', 'device,bogus'], 'USAGE_BAD_CHECKS'],
  ])('%s: exit 2', async (_n, args, code) => {
    const r = await runCli([...args.map((a) => (a === 'FLEET' ? fleet : a)), '--json'])
    expect(r.code).toBe(2)
    expect(JSON.parse(r.stdout).error.code).toBe(code)
  })

  it.each([
    ['empty.csv', 'BATCH_FILE_EMPTY', ''],
    ['header-only.csv', 'BATCH_FILE_EMPTY', 'name,tcp\n'],
    ['no-link-column.csv', 'BATCH_FILE_COLUMNS', 'name,colour\na,blue\n'],
    ['bad-quotes.csv', 'BATCH_FILE_MALFORMED', 'name,tcp\n"a,127.0.0.1:1\n'],
    ['no-usable.csv', 'BATCH_NO_USABLE_ROWS', 'name,tcp\n,127.0.0.1:1\n'],
  ])('fleet file %s: exit 2 with %s', async (name, code, body) => {
    const f = path.join(dir, name)
    writeFileSync(f, body)
    const r = await runCli(['batch', f, '--json'])
    expect(r.code).toBe(2)
    expect(JSON.parse(r.stdout).error.code).toBe(code)
  })
})
