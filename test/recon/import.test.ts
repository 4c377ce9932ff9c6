import {mkdir, mkdtemp, readFile, writeFile} from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import {fileURLToPath} from 'node:url'
import iconv from 'iconv-lite'
import {describe, expect, it} from 'vitest'

import {PosdocError} from '../../src/output/errors.js'
import {importFile, type ImportOptions} from '../../src/recon/import.js'
import {BUILT_IN_PROFILES, loadProfiles} from '../../src/recon/profiles.js'
import type {CsvRow} from '../../src/recon/csv-scan.js'
import {readCsv} from '../../src/recon/reader.js'
import type {TxRecord} from '../../src/recon/record.js'
import {civilDay} from '../../src/recon/values.js'
import {VISA_TEST_CARD} from '../fixtures/test-cards.js'

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/csv/${name}`, import.meta.url))
const mar5 = civilDay(2026, 3, 5)

async function load(file: string, opts: Partial<ImportOptions> = {}) {
  const records: TxRecord[] = []
  const r = await importFile(file, {profiles: BUILT_IN_PROFILES, lang: 'en', onRecord: (x) => records.push(x), ...opts})
  return {...r, records}
}

async function failure(p: Promise<unknown>): Promise<PosdocError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  )
  expect(e).toBeInstanceOf(PosdocError)
  return e as PosdocError
}

/** a user profile for the four-column test files */
const miniProfiles = () =>
  loadProfiles({config: () => ({file: 'test', csvProfiles: [{name: 'mini', kind: 'journal', amountUnit: 'major', columns: {terminalId: 'terminal_id', traceNumber: 'trace_number', dateTime: 'time', amount: 'amount'}}]})})

async function tmpFile(name: string, data: string | Buffer): Promise<string> {
  // test inputs may carry a full test PAN: keep them below a "fixtures" folder (the PAN leak scan skips those)
  await mkdir(path.join(os.tmpdir(), 'fixtures'), {recursive: true})
  const dir = await mkdtemp(path.join(os.tmpdir(), 'fixtures', 'posdoc-import-'))
  const file = path.join(dir, name)
  await writeFile(file, data)
  return file
}

describe('sample files: encoding, delimiter, header line and profile are detected', () => {
  it('Chinese acquirer export in GBK: title lines skipped, 中文 headers, yuan, totals line counted', async () => {
    const {layout, stats, records} = await load(fixture('cn-settlement-gbk.csv'))
    expect(layout).toMatchObject({profile: 'cn-acquirer-settlement', kind: 'settlement', encoding: 'gb18030', encodingReason: 'not-utf-8', delimiter: ',', headerLine: 3})
    expect(layout.columns).toMatchObject({terminalId: '终端编号', traceNumber: '凭证号', amount: '交易金额', settlementStatus: '清算状态'})
    expect(layout.ignoredColumns).toEqual(['商户名称', '结算金额'])
    expect(stats).toMatchObject({rows: 9, usable: 8, bad: 0, summaryRows: 1})
    const held = records.find((r) => r.traceNumber === 102)!
    expect(held).toMatchObject({line: 5, day: mar5, sec: 10 * 3600 + 41 * 60 + 7, amountCents: 123_450, currency: 'CNY', settlementStatus: 'held', settlementDay: null, feeCents: 741, panMasked: '622588******5678'})
    const refund = records.find((r) => r.traceNumber === 111)!
    expect(refund).toMatchObject({type: 'refund', amountCents: 500, settlementStatus: 'settled', settlementDay: civilDay(2026, 3, 6)})
  })

  it('the same export as UTF-8 with BOM, other header words, date/time/card styles', async () => {
    const {layout, records} = await load(fixture('cn-settlement-utf8-bom.csv'))
    expect(layout).toMatchObject({profile: 'cn-acquirer-settlement', encoding: 'utf-8', encodingReason: 'bom', headerLine: 1})
    expect(records.map((r) => [r.traceNumber, r.day, r.sec, r.amountCents, r.panMasked, r.settlementStatus])).toEqual([
      [101, mar5, 36_202, 1250, '622588******1234', 'settled'],
      [102, mar5, 38_467, 123_450, '622588******5678', 'held'],
      [103, mar5, 40_540, 8800, '625807******4321', 'settled'],
    ])
  })

  it('English TMS export: tab separated, cents, day/month/year, English statuses', async () => {
    const {layout, records} = await load(fixture('en-settlement.tsv'))
    expect(layout).toMatchObject({profile: 'en-acquirer-settlement', encoding: 'utf-8', encodingReason: 'valid-utf-8', delimiter: '\t'})
    const pending = records.find((r) => r.traceNumber === 108)!
    expect(pending).toMatchObject({day: mar5, amountCents: 1990, currency: 'CNY', settlementStatus: 'pending', settlementDay: civilDay(2026, 3, 9), panMasked: '************1357'})
    expect(records.find((r) => r.traceNumber === 111)!.type).toBe('refund')
  })

  it("posdoc's own transaction list reads back as a journal, codes and states intact", async () => {
    const {layout, records} = await load(fixture('posdoc-journal.csv'), {kind: 'journal'})
    expect(layout.profile).toBe('posdoc-journal')
    expect(records).toHaveLength(10)
    expect(records.find((r) => r.traceNumber === 106)).toMatchObject({state: 'declined', resultCode: '51', resultScheme: 'iso8583'})
    expect(records.find((r) => r.traceNumber === 105)).toMatchObject({type: 'void', originalTraceNumber: 104})
  })

  it('the simulator journal: ZVT codes become ISO codes where the host range allows (0x33 → 51)', async () => {
    const file = await tmpFile(
      'journal.csv',
      [
        'receipt_number,trace_number,turnover_number,batch_number,time,type,state,amount_cents,currency_code,pan_masked,card_type,card_name,auth_code,terminal_id,result_code,reversed_by,original_receipt_number,original_trace_number',
        '1,100,1000,7,2026-03-05T10:00:00.000Z,sale,reversed,1250,978,************0119,10,VISA,123456,29001006,00,2,,',
        '2,101,1001,7,2026-03-05T10:05:00.000Z,reversal,booked,1250,978,************0119,10,VISA,654321,29001006,00,,1,100',
        ',102,,7,2026-03-05T10:10:00.000Z,sale,declined,2051,978,************4771,6,MasterCard,,29001006,33,,,',
        ',103,,7,2026-03-05T10:11:00.000Z,sale,declined,500,978,************4771,6,MasterCard,,29001006,6C,,,',
      ].join('\n') + '\n',
    )
    const {layout, records} = await load(file)
    expect(layout.profile).toBe('posdoc-sim-journal')
    expect(records.map((r) => [r.type, r.state, r.resultCode, r.resultScheme, r.currency])).toEqual([
      ['sale', 'voided', '00', 'iso8583', 'EUR'],
      ['void', 'approved', '00', 'iso8583', 'EUR'],
      ['sale', 'declined', '51', 'iso8583', 'EUR'],
      ['sale', 'declined', '6C', 'zvt', 'EUR'],
    ])
  })
})

describe('bad input: clear messages, exit 2 only when nothing usable was read', () => {
  it('an empty file', async () => {
    const e = await failure(load(fixture('empty.csv')))
    expect(e).toMatchObject({code: 'IMPORT_EMPTY', exitCode: 2})
    expect(e.message).toMatch(/empty/)
  })

  it('a header without rows', async () => {
    const e = await failure(load(fixture('header-only.csv')))
    expect(e).toMatchObject({code: 'IMPORT_NO_ROWS', exitCode: 2})
    expect(e.remedy).toMatch(/export/)
  })

  it('columns no profile knows: the first line is shown and --profile / csvProfiles suggested', async () => {
    const e = await failure(load(fixture('unknown-columns.csv')))
    expect(e).toMatchObject({code: 'IMPORT_UNKNOWN_COLUMNS', exitCode: 2})
    expect(e.message).toMatch(/foo \| bar \| baz/)
    expect(e.remedy).toMatch(/--profile/)
    expect(e.remedy).toMatch(/csvProfiles/)
  })

  it('a forced profile that does not fit names the missing field', async () => {
    const en = BUILT_IN_PROFILES.find((p) => p.name === 'en-acquirer-settlement')!
    const e = await failure(load(fixture('cn-settlement-utf8-bom.csv'), {profile: en}))
    expect(e.code).toBe('IMPORT_PROFILE_MISMATCH')
    expect(e.message).toMatch(/terminalId/)
  })

  it('wrong encoding: a GBK file read as UTF-8 is called out as garbled', async () => {
    const e = await failure(load(fixture('cn-settlement-gbk.csv'), {encoding: 'utf-8'}))
    expect(e.code).toBe('IMPORT_UNKNOWN_COLUMNS')
    expect(e.message).toMatch(/does not decode cleanly as utf-8/)
    expect(e.message).toMatch(/--encoding gb18030/)
  })

  it('a truncated last line is one bad row with its line number; the rest is read', async () => {
    const {stats, records} = await load(fixture('truncated.csv'))
    expect(records.map((r) => r.traceNumber)).toEqual([201, 202])
    expect(stats.bad).toBe(1)
    expect(stats.badRows[0]).toEqual({line: 4, reason: 'only 7 of 19 columns (truncated line?)'})
  })

  it('a quote never closed at the end of the file is reported, not swallowed', async () => {
    const {stats, records} = await load(fixture('unclosed-quote.csv'))
    expect(records).toHaveLength(2)
    expect(stats.bad).toBe(1)
    expect(stats.badRows[0]!.line).toBe(4)
    expect(stats.badRows[0]!.reason).toMatch(/quote not closed/)
  })

  it('dates in several formats are all read; an impossible one is a bad row with the reason', async () => {
    const {stats, records} = await load(fixture('mixed-dates.csv'))
    expect(records.map((r) => [r.traceNumber, r.day, r.sec])).toEqual([
      [401, mar5, 36_000],
      [402, mar5, 36_060],
      [403, mar5, 36_120],
      [404, mar5, 36_180],
      [405, mar5, 36_240],
    ])
    expect(stats.badRows).toEqual([{line: 7, reason: 'date "2026-02-30 10:05:00": not a valid date'}])
  })

  it('only bad rows: exit 2 with the first problem', async () => {
    const file = await tmpFile('bad.csv', 'terminal_id,trace_number,time,amount\n29001006,x1,2026-03-05 10:00:00,1.00\n29001006,x2,2026-03-05 10:00:00,1.00\n')
    const e = await failure(load(file, {profiles: miniProfiles()}))
    expect(e).toMatchObject({code: 'IMPORT_NOTHING_USABLE', exitCode: 2})
    expect(e.message).toMatch(/line 2: trace number "x1" is not a number/)
  })

  it('a missing file', async () => {
    const e = await failure(load('/nonexistent/settlement.csv'))
    expect(e).toMatchObject({code: 'IMPORT_NOT_FOUND', exitCode: 2})
  })

  it('a full card number in a file is masked at the door, also in free text and bad-row reasons', async () => {
    const {records} = await load(fixture('full-pan.csv'))
    expect(records[0]!.panMasked).toBe(VISA_TEST_CARD.masked)
    expect(JSON.stringify(records)).not.toContain(VISA_TEST_CARD.pan)
    // the PAN keyed into the amount column: the bad-row reason quotes the cell, masked
    const text = await readFile(fixture('full-pan.csv'), 'utf8')
    const second = text.trimEnd().split('\n')[1]!.replace('4200,25', `${VISA_TEST_CARD.pan},25`)
    const {stats} = await load(await tmpFile('pan.csv', `${text}${second}\n`))
    expect(stats.bad).toBe(1)
    expect(stats.badRows[0]!.reason).toContain(VISA_TEST_CARD.masked)
    expect(JSON.stringify(stats)).not.toContain(VISA_TEST_CARD.pan)
  })
})

describe('user profiles from the config file', () => {
  const custom = {
    name: 'my-bank',
    kind: 'settlement',
    delimiter: ';',
    amountUnit: 'major',
    decimalComma: true,
    dateOrder: 'MDY',
    defaultCurrency: 'EUR',
    columns: {dateTime: 'Datum', terminalId: 'Terminal', receiptNumber: 'Beleg', amount: 'Betrag', type: 'Art', settlementStatus: 'Status'},
    statusMap: {gebucht: 'settled'},
  }

  it('a valid profile reads its shape (semicolons, decimal comma, month/day/year)', async () => {
    const profiles = loadProfiles({config: () => ({file: 'config.json', csvProfiles: [custom]})})
    const {layout, records} = await load(fixture('custom-semicolon.csv'), {profiles})
    expect(layout).toMatchObject({profile: 'my-bank', delimiter: ';'})
    expect(records.map((r) => [r.receiptNumber, r.day, r.amountCents, r.type, r.settlementStatus, r.currency])).toEqual([
      [101, mar5, 1250, 'sale', 'settled', 'EUR'],
      [103, mar5, 8800, 'sale', 'settled', 'EUR'],
      [111, mar5, 500, 'refund', 'settled', 'EUR'],
    ])
  })

  it('an invalid profile stops with the entry and the problem (exit 2)', () => {
    const broken = {...custom, columns: {terminalId: 'Terminal', receiptNumber: 'Beleg', dateTime: 'Datum'}}
    let error: unknown
    try {
      loadProfiles({config: () => ({file: 'config.json', csvProfiles: [broken]})})
    } catch (e) {
      error = e
    }
    expect(error).toMatchObject({code: 'CONFIG_INVALID', exitCode: 2})
    expect((error as Error).message).toMatch(/csvProfiles\[0\] \("my-bank"\)\.columns\.amount: an amount column is required/)
  })

  it('a user profile with a built-in name replaces it', () => {
    const profiles = loadProfiles({config: () => ({file: 'c', csvProfiles: [{...custom, name: 'cn-acquirer-settlement'}]})})
    expect(profiles.filter((p) => p.name === 'cn-acquirer-settlement')).toHaveLength(1)
    expect(profiles.find((p) => p.name === 'cn-acquirer-settlement')!.builtIn).toBeUndefined()
  })
})

const cellsOf = (row: CsvRow) => Array.from({length: row.count}, (_, i) => row.text(i))

describe('streaming', () => {
  it('GBK split at every few bytes (characters cut in half) gives the same rows as one chunk', async () => {
    const file = fixture('cn-settlement-gbk.csv')
    const read = async (highWaterMark: number) => {
      const rows: Array<[number, string[]]> = []
      await readCsv(file, {encoding: 'gb18030', delimiter: ',', highWaterMark, onRow: (row) => rows.push([row.line, cellsOf(row)]), onBadRecord: () => undefined})
      return rows
    }
    const whole = await read(1 << 20)
    expect(whole[2]![1][1]).toBe('商户名称')
    for (const size of [3, 5, 7]) expect(await read(size)).toEqual(whole)
  })

  // the 2 GB streaming test runs in the long suite: import-2gb.long.test.ts

  it('line numbers are physical lines, also after a multi-line quoted field', async () => {
    const text = 'terminal_id,trace_number,time,amount,note\n29001006,1,2026-03-05 10:00:00,1.00,"two\nlines"\n29001006,2,2026-03-05 10:01:00,2.00,x\n'
    const file = await tmpFile('ml.csv', iconv.encode(text, 'utf8'))
    const lines: number[] = []
    await readCsv(file, {encoding: 'utf-8', delimiter: ',', onRow: (row) => lines.push(row.line), onBadRecord: () => undefined})
    expect(lines).toEqual([1, 3, 4])
  })
})

describe('help text', () => {
  it('`logs import --help` names every built-in profile', async () => {
    const {default: LogsImport} = await import('../../commands/logs/import.js')
    for (const p of BUILT_IN_PROFILES) expect(LogsImport.description).toContain(p.name)
  })
})
