import {existsSync} from 'node:fs'
import {mkdtemp, readdir, readFile, writeFile} from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import {fileURLToPath} from 'node:url'
import {parse} from 'csv-parse/sync'
import {afterEach, beforeAll, describe, expect, it} from 'vitest'

import {scrubPanText} from '../../src/terminal/wire-log.js'
import {runCli} from '../helpers/cli.js'
import {startSimProcess, type SimProcess} from '../helpers/sim-process.js'
import {createPtyPair, hasSocat, type PtyPair} from '../helpers/socat.js'
import {VISA_TEST_CARD} from '../fixtures/test-cards.js'

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/csv/${name}`, import.meta.url))
let env: Record<string, string>
let tmp: string

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'posdoc-logs-cli-'))
  env = {POSDOC_DATA_DIR: path.join(tmp, 'data'), POSDOC_CONFIG: path.join(tmp, 'no-config.json')}
})

let sims: SimProcess[] = []
let ptys: PtyPair[] = []
afterEach(async () => {
  for (const s of sims) await s.stop()
  for (const p of ptys) await p.close()
  sims = []
  ptys = []
})

const json = (stdout: string) => JSON.parse(stdout)

describe('posdoc logs import', () => {
  it('reads the GBK sample (exit 0) and explains what it found', async () => {
    const r = await runCli(['logs', 'import', fixture('cn-settlement-gbk.csv'), '--json'], {env})
    expect(r.code).toBe(0)
    const out = json(r.stdout)
    expect(out).toMatchObject({schema: 'posdoc.logs-import/1', file: {profile: 'cn-acquirer-settlement', encoding: 'gb18030', headerLine: 3}, stats: {usable: 8, bad: 0, summaryRows: 1}})
    expect(out.summary.bySettlementStatus).toEqual({settled: 7, held: 1})
    expect(r.stderr).toBe('')
  })

  it('the human view in zh-CN', async () => {
    const r = await runCli(['logs', 'import', fixture('posdoc-journal.csv'), '--lang', 'zh-CN'], {env})
    expect(r.code).toBe(0)
    expect(r.stdout).toContain('导入结果')
    expect(r.stdout).toContain('51 ×1  余额不足')
  })

  it('bad rows are counted and listed with their line (exit 1); nothing usable is exit 2', async () => {
    const truncated = await runCli(['logs', 'import', fixture('truncated.csv'), '--json'], {env})
    expect(truncated.code).toBe(1)
    expect(json(truncated.stdout).stats).toMatchObject({usable: 2, bad: 1, badRows: [{line: 4}]})
    for (const [file, code] of [
      ['empty.csv', 'IMPORT_EMPTY'],
      ['header-only.csv', 'IMPORT_NO_ROWS'],
      ['unknown-columns.csv', 'IMPORT_UNKNOWN_COLUMNS'],
    ]) {
      const r = await runCli(['logs', 'import', fixture(file!)], {env})
      expect(r.code, file).toBe(2)
      expect(r.stderr).toContain(`[${code}]`)
      expect(r.stderr).toMatch(/Try: /)
    }
  })

  it('a full card number in the file never reaches stdout or --out', async () => {
    const out = path.join(tmp, 'normalised.csv')
    const r = await runCli(['logs', 'import', fixture('full-pan.csv'), '--out', out, '--json'], {env})
    expect(r.code).toBe(0)
    expect(r.stdout).not.toContain(VISA_TEST_CARD.pan)
    const text = await readFile(out, 'utf8')
    expect(text).not.toContain(VISA_TEST_CARD.pan)
    expect((parse(text, {bom: true, columns: true}) as Array<Record<string, string>>)[0]).toMatchObject({pan_masked: VISA_TEST_CARD.masked, amount: '42.00', settlement_status: 'settled'})
  })

  it('a profile from the config file', async () => {
    const config = path.join(tmp, 'config.json')
    await writeFile(
      config,
      JSON.stringify({
        csvProfiles: [{name: 'my-bank', kind: 'settlement', delimiter: ';', amountUnit: 'major', decimalComma: true, dateOrder: 'MDY', columns: {dateTime: 'Datum', terminalId: 'Terminal', receiptNumber: 'Beleg', amount: 'Betrag', type: 'Art', settlementStatus: 'Status'}, statusMap: {gebucht: 'settled'}}],
      }),
    )
    const r = await runCli(['logs', 'import', fixture('custom-semicolon.csv'), '--profile', 'my-bank', '--json'], {env: {...env, POSDOC_CONFIG: config}})
    expect(r.code).toBe(0)
    expect(json(r.stdout).summary.netCents).toEqual({'': 9550})
    const unknown = await runCli(['logs', 'import', fixture('custom-semicolon.csv'), '--profile', 'nope'], {env})
    expect(unknown.code).toBe(2)
    expect(unknown.stderr).toContain('[IMPORT_UNKNOWN_PROFILE]')
  })
})

describe('posdoc recon', () => {
  it('the sample story in GBK: JSON totals, every record in --out, exit 1 for items to look at', async () => {
    const out = path.join(tmp, 'recon.csv')
    const r = await runCli(['recon', '--journal', fixture('posdoc-journal.csv'), '--settlement', fixture('cn-settlement-gbk.csv'), '--out', out, '--json'], {env})
    expect(r.code).toBe(1)
    const res = json(r.stdout)
    expect(res).toMatchObject({schema: 'posdoc.recon/1', verdict: 'exceptions', totals: {records: 12, exceptions: 7}, out: {file: out, format: 'csv', records: 12}})
    expect(res.items.map((i: {category: string; reason: string}) => `${i.category}/${i.reason}`)).toEqual([
      'reversed-but-settled/void-not-received',
      'reversed-but-settled/reversal-not-received',
      'missing/risk-hold',
      'missing/reversed-or-held',
      'amount-mismatch/amount-differs',
      'unknown-to-terminal/not-in-journal',
      'unknown-to-terminal/other-terminal',
      'in-window/after-cutoff',
    ])
    const rows = parse(await readFile(out), {bom: true, columns: true}) as Array<Record<string, string>>
    expect(rows).toHaveLength(12)
    expect(rows.find((x) => x.result_code === '51')).toMatchObject({category: 'not-expected', result_text: 'Insufficient funds'})
  })

  it('the readable table in zh-CN against the English tab-separated export', async () => {
    const r = await runCli(['recon', '--journal', fixture('posdoc-journal.csv'), '--settlement', fixture('en-settlement.tsv'), '--lang', 'zh-CN'], {env})
    expect(r.code).toBe(1)
    expect(r.stdout).toContain('对账结果')
    expect(r.stdout).toContain('仍在清算周期内')
    expect(r.stdout).toMatch(/收单机构标记为待清算，清算日期 2026-03-09/)
  })

  it('usage errors are exit 2: bad --date, two journal profiles, unreadable settlement', async () => {
    const base = ['recon', '--journal', fixture('posdoc-journal.csv'), '--settlement', fixture('en-settlement.tsv')]
    expect((await runCli([...base, '--date', '2026-13-01'], {env})).code).toBe(2)
    expect((await runCli([...base, '--profile', 'posdoc-journal', '--profile', 'posdoc-sim-journal'], {env})).code).toBe(2)
    const empty = await runCli(['recon', '--journal', fixture('posdoc-journal.csv'), '--settlement', fixture('empty.csv'), '--json'], {env})
    expect(empty.code).toBe(2)
    expect(json(empty.stdout).error.code).toBe('IMPORT_EMPTY')
  })
})

describe('posdoc logs pull', () => {
  it('--demo writes the folder (exit 0)', async () => {
    const out = path.join(tmp, 'pull-demo')
    const r = await runCli(['logs', 'pull', '--demo', '--out', out, '--json'], {env})
    expect(r.code).toBe(0)
    const res = json(r.stdout)
    expect(res).toMatchObject({schema: 'posdoc.logs-pull/1', verdict: 'complete', journal: {source: 'read-file', records: 40}})
    expect((await readdir(out)).sort()).toEqual(['journal-file-01.csv', 'last-transaction.json', 'manifest.json', 'transactions.csv', 'turnover-totals.json', 'wire-log.jsonl'])
    expect(r.stderr).toBe('')
  })

  it('without --out the pull goes to the data directory; --format json', async () => {
    const r = await runCli(['logs', 'pull', '--demo', '--format', 'json', '--json'], {env})
    expect(r.code).toBe(0)
    const res = json(r.stdout)
    expect(res.outDir.startsWith(path.join(env.POSDOC_DATA_DIR!, 'logs', 'demo-'))).toBe(true)
    const list = JSON.parse(await readFile(res.transactions.file, 'utf8'))
    expect(list.schema).toBe('posdoc.transactions/1')
    expect(list.transactions).toHaveLength(40)
  })

  it.skipIf(!hasSocat())('over a serial line (socat pty pair): the journal file through ACK/NAK framing', async () => {
    const pty = await createPtyPair()
    ptys.push(pty)
    const sim = await startSimProcess(['--serial', pty.a, '--journal-size', '300'])
    sims.push(sim)
    const out = path.join(tmp, 'pull-serial')
    const r = await runCli(['logs', 'pull', '--serial', pty.b, '--out', out, '--since', '2000-01-01', '--json'], {env, timeoutMs: 60_000})
    expect(r.code).toBe(0)
    const res = json(r.stdout)
    expect(res.target.link).toMatch(/serial/)
    expect(res.journal).toMatchObject({source: 'read-file', records: 300, written: 300})
    expect(res.since).toBe('2000-01-01')
  })

  it('bad --since is exit 2, an unreachable terminal exit 3', async () => {
    expect((await runCli(['logs', 'pull', '--demo', '--since', 'yesterday'], {env})).code).toBe(2)
    const refused = await runCli(['logs', 'pull', '--tcp', '127.0.0.1:1', '--json'], {env})
    expect(refused.code).toBe(3)
    expect(json(refused.stdout).error.code).toBe('LINK_CONNECTION_REFUSED')
  })
})

describe('the whole story against the simulator process', () => {
  it('sim --state (day closed) → logs pull over TCP → recon: held, amount difference, T+1', async () => {
    const state = path.join(tmp, 'sim-state')
    const sim = await startSimProcess(['--tcp', '0', '--state', state, '--scenario', 'after-eod', '--journal-size', '200'])
    sims.push(sim)
    const out = path.join(tmp, 'pull-sim')
    const pull = await runCli(['logs', 'pull', '--tcp', `127.0.0.1:${sim.ready.tcp!.port}`, '--out', out, '--json'], {env, timeoutMs: 30_000})
    expect(pull.code).toBe(0)
    expect(json(pull.stdout).journal.records).toBe(200)
    const settlements = (await readdir(path.join(state, 'settlement'))).map((f) => path.join(state, 'settlement', f))
    expect(settlements).toHaveLength(1)
    const r = await runCli(['recon', '--journal', path.join(out, 'transactions.csv'), '--settlement', settlements[0]!, '--json'], {env})
    expect(r.code).toBe(1)
    const res = json(r.stdout)
    expect(res.items.map((i: {category: string; reason: string}) => `${i.category}/${i.reason}`)).toEqual(['missing/risk-hold', 'amount-mismatch/amount-differs', 'in-window/after-cutoff'])
    expect(res.totals.exceptions).toBe(2)
    expect(res.totals.byCategory['out-of-range'].count).toBeGreaterThan(0)
    // PANs stay masked in every output: nothing a PAN scrubber would change
    for (const f of await readdir(out)) {
      if (f === 'manifest.json') continue
      const text = await readFile(path.join(out, f), 'utf8')
      expect(scrubPanText(text) === text, f).toBe(true)
    }
    expect(existsSync(path.join(out, 'wire-log.jsonl'))).toBe(true)
  })
})
