// CONTRACT STUB (protocol helper implements).
import type {Apdu} from './types.js'

/** Encode with LEN byte, or FF lo hi extended length (little-endian) when data > 254 bytes. */
export function encodeApdu(_apdu: Apdu): Buffer {
  throw new Error('not implemented')
}

/** Decode exactly one APDU. Throws ZvtProtocolError (ZVT_TRUNCATED, ZVT_TRAILING_BYTES unless allowTrailing). */
export function decodeApdu(_bytes: Uint8Array, _opts: {allowTrailing?: boolean} = {}): Apdu {
  throw new Error('not implemented')
}

/** Total byte length of the first APDU in bytes, or undefined if the header is not complete yet. */
export function apduTotalLength(_bytes: Uint8Array): number | undefined {
  throw new Error('not implemented')
}

/** TCP reassembly: push any chunking, get whole APDUs; keeps the tail. Throws ZvtProtocolError only for a length > maxLength. */
export class ApduReassembler {
  constructor(_opts: {maxLength?: number} = {}) {}
  push(_chunk: Uint8Array): Apdu[] {
    throw new Error('not implemented')
  }
  get pending(): number {
    return 0
  }
  reset(): Buffer {
    return Buffer.alloc(0)
  }
}

/** "04 0F" style key of an APDU's control field. */
export function commandKey(apdu: Pick<Apdu, 'cls' | 'ins'>): string {
  return `${apdu.cls.toString(16).padStart(2, '0')} ${apdu.ins.toString(16).padStart(2, '0')}`.toUpperCase()
}
