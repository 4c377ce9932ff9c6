import {parse} from 'csv-parse/sync'
import {describe, expect, it} from 'vitest'

import {jsonLines, renderBatch, toCsv, toJUnit} from '../../src/batch/output.js'
import {batchExitCode, type BatchResult, type BatchSummary, type TerminalReport} from '../../src/batch/run.js'
import {setLang} from '../../src/i18n/index.js'

const formula = '=HYPERLINK("http://x","y")'

function result(terminals: TerminalReport[], extra: Partial<BatchResult> = {}): BatchResult {
  const summary: BatchSummary = {total: terminals.length, healthy: 0, warning: 0, problem: 0, slow: 0, unreachable: 0, error: 0, duplicate: 0}
  for (const t of terminals) summary[t.verdict]++
  return {schema: 'posdoc.batch/1', checks: ['status'], concurrency: 1, timeoutSeconds: 5, summary, terminals, rowErrors: [], duplicates: [], durationMs: 10, ...extra}
}

const report = (name: string, verdict: TerminalReport['verdict']): TerminalReport => ({name, line: 2, target: '127.0.0.1:20007', verdict, checks: [], durationMs: 5})

describe('batch CSV output', () => {
  it('a fleet name that is a spreadsheet formula is written as text, not as a formula', () => {
    const csv = toCsv(result([report(formula, 'healthy'), report('+cmd|calc', 'healthy')]))
    const rows = parse(csv) as string[][]
    expect(rows[1]![0]).toBe(`'${formula}`)
    expect(rows[2]![0]).toBe("'+cmd|calc")
    expect(csv).not.toMatch(/(^|,)"?=HYPERLINK/m)
  })

  it('duplicate rows name the first row', () => {
    const r = result([report('till-1', 'healthy')], {duplicates: [{line: 4, name: 'till-1-again', address: 'tcp 10.0.0.7:20007', firstLine: 2, firstName: 'till-1'}]})
    const rows = parse(toCsv(r)) as string[][]
    expect(rows[2]!.slice(0, 3)).toEqual(['till-1-again', 'tcp 10.0.0.7:20007', 'duplicate'])
    expect(rows[2]![5]).toBe('line 4: same address as line 2 (till-1): checked once, under that row')
    expect(toJUnit(r)).toMatch(/<testsuite name="till-1-again"[^>]*skipped="1">\n\s*<testcase name="fleet-row"><skipped message="same address as line 2 \(till-1\)/)
    setLang('zh-CN')
    try {
      expect(renderBatch(r)).toMatch(/till-1-again.*重复.*与第 2 行（till-1）地址相同/)
    } finally {
      setLang('en')
    }
    expect(renderBatch(r)).toMatch(/till-1-again\s+line 4\s+DUPLICATE\s+same address as line 2 \(till-1\)/)
  })
})

describe('--jsonl lines', () => {
  it('each line is one JSON document with its kind', () => {
    const lines = [
      ...jsonLines.fleet({errors: [{line: 7, reason: 'no name'}], duplicates: [{line: 4, name: 'b', address: 'tcp a:1', firstLine: 2, firstName: 'a'}]}),
      jsonLines.terminal(report('a', 'slow')),
    ].map((d) => JSON.stringify(d))
    for (const l of lines) expect(l).not.toContain('\n')
    expect(lines.map((l) => JSON.parse(l).kind)).toEqual(['row-error', 'duplicate', 'terminal'])
    expect(JSON.parse(lines[2]!)).toMatchObject({schema: 'posdoc.batch-line/1', name: 'a', verdict: 'slow'})
  })
})

describe('batch exit code', () => {
  const s = (v: Partial<BatchSummary>): BatchSummary => ({total: 1, healthy: 0, warning: 0, problem: 0, slow: 0, unreachable: 0, error: 0, duplicate: 0, ...v})
  it.each([
    [{healthy: 3, warning: 1, duplicate: 2}, 0],
    [{healthy: 1, slow: 1}, 1],
    [{healthy: 1, unreachable: 1}, 3],
    [{unreachable: 1, slow: 1}, 1],
    [{unreachable: 1, problem: 1}, 1],
    [{healthy: 1, error: 1}, 1],
  ])('%o -> %i', (summary, code) => {
    expect(batchExitCode(s(summary))).toBe(code)
  })
})
