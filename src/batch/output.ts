import {getLang} from '../i18n/index.js'
import {csvLine} from '../output/csv-cell.js'
import {displayWidth, padEnd as pad} from '../output/text-width.js'
import type {Fleet, FleetDuplicate} from './fleet.js'
import type {BatchResult, TerminalReport} from './run.js'

const xml = (s: string) => s.replace(/[<>&'"]/g, (c) => ({'<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;'})[c]!)

/** JUnit XML: one testsuite per terminal, one testcase per check (CI dashboards read this). */
export function toJUnit(r: BatchResult): string {
  const suites = r.terminals.map((t) => {
    const cases = t.checks.map((c) => {
      const body =
        c.status === 'fail' || c.status === 'error'
          ? `<failure message="${xml(c.summary)}">${xml([c.cause, c.remedy].filter(Boolean).join('\n'))}</failure>`
          : c.status === 'skip'
            ? '<skipped/>'
            : ''
      return `    <testcase classname="${xml(t.name)}" name="${xml(c.id)}" time="${(c.durationMs / 1000).toFixed(3)}">${body}</testcase>`
    })
    if (t.error) cases.push(`    <testcase classname="${xml(t.name)}" name="connect"><error message="${xml(t.error.message)}" type="${xml(t.error.code)}"/></testcase>`)
    const failures = t.checks.filter((c) => c.status === 'fail').length
    const errors = t.checks.filter((c) => c.status === 'error').length + (t.error ? 1 : 0)
    return `  <testsuite name="${xml(t.name)}" tests="${cases.length}" failures="${failures}" errors="${errors}" time="${(t.durationMs / 1000).toFixed(3)}">\n${cases.join('\n')}\n  </testsuite>`
  })
  for (const e of r.rowErrors) {
    suites.push(`  <testsuite name="${xml(e.name ?? `line ${e.line}`)}" tests="1" failures="0" errors="1">\n    <testcase name="fleet-row"><error message="${xml(`line ${e.line}: ${e.reason}`)}"/></testcase>\n  </testsuite>`)
  }
  for (const d of r.duplicates) {
    suites.push(`  <testsuite name="${xml(d.name)}" tests="1" failures="0" errors="0" skipped="1">\n    <testcase name="fleet-row"><skipped message="${xml(duplicateText(d, 'en'))}"/></testcase>\n  </testsuite>`)
  }
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="posdoc batch" tests="${r.summary.total}">\n${suites.join('\n')}\n</testsuites>\n`
}

function duplicateText(d: FleetDuplicate, lang: 'en' | 'zh-CN'): string {
  return lang === 'zh-CN'
    ? `与第 ${d.firstLine} 行（${d.firstName}）地址相同：只检查一次，结果见该行`
    : `same address as line ${d.firstLine} (${d.firstName}): checked once, under that row`
}

/** One row per terminal; the first failing check names the problem. */
export function toCsv(r: BatchResult): string {
  const rows = [['name', 'target', 'verdict', 'terminal_id', 'failed_checks', 'first_problem', 'remedy', 'duration_ms']]
  for (const t of r.terminals) {
    const bad = t.checks.filter((c) => c.status === 'fail' || c.status === 'error' || c.status === 'warn')
    const first = t.error ?? (bad[0] ? {message: `${bad[0].title}: ${bad[0].summary}`, remedy: bad[0].remedy} : undefined)
    rows.push([t.name, t.target, t.verdict, t.terminalId ?? '', bad.map((c) => c.id).join(';'), first?.message ?? '', first?.remedy ?? '', String(t.durationMs)])
  }
  for (const e of r.rowErrors) rows.push([e.name ?? '', '', 'error', '', 'fleet-row', `line ${e.line}: ${e.reason}`, 'fix the fleet file', '0'])
  for (const d of r.duplicates) rows.push([d.name, d.address, 'duplicate', '', '', `line ${d.line}: ${duplicateText(d, 'en')}`, 'remove the row or correct its address', '0'])
  return rows.map(csvLine).join('\n') + '\n'
}

const LABEL: Record<TerminalReport['verdict'], {en: string; zh: string}> = {
  healthy: {en: 'healthy', zh: '正常'},
  warning: {en: 'warning', zh: '警告'},
  problem: {en: 'PROBLEM', zh: '有问题'},
  slow: {en: 'SLOW', zh: '响应太慢'},
  unreachable: {en: 'UNREACHABLE', zh: '无法连接'},
  error: {en: 'ERROR', zh: '错误'},
}

export function renderBatch(r: BatchResult): string {
  const zh = getLang() === 'zh-CN'
  const rows = r.terminals.map((t) => {
    const bad = t.checks.find((c) => c.status === 'fail' || c.status === 'error') ?? t.checks.find((c) => c.status === 'warn')
    const what = t.error ? `${t.error.code}: ${t.error.message}` : bad ? `${bad.title}: ${bad.summary}` : ''
    return [t.name, t.target, zh ? LABEL[t.verdict].zh : LABEL[t.verdict].en, what]
  })
  for (const e of r.rowErrors) rows.push([e.name ?? '?', `line ${e.line}`, zh ? LABEL.error.zh : LABEL.error.en, e.reason])
  for (const d of r.duplicates) rows.push([d.name, `line ${d.line}`, zh ? '重复' : 'DUPLICATE', duplicateText(d, zh ? 'zh-CN' : 'en')])
  const head = zh ? ['终端', '地址', '结论', '首个问题'] : ['TERMINAL', 'ADDRESS', 'VERDICT', 'FIRST PROBLEM']
  const widths = [0, 1, 2].map((i) => Math.max(displayWidth(head[i]!), ...rows.map((row) => displayWidth(row[i]!))))
  const lines = [head, ...rows].map((row) => row.map((c, i) => (i < 3 ? pad(c, widths[i]!) : c)).join('  ').trimEnd())
  const s = r.summary
  lines.push(
    '',
    zh
      ? `共 ${s.total} 台：正常 ${s.healthy}，警告 ${s.warning}，有问题 ${s.problem}，响应太慢 ${s.slow}，无法连接 ${s.unreachable}，错误 ${s.error}，重复 ${s.duplicate}（${(r.durationMs / 1000).toFixed(1)} 秒）`
      : `${s.total} terminals: ${s.healthy} healthy, ${s.warning} warning, ${s.problem} problem, ${s.slow} slow, ${s.unreachable} unreachable, ${s.error} error, ${s.duplicate} duplicate (${(r.durationMs / 1000).toFixed(1)} s)`,
  )
  return lines.join('\n')
}

/**
 * `--jsonl`: one self-contained JSON document per line, written as each terminal finishes, so
 * the output of N shards concatenates into one fleet's result. `kind` tells the lines apart.
 */
export const jsonLines = {
  fleet: (f: Pick<Fleet, 'errors' | 'duplicates'>): object[] => [
    ...f.errors.map((e) => ({schema: 'posdoc.batch-line/1', kind: 'row-error', ...e})),
    ...f.duplicates.map((d) => ({schema: 'posdoc.batch-line/1', kind: 'duplicate', ...d})),
  ],
  terminal: (t: TerminalReport): object => ({schema: 'posdoc.batch-line/1', kind: 'terminal', ...t}),
}
