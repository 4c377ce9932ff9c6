import {describe, expect, it} from 'vitest'
import {parseHex, toHex} from '../../src/protocol/zvt/hex.js'
import {decodeBerLength, decodeTlv, encodeBerLength, encodeTlv, findTlv, maskTlvNodes, tlvConstructed, tlvPrimitive} from '../../src/protocol/zvt/tlv.js'
import {errorCode} from './error-code.js'


describe('BER length', () => {
  it('encodes 00-7F, 81 xx, 82 hi lo (big-endian)', () => {
    expect(toHex(encodeBerLength(0x7f))).toBe('7F')
    expect(toHex(encodeBerLength(0x80))).toBe('81 80')
    expect(toHex(encodeBerLength(231))).toBe('81 E7')
    expect(toHex(encodeBerLength(0x100))).toBe('82 01 00')
    expect(toHex(encodeBerLength(650))).toBe('82 02 8A')
    expect(toHex(encodeBerLength(55058))).toBe('82 D7 12')
    expect(errorCode(() => encodeBerLength(65536))).toBe('ZVT_BAD_LENGTH')
  })
  it('decodes them back', () => {
    expect(decodeBerLength(parseHex('82 02 8A'), 0)).toEqual({length: 650, size: 3})
    expect(decodeBerLength(parseHex('81 E7'), 0)).toEqual({length: 231, size: 2})
    expect(errorCode(() => decodeBerLength(parseHex('83 00 00 01'), 0))).toBe('ZVT_BAD_TLV')
    expect(errorCode(() => decodeBerLength(parseHex('82 01'), 0))).toBe('ZVT_TRUNCATED')
  })
})

describe('decodeTlv / encodeTlv', () => {
  it('multi-byte tags, constructed nesting', () => {
    const bytes = parseHex('1F 07 01 02 25 06 09 01 81 07 01 41 1F 80 00 01 00')
    const nodes = decodeTlv(bytes)
    expect(nodes.map((n) => n.tag)).toEqual(['1F07', '25', '1F8000'])
    expect(nodes[1]!.constructed).toBe(true)
    expect(nodes[1]!.children.map((c) => c.tag)).toEqual(['09', '07'])
    expect(toHex(encodeTlv(nodes))).toBe(toHex(bytes))
    expect(findTlv(nodes, '07')!.value.toString()).toBe('A')
  })
  it('truncated content is a typed error', () => {
    expect(errorCode(() => decodeTlv(parseHex('07 05 41')))).toBe('ZVT_BAD_TLV')
    expect(errorCode(() => decodeTlv(parseHex('1F')))).toBe('ZVT_BAD_TLV')
    expect(errorCode(() => decodeTlv(parseHex('07')))).toBe('ZVT_BAD_TLV')
  })
  it('a constructed tag whose content is not TLV is kept as opaque bytes (round-trips)', () => {
    const bytes = parseHex('E4 02 1F FF')
    const nodes = decodeTlv(bytes)
    expect(nodes[0]).toMatchObject({tag: 'E4', constructed: false})
    expect(toHex(encodeTlv(nodes))).toBe(toHex(bytes))
  })
  it('deep nesting does not overflow the stack', () => {
    let bytes = Buffer.from([0x07, 0x00])
    for (let i = 0; i < 2000; i++) bytes = Buffer.concat([Buffer.from([0x20]), encodeBerLength(bytes.length), bytes])
    const nodes = decodeTlv(bytes)
    expect(toHex(encodeTlv(nodes))).toBe(toHex(bytes))
  })
  it('builders', () => {
    const n = tlvConstructed('2d', [tlvPrimitive('1d', Buffer.from([1]))])
    expect(toHex(encodeTlv([n]))).toBe('2D 03 1D 01 01')
    expect(errorCode(() => encodeTlv([tlvPrimitive('xyz', Buffer.alloc(0))]))).toBe('ZVT_BAD_TLV')
  })
  it('maskTlvNodes hides magstripe tracks and PAN-matching data', () => {
    const nodes = [tlvConstructed('E1', [tlvPrimitive('1F09', parseHex('12 34 56')), tlvPrimitive('1F08', Buffer.from('AB'))])]
    const masked = maskTlvNodes(nodes)
    expect(toHex(findTlv(masked, '1F09')!.value)).toBe('EE EE EE')
    expect(findTlv(masked, '1F08')!.value.toString()).toBe('**')
    expect(toHex(findTlv(nodes, '1F09')!.value)).toBe('12 34 56')
  })
})
