import {describe, expect, it} from 'vitest'
import {decodeMessage, ack, pt as ptMsg} from '../../src/protocol/zvt/messages.js'
import {findTlv, tlvConstructed, tlvPrimitive} from '../../src/protocol/zvt/tlv.js'
import type {Apdu} from '../../src/protocol/zvt/types.js'
import type {CommandOutcome} from '../../src/terminal/terminal.js'
import {SessionError, type Framing} from '../../src/terminal/zvt/session.js'
import {assembleFile, outcomeFromExchange, ZvtTerminal} from '../../src/terminal/zvt/zvt-terminal.js'
import {FakeClock} from '../../src/util/clock.js'
import {VISA_TEST_CARD} from '../fixtures/test-cards.js'
import {FakePt} from './helpers/fake-pt.js'

function setup(framing: Framing, opts: {currencyCode?: number; password?: string} = {}) {
  const clock = new FakeClock(Date.UTC(2024, 4, 17, 9, 30, 0))
  const {ecrLink, pt} = FakePt.pair(framing)
  const terminal = new ZvtTerminal(ecrLink, {framing, clock, ...opts})
  return {clock, pt, terminal}
}

/** The PT side of one whole command: 80 00 00, then each message as master. */
async function ptRuns(pt: FakePt, expectKey: string, messages: Apdu[]): Promise<Apdu> {
  const command = await pt.next(expectKey)
  await pt.accept80()
  for (const m of messages) await pt.master(m)
  return command
}

const fileBlock = (data: string, offset: number, total: number) =>
  ptMsg.statusInformation({
    tlv: [
      tlvConstructed('2D', [
        tlvPrimitive('1D', Buffer.from([0x01])),
        tlvPrimitive('1C', Buffer.from(data)),
        tlvPrimitive('1E', Buffer.from([0, 0, 0, offset])),
        tlvPrimitive('1F00', Buffer.from([0, 0, 0, total])),
      ]),
    ],
  })

const printLineWithTypeTail = (attribute: number, text: string, type: number): Apdu => ({
  cls: 0x06,
  ins: 0xd1,
  data: Buffer.concat([Buffer.from([attribute]), Buffer.from(text, 'latin1'), Buffer.from([0x06, 0x04, 0x1f, 0x07, 0x01, type])]),
})

describe.each<Framing>(['serial', 'tcp'])('ZvtTerminal over %s', (framing) => {
  // SPEC15 §2.1 p.26: "<password><config-byte>[<CC>[03<service-byte>][06<TLV-container>]]"; "it is strongly
  // recommended that the ECR sends the list of permitted commands" (TLV 26 of 0A items, §9.4.2)
  const REGISTRATION_TAIL = '0301' + '061e' + '261c' + ['0401', '040f', '04ff', '060f', '061e', '06d1', '06d3'].map((c) => '0a02' + c).join('')

  it('register: 06 00 with password, config byte 8E, currency, service byte 01 and TLV 26', async () => {
    const {pt, terminal} = setup(framing, {currencyCode: 978, password: '123456'})
    const run = terminal.register()
    const cmd = await ptRuns(pt, '06 00', [ptMsg.completion({terminalId: '29001006', statusByte: 0x00})])
    expect(cmd.data.toString('hex')).toBe('1234568e0978' + REGISTRATION_TAIL)
    const out = await run
    expect(out).toMatchObject({ok: true, resultCode: 0, rejected: false, completion: {terminalId: '29001006'}})
  })

  it('register without a configured currency: EUR offered; 84 1E 6F <CC> (SPEC15 §2.1 p.29) -> again with the PT currency', async () => {
    const {pt, terminal} = setup(framing)
    const run = terminal.register()
    const first = await pt.next('06 00')
    expect(first.data.toString('hex')).toBe('0000008e0978' + REGISTRATION_TAIL)
    await pt.send({cls: 0x84, ins: 0x1e, data: Buffer.from([0x6f, 0x01, 0x56])})
    const again = await ptRuns(pt, '06 00', [ptMsg.completion({terminalId: '29001006', currencyCode: 156})])
    expect(again.data.toString('hex')).toBe('0000008e0156' + REGISTRATION_TAIL)
    expect(await run).toMatchObject({ok: true, resultCode: 0})
    // remembered for the next Registration
    const next = terminal.register({configByte: 0x08})
    expect((await ptRuns(pt, '06 00', [ptMsg.completion({})])).data.toString('hex')).toBe('000000080156' + REGISTRATION_TAIL)
    expect((await next).ok).toBe(true)
  })

  it('register with a configured currency the PT refuses: result 6F with the PT currency, not 1E', async () => {
    const {pt, terminal} = setup(framing, {currencyCode: 840})
    const run = terminal.register()
    await pt.next('06 00')
    await pt.send({cls: 0x84, ins: 0x1e, data: Buffer.from([0x6f, 0x09, 0x78])})
    const out = await run
    expect(out).toMatchObject({ok: false, rejected: true, resultCode: 0x6f})
    expect(out.resultText.toLowerCase()).toContain('currency')
    expect(await pt.idle()).toBe(true)
  })

  it('register: a PT that names no currency in 84 1E 6F gets the plain form', async () => {
    const {pt, terminal} = setup(framing)
    const run = terminal.register()
    await pt.next('06 00')
    await pt.send({cls: 0x84, ins: 0x1e, data: Buffer.from([0x6f])})
    const plain = await ptRuns(pt, '06 00', [ptMsg.completion({})])
    expect(plain.data.toString('hex')).toBe('0000008e')
    expect((await run).ok).toBe(true)
  })

  it.each([
    ['06 D8 dial-up', {cls: 0x06, ins: 0xd8, data: Buffer.from([0x00])}],
    ['06 D9 transmit via dial-up', {cls: 0x06, ins: 0xd9, data: Buffer.alloc(0)}],
    ['06 DA receive via dial-up', {cls: 0x06, ins: 0xda, data: Buffer.alloc(0)}],
    ['04 0C request for data', {cls: 0x04, ins: 0x0c, data: Buffer.alloc(0)}],
    ['04 0D input request', {cls: 0x04, ins: 0x0d, data: Buffer.alloc(0)}],
    ['04 0E menu request', {cls: 0x04, ins: 0x0e, data: Buffer.alloc(0)}],
    ['06 E4 blocked-list query', {cls: 0x06, ins: 0xe4, data: Buffer.alloc(0)}],
  ] as Array<[string, Apdu]>)('a PT command posdoc does not handle (%s) gets 84 83 00, the exchange goes on', async (_name, command) => {
    const {pt, terminal} = setup(framing)
    const run = terminal.diagnosis()
    await pt.next('06 70')
    await pt.accept80()
    await pt.send(command)
    const answer = await pt.next('84 83')
    expect(answer.data.length).toBe(0)
    await pt.master(ptMsg.completion({}))
    expect((await run).ok).toBe(true)
  })

  it('status: 05 01 with service byte 04; status, SW version and TID from TLV 1F44', async () => {
    const {pt, terminal} = setup(framing)
    const run = terminal.status()
    const cmd = await ptRuns(pt, '05 01', [
      ptMsg.statusCompletion({swVersion: 'GER-APP-v2.1.3', terminalStatus: 0xb2, tlv: [tlvPrimitive('1F44', Buffer.from([0x29, 0x00, 0x10, 0x06]))]}),
    ])
    expect(cmd.data.toString('hex')).toBe('0000000304')
    const st = await run
    expect(st).toMatchObject({ok: true, terminalStatus: 0xb2, swVersion: 'GER-APP-v2.1.3', terminalId: '29001006'})
    expect(st.terminalStatusText.toLowerCase()).toContain('journal')
  })

  it('status: TID from BMP 29 when there is no TLV, -1 when the PT rejects', async () => {
    const {pt, terminal} = setup(framing)
    const run = terminal.status()
    await ptRuns(pt, '05 01', [{cls: 0x06, ins: 0x0f, data: Buffer.from([0x00, 0x29, 0x12, 0x34, 0x56, 0x78])}])
    expect(await run).toMatchObject({terminalStatus: 0, terminalId: '12345678', swVersion: undefined})

    const rejected = terminal.status()
    await pt.next('05 01')
    await pt.send(ack.negative(0x6b))
    expect(await rejected).toMatchObject({ok: false, rejected: true, resultCode: 0x6b, terminalStatus: -1})
  })

  it('diagnosis: 06 70 with TLV 1B; intermediate status, 04 01 and a text-block receipt', async () => {
    const {pt, terminal} = setup(framing)
    const run = terminal.diagnosis('configuration')
    const cmd = await ptRuns(pt, '06 70', [
      ptMsg.intermediateStatus({status: 0xd2}),
      ptMsg.setDateTime({dateFull: '240517', time: '093012'}),
      ptMsg.printTextBlock({receiptType: 3, lines: [{text: 'DIAGNOSE'}, {attribute: 0x40, text: 'OK'}], endAttribute: 0x81}),
      ptMsg.completion({}),
    ])
    expect(findTlv(decodeMessage(cmd).fields.tlv, '1B')?.value).toEqual(Buffer.from([0x03]))
    const out = await run
    expect(out.ok).toBe(true)
    expect(out.intermediate).toEqual([{code: 0xd2, text: expect.any(String)}])
    expect(out.receipts).toEqual([{type: 'administration', lines: ['DIAGNOSE', 'OK']}])
  })

  it('repeatReceipt: 06 20 with service byte bit 0 and TLV 1F01; 04 0F and 06 D1 lines with the card complete tail', async () => {
    const {pt, terminal} = setup(framing)
    const run = terminal.repeatReceipt({which: 'merchant', resendStatusInfo: true, receiptNumber: 42})
    const cmd = await ptRuns(pt, '06 20', [
      ptMsg.statusInformation({resultCode: 0, amountCents: 1250, receiptNumber: 42}),
      printLineWithTypeTail(0x00, 'HAENDLERBELEG', 0x01),
      printLineWithTypeTail(0x81, 'BETRAG EUR 12,50', 0x01),
      printLineWithTypeTail(0x00, 'KUNDENBELEG', 0x02),
      printLineWithTypeTail(0xff, '\x02', 0x02),
      ptMsg.completion({}),
    ])
    const f = decodeMessage(cmd).fields
    expect(f.serviceByte).toBe(0x01)
    expect(findTlv(f.tlv, '1F01')?.value).toEqual(Buffer.from([0x02]))
    expect(findTlv(f.tlv, '1F02')).toBeDefined()
    const out = await run
    expect(out.ok).toBe(true)
    expect(out.statusInfos).toHaveLength(1)
    expect(out.statusInfos[0]).toMatchObject({receiptNumber: 42, amountCents: 1250})
    expect(out.receipts).toEqual([
      {type: 'merchant', lines: ['HAENDLERBELEG', 'BETRAG EUR 12,50']},
      {type: 'customer', lines: ['KUNDENBELEG', '', '']},
    ])
  })

  it('reversal: 06 30 PW 87 receipt 04 amount; ok after 04 0F rc 00 and 06 0F', async () => {
    const {pt, terminal} = setup(framing, {currencyCode: 978})
    const run = terminal.reversal({receiptNumber: 42, amountCents: 1250})
    const cmd = await ptRuns(pt, '06 30', [
      ptMsg.intermediateStatus({status: 0x04}),
      ptMsg.statusInformation({resultCode: 0, amountCents: 1250, receiptNumber: 43, originalTraceNumber: 17, traceNumber: 18}),
      ptMsg.completion({}),
    ])
    expect(decodeMessage(cmd).fields).toMatchObject({password: '000000', receiptNumber: 42, amountCents: 1250, currencyCode: 978})
    const out = await run
    expect(out).toMatchObject({ok: true, resultCode: 0, rejected: false})
    expect(out.statusInfos[0]).toMatchObject({originalTraceNumber: 17, receiptNumber: 43})
    expect(out.resultText).toBe('Success')
  })

  it('refund, endOfDay, turnoverTotals, printSystemConfiguration', async () => {
    const {pt, terminal} = setup(framing)
    const cases: Array<[string, () => Promise<CommandOutcome>, Apdu[]]> = [
      ['06 31', () => terminal.refund({amountCents: 500}), [ptMsg.statusInformation({resultCode: 0, amountCents: 500}), ptMsg.completion({})]],
      ['06 50', () => terminal.endOfDay(), [ptMsg.intermediateStatus({status: 0xd2}), ptMsg.statusInformation({resultCode: 0, amountCents: 99_00}), ptMsg.completion({})]],
      ['06 10', () => terminal.turnoverTotals(), [ptMsg.statusInformation({amountCents: 42_00}), ptMsg.completion({})]],
      ['06 1A', () => terminal.printSystemConfiguration(), [ptMsg.printLine({attribute: 0, text: 'CONFIG'}), ptMsg.printLine({attribute: 0x81, text: 'TID 29001006'}), ptMsg.completion({})]],
    ]
    for (const [key, call, messages] of cases) {
      const run = call()
      const cmd = await ptRuns(pt, key, messages)
      const out = await run
      expect(out.ok, key).toBe(true)
      if (key !== '06 1A') expect(decodeMessage(cmd).fields.password, key).toBe('000000')
    }
  })

  it('readFile: collects 04 0F blocks in offset order and checks the total length', async () => {
    const {pt, terminal} = setup(framing)
    const run = terminal.readFile(1)
    const cmd = await ptRuns(pt, '08 11', [fileBlock('world', 6, 11), fileBlock('hello ', 0, 11), ptMsg.completion({resultCode: 0})])
    expect(findTlv(decodeMessage(cmd).fields.tlv, '1D')?.value).toEqual(Buffer.from([0x01]))
    const out = await run
    expect(out.data.toString()).toBe('hello world')
    expect(out).toMatchObject({ok: true, complete: true, totalLength: 11, fileProblems: []})

    const partial = terminal.readFile(1)
    await ptRuns(pt, '08 11', [fileBlock('hello ', 0, 11), ptMsg.completion({resultCode: 0})])
    expect(await partial).toMatchObject({ok: false, complete: false, fileProblems: ['got 6 of 11 bytes']})
  })

  it('abort while idle: 06 B0 ending with 80 00 00; logOff: 06 02', async () => {
    const {pt, terminal} = setup(framing)
    const run = terminal.abort()
    await pt.next('06 B0')
    await pt.accept80()
    expect(await run).toMatchObject({ok: true, rejected: false})

    const off = terminal.logOff()
    await pt.next('06 02')
    await pt.accept80()
    await expect(off).resolves.toBeUndefined()
  })

  it('abort while a command runs: 06 B0 out of band, the command ends with 06 1E', async () => {
    const {pt, terminal} = setup(framing)
    const reversal = terminal.reversal({receiptNumber: 9})
    await pt.next('06 30')
    await pt.accept80()
    await pt.master(ptMsg.intermediateStatus({status: 0x0a}))
    const abort = terminal.abort()
    await pt.next('06 B0')
    await pt.accept80()
    expect(await abort).toMatchObject({ok: true, rejected: false})
    await pt.master(ptMsg.abort({resultCode: 0x6c}))
    expect(await reversal).toMatchObject({ok: false, resultCode: 0x6c, rejected: false})
  })

  it('judges results: 84 xx rejected, 06 1E, 04 0F rc != 00, 06 0F rc != 00', async () => {
    const {pt, terminal} = setup(framing)
    const rejected = terminal.endOfDay()
    await pt.next('06 50')
    await pt.send(ack.negative(0x6b))
    expect(await rejected).toMatchObject({ok: false, rejected: true, resultCode: 0x6b, completion: undefined})

    const aborted = terminal.refund({amountCents: 1})
    await ptRuns(pt, '06 31', [ptMsg.abort({resultCode: 0x64})])
    const a = await aborted
    expect(a).toMatchObject({ok: false, rejected: false, resultCode: 0x64})
    expect(a.resultText).toBe(decodeMessage(ptMsg.abort({resultCode: 0x64})).fields.resultText)

    const declined = terminal.reversal({receiptNumber: 1})
    await ptRuns(pt, '06 30', [ptMsg.statusInformation({resultCode: 0xb4}), ptMsg.completion({})])
    expect(await declined).toMatchObject({ok: false, resultCode: 0xb4})

    const completionRc = terminal.readFile(1)
    await ptRuns(pt, '08 11', [ptMsg.completion({resultCode: 0x6a})])
    expect(await completionRc).toMatchObject({ok: false, resultCode: 0x6a})
  })

  it('never lets a full PAN into the wire log or the outcome', async () => {
    const {pt, terminal} = setup(framing)
    const run = terminal.reversal({receiptNumber: 42})
    const statusInfo: Apdu = {
      cls: 0x04,
      ins: 0x0f,
      data: Buffer.concat([Buffer.from('2700', 'hex'), Buffer.from('04000000001250', 'hex'), VISA_TEST_CARD.bmp22, Buffer.from('870042', 'hex')]),
    }
    await ptRuns(pt, '06 30', [
      statusInfo,
      ptMsg.printLine({attribute: 0x00, text: `PAN ${VISA_TEST_CARD.pan}`}),
      ptMsg.printLine({attribute: 0x81, text: 'END'}),
      ptMsg.completion({}),
    ])
    const out = await run
    // the raw PAN really went over the wire
    expect(Buffer.concat(pt.rawIn).length).toBeGreaterThan(0)
    const logJson = JSON.stringify(terminal.wireLog.entries)
    const outJson = JSON.stringify(out)
    for (const json of [logJson, outJson]) {
      expect(json).not.toContain(VISA_TEST_CARD.pan)
      expect(json).not.toContain(VISA_TEST_CARD.bcdHexSpaced)
      expect(json).not.toContain(VISA_TEST_CARD.asciiHexSpaced)
    }
    expect(out.statusInfos[0]!.panMasked).toBe(VISA_TEST_CARD.masked)
    expect(terminal.wireLog.entries.some((e) => e.summary.includes(`pan=${VISA_TEST_CARD.masked}`))).toBe(true)
    expect(terminal.wireLog.entries.some((e) => e.hex.includes('41 11 11 EE EE EE 11 11'))).toBe(true)
    expect(out.receipts[0]!.lines[0]).toBe(`PAN ${VISA_TEST_CARD.masked}`)
  })

  it('throws SessionError with the partial exchange, from which an outcome can still be built', async () => {
    const {pt, terminal} = setup(framing)
    const run = terminal.reversal({receiptNumber: 5})
    run.catch(() => undefined)
    await ptRuns(pt, '06 30', [ptMsg.statusInformation({resultCode: 0, receiptNumber: 5})])
    await pt.link.close()
    const err = await run.then(
      () => undefined,
      (e: unknown) => e,
    )
    expect(err).toBeInstanceOf(SessionError)
    const partial = outcomeFromExchange((err as SessionError).exchange)
    expect(partial).toMatchObject({ok: false, rejected: false, completion: undefined, resultCode: 0})
    expect(partial.statusInfos).toHaveLength(1)
  })
})

describe('assembleFile', () => {
  const info = (offset: number, data: string, id = 1) => ({
    tlv: [tlvConstructed('2D', [tlvPrimitive('1D', Buffer.from([id])), tlvPrimitive('1E', Buffer.from([offset >> 8, offset & 0xff])), tlvPrimitive('1C', Buffer.from(data))])],
  })

  it('reports gaps, keeps a repeated block once and ignores other files', () => {
    expect(assembleFile([info(0, 'ab'), info(0, 'ab'), info(2, 'cd'), info(0, 'zz', 2)], 1)).toMatchObject({complete: true, data: Buffer.from('abcd')})
    expect(assembleFile([info(0, 'ab'), info(4, 'ef')], 1)).toMatchObject({complete: false, fileProblems: ['gap: bytes 2..3 missing']})
  })
})

describe('TCP: the PT hangs up just as a command starts', () => {
  it('nothing went out (sends 0): connects again and sends it there; something went out: the failure stands', async () => {
    const first = FakePt.pair('tcp')
    const second = FakePt.pair('tcp')
    let opens = 0
    const terminal = new ZvtTerminal(first.ecrLink, {framing: 'tcp', reopen: async () => (opens++, second.ecrLink)})
    const run = terminal.status()
    // the PT's close lands before the session sends (same tick as the call)
    void first.pt.link.close()
    const cmd = await ptRuns(second.pt, '05 01', [ptMsg.statusCompletion({terminalStatus: 0})])
    expect(cmd.data.toString('hex')).toBe('0000000304')
    expect((await run).ok).toBe(true)
    expect(opens).toBe(1)
    expect(first.pt.received).toHaveLength(0)
    await terminal.close()
  })
})
