import {mkdir, mkdtemp, readFile, writeFile} from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import {fileURLToPath} from 'node:url'
import {parse} from 'csv-parse/sync'
import {describe, expect, it} from 'vitest'

import {reconcile, type ReconItem, type ReconOptions} from '../../src/recon/engine.js'
import {openReconSink} from '../../src/recon/output.js'
import {BUILT_IN_PROFILES} from '../../src/recon/profiles.js'
import {TRANSACTION_COLUMNS} from '../../src/recon/record.js'
import {civilDay} from '../../src/recon/values.js'
import {VISA_TEST_CARD} from '../fixtures/test-cards.js'

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/csv/${name}`, import.meta.url))
const TID = '29001006'

type J = {
  trace: number
  time?: string
  type?: string
  amount?: string
  state?: string
  code?: string
  batch?: number
  open?: string
  tid?: string
  orig?: number
  auth?: string
  pan?: string
  currency?: string
  receipt?: number
}
type S = {
  trace?: number
  receipt?: number
  time?: string
  type?: string
  cents?: number
  fee?: number
  status?: string
  tid?: string
  date?: string
  auth?: string
  pan?: string
  currency?: string
}

function journalCsv(rows: J[]): string {
  const lines = rows.map((r) => {
    const c: Record<string, string | number> = {
      time: r.time ?? '2026-03-05 10:00:00',
      type: r.type ?? 'sale',
      amount: r.amount ?? '10.00',
      currency: r.currency ?? 'EUR',
      pan_masked: r.pan ?? '************0119',
      card_type: 'VISA',
      trace_number: r.trace,
      receipt_number: r.receipt ?? r.trace,
      auth_code: r.auth ?? '111111',
      terminal_id: r.tid ?? TID,
      batch_number: r.batch ?? 12,
      batch_open: r.open ?? 'no',
      result_code: r.code ?? '00',
      result_scheme: 'iso8583',
      state: r.state ?? 'approved',
      original_trace_number: r.orig ?? '',
    }
    return TRANSACTION_COLUMNS.map((k) => c[k] ?? '').join(',')
  })
  return [TRANSACTION_COLUMNS.join(','), ...lines].join('\n') + '\n'
}

const S_HEAD = 'settlement_date,merchant_id,terminal_id,batch_number,trace_number,receipt_number,txn_time,txn_type,amount_cents,fee_cents,net_cents,currency_code,pan_masked,card_name,auth_code,rrn,response_code,status,remark'
function settlementCsv(rows: S[], opts: {noTrace?: boolean} = {}): string {
  const head = opts.noTrace ? S_HEAD.replace('trace_number', 'voucher') : S_HEAD
  const lines = rows.map((r) => {
    const cents = r.cents ?? 1000
    return [
      r.date ?? '2026-03-06',
      '100764992',
      r.tid ?? TID,
      12,
      opts.noTrace ? '' : (r.trace ?? ''),
      r.receipt ?? r.trace ?? '',
      r.time ?? '2026-03-05 10:00:00',
      r.type ?? 'sale',
      cents,
      r.fee ?? 0,
      cents - (r.fee ?? 0),
      r.currency ?? '978',
      r.pan ?? '************0119',
      'VISA',
      r.auth ?? '111111',
      '',
      '00',
      r.status ?? 'settled',
      '',
    ].join(',')
  })
  return [head, ...lines].join('\n') + '\n'
}

async function run(journal: J[] | string, settlement: S[] | string | Buffer, opts: Partial<ReconOptions> & {noTrace?: boolean} = {}) {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'posdoc-recon-'))
  const jf = path.join(dir, 'journal.csv')
  const sf = path.join(dir, 'settlement.csv')
  await writeFile(jf, typeof journal === 'string' ? journal : journalCsv(journal))
  await writeFile(sf, typeof settlement === 'string' || Buffer.isBuffer(settlement) ? settlement : settlementCsv(settlement, opts))
  const all: ReconItem[] = []
  const sink = {write: (i: ReconItem) => all.push(i), backpressure: () => undefined}
  const result = await reconcile({journalFiles: [jf], settlementFiles: [sf], profiles: BUILT_IN_PROFILES, lang: 'en', sink, parallel: false, ...opts})
  // the same files read by two worker threads must give the very same result, record for record
  const allParallel: ReconItem[] = []
  const parallel = await reconcile({journalFiles: [jf], settlementFiles: [sf], profiles: BUILT_IN_PROFILES, lang: 'en', sink: {write: (i) => allParallel.push(i), backpressure: () => undefined}, ...opts, parallel: true})
  expect(parallel).toEqual(result)
  expect(allParallel).toEqual(all)
  const byTrace = (trace: number, side: 'journal' | 'settlement' = 'journal') => all.find((i) => i.traceNumber === trace && (side === 'journal' ? i.journal : !i.journal))!
  return {result, all, byTrace, dir}
}

const verdict = (i: ReconItem) => `${i.category}/${i.reason}`

describe('every record gets one category and a reason', () => {
  it('settled: same trace, date and amount', async () => {
    const {all, result} = await run([{trace: 1}], [{trace: 1}])
    expect(all.map(verdict)).toEqual(['settled/ok'])
    expect(result.verdict).toBe('reconciled')
    expect(result.totals.records).toBe(1)
  })

  describe('approved, not settled', () => {
    it('held by risk control (the settlement says so)', async () => {
      const {byTrace} = await run([{trace: 1}, {trace: 2}], [{trace: 1, status: 'held', date: ''}, {trace: 2}])
      const i = byTrace(1)
      expect(verdict(i)).toBe('missing/risk-hold')
      expect(i.ask).toMatch(/risk team/)
      expect(i.settlementAmountCents).toBe(1000)
    })

    it('end-of-day not done: the batch was still open when the journal was read', async () => {
      const {byTrace} = await run([{trace: 1}, {trace: 2, open: 'yes', batch: 13, time: '2026-03-05 11:00:00'}], [{trace: 1, time: '2026-03-05 12:00:00'}])
      expect(verdict(byTrace(2))).toBe('missing/eod-not-done')
      expect(byTrace(2).ask).toMatch(/[Rr]un end-of-day/)
    })

    it('a whole batch the settlement does not know: batch never received', async () => {
      const {byTrace} = await run(
        [{trace: 1}, {trace: 2, batch: 13, time: '2026-03-05 09:00:00'}, {trace: 3, batch: 13, time: '2026-03-05 09:30:00'}],
        [{trace: 1, time: '2026-03-05 12:00:00'}],
      )
      expect(verdict(byTrace(2))).toBe('missing/batch-not-received')
      expect(byTrace(3).explanation).toMatch(/batch 13/)
    })

    it('the settlement has no row at all for the terminal: wrong terminal or account', async () => {
      const {byTrace} = await run([{trace: 1, time: '2026-03-05 09:00:00'}], [{trace: 7, tid: '29001099', time: '2026-03-05 12:00:00'}])
      expect(verdict(byTrace(1))).toBe('missing/wrong-terminal-or-account')
      expect(verdict(byTrace(7, 'settlement'))).toBe('unknown-to-terminal/other-terminal')
    })

    it('one item missing among settled ones: reversed by the host after a timeout, or held', async () => {
      const {byTrace} = await run([{trace: 1}, {trace: 2, time: '2026-03-05 10:30:00'}, {trace: 3, time: '2026-03-05 11:00:00'}], [{trace: 1}, {trace: 3, time: '2026-03-05 11:00:00'}])
      expect(verdict(byTrace(2))).toBe('missing/reversed-or-held')
      expect(byTrace(2).ask).toMatch(/reversed after a timeout/)
    })

    it('failed at the acquirer', async () => {
      const {byTrace} = await run([{trace: 1}], [{trace: 1, status: 'failed'}])
      expect(verdict(byTrace(1))).toBe('missing/acquirer-rejected')
    })
  })

  describe('reversed or voided, settled anyway', () => {
    it('a void the acquirer never got', async () => {
      const {byTrace, result} = await run([{trace: 1, state: 'voided'}, {trace: 2, type: 'void', orig: 1, time: '2026-03-05 10:05:00'}], [{trace: 1}])
      expect(verdict(byTrace(1))).toBe('reversed-but-settled/void-not-received')
      expect(verdict(byTrace(2))).toBe('not-expected/cancel-record')
      expect(result.verdict).toBe('exceptions')
    })

    it('a terminal reversal (timeout) that did not reach the host', async () => {
      const {byTrace} = await run([{trace: 1, state: 'reversed'}], [{trace: 1}])
      expect(verdict(byTrace(1))).toBe('reversed-but-settled/reversal-not-received')
    })

    it('a decline that was settled', async () => {
      const {byTrace} = await run([{trace: 1, state: 'declined', code: '05'}], [{trace: 1}])
      const i = byTrace(1)
      expect(verdict(i)).toBe('reversed-but-settled/declined-but-settled')
      expect(i.resultText).toMatch(/Do not honour/)
    })

    it('voided, but the settlement also lists the void (under its own trace): nets out', async () => {
      const {byTrace} = await run([{trace: 1, state: 'voided'}, {trace: 2, type: 'void', orig: 1, time: '2026-03-05 10:05:00'}], [{trace: 1}, {trace: 2, type: 'void', time: '2026-03-05 10:05:00'}])
      expect(verdict(byTrace(1))).toBe('settled/void-netted')
      expect(verdict(byTrace(2))).toBe('settled/ok')
    })

    it('a void row naming its original (原凭证号) nets the sale out, even when the journal lacks the void record', async () => {
      const head = 'time,type,amount,currency,trace_number,terminal_id,original_trace_number,settlement_status,settlement_date'
      const settlement = [head, `2026-03-05 10:00:00,sale,10.00,EUR,1,${TID},,settled,2026-03-06`, `2026-03-05 10:05:00,void,10.00,EUR,77,${TID},1,settled,2026-03-06`].join('\n') + '\n'
      const {all, result} = await run([{trace: 1, state: 'voided'}], settlement)
      expect(result.settlement[0]!.profile).toBe('posdoc-settlement')
      expect(all.map(verdict).sort()).toEqual(['settled/void-netted', 'settled/void-netted'])
    })

    it('voided, and the acquirer lists the void under the sale\'s voucher number: nets out too', async () => {
      const {all} = await run([{trace: 1, state: 'voided'}], [{trace: 1}, {trace: 1, type: 'void', time: '2026-03-05 10:05:00'}])
      expect(all.map(verdict).sort()).toEqual(['settled/void-netted', 'settled/void-netted'])
    })
  })

  describe('amount differs', () => {
    it('a different amount: partial capture or adjustment, difference given', async () => {
      const {byTrace} = await run([{trace: 1, amount: '88.00'}], [{trace: 1, cents: 8000}])
      const i = byTrace(1)
      expect(verdict(i)).toBe('amount-mismatch/amount-differs')
      expect(i.differenceCents).toBe(-800)
      expect(i.explanation).toMatch(/terminal 88.00 EUR, settlement 80.00 EUR \(difference -8.00 EUR\)/)
    })

    it('the amount column held the net amount (fee deducted)', async () => {
      const {byTrace} = await run([{trace: 1, amount: '100.00'}], [{trace: 1, cents: 9940, fee: 60}])
      expect(verdict(byTrace(1))).toBe('amount-mismatch/fee-netted')
    })

    it('different currencies', async () => {
      const {byTrace} = await run([{trace: 1, amount: '10.00', currency: 'EUR'}], [{trace: 1, cents: 1100, currency: '840'}])
      expect(verdict(byTrace(1))).toBe('amount-mismatch/currency-differs')
    })
  })

  describe('settled, unknown to the terminal', () => {
    it('a trace the journal does not have, inside its period', async () => {
      const {byTrace} = await run([{trace: 1}, {trace: 3, time: '2026-03-05 12:00:00'}], [{trace: 1}, {trace: 2, time: '2026-03-05 11:00:00'}, {trace: 3, time: '2026-03-05 12:00:00'}])
      expect(verdict(byTrace(2, 'settlement'))).toBe('unknown-to-terminal/not-in-journal')
      expect(byTrace(2, 'settlement').ask).toMatch(/authorisation details/)
    })

    it('the same transaction settled twice', async () => {
      const {all} = await run([{trace: 1}], [{trace: 1}, {trace: 1}])
      expect(all.map(verdict).sort()).toEqual(['settled/ok', 'unknown-to-terminal/settled-twice'])
    })
  })

  describe('still inside the settlement window', () => {
    it('after the cut-off of the settlement file: expected T+1', async () => {
      const {byTrace} = await run([{trace: 1}, {trace: 2, time: '2026-03-05 23:10:00'}], [{trace: 1, time: '2026-03-05 18:00:00'}])
      const i = byTrace(2)
      expect(verdict(i)).toBe('in-window/after-cutoff')
      expect(i.explanation).toMatch(/latest item: 2026-03-05 18:00:00.*around 2026-03-06/)
    })

    it('a Friday evening item is expected on Monday', async () => {
      const {byTrace} = await run([{trace: 1, time: '2026-03-06 10:00:00'}, {trace: 2, time: '2026-03-06 22:00:00'}], [{trace: 1, time: '2026-03-06 10:00:00', date: '2026-03-09'}])
      expect(byTrace(2).explanation).toMatch(/around 2026-03-09/)
    })

    it('listed as pending by the acquirer, with its date', async () => {
      const {byTrace} = await run([{trace: 1}], [{trace: 1, status: 'pending', date: '2026-03-09'}])
      expect(verdict(byTrace(1))).toBe('in-window/acquirer-pending')
      expect(byTrace(1).explanation).toMatch(/2026-03-09/)
    })
  })

  describe('no settlement expected, or not covered by the other file', () => {
    it('declined, voided and reversed items that are absent are fine', async () => {
      const {all, result} = await run([{trace: 1}, {trace: 2, state: 'declined', code: '51'}, {trace: 3, state: 'voided'}, {trace: 4, state: 'reversed'}], [{trace: 1}])
      expect(all.map(verdict)).toEqual(['settled/ok', 'not-expected/declined', 'not-expected/voided', 'not-expected/reversed'])
      expect(result.verdict).toBe('reconciled')
    })

    it('journal days before the settlement period, or well after it', async () => {
      const {byTrace} = await run([{trace: 1, time: '2026-03-01 10:00:00'}, {trace: 2}, {trace: 3, time: '2026-03-20 10:00:00'}], [{trace: 2}])
      expect(verdict(byTrace(1))).toBe('out-of-range/before-settlement-period')
      expect(verdict(byTrace(3))).toBe('out-of-range/after-settlement-period')
    })

    it('settlement rows outside the journal period of their terminal', async () => {
      const {byTrace} = await run([{trace: 5, time: '2026-03-05 10:00:00'}], [{trace: 5}, {trace: 4, time: '2026-03-01 10:00:00'}])
      expect(verdict(byTrace(4, 'settlement'))).toBe('out-of-range/outside-journal-period')
    })
  })
})

describe('matching rules', () => {
  it('dates may differ by the tolerance (cut-off / time zone), not more', async () => {
    const a = await run([{trace: 1, time: '2026-03-05 23:50:00'}], [{trace: 1, time: '2026-03-06 00:10:00'}])
    expect(a.all.map(verdict)).toEqual(['settled/ok'])
    const b = await run([{trace: 1, time: '2026-03-05 23:50:00'}], [{trace: 1, time: '2026-03-06 00:10:00'}], {toleranceDays: 0})
    // a day apart with no tolerance: each file sees the other's record outside its own period
    expect(b.all.map(verdict).sort()).toEqual(['out-of-range/before-settlement-period', 'out-of-range/outside-journal-period'])
  })

  it('without a trace column the receipt number is the key', async () => {
    const {all} = await run([{trace: 1, receipt: 41}, {trace: 2, receipt: 42, amount: '20.00'}], [{receipt: 41}, {receipt: 42, cents: 2000}], {noTrace: true})
    expect(all.map(verdict)).toEqual(['settled/ok', 'settled/ok'])
  })

  it('duplicate trace numbers on one day are flagged and told apart by amount', async () => {
    const {all, result} = await run(await readFile(fixture('duplicate-traces.csv'), 'utf8'), [{trace: 301, cents: 2500, time: '2026-03-05 15:00:00'}, {trace: 301, cents: 1000, time: '2026-03-05 09:00:00'}])
    expect(all.map(verdict)).toEqual(['settled/ok', 'settled/ok'])
    expect(all.every((i) => i.notes.includes('trace number appears twice in the journal'))).toBe(true)
    expect(result.notes[0]).toMatch(/1 duplicate trace number/)
  })

  it('auth code and card last four are checked on a match', async () => {
    const {byTrace} = await run([{trace: 1, auth: '111111'}], [{trace: 1, auth: '222222', pan: '************9999'}])
    expect(byTrace(1).notes).toEqual(['auth code differs from the settlement file', 'card last four differ from the settlement file'])
  })

  it('--date keeps one day on both sides', async () => {
    const {all, result} = await run([{trace: 1}, {trace: 2, time: '2026-03-06 10:00:00'}], [{trace: 1}, {trace: 2, time: '2026-03-06 10:00:00'}], {dateFrom: civilDay(2026, 3, 6), dateTo: civilDay(2026, 3, 6)})
    expect(all.map((i) => i.traceNumber)).toEqual([2])
    expect(result.journal[0]!.filteredOut).toBe(1)
    expect(result.settlement[0]!.filteredOut).toBe(1)
    expect(result.period.filter).toEqual({from: '2026-03-06', to: '2026-03-06'})
  })
})

describe('totals and outputs', () => {
  it('the sample story: GBK settlement against the posdoc journal, per category and per day', async () => {
    const {result, all} = await run(await readFile(fixture('posdoc-journal.csv'), 'utf8'), await readFile(fixture('cn-settlement-gbk.csv')))
    expect(result.settlement[0]!.encoding).toBe('gb18030')
    const counts = Object.fromEntries(Object.entries(result.totals.byCategory).map(([k, v]) => [k, v.count]))
    expect(counts).toEqual({
      settled: 2,
      missing: 2,
      'reversed-but-settled': 2,
      'amount-mismatch': 1,
      'unknown-to-terminal': 2,
      'in-window': 1,
      'not-expected': 2,
      'out-of-range': 0,
    })
    expect(result.totals.exceptions).toBe(7)
    expect(result.byDay).toEqual([{date: '2026-03-05', counts: expect.any(Object), journalCents: 141_650, settlementCents: 27_650, differenceCents: -114_000}])
    expect(all).toHaveLength(12)
    // every non-00 code carries its explanation
    expect(all.find((i) => i.resultCode === '51')).toMatchObject({category: 'not-expected', resultText: 'Insufficient funds'})
  })

  it('items are capped, the rest counted; the sink still gets every record', async () => {
    const journal = Array.from({length: 30}, (_, k) => ({trace: k + 1, time: `2026-03-05 10:${String(k).padStart(2, '0')}:00`}))
    const {result, all} = await run(journal, [{trace: 31, time: '2026-03-05 11:00:00'}], {maxItems: 5})
    expect(result.items).toHaveLength(5)
    expect(result.itemsTruncated).toBe(26)
    expect(all).toHaveLength(31)
  })

  it('the CSV sink writes one line per record, masked, with a BOM for spreadsheet programs', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'posdoc-recon-out-'))
    const out = path.join(dir, 'recon.csv')
    const sink = openReconSink(out, 'csv')
    await mkdir(path.join(dir, 'fixtures'))
    const jf = path.join(dir, 'fixtures', 'j.csv')
    await writeFile(jf, journalCsv([{trace: 501, amount: '42.00', pan: VISA_TEST_CARD.pan}]))
    await reconcile({journalFiles: [jf], settlementFiles: [fixture('full-pan.csv')], profiles: BUILT_IN_PROFILES, lang: 'en', sink})
    const {file, records} = await sink.close()
    const text = await readFile(file, 'utf8')
    expect(text.startsWith('\uFEFFcategory,reason,')).toBe(true)
    expect(records).toBe(1)
    expect(text).not.toContain(VISA_TEST_CARD.pan)
    const rows = parse(text, {bom: true, columns: true}) as Array<Record<string, string>>
    expect(rows[0]).toMatchObject({category: 'settled', pan_masked: VISA_TEST_CARD.masked, journal_amount: '42.00', settlement_amount: '42.00'})
  })
})
