import fc from 'fast-check'
import {describe, expect, it} from 'vitest'

import {BlockWriter, blockMessage, blockRecord, reviveBlock, ROW_BYTES} from '../../src/recon/record-block.js'
import {SETTLEMENT_STATUSES, TX_STATES, TX_TYPES, type TxRecord} from '../../src/recon/record.js'
import {maskPan} from '../../src/recon/values.js'

const optInt = (max: number) => fc.option(fc.integer({min: 0, max}), {nil: null})
const ref = fc.oneof(fc.constant(''), fc.stringMatching(/^\d{1,15}$/), fc.stringMatching(/^[0-9A-Z]{1,10}$/), fc.stringMatching(/^[0-9A-Za-z ]{0,24}$/))
// masked card numbers as the importer makes them (maskPan output), from every shape it accepts
const pan = fc.oneof(
  fc.constant(''),
  fc.stringMatching(/^\d{6}\*{3,9}\d{4}$/),
  fc.stringMatching(/^\*{8,15}\d{4}$/),
  fc.stringMatching(/^\d{6}[xX#]{6}\d{4}$/).map((s) => maskPan(s)!.masked),
  fc.stringMatching(/^\d{13,19}$/).map((s) => maskPan(s)!.masked),
)

const record: fc.Arbitrary<TxRecord> = fc.record({
  line: fc.integer({min: 1, max: 10_000_000}),
  day: fc.option(fc.integer({min: 0, max: 40_000}), {nil: null}),
  sec: fc.integer({min: -1, max: 86_399}),
  type: fc.constantFrom(...TX_TYPES),
  amountCents: fc.integer({min: 0, max: 99_999_999_999}),
  currency: fc.constantFrom('', 'CNY', 'EUR'),
  panMasked: pan,
  cardType: fc.constantFrom('', 'VISA', 'UnionPay', '银联'),
  traceNumber: optInt(999_999),
  receiptNumber: optInt(9999),
  turnoverNumber: optInt(999_999),
  authCode: ref,
  rrn: ref,
  terminalId: fc.constantFrom('29001006', '29001007', '终端1'),
  merchantId: fc.constantFrom('', '102310045110001'),
  batchNumber: optInt(999_999),
  batchOpen: fc.option(fc.boolean(), {nil: null}),
  resultCode: fc.constantFrom('', '00', '51', '6C'),
  resultScheme: fc.constantFrom('iso8583' as const, 'zvt' as const),
  state: fc.constantFrom(...TX_STATES),
  originalTraceNumber: optInt(999_999),
  settlementStatus: fc.option(fc.constantFrom(...SETTLEMENT_STATUSES), {nil: null}),
  settlementDay: fc.option(fc.integer({min: 0, max: 40_000}), {nil: null}),
  feeCents: fc.option(fc.integer({min: 0, max: 1_000_000}), {nil: null}),
  source: fc.constantFrom('', 'read-file', 'printout'),
})

/** A result code without text comes back with the default scheme (the scheme says nothing then). */
const normalised = (r: TxRecord): TxRecord => (r.resultCode === '' ? {...r, resultScheme: 'iso8583'} : r)

describe('record blocks', () => {
  it('every record comes back from its block as it went in, across blocks, over postMessage and in reused buffers', () => {
    fc.assert(
      fc.property(fc.array(record, {minLength: 1, maxLength: 40}), fc.integer({min: 1, max: 7}), (records, cap) => {
        // a pool of buffers full of garbage: reuse must not leak old values into new rows
        const pool = [new ArrayBuffer(ROW_BYTES * cap), new ArrayBuffer(ROW_BYTES * cap)]
        for (const b of pool) new Uint8Array(b).fill(0xa5)
        const writer = new BlockWriter(cap, pool)
        const back: TxRecord[] = []
        const drain = () => {
          const block = reviveBlock(structuredClone(blockMessage(writer.take())))
          for (let k = 0; k < block.n; k++) back.push(blockRecord(block, k))
        }
        for (const r of records) {
          writer.add(r)
          if (writer.full) drain()
        }
        if (writer.size > 0) drain()
        expect(back).toEqual(records.map(normalised))
      }),
      {numRuns: 300},
    )
  })

  it('a block holds each repeating string once', () => {
    const writer = new BlockWriter(8)
    for (let i = 0; i < 8; i++) {
      writer.add({...baseRecord(), line: i + 2, terminalId: i % 2 ? '29001006' : '29001007', traceNumber: i})
    }
    const block = writer.take()
    expect(block.n).toBe(8)
    expect(block.strings.filter((s) => s === '29001006')).toHaveLength(1)
    expect(block.strings.filter((s) => s === 'CNY')).toHaveLength(1)
    expect(writer.size).toBe(0)
  })
})

function baseRecord(): TxRecord {
  return {
    line: 2,
    day: 20_000,
    sec: 3600,
    type: 'sale',
    amountCents: 1250,
    currency: 'CNY',
    panMasked: '622588******1234',
    cardType: 'UnionPay',
    traceNumber: 1,
    receiptNumber: 1,
    turnoverNumber: null,
    authCode: '123456',
    rrn: '',
    terminalId: '29001006',
    merchantId: '',
    batchNumber: 1,
    batchOpen: null,
    resultCode: '00',
    resultScheme: 'iso8583',
    state: 'approved',
    originalTraceNumber: null,
    settlementStatus: null,
    settlementDay: null,
    feeCents: null,
    source: '',
  }
}
