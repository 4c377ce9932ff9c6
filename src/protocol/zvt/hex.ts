import {ZvtProtocolError} from './errors.js'

/** Parse "10 02 06 ..." / "100206" / "0x10,0x02" style hex. Throws ZVT_BAD_HEX with the offending position. */
export function parseHex(text: string): Buffer {
  const cleaned = text.replace(/0x/gi, '').replace(/[\s,:;-]/g, '')
  const bad = cleaned.search(/[^0-9a-fA-F]/)
  if (bad >= 0) throw new ZvtProtocolError('ZVT_BAD_HEX', `not a hex digit: "${cleaned[bad]}"`, bad)
  if (cleaned.length % 2 !== 0) throw new ZvtProtocolError('ZVT_BAD_HEX', 'odd number of hex digits', cleaned.length)
  return Buffer.from(cleaned, 'hex')
}

export function toHex(bytes: Uint8Array, sep = ' '): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join(sep).toUpperCase()
}
