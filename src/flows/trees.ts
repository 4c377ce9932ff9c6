/**
 * One fact-gathering tree per symptom. A tree measures and acts (probe, journal, reprint, void,
 * reconciliation), records every check, action and transaction in the case as it lands, and returns
 * the facts. It never decides: src/verdict/ turns the facts into the verdict.
 */
import {envHooks} from '../actions/crash-points.js'
import {reprintReceipt} from '../actions/reprint.js'
import {voidRetry} from '../actions/void-retry.js'
import {currencyAlpha, formatMoney} from '../domain/money.js'
import {formatReceiptNumber, formatTraceNumber, TERM} from '../domain/numbers.js'
import {queryQrOrder} from '../qr/index.js'
import {describeTx} from '../verdict/rules.js'
import {V} from '../verdict/verdict-text.js'
import {answerWindow, chosen, searchTransactions, stateText, type Facts, type QrFact, type SearchFact, type TxFact, type VoidFact} from '../verdict/index.js'
import {check, journal, network, probe, reconcileSale, record, type FlowContext, type JournalTx} from './engine.js'
import {flowText as T} from './flow-text.js'
import {answerFacts} from './intake.js'
import type {SymptomId} from './symptoms.js'

export type FlowFacts = Omit<Facts, 'lang' | 'now' | 'timeZone' | 'symptom'>

const baseFacts = (ctx: FlowContext): FlowFacts => ({
  link: ctx.conn ? 'connected' : ctx.linkState,
  terminal: {...(ctx.kase.data.identity.terminalId ? {terminalId: ctx.kase.data.identity.terminalId} : {}), ...(ctx.profile?.name ? {label: ctx.profile.name} : {})},
  checks: [],
  answers: answerFacts(ctx.answers),
})

export function txFromJournal(t: JournalTx): TxFact {
  const type = t.type === 'sale' || t.type === 'void' || t.type === 'refund' || t.type === 'reversal' ? t.type : 'sale'
  const state = (['approved', 'declined', 'reversed', 'voided', 'refunded'] as const).find((s) => s === t.state) ?? 'unknown'
  return {
    source: 'journal',
    type,
    state,
    ...(t.terminalId ? {terminalId: t.terminalId} : {}),
    ...(t.receiptNumber === null ? {} : {receiptNumber: t.receiptNumber}),
    ...(t.traceNumber === null ? {} : {traceNumber: t.traceNumber}),
    ...(t.authCode ? {authCode: t.authCode} : {}),
    ...(t.rrn ? {rrn: t.rrn} : {}),
    ...(t.batchNumber === null ? {} : {batchNumber: t.batchNumber}),
    ...(t.batchOpen === null ? {} : {batchOpen: t.batchOpen}),
    amountCents: t.amountCents,
    ...(t.currency ? {currency: t.currency} : {}),
    ...(t.time ? {time: t.time} : {}),
    ...(t.panMasked ? {panMasked: t.panMasked} : {}),
    ...(t.cardType ? {cardType: t.cardType} : {}),
    ...(t.resultCode ? {resultCode: t.resultCode} : {}),
  }
}

/** A one-line choice label for a transaction the merchant may pick. */
export function txChoice(t: TxFact, lang: FlowContext['lang']): string {
  const st = t.state === 'approved' ? '' : ` [${t.state}]`
  return `${t.time?.slice(0, 16) ?? '?'}  ${t.amountCents === undefined ? '' : formatMoney(t.amountCents, t.currency, lang)}  ${TERM.traceNumber[lang]} ${formatTraceNumber(t.traceNumber)}  ${TERM.receiptNumber[lang]} ${formatReceiptNumber(t.receiptNumber)}${t.panMasked ? `  ${t.panMasked.slice(-8)}` : ''}${st}`
}

/** Several fit: a person picks (or says none of them); a script gets them as candidates. */
async function pickAmong(ctx: FlowContext, s: SearchFact): Promise<SearchFact> {
  if (s.matches.length < 2 || !ctx.prompter.interactive) return s
  const choices = s.matches.map((t, i) => ({value: String(i), en: txChoice(t, 'en'), zh: txChoice(t, 'zh-CN')}))
  choices.push({value: 'none', en: 'none of these', zh: '都不是'})
  const v = await ctx.prompter.ask<string>({id: 'pick', kind: 'select', message: {en: T.pickTx.en, zh: T.pickTx['zh-CN']}, choices, default: 'none'})
  return v === 'none' ? {...s, matches: []} : {...s, picked: s.matches[Number(v)]!}
}

async function recordFound(ctx: FlowContext, s: SearchFact, what: string): Promise<void> {
  const t = chosen(s)
  const lang = ctx.lang
  if (t) {
    await recordTx(ctx, t, {role: 'disputed', state: t.state, source: t.source === 'journal' ? 'journal' : 'terminal'})
    await record(ctx, check('flow.find', T.checkFind[lang], t.state === 'approved' ? 'pass' : 'warn', T.found[lang](describeTx(t, lang), stateText(t.state, lang)), {receiptNumber: t.receiptNumber, traceNumber: t.traceNumber, state: t.state}))
  } else if (s.matches.length > 1) {
    await record(ctx, check('flow.find', T.checkFind[lang], 'warn', T.severalFound[lang](s.matches.length), {matches: s.matches.length}))
  } else {
    await record(ctx, check('flow.find', T.checkFind[lang], 'fail', T.notFoundWhat[lang](what), {searched: true, journalFrom: s.journalFrom, journalTo: s.journalTo, window: s.window}))
  }
}

/** A transaction the decision layer knows, into the case (one field list for every caller). */
async function recordTx(ctx: FlowContext, t: TxFact, as: {role: 'disputed' | 'original'; state: TxFact['state']; source: 'journal' | 'terminal'; time?: string}): Promise<string> {
  const time = as.time ?? t.time
  return ctx.kase.recordTransaction({
    role: as.role,
    type: t.type,
    ...(time ? {time} : {}),
    ...(t.amountCents === undefined ? {} : {amountCents: t.amountCents}),
    ...(t.currency ? {currency: t.currency} : {}),
    ...(t.panMasked ? {panMasked: t.panMasked} : {}),
    ...(t.cardType ? {cardType: t.cardType} : {}),
    ...(t.traceNumber === undefined ? {} : {traceNumber: t.traceNumber}),
    ...(t.receiptNumber === undefined ? {} : {receiptNumber: t.receiptNumber}),
    ...(t.authCode ? {authCode: t.authCode} : {}),
    ...(t.batchNumber === undefined ? {} : {batchNumber: t.batchNumber}),
    ...(t.terminalId ? {terminalId: t.terminalId} : {}),
    ...(t.resultCode ? {resultCode: t.resultCode} : {}),
    state: as.state,
    source: as.source,
  })
}

/** Pull the journal and look for the transaction the answers describe. */
async function findInJournal(ctx: FlowContext, opts: {types?: TxFact['type'][]; useWindow?: boolean} = {}): Promise<SearchFact> {
  const a = answerFacts(ctx.answers)
  const j = await journal(ctx)
  try {
    if (j.transactions.length === 0 && !j.journalCsv) return {ran: false, matches: []}
    const window = opts.useWindow === false ? undefined : answerWindow(a, ctx.clock.now(), ctx.timeZone)
    const s = searchTransactions(j.transactions.map(txFromJournal), {
      ...(a.amountCents === undefined ? {} : {amountCents: a.amountCents}),
      ...(a.ref === undefined ? {} : {ref: a.ref}),
      ...(window ? {window} : {}),
      ...(opts.types ? {types: opts.types} : {}),
    })
    const picked = await pickAmong(ctx, s)
    const what = [a.amountCents === undefined ? '' : formatMoney(a.amountCents, undefined, ctx.lang), a.ref === undefined ? '' : `#${a.ref}`, window?.label ?? ''].filter(Boolean).join(' ')
    await recordFound(ctx, picked, what)
    ctx.journalCsv = j.journalCsv
    ctx.cleanupJournal = j.cleanup
    return picked
  } catch (e) {
    await j.cleanup()
    throw e
  }
}

async function receiptUnusable(ctx: FlowContext): Promise<FlowFacts> {
  const f = baseFacts(ctx)
  if (!ctx.conn) return f
  const p = await probe(ctx)
  f.checks.push(...p.checks.map(checkFact))
  const a = f.answers
  let receiptNumber: number | undefined
  if (a.ref !== undefined) {
    // the merchant's number may be the 6-digit 凭证号 (trace) or the receipt number: look it up as both
    f.search = await findInJournal(ctx, {types: ['sale', 'void', 'refund', 'reversal'], useWindow: false})
    const t = chosen(f.search)
    if (!t) return f
    receiptNumber = t.receiptNumber
    if (receiptNumber === undefined) return f
  }
  const copy = ctx.answers.copy === 'merchant' ? 'merchant' : 'customer'
  const label = receiptNumber === undefined ? 'last' : formatReceiptNumber(receiptNumber)
  const action = await ctx.kase.recordAction({kind: 'reprint', summary: `${T.checkReprint[ctx.lang]} ${label}`})
  const r = await reprintReceipt(
    {which: receiptNumber === undefined ? {kind: 'last'} : {kind: 'receipt', receiptNumber}, copy, paper: true},
    {terminal: ctx.conn.terminal, password: ctx.password, journal: ctx.conn.journal, target: {kind: ctx.target.kind, label: ctx.target.label, link: ctx.conn.linkLabel}, clock: ctx.clock, lang: ctx.lang, ...(ctx.onStep ? {onStep: ctx.onStep} : {})},
  )
  const lines = r.receipt?.lines ?? []
  const evidence = lines.length > 0 ? `receipt-${label}.txt` : undefined
  if (evidence) await ctx.kase.addEvidence(evidence, {content: lines.join('\n') + '\n'}, {kind: 'receipt', description: copy})
  // the action is what was asked: a slip on paper. Text alone is not a reprint.
  const outcome = r.status === 'printed' ? 'success' : 'failed'
  await ctx.kase.updateAction(action, {outcome, detail: r.message, ...(evidence ? {evidence} : {})})
  await record(ctx, check('flow.reprint', T.checkReprint[ctx.lang], r.status === 'printed' ? 'pass' : 'fail', r.message, {status: r.status, printed: r.printer.printed, ...(evidence ? {evidence} : {})}, r.remedy ? {remedy: r.remedy} : {}))
  f.checks.push({id: 'flow.reprint', status: r.status === 'printed' ? 'pass' : 'fail', summary: r.message})
  const acq = r.acquirerRequest
  if (r.status === 'not-on-terminal' && acq && !f.search) {
    f.search = {ran: true, matches: [{source: 'terminal', type: 'sale', state: 'approved', ...(acq.receiptNumber === undefined ? {} : {receiptNumber: acq.receiptNumber}), ...(acq.traceNumber === undefined ? {} : {traceNumber: acq.traceNumber}), ...(acq.amountCents === undefined ? {} : {amountCents: acq.amountCents}), ...(acq.terminalId ? {terminalId: acq.terminalId} : {})}]}
  }
  f.reprint = {outcome: r.status, which: receiptNumber ?? 'last', ...(r.printer.ready === undefined ? {} : {printerReady: r.printer.ready}), ...(lines.length ? {receiptLines: lines} : {}), ...(evidence ? {evidence} : {}), message: r.message}
  return f
}

/**
 * How long a guided void waits for a silent terminal before calling the outcome in doubt: the whole
 * in-doubt path (T4, then asking the terminal again) stays within 60 s. T4 restarts with every
 * intermediate status (04 FF) the PT sends while the cardholder acts, and a PT may extend it there.
 */
export const FLOW_VOID_T4_MS = 20_000

async function voidFailed(ctx: FlowContext): Promise<FlowFacts> {
  const f = baseFacts(ctx)
  if (!ctx.conn) return f
  const a = f.answers
  let receiptNumber = a.ref
  if (a.ref !== undefined && (a.refDigits === 6 || a.ref > 9999)) {
    // a 6-digit 凭证号 is a trace number: find its receipt number in the journal
    f.search = await findInJournal(ctx, {useWindow: false})
    const t = chosen(f.search)
    if (!t?.receiptNumber) {
      if (f.search.matches.length === 0) f.void = {outcome: 'not-on-terminal', message: T.notFoundWhat[ctx.lang](`${TERM.traceNumber[ctx.lang]} ${formatTraceNumber(a.ref)}`)}
      return f
    }
    receiptNumber = t.receiptNumber
  }
  if (receiptNumber === undefined) return f
  let needsConfirmation = false
  ctx.onStep?.(T.voidWaiting[ctx.lang])
  let r: Awaited<ReturnType<typeof voidRetry>>
  try {
    r = await voidRetry(
    {receiptNumber, ...(a.amountCents === undefined ? {} : {amountCents: a.amountCents}), refund: false, dryRun: false, attempts: 3},
    {
      terminal: ctx.conn.terminal,
      password: ctx.password,
      journal: ctx.conn.journal,
      target: {kind: ctx.target.kind, label: ctx.target.label, link: ctx.conn.linkLabel, key: ctx.conn.terminalKey},
      clock: ctx.clock,
      confirm: async (q) => {
        if (ctx.yes) return true
        if (!ctx.prompter.interactive) {
          needsConfirmation = true
          return false
        }
        return ctx.prompter.ask<boolean>({id: 'confirmVoid', kind: 'confirm', message: {en: q, zh: q}, default: false})
      },
      hooks: envHooks(),
      lockCompromised: () => ctx.conn?.lock?.compromised ?? false,
      lang: ctx.lang,
      ...(ctx.onStep ? {onStep: ctx.onStep} : {}),
    },
  )
  } catch (e) {
    // an honest answer the terminal does not know is a finding, not an input error (exit 2)
    const code = (e as {code?: string}).code
    if (code !== 'UNKNOWN_RECEIPT' && code !== 'RECEIPT_OTHER_TERMINAL') throw e
    const message = (e as Error).message
    await record(ctx, check('flow.void', T.checkVoid[ctx.lang], 'fail', message, {code}))
    f.checks.push({id: 'flow.void', status: 'fail', summary: message})
    f.void = {outcome: 'not-on-terminal', message}
    return f
  }
  if (r.terminal.terminalId) {
    await ctx.kase.setIdentity({terminalId: r.terminal.terminalId})
    f.terminal.terminalId = r.terminal.terminalId
  }
  const o = r.original
  const original: TxFact | undefined = o
    ? {
        source: 'terminal',
        type: 'sale',
        state: o.state === 'reversed' || o.state === 'auto-reversed' ? 'reversed' : 'approved',
        receiptNumber: o.receiptNumber,
        ...(o.traceNumber === undefined ? {} : {traceNumber: o.traceNumber}),
        ...(o.batchNumber === undefined ? {} : {batchNumber: o.batchNumber}),
        ...(o.time ? {time: o.time.replace('T', ' ').slice(0, 19)} : {}),
        ...(o.amountCents === undefined ? {} : {amountCents: o.amountCents}),
        ...(o.currencyCode === undefined ? {} : {currency: currencyAlpha(o.currencyCode)!}),
        ...(o.panMasked ? {panMasked: o.panMasked} : {}),
        ...(o.cardName ? {cardType: o.cardName} : {}),
        ...(o.authCode ? {authCode: o.authCode} : {}),
        ...(o.terminalId ? {terminalId: o.terminalId} : {}),
      }
    : undefined
  const txRef = o && original
    ? await recordTx(ctx, original, {
        role: 'original',
        // as the terminal reported it
        ...(o.time ? {time: o.time} : {}),
        state: r.status === 'reversed' || r.status === 'already-reversed' ? 'reversed' : r.status === 'in-doubt' || r.status === 'blocked' ? 'in-doubt' : 'approved',
        source: 'terminal',
      })
    : undefined
  const last = r.attempts.at(-1)
  const outcome = needsConfirmation ? 'skipped' : r.status === 'declined' ? 'declined-by-user' : ['reversed', 'already-reversed', 'refunded', 'nothing-to-void'].includes(r.status) ? 'success' : r.status === 'in-doubt' || r.status === 'blocked' ? 'in-doubt' : 'failed'
  // merchant-facing: an unknown outcome in plain words (the terminal's wording stays in the action journal)
  const message = needsConfirmation ? T.voidNeedsYes[ctx.lang] : r.status === 'declined' ? T.voidDeclinedByUser[ctx.lang] : r.status === 'in-doubt' ? V.voidInDoubt[ctx.lang] : r.message
  const code = (last?.resultCode ?? r.registrationRefused?.resultCode)?.replace(/^0x/i, '').toUpperCase()
  await ctx.kase.recordAction({
    kind: 'void',
    summary: `${T.checkVoid[ctx.lang]} ${formatReceiptNumber(receiptNumber)}`,
    outcome,
    endedAt: new Date(ctx.clock.now()).toISOString(),
    detail: message,
    ...(last?.resultCode ? {resultCode: last.resultCode} : {}),
    ...(last?.resultText ? {resultText: last.resultText} : {}),
    ...(txRef ? {txRef} : {}),
  })
  const status = outcome === 'success' ? 'pass' : outcome === 'skipped' || outcome === 'declined-by-user' ? 'skip' : 'fail'
  await record(ctx, check('flow.void', T.checkVoid[ctx.lang], status, message, {status: r.status, needsConfirmation, attempts: r.attempts.length, ...(code ? {resultCode: code} : {})}, r.remedy && r.status !== 'in-doubt' ? {remedy: r.remedy} : {}))
  f.checks.push({id: 'flow.void', status, summary: message, ...(code ? {code} : {})})
  const v: VoidFact = {
    outcome: needsConfirmation ? 'needs-confirmation' : r.status === 'dry-run' ? 'declined' : r.status,
    ...(code ? {resultCode: code} : {}),
    ...((last?.class ?? r.registrationRefused?.class) ? {resultClass: last?.class ?? r.registrationRefused?.class} : {}),
    ...(r.exitCode === 3 && r.status === 'failed' && !r.registrationRefused ? {linkLost: true} : {}),
    ...(original ? {original} : {}),
    ...(r.pending ? {pendingIntent: r.pending.intentId} : {}),
    message,
    ...(r.remedy ? {remedy: r.remedy} : {}),
  }
  f.void = v
  return f
}

function qrFacts(ctx: FlowContext): QrFact {
  const a = ctx.answers
  const observed = String(a.observed ?? 'not-checked')
  const map: Record<string, QrFact['observed']> = {
    SUCCESS: 'paid', TRADE_SUCCESS: 'paid', TRADE_FINISHED: 'paid', paid: 'paid',
    REFUND: 'refunded', refunded: 'refunded',
    USERPAYING: 'pending', NOTPAY: 'pending', WAIT_BUYER_PAY: 'pending', ACCEPT: 'pending', pending: 'pending',
    CLOSED: 'closed', TRADE_CLOSED: 'closed', closed: 'closed', REVOKED: 'revoked', revoked: 'revoked', PAYERROR: 'failed', failed: 'failed',
    limit: 'limit', 'not-found': 'not-found', unknown: 'not-checked', 'not-checked': 'not-checked',
  }
  const minutes = a.minutesAgo === undefined || a.minutesAgo === '' ? undefined : Number(a.minutesAgo)
  const platform = (['wechat', 'alipay', 'unionpay'] as const).find((p) => p === a.platform) ?? 'unknown'
  return {
    platform,
    observed: map[observed] ?? 'not-checked',
    observedBy: 'merchant',
    ...(minutes === undefined || !Number.isFinite(minutes) ? {} : {ageSeconds: Math.max(0, Math.round(minutes * 60))}),
    ...(a.customerPaid === 'yes' || a.customerPaid === true ? {customerShowsPaid: true} : {}),
    ...(typeof a.orderNumber === 'string' && a.orderNumber.trim() ? {orderNumber: a.orderNumber.trim()} : {}),
  }
}

/** The platform's own word on the order: with a QR profile, or the demo's platform simulator. */
async function askPlatform(ctx: FlowContext, q: QrFact): Promise<QrFact> {
  const profile = typeof ctx.answers.qrProfile === 'string' && ctx.answers.qrProfile.trim() !== '' ? ctx.answers.qrProfile.trim() : undefined
  const demo = ctx.target.kind === 'demo'
  if (!q.orderNumber || (!profile && !demo) || (q.platform !== 'wechat' && q.platform !== 'alipay')) return q
  const lang = ctx.lang
  const amount = answerFacts(ctx.answers).amountCents
  try {
    const a = await queryQrOrder({platform: q.platform, orderNo: q.orderNumber, ...(amount === undefined ? {} : {amountCents: amount}), ...(profile ? {profile} : {demo: true})})
    const observed: Record<string, QrFact['observed'] | undefined> = {paid: 'paid', refunded: 'refunded', 'not-paid': 'closed', pending: 'pending', 'not-found': 'not-found', uncertain: 'uncertain'}
    const seen = observed[a.state]
    await ctx.kase.addEvidence('qr-order.json', {content: JSON.stringify({orderNumber: q.orderNumber, platform: q.platform, ...a}, null, 2)}, {kind: 'other', description: 'QR order query'})
    await ctx.kase.recordTransaction({
      role: 'disputed',
      type: 'qr-payment',
      orderNumber: q.orderNumber,
      ...(a.platformNo ? {platformTransactionId: a.platformNo} : {}),
      ...(a.amountCents === undefined ? {} : {amountCents: a.amountCents}),
      ...(a.paidAt ? {time: a.paidAt} : {}),
      ...(a.platformStatus ? {resultText: a.platformStatus} : {}),
      state: a.state === 'paid' ? 'approved' : a.state === 'refunded' ? 'refunded' : a.state === 'not-paid' ? 'declined' : a.state === 'pending' ? 'pending' : a.state === 'not-found' ? 'not-found' : 'in-doubt',
      source: 'platform',
    })
    await record(ctx, check('flow.qr-query', T.checkQrQuery[lang], seen ? 'pass' : 'fail', T.qrQueried[lang](q.orderNumber, a.platformStatus ?? a.state), {state: a.state, verified: a.verified, errors: a.errors.map((e) => e.code)}))
    return seen ? {...q, observed: seen, observedBy: 'platform'} : q
  } catch (e) {
    // a query that could not be made leaves the merchant's own reading; the failure is a finding
    await record(ctx, check('flow.qr-query', T.checkQrQuery[lang], 'error', (e as Error).message.split('\n')[0] ?? '', {code: (e as {code?: string}).code}))
    return q
  }
}

async function qrFlow(ctx: FlowContext): Promise<FlowFacts> {
  const f = baseFacts(ctx)
  f.qr = await askPlatform(ctx, qrFacts(ctx))
  await record(ctx, check('flow.qr', T.checkQr[ctx.lang], f.qr.observed === 'paid' ? 'pass' : 'warn', `${f.qr.platform}: ${f.qr.observed}${f.qr.ageSeconds === undefined ? '' : ` (${f.qr.ageSeconds} s)`}`, {...f.qr}))
  if (ctx.conn) {
    const n = await network(ctx)
    f.checks.push(...n.checks.map(checkFact))
  }
  return f
}

async function creditInfoLost(ctx: FlowContext): Promise<FlowFacts> {
  if (ctx.answers.method === 'qr') return qrFlow(ctx)
  const f = baseFacts(ctx)
  if (!ctx.conn) return f
  const p = await probe(ctx)
  f.checks.push(...p.checks.map(checkFact))
  f.terminal.terminalId = p.terminal.terminalId ?? f.terminal.terminalId
  f.search = await findInJournal(ctx)
  return f
}

async function paidNotCredited(ctx: FlowContext): Promise<FlowFacts> {
  const f = baseFacts(ctx)
  if (!ctx.conn) return f
  f.search = await findInJournal(ctx)
  f.terminal.terminalId ??= ctx.kase.data.identity.terminalId
  const sale = chosen(f.search)
  const settlement = ctx.settlementFile
  if (sale && sale.state === 'approved' && settlement && ctx.journalCsv) {
    f.recon = await reconcileSale(ctx, ctx.journalCsv, settlement, sale)
  }
  return f
}

async function deviceAndNetwork(ctx: FlowContext): Promise<FlowFacts> {
  const f = baseFacts(ctx)
  if (!ctx.conn) return f
  const p = await probe(ctx)
  const n = await network(ctx)
  f.checks.push(...p.checks.map(checkFact), ...n.checks.map(checkFact))
  f.terminal.terminalId = p.terminal.terminalId ?? f.terminal.terminalId
  return f
}

function checkFact(c: {id: string; status: Facts['checks'][number]['status']; summary: string; evidence: Record<string, unknown>}): Facts['checks'][number] {
  // the terminal status / result code the check saw ("CC", "A3"), as the decision layer's rules name them
  const raw = c.evidence.terminalStatus ?? c.evidence.resultCode
  const code = typeof raw === 'string' ? raw.replace(/^0x/i, '').toUpperCase() : typeof raw === 'number' ? raw.toString(16).padStart(2, '0').toUpperCase() : undefined
  return {id: c.id, status: c.status, summary: c.summary, ...(code ? {code} : {})}
}

export const TREES: Record<SymptomId, (ctx: FlowContext) => Promise<FlowFacts>> = {
  'terminal-offline': deviceAndNetwork,
  'receipt-unusable': receiptUnusable,
  'void-failed': voidFailed,
  'credit-info-lost': creditInfoLost,
  'scan-no-notice': qrFlow,
  'paid-not-credited': paidNotCredited,
  other: deviceAndNetwork,
}
