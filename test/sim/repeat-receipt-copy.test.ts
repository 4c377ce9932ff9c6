/**
 * Repeat Receipt (06 20) by receipt number: TLV 1F02/1F03 pick the slip(s), TLV 1F01 picks what
 * of them is printed (docs/zvt-notes.md §5: 01 last, 02 merchant, 03 customer, 04 end-of-day,
 * 05 journal, 06 reconciliation; §8: 05 with a 1F02/1F03 range). Driven by the independent raw ECR.
 */
import {describe, expect, it} from 'vitest'

import {encodeApdu} from '../../src/protocol/zvt/apdu.js'
import {ecr as ecrBuild} from '../../src/protocol/zvt/messages.js'
import {bmps, bytes, dataOf, hex, tlvItems, type RawEcr} from './helpers/raw-ecr.js'
import {rig} from './helpers/setup.js'

const PASSWORD = '000000'
const AUTH_10_EUR = '06010704000000001000' // Portalum PaymentAsync(10)
const AUTH_2_50_EUR = '06010704000000000250'

const bcd2 = (n: number) => String(n).padStart(4, '0')
/** 1F02/1F03 value: "length variable; binary encoded" [SPEC15 §9.4.2 p.158], here always 2 bytes big-endian */
const bin2 = (n: number) => n.toString(16).padStart(4, '0')
const len = (h: string) => (h.length / 2).toString(16).padStart(2, '0')

/** 06 20 PW [03 service-byte] [06 TLV {1F01 id, 1F02 from, 1F03 to}], built by hand (no src/protocol). */
function repeatReceipt(o: {id?: number; from?: number; to?: number; service?: number}): string {
  let tlv = ''
  if (o.id !== undefined) tlv += '1f0101' + o.id.toString(16).padStart(2, '0')
  if (o.from !== undefined) tlv += '1f0202' + bin2(o.from)
  if (o.to !== undefined) tlv += '1f0302' + bin2(o.to)
  const data = PASSWORD + (o.service === undefined ? '' : '03' + o.service.toString(16).padStart(2, '0')) + (tlv ? '06' + len(tlv) + tlv : '')
  return '0620' + len(data) + data
}

/** the text of 06 D1 print lines, one receipt per 06 D1 81 (last-line attribute) */
function slips(msgs: string[]): string[][] {
  const out: string[][] = [[]]
  for (const m of msgs.filter((x) => x.startsWith('06d1'))) {
    if (m === '06d10181') out.push([])
    else out.at(-1)!.push(bytes(m).subarray(4).toString('latin1'))
  }
  return out.slice(0, -1)
}

/** two payments in an empty open batch; their receipt numbers */
async function twoSales(ecr: RawEcr, terminal: {state: {journal: Array<{receiptNumber: number | null}>}}): Promise<[number, number]> {
  await ecr.exchange(AUTH_10_EUR)
  const first = terminal.state.journal.at(-1)!.receiptNumber!
  await ecr.exchange(AUTH_2_50_EUR)
  const second = terminal.state.journal.at(-1)!.receiptNumber!
  return [first, second]
}

/** a centred title line */
const titled = (lines: string[], title: string) => lines.some((l) => l.trim() === title)

/** the merchant copy without its signature block and with the customer title: what the customer copy must be */
function asCustomerCopy(merchant: string[]): string[] {
  const sig = merchant.indexOf('Signature')
  return merchant.slice(0, sig - 1).map((l) => l.replace('MERCHANT COPY', 'CUSTOMER COPY'))
}

describe.each<'tcp' | 'serial'>(['tcp', 'serial'])('Repeat Receipt by receipt number over %s', (framing) => {
  it('1F01 02 → the merchant copy, 1F01 03 → the customer copy of that slip (not the last one)', async () => {
    const {ecr, terminal} = await rig({journalSize: 0, framing})
    const [first] = await twoSales(ecr, terminal)

    const merchantMsgs = await ecr.exchange(repeatReceipt({id: 0x02, from: first, to: first}))
    expect(merchantMsgs[0]).toBe('800000')
    expect(merchantMsgs.at(-1)).toBe('060f00')
    const [merchant, ...moreM] = slips(merchantMsgs)
    expect(moreM).toEqual([])
    expect(merchant![0]!.trim()).toBe('** DUPLICATE **')
    expect(titled(merchant!, 'MERCHANT COPY')).toBe(true)
    expect(merchant).toContain(`Receipt             ${bcd2(first)}`)
    expect(merchant).toContain(`AMOUNT         EUR 10.00`)
    expect(merchant).toContain('Signature')
    expect(merchant!.join('\n')).not.toContain('CUSTOMER COPY')

    const customerMsgs = await ecr.exchange(repeatReceipt({id: 0x03, from: first, to: first}))
    expect(customerMsgs[0]).toBe('800000')
    expect(customerMsgs.at(-1)).toBe('060f00')
    const [customer, ...moreC] = slips(customerMsgs)
    expect(moreC).toEqual([])
    expect(titled(customer!, 'CUSTOMER COPY')).toBe(true)
    expect(customer).not.toContain('Signature')
    expect(customer!.join('\n')).not.toContain('MERCHANT')
    // the same slip: every line of the merchant copy but its title and signature block
    expect(customer).toEqual(asCustomerCopy(merchant!))
  })
})

describe('Repeat Receipt by receipt number: every 1F01 value', () => {
  it('posdoc builds 1F02/1F03 binary (SPEC15 §9.4.2), in as few bytes as the number takes', () => {
    const built = encodeApdu(ecrBuild.repeatReceipt({password: PASSWORD, receiptId: 0x03, receiptNumberFrom: 42, receiptNumberTo: 300}))
    expect(hex(built)).toBe('062012' + '000000' + '060d' + '1f010103' + '1f02012a' + '1f0302012c')
  })

  it('the PT reads 1F02 binary: 00 42 is receipt 66, not 42 (a BCD-encoding ECR gets the wrong slip or none)', async () => {
    const {ecr, terminal} = await rig({journalSize: 0})
    const [first, second] = await twoSales(ecr, terminal)
    // the BCD bytes of `first` read as binary name a receipt past the last one
    expect(first).toBeGreaterThanOrEqual(10)
    expect(parseInt(bcd2(first), 16)).toBeGreaterThan(second)
    const asBcd = '1f010102' + '1f0202' + bcd2(first)
    const bcdData = PASSWORD + '06' + len(asBcd) + asBcd
    expect(await ecr.exchange('0620' + len(bcdData) + bcdData)).toEqual(['800000', '061e0183'])
    expect(slips(await ecr.exchange(repeatReceipt({id: 0x02, from: first})))[0]).toContain(`Receipt             ${bcd2(first)}`)
  })

  it('1F01 01 and no 1F01 → the merchant copy of the numbered slip, byte for byte as 1F01 02', async () => {
    const {ecr, terminal} = await rig({journalSize: 0})
    const [first] = await twoSales(ecr, terminal)
    const merchant = await ecr.exchange(repeatReceipt({id: 0x02, from: first, to: first}))
    expect(await ecr.exchange(repeatReceipt({id: 0x01, from: first, to: first}))).toEqual(merchant)
    expect(await ecr.exchange(repeatReceipt({from: first, to: first}))).toEqual(merchant)
    // 1F02 alone is a range of one
    expect(await ecr.exchange(repeatReceipt({id: 0x02, from: first}))).toEqual(merchant)
  })

  it('a range: one copy per slip, in journal order', async () => {
    const {ecr, terminal} = await rig({journalSize: 0})
    const [first, second] = await twoSales(ecr, terminal)
    const customer = slips(await ecr.exchange(repeatReceipt({id: 0x03, from: first, to: second})))
    expect(customer).toHaveLength(2)
    expect(customer.map((s) => s.find((l) => l.startsWith('Receipt')))).toEqual([`Receipt             ${bcd2(first)}`, `Receipt             ${bcd2(second)}`])
    expect(customer.every((s) => titled(s, 'CUSTOMER COPY') && !s.includes('Signature'))).toBe(true)
  })

  it('1F01 05 → the journal printout of that range only', async () => {
    const {ecr, terminal} = await rig({journalSize: 5})
    const [first, second] = await twoSales(ecr, terminal)
    const recordLine = /^\d{4} |^---- /
    const all = slips(await ecr.exchange(repeatReceipt({id: 0x05})))[0]!
    expect(all.filter((l) => recordLine.test(l)).length).toBe(7)
    expect(all.some((l) => l.startsWith('Receipts'))).toBe(false)

    const msgs = await ecr.exchange(repeatReceipt({id: 0x05, from: first, to: second}))
    expect(msgs.at(-1)).toBe('060f00')
    const [journal, ...more] = slips(msgs)
    expect(more).toEqual([])
    expect(titled(journal!, 'JOURNAL')).toBe(true)
    expect(journal).toContain(`Receipts       ${bcd2(first)}-${bcd2(second)}`)
    expect(journal!.filter((l) => recordLine.test(l))).toEqual([`${bcd2(first)} SALE        10.00`, `${bcd2(second)} SALE         2.50`])
    expect(journal!.some((l) => /^TOTAL 2x +EUR 12\.50$/.test(l))).toBe(true)
  })

  it('1F01 04 / 06 with a receipt number → 80 00 00, 06 1E 83 (even with an end-of-day slip to repeat, even as a status read)', async () => {
    const {ecr, terminal} = await rig({journalSize: 0})
    await ecr.exchange(AUTH_10_EUR)
    expect((await ecr.exchange('065003000000')).at(-1)).toBe('060f00')
    const [first] = await twoSales(ecr, terminal)
    // without a number the end-of-day slip is there to repeat
    expect(titled(slips(await ecr.exchange(repeatReceipt({id: 0x04})))[0]!, 'END OF DAY')).toBe(true)
    expect(titled(slips(await ecr.exchange(repeatReceipt({id: 0x06})))[0]!, 'END OF DAY')).toBe(true)
    const printedBefore = terminal.state.printer.printed.length
    for (const id of [0x04, 0x06]) {
      expect(await ecr.exchange(repeatReceipt({id, from: first, to: first}))).toEqual(['800000', '061e0183'])
      expect(await ecr.exchange(repeatReceipt({id, from: first, to: first, service: 0x03}))).toEqual(['800000', '061e0183'])
    }
    expect(terminal.state.printer.printed.length).toBe(printedBefore)
  })

  it('unknown 1F01 values (00, 07, FF, two bytes) with a receipt number → 06 1E 83', async () => {
    const {ecr, terminal} = await rig({journalSize: 0})
    const [first] = await twoSales(ecr, terminal)
    for (const id of [0x00, 0x07, 0xff]) expect(await ecr.exchange(repeatReceipt({id, from: first, to: first}))).toEqual(['800000', '061e0183'])
    const twoByteId = '1f01020002' + '1f0202' + bin2(first)
    expect(await ecr.exchange('0620' + len(PASSWORD + '06' + len(twoByteId) + twoByteId) + PASSWORD + '06' + len(twoByteId) + twoByteId)).toEqual(['800000', '061e0183'])
  })

  it('a receipt number the open batch does not hold → 06 1E 83 for 01, 02, 03 and 05, as before', async () => {
    const {ecr, terminal} = await rig({journalSize: 0})
    const [, second] = await twoSales(ecr, terminal)
    for (const id of [undefined, 0x01, 0x02, 0x03, 0x05]) {
      expect(await ecr.exchange(repeatReceipt({id, from: second + 1, to: second + 5}))).toEqual(['800000', '061e0183'])
    }
    // a range given upside down holds nothing either
    expect(await ecr.exchange(repeatReceipt({id: 0x03, from: second, to: second - 1}))).toEqual(['800000', '061e0183'])
  })

  it('06 D3 text blocks: 1F07 01 for the merchant copy, 02 for the customer copy', async () => {
    const {ecr, terminal} = await rig({journalSize: 0})
    // Registration 8E + TLV 26 {0A 06D3}: the ECR prints via 06 D3
    expect((await ecr.exchange('06000e0000008e0978' + '0606' + '2604' + '0a0206d3')).at(-1)).toBe('060f0a19002929001006490978')
    const [first] = await twoSales(ecr, terminal)
    const blockOf = async (id: number) => {
      const msgs = await ecr.exchange(repeatReceipt({id, from: first, to: first}))
      expect(msgs.at(-1)).toBe('060f00')
      const blocks = msgs.filter((m) => m.startsWith('06d3'))
      expect(blocks).toHaveLength(1)
      const tlv = tlvItems(bmps(dataOf(blocks[0]!)).get('06')!)
      const text = tlvItems(tlv[1]![1]).filter(([t]) => t === '07').map(([, v]) => v.toString('latin1'))
      return {type: tlv[0]!, text}
    }
    const merchant = await blockOf(0x02)
    expect(merchant.type).toEqual(['1F07', Buffer.from([0x01])])
    expect(titled(merchant.text, 'MERCHANT COPY')).toBe(true)
    const customer = await blockOf(0x03)
    expect(customer.type).toEqual(['1F07', Buffer.from([0x02])])
    expect(customer.text).toEqual(asCustomerCopy(merchant.text))
  })

  it("on the PT's own printer (config without bit 1): the selected copy is what gets printed", async () => {
    const {ecr, terminal} = await rig({journalSize: 0})
    expect((await ecr.exchange('060004000000' + '08')).at(-1)).toBe('060f0719002929001006')
    const [first] = await twoSales(ecr, terminal)
    const printed = terminal.state.printer.printed
    for (const [id, kind] of [[0x03, 'customer'], [0x02, 'merchant']] as const) {
      const before = printed.length
      expect(await ecr.exchange(repeatReceipt({id, from: first, to: first}))).toEqual(['800000', '060f00'])
      expect(printed).toHaveLength(before + 1)
      expect(printed.at(-1)!.kind).toBe(kind)
      expect(titled(printed.at(-1)!.lines, `${kind.toUpperCase()} COPY`)).toBe(true)
      expect(printed.at(-1)!.lines).toContain(`Receipt             ${bcd2(first)}`)
    }
  })

  it('service bit 1 (no printout): 06 0F for a slip that is there, 06 1E 83 for one that is not; nothing printed', async () => {
    const {ecr, terminal} = await rig({journalSize: 0})
    const [first, second] = await twoSales(ecr, terminal)
    expect(await ecr.exchange(repeatReceipt({id: 0x03, from: first, to: first, service: 0x02}))).toEqual(['800000', '060f00'])
    expect(await ecr.exchange(repeatReceipt({from: first, to: first, service: 0x02}))).toEqual(['800000', '060f00'])
    expect(await ecr.exchange(repeatReceipt({id: 0x03, from: second + 1, to: second + 1, service: 0x02}))).toEqual(['800000', '061e0183'])
  })
})
