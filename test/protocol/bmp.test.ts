import {describe, expect, it} from 'vitest'
import {decodeVarLength, encodeVarLength} from '../../src/protocol/zvt/bcd.js'
import {BMP_DEFINITIONS, bmpDefinition, decodeBmps, decodeTotals, encodeBmp, encodeTotals, maskPan, panDigits, parseBmps} from '../../src/protocol/zvt/bmp.js'
import {decodeCp437, decodeText, encodeCp437} from '../../src/protocol/zvt/charset.js'
import {parseHex, toHex} from '../../src/protocol/zvt/hex.js'
import type {TurnoverTotals} from '../../src/protocol/zvt/types.js'
import {errorCode} from './error-code.js'


/** A digit string of length n computed at run time (no card numbers written in tests). */
const digits = (n: number) => Array.from({length: n}, (_, i) => String((i * 7 + 3) % 10)).join('')
const bcdOf = (s: string) => Buffer.from(s + (s.length % 2 ? 'f' : ''), 'hex')
const pan = (s: string) => Buffer.concat([Buffer.from([0x22]), encodeVarLength(bcdOf(s).length, 2), bcdOf(s)])

describe('BMP table', () => {
  it('covers every BMP of the notes table', () => {
    const tags = [0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x0b, 0x0c, 0x0d, 0x0e, 0x17, 0x19, 0x22, 0x23, 0x24, 0x27, 0x29, 0x2a, 0x2d, 0x2e, 0x37, 0x3a, 0x3b, 0x3c, 0x3d, 0x49, 0x4c, 0x60, 0x87, 0x88, 0x8a, 0x8b, 0x8c, 0x9a, 0xa0, 0xa7, 0xaa, 0xaf, 0xba, 0xd2]
    for (let t = 0xe0; t <= 0xea; t++) tags.push(t)
    for (let t = 0xf0; t <= 0xfd; t++) tags.push(t)
    for (const t of tags) expect(bmpDefinition(t), t.toString(16)).toBeDefined()
    expect(new Set(BMP_DEFINITIONS.map((d) => d.tag)).size).toBe(BMP_DEFINITIONS.length)
    expect(new Set(BMP_DEFINITIONS.map((d) => d.key)).size).toBe(BMP_DEFINITIONS.length)
  })
  it('formats of the tricky ones', () => {
    expect(bmpDefinition(0x06)!.format).toBe('TLV')
    expect(bmpDefinition(0x24)!.format).toBe('LLLVAR')
    expect(bmpDefinition(0x2d)!.format).toBe('LLVAR')
    expect(bmpDefinition(0x60)!.format).toBe('LLLVAR')
    expect(bmpDefinition(0x2a)).toMatchObject({format: 'fixed', length: 15})
  })
})

describe('LLVAR / LLLVAR', () => {
  it('low nibbles carry decimal digits', () => {
    expect(decodeVarLength(parseHex('F0 F3'), 0, 2)).toBe(3)
    expect(decodeVarLength(parseHex('F1 F2'), 0, 2)).toBe(12)
    expect(decodeVarLength(parseHex('F0 F1 F9'), 0, 3)).toBe(19)
    expect(decodeVarLength(parseHex('F1 F8 F9'), 0, 3)).toBe(189)
    expect(toHex(encodeVarLength(189, 3))).toBe('F1 F8 F9')
  })
  it('a high nibble other than F, or a low nibble above 9, is ZVT_BAD_FIELD', () => {
    expect(errorCode(() => decodeBmps(parseHex('3C 00 F1 F0')))).toBe('ZVT_BAD_FIELD')
    expect(errorCode(() => decodeBmps(parseHex('8B F0 FA 41')))).toBe('ZVT_BAD_FIELD')
    expect(errorCode(() => encodeVarLength(100, 2))).toBe('ZVT_BAD_LENGTH')
  })
})

describe('decodeBmps', () => {
  it('unknown BMP cannot be skipped', () => {
    expect(errorCode(() => decodeBmps(parseHex('27 00 FE 01')))).toBe('ZVT_UNKNOWN_BMP')
  })
  it('truncated values', () => {
    expect(errorCode(() => decodeBmps(parseHex('04 00 00 00 00 12')))).toBe('ZVT_TRUNCATED')
    expect(errorCode(() => decodeBmps(parseHex('3C F0 F0 F5 41')))).toBe('ZVT_TRUNCATED')
    expect(errorCode(() => decodeBmps(parseHex('06 05 07 01')))).toBe('ZVT_TRUNCATED')
  })
  it('numbers, amounts and digit strings', () => {
    const f = decodeBmps(parseHex('04 00 00 00 00 12 50 49 09 78 0B 00 01 53 87 01 75 0C 19 23 36 AA 23 04 05 29 29 00 10 06 3D 12 34 56 88 00 01 53'))
    expect(f).toMatchObject({amountCents: 1250, currencyCode: 978, traceNumber: 153, receiptNumber: 175, time: '192336', dateFull: '230405', terminalId: '29001006', password: '123456', turnoverNumber: 153})
  })
  it('keeps wire order as key order', () => {
    expect(Object.keys(decodeBmps(parseHex('49 09 78 04 00 00 00 00 00 01')))).toEqual(['currencyCode', 'amountCents'])
  })
  it('offset skips positional bytes', () => {
    expect(decodeBmps(parseHex('12 34 56 27 05'), 3)).toEqual({resultCode: 5})
  })
  it('non-BCD bytes in a numeric BMP are kept as hex, never guessed (87 FF FF = none)', () => {
    const f = decodeBmps(parseHex('87 FF FF'))
    expect(f.receiptNumber).toBeUndefined()
    expect(f.other).toEqual({'87': 'ffff'})
  })
  it('texts: CP437, CR -> \\n in 3C, null-terminated card name, padded AID and VU number', () => {
    const text = Buffer.concat([Buffer.from('GEN.NR.:1\rZEILE 2 '), Buffer.from([0x84, 0x94, 0x81, 0xe1, 0x8e])])
    const f = decodeBmps(Buffer.concat([Buffer.from([0x3c]), encodeVarLength(text.length, 3), text, parseHex('8B F0 F8'), Buffer.from('MAESTRO\0'), parseHex('3B'), Buffer.from('958520\0\0'), parseHex('2A'), Buffer.from('100764992      ')]))
    expect(f.additionalText).toBe('GEN.NR.:1\nZEILE 2 äöüßÄ')
    expect(f.cardName).toBe('MAESTRO')
    expect(f.authCode).toBe('958520')
    expect(f.vuNumber).toBe('100764992      ')
  })
  it('tracks, CVV and chip data: presence only, no digits kept', () => {
    const f = decodeBmps(parseHex('23 F0 F3 12 34 56 24 F0 F0 F2 98 76 2D F0 F2 41 42 3A 12 3F A7 F0 F2 55 66'))
    expect(f).toMatchObject({track2Present: true, track3Present: true, track1Present: true, cvvPresent: true})
    expect(f.other).toEqual({A7: 'eeee'})
    expect(JSON.stringify(f)).not.toMatch(/123456|9876|123F|5566/i)
  })
  it('BMP 06 with a 82 hi lo length', () => {
    const body = Buffer.concat([parseHex('07 81 FA'), Buffer.alloc(250, 0x41)])
    const f = decodeBmps(Buffer.concat([parseHex('06 82 00 FD'), body]))
    expect(f.tlv![0]!.value).toHaveLength(250)
  })
})

describe('PAN (BMP 22)', () => {
  it('terminal-masked PANs keep E nibbles as *', () => {
    expect(decodeBmps(parseHex('22 F0 F8 EE EE EE EE EE EE 47 71')).panMasked).toBe('************4771')
    expect(decodeBmps(parseHex('22 F1 F0 EE EE EE EE EE EE EE E4 28 1F')).panMasked).toBe('***************4281')
  })
  it('an unmasked PAN is masked to first 6 / last 4', () => {
    const d = digits(16)
    const f = decodeBmps(pan(d))
    expect(f.panMasked).toBe(d.slice(0, 6) + '******' + d.slice(-4))
    expect(JSON.stringify(f)).not.toContain(d.slice(6, 12))
  })
  it('odd length with F padding', () => {
    const d = digits(19)
    expect(decodeBmps(pan(d)).panMasked).toBe(d.slice(0, 6) + '*********' + d.slice(-4))
  })
  it('EF_ID style: stops at the D separator', () => {
    const d = digits(16)
    const value = Buffer.from(d + 'd2002122', 'hex')
    const f = decodeBmps(Buffer.concat([Buffer.from([0x22]), encodeVarLength(value.length, 2), value]))
    expect(f.panMasked).toBe(d.slice(0, 6) + '******' + d.slice(-4))
    expect(JSON.stringify(f)).not.toContain('2002122')
  })
  it('short numbers: never shown nearly in full', () => {
    expect(maskPan(digits(13))).toBe(digits(13).slice(0, 6) + '***' + digits(13).slice(-4))
    for (const n of [10, 11, 12]) expect(maskPan(digits(n))).toBe('*'.repeat(n - 4) + digits(n).slice(-4))
    expect(maskPan(digits(8))).toBe('****' + digits(8).slice(-4))
    expect(maskPan('1234')).toBe('****')
    expect(maskPan('')).toBe('')
  })
  it('panDigits treats non-digit nibbles as masked', () => {
    expect(panDigits(parseHex('12 AB EF'))).toBe('12***')
  })
  it('encodes a masked PAN back to E nibbles (and masks a clear one first)', () => {
    expect(toHex(encodeBmp(0x22, parseHex('EE EE 47 71')))).toBe('22 F0 F4 EE EE 47 71')
  })
})

describe('BMP 60 totals', () => {
  const totals: TurnoverTotals = {
    receiptNumberStart: 1,
    receiptNumberEnd: 42,
    groups: [
      {brand: 'girocard', count: 3, amountCents: 12345},
      {brand: 'jcb', count: 0, amountCents: 0},
      {brand: 'eurocard', count: 2, amountCents: 500},
      {brand: 'amex', count: 0, amountCents: 0},
      {brand: 'visa', count: 1, amountCents: 999},
      {brand: 'diners', count: 0, amountCents: 0},
      {brand: 'other', count: 4, amountCents: 100000000},
    ],
  }
  it('round-trips the 53-byte layout', () => {
    const bytes = encodeTotals(totals)
    expect(bytes).toHaveLength(53)
    expect(toHex(bytes.subarray(0, 11))).toBe('00 01 00 42 03 00 00 00 01 23 45')
    expect(decodeTotals(bytes)).toEqual(totals)
    const f = decodeBmps(encodeBmp(0x60, bytes))
    expect(f.totals).toEqual(totals)
  })
  it('another length is kept as hex', () => {
    expect(decodeBmps(parseHex('60 F0 F0 F2 00 01')).other).toEqual({'60': '0001'})
  })
})

describe('encodeBmp', () => {
  it('adds the right prefix', () => {
    expect(toHex(encodeBmp(0x04, parseHex('00 00 00 00 12 50')))).toBe('04 00 00 00 00 12 50')
    expect(toHex(encodeBmp(0x8b, Buffer.from('AB\0')))).toBe('8B F0 F3 41 42 00')
    expect(toHex(encodeBmp(0x3c, Buffer.from('A')))).toBe('3C F0 F0 F1 41')
    expect(toHex(encodeBmp(0x06, Buffer.alloc(0)))).toBe('06 00')
  })
  it('rejects unknown tags and wrong fixed lengths', () => {
    expect(errorCode(() => encodeBmp(0xfe, Buffer.alloc(1)))).toBe('ZVT_UNKNOWN_BMP')
    expect(errorCode(() => encodeBmp(0x04, Buffer.alloc(5)))).toBe('ZVT_BAD_LENGTH')
  })
  it('parseBmps reports offsets and header sizes', () => {
    const e = parseBmps(parseHex('27 00 3C F0 F0 F1 41'))
    expect(e.map((x) => [x.tag, x.offset, x.headerLength])).toEqual([[0x27, 0, 1], [0x3c, 2, 4]])
  })
})

describe('CP437', () => {
  it('German letters', () => {
    expect(decodeCp437(parseHex('84 94 81 E1 8E 99 9A'))).toBe('äöüßÄÖÜ')
    expect(toHex(encodeCp437('äöüßÄ'))).toBe('84 94 81 E1 8E')
  })
  it('round-trips all 256 bytes', () => {
    const all = Buffer.from(Array.from({length: 256}, (_, i) => i))
    expect(encodeCp437(decodeCp437(all))).toEqual(all)
  })
  it('unmappable characters become ?', () => {
    expect(encodeCp437('€')).toEqual(Buffer.from('?'))
  })
  it('negotiated charsets', () => {
    expect(decodeText(parseHex('C4'), 0x01)).toBe('Ä')
    expect(decodeText(Buffer.from('ä', 'utf8'), 0xfe)).toBe('ä')
    expect(decodeText(parseHex('8E'))).toBe('Ä')
  })
})
