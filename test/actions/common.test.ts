import {describe, expect, it} from 'vitest'

import {describeApdu, formatMoney, parseAmountCents, parseReceiptNumber} from '../../src/actions/common.js'
import {ecr} from '../../src/protocol/zvt/messages.js'

describe('input parsing', () => {
  it.each([
    ['12.30', 1230],
    ['12,3', 1230],
    ['12', 1200],
    ['0.05', 5],
    ['9999999.99', 999999999],
  ])('amount %s -> %i cents', (text, cents) => expect(parseAmountCents(text)).toBe(cents))

  it.each(['-5', '+5', '0', '0.00', '1.234', '1e3', 'abc', '', ' ', '12.', '.5', '12 EUR', 'NaN', 'Infinity'])('amount %j is refused', (text) => {
    expect(parseAmountCents(text)).toBeUndefined()
  })

  it.each([
    ['42', 42],
    ['0042', 42],
    ['9999', 9999],
  ])('receipt %s -> %i', (text, n) => expect(parseReceiptNumber(text)).toBe(n))

  it.each(['0', '10000', '-1', '4.2', 'abc', ''])('receipt %j is refused', (text) => expect(parseReceiptNumber(text)).toBeUndefined())

  it('formats money with the ISO 4217 code', () => {
    expect(formatMoney(1230, 978)).toBe('12.30 EUR')
    expect(formatMoney(5, 156)).toBe('0.05 CNY')
    expect(formatMoney(100)).toBe('1.00')
  })
})

describe('describeApdu (dry run, journal)', () => {
  it('hides the password, keeps the rest byte-exact, decodes', () => {
    const v = describeApdu(ecr.reversal({password: '123456', receiptNumber: 42, amountCents: 1230}))
    expect(v).toEqual({command: '06 30', hex: '06 30 0D ** ** ** 87 00 42 04 00 00 00 00 12 30', decoded: '06 30 Reversal amount=12.30 receipt=0042 (password hidden)'})
    expect(v.hex).not.toContain('12 34 56')
  })

  it('refund: password hidden too', () => {
    expect(describeApdu(ecr.refund({password: '123456', amountCents: 500})).hex).toBe('06 31 0A ** ** ** 04 00 00 00 00 05 00')
  })
})
