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
