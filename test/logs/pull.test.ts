import {createHash} from 'node:crypto'
import {mkdtemp, readFile} from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import {parse} from 'csv-parse/sync'
import {afterEach, describe, expect, it} from 'vitest'

import {setLang} from '../../src/i18n/index.js'
import {parseJournalPrintout} from '../../src/logs/printout.js'
import {pullLogs, recordFromStatusInfo, type PullContext} from '../../src/logs/pull.js'
import {BUILT_IN_PROFILES} from '../../src/recon/profiles.js'
import {civilDay, dayToIso} from '../../src/recon/values.js'
import {journalPrintout} from '../../src/sim/receipts.js'
import {SimTerminal} from '../../src/sim/terminal.js'
import type {CommandOutcome, Terminal} from '../../src/terminal/terminal.js'
import {WireLog} from '../../src/terminal/wire-log.js'
import {ZvtTerminal} from '../../src/terminal/zvt/zvt-terminal.js'
import {LinkError} from '../../src/transport/errors.js'
import {createMemoryLinkPair} from '../../src/transport/memory.js'
import {FakeClock} from '../../src/util/clock.js'
import {VISA_TEST_CARD} from '../fixtures/test-cards.js'
import {NOW} from '../sim/helpers/setup.js'

type Rows = Array<Record<string, string>>

let cleanups: Array<() => Promise<void>> = []
afterEach(async () => {
  for (const c of cleanups) await c()
  cleanups = []
})

/** A seeded simulator behind an in-memory TCP link and the real ZVT terminal client, on one fake clock. */
async function connect(opts: {journalSize?: number; scenario?: 'healthy' | 'after-eod'} = {}) {
  const clock = new FakeClock(NOW)
  const sim = await SimTerminal.create({seed: 3, clock, journalSize: opts.journalSize ?? 40, scenario: opts.scenario ?? 'healthy', timing: {cardWaitMs: 0, hostMs: 0}})
  const [ecrLink, ptLink] = createMemoryLinkPair('tcp')
  sim.attach(ptLink, 'tcp')
  const wireLog = new WireLog({clock})
  const terminal = new ZvtTerminal(ecrLink, {framing: 'tcp', clock, wireLog})
  cleanups.push(async () => {
    await terminal.close().catch(() => undefined)
    await sim.close()
  })
  return {clock, sim, terminal, wireLog}
}

async function context(wireLog: WireLog, clock: FakeClock, extra: Partial<PullContext> = {}): Promise<PullContext> {
  const outDir = await mkdtemp(path.join(os.tmpdir(), 'posdoc-pull-'))
  return {clock, target: {kind: 'demo', label: 'test', link: 'memory'}, outDir, format: 'csv', profiles: BUILT_IN_PROFILES, wireLog, lang: 'en', ...extra}
}

const rowsOf = async (file: string): Promise<Rows> => parse(await readFile(file), {bom: true, columns: true}) as Rows

/** The same terminal with one method replaced (a terminal without Read File, one that leaks a PAN, ...). */
function withOverride(t: Terminal, patch: Partial<Terminal>): Terminal {
  return new Proxy(t, {get: (target, prop, recv) => (prop in patch ? patch[prop as keyof Terminal] : Reflect.get(target, prop, recv))})
}

const refused = (code: number): CommandOutcome & {data: Buffer} => ({
  ok: false,
  resultCode: code,
  resultText: '',
  rejected: true,
  statusInfos: [],
  completion: undefined,
  receipts: [],
  intermediate: [],
  durationMs: 0,
  data: Buffer.alloc(0),
})

describe('logs pull against the simulator (Read File 01)', () => {
  it('writes the normalised list, the evidence and a manifest whose sums match', async () => {
    const {clock, sim, terminal, wireLog} = await connect()
    const ctx = await context(wireLog, clock)
    const r = await pullLogs(terminal, ctx)
    expect(r.verdict).toBe('complete')
    expect(r.steps.map((s) => [s.id, s.status])).toEqual([
      ['logs.registration', 'pass'],
      ['logs.identity', 'pass'],
      ['logs.last-transaction', 'pass'],
      ['logs.totals', 'pass'],
      ['logs.journal', 'pass'],
      ['logs.wire-log', 'pass'],
    ])
    expect(r.terminal.terminalId).toBe('29001006')
    expect(r.journal).toMatchObject({source: 'read-file', profile: 'posdoc-sim-journal', records: 40, written: 40, badRows: 0})

    const rows = await rowsOf(r.transactions.file)
    expect(rows).toHaveLength(sim.state.journal.length)
    const journal = sim.state.journal
    rows.forEach((row, k) => {
      const j = journal[k]!
      expect(row.trace_number).toBe(String(j.traceNumber))
      expect(row.amount).toBe((j.amountCents / 100).toFixed(2))
      expect(row.currency).toBe('EUR')
      expect(row.pan_masked).toBe(j.panMasked)
      expect(row.type).toBe(j.type === 'reversal' ? 'void' : j.type)
      expect(row.state).toBe({booked: 'approved', declined: 'declined', reversed: 'voided', 'auto-reversed': 'reversed'}[j.state])
      // the whole seeded day is the open batch (turnover totals say which)
      expect(row.batch_open).toBe('yes')
      if (j.resultCode !== 0) expect(row.result_text).toMatch(/./)
    })
    expect(r.turnover).toMatchObject({openBatchNumber: journal[0]!.batchNumber})

    // every file in the manifest exists with the stated digest
    const manifest = JSON.parse(await readFile(path.join(ctx.outDir, 'manifest.json'), 'utf8'))
    expect(manifest.files.map((f: {kind: string}) => f.kind).sort()).toEqual(['journal-file', 'last-transaction', 'transactions', 'turnover-totals', 'wire-log'])
    for (const f of manifest.files) {
      const data = await readFile(path.join(ctx.outDir, f.name))
      expect(createHash('sha256').update(data).digest('hex'), f.name).toBe(f.sha256)
    }
    // the raw journal file is kept as the terminal sent it
    expect(await readFile(path.join(ctx.outDir, 'journal-file-01.csv'), 'utf8')).toBe((await import('../../src/sim/journal-file.js')).journalCsv(journal).toString('utf8'))
  })

  it('the last transaction comes from the resent 04 0F without a printout', async () => {
    const {clock, sim, terminal, wireLog} = await connect()
    const printedBefore = sim.state.printer.printed.length
    const ctx = await context(wireLog, clock)
    const r = await pullLogs(terminal, ctx)
    const last = sim.state.journal.at(-1)!
    expect(r.lastTransaction).toMatchObject({traceNumber: last.traceNumber, receiptNumber: last.receiptNumber, amountCents: last.amountCents, panMasked: last.panMasked, source: 'status-info'})
    const saved = JSON.parse(await readFile(path.join(ctx.outDir, 'last-transaction.json'), 'utf8'))
    expect(saved.transaction.traceNumber).toBe(last.traceNumber)
    // nothing went to the terminal's own printer
    expect(sim.state.printer.printed.length).toBe(printedBefore)
    // the wire log shows the status read: Repeat Receipt with service byte 03
    expect(wireLog.entries.some((e) => e.dir === 'ECR->PT' && e.hex.startsWith('06 20') && / 03( |$)/.test(e.hex))).toBe(true)
  })

  it('--since keeps later records only; the evidence stays complete', async () => {
    const {clock, sim, terminal, wireLog} = await connect()
    const mid = sim.state.journal[20]!
    const t = new Date(mid.time)
    const ctx = await context(wireLog, clock, {since: {day: civilDay(t.getFullYear(), t.getMonth() + 1, t.getDate()), sec: t.getHours() * 3600 + t.getMinutes() * 60 + t.getSeconds()}})
    const r = await pullLogs(terminal, ctx)
    const rows = await rowsOf(r.transactions.file)
    expect(rows[0]!.trace_number).toBe(String(mid.traceNumber))
    expect(rows.length).toBe(sim.state.journal.length - 20)
    expect(r.since).toMatch(new RegExp(`^${dayToIso(civilDay(t.getFullYear(), t.getMonth() + 1, t.getDate()))} `))
    expect((await readFile(path.join(ctx.outDir, 'journal-file-01.csv'), 'utf8')).trim().split('\n')).toHaveLength(sim.state.journal.length + 1)
  })

  it('after End-of-Day nothing is open any more', async () => {
    const {clock, terminal, wireLog} = await connect({scenario: 'after-eod'})
    const r = await pullLogs(terminal, await context(wireLog, clock))
    expect(new Set((await rowsOf(r.transactions.file)).map((row) => row.batch_open))).toEqual(new Set(['no']))
  })
})

describe('logs pull when the terminal offers less', () => {
  it('no Read File: the journal printout is kept verbatim and parsed best-effort', async () => {
    const {clock, sim, terminal, wireLog} = await connect()
    const t = withOverride(terminal, {readFile: async () => refused(0x83)})
    const ctx = await context(wireLog, clock)
    const r = await pullLogs(t, ctx)
    expect(r.verdict).toBe('partial')
    expect(r.journal.source).toBe('printout')
    const step = r.steps.find((s) => s.id === 'logs.journal')!
    expect(step.status).toBe('warn')
    const printout = await readFile(path.join(ctx.outDir, 'journal-printout.txt'), 'utf8')
    expect(printout).toContain('JOURNAL')
    const rows = await rowsOf(r.transactions.file)
    expect(rows).toHaveLength(sim.state.journal.length)
    const withReceipt = sim.state.journal.filter((j) => j.receiptNumber !== null)
    expect(rows.filter((row) => row.receipt_number !== '').map((row) => Number(row.receipt_number))).toEqual(withReceipt.map((j) => j.receiptNumber))
    expect(rows.every((row) => row.source === 'printout' && row.terminal_id === '29001006')).toBe(true)
    // the last transaction's 04 0F fills in what the printout lacks
    const last = sim.state.journal.at(-1)!
    expect(rows.find((row) => row.receipt_number === String(last.receiptNumber))).toMatchObject({trace_number: String(last.traceNumber), pan_masked: last.panMasked})
  })

  it('nothing at all: the journal step fails with what to do instead', async () => {
    const {clock, terminal, wireLog} = await connect()
    const t = withOverride(terminal, {readFile: async () => refused(0x83), repeatReceipt: async () => refused(0x83)})
    const r = await pullLogs(t, await context(wireLog, clock))
    const step = r.steps.find((s) => s.id === 'logs.journal')!
    expect(step.status).toBe('fail')
    expect(step.remedy).toMatch(/logs import/)
    expect(r.transactions.records).toBe(0)
    expect(r.verdict).toBe('partial')
  })

  it('a journal file with a full card number is masked before it is saved, and said so', async () => {
    const {clock, terminal, wireLog} = await connect()
    const leaky = Buffer.from(
      'receipt_number,trace_number,turnover_number,batch_number,time,type,state,amount_cents,currency_code,pan_masked,card_type,card_name,auth_code,terminal_id,result_code,reversed_by,original_receipt_number,original_trace_number\n' +
        `1,100,1000,7,2025-03-14T10:00:00.000Z,sale,booked,1250,978,${VISA_TEST_CARD.pan},10,VISA,123456,29001006,00,,,\n`,
    )
    const t = withOverride(terminal, {readFile: async () => ({...refused(0), ok: true, rejected: false, data: leaky})})
    const ctx = await context(wireLog, clock)
    const r = await pullLogs(t, ctx)
    expect(r.journal.problems.join(' ')).toMatch(/1 unmasked card number/)
    for (const f of r.files) expect((await readFile(f.name, 'utf8')).includes(VISA_TEST_CARD.pan), f.name).toBe(false)
    expect((await rowsOf(r.transactions.file))[0]!.pan_masked).toBe(VISA_TEST_CARD.masked)
  })

  it('the link dying midway keeps what was collected; a dead link at the start is an error', async () => {
    const {clock, terminal, wireLog} = await connect()
    const dying = withOverride(terminal, {readFile: async () => Promise.reject(new LinkError('LINK_DISCONNECTED', 'memory', 'gone'))})
    const r = await pullLogs(dying, await context(wireLog, clock))
    expect(r.steps.find((s) => s.id === 'logs.journal')!.status).toBe('error')
    expect(r.verdict).toBe('partial')
    const dead = withOverride(terminal, {register: async () => Promise.reject(new LinkError('LINK_DISCONNECTED', 'memory', 'gone'))})
    await expect(pullLogs(dead, await context(wireLog, clock))).rejects.toBeInstanceOf(LinkError)
  })
})

describe('pieces', () => {
  it('the journal printout parser reads the simulator printout', async () => {
    const {sim} = await connect()
    const lines = journalPrintout(sim.state, sim.state.journal, NOW)
    const parsed = parseJournalPrintout(lines, {currency: 'EUR'})
    expect(parsed.terminalId).toBe('29001006')
    expect(parsed.batchNumber).toBe(sim.state.counters.batchNumber)
    expect(parsed.records).toHaveLength(sim.state.journal.length)
    const kinds = new Set(parsed.records.map((r) => `${r.type}/${r.state}`))
    expect(kinds).toContain('sale/approved')
    expect(kinds).toContain('sale/declined')
  })

  it('a 04 0F with BMP A0 reports the host code (A0-AF arrive as 00 in BMP 27)', () => {
    const r = recordFromStatusInfo({resultCode: 0, hostResultCode: 0xa0, amountCents: 100, date: '0314', time: '101500'}, NOW, '29001006')
    expect(r).toMatchObject({resultCode: 'A0', resultScheme: 'iso8583', day: civilDay(2025, 3, 14), sec: 36_900})
  })

  it('a 04 0F date without year is the most recent such date', () => {
    const r = recordFromStatusInfo({resultCode: 0x33, date: '1231'}, NOW, '')
    expect(r).toMatchObject({day: civilDay(2024, 12, 31), resultCode: '51', state: 'declined'})
  })
})


describe('progress on a TTY', () => {
  it('Read File blocks in the wire log become "bytes of total"', async () => {
    const {journalProgress} = await import('../../src/logs/pull-command.js')
    setLang('en')
    const {terminal, wireLog} = await connect({journalSize: 200})
    const steps: string[] = []
    const stop = journalProgress(wireLog, {enabled: true, step: (s) => steps.push(s), done: () => undefined, hint: () => undefined})
    const outcome = await terminal.readFile(1)
    stop()
    const total = outcome.data.length
    expect(steps.length).toBeGreaterThan(5)
    expect(steps.at(-1)).toMatch(new RegExp(`of ${Math.round(total / 1024)} KB$`))
    expect(steps.at(-1)!.startsWith(`reading the journal: ${Math.round(total / 1024)} KB`)).toBe(true)
  })
})

describe('a journal file that breaks off', () => {
  it('keeps the blocks that arrived, reads what they hold and says the file is incomplete', async () => {
    const {SessionError} = await import('../../src/terminal/zvt/session.js')
    const {clock, terminal, wireLog} = await connect({journalSize: 100})
    const full = await terminal.readFile(1)
    const firstBlocks = full.statusInfos.slice(0, 3)
    const exchange = {
      command: '08 11',
      commandHex: '08 11',
      hasCompletion: true,
      startedAt: new Date(NOW).toISOString(),
      sends: 1,
      acked: null,
      phase: 'await-completion',
      firstAnswer: undefined,
      messages: firstBlocks.map((fields, k) => ({command: '04 0F', hex: '', message: {command: '04 0F', name: 'Status-Information', direction: 'PT->ECR', fields}, atMs: k, phase: 'await-completion'})),
      final: undefined,
      receipts: [],
      intermediate: [],
      timing: {firstAnswerMs: 0, finalMs: undefined, durationMs: 3},
    }
    const broken = withOverride(terminal, {readFile: async () => Promise.reject(new SessionError('ZVT_T4_TIMEOUT', 'terminal stopped sending', exchange as never))})
    const ctx = await context(wireLog, clock)
    const r = await pullLogs(broken, ctx)
    const step = r.steps.find((s) => s.id === 'logs.journal')!
    expect(step.status).toBe('warn')
    expect(r.journal.problems.join(' ')).toMatch(/arrived incomplete/)
    expect(r.journal.source).toBe('read-file')
    const kept = await readFile(path.join(ctx.outDir, 'journal-file-01.csv'))
    expect(kept.equals(full.data.subarray(0, kept.length))).toBe(true)
    expect(kept.length).toBeLessThan(full.data.length)
    // whole rows are read; the row cut by the break is a bad row, not a silent loss
    expect(r.journal.records).toBeGreaterThan(10)
    expect(r.journal.badRows).toBeLessThanOrEqual(1)
    expect(r.verdict).toBe('partial')
  })
})
