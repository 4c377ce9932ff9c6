import {describe, expect, it} from 'vitest'

import {formatReceiptNumber, formatTraceNumber, parseReceiptNumber, parseTransactionRef} from '../../src/domain/numbers.js'

describe('transaction numbers as printed', () => {
  it('a 6-digit 凭证号 with leading zeros is 83, readable as trace and as receipt', () => {
    expect(parseTransactionRef('000083')).toMatchObject({value: 83, digits: 6, asTrace: true, asReceipt: true})
    expect(parseReceiptNumber('000083')).toBe(83)
  })
  it('a number above 9999 can only be a trace number', () => {
    expect(parseTransactionRef('123456')).toMatchObject({value: 123456, asTrace: true, asReceipt: false})
    expect(parseReceiptNumber('123456')).toBeUndefined()
  })
  it('accepts a label and full-width digits', () => {
    expect(parseTransactionRef('凭证号：０００１２３')?.value).toBe(123)
    expect(parseTransactionRef('No. 0042')?.value).toBe(42)
  })
  it.each(['', '0', '000000', '1234567', 'abc', '12 34', '-1'])('refuses %j', (t) => expect(parseTransactionRef(t)).toBeUndefined())
  it('formats receipt numbers with 4 digits and trace numbers with 6', () => {
    expect(formatReceiptNumber(83)).toBe('0083')
    expect(formatTraceNumber(83)).toBe('000083')
    expect(formatTraceNumber(null)).toBe('?')
  })
})
