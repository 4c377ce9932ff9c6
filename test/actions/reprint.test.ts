/** The reprint service against the in-process simulator. */
import {mkdtemp, readFile, rm} from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import {afterEach, describe, expect, it} from 'vitest'

import {copyOf, reprintReceipt, type ReprintRequest} from '../../src/actions/reprint.js'
import {ActionJournal} from '../../src/store/action-journal.js'
import {drive, makeRig, PASSWORD, type Rig} from './helpers/rig.js'

const dirs: string[] = []
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, {recursive: true, force: true})
})

async function reprint(rig: Rig, req: Partial<ReprintRequest> & Pick<ReprintRequest, 'which'>) {
  const proc = rig.connect()
  try {
    return await drive(
      reprintReceipt(
        {copy: 'customer', paper: true, ...req},
        {terminal: proc.terminal, password: PASSWORD, journal: proc.journal, target: {kind: 'memory', label: 'sim', link: 'memory'}, clock: rig.clock, queryDelaysMs: [1000]},
      ),
      rig.clock,
    )
  } finally {
    await proc.close()
  }
}

describe('receipt reprint', () => {
  it('--last: captures every line as text, then prints the slip on the terminal', async () => {
    const rig = await makeRig()
    const last = rig.standingSales().at(-1)!
    const printed = rig.sim.state.printer.printed.length
    const r = await reprint(rig, {which: {kind: 'last'}})
    expect(r).toMatchObject({status: 'printed', exitCode: 0, printer: {ready: true, printed: true}, receipt: {copy: 'customer'}})
    const text = r.receipt!.lines.join('\n')
    expect(text).toContain('CUSTOMER COPY')
    expect(text).toContain(`Receipt             ${String(last.receiptNumber).padStart(4, '0')}`)
    // masked card only, never a full PAN
    expect(text).not.toMatch(/\d{13,19}/)
    expect(rig.sim.state.printer.printed.length).toBe(printed + 1)
  })

  it('--receipt N --no-paper: text only, nothing printed', async () => {
    const rig = await makeRig()
    const sale = rig.standingSales().at(-3)!
    const printed = rig.sim.state.printer.printed.length
    const r = await reprint(rig, {which: {kind: 'receipt', receiptNumber: sale.receiptNumber!}, paper: false})
    expect(r).toMatchObject({status: 'text-only', exitCode: 0, printer: {printed: false}})
    expect(r.receipt!.lines.join('\n')).toContain(`Trace             ${String(sale.traceNumber).padStart(6, '0')}`)
    expect(rig.sim.state.printer.printed.length).toBe(printed)
  })

  it('paper-out: says so with the fix, still delivers the text and the e-receipt', async () => {
    const rig = await makeRig({scenario: 'paper-out'})
    const dir = await mkdtemp(path.join(os.tmpdir(), 'posdoc-reprint-'))
    dirs.push(dir)
    const file = path.join(dir, 'slip.txt')
    const r = await reprint(rig, {which: {kind: 'last'}, saveFile: file})
    expect(r).toMatchObject({status: 'text-only', exitCode: 1, printer: {ready: false, printed: false, resultCode: 'CC'}, saved: {file}})
    expect(r.message).toMatch(/printer is not ready/)
    expect(r.remedy).toMatch(/paper roll/)
    expect(r.remedy).toContain(file)
    const saved = await readFile(file, 'utf8')
    expect(saved).toContain(r.receipt!.lines[1]!)
    expect(saved).toMatch(/Electronic copy of the slip, terminal 29001006/)
  })

  it('closed batch: the slip must come from the acquirer; what to ask for is recorded', async () => {
    const rig = await makeRig({scenario: 'after-eod'})
    const sale = rig.records().filter((x) => x.type === 'sale' && x.receiptNumber !== null).at(-1)!
    const r = await reprint(rig, {which: {kind: 'receipt', receiptNumber: sale.receiptNumber!}})
    expect(r).toMatchObject({
      status: 'not-on-terminal',
      exitCode: 1,
      acquirerRequest: {terminalId: '29001006', receiptNumber: sale.receiptNumber, traceNumber: sale.traceNumber, amountCents: sale.amountCents, time: sale.time, batchNumber: sale.batchNumber},
    })
    expect(r.message).toMatch(/must come from the acquirer/)
    expect(r.remedy).toContain(`trace ${String(sale.traceNumber).padStart(6, '0')}`)
    const {records} = await new ActionJournal(rig.store).read()
    expect(records).toEqual([expect.objectContaining({kind: 'note', topic: 'reprint-unavailable', data: expect.objectContaining({receiptNumber: sale.receiptNumber, traceNumber: sale.traceNumber})})])
  })

  it('unknown receipt and another terminal are bad input (exit 2), nothing printed', async () => {
    const rig = await makeRig()
    const printed = rig.sim.state.printer.printed.length
    await expect(reprint(rig, {which: {kind: 'receipt', receiptNumber: 9999}})).rejects.toMatchObject({code: 'UNKNOWN_RECEIPT', exitCode: 2})
    await expect(reprint(rig, {which: {kind: 'last'}, expectedTerminalId: '11112222'})).rejects.toMatchObject({code: 'TID_MISMATCH', exitCode: 2})
    expect(rig.sim.state.printer.printed.length).toBe(printed)
  })

  it('copy detection: TLV type first, then the slip wording', () => {
    expect(copyOf({type: 'merchant', lines: []})).toBe('merchant')
    expect(copyOf({type: 'unknown', lines: ['  CUSTOMER COPY']})).toBe('customer')
    expect(copyOf({type: 'unknown', lines: ['商户存根']})).toBe('merchant')
    expect(copyOf({type: 'unknown', lines: ['DIAGNOSIS']})).toBe('unknown')
  })
})
