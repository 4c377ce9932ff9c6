/** Command flows over the TCP framing (bare APDUs), driven by the independent raw ECR. */
import {describe, expect, it} from 'vitest'
import {journalCsv, JOURNAL_CSV_COLUMNS} from '../../src/sim/journal-file.js'
import {bcdNumber, bmps, bytes, dataOf, hex, settle, tlvItems} from './helpers/raw-ecr.js'
import {advance, rig} from './helpers/setup.js'

/** 06 00 PW 000000, config byte, CC 0978 [, TLV] */
function registration(configByte: number, tlv = ''): string {
  const data = '000000' + configByte.toString(16).padStart(2, '0') + '0978' + tlv
  return '0600' + (data.length / 2).toString(16).padStart(2, '0') + data
}

const AUTH_10_EUR = '06010704000000001000' // Portalum PaymentAsync(10)

function statusInfo(msgs: string[]): Map<string, Buffer> {
  const m = msgs.find((x) => x.startsWith('040f'))
  if (!m) throw new Error(`no 04 0F in ${msgs.join(' ')}`)
  return bmps(dataOf(m))
}

describe('Authorization', () => {
  it('books a payment: 80 00 00, 04 0F with the full field set, receipt lines, 06 0F', async () => {
    const {ecr, terminal} = await rig({journalSize: 0})
    const msgs = await ecr.exchange(AUTH_10_EUR)
    expect(msgs[0]).toBe('800000')
    const f = statusInfo(msgs)
    expect([...f.keys()]).toEqual(['27', '04', '0b', '0c', '0d', '0e', '17', '19', '22', '29', '2a', '3b', '87', '88', '8a', '8b'])
    expect(hex(f.get('27')!)).toBe('00')
    expect(hex(f.get('04')!)).toBe('000000001000')
    expect(hex(f.get('0c')!)).toMatch(/^\d{6}$/)
    expect(hex(f.get('0d')!)).toBe('0314')
    expect(hex(f.get('29')!)).toBe('29001006')
    expect(f.get('2a')!.length).toBe(15)
    expect(f.get('49')).toBeUndefined() // the ECR sent no currency
    // masked PAN: only E nibbles and the last four digits (F pad for odd lengths)
    expect(hex(f.get('22')!)).toMatch(/^e+\d{4}f?$/)
    const record = terminal.state.journal.at(-1)!
    expect(record).toMatchObject({type: 'sale', state: 'booked', amountCents: 1000, resultCode: 0})
    expect(bcdNumber(f.get('87'))).toBe(record.receiptNumber)
    expect(bcdNumber(f.get('0b'))).toBe(record.traceNumber)
    expect(f.get('8a')![0]).toBe(record.cardType)
    expect(f.get('8b')!.toString('latin1')).toBe(record.cardName + '\0')
    // default config 86: the ECR prints payment receipts from 06 D1 lines; two copies
    const ends = msgs.filter((m) => m === '06d10181')
    expect(ends.length).toBe(2)
    expect(msgs.at(-1)).toBe('060f00')
  })

  it('echoes the currency when the ECR sent one, refuses a foreign one with 06 1E 6F <CC untagged> (SPEC15 §2.2.9 p.36)', async () => {
    const {ecr} = await rig({journalSize: 0})
    const ok = await ecr.exchange('06010a04000000001250490978') // kotlin-zvt vector: 12.50 EUR + CC
    expect(hex(statusInfo(ok).get('49')!)).toBe('0978')
    // "06 1E xx <result-code> [<CC>]": the CC follows the result code without the 49 tag
    expect(await ecr.exchange('06010a04000000001250490840')).toEqual(['800000', '061e036f0978'])
  })

  it('a Registration with a foreign currency is refused in the first answer: 84 1E 03 6F <CC> (SPEC15 §2.1 p.29)', async () => {
    const {ecr, terminal} = await rig({journalSize: 0})
    const configBefore = {...terminal.state.config}
    // no 80 00 00 and no completion: "In error-case (=incorrect currency code) the PT answers with 84 1E xx 6F[<CC>]"
    expect(await ecr.exchange('060006' + '000000' + '8e' + '0840')).toEqual(['841e036f0978'])
    expect(terminal.state.config).toEqual(configBefore)
    expect(await ecr.exchange('060006' + '000000' + '8e' + '0978')).toEqual(['800000', '060f0a19002929001006490978'])
  })

  it('sends 04 FF intermediate statuses when config bit 3 is set, and 06 D3 blocks when TLV 26 lists 06 D3', async () => {
    const {ecr, terminal} = await rig({journalSize: 0})
    expect(await ecr.exchange(registration(0x8e, '0606' + '2604' + '0a0206d3'))).toEqual(['800000', '060f0a19002929001006490978'])
    expect(terminal.state.config.textBlocks).toBe(true)
    const msgs = await ecr.exchange(AUTH_10_EUR)
    const statuses = msgs.filter((m) => m.startsWith('04ff')).map((m) => m.slice(6, 8))
    expect(statuses[0]).toBe('0a') // insert card
    expect(statuses.at(-1)).toBe('04') // waiting for host
    const blocks = msgs.filter((m) => m.startsWith('06d3'))
    expect(blocks.length).toBe(2)
    const tlv = tlvItems(bmps(dataOf(blocks[0]!)).get('06')!)
    expect(tlv[0]).toEqual(['1F07', Buffer.from([1])])
    expect(tlv[1]![0]).toBe('25')
    expect(msgs.some((m) => m.startsWith('06d1'))).toBe(false)
  })

  it('a decline from the host (amount x.05 → 05) is journaled, reported in 04 0F and ends 06 1E 05', async () => {
    const {ecr, terminal} = await rig({journalSize: 0})
    const msgs = await ecr.exchange('06010704000000001205')
    expect(hex(statusInfo(msgs).get('27')!)).toBe('05')
    expect(statusInfo(msgs).get('87')).toBeUndefined()
    expect(msgs.at(-1)).toBe('061e0105')
    expect(terminal.state.journal.at(-1)).toMatchObject({state: 'declined', receiptNumber: null, resultCode: 5})
  })

  it('06 B0 during the card/PIN stage ends the payment with 06 1E 6C; too late gives 84 83 00', async () => {
    const {ecr, clock, terminal} = await rig({journalSize: 0, timing: {cardWaitMs: 10_000, hostMs: 1000}})
    await ecr.sendApdu(bytes(AUTH_10_EUR))
    expect(hex(await ecr.next())).toBe('800000')
    await ecr.sendApdu(bytes('06b000'))
    expect(hex(await ecr.next())).toBe('800000')
    expect(hex(await ecr.next())).toBe('061e016c')
    expect(terminal.state.journal).toHaveLength(0)

    await ecr.sendApdu(bytes(AUTH_10_EUR))
    expect(hex(await ecr.next())).toBe('800000')
    await advance(clock, 10_100) // card read, PIN entered: now the host is being asked
    await ecr.sendApdu(bytes('06b000'))
    expect(hex(await ecr.next())).toBe('848300')
    await advance(clock, 1000)
    expect((await ecr.untilEnd()).at(-1)).toBe('060f00')
  })

  it('the 04 0F is final only when acknowledged: 84 xx → auto-reversal and 06 1E 6C', async () => {
    const {ecr, terminal} = await rig({journalSize: 0})
    ecr.autoAck = false
    await ecr.sendApdu(bytes(AUTH_10_EUR))
    expect(hex(await ecr.next())).toBe('800000')
    expect(hex(await ecr.next()).slice(0, 4)).toBe('040f')
    await ecr.sendApdu(bytes('846600'))
    expect(hex(await ecr.next())).toBe('061e016c')
    expect(terminal.state.journal.at(-1)!.state).toBe('auto-reversed')
  })

  // BMP 01 "timeout": how long the PT waits for the ECR's answer to the 04 0F (issue of goods), default 30 s
  // [SPEC15 §2.2 p.31]; the old simulator reversed after 5 s and so hid an ECR that answered late
  /** Pay, leave the 04 0F unanswered: still booked 1 s before `seconds`, auto-reversed just after. */
  async function unansweredStatusInfo(auth: string, seconds: number) {
    const r = await rig({journalSize: 0})
    r.ecr.autoAck = false
    await r.ecr.sendApdu(bytes(auth))
    await r.ecr.next()
    await r.ecr.next()
    await advance(r.clock, (seconds - 1) * 1000, 100)
    expect(r.terminal.state.journal.at(-1)!.state).toBe('booked')
    await advance(r.clock, 1100, 100)
    expect(r.terminal.state.journal.at(-1)!.state).toBe('auto-reversed')
    return r
  }

  it('no acknowledgement of the 04 0F within 30 s (BMP 01 default) → auto-reversal, and the PT closes the TCP socket', async () => {
    const {ecr} = await unansweredStatusInfo(AUTH_10_EUR, 30)
    expect(ecr.closed).toBe(true)
  })

  it('BMP 01 sets the wait for the 04 0F answer: 01 0A = 10 s', async () => {
    await unansweredStatusInfo('06010904000000001000010a', 10)
  })

  it('a late answer within BMP 01 makes the booking final', async () => {
    const {ecr, clock, terminal} = await rig({journalSize: 0})
    ecr.autoAck = false
    await ecr.sendApdu(bytes(AUTH_10_EUR))
    await ecr.next()
    await ecr.next()
    await advance(clock, 20_000, 1000)
    await ecr.sendApdu(bytes('800000'))
    await settle()
    expect(terminal.state.journal.at(-1)!.state).toBe('booked')
    expect(terminal.state.lastStatusInfoHex).not.toBeNull()
  })

  it('84 9C repeats the 04 0F after 2 s; 84 9D books only the issued amount', async () => {
    const {ecr, clock, terminal} = await rig({journalSize: 0})
    ecr.autoAck = false
    await ecr.sendApdu(bytes('06010704000000003300'))
    await ecr.next()
    const first = hex(await ecr.next())
    await ecr.sendApdu(bytes('849c00'))
    await settle()
    expect(ecr.pending).toBe(0)
    await advance(clock, 2000, 250)
    expect(hex(await ecr.next())).toBe(first)
    await ecr.sendApdu(bytes('849d0704000000002200')) // Portalum vector: 22.00 issued
    const again = await ecr.next()
    expect(hex(bmps(dataOf(hex(again))).get('04')!)).toBe('000000002200')
    ecr.autoAck = true
    await ecr.sendApdu(bytes('800000'))
    expect((await ecr.untilEnd()).at(-1)).toBe('060f00')
    expect(terminal.state.journal.at(-1)).toMatchObject({state: 'booked', amountCents: 2200})
  })
})

describe('printing and host', () => {
  it('printing through the ECR is part of finality: 84 CC 00 to a print line → auto-reversal, 06 1E CC', async () => {
    const {ecr, terminal} = await rig({journalSize: 0})
    ecr.autoAck = false
    await ecr.sendApdu(bytes(AUTH_10_EUR))
    expect(hex(await ecr.next())).toBe('800000')
    expect(hex(await ecr.next()).slice(0, 4)).toBe('040f')
    await ecr.sendApdu(bytes('800000'))
    expect(hex(await ecr.next()).slice(0, 4)).toBe('06d1')
    await ecr.sendApdu(bytes('84cc00'))
    expect(hex(await ecr.next())).toBe('061e01cc')
    expect(terminal.state.journal.at(-1)!.state).toBe('auto-reversed')
  })

  it('Diagnosis asks the injected HostProbe: a failure ends 06 1E with its code (9B when the probe throws)', async () => {
    const failing = await rig({hostProbe: {probe: () => Promise.resolve({ok: false, resultCode: 0x9b, detail: 'TLS handshake failed'})}})
    const msgs = await failing.ecr.exchange('067000')
    expect(msgs.some((m) => m.startsWith('0401'))).toBe(false)
    const text = msgs.filter((m) => m.startsWith('06d1')).map((m) => bytes(m).subarray(4).toString('latin1')).join('\n')
    expect(text).toContain('TLS handshake failed')
    expect(msgs.at(-1)).toBe('061e019b')
    const throwing = await rig({hostProbe: {probe: () => Promise.reject(new Error('boom'))}})
    expect((await throwing.ecr.exchange('067000')).at(-1)).toBe('061e019b')
  })

  it('the wire log never shows card data an ECR sends (manual PAN entry is masked)', async () => {
    const {ecr, terminal} = await rig({journalSize: 0})
    const events: string[] = []
    terminal.onEvent((e) => {
      if (e.type === 'rx' || e.type === 'tx') events.push(e.hex.replace(/ /g, ''))
    })
    const digits = '12'.repeat(8) // synthetic 16-digit number, not a card
    await ecr.exchange('060112' + '04000000001000' + '22f0f8' + digits)
    expect(events.length).toBeGreaterThan(3)
    expect(events.some((h) => h.includes(digits))).toBe(false)
    expect(JSON.stringify(terminal.state)).not.toContain(digits)
  })
})

describe('command handling', () => {
  it('unknown command → 84 83 00; unparsable command → 84 9A 00; command while busy → 84 A0 00', async () => {
    const {ecr, connect} = await rig({timing: {cardWaitMs: 1000}})
    await ecr.sendApdu(bytes('060a00'))
    expect(hex(await ecr.next())).toBe('848300')
    await ecr.sendApdu(bytes('0600021234')) // Registration without config byte
    expect(hex(await ecr.next())).toBe('849a00')
    await ecr.sendApdu(bytes(AUTH_10_EUR))
    expect(hex(await ecr.next())).toBe('800000')
    // a second ECR connection while the payment waits for the card
    const other = connect('tcp')
    await other.sendApdu(bytes('050100'))
    expect(hex(await other.next())).toBe('84a000')
    // and a stray command on the same connection while the PT is master
    await ecr.sendApdu(bytes('050100'))
    expect(hex(await ecr.next())).toBe('84a000')
  })

  it('wrong password → 06 1E 83 after 80 00 00', async () => {
    const {ecr} = await rig()
    expect(await ecr.exchange('06500312 3456')).toEqual(['800000', '061e0183'])
    expect(await ecr.exchange('063006123456870001')).toEqual(['800000', '061e0183'])
  })

  it('Log-Off answers 80 00 00 only and resets the config byte to 86', async () => {
    const {ecr, terminal} = await rig()
    await ecr.exchange(registration(0x08))
    expect(terminal.state.config.configByte).toBe(0x08)
    await ecr.sendApdu(bytes('060200'))
    expect(hex(await ecr.next())).toBe('800000')
    await settle()
    expect(ecr.pending).toBe(0)
    expect(terminal.state.config).toMatchObject({configByte: 0x86, tlvAllowed: false, textBlocks: false})
  })

  it('Status-Enquiry service byte: bit1 drops the SW version, bit2 adds TLV 1F44 with the TID', async () => {
    const {ecr} = await rig()
    expect(await ecr.exchange('0501050000000306')).toEqual(['800000', '060f0a' + '00' + '0607' + '1f440429001006'])
  })
})

describe('batch and journal', () => {
  it('reversal rules: unknown receipt 83, closed batch B5, already reversed B4, refund not reversible B5', async () => {
    const {ecr, terminal} = await rig({journalSize: 0})
    await ecr.exchange(AUTH_10_EUR)
    const sale = terminal.state.journal.at(-1)!
    const rc = (n: number) => n.toString().padStart(4, '0')
    expect(await ecr.exchange('06300600000087' + rc(sale.receiptNumber! + 50))).toEqual(['800000', '061e0183'])
    await ecr.exchange('06310a00000004000000000500') // refund 5.00
    const refund = terminal.state.journal.at(-1)!
    expect(refund.type).toBe('refund')
    expect(await ecr.exchange('06300600000087' + rc(refund.receiptNumber!))).toEqual(['800000', '061e01b5'])
    // amount given and different from the original
    expect(await ecr.exchange('06300d00000087' + rc(sale.receiptNumber!) + '04000000000999')).toEqual(['800000', '061e01b7'])
    expect((await ecr.exchange('06300600000087' + rc(sale.receiptNumber!))).at(-1)).toBe('060f00')
    expect(await ecr.exchange('06300600000087' + rc(sale.receiptNumber!))).toEqual(['800000', '061e01b4'])
    // End-of-Day closes the batch; a receipt of the closed batch can no longer be reversed
    await ecr.exchange(AUTH_10_EUR)
    const late = terminal.state.journal.at(-1)!
    expect((await ecr.exchange('0650 03 000000')).at(-1)).toBe('060f00')
    expect(await ecr.exchange('06300600000087' + rc(late.receiptNumber!))).toEqual(['800000', '061e01b5'])
  })

  it('End-of-Day: 04 0F with 04 total, 0B, 0C, 0D, 60 totals; batch number increments; reprint finds nothing afterwards', async () => {
    const {ecr, terminal} = await rig({journalSize: 0})
    await ecr.exchange(AUTH_10_EUR)
    await ecr.exchange('06010704000000000250')
    const batch = terminal.state.counters.batchNumber
    const [, ...rest] = await ecr.exchange('065003000000')
    const f = statusInfo(rest)
    expect([...f.keys()]).toEqual(['27', '04', '0b', '0c', '0d', '60'])
    expect(hex(f.get('04')!)).toBe('000000001250')
    const totals = f.get('60')!
    expect(totals.length).toBe(53)
    const groups = Array.from({length: 7}, (_, g) => ({count: totals[4 + g * 7]!, amount: bcdNumber(totals.subarray(5 + g * 7, 11 + g * 7))}))
    expect(groups.reduce((s, g) => s + g.count, 0)).toBe(2)
    expect(groups.reduce((s, g) => s + g.amount, 0)).toBe(1250)
    expect(terminal.state.counters.batchNumber).toBe(batch + 1)
    expect(terminal.state.batches.at(-1)).toMatchObject({batchNumber: batch, count: 2, totalCents: 1250})
    // merchant copy of the last payment: its batch is closed, the journal was cleared for reprint
    expect(await ecr.exchange('062009000000' + '06041f010102')).toEqual(['800000', '061e0183'])
    // the End-of-Day receipt itself can be repeated (1F01 = 04)
    expect((await ecr.exchange('062009000000' + '06041f010104')).at(-1)).toBe('060f00')
  })

  it('Send Turnover Totals reports the open batch without closing it', async () => {
    const {ecr, terminal} = await rig({journalSize: 0})
    await ecr.exchange(AUTH_10_EUR)
    const batch = terminal.state.counters.batchNumber
    const msgs = await ecr.exchange('061003000000')
    expect(hex(statusInfo(msgs).get('04')!)).toBe('000000001000')
    expect(msgs.at(-1)).toBe('060f00')
    expect(terminal.state.counters.batchNumber).toBe(batch)
  })

  it('Repeat Receipt: service bit 0 resends the last 04 0F first; 1F01=05 prints the open batch journal', async () => {
    const {ecr} = await rig({journalSize: 5})
    const pay = await ecr.exchange(AUTH_10_EUR)
    const lastInfo = pay.find((m) => m.startsWith('040f'))
    const again = await ecr.exchange('062005000000' + '0301')
    expect(again[1]).toBe(lastInfo)
    expect(again.at(-1)).toBe('060f00')
    const journal = await ecr.exchange('062009000000' + '06041f010105')
    const text = journal.filter((m) => m.startsWith('06d1')).map((m) => bytes(m).subarray(4).toString('latin1'))
    expect(text.some((l) => l.includes('JOURNAL'))).toBe(true)
    expect(text.filter((l) => /^\d{4} |^---- /.test(l)).length).toBe(6)
  })

  it('Read File 01: the merchant journal CSV in 04 0F blocks of TLV 2D{1C,1D,1E,1F00}; unknown file → 06 1E 83', async () => {
    const {ecr, terminal} = await rig({journalSize: 60})
    const msgs = await ecr.exchange('081107' + '06052d031d0101')
    expect(msgs.at(-1)).toBe('060f022700')
    const blocks = msgs.filter((m) => m.startsWith('040f')).map((m) => {
      const container = tlvItems(bmps(dataOf(m)).get('06')!)
      expect(container[0]![0]).toBe('2D')
      return new Map(tlvItems(container[0]![1]))
    })
    expect(blocks.length).toBeGreaterThan(3)
    const total = blocks[0]!.get('1F00')!.readUInt32BE(0)
    let expectedOffset = 0
    for (const b of blocks) {
      expect(b.get('1D')).toEqual(Buffer.from([1]))
      expect(b.get('1E')!.readUInt32BE(0)).toBe(expectedOffset)
      expect(b.get('1C')!.length).toBeLessThanOrEqual(1024)
      expectedOffset += b.get('1C')!.length
    }
    const file = Buffer.concat(blocks.map((b) => b.get('1C')!))
    expect(file.length).toBe(total)
    expect(file.equals(journalCsv(terminal.state.journal))).toBe(true)
    const lines = file.toString('utf8').trimEnd().split('\n')
    expect(lines[0]).toBe(JOURNAL_CSV_COLUMNS.join(','))
    expect(lines).toHaveLength(terminal.state.journal.length + 1)
    // no digit run longer than the last four next to a mask: never a full PAN
    expect(lines.slice(1).every((l) => /,\*{11,}\d{4},/.test(l))).toBe(true)

    // offset continues a partial read
    const tail = await ecr.exchange('08110d' + '060b2d091d01011e0400000400')
    const firstTail = new Map(tlvItems(tlvItems(bmps(dataOf(tail.find((m) => m.startsWith('040f'))!)).get('06')!)[0]![1]))
    expect(firstTail.get('1E')!.readUInt32BE(0)).toBe(1024)
    expect(await ecr.exchange('081107' + '06052d031d0102')).toEqual(['800000', '061e0183'])
  })

  it('Print System Configuration prints via the ECR (config 86) and completes', async () => {
    const {ecr} = await rig()
    const msgs = await ecr.exchange('061a00')
    const text = msgs.filter((m) => m.startsWith('06d1')).map((m) => bytes(m).subarray(4).toString('latin1'))
    expect(text.some((l) => l.includes('SYSTEM CONFIGURATION'))).toBe(true)
    expect(msgs.at(-1)).toBe('060f00')
  })
})
