import {describe, expect, it} from 'vitest'

import {findCardData} from '../../src/case/card-data.js'
import type {CaseData} from '../../src/case/schema.js'
import {renderCaseReport} from '../../src/report/build.js'
import {latencyStats} from '../../src/report/latency.js'
import {buildReportModel} from '../../src/report/model.js'
import {compactJson} from '../../src/report/render-html.js'
import {mdText} from '../../src/report/render-md.js'
import {FakeClock} from '../../src/util/clock.js'
import {VISA_TEST_CARD} from '../fixtures/test-cards.js'
import {buildVoidFailedCase, LATENCY, storeIn, T0, tempDataDir} from '../case/helpers/sample-case.js'

const generatedAt = new Date(T0 + 3600_000).toISOString()

async function sample(lang: 'zh-CN' | 'en' = 'zh-CN'): Promise<CaseData> {
  const clock = new FakeClock(T0)
  const c = await buildVoidFailedCase(storeIn(tempDataDir(), clock), {lang, clock})
  // a fixed zone so times read the same on every machine
  return {...c.data, timeZone: 'Asia/Shanghai'}
}

describe('report model', () => {
  it('carries what the acquirer needs, with labels in the case language', async () => {
    const data = await sample('zh-CN')
    const m = buildReportModel(data, {lang: 'zh-CN', generatedAt, version: '9.9.9'})
    expect(m.schema).toBe('posdoc.case-report/1')
    expect(m.generator).toEqual({name: 'posdoc', version: '9.9.9'})
    expect(m.headline).toBe('撤销消费失败 — 终端号 52500038（需收单机构处理）')
    expect(m.merchant).toEqual({merchantId: '104110053110001', merchantName: '王记面馆'})
    expect(m.terminal).toMatchObject({terminalId: '52500038', serialNumber: 'SN-2231-0042', model: 'Ingenico Move/5000', softwareVersion: 'GER-APP-3.2.1', acquirer: 'Demo Acquirer'})
    expect(m.symptom).toMatchObject({id: 'void-failed', label: '撤销消费失败', merchantWords: expect.stringContaining('撤销失败')})
    expect(m.transactions[0]).toMatchObject({
      ref: 'tx1',
      typeText: '消费',
      roleText: '争议交易',
      amountText: '12.50 EUR',
      panMasked: VISA_TEST_CARD.masked,
      traceNumber: '000123',
      receiptNumber: '0042',
      turnoverNumber: '117',
      authCode: 'A1B2C3',
      batchNumber: '000017',
      resultCode: '00',
      stateText: '已批准',
    })
    expect(m.transactions[1]).toMatchObject({type: 'void', resultCode: 'B5', originalRef: 'tx1', stateText: '被拒绝'})
    expect(m.checks.map((c) => c.statusText)).toEqual(['通过', '警告', '通过', '失败'])
    expect(m.counts.checks).toEqual({pass: 2, warn: 1, fail: 1, skip: 0, error: 0})
    expect(m.actions[0]).toMatchObject({kindText: '撤销', outcome: 'failed', outcomeText: '失败', resultCode: 'B5'})
    expect(m.acquirerRequest?.summary).toContain('退货')
    expect(m.evidence.map((e) => [e.path, e.integrity])).toEqual([
      ['evidence/wire-log.jsonl', 'ok'],
      ['evidence/journal.csv', 'ok'],
      ['evidence/receipt-0042.txt', 'ok'],
    ])
    expect(m.timeline).toHaveLength(data.timeline.length)
    expect(m.answers.map((a) => a.questionId)).toEqual(['amount', 'paid-at', 'receipt'])
  })

  it('--lang switches labels, never the recorded texts', async () => {
    const data = await sample('zh-CN')
    const m = buildReportModel(data, {lang: 'en', generatedAt, version: '1'})
    expect(m.lang).toBe('en')
    expect(m.case.lang).toBe('zh-CN')
    expect(m.headline).toBe('void (cancel a sale) failed — TID 52500038 (needs the acquirer)')
    expect(m.checks[3]).toMatchObject({statusText: 'fail', summary: '原交易所在批次已结算（已做日结）'})
    expect(m.transactions[0]!.typeText).toBe('sale')
  })

  it('finds latency samples in check evidence and computes min / median / p95 with lost probes', async () => {
    const m = buildReportModel(await sample(), {lang: 'en', generatedAt, version: '1'})
    expect(m.latency).toEqual([{checkId: 'network.quality', title: '网络质量（收单主机）', key: 'samplesMs', unit: 'ms', samplesMs: LATENCY, stats: {count: 10, lost: 1, minMs: 38, medianMs: 41, p95Ms: 120, maxMs: 120}}])
    expect(latencyStats([null, null])).toEqual({count: 2, lost: 2})
    expect(latencyStats([10, 20, 30, 40]).medianMs).toBe(20)
  })

  it('marks evidence whose file changed or vanished', async () => {
    const data = await sample()
    const m = buildReportModel(data, {lang: 'en', generatedAt, version: '1', integrity: {'journal.csv': 'changed', 'receipt-0042.txt': 'missing'}})
    expect(m.evidence.map((e) => e.integrityText)).toEqual(['as captured', 'CHANGED since captured', 'MISSING'])
  })
})

describe('Markdown', () => {
  it('is a ticket-ready document: request first, identity, symptom, tables, no HTML', async () => {
    const {md} = renderCaseReport(await sample('en'), {lang: 'en', version: '1.2.3', generatedAt})
    const order = ['# Case report: void (cancel a sale) failed', '## Request to the acquirer', '## Merchant and terminal', '## The problem', '## Verdict', '## Transactions involved', '## Checks and results', '## Actions taken', '## Timeline', '## Answers given', '## Evidence files']
    const at = order.map((h) => md.indexOf(h))
    expect(at.every((i) => i >= 0)).toBe(true)
    expect([...at].sort((a, b) => a - b)).toEqual(at)
    expect(md).toContain('| Merchant ID (MID) | `104110053110001` |')
    expect(md).toContain('| Terminal ID (TID) | `52500038` |')
    expect(md).toContain(`| Card (masked) | \`${VISA_TEST_CARD.masked}\` |`)
    expect(md).toContain('| Auth code | `A1B2C3` |')
    expect(md).toContain('> Customer wanted the 12.50 sale cancelled')
    expect(md).toMatch(/\| \*\*fail\*\* \| State of the original sale \| the sale is in a batch that was already closed/)
    expect(md).toMatch(/\| 2026-11-23 14:\d\d:\d\d \| void: Void of receipt 0042 \(12\.50 EUR\) \| \*\*failed\*\* \| B5 batch closed \|/)
    expect(md).toContain('- Network quality (acquirer host) (`network.quality`): 10 probes, 1 lost; min 38 ms, median 41 ms, p95 120 ms')
    expect(md).toContain('Please refund the sale with receipt 0042')
    expect(md).toMatch(/\| `evidence\/journal\.csv` \| terminal journal \| \d+ B \| `[0-9a-f]{64}` \| as captured \|/)
    // times in the case's zone (06:32 UTC = 14:32 in Shanghai)
    expect(md).toContain('| Opened | 2026-11-23 14:32:05 |')
    expect(md).toContain('Asia/Shanghai (UTC+08:00)')
    expect(md).not.toMatch(/<[a-z/!]/i)
    expect(findCardData(md)).toEqual([])
    // every table row has the same number of cells as its header
    for (const block of md.split('\n\n').filter((b) => b.startsWith('| '))) {
      const cells = block.split('\n').map((l) => l.replace(/\\\|/g, '').split('|').length)
      expect(new Set(cells).size, block).toBe(1)
    }
  })

  it('escapes what would become markup, in both languages', async () => {
    expect(mdText('a|b <script> *x* _y_ `z` [l](u)')).toBe('a\\|b \\<script\\> \\*x\\* \\_y\\_ \\`z\\` \\[l\\](u)')
    const {md} = renderCaseReport(await sample('zh-CN'), {version: '1', generatedAt})
    expect(md).toContain('# 案例报告: 撤销消费失败 — 终端号 52500038（需收单机构处理）')
    expect(md).toContain('## 对收单机构的请求')
    expect(md).toContain('| 票据号 | `0042` |')
  })

  it('says what is missing on an empty case instead of leaving holes', () => {
    const empty: CaseData = {
      schema: 'posdoc.case/1',
      id: '20261123-1432-terminal-offline-0001',
      createdAt: new Date(T0).toISOString(),
      updatedAt: new Date(T0).toISOString(),
      status: 'open',
      lang: 'en',
      symptom: {id: 'terminal-offline'},
      identity: {},
      answers: {},
      timeline: [],
      checks: [],
      transactions: [],
      actions: [],
      evidence: [],
    }
    const {md, html, model} = renderCaseReport(empty, {version: '1', generatedAt})
    expect(model.headline).toBe('terminal-offline (open)')
    expect(md).toContain('No request to the acquirer was recorded.')
    expect(md).toContain('No verdict yet')
    expect(md.match(/none recorded/g)).toHaveLength(5)
    expect(html).not.toContain('<svg')
  })
})

describe('HTML', () => {
  it('is one self-contained, phone-friendly page with a timeline and a latency chart', async () => {
    const data = await sample('zh-CN')
    const {html} = renderCaseReport(data, {version: '1', generatedAt})
    expect(html.startsWith('<!doctype html>\n<html lang="zh-CN">')).toBe(true)
    expect(html).toContain('<meta charset="utf-8">')
    expect(html).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">')
    expect(html).toContain("default-src 'none'")
    // nothing is fetched: no scripts, no links, no external URLs, no imported CSS
    expect(html).not.toMatch(/<script|<link|<img|<iframe|\ssrc=|\shref=|url\(|@import|https?:\/\//i)
    expect(html).toMatch(/@media \(max-width:560px\)/)
    expect(html).toContain('"PingFang SC"')
    // the timeline: one item per event plus day separators
    const items = html.match(/<li class="k-[a-z]+">/g) ?? []
    expect(items).toHaveLength(data.timeline.length)
    expect(html).toContain('<li class="day">2026-11-23</li>')
    // the chart: 9 measured points, 1 lost marker, the median line
    const svg = /<svg class="chart"[^]*?<\/svg>/.exec(html)?.[0] ?? ''
    expect(svg.match(/<circle /g)).toHaveLength(9)
    expect(svg.match(/class="lost">×</g)).toHaveLength(1)
    expect(svg).toContain('class="median"')
    expect(html).toContain('共 10 次探测，丢失 1 次；最小 38 ms，中位数 41 ms，p95 120 ms')
    expect(html).toContain('<h1>撤销消费失败 — 终端号 52500038（需收单机构处理）</h1>')
    expect(html).toContain(VISA_TEST_CARD.masked)
    expect(findCardData(html)).toEqual([])
    // well-formed enough: every section closes
    expect(html.match(/<section/g)?.length).toBe(html.match(/<\/section>/g)?.length)
  })

  it('shows check evidence as compact JSON (sample arrays on one line, strings untouched)', async () => {
    expect(compactJson({a: [1, null, 3], s: 'x [ y ]', d: [{e: [true]}]})).toBe('{\n  "a": [1, null, 3],\n  "s": "x [ y ]",\n  "d": [\n    {\n      "e": [true]\n    }\n  ]\n}')
    const {html} = renderCaseReport(await sample('en'), {version: '1', generatedAt})
    expect(html).toContain('&quot;samplesMs&quot;: [38, 41, 40, null, 44, 39, 120, 42, 41, 43]')
  })

  it('escapes recorded text (a note cannot inject markup)', async () => {
    const data = await sample('en')
    data.timeline.push({ts: data.updatedAt, kind: 'note', text: '<script>alert(1)</script> & "quotes"'})
    data.symptom.merchantWords = '<img src=x onerror=alert(1)>'
    const {html} = renderCaseReport(data, {version: '1', generatedAt})
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot;')
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;')
    expect(html).not.toMatch(/<script|<img/)
  })
})
