import fc from 'fast-check'
import {describe, expect, it} from 'vitest'

import {JournalIndex} from '../../src/recon/journal-index.js'
import {BlockWriter} from '../../src/recon/record-block.js'
import {emptyRecord, type TxRecord} from '../../src/recon/record.js'

/** Journal rows into an index the way the reconciliation does it: packed into blocks, appended. */
function indexOf(records: TxRecord[], blockRows = 3): JournalIndex {
  const index = new JournalIndex(4)
  const writer = new BlockWriter(blockRows)
  for (const r of records) {
    writer.add(r)
    if (writer.full) index.appendBlock(writer.take(), 0)
  }
  if (writer.size > 0) index.appendBlock(writer.take(), 0)
  return index
}

describe('JournalIndex columns', () => {
  it('auth codes and RRNs come back exactly as stored, packed or not', () => {
    const ref = fc.oneof(
      fc.stringMatching(/^\d{1,15}$/),
      fc.stringMatching(/^[0-9A-Z]{1,10}$/),
      fc.stringMatching(/^[0-9A-Za-z ]{0,20}$/),
      fc.constant(''),
    )
    fc.assert(
      fc.property(fc.array(fc.tuple(ref, ref), {minLength: 1, maxLength: 20}), (pairs) => {
        const index = indexOf(
          pairs.map(([authCode, rrn]) => {
            const r = emptyRecord(1)
            r.terminalId = '29001006'
            r.traceNumber = 1
            r.authCode = authCode
            r.rrn = rrn
            return r
          }),
        )
        pairs.forEach(([authCode, rrn], i) => {
          const back = index.record(i)
          expect([back.authCode, back.rrn]).toEqual([authCode, rrn])
        })
      }),
    )
  })

  it('keeps the masked card number as BIN, length and last four', () => {
    const index = indexOf(
      ['622588******1234', '************0119', '622588**********', ''].map((pan) => {
        const r = emptyRecord(1)
        r.terminalId = '29001006'
        r.panMasked = pan
        return r
      }),
    )
    expect([0, 1, 2, 3].map((i) => index.panMasked(i))).toEqual(['622588******1234', '************0119', '622588**********', ''])
  })
})

describe('JournalIndex as blocks come in', () => {
  it('chains, duplicate marks and coverage equal a brute-force count, across blocks, growth and rehashing', () => {
    const row = fc.record({tid: fc.constantFrom('29001006', '29001007', '29001008'), trace: fc.option(fc.oneof(fc.integer({min: 1, max: 40}), fc.integer({min: 1, max: 5000})), {nil: null}), day: fc.option(fc.integer({min: 20_000, max: 20_003}), {nil: null}), sec: fc.integer({min: -1, max: 86_399})})
    fc.assert(
      fc.property(fc.oneof(fc.array(row, {minLength: 1, maxLength: 60}), fc.array(row, {minLength: 1200, maxLength: 2500})), fc.integer({min: 1, max: 50}), (rows, blockRows) => {
        const index = indexOf(
          rows.map((x, i) => {
            const r = emptyRecord(i + 2)
            r.terminalId = x.tid
            r.traceNumber = x.trace
            r.day = x.day
            r.sec = x.sec
            return r
          }),
          blockRows,
        )
        expect(index.size).toBe(rows.length)
        const tidOf = (s: string) => index.tids.find(s)!
        // chains: every row with the key, newest first
        // (enough distinct keys to rehash the table more than once)
        const keys = new Set(rows.map((x) => `${x.tid}/${x.trace ?? 0}`).concat(['29001006/9999']))
        for (const key of keys) {
          const [tid, t] = key.split('/') as [string, string]
          const trace = Number(t)
          {
            const want = rows.flatMap((x, i) => (x.tid === tid && x.trace === trace ? [i] : [])).reverse()
            const got: number[] = []
            if (index.tids.find(tid) !== undefined) for (let j = index.first(tidOf(tid), 'trace', trace); j !== -1; j = index.nextOf('trace', j)) got.push(j)
            expect(got).toEqual(want)
          }
        }
        // duplicates: rows with an earlier row of the same terminal, trace and day; marks on every such pair
        const count = new Map<string, number>()
        for (const x of rows) count.set(`${x.tid}/${x.trace}/${x.day}`, (count.get(`${x.tid}/${x.trace}/${x.day}`) ?? 0) + 1)
        const dup = rows.map((x) => x.trace !== null && count.get(`${x.tid}/${x.trace}/${x.day}`)! > 1)
        const seen = new Set<string>()
        let later = 0
        for (const x of rows) {
          const k = `${x.tid}/${x.trace}/${x.day}`
          if (x.trace !== null && seen.has(k)) later++
          seen.add(k)
        }
        expect(index.duplicateKeys).toBe(later)
        rows.forEach((_, i) => expect(Boolean(index.flags[i]! & 8)).toBe(dup[i]))
        // terminals whose traces restart daily: the same trace on two different days
        const days = new Map<string, Set<number>>()
        for (const x of rows) if (x.trace !== null && x.day !== null) days.set(`${x.tid}/${x.trace}`, (days.get(`${x.tid}/${x.trace}`) ?? new Set()).add(x.day))
        const restarting = new Set([...days.entries()].filter(([, d]) => d.size > 1).map(([k]) => k.split('/')[0]!))
        expect(new Set([...index.restarts].map((t) => index.tids.values[t]))).toEqual(restarting)
        // coverage per terminal
        for (const tid of new Set(rows.map((x) => x.tid))) {
          const times = rows.filter((x) => x.tid === tid && x.day !== null).map((x) => x.day! * 86_400 + Math.max(0, x.sec))
          expect(index.firstTime[tidOf(tid)]).toBe(times.length ? Math.min(...times) : Infinity)
          expect(index.lastTime[tidOf(tid)]).toBe(times.length ? Math.max(...times) : -Infinity)
        }
      }),
      {numRuns: 40},
    )
  }, 90_000) // a property over thousands of rows: slow on a shared 2-core machine, not a timing check
})
