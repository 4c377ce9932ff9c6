// Packed BCD and LL(L)VAR helpers shared by BMP, TLV and positional fields.
import {ZvtProtocolError} from './errors.js'

/** True if every nibble is 0-9. */
export function isBcd(bytes: Uint8Array): boolean {
  for (const b of bytes) if ((b >> 4) > 9 || (b & 0x0f) > 9) return false
  return true
}

/** "12 34 56" -> "123456". Throws ZVT_BAD_BCD on a nibble above 9. */
export function bcdDigits(bytes: Uint8Array, offset = 0): string {
  if (!isBcd(bytes)) throw new ZvtProtocolError('ZVT_BAD_BCD', `not BCD: ${Buffer.from(bytes).toString('hex')}`, offset)
  return Buffer.from(bytes).toString('hex')
}

export function bcdToNumber(bytes: Uint8Array, offset = 0): number {
  const digits = bcdDigits(bytes, offset)
  return digits.length === 0 ? 0 : Number.parseInt(digits, 10)
}

/** Right-aligned, zero-padded digits -> packed BCD of exactly `byteLength` bytes. */
export function digitsToBcd(digits: string, byteLength: number, what = 'value'): Buffer {
  if (!/^\d*$/.test(digits)) throw new ZvtProtocolError('ZVT_BAD_FIELD', `${what}: digits only, got "${digits}"`)
  if (digits.length > byteLength * 2) throw new ZvtProtocolError('ZVT_BAD_FIELD', `${what}: more than ${byteLength * 2} digits`)
  return Buffer.from(digits.padStart(byteLength * 2, '0'), 'hex')
}

export function numberToBcd(n: number, byteLength: number, what = 'value'): Buffer {
  if (!Number.isSafeInteger(n) || n < 0) throw new ZvtProtocolError('ZVT_BAD_FIELD', `${what}: not a non-negative integer: ${n}`)
  return digitsToBcd(String(n), byteLength, what)
}

/** LLVAR (2) / LLLVAR (3) prefix: Fx Fy [Fz], the low nibbles are the decimal length. */
export function encodeVarLength(length: number, digits: 2 | 3): Buffer {
  const max = digits === 2 ? 99 : 999
  if (!Number.isInteger(length) || length < 0 || length > max) {
    throw new ZvtProtocolError('ZVT_BAD_LENGTH', `length ${length} does not fit ${digits === 2 ? 'LLVAR' : 'LLLVAR'} (max ${max})`)
  }
  const s = String(length).padStart(digits, '0')
  return Buffer.from(Array.from(s, (c) => 0xf0 | Number(c)))
}

/** Reads the Fx Fy [Fz] prefix at `offset`. Throws ZVT_TRUNCATED / ZVT_BAD_FIELD. */
export function decodeVarLength(data: Uint8Array, offset: number, digits: 2 | 3): number {
  if (offset + digits > data.length) throw new ZvtProtocolError('ZVT_TRUNCATED', 'length prefix cut off', offset)
  let n = 0
  for (let i = 0; i < digits; i++) {
    const b = data[offset + i]!
    if ((b & 0xf0) !== 0xf0 || (b & 0x0f) > 9) {
      throw new ZvtProtocolError('ZVT_BAD_FIELD', `bad ${digits === 2 ? 'LLVAR' : 'LLLVAR'} length byte ${b.toString(16).padStart(2, '0')}`, offset + i)
    }
    n = n * 10 + (b & 0x0f)
  }
  return n
}

/** True if `digits` bytes at offset look like an Fx Fy [Fz] prefix. */
export function looksLikeVarLength(data: Uint8Array, offset: number, digits: 2 | 3): boolean {
  if (offset + digits > data.length) return false
  for (let i = 0; i < digits; i++) {
    const b = data[offset + i]!
    if ((b & 0xf0) !== 0xf0 || (b & 0x0f) > 9) return false
  }
  return true
}
