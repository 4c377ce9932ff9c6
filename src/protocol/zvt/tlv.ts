// CONTRACT STUB (protocol helper implements). BER-TLV for BMP 06.
import type {TlvNode} from './types.js'

export function decodeTlv(_bytes: Uint8Array): TlvNode[] {
  throw new Error('not implemented')
}
export function encodeTlv(_nodes: TlvNode[]): Buffer {
  throw new Error('not implemented')
}
/** 00-7F one byte, 81 xx, 82 hi lo (big-endian) */
export function encodeBerLength(_n: number): Buffer {
  throw new Error('not implemented')
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
