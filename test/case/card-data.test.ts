import fc from 'fast-check'
import {describe, expect, it} from 'vitest'

import {findCardData, luhnValid, maskCardData, maskCardDataBytes, maskDeep, maskPan, plausiblePan} from '../../src/case/card-data.js'
import {VISA_TEST_CARD} from '../fixtures/test-cards.js'
import {grouped, luhnComplete} from './helpers/luhn.js'

// the test card with its check digit broken: 16 digits that are not a card number
const NOT_LUHN = `${VISA_TEST_CARD.pan.slice(0, -1)}2`

const PAN = VISA_TEST_CARD.pan
const kinds = (s: string) => findCardData(s).map((f) => f.kind)

describe('card data detection', () => {
  it('finds a full PAN alone, in text, in JSON and CSV, with its position', () => {
    expect(findCardData(PAN)).toEqual([{kind: 'pan', index: 0, length: 16}])
    const text = `card ${PAN} ok`
    expect(findCardData(text)).toEqual([{kind: 'pan', index: 5, length: 16}])
    expect(kinds(`{"pan":"${PAN}"}`)).toEqual(['pan'])
    expect(kinds(`2026-11-23,sale,12.50,${PAN},000123`)).toEqual(['pan'])
    expect(kinds(`卡号${PAN}。`)).toEqual(['pan'])
  })

  it('finds PANs of 13 to 19 digits and grouped with spaces or dashes', () => {
    const amex = luhnComplete('37828224631000')
    const unionPay19 = luhnComplete(['6217', '0012', '3456', '7890', '12'].join(''))
    const visa13 = luhnComplete('422222222222')
    for (const p of [amex, unionPay19, visa13]) expect(kinds(`x ${p} y`), p.length.toString()).toEqual(['pan'])
    expect(kinds(grouped(PAN, ' '))).toEqual(['pan'])
    expect(kinds(grouped(PAN, '-'))).toEqual(['pan'])
    expect(kinds(`${amex.slice(0, 4)} ${amex.slice(4, 10)} ${amex.slice(10)}`)).toEqual(['pan'])
    // a year printed after the number does not hide it
    expect(findCardData(`${grouped(PAN, ' ')} 2026`)).toEqual([{kind: 'pan', index: 0, length: 19}])
  })

  it('leaves masked PANs, non-Luhn runs, timestamps, short references, AIDs and hex dumps alone', () => {
    expect(findCardData(VISA_TEST_CARD.masked)).toEqual([])
    expect(findCardData('4111 11** **** 1111')).toEqual([])
    expect(luhnValid(NOT_LUHN)).toBe(false)
    expect(findCardData(NOT_LUHN)).toEqual([])
    // a Luhn-valid compact timestamp / order number starting with a date
    const stamp = luhnComplete('2026112314320')
    expect(luhnValid(stamp)).toBe(true)
    expect(plausiblePan(stamp)).toBe(false)
    expect(findCardData(`order ${stamp}`)).toEqual([])
    expect(findCardData('rrn 632514000123 trace 000123 amount 000000001250')).toEqual([])
    expect(findCardData('AID A0000000041010 A000000003101001')).toEqual([])
    expect(findCardData(`hex ${VISA_TEST_CARD.bcdHexSpaced} 06 0F`)).toEqual([])
    expect(findCardData(`0${PAN.slice(1)}`)).toEqual([])
    // epoch-millisecond and -microsecond timestamps, Luhn-valid or not
    const ms = luhnComplete('179541234567')
    expect(findCardData(`{"at":${ms},"us":"${luhnComplete('179541234567890')}"}`)).toEqual([])
    expect(maskDeep({at: Number(ms)}).value.at).toBe(Number(ms))
    // longer digit runs are not card numbers (platform transaction ids)
    expect(findCardData(`4200001234202611231234567890`)).toEqual([])
  })

  it('finds track 2 (ASCII = and BCD D separators, also with a masked PAN) and track 1', () => {
    expect(kinds(`;${PAN}=25121010000012300000?`)).toEqual(['track2'])
    expect(kinds(`35 ${PAN}D25121010000012300000F`)).toEqual(['track2'])
    expect(kinds(`${VISA_TEST_CARD.masked}=2512101000001230`)).toEqual(['track2'])
    expect(kinds(`%B${PAN}^DOE/JOHN^2512101000000000000000123000000?`)).toEqual(['track1'])
    // an expiry-looking tail after a non-card number is not track data
    expect(findCardData('1234567890123=2512101')).toEqual([])
  })

  it('finds CVV-like fields and PIN blocks by their labels', () => {
    for (const s of ['cvv: 123', 'CVV2=1234', '{"cvc2":"456"}', 'card_cvv 789', 'CID 1234', '安全码：123', '| CVN2 | 321 |']) expect(kinds(s), s).toEqual(['cvv'])
    for (const s of ['pinBlock: 0123456789ABCDEF', 'PIN block = 0412AC89ABCDEF01', '"encryptedPinBlock":"0412ac89abcdef01"', 'DE52 0412AC89ABCDEF01', 'EPB=0412AC89ABCDEF01'])
      expect(kinds(s), s).toEqual(['pin-block'])
    for (const s of ['cvv: ***', 'cvv_result: M', 'acid 123', 'cvv: 12345', 'pinBlock: ****************', 'pin block present']) expect(kinds(s), s).toEqual([])
  })
})

describe('card data masking', () => {
  it('keeps first 6 / last 4 of a PAN, separators included', () => {
    expect(maskPan(PAN)).toBe(VISA_TEST_CARD.masked)
    expect(maskPan(grouped(PAN, ' '))).toBe('4111 11** **** 1111')
    expect(maskCardData(`card ${PAN}.`)).toEqual({text: `card ${VISA_TEST_CARD.masked}.`, count: 1})
  })

  it('masks everything after the PAN in track data, the digits of CVVs and PIN blocks', () => {
    const t2 = maskCardData(`;${PAN}=25121010000012300000?`).text
    expect(t2).toBe(`;${VISA_TEST_CARD.masked}=********************?`)
    expect(maskCardData('cvv: 123').text).toBe('cvv: ***')
    expect(maskCardData('pinBlock: 0123456789ABCDEF').text).toBe('pinBlock: ****************')
  })

  it('two grouped card numbers one after the other are both found', () => {
    const two = `${grouped(PAN, ' ')} ${grouped(PAN, ' ')}`
    expect(findCardData(two).map((f) => [f.index, f.length])).toEqual([
      [0, 19],
      [20, 19],
    ])
    expect(findCardData(maskCardData(two).text)).toEqual([])
  })

  it('masked text never contains card data any more, whatever surrounds it (property)', () => {
    const secrets = fc.constantFrom(PAN, grouped(PAN, ' '), `;${PAN}=2512101000?`, `%B${PAN}^A/B^2512101?`, 'cvv=123', 'pin_block: 0123456789ABCDEF', luhnComplete('37828224631000'))
    const filler = fc.string({unit: fc.constantFrom('a', ' ', '1', '=', ',', '\n', '"', ':', 'D', '卡')})
    fc.assert(
      fc.property(fc.array(fc.tuple(filler, secrets), {maxLength: 5}), filler, (parts, tail) => {
        const text = parts.map(([f, s]) => f + s).join('') + tail
        const masked = maskCardData(text).text
        expect(findCardData(masked)).toEqual([])
        expect(masked.length).toBe(text.length)
      }),
      {numRuns: 300},
    )
  })

  it('masks bytes without touching anything else (GBK stays GBK)', () => {
    const gbkLabel = Buffer.from([0xbf, 0xa8, 0xba, 0xc5]) // 卡号 in GBK
    const line = Buffer.concat([gbkLabel, Buffer.from(`,${PAN},12.50\n`)])
    const {bytes, count} = maskCardDataBytes(line)
    expect(count).toBe(1)
    expect(bytes.subarray(0, 4)).toEqual(gbkLabel)
    expect(bytes.toString('latin1')).toContain(`,${VISA_TEST_CARD.masked},12.50\n`)
    expect(bytes.length).toBe(line.length)
  })

  it('masks deep inside objects, keys and PAN-like integers included', () => {
    const {value, count} = maskDeep({a: [{b: `x ${PAN}`}], [PAN]: 1, n: Number(PAN), ok: 1250, t: true, nil: null})
    expect(count).toBe(3)
    expect(JSON.stringify(value)).not.toContain(PAN)
    expect(value.ok).toBe(1250)
    expect(value.n).toBe(VISA_TEST_CARD.masked)
  })
})
