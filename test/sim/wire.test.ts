/**
 * Byte-exact exchanges over the serial framing, driven with frames that other ZVT
 * implementations produced (test/fixtures/zvt/zvt.json: ecrterm, kotlin-zvt derived).
 */
import {describe, expect, it} from 'vitest'
import {bcdNumber, bmps, bytes, dataOf, frame, hex, kermit, settle} from './helpers/raw-ecr.js'
import {advance, rig} from './helpers/setup.js'

const ACK = '06'
const POSITIVE_FRAME = '1002800000' + '1003f51f'

describe('independent ECR helper', () => {
  it('computes CRC-16/KERMIT like the spec examples', () => {
    expect(kermit(Buffer.from('123456789'))).toBe(0x2189)
    expect(hex(frame(bytes('060200')))).toBe('1002060200' + '1003b9cc')
    expect(hex(frame(bytes('800000')))).toBe(POSITIVE_FRAME)
  })
})

describe('serial: frames from other implementations', () => {
  it('Registration (ecrterm frame, config BA, CC 978) → ACK, 80 00 00, completion with 19/29/49 and DLE stuffing', async () => {
    const {ecr, terminal} = await rig({framing: 'serial', password: '123456'})
    await ecr.sendRaw(bytes('1002060006123456ba0978100324c3'))
    const end = await ecr.untilEnd()
    await settle()
    // 06 0F: 19 status 00, 29 TID 29001006 (contains 0x10 → doubled on the wire), 49 CC echoed
    const completion = '060f0a' + '1900' + '2929001006' + '490978'
    expect(end).toEqual(['800000', completion])
    expect(hex(ecr.allReceived)).toBe(ACK + POSITIVE_FRAME + '1002060f0a190029290010100649097810' + '03' + hex(frame(bytes(completion)).subarray(-2)) + ACK)
    expect(terminal.state.config).toMatchObject({configByte: 0xba, ecrCurrencyCode: 978, textBlocks: false})
  })

  it('Status-Enquiry (ecrterm frame) → SW version LLLVAR + terminal status 00', async () => {
    const {ecr} = await rig({framing: 'serial', password: '123456'})
    await ecr.sendRaw(bytes('10020501031234561003e043'))
    const [first, completion] = await ecr.untilEnd()
    expect(first).toBe('800000')
    const sw = Buffer.from('POSDOC-SIM 1.0.0', 'ascii')
    expect(completion).toBe('060f14' + 'f0f1f6' + hex(sw) + '00')
    expect(hex(ecr.allReceived).startsWith(ACK + POSITIVE_FRAME)).toBe(true)
  })

  it('Diagnosis (ecrterm frame) → 04 01 date/time, receipt lines via 06 D1 (default config 86), 06 0F', async () => {
    const {ecr} = await rig({framing: 'serial'})
    await ecr.sendRaw(bytes('10020670001003d9f9'))
    const msgs = await ecr.untilEnd()
    expect(msgs[0]).toBe('800000')
    expect(msgs[1]!.slice(0, 6)).toBe('040108')
    const dt = bmps(dataOf(msgs[1]!))
    expect([...dt.keys()]).toEqual(['aa', '0c'])
    expect(hex(dt.get('aa')!)).toBe('250314')
    const lines = msgs.slice(2, -1)
    expect(lines.length).toBeGreaterThan(5)
    expect(lines.every((l) => l.startsWith('06d1'))).toBe(true)
    expect(lines.at(-1)).toBe('06d10181')
    const text = lines.map((l) => bytes(l).subarray(4).toString('latin1')).join('\n')
    expect(text).toContain('DIAGNOSIS OK')
    expect(msgs.at(-1)).toBe('060f00')
  })

  it('Reversal (kotlin-zvt frame, PW 000000, receipt 0042) → 04 0F with 37 original trace, then B4 the second time', async () => {
    const {ecr, terminal} = await rig({framing: 'serial', journalSize: 0})
    // book a sale that gets receipt 0042 through a real Authorization (Portalum APDU: 10.00 EUR)
    terminal.state.counters.receiptNumber = 41
    const sale = await ecr.exchange('06010704000000001000')
    expect(sale.at(-1)).toBe('060f00')
    const saleInfo = bmps(dataOf(sale.find((m) => m.startsWith('040f'))!))
    expect(hex(saleInfo.get('87')!)).toBe('0042')

    await ecr.sendRaw(bytes('10020630060000008700421003ccc0'))
    const rev = await ecr.untilEnd()
    expect(rev[0]).toBe('800000')
    const info = bmps(dataOf(rev[1]!))
    expect(rev[1]!.slice(0, 4)).toBe('040f')
    expect(hex(info.get('27')!)).toBe('00')
    expect(hex(info.get('37')!)).toBe(hex(saleInfo.get('0b')!))
    expect(bcdNumber(info.get('0b'))).toBe(bcdNumber(saleInfo.get('0b')) + 1)
    expect(hex(info.get('87')!)).toBe('0043')
    expect(hex(info.get('04')!)).toBe('000000001000')
    expect(rev.at(-1)).toBe('060f00')
    expect(terminal.state.journal.find((r) => r.receiptNumber === 42)).toMatchObject({state: 'reversed', reversedBy: 43})

    await ecr.sendRaw(bytes('10020630060000008700421003ccc0'))
    expect(await ecr.untilEnd()).toEqual(['800000', '061e01b4'])
  })
})

describe('serial transport rules', () => {
  it('NAKs a frame with a bad CRC and does not act on it', async () => {
    const {ecr} = await rig({framing: 'serial'})
    await ecr.sendRaw(bytes('10020501031234561003e044'))
    await settle()
    expect(hex(ecr.allReceived)).toBe('15')
    expect(ecr.pending).toBe(0)
  })

  it('NAKs a frame that stops mid-way once T1 (200 ms) passes', async () => {
    const {ecr, clock} = await rig({framing: 'serial'})
    await ecr.sendRaw(bytes('1002050103'))
    await settle()
    expect(hex(ecr.allReceived)).toBe('')
    await advance(clock, 250)
    expect(hex(ecr.allReceived)).toBe('15')
  })

  it('repeats a frame after NAK and after T2 silence, 3 sends in total', async () => {
    const {ecr, clock} = await rig({framing: 'serial', ecr: {transportAnswers: ['nak', 'none', 'none']}})
    await ecr.sendApdu(bytes('050100'))
    await settle()
    // first send NAKed → immediate repeat; second send unanswered → repeat after T2 (5 s)
    expect(ecr.frames.length).toBe(2)
    await advance(clock, 5000, 500)
    expect(ecr.frames.length).toBe(3)
    await advance(clock, 5000, 500)
    // no fourth send: the PT reports a transmission error upward and gives up the exchange
    expect(ecr.frames.length).toBe(3)
    expect(ecr.frames.every((f) => hex(f.apdu) === '800000' && f.crcOk)).toBe(true)
  })

  it('answers a frame whose APDU length does not match with 84 9A 00', async () => {
    const {ecr} = await rig({framing: 'serial'})
    // CRC is right, but LEN says 5 while 1 byte follows
    await ecr.sendRaw(frame(bytes('05010512')))
    expect(hex(await ecr.next())).toBe('849a00')
  })
})
