// BMP ("bitmap") fields: one tag byte, then a fixed, LLVAR (Fx Fy), LLLVAR (Fx Fy Fz) or TLV value.
// A receiver cannot skip an unknown BMP (its length depends on the tag), so the whole table is
// needed (PA00P015 §13). Card data never leaves this module in clear: PAN -> first 6 / last 4,
// tracks / CVV / chip data -> presence only.
import {bcdDigits, bcdToNumber, decodeVarLength, digitsToBcd, encodeVarLength, isBcd, numberToBcd} from './bcd.js'
import {decodeText, encodeCp437} from './charset.js'
import {ZvtProtocolError} from './errors.js'
import {decodeBerLength, decodeTlv, encodeBerLength, encodeTlv, maskTlvNodes} from './tlv.js'
import type {TurnoverTotals, ZvtFields} from './types.js'

export type BmpFormat = 'fixed' | 'LLVAR' | 'LLLVAR' | 'TLV'

/** How the value bytes are interpreted. */
export type BmpValueType =
  | 'binary' // 1 byte -> number; longer -> hex under `other`
  | 'bcd-number' // packed BCD -> number
  | 'bcd-digits' // packed BCD -> digit string (dates, TID, password)
  | 'amount' // 6 bytes BCD, minor units
  | 'ascii' // fixed text, kept as sent (2A is space padded)
  | 'ascii-z' // fixed text padded with 00 (3B)
  | 'text' // variable text in the current charset
  | 'text-z' // variable text, null-terminated (8B)
  | 'pan' // BCD with E = masked digit, F padding, D separator
  | 'track' // presence only
  | 'cvv' // presence only
  | 'secret' // chip / PIN data: kept only as masked bytes
  | 'totals' // BMP 60 End-of-Day layout
  | 'tlv'

export interface BmpDef {
  tag: number
  name: string
  /** camelCase name of the BMP */
  key: string
  format: BmpFormat
  /** value length for format 'fixed' */
  length?: number
  type: BmpValueType
  /** the ZvtFields property it decodes into; BMPs without one land in `other` */
  field?: keyof ZvtFields
}

type Row = [tag: number, name: string, key: string, format: BmpFormat | number, type: BmpValueType, field?: keyof ZvtFields]

const ROWS: Row[] = [
  [0x01, 'timeout', 'timeout', 1, 'binary', 'timeout'],
  [0x02, 'max. status infos', 'maxStatusInfos', 1, 'binary', 'maxStatusInfos'],
  [0x03, 'service byte', 'serviceByte', 1, 'binary', 'serviceByte'],
  [0x04, 'amount', 'amount', 6, 'amount', 'amountCents'],
  [0x05, 'pump number', 'pumpNumber', 1, 'binary'],
  [0x06, 'TLV container', 'tlv', 'TLV', 'tlv', 'tlv'],
  [0x0b, 'trace number', 'traceNumber', 3, 'bcd-number', 'traceNumber'],
  [0x0c, 'time HHMMSS', 'time', 3, 'bcd-digits', 'time'],
  [0x0d, 'date MMDD', 'date', 2, 'bcd-digits', 'date'],
  [0x0e, 'expiry date YYMM', 'expiryDate', 2, 'bcd-digits', 'expiryDate'],
  [0x17, 'card sequence number', 'cardSequenceNumber', 2, 'bcd-number', 'cardSequenceNumber'],
  [0x19, 'status byte / payment type / card type', 'statusByte', 1, 'binary', 'statusByte'],
  [0x22, 'PAN / EF_ID', 'pan', 'LLVAR', 'pan', 'panMasked'],
  [0x23, 'track 2', 'track2', 'LLVAR', 'track', 'track2Present'],
  [0x24, 'track 3', 'track3', 'LLLVAR', 'track', 'track3Present'],
  [0x27, 'result code', 'resultCode', 1, 'binary', 'resultCode'],
  [0x29, 'terminal ID', 'terminalId', 4, 'bcd-digits', 'terminalId'],
  [0x2a, 'VU number', 'vuNumber', 15, 'ascii', 'vuNumber'],
  [0x2d, 'track 1', 'track1', 'LLVAR', 'track', 'track1Present'],
  [0x2e, 'synchronous chip data', 'syncChipData', 'LLLVAR', 'secret'],
  [0x37, 'original trace number', 'originalTraceNumber', 3, 'bcd-number', 'originalTraceNumber'],
  [0x3a, 'CVV/CVC', 'cvv', 2, 'cvv', 'cvvPresent'],
  [0x3b, 'AID authorisation attribute', 'authCode', 8, 'ascii-z', 'authCode'],
  [0x3c, 'additional text', 'additionalText', 'LLLVAR', 'text', 'additionalText'],
  [0x3d, 'password', 'password', 3, 'bcd-digits', 'password'],
  [0x49, 'currency code', 'currencyCode', 2, 'bcd-number', 'currencyCode'],
  [0x4c, 'blocked goods groups', 'blockedGoodsGroups', 'LLVAR', 'binary'],
  [0x60, 'individual totals', 'totals', 'LLLVAR', 'totals', 'totals'],
  [0x70, 'display image request ID', 'imageRequestId', 4, 'binary'],
  [0x71, 'display image size', 'imageSize', 4, 'binary'],
  [0x72, 'display image MIME type', 'imageMimeType', 1, 'binary'],
  [0x73, 'display image encoding', 'imageEncoding', 1, 'binary'],
  [0x74, 'display image chunk count', 'imageChunkCount', 1, 'binary'],
  [0x75, 'display image chunk index', 'imageChunkIndex', 1, 'binary'],
  [0x87, 'receipt number', 'receiptNumber', 2, 'bcd-number', 'receiptNumber'],
  [0x88, 'turnover record number', 'turnoverNumber', 3, 'bcd-number', 'turnoverNumber'],
  [0x8a, 'card type', 'cardType', 1, 'binary', 'cardType'],
  [0x8b, 'card name', 'cardName', 'LLVAR', 'text-z', 'cardName'],
  [0x8c, 'network operator card type', 'cardTypeNetwork', 1, 'binary', 'cardTypeNetwork'],
  [0x92, 'offline chip data (ec-Cash)', 'offlineChipData', 'LLLVAR', 'secret'],
  [0x9a, 'GeldKarte record', 'geldKarteRecord', 'LLLVAR', 'binary'],
  [0xa0, 'result code AS', 'hostResultCode', 1, 'binary', 'hostResultCode'],
  [0xa7, 'chip data EF_ID', 'chipDataEfId', 'LLVAR', 'secret'],
  [0xaa, 'date YYMMDD', 'dateFull', 3, 'bcd-digits', 'dateFull'],
  [0xaf, 'EF_Info', 'efInfo', 'LLLVAR', 'binary'],
  [0xba, 'AID parameter', 'aidParameter', 5, 'binary'],
  [0xd0, 'algorithm key', 'algorithmKey', 1, 'binary'],
  [0xd1, 'card offset / PIN data', 'pinData', 'LLVAR', 'secret'],
  [0xd2, 'card output direction', 'cardOutputDirection', 1, 'binary', 'cardOutputDirection'],
  [0xd3, 'DUKPT key identifier', 'keyPosition', 1, 'binary'],
  [0xe0, 'min. input length', 'inputMinLength', 1, 'binary'],
  ...[1, 2, 3, 4, 5, 6, 7, 8].map((n): Row => [0xe0 + n, `text2 line ${n}`, `text2Line${n}`, 'LLVAR', 'text']),
  [0xe9, 'max. input length', 'inputMaxLength', 1, 'binary'],
  [0xea, 'echo input', 'inputEcho', 1, 'binary'],
  [0xeb, 'MAC over text 1 and 2', 'mac', 8, 'binary'],
  [0xf0, 'display duration', 'displayDuration', 1, 'binary'],
  ...[1, 2, 3, 4, 5, 6, 7, 8].map((n): Row => [0xf0 + n, `text1 line ${n}`, `text1Line${n}`, 'LLVAR', 'text']),
  [0xf9, 'beeps', 'beeps', 1, 'binary'],
  [0xfa, 'card reader activation', 'cardReaderActivation', 1, 'binary'],
  [0xfb, 'confirm input with OK', 'okRequired', 1, 'binary'],
  [0xfc, 'dialog control', 'dialogControl', 1, 'binary'],
  [0xfd, 'display device', 'displayDevice', 1, 'binary'],
]

export const BMP_DEFINITIONS: ReadonlyArray<BmpDef> = ROWS.map(([tag, name, key, f, type, field]) => ({
  tag,
  name,
  key,
  format: typeof f === 'number' ? 'fixed' : f,
  ...(typeof f === 'number' ? {length: f} : {}),
  type,
  ...(field ? {field} : {}),
}))

const BY_TAG = new Map(BMP_DEFINITIONS.map((d) => [d.tag, d]))
const BY_FIELD = new Map(BMP_DEFINITIONS.filter((d) => d.field).map((d) => [d.field!, d]))

export function bmpDefinition(tag: number): BmpDef | undefined {
  return BY_TAG.get(tag)
}

/** The BMP a named field is sent as (undefined for positional / derived fields). */
export function bmpForField(field: keyof ZvtFields): BmpDef | undefined {
  return BY_FIELD.get(field)
}

export function tagHex(tag: number): string {
  return tag.toString(16).padStart(2, '0').toUpperCase()
}

/** One BMP as found on the wire. */
export interface BmpEntry {
  tag: number
  def: BmpDef
  /** offset of the tag byte */
  offset: number
  /** tag + length prefix bytes */
  headerLength: number
  value: Buffer
}

/** Split data[offset..] into BMPs. Throws ZVT_UNKNOWN_BMP / ZVT_TRUNCATED / ZVT_BAD_FIELD / ZVT_BAD_TLV. */
export function parseBmps(data: Uint8Array, offset = 0): BmpEntry[] {
  const out: BmpEntry[] = []
  let i = offset
  while (i < data.length) {
    const start = i
    const tag = data[i++]!
    const def = BY_TAG.get(tag)
    if (!def) throw new ZvtProtocolError('ZVT_UNKNOWN_BMP', `unknown BMP ${tagHex(tag)}: its length is unknown, the rest cannot be parsed`, start)
    let length: number
    switch (def.format) {
      case 'fixed':
        length = def.length!
        break
      case 'LLVAR':
        length = decodeVarLength(data, i, 2)
        i += 2
        break
      case 'LLLVAR':
        length = decodeVarLength(data, i, 3)
        i += 3
        break
      case 'TLV': {
        const ber = decodeBerLength(data, i)
        length = ber.length
        i += ber.size
        break
      }
    }
    if (i + length > data.length) {
      throw new ZvtProtocolError('ZVT_TRUNCATED', `BMP ${tagHex(tag)} (${def.name}) needs ${length} bytes, ${data.length - i} left`, start)
    }
    out.push({tag, def, offset: start, headerLength: i - start, value: Buffer.from(data.subarray(i, i + length))})
    i += length
  }
  return out
}

export interface BmpDecodeOptions {
  /** TLV 14 charset for text fields; default CP437 */
  charset?: number
}

/** Decode data[offset..] as BMPs into named fields (wire order is kept as key order). */
export function decodeBmps(data: Uint8Array, offset = 0, opts: BmpDecodeOptions = {}): ZvtFields {
  const fields: ZvtFields = {}
  for (const e of parseBmps(data, offset)) applyBmp(fields, e, opts)
  return fields
}

function setOther(fields: ZvtFields, tag: number, hex: string): void {
  fields.other = {...fields.other, [tagHex(tag)]: hex}
}

function set<K extends keyof ZvtFields>(fields: ZvtFields, key: K, value: ZvtFields[K]): void {
  fields[key] = value
}

/** Store one parsed BMP in `fields`. Bytes that are not valid BCD go to `other` as hex instead of a guessed number (87 FF FF = "none"). */
export function applyBmp(fields: ZvtFields, e: BmpEntry, opts: BmpDecodeOptions = {}): void {
  const {def, value} = e
  const field = def.field
  const hex = value.toString('hex')
  switch (def.type) {
    case 'binary':
      if (field && value.length === 1) set(fields, field, value[0]!)
      else setOther(fields, def.tag, hex)
      return
    case 'bcd-number':
    case 'amount':
      if (field && isBcd(value)) set(fields, field, bcdToNumber(value))
      else setOther(fields, def.tag, hex)
      return
    case 'bcd-digits':
      if (field && isBcd(value)) set(fields, field, bcdDigits(value))
      else setOther(fields, def.tag, hex)
      return
    case 'ascii':
      set(fields, field!, decodeText(value, opts.charset))
      return
    case 'ascii-z':
      set(fields, field!, decodeText(stripTrailingZeros(value), opts.charset))
      return
    case 'text': {
      const text = decodeText(value, opts.charset)
      // 3C uses CR between lines
      if (field) set(fields, field, text.replace(/\r\n?/g, '\n'))
      else setOther(fields, def.tag, hex)
      return
    }
    case 'text-z': {
      const nul = value.indexOf(0)
      set(fields, field!, decodeText(nul >= 0 ? value.subarray(0, nul) : value, opts.charset))
      return
    }
    case 'pan':
      fields.panMasked = maskPan(panDigits(value))
      return
    case 'track':
    case 'cvv':
      set(fields, field!, true)
      return
    case 'secret':
      setOther(fields, def.tag, 'ee'.repeat(value.length))
      return
    case 'totals': {
      const totals = decodeTotals(value)
      if (totals) fields.totals = totals
      else setOther(fields, def.tag, hex)
      return
    }
    case 'tlv':
      fields.tlv = [...(fields.tlv ?? []), ...maskTlvNodes(decodeTlv(value))]
      return
  }
}

function stripTrailingZeros(b: Buffer): Buffer {
  let end = b.length
  while (end > 0 && b[end - 1] === 0) end--
  return b.subarray(0, end)
}

/**
 * PAN nibbles -> digit string with '*' for masked (E) or non-digit nibbles; stops at a D
 * separator (EF_ID style, what follows is not the card number); trailing F padding dropped.
 */
export function panDigits(value: Uint8Array): string {
  let s = ''
  for (const b of value) {
    for (const n of [b >> 4, b & 0x0f]) {
      if (n === 0x0d) return stripPad(s)
      s += n <= 9 ? String(n) : n === 0x0f ? 'F' : '*'
    }
  }
  return stripPad(s)
}

function stripPad(s: string): string {
  return s.replace(/F+$/, '').replace(/F/g, '*')
}

/**
 * Masking rule: first 6 and last 4 shown only when at least 3 digits stay hidden (13+ digits);
 * shorter numbers show only the last 4 (and nothing when 4 or fewer), so a 10-12 digit number
 * is never shown nearly or fully in clear.
 */
export function maskPan(digits: string): string {
  const n = digits.length
  if (n >= 13) return digits.slice(0, 6) + '*'.repeat(n - 10) + digits.slice(-4)
  if (n > 4) return '*'.repeat(n - 4) + digits.slice(-4)
  return '*'.repeat(n)
}

/** Masked PAN string ('*' = E nibble) -> BMP 22 value; odd digit counts padded with F. */
export function encodePanValue(panMasked: string): Buffer {
  const masked = maskPan(panMasked)
  if (!/^[0-9*]*$/.test(masked)) throw new ZvtProtocolError('ZVT_BAD_FIELD', 'panMasked: digits and * only')
  const nibbles = masked.replace(/\*/g, 'e') + (masked.length % 2 ? 'f' : '')
  return Buffer.from(nibbles, 'hex')
}

const BRANDS: TurnoverTotals['groups'][number]['brand'][] = ['girocard', 'jcb', 'eurocard', 'amex', 'visa', 'diners', 'other']

/** BMP 60: receipt no. start/end (2 BCD each) + 7 x {count 1 byte, total 6 BCD} = 53 bytes. */
export function decodeTotals(value: Uint8Array): TurnoverTotals | undefined {
  if (value.length !== 4 + 7 * 7 || !isBcd(value.subarray(0, 4))) return undefined
  const groups: TurnoverTotals['groups'] = []
  for (let g = 0; g < 7; g++) {
    const at = 4 + g * 7
    const amount = value.subarray(at + 1, at + 7)
    if (!isBcd(amount)) return undefined
    groups.push({brand: BRANDS[g]!, count: value[at]!, amountCents: bcdToNumber(amount)})
  }
  return {receiptNumberStart: bcdToNumber(value.subarray(0, 2)), receiptNumberEnd: bcdToNumber(value.subarray(2, 4)), groups}
}

export function encodeTotals(t: TurnoverTotals): Buffer {
  const parts = [numberToBcd(t.receiptNumberStart, 2, 'receiptNumberStart'), numberToBcd(t.receiptNumberEnd, 2, 'receiptNumberEnd')]
  for (const brand of BRANDS) {
    const g = t.groups.find((x) => x.brand === brand) ?? {count: 0, amountCents: 0}
    if (!Number.isInteger(g.count) || g.count < 0 || g.count > 255) throw new ZvtProtocolError('ZVT_BAD_FIELD', `totals ${brand}: count must be 0-255`)
    parts.push(Buffer.from([g.count]), numberToBcd(g.amountCents, 6, `totals ${brand}`))
  }
  return Buffer.concat(parts)
}

/** Tag + length prefix + value. Throws ZVT_UNKNOWN_BMP, ZVT_BAD_LENGTH (fixed length mismatch / too long). */
export function encodeBmp(tag: number, value: Uint8Array): Buffer {
  const def = BY_TAG.get(tag)
  if (!def) throw new ZvtProtocolError('ZVT_UNKNOWN_BMP', `unknown BMP ${tagHex(tag)}`)
  let prefix: Buffer
  switch (def.format) {
    case 'fixed':
      if (value.length !== def.length) throw new ZvtProtocolError('ZVT_BAD_LENGTH', `BMP ${tagHex(tag)} takes ${def.length} bytes, got ${value.length}`)
      prefix = Buffer.alloc(0)
      break
    case 'LLVAR':
      prefix = encodeVarLength(value.length, 2)
      break
    case 'LLLVAR':
      prefix = encodeVarLength(value.length, 3)
      break
    case 'TLV':
      prefix = encodeBerLength(value.length)
      break
  }
  return Buffer.concat([Buffer.from([tag]), prefix, value])
}

function byte(v: unknown, what: string): Buffer {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > 255) throw new ZvtProtocolError('ZVT_BAD_FIELD', `${what}: must be a byte (0-255)`)
  return Buffer.from([v])
}

function str(v: unknown, what: string): string {
  if (typeof v !== 'string') throw new ZvtProtocolError('ZVT_BAD_FIELD', `${what}: must be a string`)
  return v
}

/** Value bytes for a named field (the inverse of applyBmp), or undefined if the field is not sent (presence flags). */
export function encodeFieldValue(def: BmpDef, v: unknown): Buffer | undefined {
  const what = def.field ?? def.key
  switch (def.type) {
    case 'binary':
      return byte(v, what)
    case 'bcd-number':
    case 'amount':
      if (typeof v !== 'number') throw new ZvtProtocolError('ZVT_BAD_FIELD', `${what}: must be a number`)
      return numberToBcd(v, def.length!, what)
    case 'bcd-digits':
      return digitsToBcd(str(v, what), def.length!, what)
    case 'ascii': {
      const b = encodeCp437(str(v, what))
      if (b.length > def.length!) throw new ZvtProtocolError('ZVT_BAD_FIELD', `${what}: longer than ${def.length}`)
      return Buffer.concat([b, Buffer.alloc(def.length! - b.length, 0x20)])
    }
    case 'ascii-z': {
      const b = encodeCp437(str(v, what))
      if (b.length > def.length!) throw new ZvtProtocolError('ZVT_BAD_FIELD', `${what}: longer than ${def.length}`)
      return Buffer.concat([b, Buffer.alloc(def.length! - b.length, 0)])
    }
    case 'text':
      return encodeCp437(str(v, what).replace(/\n/g, '\r'))
    case 'text-z':
      return Buffer.concat([encodeCp437(str(v, what)), Buffer.from([0])])
    case 'pan':
      return encodePanValue(str(v, what))
    case 'totals':
      return encodeTotals(v as TurnoverTotals)
    case 'tlv':
      if (!Array.isArray(v)) throw new ZvtProtocolError('ZVT_BAD_FIELD', 'tlv: must be an array of TlvNode')
      return encodeTlv(v)
    case 'track':
    case 'cvv':
    case 'secret':
      return undefined
  }
}
