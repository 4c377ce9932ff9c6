import fc from 'fast-check'
import {describe, expect, it} from 'vitest'

import {JournalIndex} from '../../src/recon/journal-index.js'
import {emptyRecord} from '../../src/recon/record.js'

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
        const index = new JournalIndex(4)
        for (const [authCode, rrn] of pairs) {
          const r = emptyRecord(1)
          r.terminalId = '29001006'
          r.traceNumber = 1
          r.authCode = authCode
          r.rrn = rrn
          index.add(r, 0)
        }
        pairs.forEach(([authCode, rrn], i) => {
          const back = index.record(i)
          expect([back.authCode, back.rrn]).toEqual([authCode, rrn])
        })
      }),
    )
  })

  it('keeps the masked card number as BIN, length and last four', () => {
    const index = new JournalIndex(4)
    for (const pan of ['622588******1234', '************0119', '622588**********', '']) {
      const r = emptyRecord(1)
      r.terminalId = '29001006'
      r.panMasked = pan
      index.add(r, 0)
    }
    expect([0, 1, 2, 3].map((i) => index.panMasked(i))).toEqual(['622588******1234', '************0119', '622588**********', ''])
  })
})
