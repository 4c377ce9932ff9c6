// Text codecs. ZVT's default 8-bit charset is CP437 (ä=84 ö=94 ü=81 ß=E1 Ä=8E); a charset
// negotiated with TLV 14 may replace it: 00 ASCII-7, 01..10 ISO 8859-x, FE UTF-8, FF CP437.

// CP437 0x80-0xFF, one string per 16 code points.
const CP437_HIGH = [
  'ÇüéâäàåçêëèïîìÄÅ',
  'ÉæÆôöòûùÿÖÜ¢£¥₧ƒ',
  'áíóúñÑªº¿⌐¬½¼¡«»',
  '░▒▓│┤╡╢╖╕╣║╗╝╜╛┐',
  '└┴┬├─┼╞╟╚╔╩╦╠═╬╧',
  '╨╤╥╙╘╒╓╫╪┘┌█▄▌▐▀',
  'αßΓπΣσµτΦΘΩδ∞φε∩',
  '≡±≥≤⌠⌡÷≈°∙·√ⁿ²■\u00a0',
].join('')

const CP437_REVERSE = new Map<string, number>(Array.from(CP437_HIGH, (ch, i) => [ch, 0x80 + i]))

export function decodeCp437(bytes: Uint8Array): string {
  let s = ''
  for (const b of bytes) s += b < 0x80 ? String.fromCharCode(b) : CP437_HIGH[b - 0x80]!
  return s
}

/** Characters outside CP437 become '?'. */
export function encodeCp437(text: string): Buffer {
  const out: number[] = []
  for (const ch of text) {
    const c = ch.codePointAt(0)!
    if (c < 0x80) out.push(c)
    else out.push(CP437_REVERSE.get(ch) ?? 0x3f)
  }
  return Buffer.from(out)
}

/** TLV 14 value -> decoder. ISO 8859-x other than -1 are approximated by Latin-1 (no extra dependency). */
export function decodeText(bytes: Uint8Array, charset = 0xff): string {
  if (charset === 0xfe) return Buffer.from(bytes).toString('utf8')
  if (charset === 0x00) return Buffer.from(bytes).toString('latin1').replace(/[\x80-\xff]/g, '?')
  if (charset >= 0x01 && charset <= 0x10) return Buffer.from(bytes).toString('latin1')
  return decodeCp437(bytes)
}
