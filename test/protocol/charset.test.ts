/**
 * Charsets a PT may use for receipt and display text: TLV 14 values [SPEC15 §9.4.2 p.157]
 * (00 ASCII-7, 01..10 ISO 8859-x without -12, FE UTF-8, FF CP437 default), the ZVT 7-bit set
 * [SPEC15 §15.1 p.197] and CP437 [SPEC15 §15.2 p.198].
 */
import {describe, expect, it} from 'vitest'

import {CHARSET_ZVT7, charsetByName, decodeText, decodeZvt7, encodeText, encodeZvt7} from '../../src/protocol/zvt/charset.js'
import {decodeMessage} from '../../src/protocol/zvt/messages.js'
import {parseHex} from '../../src/protocol/zvt/hex.js'

describe('ISO 8859 parts by TLV 14 value', () => {
  // one letter per part that only that part has at that code point (public ISO 8859 tables)
  const cases: Array<[number, string, string]> = [
    [0x01, 'C4', 'Ä'],
    [0x02, 'A3', 'Ł'],
    [0x03, 'A6', 'Ĥ'],
    [0x04, 'A2', 'ĸ'],
    [0x05, 'C0', 'Р'],
    [0x06, 'C7', 'ا'],
    [0x07, 'C1', 'Α'],
    [0x08, 'E0', 'א'],
    [0x09, 'D0', 'Ğ'],
    [0x0a, 'A1', 'Ą'],
    [0x0b, 'A1', 'ก'],
    [0x0d, 'A1', '”'],
    [0x0e, 'A1', 'Ḃ'],
    [0x0f, 'A4', '€'],
    [0x10, 'A1', 'Ą'],
  ]
  it.each(cases)('TLV 14 = %i: %s decodes to %s and back', (charset, hex, text) => {
    expect(decodeText(parseHex(hex), charset)).toBe(text)
    expect(encodeText(text, charset)).toEqual(parseHex(hex))
  })

  it('8859-12 does not exist ("with the exception for ISO 8859-12"): the default CP437 applies', () => {
    expect(decodeText(parseHex('8E'), 0x0c)).toBe('Ä')
  })

  it('00 is plain 7-bit ASCII, not the ZVT set: high bytes are unknown', () => {
    expect(decodeText(parseHex('41 5B 84'), 0x00)).toBe('A[?')
  })

  it('FF and no charset: CP437 (ä=84, ß=E1, Ä=8E)', () => {
    expect(decodeText(parseHex('84 E1 8E'), 0xff)).toBe('äßÄ')
    expect(decodeText(parseHex('84 E1 8E'))).toBe('äßÄ')
  })
})

describe('ZVT 7-bit set (SPEC15 §15.1)', () => {
  it('5B 5C 5D 7B 7C 7D 7E are Ä Ö Ü ä ö ü ß; 40 stays @', () => {
    expect(decodeZvt7(parseHex('5B 5C 5D 7B 7C 7D 7E 40'))).toBe('ÄÖÜäöüß@')
    expect(encodeZvt7('ÄÖÜäöüß@')).toEqual(parseHex('5B 5C 5D 7B 7C 7D 7E 40'))
    expect(decodeText(parseHex('48 7B 6E 64 6C 65 72'), CHARSET_ZVT7)).toBe('Händler')
  })

  it('codes above 127 are shown per the 8-bit set (CP437)', () => {
    expect(decodeZvt7(parseHex('81'))).toBe('ü')
  })

  it('brackets and braces the set lacks become ?', () => {
    expect(encodeZvt7('[x]{}')).toEqual(Buffer.from('?x???'))
  })

  it('the 05 01 completion SW version is "7-bit ASCII with umlauts" (SPEC15 §2.56.5)', () => {
    // 06 0F F0 F0 F6 "Gr}n 1" 00
    const msg = decodeMessage({cls: 0x06, ins: 0x0f, data: parseHex('F0 F0 F6 47 72 7D 6E 20 31 00')}, {request: '05 01'})
    expect(msg.fields.swVersion).toBe('Grün 1')
    expect(msg.fields.terminalStatus).toBe(0)
  })
})

describe('--charset names', () => {
  it.each([
    ['cp437', 0xff],
    ['zvt7', CHARSET_ZVT7],
    ['ascii', 0x00],
    ['utf8', 0xfe],
    ['latin1', 0x01],
    ['iso-8859-15', 0x0f],
    ['8859-2', 0x02],
  ])('%s -> %i', (name, value) => expect(charsetByName(name)).toBe(value))
  it('unknown names and 8859-12 are undefined', () => {
    expect(charsetByName('ebcdic')).toBeUndefined()
    expect(charsetByName('iso-8859-12')).toBeUndefined()
  })
})
