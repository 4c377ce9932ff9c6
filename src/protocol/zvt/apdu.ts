// APDU: CLASS INSTR LEN data. LEN 00-FE = data length; FF lo hi = extended length, little-endian
// (PA00P016 §5.2.4: `FF 00 01` = 256). The length excludes the control field and itself.
import {ZvtProtocolError} from './errors.js'
import type {Apdu} from './types.js'

export const MAX_APDU_DATA = 0xffff

/** Encode with LEN byte, or FF lo hi extended length (little-endian) when data > 254 bytes. */
export function encodeApdu(apdu: Apdu): Buffer {
  const n = apdu.data.length
  if (n > MAX_APDU_DATA) throw new ZvtProtocolError('ZVT_BAD_LENGTH', `APDU data of ${n} bytes exceeds 65535`)
  if (!isByte(apdu.cls) || !isByte(apdu.ins)) throw new ZvtProtocolError('ZVT_BAD_FIELD', 'CLASS/INSTR must be bytes')
  const header = n <= 0xfe ? Buffer.from([apdu.cls, apdu.ins, n]) : Buffer.from([apdu.cls, apdu.ins, 0xff, n & 0xff, n >> 8])
  return Buffer.concat([header, apdu.data])
}

function isByte(n: number): boolean {
  return Number.isInteger(n) && n >= 0 && n <= 0xff
}

/** Header size and data length of the first APDU, or undefined if the header is incomplete. */
export function apduHeader(bytes: Uint8Array): {headerLength: number; dataLength: number} | undefined {
  if (bytes.length < 3) return undefined
  const len = bytes[2]!
  if (len !== 0xff) return {headerLength: 3, dataLength: len}
  if (bytes.length < 5) return undefined
  return {headerLength: 5, dataLength: bytes[3]! | (bytes[4]! << 8)}
}

/**
 * Decode exactly one APDU. Throws ZvtProtocolError (ZVT_TRUNCATED, ZVT_TRAILING_BYTES unless allowTrailing).
 * Strict on purpose: a length byte that disagrees with the data present (seen in lenient
 * parsers' test data) is an error, never silently patched.
 */
export function decodeApdu(bytes: Uint8Array, opts: {allowTrailing?: boolean} = {}): Apdu {
  const h = apduHeader(bytes)
  if (!h) throw new ZvtProtocolError('ZVT_TRUNCATED', `APDU header incomplete (${bytes.length} byte(s))`, bytes.length)
  const end = h.headerLength + h.dataLength
  if (bytes.length < end) {
    throw new ZvtProtocolError('ZVT_TRUNCATED', `length field says ${h.dataLength} data bytes, ${bytes.length - h.headerLength} present`, bytes.length)
  }
  if (bytes.length > end && !opts.allowTrailing) {
    throw new ZvtProtocolError('ZVT_TRAILING_BYTES', `length field says ${h.dataLength} data bytes, ${bytes.length - h.headerLength} present`, end)
  }
  return {cls: bytes[0]!, ins: bytes[1]!, data: Buffer.from(bytes.subarray(h.headerLength, end))}
}

/** Total byte length of the first APDU in bytes, or undefined if the header is not complete yet. */
export function apduTotalLength(bytes: Uint8Array): number | undefined {
  const h = apduHeader(bytes)
  return h && h.headerLength + h.dataLength
}

/**
 * TCP reassembly: push any chunking, get whole APDUs; keeps the tail. Throws ZvtProtocolError only for a length > maxLength.
 * maxLength limits the declared data length (default 65535, i.e. never); on that error the buffer is dropped.
 */
export class ApduReassembler {
  private readonly maxLength: number
  private buf: Buffer = Buffer.alloc(0)

  constructor(opts: {maxLength?: number} = {}) {
    this.maxLength = opts.maxLength ?? MAX_APDU_DATA
  }

  push(chunk: Uint8Array): Apdu[] {
    this.buf = this.buf.length === 0 ? Buffer.from(chunk) : Buffer.concat([this.buf, chunk])
    const out: Apdu[] = []
    let pos = 0
    for (;;) {
      const rest = this.buf.subarray(pos)
      const h = apduHeader(rest)
      if (!h) break
      if (h.dataLength > this.maxLength) {
        if (out.length > 0) break // hand out what is complete; the next push reports the error
        this.buf = Buffer.alloc(0)
        throw new ZvtProtocolError('ZVT_FRAME_TOO_LONG', `APDU declares ${h.dataLength} data bytes (max ${this.maxLength})`, pos)
      }
      const total = h.headerLength + h.dataLength
      if (rest.length < total) break
      out.push({cls: rest[0]!, ins: rest[1]!, data: Buffer.from(rest.subarray(h.headerLength, total))})
      pos += total
    }
    this.buf = pos === 0 ? this.buf : Buffer.from(this.buf.subarray(pos))
    return out
  }

  /** Bytes held for an incomplete APDU. */
  get pending(): number {
    return this.buf.length
  }

  reset(): Buffer {
    const out = this.buf
    this.buf = Buffer.alloc(0)
    return out
  }
}

/** "04 0F" style key of an APDU's control field. */
export function commandKey(apdu: Pick<Apdu, 'cls' | 'ins'>): string {
  return `${apdu.cls.toString(16).padStart(2, '0')} ${apdu.ins.toString(16).padStart(2, '0')}`.toUpperCase()
}
