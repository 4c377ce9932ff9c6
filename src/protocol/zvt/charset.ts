import iconv from 'iconv-lite'

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

/**
 * The ZVT 7-bit set [SPEC15 §15.1 p.197]: ASCII with [ \\ ] { | } ~ as Ä Ö Ü ä ö ü ß; codes above 127
 * are shown per the 8-bit set (CP437). SW versions and display-text BMPs use it.
 */
const ZVT7: Readonly<Record<number, string>> = {0x5b: 'Ä', 0x5c: 'Ö', 0x5d: 'Ü', 0x7b: 'ä', 0x7c: 'ö', 0x7d: 'ü', 0x7e: 'ß'}
const ZVT7_REVERSE = new Map<string, number>(Object.entries(ZVT7).map(([code, ch]) => [ch, Number(code)]))

export function decodeZvt7(bytes: Uint8Array): string {
  let s = ''
  for (const b of bytes) s += ZVT7[b] ?? (b < 0x80 ? String.fromCharCode(b) : CP437_HIGH[b - 0x80]!)
  return s
}

/** Characters outside the 7-bit set become '?'. */
export function encodeZvt7(text: string): Buffer {
  const out: number[] = []
  for (const ch of text) {
    const c = ch.codePointAt(0)!
    const mapped = ZVT7_REVERSE.get(ch)
    if (mapped !== undefined) out.push(mapped)
    else out.push(c < 0x80 && ZVT7[c] === undefined ? c : 0x3f)
  }
  return Buffer.from(out)
}

/** Not a TLV 14 value: posdoc's id for the ZVT 7-bit set (--charset zvt7). */
export const CHARSET_ZVT7 = 0x100
/** TLV 14 values [SPEC15 §9.4.2 p.157]: 00 ASCII-7 (not the ZVT set), 01..10 ISO 8859-x (no -12), FE UTF-8, FF CP437 (default). */
export const CHARSET_ASCII7 = 0x00
export const CHARSET_UTF8 = 0xfe
export const CHARSET_CP437 = 0xff

function isoPart(charset: number): number | undefined {
  return charset >= 0x01 && charset <= 0x10 && charset !== 0x0c ? charset : undefined
}

/** Decode text in a TLV 14 charset (or CHARSET_ZVT7). Unknown values (8859-12, 11..FD) fall back to the default CP437. */
export function decodeText(bytes: Uint8Array, charset = CHARSET_CP437): string {
  if (charset === CHARSET_UTF8) return Buffer.from(bytes).toString('utf8')
  if (charset === CHARSET_ASCII7) return Buffer.from(bytes).toString('latin1').replace(/[\x80-\xff]/g, '?')
  if (charset === CHARSET_ZVT7) return decodeZvt7(bytes)
  const iso = isoPart(charset)
  if (iso !== undefined) return iconv.decode(Buffer.from(bytes), `iso-8859-${iso}`)
  return decodeCp437(bytes)
}

/** Encode text in a TLV 14 charset (or CHARSET_ZVT7); characters the set lacks become '?'. */
export function encodeText(text: string, charset = CHARSET_CP437): Buffer {
  if (charset === CHARSET_UTF8) return Buffer.from(text, 'utf8')
  if (charset === CHARSET_ASCII7) return Buffer.from(Array.from(text, (ch) => (ch.codePointAt(0)! < 0x80 ? ch.codePointAt(0)! : 0x3f)))
  if (charset === CHARSET_ZVT7) return encodeZvt7(text)
  const iso = isoPart(charset)
  if (iso !== undefined) return iconv.encode(text, `iso-8859-${iso}`)
  return encodeCp437(text)
}

/** --charset names: cp437, zvt7, ascii, utf8, iso8859-1 .. iso8859-16 (also "8859-2", "latin1"). */
export function charsetByName(name: string): number | undefined {
  const n = name.trim().toLowerCase().replace(/_/g, '-')
  if (n === 'cp437' || n === 'ibm437' || n === 'ff') return CHARSET_CP437
  if (n === 'zvt7' || n === 'zvt-7bit' || n === 'zvt') return CHARSET_ZVT7
  if (n === 'ascii' || n === 'ascii7' || n === '00') return CHARSET_ASCII7
  if (n === 'utf8' || n === 'utf-8' || n === 'fe') return CHARSET_UTF8
  if (n === 'latin1') return 0x01
  const m = /^(?:iso-?)?8859-?(\d{1,2})$/.exec(n)
  if (m) return isoPart(Number(m[1]))
  return undefined
}
