import {describe, expect, it} from 'vitest'
import {decodeMessage, pt as ptMsg} from '../../src/protocol/zvt/messages.js'
import type {Apdu} from '../../src/protocol/zvt/types.js'
import {isLastLineAttribute, ReceiptCollector} from '../../src/terminal/zvt/receipts.js'
import {VISA_TEST_CARD} from '../fixtures/test-cards.js'

const line = (c: ReceiptCollector, apdu: Apdu) => c.printLine(apdu, decodeMessage(apdu).fields)
const block = (c: ReceiptCollector, apdu: Apdu) => c.printTextBlock(decodeMessage(apdu).fields)

describe('ReceiptCollector', () => {
  it('knows the last-line attributes', () => {
    expect([0x00, 0x40, 0x80, 0x81, 0x8f, 0xff].map(isLastLineAttribute)).toEqual([false, false, false, true, true, true])
  })

  it('splits 06 D1 lines into receipts at the last-line attribute and feeds FF line feeds', () => {
    const c = new ReceiptCollector()
    line(c, ptMsg.printLine({attribute: 0x00, text: 'H\u00c4NDLERBELEG'}))
    line(c, ptMsg.printLine({attribute: 0x80, text: 'not the end'}))
    line(c, ptMsg.printLine({attribute: 0x8f, text: 'end'}))
    expect(line(c, {cls: 0x06, ins: 0xd1, data: Buffer.from([0xff, 0x03])})).toEqual(['', '', ''])
    line(c, ptMsg.printLine({attribute: 0x00, text: 'open'}))
    c.flush()
    expect(c.receipts).toEqual([
      {type: 'unknown', lines: ['H\u00c4NDLERBELEG', 'not the end', 'end']},
      {type: 'unknown', lines: ['', '', '']},
      {type: 'unknown', lines: ['open']},
    ])
  })

  it('reads 06 D3 text blocks with type and charset; pending 06 D1 lines stay a receipt of their own', () => {
    const c = new ReceiptCollector()
    line(c, ptMsg.printLine({attribute: 0x00, text: 'loose line'}))
    // 06 <len> 14 01 FE 1F07 01 01 25 {09 40 07 "Grüße" 09 FF 07 01}
    const text = Buffer.from('Grüße', 'utf8')
    const tlv = Buffer.concat([
      Buffer.from([0x14, 0x01, 0xfe, 0x1f, 0x07, 0x01, 0x01, 0x25, 4 + 2 + text.length + 2 + 3]),
      Buffer.from([0x09, 0x01, 0x40, 0x07, text.length]),
      text,
      Buffer.from([0x09, 0x01, 0xff, 0x07, 0x01, 0x02]),
    ])
    const utf8: Apdu = {cls: 0x06, ins: 0xd3, data: Buffer.concat([Buffer.from([0x06, tlv.length]), tlv])}
    expect(block(c, utf8)).toEqual(['Grüße', '', ''])
    block(c, ptMsg.printTextBlock({lines: [{text: 'A'}, {text: 'B'}]}))
    expect(c.receipts).toEqual([
      {type: 'unknown', lines: ['loose line']},
      {type: 'merchant', lines: ['Grüße', '', '']},
      {type: 'unknown', lines: ['A', 'B']},
    ])
  })

  it('masks a full card number a PT printed, and counts it', () => {
    const c = new ReceiptCollector()
    block(c, ptMsg.printTextBlock({receiptType: 2, lines: [{text: `Karte ${VISA_TEST_CARD.pan}`}]}))
    expect(c.receipts[0]!.lines).toEqual([`Karte ${VISA_TEST_CARD.masked}`])
    expect(c.unmaskedPanLines).toBe(1)
  })
})
