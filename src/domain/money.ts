/**
 * Money: the one home for reading what merchants type and for showing amounts.
 * Amounts are integer cents (minor units) everywhere inside posdoc.
 */
import type {Lang} from '../i18n/index.js'

/** ISO 4217 numeric → alphabetic for the currencies terminals here report (ZVT BMP 49). */
const ALPHA: Record<number, string> = {978: 'EUR', 156: 'CNY', 840: 'USD', 344: 'HKD', 756: 'CHF', 826: 'GBP', 446: 'MOP', 901: 'TWD'}

export function currencyAlpha(code: number | string | undefined): string | undefined {
  if (code === undefined) return undefined
  if (typeof code === 'string') return /^\d{3}$/.test(code) ? (ALPHA[Number(code)] ?? code) : code.toUpperCase()
  return ALPHA[code] ?? String(code)
}

/**
 * What a merchant types for an amount: "25.80", "25.8", "¥25.80", "￥25.8", "25.8元", "25,80",
 * "RMB 25.80", "CNY25.80", "€ 25,80", "25.80 EUR", "1,234.50" (thousands grouping). Refused (undefined):
 * signs, exponents, more than two decimals, zero, and anything else, because the amount of a money
 * step must be exactly what the merchant meant.
 */
export function parseAmount(text: string): number | undefined {
  let s = text.normalize('NFKC').trim()
  // currency words and signs around the number (NFKC turns ￥ into ¥)
  s = s.replace(/^(?:RMB|CNY|EUR|USD|HKD|¥|€|\$)\s*/i, '').replace(/\s*(?:元|块|RMB|CNY|EUR|USD|HKD|¥|€)$/i, '').trim()
  let m = /^(\d{1,9})(?:[.,](\d{1,2}))?$/.exec(s)
  if (!m) {
    // grouped thousands: 1,234.50, 12,345 or 1.234,50 (the group separator differs from the decimal
    // one). "25.805" is refused: a dot group without a decimal comma is more likely a typo than 25805.
    const g = /^(\d{1,3}(?:([,.])\d{3})+)(?:([.,])(\d{1,2}))?$/.exec(s)
    if (!g || (g[3] !== undefined && g[3] === g[2]) || (g[2] === '.' && g[3] === undefined)) return undefined
    m = [s, g[1]!.replaceAll(g[2]!, ''), g[4]] as unknown as RegExpExecArray
  }
  const cents = Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'))
  return cents > 0 && Number.isSafeInteger(cents) ? cents : undefined
}

/** 1250 → "12.50" (no grouping: merchants compare it digit by digit with the slip). */
export function formatAmount(cents: number): string {
  const sign = cents < 0 ? '-' : ''
  const abs = Math.abs(cents)
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`
}

/**
 * An amount for a person: "12.50 EUR" in English, "12.50 元" for CNY in Chinese (other currencies
 * keep their code). Without a currency just the number.
 */
export function formatMoney(cents: number, currency?: number | string, lang: Lang = 'en'): string {
  const cur = currencyAlpha(currency)
  if (!cur) return formatAmount(cents)
  if (lang === 'zh-CN' && cur === 'CNY') return `${formatAmount(cents)} 元`
  return `${formatAmount(cents)} ${cur}`
}
