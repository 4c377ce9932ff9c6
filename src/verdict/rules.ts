/**
 * The rules, one function per symptom: facts in, a draft verdict out. Each branch names its rule
 * ("void-failed/retryable") so a verdict can always say why. Money-safety is not left to the
 * branches: guard.ts enforces it over every draft.
 */
import {formatMoney} from '../domain/money.js'
import {formatTraceNumber, formatReceiptNumber, TERM} from '../domain/numbers.js'
import type {Lang} from '../i18n/index.js'
import {beforeJournal, chosen} from './search.js'
import {nextBusinessDay, localDate} from './time.js'
import type {DoNotCode, Facts, NextStepCode, QrFact, TxFact, VerdictStatus} from './types.js'
import {CUSTOMER, REQUEST, V, type StepParams} from './verdict-text.js'

export interface Draft {
  status: VerdictStatus
  rule: string
  summary: string
  cause?: string
  tx?: TxFact | null
  txReason?: string
  candidates?: TxFact[]
  next: Array<{code: NextStepCode; p?: StepParams}>
  dont: DoNotCode[]
  customer: Record<Lang, string>
  request?: Record<Lang, string>
  expectedDate?: string
  waitSeconds?: number
  receiptText?: string[]
}

const n = (code: NextStepCode, p?: StepParams) => ({code, ...(p ? {p} : {})})

/** "25.80 EUR, 凭证号 000172, 2026-12-02 16:16" — how a verdict names a transaction in a sentence. */
export function describeTx(t: TxFact | undefined, lang: Lang, fallbackAmount?: number): string {
  const amount = t?.amountCents ?? fallbackAmount
  const parts = [
    amount === undefined ? undefined : formatMoney(amount, t?.currency, lang),
    t?.traceNumber === undefined ? undefined : `${TERM.traceNumber[lang]} ${formatTraceNumber(t.traceNumber)}`,
    t?.receiptNumber === undefined ? undefined : `${TERM.receiptNumber[lang]} ${formatReceiptNumber(t.receiptNumber)}`,
    t?.time?.slice(0, 16),
  ].filter(Boolean)
  return parts.join(lang === 'zh-CN' ? '，' : ', ')
}

const STATE_WORD: Record<string, Record<Lang, string>> = {
  declined: {en: 'declined', 'zh-CN': '被拒绝'},
  reversed: {en: 'reversed', 'zh-CN': '已冲正'},
  voided: {en: 'voided', 'zh-CN': '已撤销'},
  refunded: {en: 'refunded', 'zh-CN': '已退货'},
}

const failing = (f: Facts, prefix: string[]) => f.checks.filter((c) => (c.status === 'fail' || c.status === 'error') && prefix.some((p) => c.id.startsWith(p)))
/** The terminal's own host test or the PC-side checks of the acquirer host failed. */
export const hostDown = (f: Facts) => failing(f, ['device.host', 'network.']).length > 0

/** Payout arithmetic: T+1 business day after the sale's day (end-of-day runs that evening). */
export function payoutDue(f: Facts, t: TxFact | undefined): {due: string; passed: boolean} | undefined {
  const day = t?.time?.slice(0, 10) ?? f.answers.date
  if (!day) return undefined
  const due = nextBusinessDay(day, f.holidays, f.workdays)
  return {due, passed: localDate(Date.parse(f.now), f.timeZone) > due}
}

// ------------------------------------------------------------------ card payment: was it paid?

function cardPayment(f: Facts): Draft {
  const L = f.lang
  if (f.link === 'unreachable') {
    return {status: 'in-doubt', rule: 'payment/link-down', summary: V.linkDown[L], tx: null, txReason: V.linkDown[L], next: [n('read-terminal'), n('check-network'), n('run-again')], dont: ['charge-again'], customer: CUSTOMER.wait}
  }
  if (f.link === 'not-connected') return cardFromMerchant(f)
  const s = f.search
  if (!s?.ran) return {status: 'in-doubt', rule: 'payment/journal-unread', summary: V.journalUnread[L], tx: null, txReason: V.journalUnread[L], next: [n('read-terminal'), n('print-journal')], dont: ['charge-again'], customer: CUSTOMER.wait}
  const t = chosen(s)
  if (!t && s.matches.length > 1) {
    return {status: 'merchant-action', rule: 'payment/candidates', summary: V.candidates[L](s.matches.length), tx: null, txReason: V.candidates[L](s.matches.length), candidates: s.matches, next: [n('pick-transaction')], dont: ['charge-again'], customer: CUSTOMER.wait}
  }
  if (!t) return notFound(f, 'payment')
  const w = describeTx(t, L)
  switch (t.state) {
    case 'approved':
      if (hostDown(f)) {
        return {status: 'merchant-action', rule: 'payment/approved-host-down', summary: V.approvedHostDown[L](w), tx: t, next: [n('hand-over-goods'), n('check-network'), n('run-end-of-day')], dont: ['charge-again'], customer: CUSTOMER.paid}
      }
      return {status: 'resolved', rule: 'payment/approved', summary: V.approved[L](w), tx: t, next: [n('hand-over-goods')], dont: ['charge-again'], customer: CUSTOMER.paid}
    case 'declined':
    case 'reversed':
    case 'voided':
      return {status: 'merchant-action', rule: `payment/${t.state}`, summary: V.notCharged[L](w, STATE_WORD[t.state]![L]), tx: t, next: [n('take-new-payment')], dont: [], customer: CUSTOMER.notCharged}
    default:
      return {status: 'in-doubt', rule: 'payment/state-unknown', summary: V.inDoubtTx[L](w), tx: t, next: [n('read-terminal'), n('ask-acquirer-authorisation')], dont: ['charge-again'], customer: CUSTOMER.wait, request: REQUEST.authorisation}
  }
}

/** Not connected to this PC: what the merchant read off the terminal. */
function cardFromMerchant(f: Facts): Draft {
  const L = f.lang
  const a = f.answers
  const t: TxFact = {source: 'merchant', type: 'sale', state: 'unknown', ...(a.amountCents === undefined ? {} : {amountCents: a.amountCents}), ...(a.ref === undefined ? {} : a.refDigits === 6 ? {traceNumber: a.ref} : {receiptNumber: a.ref}), ...(f.terminal.terminalId ? {terminalId: f.terminal.terminalId} : {})}
  const w = describeTx(t, L)
  switch (a.terminalShows) {
    case 'approved':
      return {status: 'resolved', rule: 'payment/merchant-read-approved', summary: `${V.notConnected[L]} ${V.approved[L](w)}`, tx: {...t, state: 'approved'}, next: [n('hand-over-goods')], dont: ['charge-again'], customer: CUSTOMER.paid}
    case 'declined':
    case 'reversed':
      return {status: 'merchant-action', rule: `payment/merchant-read-${a.terminalShows}`, summary: `${V.notConnected[L]} ${V.notCharged[L](w, STATE_WORD[a.terminalShows]![L])}`, tx: {...t, state: a.terminalShows}, next: [n('take-new-payment')], dont: [], customer: CUSTOMER.notCharged}
    case 'not-listed':
      return {status: 'acquirer-action', rule: 'payment/merchant-read-not-listed', summary: `${V.notConnected[L]} ${V.notFound[L](w, '')}`, tx: null, txReason: V.notFound[L](w, ''), next: [n('ask-acquirer-authorisation')], dont: ['charge-again'], customer: CUSTOMER.wait, request: REQUEST.authorisation}
    default:
      return {status: 'in-doubt', rule: 'payment/merchant-read-unknown', summary: `${V.notConnected[L]} ${V.inDoubtTx[L](w)}`, tx: {...t, state: 'unknown'}, next: [n('read-terminal'), n('print-journal'), n('ask-acquirer-authorisation')], dont: ['charge-again'], customer: CUSTOMER.wait, request: REQUEST.authorisation}
  }
}

function notFound(f: Facts, area: string): Draft {
  const L = f.lang
  const s = f.search!
  const tid = f.terminal.terminalId ?? '?'
  if (beforeJournal(s)) {
    const why = V.beforeJournal[L](`${TERM.terminalId[L]} ${tid}`, s.journalFrom!)
    return {status: 'inconclusive', rule: `${area}/before-journal`, summary: why, tx: null, txReason: why, next: [n('ask-acquirer-authorisation')], dont: ['charge-again'], customer: CUSTOMER.wait, request: REQUEST.authorisation}
  }
  const what = describeTx(undefined, L, s.amountCents) || (L === 'zh-CN' ? '符合的交易' : 'fitting payment')
  const where = s.window ? (L === 'zh-CN' ? `（${s.window.label}）` : `(${s.window.label})`) : ''
  const why = V.notFound[L](L === 'zh-CN' ? `金额为 ${what} 的交易` : `payment of ${what}`, where)
  return {status: 'acquirer-action', rule: `${area}/not-found`, summary: why, tx: null, txReason: why, ...(s.recent?.length ? {candidates: s.recent} : {}), next: [n('ask-acquirer-authorisation'), n('read-terminal')], dont: ['charge-again'], customer: CUSTOMER.wait, request: REQUEST.authorisation}
}

// ------------------------------------------------------------------ QR

const PLATFORM_WINDOW_S: Record<QrFact['platform'], number | undefined> = {wechat: 45, alipay: 60, unionpay: undefined, unknown: undefined}
const platformName = (p: QrFact['platform'], L: Lang) => (L === 'zh-CN' ? {wechat: '微信支付', alipay: '支付宝', unionpay: '云闪付', unknown: '支付平台'}[p] : {wechat: 'WeChat Pay', alipay: 'Alipay', unionpay: 'UnionPay QR', unknown: 'the payment platform'}[p])

function qrOrder(f: Facts): Draft {
  const L = f.lang
  const q: QrFact = f.qr ?? {platform: 'unknown', observed: 'not-checked', observedBy: 'merchant'}
  const P = platformName(q.platform, L)
  const pp = {platform: q.platform}
  const t: TxFact = {source: q.observedBy === 'platform' ? 'platform' : 'merchant', type: 'qr-payment', state: 'unknown', ...(f.answers.amountCents === undefined ? {} : {amountCents: f.answers.amountCents}), ...(q.orderNumber ? {orderNumber: q.orderNumber} : {})}
  const age = q.ageSeconds
  const win = PLATFORM_WINDOW_S[q.platform]
  const netBad = failing(f, ['network.']).length > 0
  switch (q.observed) {
    case 'paid': {
      const summary = `${V.qrPaid[L](P)}${netBad ? ` ${V.qrNetwork[L]}` : ''}`
      return {status: 'resolved', rule: 'qr/paid', summary, tx: {...t, state: 'approved'}, next: [n('hand-over-goods'), n('fix-notice'), ...(netBad ? [n('check-network')] : [])], dont: ['charge-again'], customer: CUSTOMER.paid}
    }
    case 'refunded':
      return {status: 'merchant-action', rule: 'qr/refunded', summary: V.qrRefunded[L], tx: {...t, state: 'refunded'}, next: [n('take-new-payment')], dont: ['refund'], customer: CUSTOMER.refunded}
    case 'closed':
    case 'revoked':
    case 'failed':
      return {status: 'merchant-action', rule: 'qr/not-paid', summary: V.qrNotPaid[L], tx: {...t, state: 'declined'}, next: [n('take-new-payment')], dont: [], customer: CUSTOMER.payAgain}
    case 'uncertain':
      return {status: 'in-doubt', rule: 'qr/uncertain', summary: V.qrUncertain[L](P), tx: {...t, state: 'in-doubt'}, next: [n('ask-platform', pp), n('ask-customer-record')], dont: ['charge-again', 'hand-over-goods'], customer: CUSTOMER.provider, request: REQUEST.platform}
    case 'limit':
      return {status: 'merchant-action', rule: 'qr/limit', summary: V.qrLimit[L], tx: {...t, state: 'declined'}, next: [n('other-payment-method')], dont: [], customer: CUSTOMER.limit}
    case 'pending': {
      if (age === undefined || win === undefined) {
        return {status: 'in-doubt', rule: 'qr/pending-no-window', summary: V.qrPendingNoAge[L], tx: {...t, state: 'pending'}, next: [n('wait-and-query', {seconds: 10}), n('revoke-order', pp), n('ask-platform', pp)], dont: ['charge-again', 'hand-over-goods'], customer: CUSTOMER.wait, request: REQUEST.platform}
      }
      if (age < win) {
        const left = win - age
        return {status: 'wait', rule: 'qr/pending-in-window', summary: V.qrPending[L](age, left), tx: {...t, state: 'pending'}, next: [n('wait-and-query', {seconds: Math.max(5, Math.min(left, 10))})], dont: ['charge-again', 'hand-over-goods'], customer: CUSTOMER.finishOnPhone, waitSeconds: Math.max(5, left)}
      }
      return {status: 'merchant-action', rule: 'qr/pending-past-window', summary: V.qrPendingLate[L](age), tx: {...t, state: 'pending'}, next: [n('revoke-order', pp)], dont: ['charge-again', 'hand-over-goods'], customer: CUSTOMER.cancelled}
    }
    case 'not-found': {
      if (age !== undefined && age < 60) {
        return {status: 'wait', rule: 'qr/not-found-young', summary: V.qrNotFoundYoung[L], tx: {...t, state: 'unknown'}, next: [n('wait-and-query', {seconds: 10})], dont: ['charge-again', 'hand-over-goods'], customer: CUSTOMER.wait, waitSeconds: 60 - age}
      }
      if (q.customerShowsPaid) {
        return {status: 'acquirer-action', rule: 'qr/wrong-payee', summary: V.qrNotFoundPaid[L](P), tx: null, txReason: V.qrNotFound[L](P), next: [n('ask-customer-record'), n('ask-platform', pp)], dont: ['charge-again', 'refund'], customer: CUSTOMER.wrongPayee, request: REQUEST.platform}
      }
      return {status: 'merchant-action', rule: 'qr/not-found', summary: V.qrNotFound[L](P), tx: null, txReason: V.qrNotFound[L](P), next: [n('ask-customer-record'), n('ask-platform', pp)], dont: ['charge-again', 'hand-over-goods'], customer: CUSTOMER.wait, request: REQUEST.platform}
    }
    default: {
      const where = L === 'zh-CN' ? {wechat: '「微信支付商家助手」', alipay: '「支付宝商家」App', unionpay: '收款 App', unknown: '收款 App'}[q.platform] : {wechat: 'the WeChat Pay merchant assistant', alipay: 'the Alipay merchant app', unionpay: 'your collection app', unknown: 'your collection app'}[q.platform]
      const inWindow = age !== undefined && win !== undefined && age < win
      return {status: inWindow ? 'wait' : 'in-doubt', rule: inWindow ? 'qr/not-checked-in-window' : 'qr/not-checked', summary: V.qrNotChecked[L](where), tx: {...t, state: 'unknown'}, next: [...(inWindow ? [n('wait-and-query', {seconds: Math.max(5, Math.min(win - age, 10))})] : []), n('ask-customer-record'), n('ask-platform', pp)], dont: ['charge-again', 'hand-over-goods'], customer: CUSTOMER.wait, ...(inWindow ? {waitSeconds: win - age} : {})}
    }
  }
}

// ------------------------------------------------------------------ symptoms

function creditInfoLost(f: Facts): Draft {
  return f.answers.method === 'qr' ? qrOrder(f) : cardPayment(f)
}

function paidNotCredited(f: Facts): Draft {
  const L = f.lang
  if (f.link === 'unreachable') {
    return {status: 'inconclusive', rule: 'payout/link-down', summary: V.linkDownNoPayment[L], tx: null, txReason: V.linkDownNoPayment[L], next: [n('check-network'), n('print-journal'), n('run-again')], dont: [], customer: CUSTOMER.none}
  }
  let t: TxFact | undefined
  if (f.link === 'not-connected') {
    const d = cardFromMerchant(f)
    if (f.answers.terminalShows !== 'approved') return {...d, rule: d.rule.replace('payment/', 'payout/')}
    t = d.tx ?? undefined
  } else {
    const s = f.search
    if (!s?.ran) return {status: 'inconclusive', rule: 'payout/journal-unread', summary: V.journalUnread[L], tx: null, txReason: V.journalUnread[L], next: [n('print-journal'), n('run-again')], dont: [], customer: CUSTOMER.none}
    t = chosen(s)
    if (!t && s.matches.length > 1) return {status: 'merchant-action', rule: 'payout/candidates', summary: V.candidates[L](s.matches.length), tx: null, txReason: V.candidates[L](s.matches.length), candidates: s.matches, next: [n('pick-transaction')], dont: [], customer: CUSTOMER.none}
    if (!t) return notFound(f, 'payout')
  }
  const w = describeTx(t, L)
  if (t!.state !== 'approved') {
    const st = STATE_WORD[t!.state]?.[L] ?? t!.state
    return {status: 'merchant-action', rule: `payout/${t!.state}`, summary: V.notCharged[L](w, st), tx: t, next: [n('take-new-payment')], dont: [], customer: CUSTOMER.notCharged}
  }
  const r = f.recon
  if (r?.outcome === 'settled') return {status: 'merchant-action', rule: 'payout/settled-in-file', summary: V.reconSettled[L](w), tx: t, next: [n('check-bank-statement')], dont: [], customer: CUSTOMER.none}
  if (r?.outcome === 'exception') return {status: 'acquirer-action', rule: 'payout/file-exception', summary: V.reconException[L](r.text ?? r.category ?? '?'), tx: t, next: [n('ask-acquirer-payout')], dont: [], customer: CUSTOMER.none, request: REQUEST.payout}
  if (t!.batchOpen === true) {
    const hd = hostDown(f)
    return {status: 'merchant-action', rule: 'payout/batch-open', summary: V.batchOpen[L](w), tx: t, next: [...(hd ? [n('check-network')] : []), n('run-end-of-day')], dont: [], customer: CUSTOMER.none}
  }
  const due = payoutDue(f, t)
  if (due && !due.passed) return {status: 'wait', rule: 'payout/in-window', summary: V.payoutWait[L](w, due.due), tx: t, next: [n('wait-settlement', {date: due.due})], dont: [], customer: CUSTOMER.none, expectedDate: due.due}
  return {status: 'acquirer-action', rule: 'payout/late', summary: V.payoutLate[L](w, due?.due ?? '?'), tx: t, next: [n('ask-acquirer-payout')], dont: [], customer: CUSTOMER.none, request: REQUEST.payout, ...(due ? {expectedDate: due.due} : {})}
}

function receiptUnusable(f: Facts): Draft {
  const L = f.lang
  const a = f.answers
  const label = a.ref === undefined ? (L === 'zh-CN' ? '最近一笔' : 'the last one') : `${a.refDigits === 6 ? TERM.traceNumber[L] : TERM.receiptNumber[L]} ${a.refDigits === 6 ? formatTraceNumber(a.ref) : formatReceiptNumber(a.ref)}`
  if (f.link === 'unreachable') {
    return {status: 'inconclusive', rule: 'reprint/link-down', summary: V.linkDownNoPayment[L], tx: null, txReason: V.linkDownNoPayment[L], next: [n('reprint', {receipt: label}), n('check-network'), n('run-again')], dont: [], customer: CUSTOMER.slipLater}
  }
  if (f.link === 'not-connected') {
    if (a.slipShows === 'printed') return {status: 'resolved', rule: 'reprint/merchant-printed', summary: V.printed[L](label), tx: null, txReason: V.notConnected[L], next: [], dont: [], customer: CUSTOMER.slip}
    if (a.slipShows === 'paper-out') return {status: 'merchant-action', rule: 'reprint/merchant-paper-out', summary: V.textOnlyNoText[L](label), tx: null, txReason: V.notConnected[L], next: [n('replace-paper'), n('reprint', {receipt: label})], dont: [], customer: CUSTOMER.slipLater}
    if (a.slipShows === 'not-found') return {status: 'acquirer-action', rule: 'reprint/merchant-not-found', summary: V.slipGone[L](label), tx: null, txReason: V.slipGone[L](label), next: [n('ask-acquirer-copy')], dont: [], customer: CUSTOMER.slipLater, request: REQUEST.copy}
    return {status: 'merchant-action', rule: 'reprint/merchant-read', summary: V.notConnected[L], tx: null, txReason: V.notConnected[L], next: [n('reprint', {receipt: label})], dont: [], customer: CUSTOMER.slipLater}
  }
  const s = f.search
  if (s && !chosen(s) && s.matches.length > 1) return {status: 'merchant-action', rule: 'reprint/candidates', summary: V.candidates[L](s.matches.length), tx: null, txReason: V.candidates[L](s.matches.length), candidates: s.matches, next: [n('pick-transaction')], dont: [], customer: CUSTOMER.slipLater}
  const t = chosen(s)
  const r = f.reprint
  const which = t ? describeTx(t, L) : label
  if (!r || (s && s.matches.length === 0 && a.ref !== undefined)) {
    // the merchant named a slip the terminal does not have: never "the last one" instead
    return {status: 'acquirer-action', rule: 'reprint/not-on-terminal', summary: V.slipGone[L](label), tx: null, txReason: V.slipGone[L](label), ...(s?.recent?.length ? {candidates: s.recent} : {}), next: [n('ask-acquirer-copy')], dont: [], customer: CUSTOMER.slipLater, request: REQUEST.copy}
  }
  switch (r.outcome) {
    case 'printed':
      // the reprint service says "the text is below": the verdict carries it
      return {status: 'resolved', rule: 'reprint/printed', summary: V.printed[L](which), tx: t ?? null, ...(t ? {} : {txReason: label}), next: [], dont: [], customer: CUSTOMER.slip, ...(r.receiptLines?.length ? {receiptText: r.receiptLines} : {})}
    case 'text-only':
      return {
        status: 'merchant-action',
        rule: r.receiptLines?.length ? 'reprint/text-only' : 'reprint/no-text',
        summary: r.receiptLines?.length ? V.textOnly[L](which) : V.textOnlyNoText[L](which),
        tx: t ?? null,
        ...(t ? {} : {txReason: label}),
        next: [...(r.receiptLines?.length ? [n('give-slip-text', r.evidence ? {receipt: r.evidence} : {})] : []), n('replace-paper'), n('reprint', {receipt: label})],
        dont: [],
        customer: r.receiptLines?.length ? CUSTOMER.slip : CUSTOMER.slipLater,
        ...(r.receiptLines?.length ? {receiptText: r.receiptLines} : {}),
      }
    case 'not-on-terminal':
      return {status: 'acquirer-action', rule: 'reprint/not-on-terminal', summary: V.slipGone[L](which), tx: t ?? null, ...(t ? {} : {txReason: V.slipGone[L](label)}), next: [n('ask-acquirer-copy')], dont: [], customer: CUSTOMER.slipLater, request: REQUEST.copy}
    default:
      return {status: 'inconclusive', rule: 'reprint/failed', summary: `${V.reprintFailed[L]}${r.message ? ` ${r.message}` : ''}`, tx: t ?? null, ...(t ? {} : {txReason: label}), next: [n('reprint', {receipt: label}), n('check-network')], dont: [], customer: CUSTOMER.slipLater}
  }
}

/** Result codes after which a void can still work once the cause is fixed. */
export const VOID_RETRY_FIX: Record<string, {step: NextStepCode; fix: Record<Lang, string>}> = {
  '9C': {step: 'wait-terminal', fix: {en: 'Wait until the terminal is no longer busy (about 30 s).', 'zh-CN': '等终端不再忙碌（约 30 秒），'}},
  A0: {step: 'wait-terminal', fix: {en: 'Wait until the terminal is ready (about 30 s).', 'zh-CN': '等终端就绪（约 30 秒），'}},
  A1: {step: 'check-network', fix: {en: "Check the terminal's connection to its host.", 'zh-CN': '先检查终端与主机的连接，'}},
  A3: {step: 'check-network', fix: {en: "Restore the terminal's network (cable / Wi-Fi / SIM).", 'zh-CN': '先恢复终端网络（网线 / Wi-Fi / SIM 卡），'}},
  '9B': {step: 'check-network', fix: {en: "Restore the terminal's network.", 'zh-CN': '先恢复终端网络，'}},
  E0: {step: 'wait-terminal', fix: {en: 'Wait until remote maintenance has finished.', 'zh-CN': '等远程维护结束，'}},
  E4: {step: 'activate-terminal', fix: {en: 'Activate the terminal as the acquirer instructs.', 'zh-CN': '先按收单机构的要求激活终端，'}},
  F0: {step: 'run-end-of-day', fix: {en: 'The terminal asks for end-of-day first; if the void is then refused as settled, posdoc leads you to the refund.', 'zh-CN': '终端要求先结算；如结算后撤销被拒（已结算），posdoc 会引导您改做退货，'}},
}
const MERCHANT_VOID: Record<string, string> = {busy: '9C', 'no-connection': 'A3', activation: 'E4', 'end-of-day': 'F0'}

export const isRetryableVoid = (v: Facts['void']) =>
  v !== undefined && ((v.outcome === 'failed' && (v.linkLost === true || (v.resultCode !== undefined && v.resultCode.toUpperCase() in VOID_RETRY_FIX) || v.resultClass === 'transient')) || v.outcome === 'needs-confirmation' || v.outcome === 'declined')

export const voidUnknown = (v: Facts['void']) => v !== undefined && (v.outcome === 'in-doubt' || v.outcome === 'blocked')

function voidFailed(f: Facts): Draft {
  const L = f.lang
  const a = f.answers
  // the merchant made this sale and wants it voided: approved until the terminal says otherwise
  const base: TxFact = {source: 'merchant', type: 'sale', state: 'approved', ...(a.amountCents === undefined ? {} : {amountCents: a.amountCents}), ...(a.ref === undefined ? {} : {receiptNumber: a.ref}), ...(f.terminal.terminalId ? {terminalId: f.terminal.terminalId} : {})}
  if (f.link === 'unreachable') {
    return {status: 'inconclusive', rule: 'void/link-down', summary: V.voidNoLink[L], tx: {...base}, next: [n('read-terminal'), n('check-network'), n('run-again')], dont: ['void-again', 'refund'], customer: CUSTOMER.voidPending}
  }
  const v = f.void
  if (f.link === 'not-connected' || !v) {
    const shows = a.voidShows
    const code = shows ? MERCHANT_VOID[shows] : undefined
    if (code) {
      const fx = VOID_RETRY_FIX[code]!
      return {status: 'merchant-action', rule: `void/merchant-read-${shows}`, summary: V.voidRetryable[L](fx.fix[L]), tx: base, next: [n(fx.step), n('retry-void', {fix: fx.fix[L]})], dont: ['refund'], customer: CUSTOMER.voidPending}
    }
    if (shows === 'not-possible') return {status: 'merchant-action', rule: 'void/merchant-read-settled', summary: V.voidRefundOnTerminal[L](describeTx(base, L)), tx: base, next: [n('refund-on-terminal')], dont: ['void-again'], customer: CUSTOMER.refundComing}
    if (shows === 'no-answer') return {status: 'in-doubt', rule: 'void/merchant-read-no-answer', summary: V.voidInDoubt[L], tx: {...base, state: 'in-doubt'}, next: [n('read-terminal'), n('resume-case')], dont: ['void-again', 'refund', 'charge-again', 'power-off'], customer: CUSTOMER.voidPending}
    return {status: 'inconclusive', rule: 'void/merchant-read-other', summary: V.notConnected[L], tx: base, next: [n('read-terminal'), n('print-journal')], dont: ['void-again', 'refund'], customer: CUSTOMER.voidPending}
  }
  const t: TxFact = v.original ?? base
  const w = describeTx(t, L)
  switch (v.outcome) {
    case 'reversed':
    case 'already-reversed':
    case 'nothing-to-void':
      return {status: 'resolved', rule: `void/${v.outcome}`, summary: V.voided[L](w), tx: {...t, state: 'voided'}, next: [], dont: ['void-again', 'refund'], customer: CUSTOMER.voided}
    case 'refunded':
      return {status: 'resolved', rule: 'void/refunded', summary: V.refunded[L](w), tx: {...t, state: 'refunded'}, next: [], dont: ['void-again', 'refund'], customer: CUSTOMER.refundComing}
    case 'refund-needed':
      return {status: 'merchant-action', rule: 'void/settled-refund', summary: V.voidRefundOnTerminal[L](w), tx: t, next: [n('refund-on-terminal')], dont: ['void-again'], customer: CUSTOMER.refundComing}
    case 'not-on-terminal':
      return {status: 'acquirer-action', rule: 'void/not-on-terminal', summary: V.voidNotOnTerminal[L](w), tx: t, next: [n('ask-acquirer-refund')], dont: ['void-again'], customer: CUSTOMER.refundComing, request: REQUEST.refund}
    case 'in-doubt':
    case 'blocked':
      return {status: 'in-doubt', rule: `void/${v.outcome}`, summary: V.voidInDoubt[L], tx: {...t, state: 'in-doubt'}, next: [n('resume-case'), n('read-terminal')], dont: ['void-again', 'refund', 'charge-again', 'power-off'], customer: CUSTOMER.voidPending}
    case 'needs-confirmation':
      return {status: 'merchant-action', rule: 'void/needs-confirmation', summary: V.voidNotSent[L], tx: t, next: [n('confirm-void')], dont: [], customer: CUSTOMER.voidPending}
    case 'declined':
      return {status: 'merchant-action', rule: 'void/declined-by-merchant', summary: V.voidDeclined[L], tx: t, next: [n('confirm-void')], dont: [], customer: CUSTOMER.none}
    default: {
      const code = v.resultCode?.toUpperCase()
      const fx = code ? VOID_RETRY_FIX[code] : undefined
      if (fx) return {status: 'merchant-action', rule: `void/retryable-${code}`, summary: V.voidRetryable[L](fx.fix[L]), tx: t, next: [n(fx.step), n('retry-void', {fix: fx.fix[L]})], dont: ['refund'], customer: CUSTOMER.voidPending}
      if (v.linkLost || v.resultClass === 'transient') {
        const why = v.message ?? V.linkDownNoPayment[L]
        return {status: 'merchant-action', rule: 'void/retryable-link', summary: V.voidRetryable[L](why), tx: t, next: [n('check-network'), n('retry-void')], dont: ['refund'], customer: CUSTOMER.voidPending}
      }
      return {status: 'acquirer-action', rule: 'void/refused', summary: V.voidRefused[L](v.message ?? code ?? '?'), tx: t, next: [n('ask-acquirer-refund')], dont: ['void-again'], customer: CUSTOMER.refundComing, request: REQUEST.refund}
    }
  }
}

/** Device + network: what failed, in the order a merchant can fix it. */
function terminalHealth(f: Facts): Draft {
  const L = f.lang
  if (f.link === 'unreachable') return {status: 'merchant-action', rule: 'health/link-down', summary: V.linkDownNoPayment[L], tx: null, txReason: V.linkDownNoPayment[L], next: [n('check-network', {fix: L === 'zh-CN' ? '确认终端已开机、网线 / Wi-Fi 已连接且地址正确。' : 'Check the terminal is on, its cable / Wi-Fi is connected and the address is right.'}), n('run-again')], dont: [], customer: CUSTOMER.none}
  if (f.link === 'not-connected') return {status: 'inconclusive', rule: 'health/not-connected', summary: V.notConnected[L], tx: null, txReason: V.notConnected[L], next: [n('read-terminal'), n('check-network')], dont: [], customer: CUSTOMER.none}
  const bad = f.checks.filter((c) => c.status === 'fail' || c.status === 'error')
  if (bad.length === 0) return {status: 'resolved', rule: 'health/healthy', summary: V.healthy[L], tx: null, txReason: V.healthy[L], next: [], dont: [], customer: CUSTOMER.none}
  const next: Draft['next'] = []
  const codes = new Set(bad.map((c) => c.code?.toUpperCase()))
  if (codes.has('CC') || bad.some((c) => c.id === 'device.printer')) next.push(n('replace-paper'))
  if (codes.has('E4')) next.push(n('activate-terminal'))
  if (codes.has('F0')) next.push(n('run-end-of-day'))
  if (codes.has('9C') || codes.has('A0')) next.push(n('wait-terminal'))
  if (hostDown(f) || bad.some((c) => c.id.startsWith('network.') || c.id === 'device.host')) next.push(n('check-network'))
  next.push(n('run-again'))
  return {status: 'merchant-action', rule: 'health/problems', summary: V.problems[L]([...new Set(bad.map((c) => checkName(c.id, L)))].join(L === 'zh-CN' ? '；' : '; ')), tx: null, txReason: V.problems[L](''), next, dont: [], customer: CUSTOMER.none}
}

/** A failed check in the merchant's words (its own summary may carry the terminal's text, in the terminal's language). */
function checkName(id: string, L: Lang): string {
  const family = id.startsWith('network.') && id !== 'network.terminal' ? 'network' : id
  const names: Record<string, Record<Lang, string>> = {
    'device.host': {en: "the terminal's connection to its acquirer host", 'zh-CN': '终端与收单主机的连接'},
    'network.terminal': {en: "the terminal's own host test", 'zh-CN': '终端自身的主机连接测试'},
    network: {en: "this shop's connection to the acquirer host", 'zh-CN': '门店到收单主机的网络'},
    'device.status': {en: 'the terminal status', 'zh-CN': '终端状态'},
    'device.printer': {en: 'the printer', 'zh-CN': '打印机'},
    'device.registration': {en: 'the registration with the terminal', 'zh-CN': '终端登记'},
    'device.clock': {en: "the terminal's clock", 'zh-CN': '终端时钟'},
    'device.batch': {en: 'the open batch', 'zh-CN': '未结算批次'},
    'device.link': {en: 'the link to the terminal', 'zh-CN': '与终端的连接'},
  }
  return names[family]?.[L] ?? (L === 'zh-CN' ? '检查项' : 'a check') + ` ${id}`
}

export const RULES: Record<Facts['symptom'], (f: Facts) => Draft> = {
  'credit-info-lost': creditInfoLost,
  'scan-no-notice': qrOrder,
  'paid-not-credited': paidNotCredited,
  'receipt-unusable': receiptUnusable,
  'void-failed': voidFailed,
  'terminal-offline': terminalHealth,
  other: terminalHealth,
}
