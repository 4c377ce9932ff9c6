/**
 * Simulator commands and Registration TLV beyond payments, driven by the independent raw ECR:
 * 06 18, 06 93, 06 C0 (SPEC15 §2.44, §2.18, §2.21), TLV 14/12/1A at Registration (§2.1 p.26,
 * §9.4.2), TLV in 04 0F once the ECR sent a container (§9.2), refund-disabled, reversal-needs-card.
 */
import {describe, expect, it} from 'vitest'

import {bmps, bytes, dataOf, hex, tlvItems} from './helpers/raw-ecr.js'
import {advance, rig} from './helpers/setup.js'

const AUTH_10_EUR = '06010704000000001000'
const len = (h: string) => (h.length / 2).toString(16).padStart(2, '0')
/** 06 00 PW 000000, config, CC 0978, [TLV] */
const registration = (config: string, tlv = '') => {
  const data = '000000' + config + '0978' + (tlv ? '06' + len(tlv) + tlv : '')
  return '0600' + len(data) + data
}

describe('more commands', () => {
  it('06 18 Reset Terminal: 80 00 00, 06 0F', async () => {
    const {ecr} = await rig({journalSize: 0})
    expect(await ecr.exchange('061800')).toEqual(['800000', '060f00'])
  })

  it('06 93 Initialisation: password checked, host dialogue, 06 0F; clears status 51', async () => {
    const {ecr, terminal} = await rig({journalSize: 0})
    terminal.state.terminalStatus = 0x51
    expect(await ecr.exchange('069303123456')).toEqual(['800000', '061e0183'])
    const msgs = await ecr.exchange('069303000000')
    expect(msgs.at(-1)).toBe('060f00')
    expect(terminal.state.terminalStatus).toBe(0)
  })

  it('06 C0 Read Card: the 04 0F with masked card data ends it (no 06 0F); 06 B0 aborts the wait', async () => {
    const {ecr, clock} = await rig({journalSize: 0, timing: {cardWaitMs: 1000}})
    await ecr.sendApdu(bytes('06c0031e1950'))
    await advance(clock, 1100, 100)
    const msgs: string[] = []
    while (!msgs.at(-1)?.startsWith('040f')) msgs.push(hex(await ecr.next()))
    expect(msgs[0]).toBe('800000')
    const last = msgs.at(-1)!
    expect(last.startsWith('040f')).toBe(true)
    const f = bmps(dataOf(last))
    expect(hex(f.get('19')!)).toBe('50')
    expect(hex(f.get('22')!)).toMatch(/e/)
    expect(msgs.some((m) => m.startsWith('060f'))).toBe(false)

    await ecr.sendApdu(bytes('06c0031e1950'))
    expect(hex(await ecr.next())).toBe('800000')
    await ecr.sendApdu(bytes('06b000'))
    expect(hex(await ecr.next())).toBe('800000')
    await advance(clock, 200, 50)
    expect(hex(await ecr.next())).toBe('061e016c')
  })
})

describe('Registration TLV', () => {
  it('14 (charset) accepted is echoed with 27 (supported sets); 12 (printer width) echoed; texts then use the charset', async () => {
    const {ecr, terminal} = await rig({journalSize: 0})
    // TLV 26 {0A 06D3}, 14 01 (ISO 8859-1), 12 24 (24 columns, BCD)
    const done = await ecr.exchange(registration('8e', '2604' + '0a0206d3' + '140101' + '120124'))
    const tlv = tlvItems(bmps(dataOf(done.at(-1)!)).get('06')!)
    expect(tlv.map(([tag]) => tag)).toEqual(['12', '14', '27'])
    expect(hex(tlv[0]![1] as Buffer)).toBe('24')
    expect(hex(tlv[1]![1] as Buffer)).toBe('01')
    expect(terminal.state.config).toMatchObject({charset: 1, printerWidth: 24})
    const msgs = await ecr.exchange(AUTH_10_EUR)
    const block = msgs.find((m) => m.startsWith('06d3'))!
    const items = tlvItems(bmps(dataOf(block)).get('06')!)
    expect(items[0]).toEqual(['14', Buffer.from([0x01])])
  })

  it('an unsupported charset is not echoed: the default CP437 stays', async () => {
    const {ecr, terminal} = await rig({journalSize: 0})
    const done = await ecr.exchange(registration('8e', '140105'))
    const tlv = tlvItems(bmps(dataOf(done.at(-1)!)).get('06')!)
    expect(tlv.map(([tag]) => tag)).toEqual(['27'])
    expect(terminal.state.config.charset).toBeUndefined()
  })

  it('1A (max APDU length) splits receipts into 06 D3 blocks that fit', async () => {
    const {ecr} = await rig({journalSize: 0})
    await ecr.exchange(registration('8e', '2604' + '0a0206d3' + '1a0200c8'))
    const msgs = await ecr.exchange(AUTH_10_EUR)
    const blocks = msgs.filter((m) => m.startsWith('06d3'))
    expect(blocks.length).toBeGreaterThan(2)
    for (const b of blocks) expect(dataOf(b).length).toBeLessThanOrEqual(200)
    // each receipt still ends with its lone 09 FF
    expect(blocks.filter((b) => b.endsWith('0901ff')).length).toBe(2)
  })

  it('04 0F carries TLV (1F2B long trace, 2F card information) only after the ECR sent a container', async () => {
    const plain = await rig({journalSize: 0})
    await plain.ecr.exchange(registration('86'))
    const noTlv = (await plain.ecr.exchange(AUTH_10_EUR)).find((m) => m.startsWith('040f'))!
    expect(bmps(dataOf(noTlv)).has('06')).toBe(false)
    const withTlv = await rig({journalSize: 0})
    await withTlv.ecr.exchange(registration('86', '2600'))
    const info = (await withTlv.ecr.exchange(AUTH_10_EUR)).find((m) => m.startsWith('040f'))!
    const f = bmps(dataOf(info))
    const tags = tlvItems(f.get('06')!).map(([tag]) => tag)
    expect(tags).toEqual(['1F2B', '2F'])
    expect(hex(tlvItems(f.get('06')!)[0]![1] as Buffer)).toBe(hex(f.get('0b')!).padStart(8, '0'))
  })
})

describe('scenarios refund-disabled and reversal-needs-card', () => {
  it('refund-disabled: 06 31 → 06 1E 83, nothing booked', async () => {
    const {ecr, terminal} = await rig({journalSize: 0, scenario: 'refund-disabled'})
    const before = terminal.state.journal.length
    expect(await ecr.exchange('06310a00000004000000001000')).toEqual(['800000', '061e0183'])
    expect(terminal.state.journal.length).toBe(before)
  })

  it('reversal-needs-card: 04 FF insert card before the host; 06 B0 during it ends 06 1E 6C, nothing reversed', async () => {
    const {ecr, clock, terminal} = await rig({journalSize: 0, scenario: 'reversal-needs-card', timing: {cardWaitMs: 1000}})
    await ecr.exchange(registration('8e'))
    const sale = ecr.exchange(AUTH_10_EUR)
    await advance(clock, 1100, 100)
    await sale
    const receipt = String(terminal.state.journal.at(-1)!.receiptNumber).padStart(4, '0')
    await ecr.sendApdu(bytes('063006000000' + '87' + receipt))
    expect(hex(await ecr.next())).toBe('800000')
    expect(hex(await ecr.next())).toBe('04ff010a')
    await ecr.sendApdu(bytes('06b000'))
    expect(hex(await ecr.next())).toBe('800000')
    await advance(clock, 200, 50)
    const rest: string[] = []
    for (let i = 0; i < 5; i++) {
      const m = hex(await ecr.next())
      rest.push(m)
      if (m.startsWith('061e')) break
    }
    expect(rest.at(-1)).toBe('061e016c')
    expect(terminal.state.journal.at(-1)).toMatchObject({type: 'sale', state: 'booked'})
  })
})
