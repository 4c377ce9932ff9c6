/** Lanes of record blocks: a worker thread reads like the in-process lane, stays within its read-ahead, and fails cleanly. */
import {mkdtemp, writeFile} from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import {fileURLToPath} from 'node:url'
import {describe, expect, it} from 'vitest'

import {inProcessLane, workerLane, workerScript, type Lane, type LaneOptions} from '../../src/recon/block-source.js'
import {reconcile} from '../../src/recon/engine.js'
import {BUILT_IN_PROFILES} from '../../src/recon/profiles.js'
import {BLOCK_ROWS, blockRecord, ROW_BYTES} from '../../src/recon/record-block.js'
import type {TxRecord} from '../../src/recon/record.js'
import {PosdocError} from '../../src/output/errors.js'

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/csv/${name}`, import.meta.url))
const settlementOpts: LaneOptions = {kind: 'settlement', profiles: BUILT_IN_PROFILES, lang: 'en', maxBadRows: 100}

const S_HEAD = 'settlement_date,merchant_id,terminal_id,batch_number,trace_number,receipt_number,txn_time,txn_type,amount_cents,fee_cents,net_cents,currency_code,pan_masked,card_name,auth_code,rrn,response_code,status,remark'

async function settlementFile(rows: number): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'posdoc-lane-'))
  const file = path.join(dir, 'settlement.csv')
  const lines = [S_HEAD]
  for (let i = 1; i <= rows; i++) lines.push(`2026-03-06,100764992,29001006,1,${i % 999_999},${i % 9999},2026-03-05 10:00:00,sale,${1000 + (i % 500)},6,${994 + (i % 500)},156,622588******${String(i % 10_000).padStart(4, '0')},UnionPay,${String(i).padStart(6, '0').slice(-6)},,00,settled,`)
  await writeFile(file, lines.join('\n') + '\n')
  return file
}

async function collect(lane: Lane): Promise<{records: TxRecord[]; events: unknown[]}> {
  const records: TxRecord[] = []
  const events: unknown[] = []
  for await (const e of lane) {
    if (e.type === 'block') for (let k = 0; k < e.block.n; k++) records.push(blockRecord(e.block, k))
    // layouts and counts (bad rows with their lines and reasons) must match too
    if (e.type === 'layout' || e.type === 'done') events.push(e)
    else events.push(e.type)
  }
  return {records, events}
}

describe('record-block lanes', () => {
  it('the worker script is built (npm test builds before it tests)', () => {
    expect(workerScript()).toMatch(/dist[\\/]src[\\/]recon[\\/]import-worker\.js$/)
  })

  it('a worker lane gives the same records and events as the in-process lane (GBK sample, a truncated file with a bad row, two files in a row)', async () => {
    const files = [fixture('cn-settlement-gbk.csv'), fixture('truncated.csv')]
    const a = await collect(inProcessLane(files, settlementOpts))
    const b = await collect(workerLane(files, settlementOpts, 1 << 20))
    expect(a.records.length).toBeGreaterThan(0)
    expect(b).toEqual(a)
  })

  it('a worker reads ahead no more than its budget while nobody takes its blocks, then delivers every row', async () => {
    const rows = BLOCK_ROWS * 6 + 123
    const file = await settlementFile(rows)
    const budget = ROW_BYTES * BLOCK_ROWS // one block
    const lane = workerLane([file], settlementOpts, budget)
    // wait until the worker has stopped sending (it is paused), bounded
    let last = -1
    for (let i = 0; i < 100 && (lane.queuedBytes === 0 || lane.queuedBytes !== last); i++) {
      last = lane.queuedBytes
      await new Promise((r) => setTimeout(r, 100))
    }
    expect(lane.queuedBytes).toBeGreaterThan(0)
    // the budget, plus the block in the making when the worker last checked
    expect(lane.queuedBytes).toBeLessThanOrEqual(2 * budget)
    const {records} = await collect(lane)
    expect(records).toHaveLength(rows)
    expect(records.at(-1)!.line).toBe(rows + 1)
  })

  it('a stopped lane stops reading: nothing piles up behind a consumer that has gone', async () => {
    const rows = BLOCK_ROWS * 8
    const file = await settlementFile(rows)
    const budget = ROW_BYTES * BLOCK_ROWS
    for (const lane of [inProcessLane([file], settlementOpts, budget), workerLane([file], settlementOpts, budget)]) {
      const it = lane[Symbol.asyncIterator]()
      let first = await it.next()
      while (!first.done && first.value.type !== 'block') first = await it.next()
      expect(first.done).toBe(false)
      await lane.stop()
      const before = lane.queuedBytes
      await new Promise((r) => setTimeout(r, 300))
      // the in-process reader ends at its next pause point; the worker is terminated
      expect(lane.queuedBytes).toBeLessThanOrEqual(Math.max(before, 2 * budget))
      expect(lane.queuedBytes).toBeLessThan(rows * ROW_BYTES)
    }
  })

  it('an import error in a worker arrives as the same PosdocError (code, exit code, remedy)', async () => {
    const missing = path.join(os.tmpdir(), 'posdoc-no-such-dir', 'settlement.csv')
    const inProcess = await collect(inProcessLane([missing], settlementOpts)).catch((e: unknown) => e)
    const worker = await collect(workerLane([missing], settlementOpts, 1 << 20)).catch((e: unknown) => e)
    expect(worker).toBeInstanceOf(PosdocError)
    expect(inProcess).toBeInstanceOf(PosdocError)
    const shape = (e: unknown) => {
      const p = e as PosdocError
      return {code: p.code, exitCode: p.exitCode, message: p.message, remedy: p.remedy}
    }
    expect(shape(worker)).toEqual(shape(inProcess))
    expect(shape(worker).code).toBe('IMPORT_NOT_FOUND')
  })

  it('reconcile in parallel: a broken journal is reported before a broken settlement file, as in serial', async () => {
    const missingJournal = path.join(os.tmpdir(), 'posdoc-no-such-dir', 'journal.csv')
    const missingSettlement = path.join(os.tmpdir(), 'posdoc-no-such-dir', 'settlement.csv')
    for (const parallel of [false, true]) {
      const both = await reconcile({journalFiles: [missingJournal], settlementFiles: [missingSettlement], profiles: BUILT_IN_PROFILES, lang: 'en', parallel}).catch((e: unknown) => e as PosdocError)
      expect(both).toMatchObject({code: 'IMPORT_NOT_FOUND', message: expect.stringContaining('journal.csv')})
      const settlementOnly = await reconcile({journalFiles: [fixture('posdoc-journal.csv')], settlementFiles: [missingSettlement], profiles: BUILT_IN_PROFILES, lang: 'en', parallel}).catch((e: unknown) => e as PosdocError)
      expect(settlementOnly).toMatchObject({code: 'IMPORT_NOT_FOUND', message: expect.stringContaining('settlement.csv')})
    }
  })
})
