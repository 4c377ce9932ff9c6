import {describe, expect, it} from 'vitest'
import {ApduReassembler, apduTotalLength, commandKey, decodeApdu, encodeApdu} from '../../src/protocol/zvt/apdu.js'
import {parseHex, toHex} from '../../src/protocol/zvt/hex.js'
import {errorCode} from './error-code.js'


describe('encodeApdu / decodeApdu', () => {
  it('short length', () => {
    expect(toHex(encodeApdu({cls: 0x06, ins: 0x02, data: Buffer.alloc(0)}))).toBe('06 02 00')
    expect(toHex(encodeApdu({cls: 0x06, ins: 0x01, data: parseHex('04 00 00 00 00 10 00')}))).toBe('06 01 07 04 00 00 00 00 10 00')
  })
  it('254 data bytes still use one length byte; 255 switch to FF lo hi (little-endian)', () => {
    expect(toHex(encodeApdu({cls: 0x06, ins: 0xd3, data: Buffer.alloc(254)}).subarray(0, 3))).toBe('06 D3 FE')
    expect(toHex(encodeApdu({cls: 0x06, ins: 0xd3, data: Buffer.alloc(255)}).subarray(0, 5))).toBe('06 D3 FF FF 00')
    expect(toHex(encodeApdu({cls: 0x06, ins: 0xd3, data: Buffer.alloc(256)}).subarray(0, 5))).toBe('06 D3 FF 00 01')
    expect(toHex(encodeApdu({cls: 0x06, ins: 0xd3, data: Buffer.alloc(623)}).subarray(0, 5))).toBe('06 D3 FF 6F 02')
  })
  it('decodes extended lengths little-endian', () => {
    const a = decodeApdu(Buffer.concat([parseHex('04 0F FF 00 01'), Buffer.alloc(256, 0x41)]))
    expect(a.data).toHaveLength(256)
    expect(decodeApdu(parseHex('80 00 FF 01 00 27')).data).toEqual(parseHex('27'))
  })
  it('rejects more than 65535 data bytes and non-byte control fields', () => {
    expect(errorCode(() => encodeApdu({cls: 6, ins: 1, data: Buffer.alloc(65536)}))).toBe('ZVT_BAD_LENGTH')
    expect(errorCode(() => encodeApdu({cls: 256, ins: 1, data: Buffer.alloc(0)}))).toBe('ZVT_BAD_FIELD')
  })
  it('is strict: truncated and trailing bytes are typed errors', () => {
    expect(errorCode(() => decodeApdu(parseHex('06')))).toBe('ZVT_TRUNCATED')
    expect(errorCode(() => decodeApdu(parseHex('04 0F FF 00')))).toBe('ZVT_TRUNCATED')
    expect(errorCode(() => decodeApdu(parseHex('04 0F FF 00 01 6C')))).toBe('ZVT_TRUNCATED')
    expect(errorCode(() => decodeApdu(parseHex('06 1E 02 05')))).toBe('ZVT_TRUNCATED')
    expect(errorCode(() => decodeApdu(parseHex('06 1E 01 05 00')))).toBe('ZVT_TRAILING_BYTES')
    expect(decodeApdu(parseHex('06 1E 01 05 80 00 00'), {allowTrailing: true}).data).toEqual(parseHex('05'))
  })
  it('apduTotalLength', () => {
    expect(apduTotalLength(parseHex('06'))).toBeUndefined()
    expect(apduTotalLength(parseHex('06 1E 01'))).toBe(4)
    expect(apduTotalLength(parseHex('04 0F FF 00'))).toBeUndefined()
    expect(apduTotalLength(parseHex('04 0F FF 00 01'))).toBe(261)
  })
  it('commandKey', () => {
    expect(commandKey({cls: 0x04, ins: 0x0f})).toBe('04 0F')
  })
})

describe('ApduReassembler', () => {
  const a = parseHex('80 00 00')
  const b = parseHex('04 FF 02 0A 01')
  const big = encodeApdu({cls: 0x06, ins: 0xd3, data: Buffer.alloc(1218 - 5, 0x20)})

  it('splits several APDUs in one read and keeps the tail', () => {
    const r = new ApduReassembler()
    const out = r.push(Buffer.concat([a, b, big.subarray(0, 4)]))
    expect(out.map((x) => toHex(encodeApdu(x)))).toEqual([toHex(a), toHex(b)])
    expect(r.pending).toBe(4)
    const rest = r.push(big.subarray(4))
    expect(rest).toHaveLength(1)
    expect(toHex(encodeApdu(rest[0]!))).toBe(toHex(big))
    expect(r.pending).toBe(0)
  })
  it('reassembles a 1218-byte APDU delivered as 1024 + 194 (TCP segments)', () => {
    const r = new ApduReassembler()
    expect(r.push(big.subarray(0, 1024))).toEqual([])
    expect(r.push(big.subarray(1024))).toHaveLength(1)
  })
  it('works byte by byte and at every split', () => {
    const stream = Buffer.concat([a, big, b])
    for (let cut = 0; cut <= stream.length; cut += 7) {
      const r = new ApduReassembler()
      const out = [...r.push(stream.subarray(0, cut)), ...r.push(stream.subarray(cut))]
      expect(out).toHaveLength(3)
    }
    const r = new ApduReassembler()
    expect([...stream].flatMap((x) => r.push(Uint8Array.of(x)))).toHaveLength(3)
  })
  it('throws only for a declared length above maxLength, after handing out complete APDUs', () => {
    const r = new ApduReassembler({maxLength: 100})
    expect(r.push(Buffer.concat([a, parseHex('06 D3 FF 00 01')]))).toHaveLength(1)
    expect(errorCode(() => r.push(new Uint8Array()))).toBe('ZVT_FRAME_TOO_LONG')
    expect(r.pending).toBe(0)
  })
  it('reset returns what was held', () => {
    const r = new ApduReassembler()
    r.push(parseHex('06 D3 05 01'))
    expect(toHex(r.reset())).toBe('06 D3 05 01')
    expect(r.pending).toBe(0)
  })
})
