import fc from 'fast-check'
import {describe, expect, it} from 'vitest'

import {civilDay, civilFromDay, dayToIso, formatCents, maskPan, nextBusinessDay, standardMaskAt, parseAmount, parseDate, parseDateTime, parseTime, weekday} from '../../src/recon/values.js'
import {VISA_TEST_CARD} from '../fixtures/test-cards.js'

const value = <T>(r: {ok: true; value: T} | {ok: false; reason: string}): T => {
  if (!r.ok) throw new Error(r.reason)
  return r.value
}
const reason = (r: {ok: boolean; reason?: string}) => (r.ok ? 'ok' : r.reason)

describe('parseAmount', () => {
  it.each([
    ['12.50', 'major', 1250],
    ['1,234.50', 'major', 123_450],
    ['¥12.50', 'major', 1250],
    ['12.5 元', 'major', 1250],
    ['12', 'major', 1200],
    ['-5.00', 'major', -500],
    ['(5.00)', 'major', -500],
    ['5.00-', 'major', -500],
    ['12,50', 'major', 1250],
    ['12.500', 'major', 1250],
    ['1250', 'cents', 1250],
    ['-500', 'cents', -500],
    ['1250.00', 'cents', 1250],
  ] as const)('%s (%s) → %i cents', (raw, unit, cents) => {
    expect(value(parseAmount(raw, unit))).toBe(cents)
  })

  it('reads a decimal comma when the profile says so, thousands dots dropped', () => {
    expect(value(parseAmount('1.234,50', 'major', true))).toBe(123_450)
  })

  it.each([
    ['', 'major', 'amount is empty'],
    ['abc', 'major', 'amount is not a number'],
    ['12.345', 'major', 'amount has more than two decimals'],
    ['12.5', 'cents', 'amount in cents has decimals'],
  ] as const)('%j (%s) is rejected: %s', (raw, unit, why) => {
    expect(reason(parseAmount(raw, unit))).toBe(why)
  })

  it('formats cents back with two decimals', () => {
    expect([formatCents(5), formatCents(1250), formatCents(-100)]).toEqual(['0.05', '12.50', '-1.00'])
  })
})

describe('dates and times', () => {
  const mar5 = civilDay(2026, 3, 5)

  it.each([
    ['2026-03-05', 'YMD'],
    ['2026/3/5', 'YMD'],
    ['2026.03.05', 'YMD'],
    ['20260305', 'YMD'],
    ['2026年3月5日', 'YMD'],
    ['05.03.2026', 'MDY'],
    ['05/03/2026', 'DMY'],
    ['03/05/2026', 'MDY'],
    ['5-Mar-2026', 'DMY'],
    ['05/03/26', 'DMY'],
  ] as const)('%s (%s) is 2026-03-05', (raw, order) => {
    expect(value(parseDate(raw, order))).toBe(mar5)
  })

  it('rejects impossible dates with a reason that names the reading', () => {
    expect(reason(parseDate('2026-02-30'))).toBe('not a valid date')
    expect(reason(parseDate('13/25/2026', 'MDY'))).toBe('not a valid date (read as month/day/year)')
    expect(reason(parseDate('next tuesday'))).toBe('date format not recognised')
  })

  it.each([
    ['14:03:22', 50_602],
    ['14:03', 50_580],
    ['140322', 50_602],
    ['1403', 50_580],
    ['14:03:22.123', 50_602],
  ])('time %s → %i s', (raw, sec) => {
    expect(value(parseTime(raw))).toBe(sec)
  })

  it('rejects 24:00 and 12:60', () => {
    expect(reason(parseTime('24:00'))).toBe('not a valid time')
    expect(reason(parseTime('12:60'))).toBe('not a valid time')
  })

  it.each([
    ['2026-03-05 14:03:22', 50_602],
    ['2026-03-05T14:03:22', 50_602],
    ['20260305140322', 50_602],
    ['05.03.2026 14:03', 50_580],
    ['2026/3/5 14:03:22', 50_602],
  ])('date-time %s', (raw, sec) => {
    expect(value(parseDateTime(raw, 'DMY'))).toEqual({day: mar5, sec})
  })

  it('a date alone has no time (-1)', () => {
    expect(value(parseDateTime('2026-03-05'))).toEqual({day: mar5, sec: -1})
  })

  it('ISO 8601 with an offset is converted to this machine\'s local day and time', () => {
    const iso = '2026-03-05T23:30:00Z'
    const local = new Date(iso)
    expect(value(parseDateTime(iso))).toEqual({
      day: civilDay(local.getFullYear(), local.getMonth() + 1, local.getDate()),
      sec: local.getHours() * 3600 + local.getMinutes() * 60 + local.getSeconds(),
    })
  })

  it('civil days round-trip and know their weekday', () => {
    for (const d of [0, mar5, civilDay(2000, 2, 29), civilDay(2099, 12, 31)]) {
      const {y, m, d: dd} = civilFromDay(d)
      expect(civilDay(y, m, dd)).toBe(d)
    }
    expect(dayToIso(mar5)).toBe('2026-03-05')
    expect(weekday(mar5)).toBe(4)
  })

  it('T+1 skips the weekend: Thursday → Friday, Friday and Saturday → Monday', () => {
    expect(dayToIso(nextBusinessDay(mar5))).toBe('2026-03-06')
    expect(dayToIso(nextBusinessDay(mar5 + 1))).toBe('2026-03-09')
    expect(dayToIso(nextBusinessDay(mar5 + 2))).toBe('2026-03-09')
  })
})

describe('maskPan', () => {
  it.each([
    ['622588******1234', '622588******1234'],
    ['6225 88** **** 1234', '622588******1234'],
    ['************1234', '************1234'],
    ['6225XXXXXXXX1234', '************1234'],
    ['622588...1234', '622588******1234'],
    ['62258812****1234', '622588******1234'],
    ['***************4281', '***************4281'],
  ])('%s → %s', (raw, masked) => {
    expect(maskPan(raw)?.masked).toBe(masked)
  })

  it('a full PAN arriving by mistake keeps only BIN and last four', () => {
    const m = maskPan(VISA_TEST_CARD.pan)!
    expect(m.masked).toBe(VISA_TEST_CARD.masked)
    expect(m).toEqual({masked: '411111******1111', first6: '411111', last4: '1111'})
    expect(maskPan(VISA_TEST_CARD.pan.replace(/(\d{4})(?=\d)/g, '$1-'))?.masked).toBe(VISA_TEST_CARD.masked)
  })

  it('digit runs that are not a PAN keep the last four only; text keeps nothing', () => {
    expect(maskPan('12345678')?.masked).toBe('****5678')
    expect(maskPan('card')?.masked).toBe('****')
    expect(maskPan('  ')).toBeUndefined()
  })
})

describe('standardMaskAt (the byte fast path before maskPan)', () => {
  it('accepts exactly what the BIN + stars + last four pattern accepts, and maskPan keeps those as they are', () => {
    const shape = fc.oneof(
      fc.stringMatching(/^\d{6}\*{3,9}\d{4}$/),
      fc.string({unit: fc.constantFrom('0', '5', '9', '*', 'x', ' ', '卡'), maxLength: 22}),
    )
    fc.assert(
      fc.property(shape, fc.string({maxLength: 3}), (cell, pad) => {
        const buf = Buffer.from(pad + cell + pad, 'utf8')
        const at = Buffer.byteLength(pad, 'utf8')
        const fast = standardMaskAt(buf, at, at + Buffer.byteLength(cell, 'utf8'))
        expect(fast).toBe(/^\d{6}\*{3,9}\d{4}$/.test(cell))
        if (fast) expect(maskPan(cell)?.masked).toBe(cell)
      }),
      {numRuns: 2000},
    )
  })
})
