import {appendFile, mkdir, mkdtemp, readFile, rm, writeFile} from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import {afterEach, describe, expect, it} from 'vitest'

import {ActionJournal, FileJournalStore, type IntentInput} from '../../src/store/action-journal.js'
import {journalFile} from '../../src/store/paths.js'

const dirs: string[] = []
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, {recursive: true, force: true})
})
async function tmp(): Promise<string> {
  const d = await mkdtemp(path.join(os.tmpdir(), 'posdoc-journal-'))
  dirs.push(d)
  return d
}

const intent = (receiptNumber: number, over: Partial<IntentInput> = {}): IntentInput => ({
  action: 'reversal',
  terminal: {key: 'tcp-127.0.0.1-20007-abcd1234', label: '127.0.0.1:20007', terminalId: '29001006'},
  receiptNumber,
  amountCents: 1230,
  original: {traceNumber: 100 + receiptNumber, batchNumber: 7, amountCents: 1230},
  lastTraceBefore: 200,
  attempt: 1,
  apdu: '06 30 06 ** ** ** 87 00 42',
  command: 'void retry',
  ...over,
})

describe('action journal (JSONL, one file per terminal)', () => {
  it('lives at dataDir()/journals/<terminalKey>.jsonl', () => {
    expect(journalFile('tcp-x-1', {POSDOC_DATA_DIR: '/data'})).toBe(path.resolve('/data/journals/tcp-x-1.jsonl'))
  })

  it('an intent without an outcome is unresolved; an outcome resolves exactly its intent', async () => {
    const file = path.join(await tmp(), 'journals', 't.jsonl')
    const j = new ActionJournal(new FileJournalStore(file), () => Date.UTC(2025, 2, 14, 15))
    const a = await j.appendIntent(intent(42))
    const b = await j.appendIntent(intent(43))
    expect((await j.unresolved()).map((i) => i.id)).toEqual([a.id, b.id])
    await j.appendOutcome({id: a.id, outcome: 'succeeded', resolvedBy: 'answer', resultCode: '00', booking: {receiptNumber: 44, traceNumber: 301}})
    expect((await j.unresolved()).map((i) => i.id)).toEqual([b.id])
    expect(await j.history(42)).toEqual([{intent: a, outcome: expect.objectContaining({id: a.id, outcome: 'succeeded'})}])
    // what is on disk: one complete JSON document per line, in write order
    const lines = (await readFile(file, 'utf8')).split('\n')
    expect(lines.at(-1)).toBe('')
    expect(lines.slice(0, -1).map((l) => JSON.parse(l).kind)).toEqual(['intent', 'intent', 'outcome'])
    expect(JSON.parse(lines[0]!)).toMatchObject({v: 1, ts: '2025-03-14T15:00:00.000Z', pid: process.pid, receiptNumber: 42})
  })

  it('a torn last line (kill -9 mid-write) is skipped and the next record starts on its own line', async () => {
    const file = path.join(await tmp(), 't.jsonl')
    const j = new ActionJournal(new FileJournalStore(file))
    const a = await j.appendIntent(intent(42))
    // the write of a second intent was cut off: its 06 30 was never sent (that only happens after fsync)
    await appendFile(file, '{"v":1,"kind":"intent","id":"torn","ts":"2025')
    const read = await j.read()
    expect(read.records.map((r) => r.kind)).toEqual(['intent'])
    expect(read.skipped).toEqual([{line: 2, reason: 'torn last line (interrupted write)'}])
    expect((await j.unresolved()).map((i) => i.id)).toEqual([a.id])
    await j.appendOutcome({id: a.id, outcome: 'not-done', resolvedBy: 'recovery', evidence: 'journal'})
    const again = await j.read()
    expect(again.records.map((r) => r.kind)).toEqual(['intent', 'outcome'])
    expect(again.skipped).toEqual([{line: 2, reason: 'not JSON'}])
    expect(await j.unresolved()).toEqual([])
  })

  it('a damaged or foreign line is reported, not fatal', async () => {
    const file = path.join(await tmp(), 't.jsonl')
    await writeFile(file, '{"hello":"world"}\n')
    const j = new ActionJournal(new FileJournalStore(file))
    await j.appendIntent(intent(1))
    const read = await j.read()
    expect(read.records).toHaveLength(1)
    expect(read.skipped[0]).toMatchObject({line: 1, reason: expect.stringMatching(/^not a journal record/)})
  })

  it('a journal that cannot be written is a one-line error; the caller sends nothing', async () => {
    const dir = await tmp()
    const file = path.join(dir, 'blocked.jsonl')
    await mkdir(file) // a directory where the file should be
    const j = new ActionJournal(new FileJournalStore(file))
    await expect(j.appendIntent(intent(42))).rejects.toMatchObject({code: 'JOURNAL_WRITE_FAILED', exitCode: 1, message: expect.stringContaining('nothing was sent')})
  })

  it('concurrent appends from one process never interleave', async () => {
    const file = path.join(await tmp(), 't.jsonl')
    const j = new ActionJournal(new FileJournalStore(file))
    await Promise.all(Array.from({length: 20}, (_, i) => j.appendIntent(intent(i + 1))))
    const read = await j.read()
    expect(read.skipped).toEqual([])
    expect(read.records.map((r) => (r as {receiptNumber: number}).receiptNumber)).toEqual(Array.from({length: 20}, (_, i) => i + 1))
  })
})
