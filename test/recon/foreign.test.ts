// Reconciliation of the files merchants really have (issue 14): an English terminal export and a
// GBK Chinese settlement file without a status column, generated with planted faults.
import {mkdir, mkdtemp, writeFile} from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import iconv from 'iconv-lite'
import {beforeAll, describe, expect, it} from 'vitest'

import {generateForeign, type ForeignFiles} from '../../bench/recon-foreign-gen.mjs'
import {reconcile, type ReconItem, type ReconOptions, type ReconResult} from '../../src/recon/engine.js'
import {detectLayout, importFile} from '../../src/recon/import.js'
import {PosdocError} from '../../src/output/errors.js'
import {BUILT_IN_PROFILES} from '../../src/recon/profiles.js'
import type {TxRecord} from '../../src/recon/record.js'
import {VISA_TEST_CARD} from '../fixtures/test-cards.js'

const key = (i: ReconItem) => `${i.terminalId}|${i.date}|${i.traceNumber}`
const keysOf = (items: ReconItem[], category: string, reason?: string) =>
  items
    .filter((i) => i.category === category && (!reason || i.reason === reason))
    .map(key)
    .sort()

async function recon(g: ForeignFiles, opts: Partial<ReconOptions> = {}): Promise<{result: ReconResult; all: ReconItem[]}> {
  const all: ReconItem[] = []
  const base = {journalFiles: [g.journalFile], settlementFiles: [g.settlementFile], profiles: BUILT_IN_PROFILES, lang: 'en' as const, maxItems: 10_000, ...opts}
  const result = await reconcile({...base, parallel: false, sink: {write: (i) => all.push(i), backpressure: () => undefined}})
  // read in two worker threads: the very same answer
  const allParallel: ReconItem[] = []
  const parallel = await reconcile({...base, parallel: true, sink: {write: (i) => allParallel.push(i), backpressure: () => undefined}})
  expect(parallel).toEqual(result)
  expect(allParallel).toEqual(all)
  return {result, all}
}

const tmp = () => mkdtemp(path.join(os.tmpdir(), 'posdoc-foreign-'))

function expectExact(g: ForeignFiles, result: ReconResult, all: ReconItem[]): void {
  const c = result.totals.byCategory
  const e = g.expected
  expect(c.missing.count).toBe(e.missing.length)
  expect(c['amount-mismatch'].count).toBe(e.amountMismatch.length)
  expect(c['reversed-but-settled'].count).toBe(e.voidedSettled.length + e.declinedSettled.length)
  expect(c['unknown-to-terminal'].count).toBe(e.unknown.length)
  expect(c['in-window'].count).toBe(0)
  expect(c['out-of-range'].count).toBe(0)
  // benign noise: declined sales, voided-and-not-settled sales and every unsettled void row
  expect(c['not-expected'].count).toBe(g.counts.declined + g.counts.voidedNotSettled + (g.counts.voidRows - g.counts.voidNetted))
  expect(c.settled.count).toBe(g.counts.settled + 2 * g.counts.voidNetted)
  expect(result.totals.records).toBe(g.counts.journalRows + e.unknown.length)
  // and the very records, not just how many
  expect(keysOf(all, 'missing')).toEqual([...e.missing].sort())
  expect(keysOf(all, 'amount-mismatch')).toEqual([...e.amountMismatch].sort())
  expect(keysOf(all, 'reversed-but-settled', 'void-not-received')).toEqual([...e.voidedSettled].sort())
  expect(keysOf(all, 'reversed-but-settled', 'declined-but-settled')).toEqual([...e.declinedSettled].sort())
  expect(keysOf(all, 'unknown-to-terminal', 'not-in-journal')).toEqual([...e.unknown].sort())
}

describe('foreign layouts, no profile written by hand', () => {
  let g: ForeignFiles
  beforeAll(async () => {
    g = await generateForeign(await tmp(), {terminals: 7, days: 9, rows: 2500, seed: 11, faults: {missing: 4, amountMismatch: 3, voidedSettled: 5, declinedSettled: 2, unknown: 4}})
  })

  it('every planted fault is found, exactly, with its key; the noise is not flagged', async () => {
    const {result, all} = await recon(g)
    expect(g.counts.voidedNotSettled).toBeGreaterThan(0)
    expect(g.counts.voidNetted).toBeGreaterThan(0)
    expectExact(g, result, all)
    // a voided sale whose void settled too nets out
    expect(all.filter((i) => i.reason === 'void-netted')).toHaveLength(g.counts.voidNetted)
    expect(result.journal[0]!.bad + result.settlement[0]!.bad).toBe(0)
    // the 合计 line is counted, not read
    expect(result.settlement[0]!.summaryRows).toBe(1)
  })

  it('the mapping is reported: which header became which field, how amounts and dates were read', async () => {
    const {result} = await recon(g)
    const j = result.journal[0]!
    expect(j).toMatchObject({profile: 'auto', mappedBy: 'header-words', kind: 'journal', encoding: 'utf-8'})
    expect(j.columns).toEqual({
      date: 'Date',
      time: 'Time',
      terminalId: 'TID',
      batchNumber: 'Batch No',
      traceNumber: 'Trace No',
      receiptNumber: 'Receipt No',
      type: 'Type',
      amount: 'Amount',
      panMasked: 'Card No',
      authCode: 'Auth Code',
      rrn: 'RRN',
      resultCode: 'Response',
      originalTraceNumber: 'Orig Trace No',
    })
    expect(j.decisions).toMatchObject({amountUnit: 'major', amountUnitReason: 'decimals in the data', dateOrder: 'DMY'})
    const s = result.settlement[0]!
    // the built-in Chinese profile fits now that a missing status column is allowed
    expect(s).toMatchObject({profile: 'cn-acquirer-settlement', mappedBy: 'profile', encoding: 'gb18030', headerLine: 3})
    // the transaction date, never the settlement date (T+1)
    expect(s.columns.date).toBe('交易日期')
    expect(s.columns.settlementDate).toBe('清算日期')
    expect(s.columns.amount).toBe('交易金额')
    expect(s.netColumn).toBe('清算金额')
  })

  it('the settlement file mapped by header words alone gives the same answer', async () => {
    const profiles = BUILT_IN_PROFILES.filter((p) => p.name !== 'cn-acquirer-settlement')
    const {result, all} = await recon(g, {profiles})
    expect(result.settlement[0]).toMatchObject({profile: 'auto', mappedBy: 'header-words', kind: 'settlement'})
    expect(result.settlement[0]!.decisions).toMatchObject({amountUnit: 'major', noStatusColumn: true, defaultCurrency: 'CNY', dateOrder: 'YMD'})
    expectExact(g, result, all)
  })

  it('voids linked by RRN when the export has no original-trace column', async () => {
    const r = await generateForeign(await tmp(), {terminals: 5, days: 8, rows: 1500, seed: 5, voidLink: 'rrn', faults: {missing: 2, amountMismatch: 1, voidedSettled: 3, declinedSettled: 1, unknown: 2}})
    const {result, all} = await recon(r)
    expect(result.journal[0]!.columns.originalTraceNumber).toBeUndefined()
    expectExact(r, result, all)
  })

  it('with tolerance days a restarted trace of the next day is never taken for this one', async () => {
    const {result, all} = await recon(g, {toleranceDays: 3})
    expectExact(g, result, all)
  })
})

describe('column mapping without a profile: the hard cases', () => {
  const header = 'Date,Time,TID,Trace No,Type,Amount,Response'
  // under a folder named fixtures: one input carries a full test PAN on purpose (the PAN scan skips them)
  async function file(text: string | Buffer, name = 'j.csv'): Promise<string> {
    const dir = path.join(await tmp(), 'fixtures')
    await mkdir(dir)
    const f = path.join(dir, name)
    await writeFile(f, text)
    return f
  }
  const load = async (f: string, opts: {map?: Record<string, string>; kind?: 'journal' | 'settlement'} = {}) => {
    const records: TxRecord[] = []
    const r = await importFile(f, {profiles: BUILT_IN_PROFILES, lang: 'en', ...opts, onRecord: (x) => records.push({...x})} as Parameters<typeof importFile>[1])
    return {...r, records}
  }
  const failure = async (p: Promise<unknown>) => {
    try {
      await p
    } catch (e) {
      return e as PosdocError
    }
    throw new Error('expected a failure')
  }

  it('whole-number amounts that are not all multiples of 100 are cents; month first when the data says so', async () => {
    const f = await file(`${header}\n03/25/2026,10:00:00,T1,1,SALE,1250,00\n03/26/2026,11:00:00,T1,2,SALE,399,00\n`)
    const {layout, records} = await load(f)
    expect(layout.decisions).toMatchObject({amountUnit: 'cents', dateOrder: 'MDY', dateOrderReason: 'a second number above 12'})
    expect(records.map((r) => [r.amountCents, r.day])).toEqual([
      [1250, Date.UTC(2026, 2, 25) / 86_400_000],
      [399, Date.UTC(2026, 2, 26) / 86_400_000],
    ])
  })

  it('whole yuan (all multiples of 100) stay yuan; a unit in the header decides', async () => {
    const whole = await load(await file(`${header}\n2026-03-05,10:00:00,T1,1,SALE,100,00\n2026-03-05,10:01:00,T1,2,SALE,2500,00\n`))
    expect(whole.records.map((r) => r.amountCents)).toEqual([10_000, 250_000])
    const cents = await load(await file(`Date,Time,TID,Trace No,Type,Amount (cents),Response\n2026-03-05,10:00:00,T1,1,SALE,100,00\n`))
    expect(cents.records[0]!.amountCents).toBe(100)
    expect(cents.layout.decisions!.amountUnitReason).toBe('header says cents')
  })

  it('a file that maps to nothing names the missing fields and the headers it saw (exit 2)', async () => {
    const e = await failure(load(await file('Datum,Kasse,Betrag\n2026-03-05,1,10.00\n')))
    expect(e).toMatchObject({code: 'IMPORT_UNKNOWN_COLUMNS', exitCode: 2})
    expect(e.message).toMatch(/no column found for terminalId, traceNumber\|receiptNumber/)
    expect(e.message).toMatch(/headers seen: Datum \| Kasse \| Betrag/)
    expect(e.message.split('\n')).toHaveLength(1)
    expect(e.remedy).toMatch(/--map FIELD=HEADER/)
  })

  it('--map names the column the header words cannot', async () => {
    const f = await file('Datum,Kasse,Bon,Betrag\n2026-03-05,T1,7,10.00\n')
    const e = await failure(load(f))
    expect(e.message).toMatch(/terminalId, traceNumber\|receiptNumber/)
    const {layout, records} = await load(f, {map: {terminalId: 'Kasse', traceNumber: 'Bon'}})
    expect(layout.overridden).toEqual(['terminalId', 'traceNumber'])
    expect(records[0]).toMatchObject({terminalId: 'T1', traceNumber: 7, amountCents: 1000})
  })

  it('--map overrides a profile too: the amount from another column', async () => {
    const f = await file(`${header},Gross\n2026-03-05,10:00:00,T1,1,SALE,9.00,00,10.00\n`)
    const {layout, records} = await load(f, {map: {amount: 'Gross'}})
    expect(layout.columns.amount).toBe('Gross')
    expect(records[0]!.amountCents).toBe(1000)
  })

  it('a column of card numbers where the amounts should be: every row a bad row, none dropped silently', async () => {
    const f = await file(`${header}\n2026-03-05,10:00:00,T1,1,SALE,${VISA_TEST_CARD.pan},00\n2026-03-05,10:01:00,T1,2,SALE,12.50,00\n`)
    const {stats, records} = await load(f)
    expect(records).toHaveLength(1)
    expect(stats.bad).toBe(1)
    expect(stats.badRows[0]!.line).toBe(2)
    // the card number is not repeated in the reason
    expect(stats.badRows[0]!.reason).not.toContain(VISA_TEST_CARD.pan)
    expect(stats.badRows[0]!.reason).toMatch(/amount/)
  })

  it('mixed encodings: GBK rows inside a UTF-8 file are counted as bad rows (wrong encoding?)', async () => {
    // the first 64 KB decode as UTF-8 (so the file is read as UTF-8); a GBK row comes later
    const rows = Array.from({length: 2000}, (_, k) => `2026-03-05,终端一,${k + 1},消费,10.00`)
    const utf8 = Buffer.from(`日期,终端号,凭证号,交易类型,交易金额\n${rows.join('\n')}\n`)
    const gbk = iconv.encode('2026-03-05,终端一,9999,消费,11.00\n', 'gbk')
    const f = await file(Buffer.concat([utf8, gbk, Buffer.from('2026-03-05,终端一,10000,消费,12.00\n')]))
    const {layout, stats, records} = await load(f, {kind: 'journal'})
    expect(layout.encoding).toBe('utf-8')
    expect(records).toHaveLength(2001)
    expect(records.at(-1)!.traceNumber).toBe(10_000)
    expect(stats.bad).toBe(1)
    expect(stats.badRows[0]!.line).toBe(2002)
    expect(stats.badRows[0]!.reason).toMatch(/encoding/)
  })

  it('a "Status" column is the settlement status in a settlement file and the state in a journal', async () => {
    const text = `${header},Status\n2026-03-05,10:00:00,T1,1,SALE,10.00,00,held\n`
    const s = await detectLayout(await file(text), {profiles: [], kind: 'settlement'})
    expect(s.layout.columns.settlementStatus).toBe('Status')
    const j = await detectLayout(await file(text.replace('held', 'approved')), {profiles: [], kind: 'journal'})
    expect(j.layout.columns.state).toBe('Status')
  })
})
