// The payout leg: settlement daily net totals against the bank statement (recon --payouts).
import {mkdtemp, writeFile} from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import iconv from 'iconv-lite'
import {beforeAll, describe, expect, it} from 'vitest'

import {generateForeign, type ForeignFiles} from '../../bench/recon-foreign-gen.mjs'
import {businessCalendar} from '../../src/recon/calendar.js'
import {reconcile} from '../../src/recon/engine.js'
import {PosdocError} from '../../src/output/errors.js'
import {readBankStatement, reconcilePayouts} from '../../src/recon/payouts.js'
import {BUILT_IN_PROFILES} from '../../src/recon/profiles.js'
import {civilDay, dayToIso} from '../../src/recon/values.js'

const iso = (s: string) => civilDay(Number(s.slice(0, 4)), Number(s.slice(5, 7)), Number(s.slice(8, 10)))
const CN = businessCalendar('CN')
const DE = businessCalendar('DE')
const dueCN = (d: string) => dayToIso(CN.onOrAfter(iso(d)))

describe('business-day calendars', () => {
  it('CN: National Day week, the Saturday and Sunday that are working days (调休), Spring Festival', () => {
    expect(dueCN('2026-10-01')).toBe('2026-10-08')
    expect(dueCN('2026-09-26')).toBe('2026-09-28') // Mid-Autumn Saturday → Monday
    expect(CN.isBusinessDay(iso('2026-09-20'))).toBe(true) // a Sunday worked
    expect(CN.isBusinessDay(iso('2026-10-10'))).toBe(true) // a Saturday worked
    expect(dueCN('2026-02-15')).toBe('2026-02-24')
    expect(CN.isBusinessDay(iso('2026-02-14'))).toBe(true)
    expect(dueCN('2025-01-28')).toBe('2025-02-05')
    expect(CN.businessDaysBetween(iso("2026-09-30"), iso("2026-10-09"))).toBe(2) // 10-08 and 10-09 (10-01 … 10-07 off)
  })

  it('DE: Easter, Whit Monday, German Unity Day, weekends', () => {
    expect(dayToIso(DE.onOrAfter(iso('2026-04-03')))).toBe('2026-04-07') // Good Friday → Tuesday after Easter Monday
    expect(dayToIso(DE.onOrAfter(iso('2027-05-17')))).toBe('2027-05-18')
    expect(dayToIso(DE.onOrAfter(iso('2026-10-03')))).toBe('2026-10-05') // a Saturday anyway
    expect(DE.isBusinessDay(iso('2026-09-20'))).toBe(false) // no 调休 in Germany
  })

  it("the config file's days are added (a holiday, a working weekend day)", () => {
    const c = businessCalendar('CN', {holidays: ['2027-02-09..2027-02-11'], workdays: ['2027-02-20']})
    expect(dayToIso(c.onOrAfter(iso('2027-02-05')))).toBe('2027-02-12')
    expect(c.isBusinessDay(iso('2027-02-20'))).toBe(true)
    expect(c.source).toMatch(/config/)
  })
})

describe('recon --payouts against a generated bank statement', () => {
  let g: ForeignFiles
  beforeAll(async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'posdoc-payouts-'))
    // 2026-09-15 … 10-14: settlement dates over National Day, payouts roll to 10-08
    g = await generateForeign(dir, {terminals: 6, days: 30, rows: 1800, merchants: 3, seed: 3, payoutDue: dueCN, payoutFaults: {payoutMissing: 2, payoutLate: 2, payoutShort: 1}})
  })

  it('every planted payout fault is found with its merchant ID and settlement date; holidays are not late', async () => {
    const r = await reconcile({journalFiles: [g.journalFile], settlementFiles: [g.settlementFile], profiles: BUILT_IN_PROFILES, lang: 'en', parallel: false, payouts: {file: g.bankFile!, calendar: CN}})
    const p = r.payouts!
    const keys = (status: string) => p.items.filter((i) => i.status === status).map((i) => `${i.merchantId}|${i.settlementDate}`).sort()
    expect(keys('missing')).toEqual([...g.payouts!.payoutMissing].sort())
    expect(keys('late')).toEqual([...g.payouts!.payoutLate].sort())
    expect(keys('short')).toEqual([...g.payouts!.payoutShort].sort())
    expect(p.counts.paid).toBe(g.payouts!.paid)
    expect(p.counts['not-due'] + p.counts['nothing-due']).toBe(0)
    expect(p.items).toHaveLength(g.net.size)
    // the expected amounts are the settlement file's daily net totals
    for (const i of p.items) expect(i.expectedCents).toBe(g.net.get(`${i.merchantId}|${i.settlementDate}`))
    const short = p.items.find((i) => i.status === 'short')!
    expect(short.differenceCents).toBe(-1234)
    expect(short.ask).toMatch(/deductions/)
    const late = p.items.filter((i) => i.status === 'late')
    for (const l of late) expect(l.businessDaysLate).toBe(2)
    // settled on the National Day holidays, credited on 10-08: paid on time
    const holiday = p.items.filter((i) => i.settlementDate >= '2026-10-01' && i.settlementDate <= '2026-10-07' && i.status === 'paid')
    expect(holiday.length).toBeGreaterThan(0)
    for (const h of holiday) expect(h.dueDate).toBe('2026-10-08')
    expect(r.verdict).toBe('exceptions')
    expect(p.otherCredits.every((c) => c.remark === '利息')).toBe(true)
    expect(p.encoding).toBe('gb18030')
    expect(p.columns).toMatchObject({date: '交易日期', credit: '贷方发生额', counterparty: '对方户名', remark: '摘要'})
  })

  it('a bank file with no matching merchant is a one-line error (exit 2)', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'posdoc-payouts-'))
    const f = path.join(dir, 'other.csv')
    await writeFile(f, iconv.encode('交易日期,贷方发生额,对方户名,摘要\n20260916,100.00,某公司,货款\n20260917,250.00,某公司,货款\n', 'gbk'))
    const err = await reconcile({journalFiles: [g.journalFile], settlementFiles: [g.settlementFile], profiles: BUILT_IN_PROFILES, lang: 'en', parallel: false, payouts: {file: f, calendar: CN}}).catch((e: unknown) => e as PosdocError)
    expect(err).toBeInstanceOf(PosdocError)
    expect(err).toMatchObject({code: 'PAYOUT_NO_MERCHANT', exitCode: 2})
    expect((err as PosdocError).message).toMatch(/none of its 2 credits is a payout for merchant ID 102310045110000/)
    expect((err as PosdocError).message.split('\n')).toHaveLength(1)
  })

  it('a statement without a credit column names what is missing and what it saw', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'posdoc-payouts-'))
    const f = path.join(dir, 'x.csv')
    await writeFile(f, 'Datum,Text\n2026-09-16,x\n')
    const err = await readBankStatement(f, 'en').catch((e: unknown) => e as PosdocError)
    expect(err).toMatchObject({code: 'PAYOUT_UNKNOWN_COLUMNS', exitCode: 2})
    expect((err as PosdocError).message).toMatch(/no column for credit\|amount \(headers seen: Datum \| Text\)/)
  })

  it('UTF-8 statement with a signed amount column, unreadable rows counted; without MID remarks matched by amount', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'posdoc-payouts-'))
    const f = path.join(dir, 'bank.csv')
    await writeFile(f, 'Date,Amount,Counterparty,Remark\n2026-09-16,994.00,Acquirer,payout\n2026-09-17,-50.00,Shop rent,\nnot a date,12.00,x,\n2026-09-21,1000.00,Acquirer,payout\n')
    const expected = [
      {merchantId: 'M1', settlementDay: iso('2026-09-16'), grossCents: 100_000, feeCents: 600, netCents: 99_400, rows: 3},
      {merchantId: 'M1', settlementDay: iso('2026-09-17'), grossCents: 100_000, feeCents: 0, netCents: 100_000, rows: 1},
      {merchantId: 'M1', settlementDay: iso('2026-09-18'), grossCents: 5_000, feeCents: 0, netCents: 5_000, rows: 1},
    ]
    const p = await reconcilePayouts(f, expected, CN, 'zh-CN')
    expect(p.items.map((i) => i.status)).toEqual(['paid', 'late', 'missing'])
    // 09-17 is a Thursday; Friday 18 and Sunday 20 (a 调休 working day) and Monday 21 are business days
    expect(p.items[1]).toMatchObject({creditDate: '2026-09-21', businessDaysLate: 3})
    expect(p.items[2]!.explanation).toMatch(/未到账|流水中没有这笔入账/)
    expect(p.bad).toBe(1)
    expect(p.badRows[0]!.line).toBe(4)
  })
})
