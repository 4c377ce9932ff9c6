import {mkdtemp, readdir, readFile, writeFile} from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import {parse} from 'csv-parse/sync'
import {describe, expect, it} from 'vitest'

import {reconcile, type ReconItem} from '../../src/recon/engine.js'
import {BUILT_IN_PROFILES} from '../../src/recon/profiles.js'
import {journalCsv} from '../../src/sim/journal-file.js'
import {seedState} from '../../src/sim/seed.js'
import {buildSettlement, SETTLEMENT_CSV_COLUMNS, valueDate} from '../../src/sim/settlement.js'
import {SimTerminal} from '../../src/sim/terminal.js'
import {FakeClock} from '../../src/util/clock.js'
import {NOW, rig} from '../sim/helpers/setup.js'

const tmp = () => mkdtemp(path.join(os.tmpdir(), 'posdoc-sim-settlement-'))

describe('the simulated acquirer settlement file', () => {
  it('is deterministic per seed and batch, and carries exactly the three faults', () => {
    const build = () => {
      const state = seedState({seed: 4, now: NOW, closeOpenDay: true})
      const batch = state.batches.at(-1)!
      return buildSettlement(state, batch, state.journal.filter((r) => r.batchNumber === batch.batchNumber))
    }
    const a = build()
    const b = build()
    expect(a.csv.equals(b.csv)).toBe(true)
    expect(a.faults.map((f) => f.kind)).toEqual(['t-plus-1', 'risk-hold', 'amount-difference'])
    const rows = parse(a.csv, {columns: true}) as Array<Record<string, string>>
    expect(Object.keys(rows[0]!)).toEqual([...SETTLEMENT_CSV_COLUMNS])
    expect(rows).toHaveLength(a.rows)
    const [late, held, adjusted] = a.faults
    expect(rows.some((r) => Number(r.trace_number) === late!.traceNumber)).toBe(false)
    expect(rows.find((r) => Number(r.trace_number) === held!.traceNumber)).toMatchObject({status: 'held', settlement_date: ''})
    const adj = rows.find((r) => Number(r.trace_number) === adjusted!.traceNumber)!
    expect(Number(adj.amount_cents)).toBe(adjusted!.settledCents)
    expect(adjusted!.amountCents - adjusted!.settledCents!).toBe(100)
    // masked cards only, and never a voided or declined item
    for (const r of rows) {
      expect(r.pan_masked).toMatch(/^\*+\d{4}$/)
      expect(['sale', 'refund']).toContain(r.txn_type)
    }
  })

  it('value date is T+1 in business days', () => {
    expect(valueDate(new Date(2026, 2, 5, 20).getTime())).toBe('2026-03-06')
    expect(valueDate(new Date(2026, 2, 6, 20).getTime())).toBe('2026-03-09')
  })

  it('End-of-Day over ZVT writes the file of the batch it closed; recon tells the three faults and nothing else', async () => {
    const stateDir = await tmp()
    const {ecr, terminal} = await rig({stateDir, journalSize: 30})
    expect(terminal.settlementDir).toBe(path.join(stateDir, 'settlement'))
    expect(await readdir(terminal.settlementDir!).catch(() => [])).toEqual([])
    expect((await ecr.exchange('065003000000')).at(-1)).toBe('060f00')
    const [name] = await readdir(terminal.settlementDir!)
    expect(name).toMatch(/^settlement-29001006-\d{8}-\d{4}\.csv$/)
    expect(terminal.lastSettlement?.file).toBe(path.join(terminal.settlementDir!, name!))

    const journal = path.join(stateDir, 'journal.csv')
    await writeFile(journal, journalCsv(terminal.state.journal))
    await terminal.close()
    const items: ReconItem[] = []
    const r = await reconcile({journalFiles: [journal], settlementFiles: [terminal.lastSettlement!.file], profiles: BUILT_IN_PROFILES, lang: 'en', sink: {write: (i) => items.push(i), backpressure: () => undefined}})
    const faults = terminal.lastSettlement!.faults
    const of = (kind: string) => items.find((i) => i.traceNumber === faults.find((f) => f.kind === kind)!.traceNumber && i.journal)!
    expect(`${of('risk-hold').category}/${of('risk-hold').reason}`).toBe('missing/risk-hold')
    expect(`${of('amount-difference').category}/${of('amount-difference').reason}`).toBe('amount-mismatch/amount-differs')
    expect(`${of('t-plus-1').category}/${of('t-plus-1').reason}`).toBe('in-window/after-cutoff')
    expect(r.totals.exceptions).toBe(2)
    expect(r.totals.byCategory['in-window'].count).toBe(1)
    expect(r.totals.byCategory['reversed-but-settled'].count + r.totals.byCategory['unknown-to-terminal'].count).toBe(0)
    expect(r.totals.byCategory.settled.count).toBe(terminal.lastSettlement!.rows - 2)
  })

  it('a terminal started on a state whose day is already closed (after-eod) has its settlement file at once', async () => {
    const stateDir = await tmp()
    const t = await SimTerminal.create({stateDir, scenario: 'after-eod', journalSize: 20, clock: new FakeClock(NOW)})
    expect(t.lastSettlement?.faults).toHaveLength(3)
    const first = await readFile(t.lastSettlement!.file)
    await t.close()
    // restarting does not write it again
    const again = await SimTerminal.create({stateDir, scenario: 'after-eod', clock: new FakeClock(NOW + 60_000)})
    expect(again.lastSettlement).toBeUndefined()
    await again.close()
    expect((await readFile(path.join(stateDir, 'settlement', path.basename(t.lastSettlement!.file)))).equals(first)).toBe(true)
  })

  it('no settlement files in memory, or when switched off', async () => {
    const inMemory = await SimTerminal.create({scenario: 'after-eod', clock: new FakeClock(NOW)})
    expect(inMemory.settlementDir).toBeUndefined()
    await inMemory.close()
    const stateDir = await tmp()
    const off = await SimTerminal.create({stateDir, scenario: 'after-eod', settlementDir: false, clock: new FakeClock(NOW)})
    expect(off.settlementDir).toBeUndefined()
    await off.close()
    expect(await readdir(stateDir)).toEqual(['state.json'])
  })
})
