/** One test per scenario: each fault as an ECR sees it on the wire, and what the PT's journal says. */
import {readFileSync} from 'node:fs'
import {mkdtemp, rm} from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import {afterEach, describe, expect, it} from 'vitest'
import {SCENARIO_DESCRIPTIONS, SCENARIOS} from '../../src/sim/scenarios.js'
import {SimTerminal} from '../../src/sim/terminal.js'
import type {SimEvent} from '../../src/sim/types.js'
import {FakeClock} from '../../src/util/clock.js'
import {bcdNumber, bmps, bytes, dataOf, hex, waitFor} from './helpers/raw-ecr.js'
import {advance, NOW, rig} from './helpers/setup.js'

const AUTH_10_EUR = '06010704000000001000'
const STATUS = '050100'
const rc = (n: number) => n.toString().padStart(4, '0')
const reversalOf = (receipt: number) => '06300600000087' + rc(receipt)

/** the terminal status byte of a 05 01 completion (after the LLLVAR SW version) */
function terminalStatus(completion: string): number {
  const b = bytes(completion)
  return b[3 + 3 + (b[5]! & 0x0f) + 10 * (b[4]! & 0x0f)]!
}

const dirs: string[] = []
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, {recursive: true, force: true})
})
async function tempDir(): Promise<string> {
  const d = await mkdtemp(path.join(os.tmpdir(), 'posdoc-sim-'))
  dirs.push(d)
  return d
}

describe('scenarios', () => {
  it('covers every scenario name: 15, each described here and in the README scenario table', () => {
    expect(SCENARIOS).toHaveLength(15)
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8')
    for (const name of SCENARIOS) {
      expect(SCENARIO_DESCRIPTIONS[name].length).toBeGreaterThan(10)
      expect(readme).toContain(`| \`${name}\` |`)
    }
  })

  it('healthy: status 00 and a payment completes', async () => {
    const {ecr} = await rig({scenario: 'healthy'})
    expect(terminalStatus((await ecr.exchange(STATUS))[1]!)).toBe(0x00)
    expect((await ecr.exchange(AUTH_10_EUR)).at(-1)).toBe('060f00')
  })

  it('paper-out: status CC; a payment and a reversal are booked, their 04 0F sent, then 06 1E CC', async () => {
    const {ecr, terminal} = await rig({scenario: 'paper-out', journalSize: 0})
    // config 08: the PT prints every receipt itself (and sends 04 FF)
    await ecr.exchange('060006000000080978')
    expect(terminalStatus((await ecr.exchange(STATUS))[1]!)).toBe(0xcc)
    const pay = await ecr.exchange(AUTH_10_EUR)
    const info = bmps(dataOf(pay.find((m) => m.startsWith('040f'))!))
    expect(hex(info.get('27')!)).toBe('00')
    expect(pay.at(-1)).toBe('061e01cc')
    const sale = terminal.state.journal.at(-1)!
    expect(sale.state).toBe('booked')
    const rev = await ecr.exchange(reversalOf(sale.receiptNumber!))
    expect(rev.some((m) => m.startsWith('040f'))).toBe(true)
    expect(rev.at(-1)).toBe('061e01cc')
    expect(sale.state).toBe('reversed')
    expect(terminal.state.printer.printed).toHaveLength(0)
  })

  it('host-down: payment and reversal end 06 1E A3 without booking; diagnosis fails with A3', async () => {
    const {ecr, terminal} = await rig({scenario: 'host-down', journalSize: 10})
    const before = terminal.state.journal.length
    expect(await ecr.exchange(AUTH_10_EUR)).toEqual(['800000', '061e01a3'])
    const sale = terminal.state.journal.filter((r) => r.type === 'sale' && r.state === 'booked').at(-1)!
    expect(await ecr.exchange(reversalOf(sale.receiptNumber!))).toEqual(['800000', '061e01a3'])
    expect(terminal.state.journal).toHaveLength(before)
    const diag = await ecr.exchange('067000')
    expect(diag.some((m) => m.startsWith('0401'))).toBe(false)
    expect(diag.at(-1)).toBe('061e01a3')
  })

  it('garble: serial frames with a bad CRC are NAKed and repeated; over TCP nothing is corrupted, with a warning', async () => {
    const {ecr, terminal, connect} = await rig({framing: 'serial', scenario: 'garble'})
    for (let i = 0; i < 5; i++) expect((await ecr.exchange(STATUS)).at(-1)!.startsWith('060f')).toBe(true)
    const bad = ecr.frames.filter((f) => !f.crcOk)
    expect(bad.length).toBeGreaterThan(0)
    // every corrupted frame was followed by the same APDU again
    for (const f of bad) {
      const i = ecr.frames.indexOf(f)
      expect(hex(ecr.frames[i + 1]!.apdu)).toBe(hex(f.apdu))
    }
    const events: SimEvent[] = []
    terminal.onEvent((e) => events.push(e))
    const tcp = connect('tcp')
    expect(events.some((e) => e.type === 'warning' && /no effect over TCP/.test(e.detail))).toBe(true)
    expect((await tcp.exchange(STATUS)).at(-1)!.startsWith('060f')).toBe(true)
  })

  it('drop-response (after-ack): reversal booked, the ECR sees 80 00 00 then silence; Repeat Receipt bit 0 tells the truth', async () => {
    const {ecr, terminal, clock} = await rig({scenario: 'drop-response', journalSize: 10})
    const sale = terminal.state.journal.filter((r) => r.type === 'sale' && r.state === 'booked').at(-1)!
    await ecr.sendApdu(bytes(reversalOf(sale.receiptNumber!)))
    expect(hex(await ecr.next())).toBe('800000')
    await advance(clock, 10_000, 500)
    expect(ecr.pending).toBe(0)
    expect(sale.state).toBe('reversed')
    const reversal = terminal.state.journal.at(-1)!
    expect(reversal).toMatchObject({type: 'reversal', state: 'booked', originalTraceNumber: sale.traceNumber})
    // the PT is idle again: the ECR can resynchronise
    const again = await ecr.exchange('062005000000' + '0301')
    const info = bmps(dataOf(again[1]!))
    expect(bcdNumber(info.get('37'))).toBe(sale.traceNumber)
    expect(bcdNumber(info.get('87'))).toBe(reversal.receiptNumber)
  })

  it('drop-response (after-status-info): the 04 0F arrives and is acknowledged, then silence', async () => {
    const {ecr, terminal, clock} = await rig({scenario: 'drop-response', scenarioOptions: {dropAt: 'after-status-info'}, journalSize: 0})
    await ecr.sendApdu(bytes(AUTH_10_EUR))
    expect(hex(await ecr.next())).toBe('800000')
    expect(hex(await ecr.next()).slice(0, 4)).toBe('040f')
    await advance(clock, 10_000, 500)
    expect(ecr.pending).toBe(0)
    expect(terminal.state.journal.at(-1)!.state).toBe('booked')
  })

  it('slow: every PT message comes 1.5 s late', async () => {
    const {ecr, clock} = await rig({scenario: 'slow'})
    await ecr.sendApdu(bytes(STATUS))
    await advance(clock, 1400, 100)
    expect(ecr.pending).toBe(0)
    await advance(clock, 200, 100)
    expect(hex(await ecr.next())).toBe('800000')
    await advance(clock, 1500, 100)
    expect(hex(await ecr.next()).slice(0, 4)).toBe('060f')
  })

  it('busy: commands are refused with 84 A0 00, Status-Enquiry reports 9C', async () => {
    const {ecr} = await rig({scenario: 'busy'})
    await ecr.sendApdu(bytes(AUTH_10_EUR))
    expect(hex(await ecr.next())).toBe('84a000')
    expect(terminalStatus((await ecr.exchange(STATUS))[1]!)).toBe(0x9c)
  })

  it('already-reversed: the most recent sale is reversed in the seeded journal → 06 1E B4', async () => {
    const {ecr, terminal} = await rig({scenario: 'already-reversed'})
    const last = terminal.state.journal.at(-1)!
    expect(last.type).toBe('reversal')
    const sale = terminal.state.journal.find((r) => r.traceNumber === last.originalTraceNumber)!
    expect(sale).toMatchObject({type: 'sale', state: 'reversed', reversedBy: last.receiptNumber})
    expect(terminal.state.journal.filter((r) => r.type === 'sale' && r.receiptNumber !== null).at(-1)).toBe(sale)
    expect(await ecr.exchange(reversalOf(sale.receiptNumber!))).toEqual(['800000', '061e01b4'])
  })

  it('after-eod: the seeded day is in a closed batch → reversal 06 1E B5, the open batch is empty', async () => {
    const {ecr, terminal} = await rig({scenario: 'after-eod'})
    const open = terminal.state.journal.filter((r) => r.batchNumber === terminal.state.counters.batchNumber)
    expect(open).toHaveLength(0)
    expect(terminal.state.batches.length).toBeGreaterThan(0)
    const sale = terminal.state.journal.filter((r) => r.type === 'sale' && r.state === 'booked').at(-1)!
    expect(await ecr.exchange(reversalOf(sale.receiptNumber!))).toEqual(['800000', '061e01b5'])
  })

  it('power-loss-mid-reversal: committed to --state, then the PT goes dark before the 04 0F; a restart shows the truth', async () => {
    const stateDir = await tempDir()
    const {ecr, terminal} = await rig({scenario: 'power-loss-mid-reversal', stateDir})
    const sale = terminal.state.journal.filter((r) => r.type === 'sale' && r.state === 'booked').at(-1)!
    await ecr.sendApdu(bytes(reversalOf(sale.receiptNumber!)))
    expect(hex(await ecr.next())).toBe('800000')
    await waitFor(() => ecr.closed)
    expect(ecr.log).toEqual(['800000'])
    expect(terminal.poweredOn).toBe(false)
    await terminal.close()

    const restarted = await SimTerminal.create({stateDir, clock: new FakeClock(NOW + 60_000)})
    const reloaded = restarted.state.journal.find((r) => r.traceNumber === sale.traceNumber)!
    expect(reloaded.state).toBe('reversed')
    expect(restarted.state.journal.at(-1)).toMatchObject({type: 'reversal', state: 'booked', originalTraceNumber: sale.traceNumber})
  })

  it('activation-required: status E4, transactions end 06 1E E4', async () => {
    const {ecr} = await rig({scenario: 'activation-required'})
    expect(terminalStatus((await ecr.exchange(STATUS))[1]!)).toBe(0xe4)
    expect(await ecr.exchange(AUTH_10_EUR)).toEqual(['800000', '061e01e4'])
    expect(await ecr.exchange('065003000000')).toEqual(['800000', '061e01e4'])
  })

  it('open-eod-batch: status F0, transactions end 06 1E F0 until End-of-Day', async () => {
    const {ecr} = await rig({scenario: 'open-eod-batch'})
    expect(terminalStatus((await ecr.exchange(STATUS))[1]!)).toBe(0xf0)
    expect(await ecr.exchange(AUTH_10_EUR)).toEqual(['800000', '061e01f0'])
    expect((await ecr.exchange('065003000000')).at(-1)).toBe('060f00')
    expect(terminalStatus((await ecr.exchange(STATUS))[1]!)).toBe(0x00)
    expect((await ecr.exchange(AUTH_10_EUR)).at(-1)).toBe('060f00')
  })

  it('already-reversed and after-eod set at run time reshape the live journal', async () => {
    const {ecr, terminal} = await rig({journalSize: 0})
    await ecr.exchange(AUTH_10_EUR)
    const sale = terminal.state.journal.at(-1)!
    await terminal.setScenario('already-reversed')
    expect(sale.state).toBe('reversed')
    expect(await ecr.exchange(reversalOf(sale.receiptNumber!))).toEqual(['800000', '061e01b4'])
    await ecr.exchange(AUTH_10_EUR)
    const next = terminal.state.journal.at(-1)!
    await terminal.setScenario('after-eod')
    expect(await ecr.exchange(reversalOf(next.receiptNumber!))).toEqual(['800000', '061e01b5'])
  })

  it('scenarios can be switched programmatically', async () => {
    const {ecr, terminal} = await rig()
    await terminal.setScenario('busy')
    await ecr.sendApdu(bytes(AUTH_10_EUR))
    expect(hex(await ecr.next())).toBe('84a000')
    await terminal.setScenario('healthy')
    expect((await ecr.exchange(AUTH_10_EUR)).at(-1)).toBe('060f00')
  })
})
