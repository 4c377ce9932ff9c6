// Masking of card data in raw APDUs, for wire logs and evidence bundles.
import {commandKey} from './apdu.js'
import {decodeVarLength, looksLikeVarLength} from './bcd.js'
import {parseBmps, type BmpEntry} from './bmp.js'
import {PASSWORD_FIRST} from './layout.js'
import {decodeBerLength, SENSITIVE_TLV_TAGS, tlvMaskByte} from './tlv.js'
import type {Apdu} from './types.js'

const MASK = 0xee // two E nibbles = two masked digits
const STAR = 0x2a // '*' for unpacked track 1 characters

/** Where the BMP list may start, most likely first (positional fields come before it). */
function bmpStarts(key: string, data: Buffer): number[] {
  if (PASSWORD_FIRST.has(key) || key === '05 01') return [3, 0]
  switch (key) {
    case '06 00':
      return [6, 4]
    case '04 FF':
      return [2, 1]
    case '06 1E':
      return [1, 3, 0]
    case '06 C0':
      return [1, 0]
    case '06 12':
    case '06 95':
    case '08 02':
      return [] // positional only
    case '06 D1':
      return [] // attribute + text only
    case '06 0F': {
      const starts = [0, 1]
      if (looksLikeVarLength(data, 0, 3)) starts.unshift(3 + decodeVarLength(data, 0, 3) + 1)
      return starts
    }
    default:
      return [0]
  }
}

function tryParse(data: Buffer, start: number): BmpEntry[] | undefined {
  if (start > data.length) return undefined
  try {
    return parseBmps(data, start)
  } catch {
    return undefined
  }
}

/** PAN nibbles: keep first 6 / last 4 per the maskPan rule, E for the rest; after a D separator everything but F padding is masked. */
function maskPanInPlace(buf: Buffer, from: number, to: number): void {
  const nibbles: number[] = []
  for (let i = from; i < to; i++) nibbles.push(buf[i]! >> 4, buf[i]! & 0x0f)
  let end = nibbles.indexOf(0x0d)
  if (end < 0) end = nibbles.length
  let digitsEnd = end
  while (digitsEnd > 0 && nibbles[digitsEnd - 1] === 0x0f) digitsEnd--
  const n = digitsEnd
  const shown = (i: number) => (n >= 13 ? i < 6 || i >= n - 4 : n > 4 ? i >= n - 4 : false)
  for (let i = 0; i < nibbles.length; i++) {
    if (i < n) {
      if (!shown(i)) nibbles[i] = 0x0e
    } else if (i > end && nibbles[i] !== 0x0f) {
      nibbles[i] = 0x0e
    }
  }
  for (let i = from; i < to; i++) buf[i] = (nibbles[(i - from) * 2]! << 4) | nibbles[(i - from) * 2 + 1]!
}

/** Walk TLV objects in place and overwrite sensitive values; stops quietly at anything unparseable. */
function maskTlvInPlace(buf: Buffer, from: number, to: number, depth: number): void {
  let i = from
  while (i < to && depth < 32) {
    const first = buf[i]!
    let tagEnd = i + 1
    if ((first & 0x1f) === 0x1f) {
      while (tagEnd < to && tagEnd - i < 4 && buf[tagEnd]! & 0x80) tagEnd++
      tagEnd++
    }
    if (tagEnd >= to) return
    const tag = buf.subarray(i, tagEnd).toString('hex').toUpperCase()
    const len = decodeBerLength(buf.subarray(0, to), tagEnd)
    const vStart = tagEnd + len.size
    const vEnd = vStart + len.length
    if (vEnd > to) return
    if (SENSITIVE_TLV_TAGS.has(tag)) buf.fill(tlvMaskByte(tag), vStart, vEnd)
    else if (first & 0x20) {
      try {
        maskTlvInPlace(buf, vStart, vEnd, depth + 1)
      } catch {
        // not TLV inside: leave as is
      }
    }
    i = vEnd
  }
}

function maskEntry(buf: Buffer, e: BmpEntry): void {
  const from = e.offset + e.headerLength
  const to = from + e.value.length
  switch (e.def.type) {
    case 'pan':
      maskPanInPlace(buf, from, to)
      break
    case 'track':
      buf.fill(e.tag === 0x2d ? STAR : MASK, from, to)
      break
    case 'cvv':
    case 'secret':
      buf.fill(MASK, from, to)
      break
    case 'tlv':
      try {
        maskTlvInPlace(buf, from, to, 0)
      } catch {
        // unparseable TLV: nothing recognisable to mask
      }
      break
    default:
  }
}

/**
 * Fallback when the data cannot be parsed: mask whatever follows any byte that could be a
 * PAN/track tag with a valid LL(L)VAR prefix (22, 23, 2D; 24) or a CVV tag (3A, next 2 bytes).
 * Over-masks on purpose: a wire log may lose detail but never shows card data.
 */
function maskConservatively(buf: Buffer): void {
  let i = 0
  while (i < buf.length) {
    const tag = buf[i]!
    let from = -1
    let len = 0
    if ((tag === 0x22 || tag === 0x23 || tag === 0x2d) && looksLikeVarLength(buf, i + 1, 2)) {
      from = i + 3
      len = decodeVarLength(buf, i + 1, 2)
    } else if (tag === 0x24 && looksLikeVarLength(buf, i + 1, 3)) {
      from = i + 4
      len = decodeVarLength(buf, i + 1, 3)
    } else if (tag === 0x3a) {
      from = i + 1
      len = 2
    }
    if (from < 0) {
      i++
      continue
    }
    const to = Math.min(buf.length, from + len)
    buf.fill(tag === 0x2d ? STAR : MASK, Math.min(from, buf.length), to)
    i = Math.max(to, i + 1)
  }
}

/**
 * Copy of an APDU with PAN digits beyond first 6 / last 4 and all track / CVV bytes masked; safe for wire logs. Never throws.
 * Lengths are kept, so the masked APDU still decodes. When the data does not parse, every
 * candidate card-data field is masked (see maskConservatively).
 */
export function maskApdu(apdu: Apdu): Apdu {
  const data = Buffer.from(apdu.data)
  try {
    const key = commandKey(apdu)
    let entries: BmpEntry[] | undefined
    for (const start of bmpStarts(key, data)) {
      entries = tryParse(data, start)
      if (entries) break
    }
    if (entries) {
      for (const e of entries) maskEntry(data, e)
    } else if (key !== '06 D1') {
      maskConservatively(data)
    }
    return {cls: apdu.cls, ins: apdu.ins, data}
  } catch {
    const safe = Buffer.from(apdu.data)
    try {
      maskConservatively(safe)
    } catch {
      safe.fill(MASK)
    }
    return {cls: apdu.cls, ins: apdu.ins, data: safe}
  }
}
