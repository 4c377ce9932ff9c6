/** Seeded journal and the persistent --state directory. */
import {mkdtemp, readFile, rm, writeFile} from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import {afterEach, describe, expect, it} from 'vitest'
import {TEST_CARDS} from '../../src/sim/cards.js'
import {seedState} from '../../src/sim/seed.js'
import {SimStateError, STATE_FILE} from '../../src/sim/store.js'
import {SimTerminal} from '../../src/sim/terminal.js'
import type {JournalRecord} from '../../src/sim/types.js'
import {FakeClock} from '../../src/util/clock.js'
import {NOW, rig} from './helpers/setup.js'

const dirs: string[] = []
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, {recursive: true, force: true})
})
async function tempDir(): Promise<string> {
  const d = await mkdtemp(path.join(os.tmpdir(), 'posdoc-sim-state-'))
  dirs.push(d)
  return d
}

/** BIN + last four at most, and at least three hidden digits. */
const MASKED = /^\d{0,6}\*{3,}\d{0,4}$/

function checkJournal(journal: JournalRecord[]): void {
  let lastTrace = 0
  for (const r of journal) {
    expect(r.traceNumber).toBeGreaterThan(lastTrace)
    lastTrace = r.traceNumber
    expect(r.panMasked).toMatch(MASKED)
    expect(Date.parse(r.time)).toBeLessThan(NOW)
    if (r.state === 'declined') expect(r.receiptNumber).toBeNull()
    else expect(r.receiptNumber).toBeGreaterThan(0)
  }
  // receipt numbers are unique within a batch (that is what a reversal looks up)
  const seen = new Set<string>()
  for (const r of journal) {
    if (r.receiptNumber === null) continue
    const key = `${r.batchNumber}/${r.receiptNumber}`
    expect(seen.has(key)).toBe(false)
    seen.add(key)
  }
}

describe('seeded journal', () => {
  it('is deterministic for a seed and different for another', () => {
    const a = seedState({seed: 7, now: NOW})
    const b = seedState({seed: 7, now: NOW})
    const c = seedState({seed: 8, now: NOW})
    expect(JSON.stringify(a)).toBe(JSON.stringify(b))
    expect(JSON.stringify(a.journal)).not.toBe(JSON.stringify(c.journal))
  })

  it('looks like a café day: ~40 records today, 3.50-250.00, a brand mix, a few declines, masked PANs only', () => {
    const s = seedState({seed: 1, now: NOW})
    expect(s.journal).toHaveLength(40)
    checkJournal(s.journal)
    expect(new Set(s.journal.map((r) => r.batchNumber)).size).toBe(1)
    expect(s.batches).toHaveLength(0)
    for (const r of s.journal) expect(NOW - Date.parse(r.time)).toBeLessThan(11 * 3_600_000)
    const sales = s.journal.filter((r) => r.type === 'sale')
    for (const r of sales) {
      expect(r.amountCents).toBeGreaterThanOrEqual(350)
      expect(r.amountCents).toBeLessThanOrEqual(25_000)
    }
    const big = seedState({seed: 1, now: NOW, journalSize: 2000})
    const names = new Set(big.journal.map((r) => r.cardName))
    for (const n of ['girocard', 'VISA', 'MasterCard', 'Maestro', 'V PAY', 'UnionPay']) expect(names).toContain(n)
    expect(big.journal.some((r) => r.state === 'declined')).toBe(true)
    expect(big.journal.some((r) => r.type === 'reversal')).toBe(true)
    expect(big.journal.some((r) => r.type === 'refund')).toBe(true)
    expect(TEST_CARDS.every((c) => MASKED.test(c.panMasked))).toBe(true)
  })

  it('scales to 20,000 records spread over closed batches plus an open day', () => {
    const s = seedState({seed: 3, now: NOW, journalSize: 20_000})
    expect(s.journal).toHaveLength(20_000)
    checkJournal(s.journal)
    expect(s.batches.length).toBeGreaterThan(100)
    const open = s.journal.filter((r) => r.batchNumber === s.counters.batchNumber)
    expect(open.length).toBeGreaterThan(0)
    expect(s.counters.traceNumber).toBeGreaterThan(s.journal.at(-1)!.traceNumber - 1)
    // every closed batch's range and count agree with its records
    const last = s.batches.at(-1)!
    const rs = s.journal.filter((r) => r.batchNumber === last.batchNumber && r.receiptNumber !== null)
    expect(last.receiptNumberStart).toBe(rs[0]!.receiptNumber)
    expect(last.receiptNumberEnd).toBe(rs.at(-1)!.receiptNumber)
  })
})

describe('seeded business days', () => {
  const localDay = (ms: number) => {
    const d = new Date(ms)
    return `${d.getFullYear()}-${d.getMonth() + 1}-${d.getDate()}`
  }

  it('whatever the hour: sales in opening hours, every batch on one local calendar day, nothing after now', () => {
    // every half hour of two days, one of them a DST change where the local zone has one
    const start = new Date(2026, 2, 28, 0, 0, 0).getTime()
    for (let now = start; now < start + 48 * 3_600_000; now += 30 * 60_000) {
      for (const closeOpenDay of [false, true]) {
        const s = seedState({seed: 5, now, journalSize: 200, closeOpenDay})
        expect(s.journal).toHaveLength(200)
        const byBatch = new Map<number, Set<string>>()
        for (const r of s.journal.filter((x) => x.type !== 'reversal')) {
          const t = Date.parse(r.time)
          expect(t).toBeLessThan(now)
          const hour = new Date(t).getHours()
          expect(hour >= 8 && hour < 22, `${r.time} (now ${new Date(now).toISOString()})`).toBe(true)
          const days = byBatch.get(r.batchNumber) ?? new Set<string>()
          days.add(localDay(t))
          byBatch.set(r.batchNumber, days)
        }
        for (const [batch, days] of byBatch) expect([...days], `batch ${batch} at ${new Date(now).toISOString()}`).toHaveLength(1)
        // the open (or just closed) batch is the business day in progress: today from 09:00, else yesterday
        const lastBatch = [...byBatch.keys()].at(-1)!
        const today = new Date(now).getHours() >= 9 ? localDay(now) : localDay(new Date(now).setDate(new Date(now).getDate() - 1))
        expect([...byBatch.get(lastBatch)!][0]).toBe(today)
      }
    }
  })
})

describe('--state directory', () => {
  it('persists every committed change atomically and reloads it', async () => {
    const stateDir = await tempDir()
    const {ecr, terminal} = await rig({stateDir, journalSize: 12})
    expect((await ecr.exchange('06010704000000004200')).at(-1)).toBe('060f00')
    await terminal.close()
    const onDisk = JSON.parse(await readFile(path.join(stateDir, STATE_FILE), 'utf8'))
    expect(onDisk.journal).toHaveLength(13)
    expect(onDisk.journal.at(-1)).toMatchObject({amountCents: 4200, state: 'booked'})

    // a different seed/size on restart does not re-seed: the stored journal wins
    const again = await SimTerminal.create({stateDir, seed: 99, journalSize: 5, clock: new FakeClock(NOW)})
    expect(again.state.journal).toEqual(terminal.state.journal)
    expect(again.state.counters).toEqual(terminal.state.counters)
    await again.close()
  })

  it('refuses a corrupt or foreign state file', async () => {
    const stateDir = await tempDir()
    await writeFile(path.join(stateDir, STATE_FILE), '{"version": 2}')
    await expect(SimTerminal.create({stateDir})).rejects.toBeInstanceOf(SimStateError)
    await writeFile(path.join(stateDir, STATE_FILE), 'not json')
    await expect(SimTerminal.create({stateDir})).rejects.toBeInstanceOf(SimStateError)
  })

  it('a state file with a full PAN is rejected', async () => {
    const stateDir = await tempDir()
    const t = await SimTerminal.create({stateDir, journalSize: 1, clock: new FakeClock(NOW)})
    await t.close()
    const file = path.join(stateDir, STATE_FILE)
    const s = JSON.parse(await readFile(file, 'utf8'))
    s.journal[0].panMasked = '4' + '1'.repeat(15)
    await writeFile(file, JSON.stringify(s))
    await expect(SimTerminal.create({stateDir})).rejects.toThrow(/masked/)
  })
})
