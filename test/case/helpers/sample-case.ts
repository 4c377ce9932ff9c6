/**
 * A realistic "void failed" case built through the public API, as the guided flow will: the
 * merchant's answers, device and network checks (with latency samples), the disputed sale, a
 * void attempt that failed (batch already closed), evidence files, verdict and the request.
 */
import {mkdtempSync, rmSync} from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {afterAll} from 'vitest'

import {VISA_TEST_CARD} from '../../fixtures/test-cards.js'
import {CaseStore, type CaseHandle} from '../../../src/case/store.js'
import type {Lang} from '../../../src/i18n/index.js'
import {FakeClock} from '../../../src/util/clock.js'

export const T0 = Date.UTC(2026, 10, 23, 6, 32, 5)

const made: string[] = []
// every test file that makes data dirs removes them when it is done
afterAll(() => {
  for (const d of made.splice(0)) rmSync(d, {recursive: true, force: true})
})

export function tempDataDir(): string {
  const d = mkdtempSync(path.join(os.tmpdir(), 'posdoc-case-'))
  made.push(d)
  return d
}

export function storeIn(dataDir: string, clock = new FakeClock(T0)): CaseStore {
  let n = 0
  return new CaseStore({root: path.join(dataDir, 'cases'), clock, randomSuffix: () => (0x7f3a + n++).toString(16).slice(-4)})
}

const TEXT = {
  'zh-CN': {
    words: '顾客要求取消刚才那笔 12.50 的消费，终端显示撤销失败',
    qAmount: '要撤销的交易金额是多少？',
    qTime: '大约什么时间付的款？',
    qReceipt: '小票上的凭证号是多少（如果知道）？',
    status: ['终端状态', '终端就绪'],
    quality: ['网络质量（收单主机）', '10 次连接中丢失 1 次，中位数 41 ms', '网络偶尔丢包', '如果问题重复出现，请检查路由器和网线'],
    host: ['终端自身与收单主机的连接（诊断）', '终端已成功连接收单主机'],
    state: ['原交易状态', '原交易所在批次已结算（已做日结）', '日结后无法再撤销', '请改为退货，或联系收单机构'],
    void: '撤销凭证号 0042 的消费（12.50 EUR）',
    voidDetail: '终端回复 B5：批次已结算，撤销不可执行',
    verdict: '撤销失败是因为原交易已在日结中结算；撤销只能在同一批次内进行。',
    cause: '14:45 已执行日结（批次 000017 已关闭）',
    finding: '网络和终端均正常，问题不在设备',
    request: '请协助为凭证号 0042（12.50 EUR）的消费办理退货，或确认该笔交易的结算状态。',
    items: ['终端号 52500038，商户号 104110053110001', '原交易：2026-11-23 14:30:12，凭证号 0042，流水号 000123，授权码 A1B2C3，批次 000017', '撤销尝试：14:52，终端回复 B5（批次已结算）'],
  },
  en: {
    words: 'Customer wanted the 12.50 sale cancelled; the terminal said the void failed',
    qAmount: 'What was the amount of the sale to void?',
    qTime: 'Roughly when was it paid?',
    qReceipt: 'Receipt number on the slip, if known?',
    status: ['Terminal status', 'terminal ready'],
    quality: ['Network quality (acquirer host)', '1 of 10 connections lost, median 41 ms', 'Occasional packet loss on the shop network', 'If it repeats, check the router and cabling'],
    host: ["Terminal's own host connection (diagnosis)", 'the terminal reached its acquirer host'],
    state: ['State of the original sale', 'the sale is in a batch that was already closed (end-of-day done)', 'a void is impossible after end-of-day', 'Refund instead, or ask the acquirer'],
    void: 'Void of receipt 0042 (12.50 EUR)',
    voidDetail: 'terminal answered B5: batch closed, reversal not possible',
    verdict: 'The void failed because the sale was already settled by end-of-day; a void only works within the same batch.',
    cause: 'End-of-day ran at 14:45 (batch 000017 closed)',
    finding: 'Network and terminal are healthy; the device is not at fault',
    request: 'Please refund the sale with receipt 0042 (12.50 EUR), or confirm its settlement state.',
    items: ['TID 52500038, MID 104110053110001', 'Original: 2026-11-23 14:30:12, receipt 0042, trace 000123, auth code A1B2C3, batch 000017', 'Void attempt: 14:52, terminal answered B5 (batch closed)'],
  },
}

export const LATENCY = [38, 41, 40, null, 44, 39, 120, 42, 41, 43]

/** Build the sample case; returns the (closed) handle's id and data. */
export async function buildVoidFailedCase(store: CaseStore, opts: {lang?: Lang; clock?: FakeClock; keepOpen?: boolean} = {}): Promise<CaseHandle> {
  const lang = opts.lang ?? 'zh-CN'
  const x = TEXT[lang]
  const clock = opts.clock
  const tick = (s = 5) => clock?.advance(s * 1000)
  const c = await store.create({
    symptom: {id: 'void-failed', en: 'void (cancel a sale) failed', zh: '撤销消费失败', merchantWords: x.words},
    lang,
    terminal: {terminalId: '52500038', link: 'tcp 127.0.0.1:20007'},
  })
  tick()
  await c.setIdentity({merchantId: '104110053110001', merchantName: '王记面馆', model: 'Ingenico Move/5000', serialNumber: 'SN-2231-0042', softwareVersion: 'GER-APP-3.2.1', acquirer: 'Demo Acquirer'})
  await c.recordAnswer('amount', '12.50', {question: x.qAmount, display: '12.50 EUR'})
  tick()
  await c.recordAnswer('paid-at', '14:30', {question: x.qTime})
  tick()
  await c.recordAnswer('receipt', '0042', {question: x.qReceipt})
  tick()
  await c.recordCheck({id: 'device.status', title: x.status[0]!, status: 'pass', summary: x.status[1]!, evidence: {terminalStatus: '00'}, durationMs: 180})
  tick()
  await c.recordCheck({
    id: 'network.quality',
    title: x.quality[0]!,
    status: 'warn',
    summary: x.quality[1]!,
    cause: x.quality[2]!,
    remedy: x.quality[3]!,
    evidence: {host: '127.0.0.1:8443', samplesMs: LATENCY, lossPercent: 10},
    durationMs: 1650,
  })
  tick()
  await c.recordCheck({id: 'device.host', title: x.host[0]!, status: 'pass', summary: x.host[1]!, evidence: {resultCode: '00'}, durationMs: 2300})
  tick()
  const sale = await c.recordTransaction({
    role: 'disputed',
    type: 'sale',
    time: '2026-11-23T14:30:12',
    amountCents: 1250,
    currency: 'EUR',
    panMasked: VISA_TEST_CARD.masked,
    cardType: 'Visa',
    entryMode: 'contactless',
    traceNumber: '000123',
    receiptNumber: '0042',
    turnoverNumber: 117,
    authCode: 'A1B2C3',
    batchNumber: '000017',
    terminalId: '52500038',
    resultCode: '00',
    resultText: 'approved',
    state: 'approved',
    source: 'journal',
  })
  await c.recordCheck({id: 'tx.original-state', title: x.state[0]!, status: 'fail', summary: x.state[1]!, cause: x.state[2]!, remedy: x.state[3]!, evidence: {batchClosed: true, batchNumber: '000017'}, durationMs: 420})
  tick()
  const a = await c.recordAction({kind: 'void', summary: x.void, txRef: sale})
  tick(3)
  await c.updateAction(a, {outcome: 'failed', resultCode: 'B5', resultText: lang === 'zh-CN' ? '批次已结算' : 'batch closed', detail: x.voidDetail})
  await c.recordTransaction({role: 'retry', type: 'void', time: '2026-11-23T14:52:40', amountCents: 1250, currency: 'EUR', receiptNumber: '0042', resultCode: 'B5', state: 'declined', source: 'terminal', originalRef: sale})
  tick()
  await c.addEvidence(
    'wire-log.jsonl',
    {
      content:
        '{"ts":"2026-11-23T06:52:40.101Z","dir":"ECR->PT","layer":"apdu","hex":"06 30 03 00 00 00 00 42","summary":"06 30 Reversal receipt=0042"}\n' +
        '{"ts":"2026-11-23T06:52:41.870Z","dir":"PT->ECR","layer":"apdu","hex":"06 1E 01 B5","summary":"06 1E Abort rc=B5"}\n',
    },
    {kind: 'wire-log', description: 'masked ZVT wire log of the void attempt'},
  )
  // the journal as a terminal exports it: the full PAN in it must be masked on the way in
  await c.addEvidence(
    'journal.csv',
    {content: `time,type,amount,pan,trace,receipt,auth,batch,rc\n2026-11-23 14:30:12,sale,12.50,${VISA_TEST_CARD.pan},000123,0042,A1B2C3,000017,00\n`},
    {kind: 'journal'},
  )
  await c.addEvidence('receipt-0042.txt', {content: `WANG JI MIAN GUAN\nSALE 12.50 EUR\nVISA ${VISA_TEST_CARD.masked}\nRECEIPT 0042 TRACE 000123\nAUTH A1B2C3\n`}, {kind: 'receipt'})
  await c.setVerdict({outcome: 'needs-acquirer', summary: x.verdict, cause: x.cause, findings: [{text: x.finding, ref: 'check:network.quality'}]})
  await c.setAcquirerRequest({summary: x.request, items: x.items})
  tick()
  if (!opts.keepOpen) await c.close('needs-acquirer')
  return c
}
