/** `posdoc receipt reprint` against `posdoc sim` over TCP and a socat pty pair. */
import {readFile} from 'node:fs/promises'
import path from 'node:path'
import {afterEach, describe, expect, it} from 'vitest'

import {hasSocat} from '../helpers/socat.js'
import {CliRig, json, standingSale, type Framing} from './helpers/cli-rig.js'

let rigs: CliRig[] = []
afterEach(async () => {
  for (const r of rigs) await r.close()
  rigs = []
})

async function rig(framing: Framing, scenario = 'healthy'): Promise<CliRig> {
  const r = await CliRig.create(framing)
  rigs.push(r)
  await r.start(scenario)
  return r
}

describe.each<Framing>(['tcp', 'serial'])('posdoc receipt reprint over %s', (framing) => {
  const skip = framing === 'serial' && !hasSocat()

  it.skipIf(skip)('--last: text captured and printed on the terminal (exit 0, --json)', async () => {
    const r = await rig(framing)
    const before = (await r.state()).printer.printed.length
    const last = standingSale(await r.state())
    const res = await r.run(['receipt', 'reprint', '--last', '--json'])
    expect(res.code).toBe(0)
    const out = json(res)
    expect(out).toMatchObject({schema: 'posdoc.receipt-reprint/1', status: 'printed', exitCode: 0, printer: {ready: true, printed: true}, receipt: {copy: 'customer'}, terminal: {terminalId: '29001006'}})
    expect(out.receipt.lines.join('\n')).toContain(`Receipt             ${String(last.receiptNumber).padStart(4, '0')}`)
    expect(res.stdout).not.toMatch(/\d{13,19}/)
    const after = (await r.state()).printer.printed
    expect(after.length).toBe(before + 1)
    expect(after.at(-1)!.lines.join('\n')).toContain('DUPLICATE')
  }, 60_000)

  it.skipIf(skip)('paper out: says so plainly with the fix, still delivers the text and writes the e-receipt (exit 1, zh-CN)', async () => {
    const r = await rig(framing, 'paper-out')
    const sale = standingSale(await r.state(), 2)
    const file = path.join(r.dir, 'e-receipt.txt')
    const res = await r.run(['receipt', 'reprint', '--receipt', String(sale.receiptNumber), '--save', file, '--lang', 'zh-CN'])
    expect(res.code).toBe(1)
    expect(res.stdout).toMatch(/终端打印机未就绪（缺纸或纸仓盖未合上）/)
    expect(res.stdout).toMatch(/建议: 装入新纸卷/)
    expect(res.stdout).toContain(`Trace             ${String(sale.traceNumber).padStart(6, '0')}`)
    const saved = await readFile(file, 'utf8')
    expect(saved).toContain(`Receipt             ${String(sale.receiptNumber).padStart(4, '0')}`)
    expect(saved).toMatch(/签购单电子副本，终端 29001006/)
    expect(saved).not.toMatch(/\d{13,19}/)
  }, 60_000)

  it.skipIf(skip)('closed batch: the slip must come from the acquirer, with what to ask for (exit 1, --json)', async () => {
    const r = await rig(framing, 'after-eod')
    const state = await r.state()
    const sale = state.journal.filter((x) => x.type === 'sale' && x.receiptNumber !== null).at(-1)!
    const res = await r.run(['receipt', 'reprint', '--receipt', String(sale.receiptNumber), '--json'])
    expect(res.code).toBe(1)
    expect(json(res)).toMatchObject({
      status: 'not-on-terminal',
      acquirerRequest: {terminalId: '29001006', receiptNumber: sale.receiptNumber, traceNumber: sale.traceNumber, time: sale.time, amountCents: sale.amountCents, currencyCode: 978},
    })
    const note = (await r.actionJournal()).find((l) => l.kind === 'note')
    expect(note).toMatchObject({topic: 'reprint-unavailable', data: expect.objectContaining({receiptNumber: sale.receiptNumber, traceNumber: sale.traceNumber})})
    expect((await r.state()).printer.printed).toEqual(state.printer.printed)
  }, 60_000)
})
