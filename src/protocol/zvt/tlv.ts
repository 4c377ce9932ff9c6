// BER-TLV for BMP 06 (PA00P015 §9). Tags: low 5 bits 1F -> more tag bytes while bit 8 is set.
// Lengths: 00-7F, 81 xx, 82 hi lo (big-endian, unlike the APDU's extended length).
import {ZvtProtocolError} from './errors.js'
import type {TlvNode} from './types.js'

/** Nested containers deeper than this are kept opaque (stack safety on hostile input). */
const MAX_DEPTH = 32

/** Read a BER length at `offset`; returns value and bytes used. Throws ZVT_BAD_TLV / ZVT_TRUNCATED. */
export function decodeBerLength(bytes: Uint8Array, offset: number): {length: number; size: number} {
  if (offset >= bytes.length) throw new ZvtProtocolError('ZVT_TRUNCATED', 'TLV length missing', offset)
  const first = bytes[offset]!
  if (first < 0x80) return {length: first, size: 1}
  if (first === 0x81) {
    if (offset + 2 > bytes.length) throw new ZvtProtocolError('ZVT_TRUNCATED', 'TLV length 81 xx cut off', offset)
    return {length: bytes[offset + 1]!, size: 2}
  }
  if (first === 0x82) {
    if (offset + 3 > bytes.length) throw new ZvtProtocolError('ZVT_TRUNCATED', 'TLV length 82 hi lo cut off', offset)
    return {length: (bytes[offset + 1]! << 8) | bytes[offset + 2]!, size: 3}
  }
  throw new ZvtProtocolError('ZVT_BAD_TLV', `unsupported TLV length byte ${first.toString(16).padStart(2, '0')}`, offset)
}

function parseNodes(bytes: Uint8Array, start: number, end: number, depth: number): TlvNode[] {
  const nodes: TlvNode[] = []
  let i = start
  while (i < end) {
    const tagStart = i
    const first = bytes[i++]!
    if ((first & 0x1f) === 0x1f) {
      // subsequent tag bytes: bit 8 set = another byte follows
      for (;;) {
        if (i >= end) throw new ZvtProtocolError('ZVT_BAD_TLV', 'TLV tag cut off', i)
        if (i - tagStart >= 4) throw new ZvtProtocolError('ZVT_BAD_TLV', 'TLV tag longer than 4 bytes', tagStart)
        const b = bytes[i++]!
        if ((b & 0x80) === 0) break
      }
    }
    const tag = Buffer.from(bytes.subarray(tagStart, i)).toString('hex').toUpperCase()
    let len: {length: number; size: number}
    try {
      len = decodeBerLength(bytes.subarray(0, end), i)
    } catch (e) {
      throw e instanceof ZvtProtocolError ? new ZvtProtocolError('ZVT_BAD_TLV', `tag ${tag}: ${e.message}`, e.offset) : e
    }
    i += len.size
    if (i + len.length > end) throw new ZvtProtocolError('ZVT_BAD_TLV', `tag ${tag}: length ${len.length} exceeds the data`, tagStart)
    const valueEnd = i + len.length
    const constructed = (first & 0x20) !== 0
    let node: TlvNode | undefined
    if (constructed && depth < MAX_DEPTH) {
      try {
        node = {tag, constructed: true, value: Buffer.alloc(0), children: parseNodes(bytes, i, valueEnd, depth + 1)}
      } catch (e) {
        if (!(e instanceof ZvtProtocolError)) throw e
        // content of a constructed tag that is not TLV (vendor quirk): keep it as opaque bytes
      }
    }
    node ??= {tag, constructed: false, value: Buffer.from(bytes.subarray(i, valueEnd)), children: []}
    nodes.push(node)
    i = valueEnd
  }
  return nodes
}

/** Decode a TLV data-object list (the content of BMP 06, without the 06 and its length). */
export function decodeTlv(bytes: Uint8Array): TlvNode[] {
  return parseNodes(bytes, 0, bytes.length, 0)
}

function tagBytes(tag: string): Buffer {
  if (!/^([0-9A-Fa-f]{2}){1,4}$/.test(tag)) throw new ZvtProtocolError('ZVT_BAD_TLV', `bad TLV tag "${tag}"`)
  return Buffer.from(tag, 'hex')
}

export function encodeTlv(nodes: TlvNode[]): Buffer {
  const parts: Buffer[] = []
  for (const n of nodes) {
    const value = n.constructed ? encodeTlv(n.children) : Buffer.from(n.value)
    parts.push(tagBytes(n.tag), encodeBerLength(value.length), value)
  }
  return Buffer.concat(parts)
}

/** 00-7F one byte, 81 xx, 82 hi lo (big-endian) */
export function encodeBerLength(n: number): Buffer {
  if (!Number.isInteger(n) || n < 0) throw new ZvtProtocolError('ZVT_BAD_LENGTH', `bad TLV length ${n}`)
  if (n < 0x80) return Buffer.from([n])
  if (n <= 0xff) return Buffer.from([0x81, n])
  if (n <= 0xffff) return Buffer.from([0x82, n >> 8, n & 0xff])
  throw new ZvtProtocolError('ZVT_BAD_LENGTH', `TLV length ${n} exceeds 65535`)
}

/** Convenience constructors. */
export function tlvPrimitive(tag: string, value: Uint8Array): TlvNode {
  return {tag: tag.toUpperCase(), constructed: false, value: Buffer.from(value), children: []}
}
export function tlvConstructed(tag: string, children: TlvNode[]): TlvNode {
  return {tag: tag.toUpperCase(), constructed: true, value: Buffer.alloc(0), children}
}
/** Depth-first search for the first node with this tag. */
export function findTlv(nodes: TlvNode[] | undefined, tag: string): TlvNode | undefined {
  if (!nodes) return undefined
  const want = tag.toUpperCase()
  for (const n of nodes) {
    if (n.tag === want) return n
    const inner = findTlv(n.children, want)
    if (inner) return inner
  }
  return undefined
}

/** All nodes with this tag, depth-first. */
export function findAllTlv(nodes: TlvNode[] | undefined, tag: string): TlvNode[] {
  const want = tag.toUpperCase()
  const out: TlvNode[] = []
  const walk = (list: TlvNode[]) => {
    for (const n of list) {
      if (n.tag === want) out.push(n)
      walk(n.children)
    }
  }
  if (nodes) walk(nodes)
  return out
}

/**
 * TLV tags that carry card data in clear: 1F08/1F09/1F0A magstripe tracks 1/2/3, 1F1A PAN for
 * card acceptance matching, 1F5D plaintext key. Their values never leave the decoder unmasked.
 */
export const SENSITIVE_TLV_TAGS: ReadonlySet<string> = new Set(['1F08', '1F09', '1F0A', '1F1A', '1F5D'])

/** Mask byte for a sensitive tag: '*' for track 1 (unpacked characters), E nibbles otherwise. */
export function tlvMaskByte(tag: string): number {
  return tag === '1F08' ? 0x2a : 0xee
}

/** Copy of the nodes with sensitive values replaced by mask bytes of the same length. */
export function maskTlvNodes(nodes: TlvNode[]): TlvNode[] {
  return nodes.map((n) => ({
    ...n,
    value: SENSITIVE_TLV_TAGS.has(n.tag) ? Buffer.alloc(n.value.length, tlvMaskByte(n.tag)) : n.value,
    children: maskTlvNodes(n.children),
  }))
}
