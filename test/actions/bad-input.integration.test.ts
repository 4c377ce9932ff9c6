/**
 * Bad input to void retry / receipt reprint: one line, exit 2, nothing sent (the terminal's
 * state.json is unchanged and posdoc's action journal holds no intent). Also the terminal lock.
 */
import {afterEach, describe, expect, it} from 'vitest'

import {terminalKey} from '../../src/config/paths.js'
import {acquireTerminalLock} from '../../src/store/terminal-lock.js'
import {hasSocat} from '../helpers/socat.js'
import {CliRig, json, standingSale, type Framing} from './helpers/cli-rig.js'

let rigs: CliRig[] = []
afterEach(async () => {
  for (const r of rigs) await r.close()
  rigs = []
})

async function rig(framing: Framing = 'tcp'): Promise<CliRig> {
  const r = await CliRig.create(framing)
  rigs.push(r)
  await r.start()
  return r
}

const snapshot = async (r: CliRig) => {
  const s = await r.state()
  return JSON.stringify({journal: s.journal, printed: s.printer.printed, counters: s.counters})
}

/** stderr is exactly "Error [CODE]: one line" + one "Try:" line */
function oneLineError(stderr: string, code: string): void {
  const lines = stderr.trimEnd().split('\n')
  expect(lines[0]).toMatch(new RegExp(`^Error \\[${code}\\]: \\S.*$`))
  expect(lines.length).toBeLessThanOrEqual(2)
  if (lines[1]) expect(lines[1]).toMatch(/^ {2}Try: /)
}

describe('void retry: bad input is refused with exit 2 and nothing is sent', () => {
  it('flag mistakes are refused before the terminal is touched', async () => {
    const r = await rig()
    const sale = standingSale(await r.state())
    const before = await snapshot(r)
    const cases: Array<[string[], string]> = [
      [['--receipt', 'abc', '--password', '000000', '--yes'], 'USAGE_BAD_RECEIPT'],
      [['--receipt', '0', '--password', '000000', '--yes'], 'USAGE_BAD_RECEIPT'],
      [['--receipt', String(sale.receiptNumber), '--amount=-5', '--password', '000000', '--yes'], 'USAGE_BAD_AMOUNT'],
      [['--receipt', String(sale.receiptNumber), '--amount', '12,345', '--password', '000000', '--yes'], 'USAGE_BAD_AMOUNT'],
      [['--receipt', String(sale.receiptNumber), '--amount', 'zwölf', '--password', '000000', '--yes'], 'USAGE_BAD_AMOUNT'],
      [['--receipt', String(sale.receiptNumber), '--yes'], 'USAGE_PASSWORD_REQUIRED'],
      [['--receipt', String(sale.receiptNumber), '--password', '000000'], 'USAGE_NEEDS_YES'],
      [['--receipt', String(sale.receiptNumber), '--password', '000000', '--yes', '--refund'], 'USAGE_REFUND_NEEDS_AMOUNT'],
      [['--receipt', String(sale.receiptNumber), '--password', '000000', '--yes', '--tid', '12'], 'USAGE_BAD_TID'],
    ]
    for (const [args, code] of cases) {
      const res = await r.run(['void', 'retry', ...args])
      expect(res.code, `${args.join(' ')}: ${res.stderr}`).toBe(2)
      oneLineError(res.stderr, code)
      expect(res.stdout).toBe('')
    }
    const needsYes = await r.run(['void', 'retry', '--receipt', '1', '--password', '000000'])
    expect(needsYes.stderr).toMatch(/add --yes/)
    expect(await snapshot(r)).toBe(before)
    expect(await r.actionJournal()).toEqual([])
  }, 60_000)

  it('terminal-side checks: unknown receipt, another terminal, wrong amount, wrong password (also --json and zh-CN)', async () => {
    const r = await rig()
    const sale = standingSale(await r.state())
    const before = await snapshot(r)
    const base = ['void', 'retry', '--yes']
    const cases: Array<[string[], string]> = [
      [[...base, '--receipt', '9999', '--password', '000000'], 'UNKNOWN_RECEIPT'],
      [[...base, '--receipt', String(sale.receiptNumber), '--password', '000000', '--tid', '11112222'], 'TID_MISMATCH'],
      [[...base, '--receipt', String(sale.receiptNumber), '--password', '000000', '--amount', ((sale.amountCents + 1) / 100).toFixed(2)], 'AMOUNT_MISMATCH'],
      [[...base, '--receipt', String(sale.receiptNumber), '--password', '123456'], 'PASSWORD_REJECTED'],
    ]
    for (const [args, code] of cases) {
      const res = await r.run(args)
      expect(res.code, res.stderr).toBe(2)
      oneLineError(res.stderr, code)
      const j = await r.run([...args, '--json'])
      expect(j.code).toBe(2)
      expect(json(j)).toEqual({error: expect.objectContaining({code, exitCode: 2, message: expect.any(String)})})
    }
    const zh = await r.run([...base, '--receipt', '9999', '--password', '000000', '--lang', 'zh-CN'])
    expect(zh.stderr).toMatch(/终端流水中没有票据号 9999/)
    expect(await snapshot(r)).toBe(before)
    expect(await r.actionJournal()).toEqual([])
  }, 60_000)

  it.skipIf(!hasSocat())('over a pty serial link too', async () => {
    const r = await rig('serial')
    const sale = standingSale(await r.state())
    const before = await snapshot(r)
    const res = await r.run(['void', 'retry', '--yes', '--receipt', String(sale.receiptNumber), '--password', '000000', '--tid', '11112222', '--json'])
    expect(res.code).toBe(2)
    expect(json(res).error.code).toBe('TID_MISMATCH')
    const unknown = await r.run(['void', 'retry', '--yes', '--receipt', '9999', '--password', '000000'])
    expect(unknown.code).toBe(2)
    expect(await snapshot(r)).toBe(before)
  }, 60_000)
})

describe('receipt reprint: bad input', () => {
  it('refuses unclear selections and unknown receipts with exit 2, nothing printed', async () => {
    const r = await rig()
    const before = await snapshot(r)
    for (const [args, code] of [
      [['receipt', 'reprint'], 'USAGE_NO_RECEIPT'],
      [['receipt', 'reprint', '--last', '--receipt', '3'], 'USAGE_LAST_AND_RECEIPT'],
      [['receipt', 'reprint', '--receipt', 'x1'], 'USAGE_BAD_RECEIPT'],
      [['receipt', 'reprint', '--receipt', '9999'], 'UNKNOWN_RECEIPT'],
      [['receipt', 'reprint', '--last', '--tid', '11112222'], 'TID_MISMATCH'],
    ] as Array<[string[], string]>) {
      const res = await r.run(args)
      expect(res.code, res.stderr).toBe(2)
      oneLineError(res.stderr, code)
    }
    expect(await snapshot(r)).toBe(before)
  }, 60_000)
})

describe('one posdoc per terminal', () => {
  it('a terminal locked by another posdoc: clear one-line message, exit 3, for void, reprint and device probe', async () => {
    const r = await rig()
    const key = terminalKey({kind: 'tcp', label: `127.0.0.1:${r.port}`})
    const lock = await acquireTerminalLock(key, {command: 'void retry', label: `127.0.0.1:${r.port}`, env: r.env()})
    try {
      const before = await snapshot(r)
      for (const args of [
        ['void', 'retry', '--receipt', '1', '--password', '000000', '--yes'],
        ['receipt', 'reprint', '--last'],
        ['device', 'probe'],
      ]) {
        const res = await r.run(args)
        expect(res.code, res.stderr).toBe(3)
        oneLineError(res.stderr, 'TERMINAL_LOCKED')
        expect(res.stderr).toContain(`Another posdoc is driving the terminal 127.0.0.1:${r.port} (pid ${process.pid}, \`void retry\``)
      }
      expect(await snapshot(r)).toBe(before)
    } finally {
      await lock.release()
    }
    // released: the terminal can be used again
    expect((await r.run(['device', 'probe', '--json'])).code).toBe(0)
  }, 60_000)
})
