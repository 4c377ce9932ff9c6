/**
 * Local dates and windows for the decision layer: pure functions of an instant and a zone.
 * Terminal journals hold local time without an offset ("2026-12-02 16:16:56").
 */
const fmt = new Map<string, Intl.DateTimeFormat>()
function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = fmt.get(timeZone)
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', {timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23', timeZoneName: 'longOffset'})
    fmt.set(timeZone, f)
  }
  return f
}

function parts(ms: number, timeZone: string): Record<string, string> {
  const p: Record<string, string> = {}
  for (const x of formatter(timeZone).formatToParts(new Date(ms))) p[x.type] = x.value
  return p
}

/** "YYYY-MM-DD HH:MM:SS" local to the zone. */
export function localDateTime(ms: number, timeZone: string): string {
  const p = parts(ms, timeZone)
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second}`
}

export const localDate = (ms: number, timeZone: string): string => localDateTime(ms, timeZone).slice(0, 10)

/** "+08:00" for the zone at that instant. */
export function offsetAt(ms: number, timeZone: string): string {
  const o = (parts(ms, timeZone).timeZoneName ?? 'GMT').replace('GMT', '')
  return o === '' ? '+00:00' : o
}

/** A terminal's local time with the zone's offset: "2026-12-02 16:16:56 +08:00". */
export function withOffset(local: string, timeZone: string, nowMs: number): string {
  // the offset of the day in question (DST): take the instant as if local were UTC, corrected once
  const guess = Date.parse(`${local.replace(' ', 'T')}Z`)
  const ms = Number.isNaN(guess) ? nowMs : guess
  return `${local} ${offsetAt(ms, timeZone)}`
}

export function addDays(date: string, n: number): string {
  const d = new Date(`${date}T12:00:00Z`)
  d.setUTCDate(d.getUTCDate() + n)
  return d.toISOString().slice(0, 10)
}

const isWeekend = (date: string) => {
  const w = new Date(`${date}T12:00:00Z`).getUTCDay()
  return w === 0 || w === 6
}

/**
 * The next business day after `date`: T+1. Weekends and the given public holidays are skipped;
 * `workdays` are weekend days that are working days (China's 调休).
 */
export function nextBusinessDay(date: string, holidays: readonly string[] = [], workdays: readonly string[] = []): string {
  let d = addDays(date, 1)
  while (!workdays.includes(d) && (isWeekend(d) || holidays.includes(d))) d = addDays(d, 1)
  return d
}

export type WhenAnswer = 'minutes' | 'hour' | 'today' | 'yesterday' | 'older'

/** The local time window a merchant's answer names (inclusive bounds, "YYYY-MM-DD HH:MM:SS"). */
export function answerWindow(a: {when?: WhenAnswer; date?: string}, nowMs: number, timeZone: string): {from: string; to: string; label: string} | undefined {
  const now = localDateTime(nowMs, timeZone)
  const today = now.slice(0, 10)
  if (a.date) return {from: `${a.date} 00:00:00`, to: `${a.date} 23:59:59`, label: a.date}
  switch (a.when) {
    case 'minutes':
      // "a few minutes": up to 20, and a minute of slack for the terminal's clock
      return {from: localDateTime(nowMs - 20 * 60_000, timeZone), to: localDateTime(nowMs + 60_000, timeZone), label: 'minutes'}
    case 'hour':
      return {from: localDateTime(nowMs - 65 * 60_000, timeZone), to: localDateTime(nowMs + 60_000, timeZone), label: 'hour'}
    case 'today':
      return {from: `${today} 00:00:00`, to: localDateTime(nowMs + 60_000, timeZone), label: today}
    case 'yesterday': {
      const y = addDays(today, -1)
      return {from: `${y} 00:00:00`, to: `${y} 23:59:59`, label: y}
    }
    case 'older':
      return {from: '0000-01-01 00:00:00', to: `${addDays(today, -2)} 23:59:59`, label: `≤ ${addDays(today, -2)}`}
    default:
      return undefined
  }
}
