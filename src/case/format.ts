import {formatAmount} from '../domain/money.js'
import {displayWidth, padEnd} from '../output/text-width.js'
/** Shared formatting for case and report output: local times in the case's zone, money, widths. */

const formatters = new Map<string, Intl.DateTimeFormat>()

function formatter(timeZone: string | undefined): Intl.DateTimeFormat {
  const key = timeZone ?? ''
  let f = formatters.get(key)
  if (!f) {
    const opts: Intl.DateTimeFormatOptions = {year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23', timeZoneName: 'longOffset'}
    try {
      f = new Intl.DateTimeFormat('en-GB', {...opts, ...(timeZone ? {timeZone} : {})})
    } catch {
      // unknown zone name (case made on another machine): UTC is unambiguous
      f = new Intl.DateTimeFormat('en-GB', {...opts, timeZone: 'UTC'})
    }
    formatters.set(key, f)
  }
  return f
}

/** "2026-11-23 14:32:05" (+ " UTC+08:00" with `offset`) in `timeZone`; non-ISO input is returned as is. */
export function formatTime(iso: string, timeZone?: string, opts: {offset?: boolean; seconds?: boolean} = {}): string {
  const d = new Date(iso)
  if (!/^\d{4}-\d{2}-\d{2}T/.test(iso) || Number.isNaN(d.getTime())) return iso
  const p: Record<string, string> = {}
  for (const part of formatter(timeZone).formatToParts(d)) p[part.type] = part.value
  const off = (p.timeZoneName ?? 'GMT').replace('GMT', 'UTC')
  const time = opts.seconds === false ? `${p.hour}:${p.minute}` : `${p.hour}:${p.minute}:${p.second}`
  return `${p.year}-${p.month}-${p.day} ${time}${opts.offset ? ` ${off === 'UTC' ? 'UTC+00:00' : off}` : ''}`
}

/** 1250 → "12.50", with the currency as recorded when known (the digits: src/domain/money.ts). */
export function formatMoney(cents: number, currency?: string): string {
  return `${formatAmount(cents)}${currency ? ` ${currency}` : ''}`
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`
  return `${(n / 1024 / 1024).toFixed(1)} MiB`
}

export {displayWidth, padEnd}

/** A plain text table (no colour), CJK-aware. */
export function textTable(head: string[], rows: string[][]): string {
  const widths = head.map((h, i) => Math.max(displayWidth(h), ...rows.map((r) => displayWidth(r[i] ?? ''))))
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : padEnd(c, widths[i]!)))
      .join('  ')
      .trimEnd()
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n')
}
