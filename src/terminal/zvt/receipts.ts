/**
 * Turns the PT's print commands into Receipt objects: 06 D1 Print Line (one line each, the
 * attribute marks the last line) and 06 D3 Print Text-Block (a whole receipt in TLV 25).
 */
import {decodeText} from '../../protocol/zvt/charset.js'
import {findTlv} from '../../protocol/zvt/tlv.js'
import type {Apdu, TlvNode, ZvtFields} from '../../protocol/zvt/types.js'
import type {Receipt} from '../terminal.js'
import {scrubPanText} from '../wire-log.js'

const ATTR_LINEFEED = 0xff

/** Attribute with the high bit set (and not exactly 0x80) = last line of a receipt. */
export function isLastLineAttribute(attr: number): boolean {
  return (attr & 0x80) !== 0 && attr !== 0x80
}

export function receiptTypeFromId(id: number | undefined): Receipt['type'] {
  switch (id) {
    case 0x01:
      return 'merchant'
    case 0x02:
      return 'customer'
    case 0x03:
      return 'administration'
    default:
      return 'unknown'
  }
}


/** Accumulates lines across the print commands of one exchange. */
export class ReceiptCollector {
  readonly receipts: Receipt[] = []
  /** lines in which a full PAN-like number was masked (a PT should never print one) */
  unmaskedPanLines = 0
  private lines: string[] = []
  private type: Receipt['type'] = 'unknown'

  /**
   * 06 D1: attribute byte + text; card complete terminals append `06 04 1F 07 01 0x` (receipt
   * type) after the text, which the decoder reports as fields.tlv. Returns the printed lines.
   */
  printLine(apdu: Apdu, fields: ZvtFields | undefined): string[] {
    const attr = fields?.printAttribute ?? apdu.data[0] ?? 0
    const typeId = fields?.receiptType ?? findTlv(fields?.tlv, '1F07')?.value[0]
    if (typeId !== undefined) this.type = receiptTypeFromId(typeId)
    let printed: string[]
    if (attr === ATTR_LINEFEED) {
      // the "text" is one binary byte: the number of empty lines to feed
      const count = fields?.lineFeeds ?? (apdu.data.length > 1 ? apdu.data[1]! : 1)
      printed = Array.from({length: Math.min(count, 50)}, () => '')
    } else {
      printed = [fields?.printText ?? decodeText(apdu.data.subarray(1))]
    }
    printed = printed.map((l) => this.scrub(l))
    this.lines.push(...printed)
    if (isLastLineAttribute(attr)) this.flush()
    return printed
  }

  /** 06 D3: TLV {14 charset, 25 {09 attribute, 07 text}..., 1F07 receipt type}. One block = one receipt. */
  printTextBlock(fields: ZvtFields | undefined): string[] {
    this.flush() // 06 D1 lines left open belong to an earlier receipt
    const tlv = fields?.tlv ?? []
    const typeNode = findTlv(tlv, '1F07')
    this.type = receiptTypeFromId(typeNode?.value[0])
    const charsetNode = findTlv(tlv, '14')
    const charset = charsetNode?.value[0]
    const printed: string[] = []
    for (const container of collect(tlv, '25')) {
      let attr = 0
      for (const child of container.children) {
        if (child.tag === '09') {
          attr = child.value[0] ?? 0
        } else if (child.tag === '07') {
          if (attr === ATTR_LINEFEED) {
            const count = child.value[0] ?? 1
            for (let i = 0; i < Math.min(count, 50); i++) printed.push('')
          } else {
            printed.push(this.scrub(decodeText(child.value, charset)))
          }
          attr = 0
        }
      }
    }
    this.lines.push(...printed)
    this.flush()
    return printed
  }

  private scrub(line: string): string {
    // receipts end up in case reports: never keep a full card number, even if the PT printed one
    const clean = scrubPanText(line)
    if (clean !== line) this.unmaskedPanLines++
    return clean
  }

  /** Close the receipt in progress (also called at the end of an exchange). */
  flush(): void {
    if (this.lines.length > 0) this.receipts.push({type: this.type, lines: this.lines})
    this.lines = []
    this.type = 'unknown'
  }
}

function collect(nodes: TlvNode[], tag: string, out: TlvNode[] = []): TlvNode[] {
  for (const n of nodes) {
    if (n.tag === tag) out.push(n)
    else collect(n.children, tag, out)
  }
  return out
}
