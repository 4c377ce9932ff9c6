import fc from 'fast-check'
import {describe, expect, it} from 'vitest'
import {encodeFrame} from '../../src/protocol/zvt/framing.js'
import {encodeApdu} from '../../src/protocol/zvt/apdu.js'
import {pt as ptMsg} from '../../src/protocol/zvt/messages.js'
import {redactRawBytes, scrubPanText, WireLog, type WireLogEntry} from '../../src/terminal/wire-log.js'
import {FakeClock} from '../../src/util/clock.js'
import {VISA_TEST_CARD} from '../fixtures/test-cards.js'

const statusInfoWithPan = {
  cls: 0x04,
  ins: 0x0f,
  data: Buffer.concat([Buffer.from('2700040000000012508700 42'.replace(/ /g, ''), 'hex'), VISA_TEST_CARD.bmp22]),
}

describe('WireLog', () => {
  it('logs masked APDUs with a decoded summary and the clock time', () => {
    const clock = new FakeClock(Date.UTC(2024, 0, 2, 3, 4, 5))
    const log = new WireLog({clock})
    const e = log.apdu('PT->ECR', statusInfoWithPan)
    expect(e).toEqual({
      ts: '2024-01-02T03:04:05.000Z',
      dir: 'PT->ECR',
      layer: 'apdu',
      hex: '04 0F 17 27 00 04 00 00 00 00 12 50 87 00 42 22 F0 F8 41 11 11 EE EE EE 11 11',
      summary: `04 0F Status-Information rc=00 amount=12.50 receipt=0042 pan=${VISA_TEST_CARD.masked}`,
    })
  })

  it('decodes with the request context (06 0F after 05 01)', () => {
    const log = new WireLog({clock: new FakeClock()})
    const e = log.apdu('PT->ECR', ptMsg.statusCompletion({swVersion: 'V1', terminalStatus: 0xdc}), {request: '05 01'})
    expect(e.summary).toContain('terminalStatus=DC')
    expect(e.summary).toContain('sw="V1"')
  })

  it('never throws on undecodable bytes and labels them', () => {
    const log = new WireLog({clock: new FakeClock()})
    const e = log.apdu('PT->ECR', {cls: 0x04, ins: 0x0f, data: Buffer.from([0x04, 0x00])})
    expect(e.summary).toMatch(/^undecodable: ZVT_TRUNCATED \(04 0F, 2 data bytes\)$/)
    expect(e.hex).toBe('04 0F 02 04 00')
    fc.assert(
      fc.property(fc.integer({min: 0, max: 255}), fc.integer({min: 0, max: 255}), fc.uint8Array({maxLength: 300}), (cls, ins, data) => {
        const entry = log.apdu('PT->ECR', {cls, ins, data: Buffer.from(data)})
        expect(entry.hex.startsWith(`${cls.toString(16).padStart(2, '0').toUpperCase()} ${ins.toString(16).padStart(2, '0').toUpperCase()}`)).toBe(true)
      }),
    )
  })

  it('redacts raw bytes of events (a garbled frame may carry a PAN)', () => {
    const log = new WireLog({clock: new FakeClock()})
    const frame = encodeFrame(encodeApdu(statusInfoWithPan))
    const e = log.event('PT->ECR', 'bad frame (crc)', frame)
    expect(e.hex).not.toContain(VISA_TEST_CARD.bcdHexSpaced)
    expect(e.hex).not.toContain('41 11 11 11 11')
    expect(redactRawBytes(Buffer.from(VISA_TEST_CARD.pan)).toString()).toBe(VISA_TEST_CARD.masked)
  })

  it('feeds sinks, survives a throwing sink and can drop old entries', () => {
    const got: WireLogEntry[] = []
    const log = new WireLog({clock: new FakeClock(), maxEntries: 2, sink: () => {
      throw new Error('disk full')
    }})
    const remove = log.addSink((e) => got.push(e))
    log.ack('PT->ECR')
    log.nak('ECR->PT', 'bad CRC')
    log.event('ECR->PT', 'x')
    remove()
    log.event('ECR->PT', 'y')
    expect(got.map((e) => `${e.layer} ${e.hex} ${e.summary}`)).toEqual(['ack 06 ACK', 'nak 15 NAK (bad CRC)', 'event  x'])
    expect(log.entries.map((e) => e.summary)).toEqual(['x', 'y'])
  })
})

describe('scrubPanText', () => {
  it('masks stand-alone Luhn-valid 13-19 digit runs only', () => {
    expect(scrubPanText(`card ${VISA_TEST_CARD.pan}.`)).toBe(`card ${VISA_TEST_CARD.masked}.`)
    const notLuhn = `${VISA_TEST_CARD.pan.slice(0, -1)}2`
    expect(scrubPanText(`ref ${notLuhn}`)).toBe(`ref ${notLuhn}`) // Luhn fails
    expect(scrubPanText('AID A0000000041010')).toBe('AID A0000000041010')
    expect(scrubPanText('trace 123456')).toBe('trace 123456')
  })
})
