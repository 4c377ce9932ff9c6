/**
 * `posdoc receipt reprint --timeout SECONDS` through the built CLI against `posdoc sim` (its own
 * process, real TCP on 127.0.0.1).
 *
 * No simulator scenario makes a Repeat Receipt go silent (drop-response and the power loss hit
 * only payments / reversals), so the power loss is played on the line: a relay between posdoc
 * and the simulator passes every byte until the simulator has accepted the 06 20 (80 00 00),
 * then goes dark in both directions with the connection left open. That is what a terminal that
 * reboots in the middle of the query looks like to the ECR: the socket stays up, nothing comes.
 */
import {mkdtemp, readFile, rm} from 'node:fs/promises'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import {afterEach, describe, expect, it} from 'vitest'

import {ApduReassembler, commandKey, encodeApdu} from '../../src/protocol/zvt/apdu.js'
import {runCli} from '../helpers/cli.js'
import {startSimProcess, type SimProcess} from '../helpers/sim-process.js'

interface DarkRelay {
  port: number
  /** true once the terminal went dark */
  readonly dark: boolean
  close(): Promise<void>
}

/** Relay 127.0.0.1:port -> the simulator; dark after the PT's 80 00 00 to the first 06 20. */
async function darkAfterRepeatReceiptAck(simPort: number): Promise<DarkRelay> {
  let dark = false
  const sockets = new Set<net.Socket>()
  const server = net.createServer((ecr) => {
    const pt = net.connect(simPort, '127.0.0.1')
    sockets.add(ecr).add(pt)
    let repeatReceiptSent = false
    const toPt = new ApduReassembler()
    const toEcr = new ApduReassembler()
    ecr.on('data', (chunk) => {
      if (dark) return
      for (const apdu of toPt.push(chunk)) {
        if (commandKey(apdu) === '06 20') repeatReceiptSent = true
        pt.write(encodeApdu(apdu))
      }
    })
    pt.on('data', (chunk) => {
      for (const apdu of toEcr.push(chunk)) {
        if (dark) return
        ecr.write(encodeApdu(apdu))
        if (repeatReceiptSent && commandKey(apdu) === '80 00') dark = true
      }
    })
    ecr.on('error', () => undefined)
    pt.on('error', () => undefined)
    ecr.on('close', () => pt.destroy())
    pt.on('close', () => {
      // a dark terminal does not close the connection either
      if (!dark) ecr.destroy()
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    port: (server.address() as net.AddressInfo).port,
    get dark() {
      return dark
    },
    close: async () => {
      for (const s of sockets) s.destroy()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}

let cleanup: Array<() => Promise<unknown>> = []
afterEach(async () => {
  for (const c of cleanup.reverse()) await c().catch(() => undefined)
  cleanup = []
})

describe('posdoc receipt reprint --timeout', () => {
  it('a terminal that goes dark after accepting the Repeat Receipt: given up after --timeout 2, exit 3, one JSON document', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'posdoc-reprint-timeout-'))
    cleanup.push(() => rm(dir, {recursive: true, force: true}))
    const sim: SimProcess = await startSimProcess(['--tcp', '0', '--state', path.join(dir, 'sim')])
    cleanup.push(() => sim.stop())
    const relay = await darkAfterRepeatReceiptAck(sim.ready.tcp!.port)
    cleanup.push(() => relay.close())
    const wireLog = path.join(dir, 'wire.jsonl')

    const r = await runCli(['receipt', 'reprint', '--last', '--timeout', '2', '--json', '--wire-log', wireLog, '--tcp', `127.0.0.1:${relay.port}`], {
      env: {POSDOC_DATA_DIR: path.join(dir, 'data')},
      timeoutMs: 30_000,
    })

    expect(relay.dark).toBe(true)
    expect(r.code).toBe(3)
    // exactly one JSON document on stdout (JSON.parse refuses anything after it)
    const doc = JSON.parse(r.stdout) as {error: {code: string; exitCode: number; message: string}}
    expect(doc.error).toMatchObject({code: 'ZVT_T4_TIMEOUT', exitCode: 3})
    // T4 was waited out, and it was the 2 s asked for, not the default 180 s
    const wire = (await readFile(wireLog, 'utf8'))
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as {dir: string; layer: string; hex: string; summary: string})
    expect(wire.filter((e) => e.layer === 'event').map((e) => e.summary)).toContain('T4 expired: no 06 0F / 06 1E within 2000 ms')
    const last06_20 = wire.findLastIndex((e) => e.dir === 'ECR->PT' && e.hex.startsWith('06 20'))
    expect(last06_20).toBeGreaterThan(-1)
    // nothing was sent after the terminal went silent (no Log-Off into the void)
    expect(wire.slice(last06_20 + 1).filter((e) => e.dir === 'ECR->PT' && e.layer === 'apdu')).toEqual([])
    expect(r.durationMs).toBeGreaterThanOrEqual(2000)
    expect(r.durationMs).toBeLessThan(10_000)
  }, 60_000)

  it('takes the same bounds as void retry --timeout (1-900 s, whole seconds): anything else is bad input, exit 2, nothing sent', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'posdoc-reprint-timeout-'))
    cleanup.push(() => rm(dir, {recursive: true, force: true}))
    // no terminal listens here: a value that got past the check would end in exit 3, not 2
    const closed = net.createServer()
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve))
    const port = (closed.address() as net.AddressInfo).port
    await new Promise<void>((resolve) => closed.close(() => resolve()))
    for (const value of ['0', '901', '2.5', 'soon']) {
      const r = await runCli(['receipt', 'reprint', '--last', '--timeout', value, '--json', '--tcp', `127.0.0.1:${port}`], {env: {POSDOC_DATA_DIR: path.join(dir, 'data')}})
      expect(r.code, `--timeout ${value}`).toBe(2)
      const doc = JSON.parse(r.stdout) as {error: {code: string; message: string}}
      expect(doc.error.code).toBe('USAGE')
      expect(doc.error.message).toMatch(/timeout/)
    }
    const help = await runCli(['receipt', 'reprint', '--help'])
    expect(help.stdout).toMatch(/--timeout=<value>\s+\[default: 180\]/)
  }, 60_000)
})
