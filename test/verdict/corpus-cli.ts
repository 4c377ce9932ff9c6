/**
 * The verdict corpus through the real CLI: `posdoc diagnose --demo --scenario S --answers A --yes
 * --json` (or a dead TCP address, or "terminal": "none") for every situation that the demo can
 * play. corpus-cli.test.ts (`npm test`) runs the quick ones; corpus-cli.long.test.ts
 * (`npm run test:long`) runs every one in both languages.
 */
import {mkdtempSync, readFileSync, writeFileSync} from 'node:fs'
import os from 'node:os'
import path from 'node:path'

import {beforeAll, describe, expect, it} from 'vitest'

import type {Verdict} from '../../src/verdict/index.js'
import {runCli} from '../helpers/cli.js'
import {checkLanguage, checkVerdict, loadCorpus, type Situation} from './corpus.js'

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'posdoc-corpus-'))
const env = {POSDOC_DATA_DIR: dataDir}

interface JournalTx {
  type: string
  state: string
  amountCents: number
  receiptNumber: number | null
  traceNumber: number | null
}

/** Values of the demo terminal's journal the situations refer to ({{last.amount}} ...). */
const values: Record<string, string> = {}
const has = {dup: false, declined: false, voided: false}

beforeAll(async () => {
  const out = mkdtempSync(path.join(os.tmpdir(), 'pull-'))
  const res = await runCli(['logs', 'pull', '--demo', '--format', 'json', '--out', out, '--json'], {env, timeoutMs: 30_000})
  expect(res.code).toBe(0)
  const txs = (JSON.parse(readFileSync(path.join(out, 'transactions.json'), 'utf8')) as {transactions: JournalTx[]}).transactions
  const sales = txs.filter((t) => t.type === 'sale')
  const money = (c: number) => (c / 100).toFixed(2)
  const last = sales.filter((t) => t.state === 'approved').at(-1)!
  Object.assign(values, {'last.amount': money(last.amountCents), 'last.receipt': String(last.receiptNumber), 'last.trace6': String(last.traceNumber).padStart(6, '0')})
  const count = new Map<number, number>()
  for (const t of sales) count.set(t.amountCents, (count.get(t.amountCents) ?? 0) + 1)
  const dup = [...count].find(([, n]) => n > 1)
  // an amount that fits exactly one sale of that state (so the state, not a pick, decides)
  const only = (state: string) => sales.find((t) => t.state === state && count.get(t.amountCents) === 1)
  const found = {dup: dup?.[0], declined: only('declined')?.amountCents, voided: only('voided')?.amountCents}
  for (const k of ['dup', 'declined', 'voided'] as const) {
    const cents = found[k]
    if (cents === undefined) continue
    values[`${k}.amount`] = money(cents)
    has[k] = true
  }
}, 60_000)

const fill = (v: unknown): unknown => {
  if (typeof v === 'string') return v.replaceAll(/\{\{([a-z0-9.]+)\}\}/g, (_, k: string) => values[k] ?? `{{${k}}}`)
  if (Array.isArray(v)) return v.map(fill)
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, fill(x)]))
  return v
}

export function corpusThroughCli(all: boolean, langs: ReadonlyArray<'en' | 'zh-CN'> = ['en', 'zh-CN']): void {
const runnable = (lang: 'en' | 'zh-CN') => loadCorpus().filter((s): s is Situation & {cli: NonNullable<Situation['cli']>} => s.cli !== null && (all || (s.cli.quick?.includes(lang) === true && !s.cli.slow)))

describe.each([...langs])('posdoc diagnose --json, %s', (lang) => {
  for (const s of runnable(lang)) it(s.id, async (ctx) => {
    if (s.cli.needs && !has[s.cli.needs]) ctx.skip()
    const answers = fill(s.cli.answers) as Record<string, unknown>
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'answers-')), 'answers.json')
    writeFileSync(file, JSON.stringify(answers))
    const terminal = s.cli.args?.includes('--tcp') || answers.terminal !== undefined ? [] : ['--demo', ...(s.cli.scenario ? ['--scenario', s.cli.scenario] : [])]
    const res = await runCli(['diagnose', ...terminal, ...(s.cli.args ?? []), '--symptom', s.symptom, '--answers', file, '--json', '--lang', lang], {env, timeoutMs: s.cli.slow ? 120_000 : 60_000})
    const out = JSON.parse(res.stdout) as {verdict: Verdict; caseId: string; report: {json: string}}
    expect(res.code, res.stderr).toBe(s.cli.exit ?? (out.verdict.status === 'resolved' ? 0 : 1))
    const named = s.cli.transaction ? Object.fromEntries(Object.entries(fill(s.cli.transaction) as Record<string, string>).map(([k, x]) => [k, /^\d+$/.test(x) ? Number(x) : x])) : undefined
    checkVerdict(out.verdict, s.expect, named)
    checkLanguage(out.verdict, lang)
    // the report the acquirer gets carries the same verdict
    const report = JSON.parse(readFileSync(out.report.json, 'utf8')) as {verdict: {outcome: string; nextSteps: unknown[]; doNot: unknown[]}}
    expect(report.verdict.outcome).toBe(out.verdict.status)
    expect(report.verdict.nextSteps).toEqual(out.verdict.nextSteps)
    expect(report.verdict.doNot).toEqual(out.verdict.doNot)
  }, 150_000)
})
}
