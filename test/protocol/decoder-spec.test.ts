/**
 * Decoder layouts and field names as PA00P015 rev 13.08 writes them (byte-exact, section cited
 * per case; page numbers of the English PDF).
 */
import {describe, expect, it} from 'vitest'

import {encodeApdu} from '../../src/protocol/zvt/apdu.js'
import {parseHex, toHex} from '../../src/protocol/zvt/hex.js'
import {decodeMessage, encodeMessage, hexHidingPassword, maskApdu} from '../../src/protocol/zvt/messages.js'
import type {Apdu} from '../../src/protocol/zvt/types.js'
import {VISA_TEST_CARD} from '../fixtures/test-cards.js'

const apdu = (hex: string): Apdu => {
  const b = parseHex(hex)
  return {cls: b[0]!, ins: b[1]!, data: b.subarray(3)}
}
const roundTrip = (hex: string) => expect(toHex(encodeApdu(encodeMessage(decodeMessage(apdu(hex)))))).toBe(hex)

describe('positional layouts', () => {
  it('06 C0 Read Card: <timeout> [19 card-type] [FC dialog-control] (§2.21 p.54)', () => {
    const m = decodeMessage(apdu('06 C0 05 1E 19 50 FC 01'))
    expect(m.name).toBe('Read Card')
    expect(m.fields).toMatchObject({timeout: 30, readCardType: 0x50, readCardTypeText: 'chip + magstripe', other: {FC: '01'}})
    expect(m.fields.statusByte).toBeUndefined()
    expect(decodeMessage(apdu('06 C0 03 00 19 10')).fields).toMatchObject({timeout: 0, readCardTypeText: 'chip'})
    expect(decodeMessage(apdu('06 C0 03 00 19 00')).fields.readCardTypeText).toBe('magstripe')
    expect(decodeMessage(apdu('06 C0 00')).fields).toEqual({})
    roundTrip('06 C0 05 1E 19 50 FC 01')
  })

  it.each([
    ['06 21 Telephonic Authorisation (§2.7)', '06 21 0A 12 34 56 04 00 00 00 00 10 00', {password: '123456', amountCents: 1000}],
    ['06 1B Set/Reset Terminal-ID (§2.46)', '06 1B 08 12 34 56 29 29 00 10 06', {password: '123456', terminalId: '29001006'}],
    ['06 51 Send Offline Transactions (§2.47)', '06 51 03 12 34 56', {password: '123456'}],
    ['06 91 Set Date and Time in PT (§2.25 p.57)', '06 91 0B 12 34 56 AA 24 05 17 0C 09 30 00', {password: '123456', dateFull: '240517', time: '093000'}],
    ['08 01 Activate Service-Mode (§2.55)', '08 01 05 12 34 56 03 01', {password: '123456', serviceByte: 1}],
  ])('password first: %s', (_name, hex, want) => {
    expect(decodeMessage(apdu(hex)).fields).toMatchObject(want)
    expect(hexHidingPassword(apdu(hex))).toMatch(/^.. .. .. \*\* \*\* \*\*/)
    roundTrip(hex)
  })

  it('06 12 Print Turnover Receipts: <password> <from> [<to>], 2 bytes BCD each (§2.19)', () => {
    expect(decodeMessage(apdu('06 12 07 12 34 56 00 42 00 45')).fields).toEqual({password: '123456', receiptNumberFrom: 42, receiptNumberTo: 45})
    expect(decodeMessage(apdu('06 12 05 12 34 56 00 42')).fields).toEqual({password: '123456', receiptNumberFrom: 42})
    roundTrip('06 12 07 12 34 56 00 42 00 45')
    expect(() => decodeMessage(apdu('06 12 06 12 34 56 00 42 00'))).toThrow(/5 or 7/)
  })

  it('06 95 Change Password: <old> <new>, both hidden in logs (§2.49)', () => {
    expect(decodeMessage(apdu('06 95 06 12 34 56 65 43 21')).fields).toEqual({password: '123456', newPassword: '654321'})
    expect(hexHidingPassword(apdu('06 95 06 12 34 56 65 43 21'))).toBe('06 95 06 ** ** ** ** ** **')
  })

  it('08 02 Switch Protocol: <protocol-type> (§2.61)', () => {
    expect(decodeMessage(apdu('08 02 01 01')).fields).toEqual({protocolType: 1})
  })
})

describe('BMP 19 by the name the spec gives it', () => {
  it('payment type in 06 01 (§2.2 Table 4) and in 04 0F with its meaning (§3.1.1: 40/50/60/70)', () => {
    expect(decodeMessage(apdu('06 01 09 04 00 00 00 00 10 00 19 40')).fields).toMatchObject({paymentType: 0x40})
    for (const [b, text] of [['40', 'offline'], ['50', 'card checked, no authorisation'], ['60', 'online'], ['70', 'PIN payment']] as const) {
      const f = decodeMessage(apdu(`04 0F 04 27 00 19 ${b}`)).fields
      expect(f).toMatchObject({paymentType: parseInt(b, 16), paymentTypeText: text})
      expect(f.statusByte).toBeUndefined()
    }
  })

  it('status byte in the Registration completion (§2.1 Table 3)', () => {
    expect(decodeMessage(apdu('06 0F 02 19 01'), {request: '06 00'}).fields).toEqual({statusByte: 1})
  })

  it('payment type encodes back to BMP 19', () => roundTrip('06 30 08 12 34 56 87 00 42 19 40'))
})

describe('derived fields', () => {
  it('card-type ID with its name (BMP 8A, §12), TLV 41 for IDs > 255', () => {
    expect(decodeMessage(apdu('04 0F 02 8A 0A')).fields).toMatchObject({cardType: 10, cardTypeText: 'Visa'})
    expect(decodeMessage(apdu('04 0F 08 8A FF 06 04 41 02 00 05')).fields.cardTypeText).toBe('girocard')
  })

  it('TLV 1F12 card technology and 1F10 cardholder verification, also inside 2F (§9.4.2)', () => {
    const f = decodeMessage(apdu('04 0F 0C 06 0A 2F 08 1F 10 01 02 1F 12 01 02')).fields
    expect(f).toMatchObject({cardTechnology: 'contactless', cardholderVerification: 'online PIN'})
    expect(decodeMessage(apdu('04 0F 06 06 04 1F 12 01 00')).fields.cardTechnology).toBe('magstripe')
    expect(decodeMessage(apdu('04 0F 06 06 04 1F 10 01 01')).fields.cardholderVerification).toBe('signature')
  })

  it('trace 000000 with TLV 1F2B gives the long trace number (§3.1.1 BMP 0B)', () => {
    const f = decodeMessage(apdu('04 0F 0D 0B 00 00 00 06 07 1F 2B 04 12 34 56 78')).fields
    expect(f).toMatchObject({traceNumber: 0, longTraceNumber: 12345678})
    // a real trace number stays the trace number
    expect(decodeMessage(apdu('04 0F 0D 0B 00 00 42 06 07 1F 2B 04 12 34 56 78')).fields.longTraceNumber).toBeUndefined()
  })

  it('87 FF FF: no receipt number', () => {
    const f = decodeMessage(apdu('06 1E 04 6C 87 FF FF')).fields
    expect(f.receiptNumber).toBeUndefined()
    expect(f.noReceipt).toBe(true)
    roundTrip('06 1E 04 6C 87 FF FF')
  })

  it('display-text BMPs F1-F8 / E1-E8 as text in the ZVT 7-bit set (§2.26: "7-bit ASCII with umlauts")', () => {
    // 06 E0: F1 "Gr}n", F2 "Karte"
    const m = decodeMessage(apdu('06 E0 0F F1 F0 F4 47 72 7D 6E F2 F0 F5 4B 61 72 74 65'))
    expect(m.fields.displayLines).toEqual([
      {bmp: 'F1', text: 'Grün'},
      {bmp: 'F2', text: 'Karte'},
    ])
    roundTrip('06 E0 0F F1 F0 F4 47 72 7D 6E F2 F0 F5 4B 61 72 74 65')
  })

  it('08 14 Write File: the files offered, with sizes (§2.41)', () => {
    // PW, 06 TLV {2D {1D 01, 1F00 00 01 00 00}, 2D {1D 02, 1F00 00 00 04 00}}
    const tlv = '2D 0A 1D 01 01 1F 00 04 00 01 00 00' + ' 2D 0A 1D 01 02 1F 00 04 00 00 04 00'
    expect(decodeMessage(apdu(`08 14 1B 12 34 56 06 18 ${tlv}`)).fields.files).toEqual([
      {id: 1, size: 65536},
      {id: 2, size: 1024},
    ])
  })

  it('wrong currency: 84 1E 03 6F 09 78 (§2.1 p.29) and 06 1E 03 6F 09 78 (§2.2.9 p.36) give 6F and the PT currency', () => {
    expect(decodeMessage(apdu('84 1E 03 6F 09 78')).fields).toMatchObject({resultCode: 0x6f, currencyCode: 978})
    expect(decodeMessage(apdu('84 1E 01 6F')).fields).toMatchObject({resultCode: 0x6f})
    expect(decodeMessage(apdu('06 1E 03 6F 09 78')).fields).toMatchObject({resultCode: 0x6f, currencyCode: 978})
    // tagged form (top-up layout) still read
    expect(decodeMessage(apdu('06 1E 04 6F 49 09 78')).fields).toMatchObject({resultCode: 0x6f, currencyCode: 978})
    // a TLV container right after 6F is not a currency
    expect(decodeMessage(apdu('06 1E 07 6F 06 04 1F 16 01 05')).fields.currencyCode).toBeUndefined()
    roundTrip('84 1E 03 6F 09 78')
    roundTrip('06 1E 03 6F 09 78')
  })

  it('Read Card 04 0F keeps card data masked', () => {
    const masked = maskApdu({cls: 0x04, ins: 0x0f, data: Buffer.concat([parseHex('27 00 19 50'), VISA_TEST_CARD.bmp22])})
    const f = decodeMessage(masked).fields
    expect(f.panMasked).toBe(VISA_TEST_CARD.masked)
    expect(JSON.stringify(f)).not.toContain(VISA_TEST_CARD.pan)
  })
})
