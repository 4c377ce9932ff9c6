import {describe, expect, it} from 'vitest'
import {encodeApdu} from '../../src/protocol/zvt/apdu.js'
import {parseHex, toHex} from '../../src/protocol/zvt/hex.js'
import {CATALOGUE, ack, decodeMessage, ecr, encodeFields, encodeMessage, isLastLine, lookupCommand, pt} from '../../src/protocol/zvt/messages.js'
import {findAllTlv, findTlv, tlvConstructed, tlvPrimitive} from '../../src/protocol/zvt/tlv.js'
import type {Apdu} from '../../src/protocol/zvt/types.js'
import {errorCode} from './error-code.js'

const wire = (a: Apdu) => toHex(encodeApdu(a))
const apdu = (hex: string): Apdu => {
  const b = parseHex(hex)
  return {cls: b[0]!, ins: b[1]!, data: b.subarray(b[2] === 0xff ? 5 : 3)}
}


describe('catalogue', () => {
  it('has every command of the notes table and the §6 list', () => {
    const keys = [
      '06 00', '06 02', '06 01', '06 30', '06 31', '06 20', '06 50', '06 10', '06 70', '06 1A', '06 18', '06 93', '05 01', '06 B0', '06 C0',
      '04 0F', '04 FF', '06 D1', '06 D3', '06 0F', '06 1E', '04 01', '80 00',
      '06 03', '06 04', '06 05', '06 09', '06 0A', '06 0C', '06 12', '06 1B', '06 21', '06 22', '06 23', '06 24', '06 25', '06 26',
      '06 51', '06 79', '06 91', '06 95', '06 C5', '06 C6', '06 D8', '06 D9', '06 DA', '06 DB', '06 DD', '06 E0', '06 E1', '06 E2',
      '06 E3', '06 E4', '06 E5', '06 E6', '06 E7', '06 F0', '08 01', '08 02', '08 10', '08 11', '08 12', '08 13', '08 14', '08 20',
      '08 21', '08 22', '08 23', '08 24', '08 30', '08 40', '08 50', '04 0C',
    ]
    const have = new Set(CATALOGUE.map((e) => e.command))
    for (const k of keys) expect(have.has(k), k).toBe(true)
    expect(have.size).toBe(CATALOGUE.length)
  })
  it('knows which exchanges end with a completion', () => {
    expect(lookupCommand(0x06, 0x01)).toMatchObject({name: 'Authorization', hasCompletion: true, endsWith: ['06 0F', '06 1E']})
    expect(lookupCommand(0x06, 0x02)!.hasCompletion).toBe(false)
    expect(lookupCommand(0x06, 0xb0)!.hasCompletion).toBe(false)
    expect(lookupCommand(0x08, 0x50)!.hasCompletion).toBe(false)
    expect(lookupCommand(0x06, 0xc0)!.endsWith).toEqual(['04 0F', '06 1E'])
  })
  it('84 xx and 0F xx are families', () => {
    expect(lookupCommand(0x84, 0x9c)).toMatchObject({command: '84 9C', name: 'Negative Acknowledgement'})
    expect(lookupCommand(0x84, 0x00)!.name).toMatch(/Positive/)
    expect(lookupCommand(0x0f, 0xca)!.command).toBe('0F CA')
    expect(lookupCommand(0x07, 0x07)).toBeUndefined()
  })
})

describe('ECR builders produce the reference bytes', () => {
  it('registration', () => {
    expect(wire(ecr.registration({password: '123456', configByte: 0xba, currencyCode: 978}))).toBe('06 00 06 12 34 56 BA 09 78')
    expect(wire(ecr.registration({password: '777777', configByte: 0xa0, currencyCode: 978, serviceByte: 0x0a}))).toBe('06 00 08 77 77 77 A0 09 78 03 0A')
    expect(wire(ecr.registration({password: '123456', configByte: 0xde}))).toBe('06 00 04 12 34 56 DE')
    expect(wire(ecr.registration({password: '000000', configByte: 0xfe, currencyCode: 978, tlv: []}))).toBe('06 00 08 00 00 00 FE 09 78 06 00')
    expect(errorCode(() => ecr.registration({password: '123456', configByte: 0xba, serviceByte: 1}))).toBe('ZVT_BAD_FIELD')
    expect(errorCode(() => ecr.registration({password: '12345', configByte: 0xba}))).toBe('ZVT_BAD_FIELD')
  })
  it('log-off, status enquiry, diagnosis', () => {
    expect(wire(ecr.logOff())).toBe('06 02 00')
    expect(wire(ecr.statusEnquiry({password: '123456'}))).toBe('05 01 03 12 34 56')
    expect(wire(ecr.statusEnquiry())).toBe('05 01 00')
    expect(wire(ecr.statusEnquiry({password: '123456', serviceByte: 0x04}))).toBe('05 01 05 12 34 56 03 04')
    expect(errorCode(() => ecr.statusEnquiry({serviceByte: 1}))).toBe('ZVT_BAD_FIELD')
    expect(wire(ecr.diagnosis())).toBe('06 70 00')
    expect(wire(ecr.diagnosis({type: 2}))).toBe('06 70 05 06 03 1B 01 02')
  })
  it('authorization', () => {
    expect(wire(ecr.authorization({amountCents: 1250}))).toBe('06 01 07 04 00 00 00 00 12 50')
    expect(wire(ecr.authorization({amountCents: 1250, currencyCode: 978}))).toBe('06 01 0A 04 00 00 00 00 12 50 49 09 78')
    expect(wire(ecr.authorization({amountCents: 1000}))).toBe('06 01 07 04 00 00 00 00 10 00')
    expect(wire(ecr.authorization({amountCents: 10, paymentType: 0x40, timeout: 30, maxStatusInfos: 2}))).toBe('06 01 0D 04 00 00 00 00 00 10 19 40 01 1E 02 02')
    expect(errorCode(() => ecr.authorization({amountCents: -1}))).toBe('ZVT_BAD_FIELD')
    expect(errorCode(() => ecr.authorization({amountCents: 1.5}))).toBe('ZVT_BAD_FIELD')
    expect(errorCode(() => ecr.authorization({amountCents: 1e12}))).toBe('ZVT_BAD_FIELD')
  })
  it('reversal, refund', () => {
    expect(wire(ecr.reversal({password: '000000', receiptNumber: 42}))).toBe('06 30 06 00 00 00 87 00 42')
    expect(wire(ecr.reversal({password: '000000', receiptNumber: 42, amountCents: 100, currencyCode: 978}))).toBe('06 30 10 00 00 00 87 00 42 04 00 00 00 00 01 00 49 09 78')
    expect(wire(ecr.refund({password: '123456', amountCents: 500}))).toBe('06 31 0A 12 34 56 04 00 00 00 00 05 00')
  })
  it('repeat receipt, end-of-day, totals, system configuration, abort', () => {
    expect(wire(ecr.repeatReceipt({password: '123456'}))).toBe('06 20 03 12 34 56')
    expect(wire(ecr.repeatReceipt({password: '123456', serviceByte: 1}))).toBe('06 20 05 12 34 56 03 01')
    expect(wire(ecr.repeatReceipt({password: '123456', receiptId: 2}))).toBe('06 20 09 12 34 56 06 04 1F 01 01 02')
    // 1F02/1F03 "length variable; binary encoded" [SPEC15 §9.4.2 p.158]: 10 -> 0A, 300 -> 01 2C
    expect(wire(ecr.repeatReceipt({password: '123456', receiptId: 5, receiptNumberFrom: 10, receiptNumberTo: 300}))).toBe(
      '06 20 12 12 34 56 06 0D 1F 01 01 05 1F 02 01 0A 1F 03 02 01 2C',
    )
    // receipt 42 is 2A; as BCD (42) a terminal would read receipt 66
    expect(wire(ecr.repeatReceipt({password: '000000', receiptId: 2, receiptNumberFrom: 42, receiptNumberTo: 42}))).toBe(
      '06 20 11 00 00 00 06 0C 1F 01 01 02 1F 02 01 2A 1F 03 01 2A',
    )
    expect(wire(ecr.repeatReceipt({password: '000000', receiptNumberFrom: 0}))).toBe('06 20 09 00 00 00 06 04 1F 02 01 00')
    expect(errorCode(() => ecr.repeatReceipt({password: '000000', receiptNumberFrom: -1}))).toBe('ZVT_BAD_FIELD')
    expect(wire(ecr.endOfDay({password: '123456'}))).toBe('06 50 03 12 34 56')
    expect(wire(ecr.turnoverTotals({password: '123456'}))).toBe('06 10 03 12 34 56')
    expect(wire(ecr.printSystemConfiguration())).toBe('06 1A 00')
    expect(wire(ecr.abort())).toBe('06 B0 00')
  })
  it('read file', () => {
    expect(wire(ecr.readFile({fileId: 1}))).toBe('08 11 07 06 05 2D 03 1D 01 01')
    expect(wire(ecr.readFile({fileId: 0x23, offset: 65000}))).toBe('08 11 0D 06 0B 2D 09 1D 01 23 1E 04 00 00 FD E8')
  })
})

describe('acknowledgements', () => {
  it('positive and negative', () => {
    expect(wire(ack.positive())).toBe('80 00 00')
    expect(wire(ack.negative(0x9c))).toBe('84 9C 00')
    expect(wire(ack.negative(0xcc))).toBe('84 CC 00')
    expect(wire(ack.partialIssue(2200))).toBe('84 9D 07 04 00 00 00 00 22 00')
  })
  it('refuses 84 00: that would be read as success', () => {
    expect(errorCode(() => ack.negative(0))).toBe('ZVT_BAD_FIELD')
    expect(errorCode(() => ack.negative(256))).toBe('ZVT_BAD_FIELD')
  })
})

describe('PT builders', () => {
  it('intermediate status', () => {
    expect(wire(pt.intermediateStatus({status: 0x0e}))).toBe('04 FF 01 0E')
    const a = pt.intermediateStatus({status: 0x0a, timeoutMinutes: 1, tlv: [tlvConstructed('24', [tlvPrimitive('07', Buffer.from('Bitte Karte einstecken'))])]})
    expect(toHex(encodeApdu(a), '').toLowerCase()).toBe('04ff1e0a01061a241807164269747465204b617274652065696e737465636b656e')
    expect(errorCode(() => pt.intermediateStatus({status: 1, tlv: []}))).toBe('ZVT_BAD_FIELD')
  })
  it('status information, completion, abort, set date/time', () => {
    expect(wire(pt.statusInformation({resultCode: 0x6c, terminalId: '29001006'}))).toBe('04 0F 07 27 6C 29 29 00 10 06')
    expect(wire(pt.completion())).toBe('06 0F 00')
    expect(wire(pt.completion({resultCode: 0}))).toBe('06 0F 02 27 00')
    expect(wire(pt.abort({resultCode: 5}))).toBe('06 1E 01 05')
    expect(wire(pt.setDateTime({dateFull: '230405', time: '225655'}))).toBe('04 01 08 AA 23 04 05 0C 22 56 55')
  })
  it('status completion after 05 01', () => {
    expect(wire(pt.statusCompletion({terminalStatus: 6}))).toBe('06 0F 01 06')
    const a = pt.statusCompletion({swVersion: 'V1.0', terminalStatus: 0, tlv: [tlvPrimitive('1F44', parseHex('52 52 35 35'))]})
    expect(wire(a)).toBe('06 0F 11 F0 F0 F4 56 31 2E 30 00 06 07 1F 44 04 52 52 35 35')
    expect(decodeMessage(a, {request: '05 01'}).fields).toMatchObject({swVersion: 'V1.0', terminalStatus: 0})
  })
  it('print line and text block (CP437)', () => {
    expect(wire(pt.printLine({attribute: 0, text: 'Test ä ö ü ß'}))).toBe('06 D1 0D 00 54 65 73 74 20 84 20 94 20 81 20 E1')
    const block = pt.printTextBlock({receiptType: 2, lines: [{text: 'HÄNDLERBELEG'}, {attribute: 0x40, text: 'Summe'}], endAttribute: 0xff})
    const m = decodeMessage(block)
    expect(m.fields.receiptType).toBe(2)
    expect(m.fields.printText).toBe('HÄNDLERBELEG\nSumme')
    expect(findTlv(m.fields.tlv, '25')!.children.map((c) => c.tag)).toEqual(['07', '09', '07', '09'])
    expect(findAllTlv(m.fields.tlv, '07')[0]!.value[1]).toBe(0x8e)
  })
})

describe('decodeMessage layouts', () => {
  it('06 00 positional currency code, then BMPs', () => {
    expect(decodeMessage(apdu('06 00 08 77 77 77 A0 09 78 03 0A')).fields).toEqual({password: '777777', configByte: 0xa0, currencyCode: 978, serviceByte: 10})
    expect(decodeMessage(apdu('06 00 04 12 34 56 DE')).fields).toEqual({password: '123456', configByte: 0xde})
    expect(errorCode(() => decodeMessage(apdu('06 00 05 12 34 56 DE 09')))).toBe('ZVT_TRUNCATED')
  })
  it('password-first commands', () => {
    expect(decodeMessage(apdu('06 50 03 12 34 56')).fields).toEqual({password: '123456'})
    expect(decodeMessage(apdu('06 20 09 12 34 56 06 04 1F 01 01 02')).fields.tlv![0]!.tag).toBe('1F01')
    expect(decodeMessage(apdu('05 01 05 12 34 56 03 04')).fields).toEqual({password: '123456', serviceByte: 4})
    expect(decodeMessage(apdu('05 01 00')).fields).toEqual({})
  })
  it('04 FF with and without the timeout byte', () => {
    expect(decodeMessage(apdu('04 FF 01 0E')).fields).toMatchObject({intermediateStatus: 0x0e})
    expect(decodeMessage(apdu('04 FF 01 0E')).fields.timeout).toBeUndefined()
    expect(decodeMessage(apdu('04 FF 02 17 10')).fields).toMatchObject({intermediateStatus: 0x17, timeout: 10})
  })
  it('06 1E result code, then BMPs', () => {
    expect(decodeMessage(apdu('06 1E 01 6C')).fields.resultCode).toBe(0x6c)
    const m = decodeMessage(apdu('06 1E 09 FF 06 06 1F 16 03 01 02 03'))
    expect(m.fields.resultCode).toBe(0xff)
    expect(findTlv(m.fields.tlv, '1F16')!.value).toEqual(parseHex('01 02 03'))
  })
  it('06 D1: attribute + text; the card complete TLV tail; FF = line feeds', () => {
    const m = decodeMessage(apdu('06 D1 09 00 41 42 06 04 1F 07 01 02'))
    expect(m.fields).toMatchObject({printAttribute: 0, printText: 'AB', receiptType: 2})
    expect(wire(encodeMessage(m))).toBe('06 D1 09 00 41 42 06 04 1F 07 01 02')
    expect(decodeMessage(apdu('06 D1 02 FF 03')).fields).toMatchObject({printAttribute: 0xff, lineFeeds: 3})
    expect(wire(encodeMessage(decodeMessage(apdu('06 D1 02 FF 03'))))).toBe('06 D1 02 FF 03')
    expect(isLastLine(0x81)).toBe(true)
    expect(isLastLine(0x80)).toBe(false)
    expect(isLastLine(0x40)).toBe(false)
  })
  it('06 0F: request context decides; without it the Fx prefix / lone byte heuristic', () => {
    expect(decodeMessage(apdu('06 0F 01 06'), {request: '05 01'}).fields.terminalStatus).toBe(6)
    expect(decodeMessage(apdu('06 0F 01 06')).fields.terminalStatus).toBe(6)
    expect(decodeMessage(apdu('06 0F 02 27 00')).fields).toMatchObject({resultCode: 0})
    expect(decodeMessage(apdu('06 0F 02 27 00')).fields.terminalStatus).toBeUndefined()
    // status byte + TLV without SW version (service byte bit 1 set)
    expect(decodeMessage(apdu('06 0F 08 00 06 05 1F 44 02 12 34')).fields).toMatchObject({terminalStatus: 0})
    expect(decodeMessage(apdu('06 0F 08 00 06 05 1F 44 02 12 34'), {request: '05 01'}).fields).toMatchObject({terminalStatus: 0})
    // after another command the same bytes are BMPs
    expect(errorCode(() => decodeMessage(apdu('06 0F 01 06'), {request: '06 01'}))).toBe('ZVT_TRUNCATED')
  })
  it('84 xx: the code is the result; 84 00 is positive', () => {
    expect(decodeMessage(apdu('84 83 00')).fields.resultCode).toBe(0x83)
    expect(decodeMessage(apdu('84 00 00')).fields.resultCode).toBeUndefined()
    expect(decodeMessage(apdu('84 9D 07 04 00 00 00 00 22 00')).fields).toMatchObject({resultCode: 0x9d, amountCents: 2200})
    expect(decodeMessage(apdu('80 00 00'))).toMatchObject({command: '80 00', name: 'Positive Acknowledgement', fields: {}})
  })
  it('unknown commands: "unknown" unless strict', () => {
    expect(decodeMessage(apdu('07 07 02 27 00'))).toMatchObject({name: 'unknown', direction: 'either', fields: {resultCode: 0}})
    expect(decodeMessage(apdu('07 07 02 FE 00')).fields).toEqual({undecoded: 'FE00'})
    expect(errorCode(() => decodeMessage(apdu('07 07 00'), {strict: true}))).toBe('ZVT_UNKNOWN_COMMAND')
  })
  it('derived texts come from the code tables', () => {
    const m = decodeMessage(apdu('04 FF 02 0A 01'))
    expect(m.fields.intermediateText).toEqual(expect.any(String))
    expect(decodeMessage(apdu('06 1E 01 6C')).fields.resultText).toEqual(expect.any(String))
  })
  it('negotiated charset for texts', () => {
    expect(decodeMessage(apdu('06 D1 02 00 C4'), {charset: 0x01}).fields.printText).toBe('Ä')
    expect(decodeMessage(apdu('06 D1 02 00 8E')).fields.printText).toBe('Ä')
  })
  it('TLV track data inside a message is masked', () => {
    const m = decodeMessage(apdu('04 0F 09 27 00 06 05 1F 09 02 12 34'))
    expect(findTlv(m.fields.tlv, '1F09')!.value).toEqual(parseHex('EE EE'))
  })
})

describe('encodeFields', () => {
  it('follows key order and skips derived/positional fields', () => {
    expect(toHex(encodeFields({currencyCode: 978, amountCents: 100, resultText: 'x', configByte: 1, track2Present: true}))).toBe('49 09 78 04 00 00 00 00 01 00')
  })
  it('other entries are sent as they are', () => {
    expect(toHex(encodeFields({other: {'87': 'ffff', '05': '01'}}))).toBe('87 FF FF 05 01')
    expect(errorCode(() => encodeFields({other: {zz: '00'}}))).toBe('ZVT_BAD_FIELD')
    expect(errorCode(() => encodeFields({other: {'87': 'ff'}}))).toBe('ZVT_BAD_LENGTH')
  })
  it('validates values', () => {
    expect(errorCode(() => encodeFields({terminalId: '1234567890'}))).toBe('ZVT_BAD_FIELD')
    expect(errorCode(() => encodeFields({cardType: 300}))).toBe('ZVT_BAD_FIELD')
    expect(errorCode(() => encodeFields({vuNumber: 'x'.repeat(16)}))).toBe('ZVT_BAD_FIELD')
  })
  it('panMasked is never encoded in clear', () => {
    const d = Array.from({length: 16}, (_, i) => String((i * 3 + 1) % 10)).join('')
    const bytes = encodeFields({panMasked: d})
    expect(toHex(bytes, '').toLowerCase()).toBe(`22f0f8${d.slice(0, 6)}eeeeee${d.slice(-4)}`)
  })
})
