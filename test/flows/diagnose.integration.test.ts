/**
 * `posdoc diagnose` end to end on the demo simulator: every symptom non-interactively in both
 * languages (verdict, exit code, case + report on disk), missing answers, and a guided run in tmux.
 */
import {existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync} from 'node:fs'
import os from 'node:os'
import path from 'node:path'

import {beforeAll, describe, expect, it} from 'vitest'

import {repoRoot, runCli} from '../helpers/cli.js'
import {hasTmux, TmuxSession} from '../helpers/tmux.js'

// a data directory of its own: the tmux session does not inherit the runner's environment
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'posdoc-diagnose-'))
const env = {POSDOC_DATA_DIR: dataDir}

interface Result {
  schema: string
  caseId: string
  symptom: string
  verdict: {status: string; summary: string; rule: string; transaction: {receiptNumber?: number; traceNumber?: number} | null; nextSteps: Array<{code: string}>; doNot: Array<{code: string}>; receiptText?: string[]}
  findings: Array<{id: string; status: string}>
  actions: Array<{kind: string; outcome: string}>
  acquirerRequest?: {summary: string; items: string[]}
  report: {md?: string; json?: string}
}

function answersFile(answers: Record<string, unknown>): string {
  const f = path.join(mkdtempSync(path.join(os.tmpdir(), 'answers-')), 'answers.json')
  writeFileSync(f, JSON.stringify(answers))
  return f
}

async function diagnose(symptom: string, answers: Record<string, unknown>, lang: string, extra: string[] = []): Promise<{code: number | null; r: Result}> {
  const res = await runCli(['diagnose', '--demo', '--symptom', symptom, '--answers', answersFile(answers), '--json', '--lang', lang, ...extra], {env, timeoutMs: 30_000})
  expect(res.stderr).toBe('')
  const r = JSON.parse(res.stdout) as Result
  expect(r.schema).toBe('posdoc.diagnose/2')
  expect(r.symptom).toBe(symptom)
  // the case and its report exist, in the language of the run
  const kase = JSON.parse(readFileSync(path.join(dataDir, 'cases', r.caseId, 'case.json'), 'utf8')) as {lang: string; verdict: {outcome: string}; status: string}
  expect(kase.lang).toBe(lang)
  expect(kase.verdict.outcome).toBe(r.verdict.status)
  expect(existsSync(r.report.md!)).toBe(true)
  expect(JSON.parse(readFileSync(r.report.json!, 'utf8'))).toMatchObject({case: {id: r.caseId}})
  return {code: res.code, r}
}

/** The demo terminal's latest sale, as its journal shows it. */
let sale: {amount: string; receipt: string; trace: string}
const codes = (steps: Array<{code: string}>) => steps.map((s) => s.code)

beforeAll(async () => {
  const out = mkdtempSync(path.join(os.tmpdir(), 'pull-'))
  const res = await runCli(['logs', 'pull', '--demo', '--format', 'json', '--out', out, '--json'], {env, timeoutMs: 30_000})
  expect(res.code).toBe(0)
  const txs = (JSON.parse(readFileSync(path.join(out, 'transactions.json'), 'utf8')) as {transactions: Array<{type: string; state: string; amountCents: number; receiptNumber: number; traceNumber: number}>}).transactions
  const last = txs.filter((t) => t.type === 'sale' && t.state === 'approved').at(-1)!
  sale = {amount: (last.amountCents / 100).toFixed(2), receipt: String(last.receiptNumber), trace: String(last.traceNumber).padStart(6, '0')}
}, 40_000)

describe.each(['en', 'zh-CN'])('posdoc diagnose --json (%s)', (lang) => {
  const zh = lang === 'zh-CN'

  it('credit-info-lost: finds the payment and says it is approved; an unknown amount goes to the acquirer', async () => {
    // the 6-digit 凭证号 as printed on the slip identifies it
    const found = await diagnose('credit-info-lost', {method: 'card', amount: `¥${sale.amount}`, receipt: sale.trace}, lang)
    expect(found.code).toBe(0)
    expect(found.r.verdict.status).toBe('resolved')
    expect(found.r.verdict.transaction).toMatchObject({receiptNumber: Number(sale.receipt)})
    expect(codes(found.r.verdict.doNot)).toContain('charge-again')
    expect(found.r.verdict.summary).toMatch(zh ? /付款成功/ : /approved/)
    const lost = await diagnose('credit-info-lost', {amount: '9876.54'}, lang)
    expect(lost.code).toBe(1)
    expect(lost.r.verdict.status).toBe('acquirer-action')
    expect(lost.r.verdict.transaction).toBeNull()
    expect(codes(lost.r.verdict.doNot)).toContain('charge-again')
    expect(lost.r.acquirerRequest?.items.join(' ')).toMatch(zh ? /终端号：\d{8}/ : /TID: \d{8}/)
  })

  it('scan-no-notice: USERPAYING is not final (wait, no second charge); SUCCESS is paid', async () => {
    const pending = await diagnose('scan-no-notice', {platform: 'wechat', minutesAgo: 0, observed: 'USERPAYING'}, lang)
    expect(pending.code).toBe(1)
    expect(pending.r.verdict.status).toBe('wait')
    expect(codes(pending.r.verdict.doNot)).toContain('charge-again')
    expect(pending.r.findings.find((f) => f.id === 'flow.qr')).toMatchObject({status: 'warn'})
    expect(pending.r.findings.some((f) => f.id.startsWith('network.') || f.id.includes('tcp'))).toBe(true)
    const paid = await diagnose('scan-no-notice', {platform: 'alipay', minutesAgo: 1, observed: 'SUCCESS'}, lang)
    expect(paid.code).toBe(0)
    expect(paid.r.verdict.status).toBe('resolved')
  })

  it('paid-not-credited: the sale is in an open batch (end-of-day not done)', async () => {
    const {code, r} = await diagnose('paid-not-credited', {amount: sale.amount}, lang)
    expect(code).toBe(1)
    expect(r.verdict.status).toBe('merchant-action')
    expect(codes(r.verdict.nextSteps)).toEqual(['run-end-of-day'])
  })

  it('receipt-unusable: reprints and keeps the receipt text as evidence', async () => {
    const {code, r} = await diagnose('receipt-unusable', {receipt: sale.receipt}, lang)
    expect(code).toBe(0)
    expect(r.verdict.status).toBe('resolved')
    expect(r.actions).toEqual([expect.objectContaining({kind: 'reprint', outcome: 'success'})])
    expect(readdirSync(path.join(dataDir, 'cases', r.caseId, 'evidence'))).toContain(`receipt-${sale.receipt.padStart(4, '0')}.txt`)
  })

  it('void-failed: without --yes nothing is sent (needs confirmation); with --yes the sale is voided', async () => {
    const skipped = await diagnose('void-failed', {receipt: sale.receipt}, lang)
    expect(skipped.code).toBe(1)
    expect(skipped.r.actions).toEqual([expect.objectContaining({kind: 'void', outcome: 'skipped'})])
    expect(codes(skipped.r.verdict.nextSteps)).toEqual(['confirm-void'])
    const done = await diagnose('void-failed', {receipt: sale.receipt}, lang, ['--yes'])
    expect(done.code).toBe(0)
    expect(done.r.verdict.status).toBe('resolved')
    expect(done.r.actions).toEqual([expect.objectContaining({kind: 'void', outcome: 'success'})])
  })

  it('void-failed after end-of-day: exactly one refund path (on the terminal), never a second one at the acquirer', async () => {
    const {code, r} = await diagnose('void-failed', {receipt: sale.receipt}, lang, ['--yes', '--scenario', 'after-eod'])
    expect(code).toBe(1)
    expect(r.verdict.status).toBe('merchant-action')
    expect(codes(r.verdict.nextSteps)).toEqual(['refund-on-terminal'])
    expect(codes(r.verdict.doNot)).toContain('void-again')
    expect(r.acquirerRequest).toBeUndefined()
  })

  it('terminal-offline: healthy demo vs the host-down fault', async () => {
    const ok = await diagnose('terminal-offline', {}, lang)
    expect(ok.code).toBe(0)
    expect(ok.r.verdict.status).toBe('resolved')
    const down = await diagnose('terminal-offline', {}, lang, ['--scenario', 'host-down'])
    expect(down.code).toBe(1)
    expect(down.r.verdict.status).toBe('merchant-action')
    expect(codes(down.r.verdict.nextSteps)).toContain('check-network')
  })

  it('other: probe + network', async () => {
    const {code, r} = await diagnose('other', {description: 'beeps'}, lang)
    expect(code).toBe(0)
    expect(r.verdict.status).toBe('resolved')
    expect(r.findings.some((f) => f.id.startsWith('device.'))).toBe(true)
  })
})

describe('posdoc diagnose --settlement', () => {
  it('a settlement file of another period does not clear the sale: the open batch decides', async () => {
    const {code, r} = await diagnose('paid-not-credited', {amount: sale.amount}, 'en', ['--settlement', path.join(repoRoot, 'test/fixtures/csv/en-settlement.tsv')])
    expect(code).toBe(1)
    expect(r.verdict.status).toBe('merchant-action')
    expect(r.findings.find((f) => f.id === 'flow.recon')).toMatchObject({status: 'warn'})
    expect(r.acquirerRequest).toBeUndefined()
  })
})

describe('posdoc diagnose: a resumed case', () => {
  it('keeps its language and its terminal (no --lang, no terminal flag)', async () => {
    const first = await runCli(['diagnose', '--symptom', 'credit-info-lost', '--answers', answersFile({terminal: 'demo', method: 'qr', platform: 'wechat', minutesAgo: 5}), '--json', '--lang', 'zh-CN'], {env, timeoutMs: 30_000})
    const r1 = JSON.parse(first.stdout) as Result
    expect(r1.verdict.status).toBe('in-doubt')
    const again = await runCli(['diagnose', '--case', r1.caseId, '--answers', answersFile({observed: 'SUCCESS'}), '--json'], {env, timeoutMs: 30_000})
    expect(again.code, again.stderr).toBe(0)
    const r2 = JSON.parse(again.stdout) as Result
    expect(r2.caseId).toBe(r1.caseId)
    expect(r2.verdict.status).toBe('resolved')
    expect(r2.verdict.summary).toMatch(/[\u4e00-\u9fff]/)
    const kase = JSON.parse(readFileSync(path.join(dataDir, 'cases', r1.caseId, 'case.json'), 'utf8')) as {answers: Record<string, {value: unknown}>; identity: {link?: string}}
    expect(kase.answers.terminal?.value).toBe('demo')
  })
})

describe('posdoc diagnose: input errors (exit 2, no case, no prompt)', () => {
  const cases = () => (existsSync(path.join(dataDir, 'cases')) ? readdirSync(path.join(dataDir, 'cases')).length : 0)

  it('lists exactly the missing answer ids', async () => {
    const before = cases()
    const res = await runCli(['diagnose', '--demo', '--symptom', 'credit-info-lost', '--answers', answersFile({method: 'card'})], {env})
    expect(res.code).toBe(2)
    expect(res.stderr).toMatch(/USAGE_MISSING_ANSWERS.*missing answers: amount$/m)
    const json = await runCli(['diagnose', '--demo', '--symptom', 'void-failed', '--answers', answersFile({}), '--json'], {env})
    expect(json.code).toBe(2)
    expect(JSON.parse(json.stdout).error).toMatchObject({code: 'USAGE_MISSING_ANSWERS', message: 'missing answers: receipt'})
    expect(cases()).toBe(before)
  })

  it('needs --symptom and a terminal when nobody can answer', async () => {
    expect((await runCli(['diagnose', '--demo'], {env})).stderr).toMatch(/USAGE_NO_SYMPTOM/)
    const noTerminal = await runCli(['diagnose', '--symptom', 'other'], {env})
    expect(noTerminal.code).toBe(2)
    expect(noTerminal.stderr).toMatch(/USAGE_NO_TERMINAL/)
  })

  it('an unreachable terminal is recorded and exits 3', async () => {
    const res = await runCli(['diagnose', '--tcp', '127.0.0.1:1', '--symptom', 'terminal-offline', '--json'], {env})
    expect(res.code).toBe(3)
    const r = JSON.parse(res.stdout) as Result
    expect(r.findings[0]).toMatchObject({id: 'flow.link', status: 'fail'})
    expect(existsSync(r.report.md!)).toBe(true)
  })
})

describe.skipIf(!hasTmux())('posdoc diagnose on a real terminal (tmux)', () => {
  it('guided: pick a symptom with the arrow keys, answer with the defaults, get a verdict and a report', async () => {
    const s = new TmuxSession('node bin/run.js diagnose --lang en', {cwd: repoRoot, env})
    try {
      await s.waitFor(/What went wrong\?/)
      s.keys('Down')
      s.keys('Down')
      s.keys('Down')
      await s.waitFor(/❯ Slip lost or unusable/)
      s.keys('Enter')
      await s.waitFor(/Which terminal\?/)
      // a real run never preselects the demo: the default is "not connected to this PC"
      await s.waitFor(/❯ not connected to this PC/)
      s.keys('Down')
      await s.waitFor(/❯ the demo simulator/)
      s.keys('Enter')
      await s.waitFor(/Number on the slip/)
      s.keys('Enter') // the last slip
      await s.waitFor(/Which copy/)
      s.keys('Enter')
      const {code, screen} = await s.exit(40_000)
      expect(screen).toMatch(/✔ Receipt reprint/)
      expect(screen).toMatch(/Verdict \[resolved\]: The slip \(the last one\) was printed again/)
      expect(screen).toMatch(/Report: .*\.md/)
      expect(code).toBe(0)
    } finally {
      s.kill()
    }
  }, 60_000)

  it('Ctrl-C at a question exits 4 and leaves an open case that --case resumes with the answers so far', async () => {
    const s = new TmuxSession('node bin/run.js diagnose --demo --symptom credit-info-lost --lang zh-CN', {cwd: repoRoot, env})
    let caseId: string
    try {
      await s.waitFor(/顾客用什么方式付款/)
      s.keys('Down')
      s.keys('Enter') // QR code
      await s.waitFor(/哪个支付应用/)
      s.keys('C-c')
      const {code, screen} = await s.exit()
      expect(code).toBe(4)
      caseId = /posdoc diagnose --case (\S+)/.exec(screen)![1]!
    } finally {
      s.kill()
    }
    const kase = JSON.parse(readFileSync(path.join(dataDir, 'cases', caseId, 'case.json'), 'utf8')) as {status: string; answers: Record<string, {value: unknown}>}
    expect(kase.status).toBe('open')
    expect(kase.answers.method?.value).toBe('qr')
    const res = await runCli(['diagnose', '--demo', '--case', caseId, '--answers', answersFile({amount: '98.54', platform: 'wechat', minutesAgo: 5}), '--json'], {env, timeoutMs: 30_000})
    const r = JSON.parse(res.stdout) as Result
    expect(r.caseId).toBe(caseId)
    // method=qr was kept: an unchecked QR order five minutes old is in doubt, never charged twice
    expect(r.verdict.status).toBe('in-doubt')
    expect(codes(r.verdict.doNot)).toContain('charge-again')
    expect(res.code).toBe(1)
  }, 60_000)
})
