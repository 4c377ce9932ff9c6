import {describe, expect, it} from 'vitest'
import {decodeApdu, encodeApdu} from '../../src/protocol/zvt/apdu.js'
import {encodeVarLength} from '../../src/protocol/zvt/bcd.js'
import {parseHex, toHex} from '../../src/protocol/zvt/hex.js'
import {decodeMessage, maskApdu} from '../../src/protocol/zvt/messages.js'
import type {Apdu} from '../../src/protocol/zvt/types.js'
import {loadVectors} from './vectors.js'

/** Digits computed at run time: no card numbers written in tests. */
const digits = (n: number) => Array.from({length: n}, (_, i) => String((i * 7 + 3) % 10)).join('')
const bcdOf = (s: string) => Buffer.from(s + (s.length % 2 ? 'f' : ''), 'hex')
const llvar = (tag: number, value: Buffer) => Buffer.concat([Buffer.from([tag]), encodeVarLength(value.length, 2), value])
const hex = (b: Uint8Array) => toHex(b, '').toLowerCase()

describe('maskApdu', () => {
  it('PAN: only first 6 / last 4 stay, length unchanged, still decodes', () => {
    const d = digits(16)
    const a: Apdu = {cls: 0x04, ins: 0x0f, data: Buffer.concat([parseHex('27 00'), llvar(0x22, bcdOf(d)), parseHex('49 09 78')])}
    const m = maskApdu(a)
    expect(m.data).toHaveLength(a.data.length)
    expect(hex(m.data)).toBe(`2700 22f0f8${d.slice(0, 6)}eeeeee${d.slice(-4)} 490978`.replace(/ /g, ''))
    expect(decodeMessage(m).fields).toMatchObject({resultCode: 0, currencyCode: 978, panMasked: decodeMessage(a).fields.panMasked})
    // the input is not modified
    expect(hex(a.data)).toContain(d)
  })
  it('odd PAN keeps its F pad; EF_ID part after D is masked', () => {
    const d = digits(19)
    expect(hex(maskApdu({cls: 4, ins: 0x0f, data: llvar(0x22, bcdOf(d))}).data)).toBe(`22f1f0${d.slice(0, 6)}${'e'.repeat(9)}${d.slice(-4)}f`)
    const ef = Buffer.from(digits(10) + 'd2002122', 'hex')
    const masked = hex(maskApdu({cls: 4, ins: 0x0f, data: llvar(0x22, ef)}).data)
    expect(masked).toBe(`22f0f9${'e'.repeat(6)}${digits(10).slice(-4)}d${'e'.repeat(7)}`)
  })
  it('tracks, CVV and chip data entirely; TLV tracks too', () => {
    const data = Buffer.concat([
      llvar(0x23, parseHex('12 34 56 78')),
      parseHex('24 F0 F0 F2 98 76'),
      llvar(0x2d, Buffer.from('B123^X')),
      parseHex('3A 12 3F'),
      llvar(0xa7, parseHex('55 66')),
      parseHex('06 06 1F 08 03 41 42 43'),
    ])
    const m = maskApdu({cls: 0x06, ins: 0x01, data})
    expect(hex(m.data)).toBe('23f0f4eeeeeeee' + '24f0f0f2eeee' + '2df0f6' + '2a'.repeat(6) + '3aeeee' + 'a7f0f2eeee' + '06061f08032a2a2a')
    const f = decodeMessage(m).fields
    expect(f).toMatchObject({track1Present: true, track2Present: true, track3Present: true, cvvPresent: true})
  })
  it('positional prefixes are respected (06 30 password, 04 FF, 06 00 currency)', () => {
    expect(hex(maskApdu(decodeApdu(parseHex('06 30 06 00 00 00 87 00 42'))).data)).toBe('000000870042')
    const a = {cls: 0x06, ins: 0x00, data: Buffer.concat([parseHex('12 34 56 BA 09 78'), llvar(0x23, parseHex('12 34'))])}
    expect(hex(maskApdu(a).data)).toBe('123456ba0978' + '23f0f2eeee')
  })
  it('vectors: terminal-masked data is unchanged, everything still decodes', () => {
    for (const v of loadVectors()) {
      if (v.kind !== 'apdu' || v.part) continue
      const a = decodeApdu(Buffer.from(v.hex, 'hex'))
      const m = maskApdu(a)
      expect(m.data).toHaveLength(a.data.length)
      const before = decodeMessage(a)
      expect(decodeMessage(m)).toEqual(before)
      if (!v.expect.bmp22_hex || String(v.expect.bmp22_hex).includes('e')) expect(hex(encodeApdu(m))).toBe(v.hex)
      else expect(hex(m.data)).not.toContain(String(v.expect.bmp22_hex).split('d')[0])
    }
  })
  it('unparseable data: every candidate card-data field is masked conservatively', () => {
    const d = digits(16)
    // FE is no BMP: the list cannot be parsed past it
    const data = Buffer.concat([parseHex('FE 01'), llvar(0x22, bcdOf(d)), parseHex('3A 12 3F')])
    const m = maskApdu({cls: 0x04, ins: 0x0f, data})
    expect(hex(m.data)).toBe('fe01' + '22f0f8' + 'ee'.repeat(8) + '3aeeee')
  })
  it('never throws', () => {
    expect(() => maskApdu({cls: 0x06, ins: 0x0f, data: parseHex('F9 F9 F9 22')})).not.toThrow()
    expect(() => maskApdu({cls: 0x06, ins: 0xd1, data: Buffer.alloc(0)})).not.toThrow()
    expect(() => maskApdu({cls: 0x04, ins: 0x0f, data: parseHex('22 F9 F9 12')})).not.toThrow()
  })
})
