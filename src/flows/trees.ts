/** One small decision tree per symptom (see engine.ts for the checks they share). */
import {formatMoney, parseReceiptNumber} from '../actions/common.js'
import {envHooks} from '../actions/crash-points.js'
import {reprintReceipt} from '../actions/reprint.js'
import {voidRetry} from '../actions/void-retry.js'
import type {CheckResult} from '../checks/types.js'
import {check, findSale, journal, network, probe, reconcileSale, record, type FlowContext, type FlowOutcome, type JournalTx} from './engine.js'
import {flowText as T} from './flow-text.js'
import {amountCents} from './intake.js'
import {qrAdvice, type QrObservedState, type QrPlatform} from './qr-rules.js'
import type {SymptomId} from './symptoms.js'

const receiptOf = (ctx: FlowContext) => parseReceiptNumber(String(ctx.answers.receipt ?? ''))
const pad = (n: number | null | undefined, w: number) => (n === null || n === undefined ? '?' : String(n).padStart(w, '0'))

/** What the acquirer needs to find a transaction: TID, receipt / trace, amount, date, batch. */
function acquirerItems(ctx: FlowContext, tx: Partial<JournalTx> & {amountCents?: number}, extra: string[] = []): string[] {
  const zh = ctx.lang === 'zh-CN'
  const tid = tx.terminalId ?? ctx.kase.data.identity.terminalId
  return [
    tid ? `TID ${tid}` : undefined,
    tx.receiptNumber != null ? `${zh ? '凭证号' : 'receipt'} ${pad(tx.receiptNumber, 4)}` : undefined,
    tx.traceNumber != null ? `${zh ? '流水号' : 'trace'} ${pad(tx.traceNumber, 6)}` : undefined,
    tx.amountCents === undefined ? undefined : `${zh ? '金额' : 'amount'} ${formatMoney(tx.amountCents)}${tx.currency ? ` ${tx.currency}` : ''}`,
    tx.time ? `${zh ? '时间' : 'time'} ${tx.time}` : undefined,
    tx.batchNumber != null ? `${zh ? '批次' : 'batch'} ${tx.batchNumber}` : undefined,
    ...extra,
  ].filter((s): s is string => Boolean(s))
}

function failing(checks: CheckResult[]): CheckResult[] {
  return checks.filter((c) => c.status === 'fail' || c.status === 'error')
}

async function recordTx(ctx: FlowContext, t: JournalTx, state: 'approved' | 'reversed' | 'declined' | 'voided' | 'unknown') {
  return ctx.kase.recordTransaction({
    role: 'disputed',
    type: 'sale',
    ...(t.time ? {time: t.time} : {}),
    amountCents: t.amountCents,
    ...(t.currency ? {currency: t.currency} : {}),
    ...(t.panMasked ? {panMasked: t.panMasked} : {}),
    ...(t.cardType ? {cardType: t.cardType} : {}),
    ...(t.traceNumber === null ? {} : {traceNumber: t.traceNumber}),
    ...(t.receiptNumber === null ? {} : {receiptNumber: t.receiptNumber}),
    ...(t.turnoverNumber === null ? {} : {turnoverNumber: t.turnoverNumber}),
    ...(t.authCode ? {authCode: t.authCode} : {}),
    ...(t.batchNumber === null ? {} : {batchNumber: t.batchNumber}),
    ...(t.terminalId ? {terminalId: t.terminalId} : {}),
    ...(t.resultCode ? {resultCode: t.resultCode} : {}),
    state,
    source: 'journal',
  })
}

/** Device + network: the verdict is the first failing check, else healthy. */
async function deviceAndNetwork(ctx: FlowContext): Promise<FlowOutcome> {
  const p = await probe(ctx)
  const n = await network(ctx)
  const bad = failing([...p.checks, ...n.checks])
  if (n.verdict.status === 'problem' || n.verdict.status === 'unreachable') {
    return {outcome: 'problem-found', summary: n.verdict.summary, ...(n.verdict.cause ? {cause: n.verdict.cause} : {})}
  }
  if (bad.length > 0) return {outcome: 'problem-found', summary: T.problemChecks[ctx.lang](bad.map((c) => c.summary).join('; ')), ...(bad[0]?.cause ? {cause: bad[0].cause} : {})}
  return {outcome: 'no-problem-found', summary: T.healthy[ctx.lang]}
}

async function receiptUnusable(ctx: FlowContext): Promise<FlowOutcome> {
  await probe(ctx)
  const receiptNumber = receiptOf(ctx)
  const copy = ctx.answers.copy === 'merchant' ? 'merchant' : 'customer'
  const action = await ctx.kase.recordAction({kind: 'reprint', summary: `${T.checkReprint[ctx.lang]} ${receiptNumber === undefined ? 'last' : pad(receiptNumber, 4)}`})
  const r = await reprintReceipt(
    {which: receiptNumber === undefined ? {kind: 'last'} : {kind: 'receipt', receiptNumber}, copy, paper: true},
    {terminal: ctx.conn.terminal, password: ctx.password, journal: ctx.conn.journal, target: {kind: ctx.target.kind, label: ctx.target.label, link: ctx.conn.linkLabel}, clock: ctx.clock, lang: ctx.lang},
  )
  const acq = r.acquirerRequest
  const known = acq?.receiptNumber ?? receiptNumber
  const shown = known === undefined ? (ctx.lang === 'zh-CN' ? '最近一笔' : 'last') : pad(known, 4)
  if (r.status === 'not-on-terminal' || !r.receipt) {
    await ctx.kase.updateAction(action, {outcome: 'failed', detail: r.message})
    await record(ctx, check('flow.reprint', T.checkReprint[ctx.lang], 'fail', r.message, {status: r.status}, {...(r.remedy ? {remedy: r.remedy} : {})}))
    const items = acquirerItems(ctx, {...(acq?.receiptNumber === undefined ? {} : {receiptNumber: acq.receiptNumber}), ...(acq?.traceNumber === undefined ? {} : {traceNumber: acq.traceNumber}), ...(acq?.amountCents === undefined ? {} : {amountCents: acq.amountCents}), ...(acq?.time ? {time: acq.time} : {}), ...(acq?.batchNumber === undefined ? {} : {batchNumber: acq.batchNumber})})
    return {outcome: 'needs-acquirer', summary: T.reprintNotOnTerminal[ctx.lang], acquirerRequest: {summary: T.acqAskSlip[ctx.lang], items}}
  }
  const name = `receipt-${known === undefined ? 'last' : shown}.txt`
  await ctx.kase.addEvidence(name, {content: r.receipt.lines.join('\n') + '\n'}, {kind: 'receipt', description: copy})
  await ctx.kase.updateAction(action, {outcome: 'success', detail: r.message, evidence: name})
  await record(ctx, check('flow.reprint', T.checkReprint[ctx.lang], r.status === 'printed' ? 'pass' : 'warn', r.message, {status: r.status, printed: r.printer.printed, evidence: name}, r.remedy ? {remedy: r.remedy} : {}))
  return {outcome: 'resolved', summary: T.reprinted[ctx.lang](shown)}
}

async function voidFailed(ctx: FlowContext): Promise<FlowOutcome> {
  const receiptNumber = receiptOf(ctx) ?? 0
  const cents = amountCents(ctx.answers.amount)
  let needsConfirmation = false
  const r = await voidRetry(
    {receiptNumber, ...(cents === undefined ? {} : {amountCents: cents}), refund: false, dryRun: false, attempts: 3},
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
      lockCompromised: () => ctx.conn.lock?.compromised ?? false,
      lang: ctx.lang,
    },
  )
  if (r.terminal.terminalId) await ctx.kase.setIdentity({terminalId: r.terminal.terminalId})
  const o = r.original
  const txRef = o
    ? await ctx.kase.recordTransaction({
        role: 'original',
        type: 'sale',
        receiptNumber: o.receiptNumber,
        ...(o.traceNumber === undefined ? {} : {traceNumber: o.traceNumber}),
        ...(o.batchNumber === undefined ? {} : {batchNumber: o.batchNumber}),
        ...(o.time ? {time: o.time} : {}),
        ...(o.amountCents === undefined ? {} : {amountCents: o.amountCents}),
        ...(o.panMasked ? {panMasked: o.panMasked} : {}),
        ...(o.cardName ? {cardType: o.cardName} : {}),
        ...(o.authCode ? {authCode: o.authCode} : {}),
        ...(o.terminalId ? {terminalId: o.terminalId} : {}),
        state: r.status === 'reversed' || r.status === 'already-reversed' ? 'reversed' : 'in-doubt',
        source: 'terminal',
      })
    : undefined
  const last = r.attempts.at(-1)
  const outcome = needsConfirmation ? 'skipped' : r.status === 'declined' ? 'declined-by-user' : ['reversed', 'already-reversed', 'refunded'].includes(r.status) ? 'success' : r.status === 'in-doubt' || r.status === 'blocked' ? 'in-doubt' : 'failed'
  const message = needsConfirmation ? T.voidNeedsYes[ctx.lang] : r.status === 'declined' ? T.voidDeclinedByUser[ctx.lang] : r.message
  await ctx.kase.recordAction({
    kind: 'void',
    summary: `${T.checkVoid[ctx.lang]} ${pad(receiptNumber, 4)}`,
    outcome,
    endedAt: new Date(ctx.clock.now()).toISOString(),
    detail: message,
    ...(last?.resultCode ? {resultCode: last.resultCode} : {}),
    ...(last?.resultText ? {resultText: last.resultText} : {}),
    ...(txRef ? {txRef} : {}),
  })
  const status = outcome === 'success' ? 'pass' : outcome === 'skipped' || outcome === 'declined-by-user' ? 'skip' : 'fail'
  await record(ctx, check('flow.void', T.checkVoid[ctx.lang], status, message, {status: r.status, needsConfirmation, attempts: r.attempts.length}, r.remedy ? {remedy: r.remedy} : {}))
  if (outcome === 'success') return {outcome: 'resolved', summary: r.message}
  if (outcome === 'skipped' || outcome === 'declined-by-user' || outcome === 'in-doubt') return {outcome: 'problem-found', summary: message, ...(r.remedy ? {cause: r.remedy} : {})}
  const saleCents = o?.amountCents ?? cents
  const items = acquirerItems(ctx, {receiptNumber, ...(o?.traceNumber === undefined ? {} : {traceNumber: o.traceNumber}), ...(saleCents === undefined ? {} : {amountCents: saleCents}), ...(o?.time ? {time: o.time} : {}), ...(o?.batchNumber === undefined ? {} : {batchNumber: o.batchNumber})}, [
    `${last?.resultCode ?? ''} ${last?.resultText ?? ''}`.trim(),
  ])
  return {outcome: 'needs-acquirer', summary: r.message, acquirerRequest: {summary: T.acqAskVoid[ctx.lang], items: items.filter(Boolean)}}
}

function qr(ctx: FlowContext, platform: QrPlatform, minutesAgo: number, observed: QrObservedState) {
  return qrAdvice({platform, secondsSinceOrder: Math.max(0, Math.round(minutesAgo * 60)), observed})
}

async function creditInfoLost(ctx: FlowContext): Promise<FlowOutcome> {
  const lang = ctx.lang
  const cents = amountCents(ctx.answers.amount)
  await probe(ctx)
  const j = await journal(ctx)
  try {
    const sale = findSale(j.transactions, cents, receiptOf(ctx))
    const amountText = cents === undefined ? '?' : formatMoney(cents)
    if (!sale) {
      if (ctx.answers.method === 'qr') {
        const a = qr(ctx, 'unknown', 0, 'unknown')
        await record(ctx, check('flow.find', T.checkFind[lang], 'warn', T.notFound[lang](amountText), {amountCents: cents, decision: a.decision}, {remedy: a.reason[lang === 'zh-CN' ? 'zh' : 'en']}))
        return {outcome: 'inconclusive', summary: `${T.notFound[lang](amountText)} ${a.reason[lang === 'zh-CN' ? 'zh' : 'en']}`}
      }
      await record(ctx, check('flow.find', T.checkFind[lang], 'fail', T.notFound[lang](amountText), {amountCents: cents, searched: j.transactions.length}, {remedy: T.notFoundTell[lang]}))
      return {
        outcome: 'needs-acquirer',
        summary: `${T.notFound[lang](amountText)} ${T.notFoundTell[lang]}`,
        acquirerRequest: {summary: T.acqAskFind[lang], items: acquirerItems(ctx, {...(cents === undefined ? {} : {amountCents: cents})}, [String(ctx.answers.when ?? '')])},
      }
    }
    const state = sale.state === 'approved' ? 'approved' : sale.state === 'declined' ? 'declined' : sale.state === 'voided' || sale.state === 'reversed' ? 'reversed' : 'unknown'
    await recordTx(ctx, sale, state)
    const tell = state === 'approved' ? T.approvedTell[lang] : state === 'reversed' ? T.reversedTell[lang] : T.declinedTell[lang]
    const what = `${formatMoney(sale.amountCents)} ${sale.currency ?? ''}, ${lang === 'zh-CN' ? '凭证号' : 'receipt'} ${pad(sale.receiptNumber, 4)}, ${sale.time ?? ''}`.replaceAll(/\s+,/g, ',')
    await record(ctx, check('flow.find', T.checkFind[lang], state === 'approved' ? 'pass' : 'warn', T.found[lang](what, sale.state), {receiptNumber: sale.receiptNumber, traceNumber: sale.traceNumber, state: sale.state, resultCode: sale.resultCode}, {remedy: tell}))
    return {outcome: 'resolved', summary: `${T.found[lang](what, sale.state)} ${tell}`}
  } finally {
    await j.cleanup()
  }
}

async function scanNoNotice(ctx: FlowContext): Promise<FlowOutcome> {
  const lang = ctx.lang
  const a = qr(ctx, (ctx.answers.platform as QrPlatform) ?? 'unknown', Number(ctx.answers.minutesAgo ?? 0), (ctx.answers.observed as QrObservedState) ?? 'unknown')
  const reason = a.reason[lang === 'zh-CN' ? 'zh' : 'en']
  const status = a.decision === 'paid' || a.decision === 'not-paid' ? 'pass' : 'warn'
  await record(ctx, check('flow.qr', T.checkQr[lang], status, reason, {decision: a.decision, chargeAgainAllowed: a.chargeAgainAllowed, ...(a.waitSeconds ? {waitSeconds: a.waitSeconds} : {})}))
  const n = await network(ctx)
  const netBad = n.verdict.status === 'problem' || n.verdict.status === 'unreachable'
  const summary = netBad ? `${reason} ${T.qrNoNetworkHint[lang]} ${n.verdict.summary}` : reason
  if (a.decision === 'paid' || a.decision === 'not-paid') return {outcome: netBad ? 'problem-found' : 'resolved', summary}
  return {outcome: 'inconclusive', summary}
}

async function paidNotCredited(ctx: FlowContext): Promise<FlowOutcome> {
  const lang = ctx.lang
  const cents = amountCents(ctx.answers.amount)
  const j = await journal(ctx)
  try {
    const sale = findSale(j.transactions, cents, undefined, String(ctx.answers.date ?? '').trim())
    const amountText = cents === undefined ? '?' : formatMoney(cents)
    if (!sale) {
      await record(ctx, check('flow.find', T.checkFind[lang], 'fail', T.notFound[lang](amountText), {amountCents: cents, searched: j.transactions.length}, {remedy: T.notFoundTell[lang]}))
      return {outcome: 'needs-acquirer', summary: `${T.notFound[lang](amountText)} ${T.notFoundTell[lang]}`, acquirerRequest: {summary: T.acqAskFind[lang], items: acquirerItems(ctx, {...(cents === undefined ? {} : {amountCents: cents})}, [String(ctx.answers.date ?? '')])}}
    }
    await recordTx(ctx, sale, sale.state === 'approved' ? 'approved' : sale.state === 'declined' ? 'declined' : 'reversed')
    const what = `${formatMoney(sale.amountCents)} ${sale.currency ?? ''}, ${lang === 'zh-CN' ? '凭证号' : 'receipt'} ${pad(sale.receiptNumber, 4)}, ${sale.time ?? ''}`
    await record(ctx, check('flow.find', T.checkFind[lang], sale.state === 'approved' ? 'pass' : 'warn', T.found[lang](what, sale.state), {receiptNumber: sale.receiptNumber, traceNumber: sale.traceNumber, state: sale.state}))
    if (sale.state !== 'approved') return {outcome: 'resolved', summary: `${T.found[lang](what, sale.state)} ${sale.state === 'declined' ? T.declinedTell[lang] : T.reversedTell[lang]}`}
    const settlement = ctx.settlementFile ?? (String(ctx.answers.settlementFile ?? '').trim() || undefined)
    if (settlement && j.journalCsv) {
      const rc = await reconcileSale(ctx, j.journalCsv, settlement, sale)
      if (rc.kind === 'settled') return {outcome: 'resolved', summary: rc.text}
      if (rc.kind === 'not-covered') return {outcome: 'inconclusive', summary: `${rc.text}${rc.ask ? ` ${rc.ask}` : ''}`}
      return {outcome: 'needs-acquirer', summary: rc.text, acquirerRequest: {summary: rc.ask ?? T.acqAskPayout[lang], items: acquirerItems(ctx, sale)}}
    }
    const batch = String(sale.batchNumber ?? '?')
    if (sale.batchOpen !== false) {
      await record(ctx, check('flow.batch', T.checkBatch[lang], 'fail', T.batchOpen[lang](batch), {batchNumber: sale.batchNumber, batchOpen: sale.batchOpen}, {remedy: T.batchOpenRemedy[lang]}))
      return {outcome: 'problem-found', summary: `${T.batchOpen[lang](batch)} ${T.batchOpenRemedy[lang]}`, cause: T.batchOpen[lang](batch)}
    }
    await record(ctx, check('flow.batch', T.checkBatch[lang], 'pass', T.batchClosed[lang](batch), {batchNumber: sale.batchNumber, batchOpen: false}))
    return {outcome: 'needs-acquirer', summary: T.batchClosed[lang](batch), acquirerRequest: {summary: T.acqAskPayout[lang], items: acquirerItems(ctx, sale)}}
  } finally {
    await j.cleanup()
  }
}

export const TREES: Record<SymptomId, (ctx: FlowContext) => Promise<FlowOutcome>> = {
  'terminal-offline': deviceAndNetwork,
  'receipt-unusable': receiptUnusable,
  'void-failed': voidFailed,
  'credit-info-lost': creditInfoLost,
  'scan-no-notice': scanNoNotice,
  'paid-not-credited': paidNotCredited,
  other: deviceAndNetwork,
}
