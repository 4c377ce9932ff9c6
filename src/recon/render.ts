/** Human view of a reconciliation and of an import: summary table, per-day totals, items to look at. */
import chalk from 'chalk'
import path from 'node:path'

import {getLang, type Lang} from '../i18n/index.js'
import {displayWidth} from '../output/text-width.js'
import {mappingLine} from './auto-map.js'
import {PAYOUT_EXCEPTIONS, type PayoutReport, type PayoutStatus} from './payouts.js'
import type {ReconFileReport, ReconItem, ReconResult} from './engine.js'
import {CATEGORIES, categoryText, EXCEPTIONS, payoutStatusText, reconLabels as RL, tr, type Category} from './recon-text.js'
import {formatCents} from './values.js'

const SHOWN_ITEMS = 20
const SHOWN_BAD_ROWS = 10

// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[[0-9;]*m/g
const width = (s: string) => displayWidth(s.replace(ANSI, ''))

export function pad(s: string, w: number, right = false): string {
  const gap = ' '.repeat(Math.max(0, w - width(s)))
  return right ? gap + s : s + gap
}

export function table(rows: string[][], rightAligned: ReadonlySet<number> = new Set()): string[] {
  const widths: number[] = []
  for (const r of rows) r.forEach((c, i) => (widths[i] = Math.max(widths[i] ?? 0, width(c))))
  return rows.map((r) => r.map((c, i) => pad(c, widths[i]!, rightAligned.has(i))).join('  ').trimEnd())
}

export function fileLine(f: ReconFileReport | {file: string; profile: string; encoding: string; delimiter: string; usable: number; bad: number}, lang: Lang): string {
  const delim = f.delimiter === '\t' ? 'TAB' : f.delimiter
  const bad = f.bad > 0 ? chalk.yellow(`, ${f.bad} ${tr(RL.badRows, lang)}`) : ''
  return `${path.basename(f.file)} — ${f.profile}, ${f.encoding.toUpperCase()}, "${delim}", ${f.usable} ${tr(RL.rows, lang)}${bad}`
}

export function badRowLines(files: ReadonlyArray<{file: string; bad: number; badRows: Array<{line: number; reason: string}>}>, lang: Lang): string[] {
  const out: string[] = []
  for (const f of files) {
    if (f.bad === 0) continue
    out.push(`${path.basename(f.file)}:`)
    for (const b of f.badRows.slice(0, SHOWN_BAD_ROWS)) out.push(`  ${tr(RL.badRowLine, lang)(b.line, b.reason)}`)
    if (f.bad > SHOWN_BAD_ROWS) out.push(`  ${tr(RL.more, lang)(f.bad - SHOWN_BAD_ROWS)}`)
  }
  return out
}

const SYMBOL: Record<Category, string> = {
  settled: chalk.green('✔'),
  missing: chalk.red('✘'),
  'reversed-but-settled': chalk.red('✘'),
  'amount-mismatch': chalk.red('✘'),
  'unknown-to-terminal': chalk.red('✘'),
  'in-window': chalk.yellow('…'),
  'not-expected': chalk.dim('–'),
  'out-of-range': chalk.dim('–'),
}

function itemLines(i: ReconItem, lang: Lang): string[] {
  const zh = lang === 'zh-CN'
  const amount = i.journalAmountCents ?? i.settlementAmountCents
  const head = [
    `${SYMBOL[i.category]} ${i.categoryText}`,
    [i.date, i.time].filter(Boolean).join(' '),
    `TID ${i.terminalId}`,
    i.traceNumber !== null ? `${zh ? '凭证号' : 'trace'} ${i.traceNumber}` : '',
    i.receiptNumber !== null ? `${zh ? '票据号' : 'receipt'} ${i.receiptNumber}` : '',
    amount === null ? '' : `${formatCents(amount)}${i.currency ? ` ${i.currency}` : ''}`,
    i.panMasked ?? '',
  ].filter(Boolean)
  const lines = [head.join('  ')]
  lines.push(`    ${tr(RL.why, lang)}: ${i.explanation}`)
  if (i.ask) lines.push(`    ${tr(RL.ask, lang)}: ${i.ask}`)
  if (i.resultText) lines.push(`    ${tr(RL.code, lang)} ${i.resultCode}: ${i.resultText} — ${i.resultAdvice}`)
  for (const n of i.notes) lines.push(`    ! ${n}`)
  return lines
}

export function renderRecon(r: ReconResult, opts: {out?: {file: string; records: number}} = {}): string {
  const lang = getLang()
  const out: string[] = [chalk.bold(tr(RL.title, lang))]
  for (const f of r.journal) out.push(`  ${tr(RL.journal, lang)}: ${fileLine(f, lang)}`, chalk.dim(`    ${mappingLine(f, lang === 'zh-CN')}`))
  for (const f of r.settlement) out.push(`  ${tr(RL.settlement, lang)}: ${fileLine(f, lang)}`, chalk.dim(`    ${mappingLine(f, lang === 'zh-CN')}`))
  const period = [r.period.journal ? `${tr(RL.journal, lang)} ${r.period.journal.from} … ${r.period.journal.to}` : '', r.period.settlement ? `${tr(RL.settlement, lang)} ${r.period.settlement.from} … ${r.period.settlement.to}` : '']
  out.push(`  ${period.filter(Boolean).join(' · ')}`)
  for (const n of r.notes) out.push(chalk.yellow(`  ! ${n}`))
  const bad = badRowLines([...r.journal, ...r.settlement], lang)
  if (bad.length > 0) out.push('', chalk.yellow(tr(RL.badRows, lang)), ...bad.map((l) => `  ${l}`))

  out.push('')
  const rows: string[][] = [[tr(RL.category, lang), tr(RL.count, lang), tr(RL.journalAmount, lang), tr(RL.settlementAmount, lang)]]
  for (const c of CATEGORIES) {
    const t = r.totals.byCategory[c]
    if (t.count === 0) continue
    rows.push([`${SYMBOL[c]} ${tr(categoryText[c], lang)}`, String(t.count), formatCents(t.journalCents), formatCents(t.settlementCents)])
  }
  out.push(...table(rows, new Set([1, 2, 3])))

  const days = r.byDay.filter((d) => Object.keys(d.counts).some((c) => c !== 'out-of-range' && c !== 'not-expected'))
  if (days.length > 0) {
    out.push('', chalk.bold(tr(RL.perDay, lang)))
    const dayRows: string[][] = [[tr(RL.date, lang), tr(RL.count, lang), tr(RL.exceptions, lang), tr(RL.journalAmount, lang), tr(RL.settlementAmount, lang), tr(RL.difference, lang)]]
    for (const d of days) {
      const total = Object.values(d.counts).reduce((a, b) => a + (b ?? 0), 0)
      const ex = (Object.entries(d.counts) as Array<[Category, number]>).filter(([c]) => EXCEPTIONS.has(c)).reduce((a, [, n]) => a + n, 0)
      const diff = formatCents(d.differenceCents)
      dayRows.push([d.date, String(total), ex > 0 ? chalk.red(String(ex)) : '0', formatCents(d.journalCents), formatCents(d.settlementCents), d.differenceCents === 0 ? diff : chalk.red(diff)])
    }
    out.push(...table(dayRows, new Set([1, 2, 3, 4, 5])))
  }

  if (r.items.length > 0) {
    out.push('', chalk.bold(tr(RL.exceptions, lang)))
    for (const i of r.items.slice(0, SHOWN_ITEMS)) out.push(...itemLines(i, lang))
    const more = r.items.length - SHOWN_ITEMS + r.itemsTruncated
    if (more > 0) out.push(tr(RL.more, lang)(more))
  }
  if (r.payouts) out.push('', ...payoutLines(r.payouts, lang))
  out.push('')
  out.push(r.verdict === 'reconciled' ? chalk.green(tr(RL.verdictOk, lang)) : chalk.red(tr(RL.verdictExceptions, lang)(r.totals.exceptions)))
  if (opts.out) out.push(tr(RL.written, lang)(opts.out.file, opts.out.records))
  return out.join('\n')
}

/** The payout leg: counts per status, then every payout that needs a look with what to ask whom. */
function payoutLines(p: PayoutReport, lang: Lang): string[] {
  const zh = lang === 'zh-CN'
  const out = [chalk.bold(zh ? `结算款到账核对(${path.basename(p.file)}，${p.calendar.name} 工作日历)` : `Payouts to the bank account (${path.basename(p.file)}, ${p.calendar.name} business days)`)]
  if (p.statementPeriod) out.push(`  ${zh ? '流水期间' : 'statement'} ${p.statementPeriod.from} … ${p.statementPeriod.to}, ${p.credits} ${zh ? '笔入账' : 'credits'}${p.bad > 0 ? chalk.yellow(`, ${p.bad} ${tr(RL.badRows, lang)}`) : ''}`)
  const rows: string[][] = []
  for (const s of Object.keys(payoutStatusText) as PayoutStatus[]) if (p.counts[s] > 0) rows.push([`${PAYOUT_EXCEPTIONS.has(s) ? chalk.red('✘') : chalk.green('✔')} ${tr(payoutStatusText[s], lang)}`, String(p.counts[s])])
  out.push(...table(rows, new Set([1])).map((l) => `  ${l}`))
  for (const i of p.items.filter((x) => PAYOUT_EXCEPTIONS.has(x.status) || x.status === 'not-due').slice(0, SHOWN_ITEMS)) {
    out.push(`${PAYOUT_EXCEPTIONS.has(i.status) ? chalk.red('✘') : chalk.yellow('…')} ${tr(payoutStatusText[i.status], lang)}  MID ${i.merchantId}  ${zh ? '清算日' : 'settled'} ${i.settlementDate}  ${formatCents(i.expectedCents)}`)
    out.push(`    ${tr(RL.why, lang)}: ${i.explanation}`)
    if (i.ask) out.push(`    ${tr(RL.ask, lang)}: ${i.ask}`)
  }
  for (const b of p.badRows.slice(0, SHOWN_BAD_ROWS)) out.push(chalk.yellow(`  ${tr(RL.badRowLine, lang)(b.line, b.reason)}`))
  return out
}
