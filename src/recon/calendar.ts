/**
 * Business-day calendars for the payout leg: when does a settlement date's money reach the
 * merchant's bank account. Weekends plus public holidays, and for China the weekend days that are
 * working days (调休). Data for 2025–2027 as a table; a config file entry `payoutCalendar` adds or
 * removes days (a year not in the table, a regional holiday, a bank's own closing day).
 *
 * Sources:
 *  - CN: 国务院办公厅关于2025年部分节假日安排的通知 (2024-11-12) and
 *    关于2026年部分节假日安排的通知 (2025); 2027: the statutory days of 全国年节及纪念日放假办法
 *    (2024 revision) only — the 2027 调休 schedule is published by the State Council in late 2026:
 *    add it under `payoutCalendar` in the config file.
 *  - DE: nationwide public holidays (gesetzliche Feiertage in allen Ländern) and the TARGET2
 *    closing days of the ECB (New Year, Good Friday, Easter Monday, 1 May, 25/26 December).
 */
import {civilDay, dayToIso} from './values.js'

export type CalendarName = 'CN' | 'DE'

interface CalendarData {
  source: string
  /** YYYY-MM-DD or YYYY-MM-DD..YYYY-MM-DD */
  holidays: readonly string[]
  /** weekend days that are working days */
  workdays: readonly string[]
  /** years the table covers */
  years: readonly number[]
}

const DATA: Readonly<Record<CalendarName, CalendarData>> = {
  CN: {
    source: '国务院办公厅节假日安排通知 2025, 2026; 2027 statutory days only (全国年节及纪念日放假办法)',
    holidays: [
      '2025-01-01', '2025-01-28..2025-02-04', '2025-04-04..2025-04-06', '2025-05-01..2025-05-05', '2025-05-31..2025-06-02', '2025-10-01..2025-10-08',
      '2026-01-01..2026-01-03', '2026-02-15..2026-02-23', '2026-04-04..2026-04-06', '2026-05-01..2026-05-05', '2026-06-19..2026-06-21', '2026-09-25..2026-09-27', '2026-10-01..2026-10-07',
      '2027-01-01', '2027-02-05..2027-02-08', '2027-04-05', '2027-05-01..2027-05-02', '2027-06-09', '2027-09-15', '2027-10-01..2027-10-03',
    ],
    workdays: ['2025-01-26', '2025-02-08', '2025-04-27', '2025-09-28', '2025-10-11', '2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10'],
    years: [2025, 2026, 2027],
  },
  DE: {
    source: 'bundesweite gesetzliche Feiertage and ECB TARGET2 closing days, 2025–2027',
    holidays: [
      '2025-01-01', '2025-04-18', '2025-04-21', '2025-05-01', '2025-05-29', '2025-06-09', '2025-10-03', '2025-12-25', '2025-12-26',
      '2026-01-01', '2026-04-03', '2026-04-06', '2026-05-01', '2026-05-14', '2026-05-25', '2026-10-03', '2026-12-25', '2026-12-26',
      '2027-01-01', '2027-03-26', '2027-03-29', '2027-05-01', '2027-05-06', '2027-05-17', '2027-10-03', '2027-12-25', '2027-12-26',
    ],
    workdays: [],
    years: [2025, 2026, 2027],
  },
}

export interface CalendarOverride {
  base?: string
  holidays?: string[]
  workdays?: string[]
}

/** Saturday or Sunday (1970-01-01, day 0, was a Thursday). */
export function isWeekend(day: number): boolean {
  const weekday = (((day + 4) % 7) + 7) % 7
  return weekday === 0 || weekday === 6
}

export class BusinessCalendar {
  private readonly holidays = new Set<number>()
  private readonly workdays = new Set<number>()
  constructor(
    readonly name: string,
    readonly source: string,
    holidays: readonly string[],
    workdays: readonly string[],
    readonly years: readonly number[],
  ) {
    for (const h of holidays) for (const d of expand(h)) this.holidays.add(d)
    for (const w of workdays) for (const d of expand(w)) this.workdays.add(d)
  }

  isBusinessDay(day: number): boolean {
    if (this.workdays.has(day)) return true
    if (this.holidays.has(day)) return false
    return !isWeekend(day)
  }

  /** The day itself when it is a business day, else the next one. */
  onOrAfter(day: number): number {
    let d = day
    while (!this.isBusinessDay(d)) d++
    return d
  }

  /** Business days from a to b (b after a: positive). */
  businessDaysBetween(a: number, b: number): number {
    if (b < a) return -this.businessDaysBetween(b, a)
    let n = 0
    for (let d = a + 1; d <= b; d++) if (this.isBusinessDay(d)) n++
    return n
  }

  addBusinessDays(day: number, n: number): number {
    let d = day
    for (let k = 0; k < n; k++) d = this.onOrAfter(d + 1)
    return d
  }

  covers(day: number): boolean {
    return this.years.includes(Number(dayToIso(day).slice(0, 4)))
  }
}

function expand(spec: string): number[] {
  const [a, b] = spec.split('..')
  const from = isoDay(a!)
  const to = b ? isoDay(b) : from
  const out: number[] = []
  for (let d = from; d <= to; d++) out.push(d)
  return out
}

function isoDay(s: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s.trim())
  if (!m) throw new Error(`calendar date "${s}": YYYY-MM-DD expected`)
  return civilDay(Number(m[1]), Number(m[2]), Number(m[3]))
}

export const CALENDAR_NAMES: readonly CalendarName[] = ['CN', 'DE']

/** A built-in calendar, with the config file's additions (they win: a listed workday is one). */
export function businessCalendar(name: CalendarName, override?: CalendarOverride): BusinessCalendar {
  const d = DATA[name]
  const extraYears = [...(override?.holidays ?? []), ...(override?.workdays ?? [])].map((s) => Number(s.slice(0, 4)))
  const source = override && (override.holidays?.length || override.workdays?.length) ? `${d.source}; with the config file's payoutCalendar` : d.source
  return new BusinessCalendar(name, source, [...d.holidays, ...(override?.holidays ?? [])], [...d.workdays, ...(override?.workdays ?? [])], [...new Set([...d.years, ...extraYears])])
}
