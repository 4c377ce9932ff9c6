/** Human views of `logs import` and `logs pull`. */
import chalk from 'chalk'
import path from 'node:path'

import {getLang} from '../i18n/index.js'
import {renderChecks} from '../output/render-checks.js'
import {mappingLine} from '../recon/auto-map.js'
import {badRowLines, fileLine} from '../recon/render.js'
import {formatCents} from '../recon/values.js'
import type {ImportResult} from './import-command.js'
import {logsText as T} from './logs-text.js'
import type {PullResult} from './pull.js'

const counts = (o: Record<string, number>) =>
  Object.entries(o)
    .sort((a, b) => b[1] - a[1])
    .map(([k, n]) => `${k} ${n}`)
    .join(' · ')

export function renderImport(r: ImportResult): string {
  const lang = getLang()
  const f = r.file
  const out: string[] = [chalk.bold(T.importTitle[lang])]
  const kind = f.kind === 'journal' ? T.kindJournal[lang] : T.kindSettlement[lang]
  out.push(`  ${T.file[lang]}: ${fileLine({...f, usable: r.stats.usable, bad: r.stats.bad}, lang)} (${kind}, ${T.headerLine[lang](f.headerLine)})`)
  out.push(`  ${mappingLine(f, lang === 'zh-CN')}`)
  if (f.ignoredColumns.length > 0) out.push(`  ${T.ignored[lang]}: ${f.ignoredColumns.join(', ')}`)
  out.push(`  ${T.rows[lang](r.stats.rows, r.stats.usable, r.stats.bad, r.stats.summaryRows)}`)
  const s = r.summary
  if (s.period) out.push(`  ${T.period[lang]}: ${s.period.from} … ${s.period.to}`)
  out.push(`  ${T.terminals[lang]}: ${s.terminals.join(', ')}`)
  out.push(`  ${T.types[lang]}: ${counts(s.byType)}`)
  out.push(`  ${T.states[lang]}: ${counts(s.byState)}`)
  if (s.bySettlementStatus) out.push(`  ${T.statuses[lang]}: ${counts(s.bySettlementStatus)}`)
  const net = Object.entries(s.netCents).map(([cur, c]) => `${formatCents(c)}${cur ? ` ${cur}` : ''}`)
  if (net.length > 0) out.push(`  ${T.net[lang]}: ${net.join(', ')}`)
  if (s.codes.length > 0) {
    out.push('', chalk.bold(T.codes[lang]))
    for (const c of s.codes) out.push(`  ${c.code} ×${c.count}  ${c.text}`, `      ${c.advice}`)
  }
  const bad = badRowLines([{file: f.file, bad: r.stats.bad, badRows: r.stats.badRows}], lang)
  if (bad.length > 0) out.push('', chalk.yellow(T.badRows[lang]), ...bad.map((l) => `  ${l}`))
  if (r.out) out.push('', T.written[lang](r.out.file, r.out.records))
  return out.join('\n')
}

export function renderPull(r: PullResult): string {
  const lang = getLang()
  const out: string[] = [chalk.bold(T.pullTitle[lang])]
  const id = [r.terminal.terminalId ? `TID ${r.terminal.terminalId}` : '', r.terminal.softwareVersion ?? ''].filter(Boolean).join(', ')
  out.push(`  ${r.target.link}${id ? ` (${id})` : ''}`)
  out.push('', renderChecks(r.steps))
  if (r.declined.length > 0) {
    out.push('', chalk.bold(T.nonZero[lang]))
    for (const d of r.declined.slice(0, 20)) {
      out.push(`  ${[d.time, d.receiptNumber !== null ? `#${d.receiptNumber}` : '', d.amount, d.code].filter(Boolean).join('  ')}  ${d.text}`)
      out.push(`      ${d.advice}`)
    }
    if (r.declined.length > 20) out.push(`  … ${r.declined.length - 20}`)
  }
  out.push('', T.outDir[lang](r.outDir))
  for (const f of r.files) out.push(`  ${path.basename(f.name)}  ${f.bytes} B`)
  out.push('', r.verdict === 'complete' ? chalk.green(T.verdictComplete[lang]) : chalk.yellow(T.verdictPartial[lang]))
  return out.join('\n')
}
