/**
 * The payout calendar as facts for the decision layer: the public holidays and the working
 * weekend days around now, from the one business calendar (src/recon/calendar.ts, with the config
 * file's payoutCalendar additions). China unless the money is euros or the PC is in Europe.
 */
import {businessCalendar, isWeekend, type CalendarName} from '../recon/calendar.js'
import {civilDay, dayToIso} from '../recon/values.js'

export function calendarFacts(opts: {currency?: string; timeZone: string; nowMs: number; override?: {holidays?: string[]; workdays?: string[]}}): {holidays: string[]; workdays: string[]; calendar: CalendarName} {
  const name: CalendarName = opts.currency === 'EUR' || (opts.currency === undefined && opts.timeZone.startsWith('Europe/')) ? 'DE' : 'CN'
  const cal = businessCalendar(name, opts.override)
  const now = new Date(opts.nowMs)
  const today = civilDay(now.getUTCFullYear(), now.getUTCMonth() + 1, now.getUTCDate())
  const holidays: string[] = []
  const workdays: string[] = []
  // a payout question reaches back weeks, and its due date a few weeks ahead
  for (let d = today - 120; d <= today + 45; d++) {
    const weekend = isWeekend(d)
    const business = cal.isBusinessDay(d)
    if (!weekend && !business) holidays.push(dayToIso(d))
    if (weekend && business) workdays.push(dayToIso(d))
  }
  return {holidays, workdays, calendar: name}
}
