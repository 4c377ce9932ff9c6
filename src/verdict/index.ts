/**
 * decide(facts) → Verdict: the symptom's rules, then the money-safety guard, then the texts.
 * Pure: the same facts always give the same verdict.
 */
import {formatMoney} from '../domain/money.js'
import {formatReceiptNumber, formatTraceNumber, TERM} from '../domain/numbers.js'
import type {Lang} from '../i18n/index.js'
import {guard} from './guard.js'
import {RULES, type Draft} from './rules.js'
import {withOffset} from './time.js'
import type {Facts, TxFact, TxView, Verdict} from './types.js'
import {DONT_TEXT, STEP_TEXT} from './verdict-text.js'

export function decide(facts: Facts): Verdict {
  return render(facts, guard(facts, RULES[facts.symptom](facts)))
}

export function txView(t: TxFact, f: Pick<Facts, 'timeZone' | 'now' | 'terminal'>): TxView {
  const tid = t.terminalId ?? f.terminal.terminalId
  return {
    ...(tid ? {terminalId: tid} : {}),
    ...(t.receiptNumber === undefined ? {} : {receiptNumber: t.receiptNumber}),
    ...(t.traceNumber === undefined ? {} : {traceNumber: t.traceNumber}),
    ...(t.rrn ? {rrn: t.rrn} : {}),
    ...(t.authCode ? {authCode: t.authCode} : {}),
    ...(t.batchNumber === undefined ? {} : {batchNumber: t.batchNumber}),
    ...(t.amountCents === undefined ? {} : {amountCents: t.amountCents}),
    ...(t.currency ? {currency: t.currency} : {}),
    ...(t.time ? {localTime: withOffset(t.time, f.timeZone, Date.parse(f.now))} : {}),
    ...(t.panMasked ? {panMasked: t.panMasked} : {}),
    ...(t.cardType ? {cardType: t.cardType} : {}),
    state: t.state,
    source: t.source,
    ...(t.orderNumber ? {orderNumber: t.orderNumber} : {}),
  }
}

const STATE_ZH: Record<TxView['state'], string> = {approved: '成功', declined: '被拒绝', reversed: '已冲正', voided: '已撤销', refunded: '已退货', pending: '处理中', 'in-doubt': '结果未知', unknown: '未知'}
/** A transaction state for a person. */
export const stateText = (state: TxView['state'], lang: Lang): string => (lang === 'zh-CN' ? STATE_ZH[state] : state)
const SOURCE_ZH: Record<TxView['source'], string> = {terminal: '来自终端', journal: '来自终端流水', merchant: '来自商户所述', settlement: '来自结算文件', platform: '来自支付平台'}

/** Every identifier the acquirer needs, one per line, in the verdict's language. */
export function identifierLines(f: Pick<Facts, 'terminal'>, t: TxView | null, L: Lang): string[] {
  const sep = L === 'zh-CN' ? '：' : ': '
  const line = (k: keyof typeof TERM, v: string | undefined) => (v ? `${TERM[k][L]}${sep}${v}` : undefined)
  const tid = t?.terminalId ?? f.terminal.terminalId
  const src = t ? (L === 'zh-CN' ? `（${SOURCE_ZH[t.source]}）` : ` (${t.source})`) : ''
  return [
    line('merchantId', f.terminal.merchantId),
    f.terminal.merchantName ? `${L === 'zh-CN' ? '商户名称' : 'merchant'}${sep}${f.terminal.merchantName}` : undefined,
    line('terminalId', tid),
    f.terminal.serialNumber ? `${L === 'zh-CN' ? '终端序列号' : 'terminal serial'}${sep}${f.terminal.serialNumber}` : undefined,
    t?.traceNumber === undefined ? undefined : line('traceNumber', formatTraceNumber(t.traceNumber)),
    t?.receiptNumber === undefined ? undefined : line('receiptNumber', formatReceiptNumber(t.receiptNumber)),
    line('rrn', t?.rrn),
    line('authCode', t?.authCode),
    t?.batchNumber === undefined ? undefined : line('batchNumber', String(t.batchNumber)),
    t?.amountCents === undefined ? undefined : `${L === 'zh-CN' ? '金额' : 'amount'}${sep}${formatMoney(t.amountCents, t.currency, L)}`,
    t?.localTime ? `${L === 'zh-CN' ? '交易时间' : 'time'}${sep}${t.localTime}` : undefined,
    t?.panMasked ? `${L === 'zh-CN' ? '卡号' : 'card'}${sep}${t.panMasked}` : undefined,
    t?.orderNumber ? `${L === 'zh-CN' ? '商户单号' : 'merchant order no.'}${sep}${t.orderNumber}` : undefined,
    t ? `${L === 'zh-CN' ? '状态' : 'state'}${sep}${L === 'zh-CN' ? STATE_ZH[t.state] : t.state}${src}` : undefined,
  ].filter((s): s is string => Boolean(s))
}

function render(f: Facts, d: Draft): Verdict {
  const L = f.lang
  const tx = d.tx ? txView(d.tx, f) : null
  const candidates = d.candidates?.map((c) => txView(c, f))
  return {
    schema: 'posdoc.verdict/1',
    status: d.status,
    summary: d.summary,
    ...(d.cause ? {cause: d.cause} : {}),
    transaction: tx,
    ...(tx ? {} : {transactionReason: d.txReason ?? d.summary}),
    ...(candidates?.length ? {candidates} : {}),
    nextSteps: d.next.map((s) => ({code: s.code, text: STEP_TEXT[s.code][L](s.p ?? {})})),
    doNot: d.dont.map((c) => ({code: c, text: DONT_TEXT[c][L]})),
    customerMessage: d.customer[L],
    ...(d.request ? {acquirerRequest: {summary: d.request[L], items: identifierLines(f, tx, L)}} : {}),
    ...(d.expectedDate ? {expectedDate: d.expectedDate} : {}),
    ...(d.waitSeconds === undefined ? {} : {waitSeconds: d.waitSeconds}),
    ...(d.receiptText ? {receiptText: d.receiptText} : {}),
    rule: d.rule,
  }
}

export * from './types.js'
export {searchTransactions, chosen} from './search.js'
export {answerWindow, localDateTime} from './time.js'
