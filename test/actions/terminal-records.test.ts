import {describe, expect, it} from 'vitest'

import {findByReceipt, lastFour, parseTerminalJournal, recordsAfterTrace} from '../../src/actions/terminal-records.js'
import {journalCsv} from '../../src/sim/journal-file.js'
import {seedState} from '../../src/sim/seed.js'
import {VISA_TEST_CARD} from '../fixtures/test-cards.js'

const NOW = Date.UTC(2025, 2, 14, 15)

describe('terminal journal (Read File 01)', () => {
  it('parses the PT journal file by its header', () => {
    const state = seedState({seed: 3, now: NOW, reverseLatestSale: true})
    const records = parseTerminalJournal(journalCsv(state.journal))!
    expect(records).toHaveLength(state.journal.length)
    const reversed = state.journal.find((r) => r.state === 'reversed')!
    expect(findByReceipt(records, reversed.receiptNumber!)).toMatchObject({
      receiptNumber: reversed.receiptNumber,
      traceNumber: reversed.traceNumber,
      type: 'sale',
      state: 'reversed',
      reversedBy: reversed.reversedBy,
      amountCents: reversed.amountCents,
      terminalId: state.terminalId,
      resultCode: '00',
    })
    const rev = records.find((r) => r.type === 'reversal')!
    expect(rev).toMatchObject({originalReceiptNumber: reversed.receiptNumber, originalTraceNumber: reversed.traceNumber})
    // declines have no receipt number
    expect(records.filter((r) => r.state === 'declined').every((r) => r.receiptNumber === undefined)).toBe(true)
    // at most the last four digits of a card survive
    for (const r of records) expect(r.panMasked).toMatch(/^\*{4}\d{4}$/)
  })

  it('refuses a file that is not a journal', () => {
    expect(parseTerminalJournal(Buffer.from('a,b\n1,2\n'))).toBeUndefined()
  })

  it('keeps only the last four digits of whatever the terminal wrote', () => {
    expect(lastFour(VISA_TEST_CARD.pan)).toBe('****1111')
    expect(lastFour('************1234')).toBe('****1234')
    expect(lastFour('****')).toBe('****')
  })

  it('findByReceipt takes the newest record of a wrapped receipt number; recordsAfterTrace knows when it cannot tell', () => {
    const rows = [
      {traceNumber: 1, receiptNumber: 5, type: 'sale', state: 'booked', amountCents: 1},
      {traceNumber: 2, receiptNumber: 5, type: 'sale', state: 'booked', amountCents: 2},
      {traceNumber: 3, receiptNumber: 6, type: 'refund', state: 'booked', amountCents: 3},
    ]
    expect(findByReceipt(rows, 5)!.traceNumber).toBe(2)
    expect(recordsAfterTrace(rows, 2)!.map((r) => r.traceNumber)).toEqual([3])
    expect(recordsAfterTrace(rows, 99)).toBeUndefined()
  })
})
