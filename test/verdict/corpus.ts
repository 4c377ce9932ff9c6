/** The verdict corpus (test/fixtures/verdicts/*.json): loading, defaults, and the expectation check. */
import {readdirSync, readFileSync} from 'node:fs'
import path from 'node:path'
import {fileURLToPath} from 'node:url'

import {expect} from 'vitest'

import type {Facts, Verdict} from '../../src/verdict/index.js'

export interface Expect {
  status: Verdict['status']
  /** null: the verdict names no transaction; an object: fields the named transaction must have */
  transaction?: Record<string, unknown> | null
  candidates?: number
  nextSteps?: string[]
  notNext?: string[]
  doNot?: string[]
  notDoNot?: string[]
  expectedDate?: string
  receiptText?: boolean
}

export interface CliRun {
  answers: Record<string, unknown>
  scenario?: string
  args?: string[]
  exit?: number
  /** the languages `npm test` runs it in (the quick subset); every situation runs in both in corpus-cli.long.test.ts */
  quick?: Array<'en' | 'zh-CN'>
  /** minutes, not seconds (power loss, dropped answers, a slow terminal): long run only */
  slow?: boolean
  /** the demo journal must hold such a transaction (dup: two sales of one amount) */
  needs?: 'dup' | 'declined' | 'voided'
  /** the transaction the CLI run must name (values from the demo journal) */
  transaction?: Record<string, unknown>
}

export interface Situation {
  id: string
  symptom: Facts['symptom']
  note: string
  facts: Partial<Facts>
  expect: Expect
  cli: CliRun | null
}

const dir = fileURLToPath(new URL('../fixtures/verdicts/', import.meta.url))

export function loadCorpus(): Situation[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .flatMap((f) => (JSON.parse(readFileSync(path.join(dir, f), 'utf8')) as {situations: Situation[]}).situations)
}

/** The facts of a situation with the corpus defaults: Wednesday 2 Dec 2026, 16:30 in Shanghai, TID 29001006. */
export function factsOf(s: Situation, lang: Facts['lang']): Facts {
  return {
    now: '2026-12-02T08:30:00.000Z',
    timeZone: 'Asia/Shanghai',
    link: 'connected',
    terminal: {terminalId: '29001006'},
    checks: [],
    answers: {},
    ...s.facts,
    symptom: s.symptom,
    lang,
  } as Facts
}

const codes = (xs: Array<{code: string}>) => xs.map((x) => x.code)

/** The verdict meets the situation's expectation (transaction fields may be overridden for CLI runs). */
export function checkVerdict(v: Verdict, e: Expect, transaction?: Record<string, unknown>): void {
  expect(v.status).toBe(e.status)
  const t = transaction ?? e.transaction
  if (t === null) {
    expect(v.transaction).toBeNull()
    expect(v.transactionReason?.length).toBeGreaterThan(0)
  } else if (t) expect(v.transaction).toMatchObject(t)
  if (e.candidates !== undefined) expect(v.candidates?.length).toBe(e.candidates)
  for (const c of e.nextSteps ?? []) expect(codes(v.nextSteps)).toContain(c)
  for (const c of e.notNext ?? []) expect(codes(v.nextSteps)).not.toContain(c)
  for (const c of e.doNot ?? []) expect(codes(v.doNot)).toContain(c)
  for (const c of e.notDoNot ?? []) expect(codes(v.doNot)).not.toContain(c)
  if (e.expectedDate) expect(v.expectedDate).toBe(e.expectedDate)
  if (e.receiptText) expect(v.receiptText?.length).toBeGreaterThan(0)
}

const CJK = /[\u4e00-\u9fff]/
/** English words that must not appear in a Chinese verdict (names like posdoc, TID, WeChat Pay are fine). */
const ENGLISH = /\b(the|and|not|please|payment|terminal|receipt|void|refund|customer|merchant|approved|declined|settled|wait|unknown|pending|journal)\b/i
/** commands, flags and file names stay as they are in both languages */
const CODE = /posdoc(?: [a-z][a-z-]*)*|--[a-z-]+(?: \S+)?|\S+\.(?:txt|csv|md)/g
/** the Chinese words an English text may quote, as the merchant sees them on the terminal or app */
const QUOTED_ZH = /凭证号|微信支付商家助手|支付宝商家|交易单号|商户单号|重打印|查询|交易明细|打印明细|退货|结算|调单|云闪付|交易成功|冲正|撤销/g

export function checkLanguage(v: Verdict, lang: Facts['lang']): void {
  const texts = [v.summary, v.customerMessage, ...v.nextSteps.map((s) => s.text), ...v.doNot.map((s) => s.text), ...(v.acquirerRequest ? [v.acquirerRequest.summary, ...v.acquirerRequest.items] : [])]
  for (const t of texts) {
    const plain = t.replaceAll(CODE, '')
    if (lang === 'zh-CN') {
      expect(t, t).toMatch(CJK)
      expect(plain, t).not.toMatch(ENGLISH)
      // Chinese sentences use full-width punctuation
      expect(plain, t).not.toMatch(/[\u4e00-\u9fff][,;:?!]|[,;:?!]\s*[\u4e00-\u9fff]/)
    } else expect(plain.replaceAll(QUOTED_ZH, ''), t).not.toMatch(CJK)
  }
}
