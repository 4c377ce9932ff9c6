/**
 * Cell parsers for journal and settlement exports: amounts (yuan with decimals or cents), dates
 * and times in the formats acquirers and terminals write, card numbers masked in any style.
 * Pure functions; a failure is a short reason, never an exception. Dates are civil days (days
 * since 1970-01-01 of the local calendar date) so matching never touches time zones.
 */

export type Parsed<T> = {ok: true; value: T} | {ok: false; reason: string}

const ok = <T>(value: T): Parsed<T> => ({ok: true, value})
const fail = <T>(reason: string): Parsed<T> => ({ok: false, reason})

// ---- amounts --------------------------------------------------------------------------------

export type AmountUnit = 'major' | 'cents'

/**
 * "1,234.50", "¥12.50", "12.5 元", "-12.50", "(12.50)", "1250" (cents), "12,50" (decimal comma).
 * Returns signed cents. Major units keep at most two decimals (more only if they are zeros).
 */
const PLAIN_CENTS = /^\d{1,12}$/
const PLAIN_MAJOR = /^(\d{1,10})\.(\d\d)$/

export function parseAmount(raw: string, unit: AmountUnit, decimalComma = false): Parsed<number> {
  // fast paths for the shapes most files use: "1250" (cents) and "12.50"
  if (unit === 'cents' && PLAIN_CENTS.test(raw)) return ok(Number(raw))
  if (unit === 'major' && !decimalComma) {
    const m = PLAIN_MAJOR.exec(raw)
    if (m) return ok(Number(m[1]) * 100 + Number(m[2]))
  }
  let s = raw.trim()
  if (s === '') return fail('amount is empty')
  let negative = false
  if (s.startsWith('(') && s.endsWith(')')) {
    negative = true
    s = s.slice(1, -1)
  }
  // currency signs and words around the number
  s = s.replace(/^(?:[¥￥€$£]|RMB|CNY|EUR|USD|元)\s*/i, '').replace(/\s*(?:元|RMB|CNY|EUR|USD|[¥￥€$£])$/i, '')
  if (s.startsWith('-') || s.startsWith('−')) {
    negative = !negative
    s = s.slice(1)
  } else if (s.startsWith('+')) s = s.slice(1)
  if (s.endsWith('-')) {
    // "12.50-" (trailing minus, as some bank exports write it)
    negative = !negative
    s = s.slice(0, -1)
  }
  s = s.replace(/[\s']/g, '')
  if (decimalComma || /^\d+,\d{1,2}$/.test(s)) s = s.replace(/\./g, '').replace(',', '.')
  else s = s.replace(/,/g, '')
  if (!/^\d+(\.\d+)?$/.test(s)) return fail('amount is not a number')
  const [int, frac = ''] = s.split('.') as [string, string?]
  let cents: number
  if (unit === 'cents') {
    if (frac !== '' && !/^0+$/.test(frac)) return fail('amount in cents has decimals')
    cents = Number(int)
  } else {
    if (frac.length > 2 && !/^0+$/.test(frac.slice(2))) return fail('amount has more than two decimals')
    cents = Number(int) * 100 + Number((frac + '00').slice(0, 2))
  }
  // 12 digits of cents is the most any card scheme or ZVT (6 bytes BCD) carries; more is not an amount
  if (!Number.isSafeInteger(cents) || cents >= 1e12) return fail('amount out of range')
  return ok(negative ? -cents : cents)
}

/** "12.50" from 1250 (always two decimals, "-" for negatives). */
export function formatCents(cents: number): string {
  const sign = cents < 0 ? '-' : ''
  const abs = Math.abs(cents)
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`
}

// ---- dates and times --------------------------------------------------------------------------

export type DateOrder = 'YMD' | 'DMY' | 'MDY'

/** Days since 1970-01-01 for a proleptic Gregorian date (Howard Hinnant's days_from_civil). */
export function civilDay(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y
  const era = Math.floor(yy / 400)
  const yoe = yy - era * 400
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy
  return era * 146097 + doe - 719468
}

export function civilFromDay(day: number): {y: number; m: number; d: number} {
  const z = day + 719468
  const era = Math.floor(z / 146097)
  const doe = z - era * 146097
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365)
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100))
  const mp = Math.floor((5 * doy + 2) / 153)
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1
  const m = mp + (mp < 10 ? 3 : -9)
  return {y: era * 400 + yoe + (m <= 2 ? 1 : 0), m, d}
}

const p2 = (n: number) => String(n).padStart(2, '0')

export function dayToIso(day: number): string {
  const {y, m, d} = civilFromDay(day)
  return `${y}-${p2(m)}-${p2(d)}`
}

/** 0 Sunday .. 6 Saturday */
export function weekday(day: number): number {
  return (((day + 4) % 7) + 7) % 7
}

/** T+1 in business days: Friday/Saturday/Sunday items are paid out on Monday (holidays are not known). */
export function nextBusinessDay(day: number): number {
  let d = day + 1
  while (weekday(d) === 0 || weekday(d) === 6) d++
  return d
}

export function secondsToTime(sec: number): string {
  return `${p2(Math.floor(sec / 3600))}:${p2(Math.floor(sec / 60) % 60)}:${p2(sec % 60)}`
}

function validDate(y: number, m: number, d: number): boolean {
  if (y < 1990 || y > 2100 || m < 1 || m > 12 || d < 1) return false
  const dim = [31, y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]!
  return d <= dim
}

const MONTHS: Readonly<Record<string, number>> = {jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12}

/**
 * A calendar date: 2026-03-05, 2026/3/5, 2026.03.05, 20260305, 2026年3月5日, 05.03.2026,
 * 05/03/2026 (DMY) or 03/05/2026 (MDY, by profile), 5-Mar-2026. Four-digit-year-first forms
 * are read the same whatever the order setting.
 */
export function parseDate(raw: string, order: DateOrder = 'YMD'): Parsed<number> {
  const s = raw.trim()
  if (s === '') return fail('date is empty')
  let y: number, m: number, d: number
  let r = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(s) ?? /^(\d{4})(\d{2})(\d{2})$/.exec(s)
  if (r) {
    y = +r[1]!
    m = +r[2]!
    d = +r[3]!
  } else if ((r = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4}|\d{2})$/.exec(s))) {
    const a = +r[1]!
    const b = +r[2]!
    y = r[3]!.length === 2 ? 2000 + +r[3]! : +r[3]!
    if (order === 'MDY') [m, d] = [a, b]
    else [d, m] = [a, b]
    // German dotted dates are always day first
    if (s.includes('.')) [d, m] = [a, b]
  } else if ((r = /^(\d{1,2})[-\s]([A-Za-z]{3})[a-z]*[-\s,]+(\d{4})$/.exec(s))) {
    d = +r[1]!
    m = MONTHS[r[2]!.toLowerCase()] ?? 0
    y = +r[3]!
  } else return fail('date format not recognised')
  if (!validDate(y, m, d)) return fail(order === 'MDY' ? 'not a valid date (read as month/day/year)' : 'not a valid date')
  return ok(civilDay(y, m, d))
}

/** 14:03:22, 14:03, 140322, 1403, 14.03.22; optional fractional seconds. Seconds since midnight. */
export function parseTime(raw: string): Parsed<number> {
  const s = raw.trim()
  if (s === '') return fail('time is empty')
  const r = /^(\d{1,2})[:.](\d{2})(?:[:.](\d{2})(?:[.,]\d+)?)?$/.exec(s) ?? /^(\d{2})(\d{2})(\d{2})?$/.exec(s)
  if (!r) return fail('time format not recognised')
  const h = +r[1]!
  const mi = +r[2]!
  const se = r[3] === undefined ? 0 : +r[3]
  if (h > 23 || mi > 59 || se > 59) return fail('not a valid time')
  return ok(h * 3600 + mi * 60 + se)
}

export interface DayTime {
  day: number
  /** seconds since local midnight; -1 when the cell had a date only */
  sec: number
}

/**
 * Date and time in one cell: "2026-03-05 14:03:22", "2026-03-05T14:03:22", "20260305140322",
 * "05.03.2026 14:03", or ISO 8601 with Z / offset (then converted to this machine's local time,
 * which is the business day the merchant sees).
 */
export function parseDateTime(raw: string, order: DateOrder = 'YMD'): Parsed<DayTime> {
  const fast = isoLocal(raw)
  if (fast) return ok(fast)
  const s = raw.trim()
  if (s === '') return fail('date/time is empty')
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(s)) {
    const t = Date.parse(s)
    if (Number.isNaN(t)) return fail('not a valid date/time')
    const dt = new Date(t)
    return ok({day: civilDay(dt.getFullYear(), dt.getMonth() + 1, dt.getDate()), sec: dt.getHours() * 3600 + dt.getMinutes() * 60 + dt.getSeconds()})
  }
  const compact = /^(\d{8})(\d{6})$/.exec(s)
  if (compact) return combine(parseDate(compact[1]!, order), parseTime(compact[2]!))
  const parts = /^(.+?)[T\s]+(\d{1,2}[:.]\d{2}(?:[:.]\d{2}(?:[.,]\d+)?)?)$/.exec(s)
  if (parts) return combine(parseDate(parts[1]!, order), parseTime(parts[2]!))
  const dateOnly = parseDate(s, order)
  return dateOnly.ok ? ok({day: dateOnly.value, sec: -1}) : dateOnly
}

const ISO_DIGITS = [0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18]

const isoScratch = new Uint8Array(19)

/** "YYYY-MM-DD HH:MM:SS" as a string: the byte path below on its character codes. */
function isoLocal(s: string): DayTime | undefined {
  if (s.length !== 19) return undefined
  for (let i = 0; i < 19; i++) {
    const c = s.charCodeAt(i)
    if (c > 127) return undefined
    isoScratch[i] = c
  }
  return isoLocalAt(isoScratch, 0, 19)
}

// ---- the same fast paths on raw bytes (the CSV scanner's cells: no string is made) -----------

/** Digits only, 1 to 12 of them → the number; -1 for anything else (the caller takes the string path). */
export function digitsAt(buf: Uint8Array, s: number, e: number): number {
  if (e <= s || e - s > 12) return -1
  let n = 0
  for (let k = s; k < e; k++) {
    const d = buf[k]! - 48
    if (d < 0 || d > 9) return -1
    n = n * 10 + d
  }
  return n
}

/** "YYYY-MM-DD HH:MM:SS" in bytes, without regexes (the hot path for 1M-row files); undefined for anything else. */
export function isoLocalAt(buf: Uint8Array, s: number, e: number): DayTime | undefined {
  if (e - s !== 19 || buf[s + 4] !== 45 || buf[s + 7] !== 45 || buf[s + 10] !== 32 || buf[s + 13] !== 58 || buf[s + 16] !== 58) return undefined
  for (const i of ISO_DIGITS) {
    const d = buf[s + i]! - 48
    if (d < 0 || d > 9) return undefined
  }
  const y = (buf[s]! - 48) * 1000 + (buf[s + 1]! - 48) * 100 + (buf[s + 2]! - 48) * 10 + (buf[s + 3]! - 48)
  const m = (buf[s + 5]! - 48) * 10 + (buf[s + 6]! - 48)
  const d = (buf[s + 8]! - 48) * 10 + (buf[s + 9]! - 48)
  const h = (buf[s + 11]! - 48) * 10 + (buf[s + 12]! - 48)
  const mi = (buf[s + 14]! - 48) * 10 + (buf[s + 15]! - 48)
  const se = (buf[s + 17]! - 48) * 10 + (buf[s + 18]! - 48)
  if (!validDate(y, m, d) || h > 23 || mi > 59 || se > 59) return undefined
  return {day: civilDay(y, m, d), sec: h * 3600 + mi * 60 + se}
}

/** "HH:MM:SS", "HHMMSS" or "HH:MM" in bytes (separate time columns); seconds, or -1 for anything else. */
export function timeAt(buf: Uint8Array, s: number, e: number): number {
  const n = e - s
  const two = (i: number) => {
    const a = buf[i]! - 48
    const b = buf[i + 1]! - 48
    return a < 0 || a > 9 || b < 0 || b > 9 ? -1 : a * 10 + b
  }
  let h: number, mi: number, se: number
  if (n === 8 && buf[s + 2] === 58 && buf[s + 5] === 58) [h, mi, se] = [two(s), two(s + 3), two(s + 6)]
  else if (n === 6) [h, mi, se] = [two(s), two(s + 2), two(s + 4)]
  else if (n === 5 && buf[s + 2] === 58) [h, mi, se] = [two(s), two(s + 3), 0]
  else return -1
  if (h < 0 || mi < 0 || se < 0 || h > 23 || mi > 59 || se > 59) return -1
  return h * 3600 + mi * 60 + se
}

/**
 * The two amount shapes most files use, in bytes: "1250" (cents, up to 12 digits) and "12.50"
 * (major units, up to 10 digits before the point). Cents, or -1 for anything else.
 */
export function plainAmountAt(buf: Uint8Array, s: number, e: number, unit: AmountUnit, decimalComma = false): number {
  if (unit === 'cents') return digitsAt(buf, s, e)
  if (decimalComma || e - s < 4 || e - s > 13 || buf[e - 3] !== 46) return -1
  const major = digitsAt(buf, s, e - 3)
  const d1 = buf[e - 2]! - 48
  const d2 = buf[e - 1]! - 48
  if (major < 0 || d1 < 0 || d1 > 9 || d2 < 0 || d2 > 9) return -1
  return major * 100 + d1 * 10 + d2
}

function combine(d: Parsed<number>, t: Parsed<number>): Parsed<DayTime> {
  if (!d.ok) return d
  if (!t.ok) return t
  return ok({day: d.value, sec: t.value})
}

// ---- card numbers ---------------------------------------------------------------------------

export interface MaskedPan {
  /** first 6 / last 4 at most, '*' for everything hidden */
  masked: string
  /** BIN as digits, '' when not shown */
  first6: string
  /** '' when not shown */
  last4: string
}

const MASK_CHARS = /[*xX#•·.…]/

/**
 * Any way a card number may arrive (622588******1234, 6225 88** **** 1234, ************1234,
 * 6225XXXXXXXX1234, 622588...1234, or a full PAN by mistake) → at most BIN + last four.
 * A full PAN is masked here, at the door: nothing behind this sees it.
 */
const STANDARD_MASK = /^(\d{6})\*{3,9}(\d{4})$/

/** STANDARD_MASK on bytes: 6 digits, 3-9 '*', 4 digits (the shape most exports use). */
export function standardMaskAt(buf: Uint8Array, s: number, e: number): boolean {
  const stars = e - s - 10
  if (stars < 3 || stars > 9) return false
  for (let k = s; k < e; k++) {
    const c = buf[k]!
    if (k < s + 6 || k >= e - 4 ? c < 48 || c > 57 : c !== 42) return false
  }
  return true
}

export function maskPan(raw: string): MaskedPan | undefined {
  // already BIN + stars + last four: nothing to do
  const std = STANDARD_MASK.exec(raw)
  if (std) return {masked: raw, first6: std[1]!, last4: std[2]!}
  const s = raw.replace(/[\s-]/g, '')
  if (s === '') return undefined
  if (/^\d+$/.test(s)) {
    // 13-19 digits is a PAN (BIN + last four may show); anything else keeps the last four only
    if (s.length < 13 || s.length > 19) return {masked: '*'.repeat(Math.max(4, s.length - 4)) + s.slice(-4), first6: '', last4: s.slice(-4)}
    return {masked: s.slice(0, 6) + '*'.repeat(s.length - 10) + s.slice(-4), first6: s.slice(0, 6), last4: s.slice(-4)}
  }
  if (!MASK_CHARS.test(s) || /[^\d*xX#•·.…]/.test(s)) return {masked: '*'.repeat(4), first6: '', last4: ''}
  const lead = /^\d+/.exec(s)?.[0] ?? ''
  const tail = /\d+$/.exec(s)?.[0] ?? ''
  const first6 = lead.length >= 6 ? lead.slice(0, 6) : ''
  const last4 = tail.length >= 4 ? tail.slice(-4) : ''
  // the length is known unless an ellipsis hides it; then assume the common 16
  const length = /[.…]{2,}|…/.test(s) ? 16 : s.length
  const hidden = Math.max(1, length - first6.length - last4.length)
  return {masked: first6 + '*'.repeat(hidden) + last4, first6, last4}
}
