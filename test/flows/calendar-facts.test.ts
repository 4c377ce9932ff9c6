import {describe, expect, it} from 'vitest'

import {calendarFacts} from '../../src/flows/calendar-facts.js'
import {nextBusinessDay} from '../../src/verdict/time.js'

describe('payout calendar facts (one calendar with recon --payouts)', () => {
  it('China: National Day is no business day, the 调休 Saturday is; T+1 follows', () => {
    const f = calendarFacts({currency: 'CNY', timeZone: 'Asia/Shanghai', nowMs: Date.parse('2026-10-05T04:00:00Z')})
    expect(f.calendar).toBe('CN')
    expect(f.holidays).toEqual(expect.arrayContaining(['2026-10-01', '2026-10-02', '2026-10-05', '2026-10-06', '2026-10-07']))
    expect(f.workdays).toContain('2026-10-10')
    expect(nextBusinessDay('2026-09-30', f.holidays, f.workdays)).toBe('2026-10-08')
    expect(nextBusinessDay('2026-10-09', f.holidays, f.workdays)).toBe('2026-10-10')
  })
  it('euros: the German calendar (Christmas, then the weekend)', () => {
    const f = calendarFacts({currency: 'EUR', timeZone: 'UTC', nowMs: Date.parse('2026-12-20T10:00:00Z')})
    expect(f.calendar).toBe('DE')
    expect(nextBusinessDay('2026-12-24', f.holidays, f.workdays)).toBe('2026-12-28')
  })
})
