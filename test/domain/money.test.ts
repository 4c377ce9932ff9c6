import fc from 'fast-check'
import {describe, expect, it} from 'vitest'

import {formatAmount, formatMoney, parseAmount} from '../../src/domain/money.js'

describe('parseAmount: amounts as merchants type them', () => {
  it.each([
    ['25.80', 2580],
    ['25.8', 2580],
    ['¥25.80', 2580],
    ['￥25.8', 2580],
    ['25.8元', 2580],
    ['25,80', 2580],
    ['RMB 25.80', 2580],
    ['CNY25.80', 2580],
    ['€ 25,80', 2580],
    ['25.80 EUR', 2580],
    ['２５．８０', 2580],
    ['25', 2500],
    ['1,234.50', 123450],
    ['1.234,50', 123450],
    ['12,345', 1234500],
  ])('%s → %i cents', (text, cents) => expect(parseAmount(text)).toBe(cents))

  it.each(['', '0', '0.00', '-5', '+5', '1e3', '25.805', 'abc', '25.80.1', '1,23.4', '1,234,5'])('refuses %j', (text) => expect(parseAmount(text)).toBeUndefined())

  it('reads back what it formats', () => {
    fc.assert(fc.property(fc.integer({min: 1, max: 99_999_999_999}), (cents) => {
      expect(parseAmount(formatAmount(cents))).toBe(cents)
    }))
  })
})

describe('formatMoney', () => {
  it('shows yuan in Chinese and the code in English', () => {
    expect(formatMoney(2580, 156, 'zh-CN')).toBe('25.80 元')
    expect(formatMoney(2580, 156, 'en')).toBe('25.80 CNY')
    expect(formatMoney(2580, 'EUR', 'zh-CN')).toBe('25.80 EUR')
    expect(formatMoney(-5, undefined)).toBe('-0.05')
  })
})
