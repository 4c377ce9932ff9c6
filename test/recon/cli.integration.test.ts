// posdoc recon / logs import as a user runs them (built CLI in dist/): foreign layouts with no
// profile, --map, --payouts, and the one-line errors with exit 2.
import {mkdtemp, readFile, writeFile} from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import {parse} from 'csv-parse/sync'
import {beforeAll, describe, expect, it} from 'vitest'

import {generateForeign, type ForeignFiles} from '../../bench/recon-foreign-gen.mjs'
import {businessCalendar} from '../../src/recon/calendar.js'
import {civilDay, dayToIso} from '../../src/recon/values.js'
import {runCli} from '../helpers/cli.js'

const CN = businessCalendar('CN')
const due = (d: string) => dayToIso(CN.onOrAfter(civilDay(Number(d.slice(0, 4)), Number(d.slice(5, 7)), Number(d.slice(8, 10)))))
let env: Record<string, string>
let tmp: string
let g: ForeignFiles

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'posdoc-recon-cli-'))
  env = {POSDOC_DATA_DIR: path.join(tmp, 'data'), POSDOC_CONFIG: path.join(tmp, 'no-config.json')}
  g = await generateForeign(tmp, {terminals: 4, days: 20, rows: 800, merchants: 2, seed: 9, payoutDue: due, faults: {missing: 2, amountMismatch: 1, voidedSettled: 2, declinedSettled: 1, unknown: 1}, payoutFaults: {payoutMissing: 1, payoutLate: 1, payoutShort: 1}})
})

describe('posdoc recon on the files merchants have', () => {
  it('--json: one JSON document on stdout with the mapping, the exact counts and the payout leg; exit 1', async () => {
    const out = path.join(tmp, 'recon.csv')
    const r = await runCli(['recon', '--journal', g.journalFile, '--settlement', g.settlementFile, '--payouts', g.bankFile!, '--out', out, '--json'], {env, timeoutMs: 60_000})
    expect(r.code).toBe(1)
    expect(r.stderr).toBe('')
    const res = JSON.parse(r.stdout)
    expect(res.journal[0]).toMatchObject({profile: 'auto', mappedBy: 'header-words', columns: {traceNumber: 'Trace No', originalTraceNumber: 'Orig Trace No', date: 'Date', time: 'Time'}})
    expect(res.settlement[0]).toMatchObject({profile: 'cn-acquirer-settlement', columns: {date: '交易日期', settlementDate: '清算日期'}})
    const counts = Object.fromEntries(Object.entries(res.totals.byCategory as Record<string, {count: number}>).map(([k, v]) => [k, v.count]))
    expect(counts).toMatchObject({missing: 2, 'amount-mismatch': 1, 'reversed-but-settled': 3, 'unknown-to-terminal': 1, 'in-window': 0, 'out-of-range': 0})
    expect(res.payouts.counts).toMatchObject({missing: 1, late: 1, short: 1, paid: g.payouts!.paid})
    // the CSV of every record: one line per record plus the header
    const rows = parse((await readFile(out, 'utf8')).replace(/^\uFEFF/, ''), {columns: true})
    expect(rows).toHaveLength(res.totals.records)
  }, 180_000)

  it('the text view names the mapping and the payouts, in zh-CN too', async () => {
    const en = await runCli(['recon', '--journal', g.journalFile, '--settlement', g.settlementFile, '--payouts', g.bankFile!], {env, timeoutMs: 60_000})
    expect(en.code).toBe(1)
    expect(en.stdout).toContain('traceNumber←Trace No')
    expect(en.stdout).toContain('amounts in major units (decimals in the data)')
    expect(en.stdout).toContain('Payouts to the bank account')
    expect(en.stdout).toMatch(/not credited .*MID 10231004511000\d/)
    const zh = await runCli(['recon', '--journal', g.journalFile, '--settlement', g.settlementFile, '--payouts', g.bankFile!, '--lang', 'zh-CN'], {env, timeoutMs: 60_000})
    expect(zh.stdout).toContain('结算款到账核对')
    expect(zh.stdout).toContain('未到账')
    expect(zh.stdout).toContain('金额单位 元')
  }, 180_000)

  it('a file that maps to nothing: one line naming the missing fields and headers, exit 2', async () => {
    const f = path.join(tmp, 'odd.csv')
    await writeFile(f, 'Datum,Kasse,Betrag\n2026-03-05,1,10.00\n')
    const r = await runCli(['recon', '--journal', f, '--settlement', g.settlementFile, '--json'], {env, timeoutMs: 60_000})
    expect(r.code).toBe(2)
    const err = JSON.parse(r.stdout)
    expect(JSON.stringify(err)).toContain('IMPORT_UNKNOWN_COLUMNS')
    expect(JSON.stringify(err)).toMatch(/no column found for terminalId, traceNumber\|receiptNumber/)
    expect(JSON.stringify(err)).toContain('Datum | Kasse | Betrag')
  }, 180_000)

  it('--map corrects one column; a bad --map is a usage error', async () => {
    const f = path.join(tmp, 'kasse.csv')
    await writeFile(f, 'Datum,Kasse,Bon,Betrag\n2026-03-05,T1,7,10.00\n')
    const ok = await runCli(['logs', 'import', f, '--map', 'terminalId=Kasse', '--map', 'traceNumber=Bon', '--json'], {env, timeoutMs: 60_000})
    expect(ok.code).toBe(0)
    expect(JSON.parse(ok.stdout).file).toMatchObject({profile: 'auto', overridden: ['terminalId', 'traceNumber']})
    const bad = await runCli(['recon', '--journal', f, '--settlement', g.settlementFile, '--map', 'nonsense=Kasse'], {env, timeoutMs: 60_000})
    expect(bad.code).toBe(2)
    expect(bad.stderr).toMatch(/--map "nonsense=Kasse": FIELD=HEADER/)
  }, 180_000)
})
