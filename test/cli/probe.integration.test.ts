import net from 'node:net'
import {afterEach, describe, expect, it} from 'vitest'

import {runCli} from '../helpers/cli.js'
import {createPtyPair, hasSocat, type PtyPair} from '../helpers/socat.js'
import {startSimProcess, type SimProcess} from '../helpers/sim-process.js'

type Check = {id: string; status: string; summary: string; remedy?: string}
const check = (out: {checks: Check[]}, id: string) => out.checks.find((c) => c.id === id)

let sims: SimProcess[] = []
let ptys: PtyPair[] = []
afterEach(async () => {
  for (const s of sims) await s.stop()
  for (const p of ptys) await p.close()
  sims = []
  ptys = []
})

describe('posdoc device probe --demo', () => {
  it('reports a healthy terminal with identity, clock, batch and last transaction (exit 0)', async () => {
    const r = await runCli(['device', 'probe', '--demo', '--json'])
    expect(r.code).toBe(0)
    const out = JSON.parse(r.stdout)
    expect(out.schema).toBe('posdoc.device-probe/1')
    expect(out.verdict).toBe('healthy')
    expect(out.terminal.terminalId).toMatch(/^\d{8}$/)
    expect(out.terminal.softwareVersion).toBeTruthy()
    expect(out.terminal.status).toMatchObject({code: 0, hex: '00'})
    expect(out.printer).toEqual({ready: true})
    expect(out.host).toMatchObject({ok: true})
    expect(Math.abs(out.clock.skewSeconds)).toBeLessThan(5)
    expect(out.openBatch.count).toBeGreaterThan(0)
    expect(out.lastTransaction).toMatchObject({resultCode: '00'})
    expect(out.lastTransaction.receiptNumber).toBeGreaterThan(0)
    expect(out.lastTransaction.amountCents).toBeGreaterThan(0)
    expect(out.checks.map((c: Check) => c.id)).toEqual([
      'device.link',
      'device.registration',
      'device.status',
      'device.printer',
      'device.host',
      'device.clock',
      'device.batch',
      'device.last-transaction',
    ])
    // stdout is exactly one JSON document; nothing chatty on stderr when not a TTY
    expect(r.stderr).toBe('')
  })

  it.each([
    ['paper-out', 'device.printer', 'fail'],
    ['host-down', 'device.host', 'fail'],
    ['activation-required', 'device.status', 'fail'],
    ['open-eod-batch', 'device.status', 'fail'],
  ])('scenario %s: %s is %s, verdict problem, exit 1', async (scenario, id, status) => {
    const r = await runCli(['device', 'probe', '--demo', '--scenario', scenario, '--json'])
    expect(r.code).toBe(1)
    const out = JSON.parse(r.stdout)
    expect(out.verdict).toBe('problem')
    const c = check(out, id)!
    expect(c.status).toBe(status)
    expect(c.remedy).toBeTruthy()
  })

  it('explains findings in Chinese with --lang zh-CN', async () => {
    const r = await runCli(['device', 'probe', '--demo', '--scenario', 'paper-out', '--lang', 'zh-CN'])
    expect(r.code).toBe(1)
    expect(r.stdout).toMatch(/打印机/)
    expect(r.stdout).toMatch(/结论：发现问题/)
  })

  it('survives a garbled serial line (CRC errors are NAKed and repeated)', async () => {
    const r = await runCli(['device', 'probe', '--demo', '--scenario', 'garble', '--json'])
    expect(r.code).toBe(0)
    expect(JSON.parse(r.stdout).verdict).toBe('healthy')
  })
})

describe('posdoc device probe against posdoc sim', () => {
  it('over TCP on 127.0.0.1', async () => {
    const sim = await startSimProcess(['--tcp', '0'])
    sims.push(sim)
    const port = sim.ready.tcp!.port
    const r = await runCli(['device', 'probe', '--tcp', `127.0.0.1:${port}`, '--json'])
    expect(r.code).toBe(0)
    const out = JSON.parse(r.stdout)
    expect(out.verdict).toBe('healthy')
    expect(out.terminal.terminalId).toBe(sim.ready.terminalId)
    expect(out.target.link).toContain(`127.0.0.1:${port}`)
    expect(await sim.stop()).toBe(0)
    sims = []
  })

  it.skipIf(!hasSocat())('over a socat pty pair, with --baud auto', async () => {
    const pty = await createPtyPair()
    ptys.push(pty)
    const sim = await startSimProcess(['--serial', pty.a, '--baud', '9600'])
    sims.push(sim)
    const r = await runCli(['device', 'probe', '--serial', pty.b, '--baud', 'auto', '--json'], {timeoutMs: 30_000})
    expect(r.code).toBe(0)
    const out = JSON.parse(r.stdout)
    expect(out.verdict).toBe('healthy')
    expect(out.target.baudRate).toBe(9600)
    expect(out.target.link).toContain(pty.b)
  })
})

describe('posdoc device probe failures', () => {
  it('nothing listening: exit 3 with the refused address, fast', async () => {
    const free = await new Promise<number>((resolve) => {
      const s = net.createServer().listen(0, '127.0.0.1', () => {
        const p = (s.address() as net.AddressInfo).port
        s.close(() => resolve(p))
      })
    })
    const r = await runCli(['device', 'probe', '--tcp', `127.0.0.1:${free}`])
    expect(r.code).toBe(3)
    expect(r.stderr).toMatch(/^Error \[LINK_CONNECTION_REFUSED\]: 127\.0\.0\.1:\d+ refused the connection\n {2}Try: /)
  })

  it('a terminal that accepts but never answers: exit 3 within T3', async () => {
    const server = net.createServer(() => undefined)
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
    const port = (server.address() as net.AddressInfo).port
    try {
      const r = await runCli(['device', 'probe', '--tcp', `127.0.0.1:${port}`, '--json'], {timeoutMs: 20_000})
      expect(r.code).toBe(3)
      expect(JSON.parse(r.stdout).error.code).toBe('ZVT_T3_TIMEOUT')
      expect(r.durationMs).toBeLessThan(15_000)
    } finally {
      server.close()
    }
  })

  it('a serial port that does not exist: exit 3, LINK_PORT_NOT_FOUND', async () => {
    const r = await runCli(['device', 'probe', '--serial', '/dev/posdoc-no-such-port'])
    expect(r.code).toBe(3)
    expect(r.stderr).toMatch(/LINK_PORT_NOT_FOUND/)
  })

  it.skipIf(!hasSocat())('a busy serial port (held by the simulator): exit 3, LINK_PORT_BUSY', async () => {
    const pty = await createPtyPair()
    ptys.push(pty)
    const sim = await startSimProcess(['--serial', pty.a])
    sims.push(sim)
    const r = await runCli(['device', 'probe', '--serial', pty.a])
    expect(r.code).toBe(3)
    expect(r.stderr).toMatch(/LINK_PORT_BUSY/)
  })

  it.skipIf(!hasSocat())('silence on the serial line (wrong cable / no terminal): auto-baud gives up with exit 3', async () => {
    const pty = await createPtyPair()
    ptys.push(pty)
    const r = await runCli(['device', 'probe', '--serial', pty.b, '--baud', 'auto', '--json'], {timeoutMs: 30_000})
    expect(r.code).toBe(3)
    expect(JSON.parse(r.stdout).error.code).toBe('BAUD_NOT_FOUND')
  })

  it.each([
    [['device', 'probe'], 'USAGE_NO_TERMINAL'],
    [['device', 'probe', '--tcp', '127.0.0.1:99999'], 'LINK_BAD_ADDRESS'],
    [['device', 'probe', '--serial', '/dev/ttyS0', '--baud', '300'], 'USAGE_BAD_BAUD'],
    [['device', 'probe', '--demo', '--password', '12'], 'USAGE_BAD_PASSWORD'],
    [['device', 'probe', '--demo', '--scenario', 'no-such'], 'USAGE_BAD_SCENARIO'],
    [['device', 'probe', '--demo', '--nope'], 'USAGE'],
  ])('bad input %j: exit 2 with %s', async (args, code) => {
    const r = await runCli([...args, '--json'])
    expect(r.code).toBe(2)
    expect(JSON.parse(r.stdout).error.code).toBe(code)
  })
})
