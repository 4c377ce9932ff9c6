// Long suite (npm run test:long): streaming a 2 GiB file takes ~10 s of disk reads, so it stays
// out of `npm test`. Moved here unchanged from import.test.ts.
import {mkdtemp, open, rm, writeFile} from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import {expect, it} from 'vitest'

import {importFile} from '../../src/recon/import.js'
import {loadProfiles} from '../../src/recon/profiles.js'
import type {TxRecord} from '../../src/recon/record.js'

// the four-column test layout as a user profile
const columns = {terminalId: 'terminal_id', traceNumber: 'trace_number', dateTime: 'time', amount: 'amount'}
const profiles = loadProfiles({config: () => ({file: 'test', csvProfiles: [{name: 'mini', kind: 'journal', amountUnit: 'major', columns}]})})

it('a 2 GB file whose middle is no CSV at all streams in bounded memory: one bad row, the rows around it read', async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'posdoc-import-2gb-'))
  const file = path.join(dir, 'huge.csv')
  await writeFile(file, 'terminal_id,trace_number,time,amount\n29001006,1,2026-03-05 10:00:00,1.00\n29001006,2,2026-03-05 10:01:00,2.00\n')
  // 2 GiB of NUL bytes (a sparse hole: no disk used), then one more row
  const fh = await open(file, 'r+')
  await fh.write('\n29001006,3,2026-03-05 10:02:00,3.00\n', 2 ** 31)
  await fh.close()
  try {
    const rssBefore = process.memoryUsage().rss
    let peak = rssBefore
    const records: TxRecord[] = []
    const {stats} = await importFile(file, {profiles, lang: 'en', onRecord: (r) => records.push(r), onBytes: () => (peak = Math.max(peak, process.memoryUsage().rss))})
    expect(records.map((r) => [r.traceNumber, r.line])).toEqual([
      [1, 2],
      [2, 3],
      [3, 5],
    ])
    expect(stats.bad).toBe(1)
    expect(stats.badRows[0]).toEqual({line: 4, reason: 'record longer than 1 MiB without a line end (not a CSV export?)'})
    expect(peak - rssBefore).toBeLessThan(256 * 1_048_576)
  } finally {
    await rm(dir, {recursive: true, force: true})
  }
}, 60_000)
