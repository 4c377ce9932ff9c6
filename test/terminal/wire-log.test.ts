import fc from 'fast-check'
import {describe, expect, it} from 'vitest'
import {encodeFrame} from '../../src/protocol/zvt/framing.js'
import {encodeApdu} from '../../src/protocol/zvt/apdu.js'
import {pt as ptMsg} from '../../src/protocol/zvt/messages.js'
import {ecr} from '../../src/protocol/zvt/messages.js'
import {SimTerminal} from '../../src/sim/terminal.js'
import type {SimEvent} from '../../src/sim/types.js'
import {maskedApduHex, redactRawBytes, scrubPanBytes, scrubPanText, WireLog, type WireLogEntry} from '../../src/terminal/wire-log.js'
import type {Framing} from '../../src/terminal/zvt/session.js'
import {ZvtTerminal} from '../../src/terminal/zvt/zvt-terminal.js'
import {createMemoryLinkPair} from '../../src/transport/memory.js'
import {FakeClock} from '../../src/util/clock.js'
import {drive} from '../actions/helpers/rig.js'
import {VISA_TEST_CARD} from '../fixtures/test-cards.js'

const statusInfoWithPan = {
  cls: 0x04,
  ins: 0x0f,
  data: Buffer.concat([Buffer.from('2700040000000012508700 42'.replace(/ /g, ''), 'hex'), VISA_TEST_CARD.bmp22]),
}

describe('WireLog', () => {
  it('logs masked APDUs with a decoded summary and the clock time', () => {
    const clock = new FakeClock(Date.UTC(2024, 0, 2, 3, 4, 5))
    const log = new WireLog({clock})
    const e = log.apdu('PT->ECR', statusInfoWithPan)
    expect(e).toEqual({
      ts: '2024-01-02T03:04:05.000Z',
      dir: 'PT->ECR',
      layer: 'apdu',
      hex: '04 0F 17 27 00 04 00 00 00 00 12 50 87 00 42 22 F0 F8 41 11 11 EE EE EE 11 11',
      summary: `04 0F Status-Information rc=00 amount=12.50 receipt=0042 pan=${VISA_TEST_CARD.masked}`,
    })
  })

  it('decodes with the request context (06 0F after 05 01)', () => {
    const log = new WireLog({clock: new FakeClock()})
    const e = log.apdu('PT->ECR', ptMsg.statusCompletion({swVersion: 'V1', terminalStatus: 0xdc}), {request: '05 01'})
    expect(e.summary).toContain('terminalStatus=DC')
    expect(e.summary).toContain('sw="V1"')
  })

  it('never throws on undecodable bytes and labels them', () => {
    const log = new WireLog({clock: new FakeClock()})
    const e = log.apdu('PT->ECR', {cls: 0x04, ins: 0x0f, data: Buffer.from([0x04, 0x00])})
    expect(e.summary).toMatch(/^undecodable: ZVT_TRUNCATED \(04 0F, 2 data bytes\)$/)
    expect(e.hex).toBe('04 0F 02 04 00')
    fc.assert(
      fc.property(fc.integer({min: 0, max: 255}), fc.integer({min: 0, max: 255}), fc.uint8Array({maxLength: 300}), (cls, ins, data) => {
        const entry = log.apdu('PT->ECR', {cls, ins, data: Buffer.from(data)})
        expect(entry.hex.startsWith(`${cls.toString(16).padStart(2, '0').toUpperCase()} ${ins.toString(16).padStart(2, '0').toUpperCase()}`)).toBe(true)
      }),
    )
  })

  it('redacts raw bytes of events (a garbled frame may carry a PAN)', () => {
    const log = new WireLog({clock: new FakeClock()})
    const frame = encodeFrame(encodeApdu(statusInfoWithPan))
    const e = log.event('PT->ECR', 'bad frame (crc)', frame)
    expect(e.hex).not.toContain(VISA_TEST_CARD.bcdHexSpaced)
    expect(e.hex).not.toContain('41 11 11 11 11')
    expect(redactRawBytes(Buffer.from(VISA_TEST_CARD.pan)).toString()).toBe(VISA_TEST_CARD.masked)
  })

  it('feeds sinks, survives a throwing sink and can drop old entries', () => {
    const got: WireLogEntry[] = []
    const log = new WireLog({clock: new FakeClock(), maxEntries: 2, sink: () => {
      throw new Error('disk full')
    }})
    const remove = log.addSink((e) => got.push(e))
    log.ack('PT->ECR')
    log.nak('ECR->PT', 'bad CRC')
    log.event('ECR->PT', 'x')
    remove()
    log.event('ECR->PT', 'y')
    expect(got.map((e) => `${e.layer} ${e.hex} ${e.summary}`)).toEqual(['ack 06 ACK', 'nak 15 NAK (bad CRC)', 'event  x'])
    expect(log.entries.map((e) => e.summary)).toEqual(['x', 'y'])
  })
})

describe('scrubPanText', () => {
  it('masks stand-alone Luhn-valid 13-19 digit runs only', () => {
    expect(scrubPanText(`card ${VISA_TEST_CARD.pan}.`)).toBe(`card ${VISA_TEST_CARD.masked}.`)
    const notLuhn = `${VISA_TEST_CARD.pan.slice(0, -1)}2`
    expect(scrubPanText(`ref ${notLuhn}`)).toBe(`ref ${notLuhn}`) // Luhn fails
    expect(scrubPanText('AID A0000000041010')).toBe('AID A0000000041010')
    expect(scrubPanText('trace 123456')).toBe('trace 123456')
  })
})

// --- leak check for the scrubbers --------------------------------------------------------------
// Stricter than the scrubber on purpose (the idea of test/pan-scan.js, without its blind spot for
// two grouped numbers in a row): any run of digits, or any sequence of whole digit runs joined by
// single spaces or dashes, whatever the group sizes, that has 13-19 digits and passes Luhn.

function luhn(digits: string): boolean {
  let sum = 0
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48
    if (i % 2 === 1) {
      d *= 2
      if (d > 9) d -= 9
    }
    sum += d
  }
  return sum % 10 === 0
}

/** Card-number-shaped digit sequences left in `text` (masked first 6 / last 4, never the number itself). */
function leftoverPans(text: string): string[] {
  const runs = [...text.matchAll(/\d+/g)].map((m) => ({start: m.index, end: m.index + m[0].length, digits: m[0]}))
  const hits: string[] = []
  for (let i = 0; i < runs.length; i++) {
    let digits = ''
    for (let j = i; j < runs.length; j++) {
      if (j > i && !(runs[j]!.start === runs[j - 1]!.end + 1 && /[ -]/.test(text[runs[j - 1]!.end]!))) break
      digits += runs[j]!.digits
      if (digits.length > 19) break
      if (digits.length >= 13 && luhn(digits)) hits.push(`${digits.slice(0, 6)}…${digits.slice(-4)} at ${runs[i]!.start}`)
    }
  }
  return hits
}

/** The groups a card number is printed in: 4-4-4-4[-rest], or 4-6-5 / 4-6-4. */
function groupedAs(pan: string, sep: string, amexStyle = false): string {
  if (amexStyle && (pan.length === 14 || pan.length === 15)) return [pan.slice(0, 4), pan.slice(4, 10), pan.slice(10)].join(sep)
  return pan.match(/.{1,4}/g)!.join(sep)
}

function luhnComplete(prefix: string): string {
  for (let d = 0; d <= 9; d++) if (luhn(prefix + String(d))) return prefix + String(d)
  throw new Error('unreachable')
}

const PAN = VISA_TEST_CARD.pan
const G = groupedAs(PAN, ' ')

describe('scrubPanText / scrubPanBytes: card numbers one after another', () => {
  const cases: Array<[string, string]> = [
    ['two grouped card numbers in a row', `${G} ${G}`],
    ['two dash-grouped card numbers in a row', `${groupedAs(PAN, '-')}-${groupedAs(PAN, '-')}`],
    ['a grouped card number right after an ungrouped one', `${PAN} ${G}`],
    ['an ungrouped card number right after a grouped one', `${G} ${PAN}`],
    ['two ungrouped card numbers separated by a space', `${PAN} ${PAN}`],
    ['two ungrouped card numbers separated by a dash', `${PAN}-${PAN}`],
    ['a grouped card number followed by more digits (expiry)', `card ${G} 2612`],
    ['a grouped card number followed by a digit run', `${G} 000123 0042`],
    ['a digit group right before a grouped card number', `receipt 0042 ${G}`],
    ['a 4-6-5 card number right after a 4-6-4 one', `${groupedAs(luhnComplete('3056930902590'), ' ', true)} ${groupedAs(luhnComplete('37828224631000'), ' ', true)}`],
    ['three grouped card numbers in a row', `${G} ${G}-${G}`],
  ]
  it.each(cases)('%s: none is left', (_name, text) => {
    expect(leftoverPans(text).length).toBeGreaterThan(0) // the check itself sees them
    const out = scrubPanText(text)
    expect(leftoverPans(out)).toEqual([])
    expect(out.length).toBe(text.length)
    const bytes = scrubPanBytes(Buffer.from(text, 'latin1')).toString('latin1')
    expect(leftoverPans(bytes)).toEqual([])
    expect(bytes).toBe(out)
  })

  it('a window that runs into the next number (Luhn-valid by chance) does not leave the next one in clear', () => {
    // 4-6-5 + the next number's first group is itself a well-grouped, Luhn-valid 19 digits
    const a = groupedAs(luhnComplete('37828224631000'), ' ', true)
    let b = ''
    for (let i = 100; !b && i < 1000; i++) {
      const next = luhnComplete(`5${i}55555555555`)
      if (luhn(a.replace(/ /g, '') + next.slice(0, 4))) b = next
    }
    expect(b).not.toBe('')
    const text = `${a} ${groupedAs(b, ' ')}`
    expect(leftoverPans(scrubPanText(text))).toEqual([])
  })

  it('keeps the separators and first 6 / last 4 (a window across two numbers may hide a little more)', () => {
    expect(scrubPanText(`${PAN}-${PAN}`)).toBe(`${VISA_TEST_CARD.masked}-${VISA_TEST_CARD.masked}`)
    const two = scrubPanText(`${G} ${G}`)
    expect(two.replace(/[0-9*]/g, '#')).toBe('#### #### #### #### #### #### #### ####')
    expect(two.startsWith('4111 11** **** ')).toBe(true)
    expect(two.endsWith(' 11** **** 1111') || two.endsWith('** **** 1111')).toBe(true)
    expect(scrubPanText(`card ${G} 2612`)).toMatch(/^card 4111 11\*\* \*\*\*\* [0-9*]{4} [0-9*]{4}$/)
  })

  it('leaves what is not a card number alone', () => {
    for (const text of ['2024-01-02 03:04:05', 'trace 000123 receipt 0042 tid 29001006', '06 D1 00 41 42 43', 'AID A0000000041010', `x${PAN}`, `${G}X`, '12.50 EUR']) {
      expect(scrubPanText(text)).toBe(text)
    }
  })

  it('a print line with two grouped card numbers: neither shows in the hex or the summary', () => {
    const log = new WireLog({clock: new FakeClock()})
    const e = log.apdu('PT->ECR', ptMsg.printLine({attribute: 0, text: `${G} ${G}`}))
    expect(leftoverPans(e.summary)).toEqual([])
    const ascii = Buffer.from(e.hex.replace(/ /g, ''), 'hex').toString('latin1')
    expect(leftoverPans(ascii)).toEqual([])
    const text = ascii.slice(4) // after 06 D1, the length and the attribute byte
    expect(text.replace(/[0-9*]/g, '#')).toBe('#### #### #### #### #### #### #### ####')
    expect(text.startsWith('4111 11** **** ') && text.endsWith(' 1111')).toBe(true)
    expect(e.summary).toBe(`06 D1 Print Line attr=00 "${text}"`)
  })

  it('text of separators and card numbers (grouped or not) comes out with no card number left (property)', () => {
    const pan = fc
      .tuple(fc.integer({min: 13, max: 19}), fc.array(fc.integer({min: 0, max: 9}), {minLength: 18, maxLength: 18}))
      .map(([n, ds]) => luhnComplete(ds.slice(0, n - 1).join('')))
    const written = fc.tuple(pan, fc.constantFrom('', ' ', '-'), fc.boolean()).map(([p, sep, amex]) => (sep === '' ? p : groupedAs(p, sep, amex)))
    const sep = fc.string({unit: fc.constantFrom(' ', '-', '\n', ',', ':', '=', '/', '|', '.', '"', '卡'), minLength: 1, maxLength: 3})
    fc.assert(
      fc.property(sep, fc.array(fc.tuple(written, sep), {minLength: 1, maxLength: 6}), (head, parts) => {
        const text = head + parts.map(([p, s]) => p + s).join('')
        const out = scrubPanText(text)
        expect(leftoverPans(out)).toEqual([])
        expect(out.length).toBe(text.length)
        const latin1 = text.replace(/卡/g, '\xa0')
        expect(leftoverPans(scrubPanBytes(Buffer.from(latin1, 'latin1')).toString('latin1'))).toEqual([])
      }),
      {numRuns: 1000},
    )
  })
})

// --- the ECR password --------------------------------------------------------------------------

describe('WireLog: the ECR password never shows', () => {
  // not the default 000000: a masker that only hid zeros would pass with it
  const PASSWORD = '246813'
  const PASSWORD_HEX = '24 68 13'

  it('hex shows it as ** ** **, the summary says "(password hidden)", as the action journal does', () => {
    const log = new WireLog({clock: new FakeClock()})
    const reg = log.apdu('ECR->PT', ecr.registration({password: PASSWORD, configByte: 0x8e, currencyCode: 978}))
    expect(reg).toMatchObject({hex: '06 00 06 ** ** ** 8E 09 78', summary: '06 00 Registration (password hidden)'})
    const rev = log.apdu('ECR->PT', ecr.reversal({password: PASSWORD, receiptNumber: 42, amountCents: 1230}), {note: 'send 2 of 3'})
    expect(rev).toMatchObject({hex: '06 30 0D ** ** ** 87 00 42 04 00 00 00 00 12 30', summary: '06 30 Reversal amount=12.30 receipt=0042 (password hidden) (send 2 of 3)'})
    expect(log.apdu('ECR->PT', ecr.statusEnquiry({password: PASSWORD, serviceByte: 0x04})).hex).toBe('05 01 05 ** ** ** 03 04')
    // commands without a password are shown as they are
    expect(log.apdu('ECR->PT', ecr.statusEnquiry())).toMatchObject({hex: '05 01 00', summary: '05 01 Status-Enquiry'})
    expect(log.apdu('ECR->PT', ecr.authorization({amountCents: 1000})).summary).not.toContain('password')
  })

  it('also when the command does not parse, and in a BMP 3D', () => {
    // truncated Registration, non-BCD password bytes, a password as BMP 3D
    expect(maskedApduHex({cls: 0x06, ins: 0x00, data: Buffer.from('2468', 'hex')})).toBe('06 00 02 ** **')
    expect(maskedApduHex({cls: 0x06, ins: 0x20, data: Buffer.from('2a6813', 'hex')})).toBe('06 20 03 ** ** **')
    expect(maskedApduHex({cls: 0x06, ins: 0x01, data: Buffer.from('040000000010003d246813', 'hex')})).toBe('06 01 0B 04 00 00 00 00 10 00 3D ** ** **')
    expect(maskedApduHex({cls: 0x06, ins: 0x93, data: Buffer.from('246813', 'hex')})).toBe('06 93 03 ** ** **')
  })

  describe.each<Framing>(['tcp', 'serial'])('through a session with the simulator over %s', (framing) => {
    it('register, status, repeat receipt, reversal, refund: neither posdoc\'s nor the simulator\'s wire log has it', async () => {
      const clock = new FakeClock(Date.UTC(2025, 2, 14, 15, 0, 0))
      const sim = await SimTerminal.create({seed: 1, clock, password: PASSWORD, timing: {cardWaitMs: 0, hostMs: 0}})
      const simLog: SimEvent[] = []
      sim.onEvent((e) => simLog.push(e))
      const [ecrLink, ptLink] = createMemoryLinkPair(framing)
      sim.attach(ptLink, framing)
      const terminal = new ZvtTerminal(ecrLink, {framing, password: PASSWORD, clock, currencyCode: 978})
      const sale = sim.state.journal.filter((r) => r.type === 'sale' && r.state === 'booked' && r.receiptNumber !== null).at(-1)!
      try {
        await drive(
          (async () => {
            expect((await terminal.register()).ok).toBe(true)
            await terminal.status()
            await terminal.repeatReceipt({which: 'last', noPrintout: true})
            expect((await terminal.reversal({receiptNumber: sale.receiptNumber!})).ok).toBe(true)
            expect((await terminal.refund({amountCents: 500})).ok).toBe(true)
          })(),
          clock,
        )
      } finally {
        await terminal.close().catch(() => undefined)
        await sim.close()
      }
      const entries = terminal.wireLog.entries
      const sent = entries.filter((e) => e.dir === 'ECR->PT' && e.layer === 'apdu').map((e) => e.hex.slice(0, 5))
      expect(sent).toEqual(expect.arrayContaining(['06 00', '05 01', '06 20', '06 30', '06 31']))
      const everything = JSON.stringify(entries)
      expect(everything).not.toContain(PASSWORD)
      expect(everything).not.toContain(PASSWORD_HEX)
      for (const e of entries.filter((x) => x.layer === 'apdu' && /^(06 00|06 20|06 30|06 31)/.test(x.hex))) {
        expect(e.hex).toMatch(/^.. .. .. \*\* \*\* \*\* /)
        expect(e.summary).toContain('(password hidden)')
      }
      // the simulator's own wire log (rx/tx events) follows the same rule
      const rx = simLog.flatMap((e) => (e.type === 'rx' ? [e.hex] : []))
      expect(rx.some((h) => h.startsWith('06 30') && /^06 30 .. \*\* \*\* \*\* 87/.test(h))).toBe(true)
      expect(JSON.stringify(simLog)).not.toContain(PASSWORD_HEX)
    })
  })
})
