/**
 * Safe void retry. State first, never blind: before any 06 30 the sale is looked up in the
 * terminal's own records (journal, last 04 0F, Repeat Receipt) and in posdoc's action journal;
 * every 06 30 / 06 31 is preceded by an fsynced intent; every answer is classified on the
 * knowledge base's ResultClass; an answer that never arrives is resolved by asking the terminal,
 * and while it cannot be resolved nothing is sent again for that receipt.
 */
import {getLang, pick, type Lang} from '../i18n/index.js'
import {ExitCode} from '../output/exit-codes.js'
import {PosdocError} from '../output/errors.js'
import {resultCodeInfo} from '../protocol/zvt/codes/index.js'
import {ecr} from '../protocol/zvt/messages.js'
import type {ZvtFields} from '../protocol/zvt/types.js'
import type {ActionJournal, IntentRecord, MoneyAction, OutcomeRecord} from '../store/action-journal.js'
import type {CommandOutcome} from '../terminal/terminal.js'
import type {WireLog} from '../terminal/wire-log.js'
import {isSessionError} from '../terminal/zvt/session.js'
import type {ZvtTerminal} from '../terminal/zvt/zvt-terminal.js'
import {sleep, type Clock} from '../util/clock.js'
import {classifyMoneyStep} from './classify.js'
import {describeApdu, formatMoney, registerAs, type ApduView, type Confirm, localDateTime} from './common.js'
import type {ActionHooks} from './crash-points.js'
import {resolveIntent, type Booking, type RecoveryReport, type Resolution} from './recovery.js'
import {
  findByReceipt,
  QUERY_RETRY_DELAYS_MS,
  readLastStatusInfo,
  readTerminalJournal,
  receiptOnTerminal,
  type RetryPolicy,
  type TerminalRecord,
} from './terminal-records.js'
import {voidText as T} from './void-text.js'

export interface VoidRequest {
  receiptNumber: number
  /** the amount the user says the sale was; must match the original (void) or is the refund amount */
  amountCents?: number
  /** allow the refund path (closed batch / B5), with confirmation */
  refund: boolean
  dryRun: boolean
  /** --tid: the terminal the receipt belongs to */
  expectedTerminalId?: string
  /** money-step attempts after transient refusals (>= 1) */
  attempts: number
}

export interface VoidContext {
  terminal: ZvtTerminal
  password: string
  journal: ActionJournal
  target: {kind: string; label: string; link: string; key: string}
  clock: Clock
  confirm: Confirm
  hooks?: ActionHooks
  onStep?: (text: string) => void
  /** pauses between money-step attempts after a transient refusal */
  backoffMs?: readonly number[]
  /** pauses for read-only queries answered "busy" */
  queryDelaysMs?: readonly number[]
  /** true once another process took the lock: no money step may be sent */
  lockCompromised?: () => boolean
  /** a fresh connection (same lock) when the old link died, to ask the terminal; undefined when impossible */
  reconnect?: () => Promise<ZvtTerminal | undefined>
  recovery?: RecoveryReport
  lang?: Lang
}

export type VoidStatus =
  | 'reversed'
  | 'already-reversed'
  | 'nothing-to-void'
  | 'refund-needed'
  | 'refunded'
  | 'not-on-terminal'
  | 'failed'
  | 'in-doubt'
  | 'blocked'
  | 'dry-run'
  | 'declined'

export interface OriginalSale {
  receiptNumber: number
  traceNumber?: number
  batchNumber?: number
  time?: string
  amountCents?: number
  currencyCode?: number
  cardName?: string
  panMasked?: string
  authCode?: string
  terminalId?: string
  /** booked | reversed | auto-reversed (terminal journal) */
  state?: string
  reversedBy?: number
  /** still in the terminal's open batch (Repeat Receipt by number) */
  onTerminal: 'yes' | 'no' | 'unknown'
}

export interface VoidAttempt {
  n: number
  action: MoneyAction
  intentId: string
  at: string
  resultCode?: string
  resultText?: string
  class?: string
  outcome: 'succeeded' | 'already-reversed' | 'not-done' | 'unknown'
  resolvedBy?: 'answer' | 'check'
}

export interface VoidResult {
  schema: 'posdoc.void-retry/1'
  target: {kind: string; label: string; link: string}
  terminal: {terminalId?: string}
  request: {receiptNumber: number; amountCents?: number; refund: boolean; dryRun: boolean}
  status: VoidStatus
  message: string
  remedy?: string
  original?: OriginalSale
  attempts: VoidAttempt[]
  /** what the terminal booked now (reversal or refund), or the earlier reversal when already reversed */
  booking?: Booking & {amountCents?: number}
  printer?: {ready: boolean; resultCode?: string}
  slip?: {lines: string[]}
  /** the money-moving APDU(s) posdoc sends / would send (masked, password hidden) */
  apdus: ApduView[]
  /** the intent whose outcome is unknown (in-doubt, blocked) */
  pending?: {intentId: string; startedAt: string}
  /** a support agent closed an earlier attempt by hand (`void resolve`): its record decides, nothing is sent */
  closedByHand?: {intentId: string; action: MoneyAction; outcome: 'succeeded' | 'already-reversed'; at: string; evidence?: string; user?: string; host?: string}
  recovery?: RecoveryReport
  /** the terminal refused the registration (busy, not ready ...): nothing was sent */
  registrationRefused?: {resultCode: string; class: string}
  /** which records the decision rests on */
  evidence: string[]
  exitCode: ExitCode
}

export const DEFAULT_BACKOFF_MS = [2000, 4000, 8000, 8000] as const

const usage = (code: string, message: string, remedy?: string) => new PosdocError({code, exitCode: ExitCode.Usage, message, ...(remedy ? {remedy} : {})})

export async function voidRetry(req: VoidRequest, ctx: VoidContext): Promise<VoidResult> {
  const lang = ctx.lang ?? getLang()
  const retry: RetryPolicy = {clock: ctx.clock, delaysMs: ctx.queryDelaysMs ?? QUERY_RETRY_DELAYS_MS}
  const step = (s: string) => ctx.onStep?.(s)
  const evidence = new Set<string>()
  const result: VoidResult = {
    schema: 'posdoc.void-retry/1',
    target: {kind: ctx.target.kind, label: ctx.target.label, link: ctx.target.link},
    terminal: {},
    request: {receiptNumber: req.receiptNumber, ...(req.amountCents === undefined ? {} : {amountCents: req.amountCents}), refund: req.refund, dryRun: req.dryRun},
    status: 'failed',
    message: '',
    attempts: [],
    apdus: [],
    ...(ctx.recovery && ctx.recovery.checked > 0 ? {recovery: ctx.recovery} : {}),
    evidence: [],
    exitCode: ExitCode.ProblemFound,
  }
  const finish = (status: VoidStatus, exitCode: ExitCode, message: string, remedy?: string): VoidResult => {
    result.status = status
    result.exitCode = exitCode
    result.message = message
    if (remedy) result.remedy = remedy
    result.evidence = [...evidence]
    return result
  }
  const N = req.receiptNumber
  let terminal = ctx.terminal

  // 1. who is this terminal; the terminal prints its own slips during the void
  step(T.stepRegister[lang])
  const reg = await registerAs(terminal, ctx.password, 'pt-prints', retry)
  if (!reg.ok) {
    if (reg.resultCode === 0x83) throw usage('PASSWORD_REJECTED', T.passwordRejected[lang], T.passwordRejectedRemedy[lang])
    const info = resultCodeInfo(reg.resultCode)
    result.registrationRefused = {resultCode: info.hex.replace(/^0x/i, '').toUpperCase(), class: info.cls}
    return finish('failed', info.cls === 'transient' ? ExitCode.Unreachable : ExitCode.ProblemFound, T.registerFailed[lang](info.hex, pick(info, lang)), pick({en: info.remedyEn, zh: info.remedyZh}, lang))
  }
  const status = await terminal.status()
  const tid = status.terminalId ?? reg.completion?.terminalId
  if (tid) result.terminal.terminalId = tid
  if (req.expectedTerminalId !== undefined) {
    if (!tid) throw usage('TID_UNKNOWN', T.tidUnknown[lang], T.tidRemedy[lang])
    if (tid !== req.expectedTerminalId) throw usage('TID_MISMATCH', T.tidMismatch[lang](req.expectedTerminalId, tid), T.tidRemedy[lang])
  }

  // 2. what posdoc did before: an unresolved attempt blocks everything for this receipt
  const history = await ctx.journal.history(N)
  evidence.add('action-journal')
  const open = history.find((h) => h.outcome === undefined)
  if (open) {
    result.pending = {intentId: open.intent.id, startedAt: open.intent.ts}
    return finish('blocked', ExitCode.ProblemFound, T.blocked[lang](N, open.intent.ts), T.blockedRemedy[lang](open.intent.id))
  }

  // 3. the terminal's records
  step(T.stepState[lang])
  const last = await readLastStatusInfo(terminal, retry)
  if (last) evidence.add('last-status-info')
  const tj = await readTerminalJournal(terminal, retry)
  if (tj.available) evidence.add('terminal-journal')
  const rec = tj.available ? findByReceipt(tj.records, N) : undefined
  // an attempt closed by hand as done stands for this sale even where the terminal cannot show it
  // (journal lost, terminal swapped); a sale the terminal shows reversed is reported from its records below
  const byHand = closedByHand(history, rec, tid)
  if (byHand && (!rec || (rec.type === 'sale' && rec.state === 'booked'))) {
    const o = byHand.outcome
    result.original = originalOf(N, rec, 'unknown')
    result.closedByHand = {intentId: byHand.intent.id, action: byHand.intent.action, outcome: o.outcome, at: o.ts, ...(o.evidence ? {evidence: o.evidence} : {}), ...(o.user ? {user: o.user} : {}), ...(o.host ? {host: o.host} : {})}
    const by = `${o.user ?? '?'}@${o.host ?? '?'}`
    if (byHand.intent.action === 'refund') return finish('refunded', ExitCode.Ok, T.refundClosedByHand[lang](N, o.ts, by), T.alreadyRefundedRemedy[lang])
    return finish('already-reversed', ExitCode.Ok, T.closedByHand[lang](N, o.ts, by), rec ? T.closedByHandStanding[lang] : undefined)
  }
  if (tj.available && tj.complete && !rec) throw usage('UNKNOWN_RECEIPT', T.unknownReceipt[lang](N), T.unknownReceiptRemedy[lang])
  if (rec) {
    if (rec.terminalId && tid && rec.terminalId !== tid) throw usage('RECEIPT_OTHER_TERMINAL', T.otherTerminal[lang](N, rec.terminalId, tid), T.tidRemedy[lang])
    if (rec.type !== 'sale') throw usage('NOT_A_SALE', T.notASale[lang](N, rec.type), T.notASaleRemedy[lang])
  }
  const onTerminal = await receiptOnTerminal(terminal, N, retry)
  evidence.add('repeat-receipt')
  result.original = originalOf(N, rec, onTerminal)
  const origAmount = rec?.amountCents
  const cur = rec?.currencyCode
  if (req.amountCents !== undefined && origAmount !== undefined) {
    if (!req.refund && req.amountCents !== origAmount) {
      throw usage('AMOUNT_MISMATCH', T.amountMismatch[lang](N, formatMoney(origAmount, cur), formatMoney(req.amountCents, cur)), T.amountMismatchRemedy[lang])
    }
    if (req.refund && req.amountCents > origAmount) throw usage('REFUND_TOO_LARGE', T.refundTooLarge[lang](formatMoney(origAmount, cur), formatMoney(req.amountCents, cur)))
  }

  const reversalRecord = (r: TerminalRecord) =>
    tj.records.find((x) => x.type === 'reversal' && x.state === 'booked' && (x.originalTraceNumber === r.traceNumber || (r.reversedBy !== undefined && x.receiptNumber === r.reversedBy)))
  if (rec && rec.state === 'reversed') {
    const by = reversalRecord(rec)
    result.booking = bookingOf(by) ?? (rec.reversedBy === undefined ? {} : {receiptNumber: rec.reversedBy})
    return finish('already-reversed', ExitCode.Ok, T.alreadyReversed[lang](N, rec.reversedBy ?? by?.receiptNumber))
  }
  if (rec && rec.state === 'auto-reversed') return finish('nothing-to-void', ExitCode.Ok, T.nothingToVoid[lang](N))
  if (rec && last && (last.resultCode ?? 0) === 0 && last.originalTraceNumber === rec.traceNumber) {
    result.booking = statusInfoBooking(last)
    return finish('already-reversed', ExitCode.Ok, T.alreadyReversed[lang](N, last.receiptNumber))
  }
  // posdoc's own record of a success must agree with the terminal
  const done = history.find((h) => h.intent.action === 'reversal' && h.outcome?.outcome === 'succeeded' && rec !== undefined && h.intent.original?.traceNumber === rec.traceNumber)
  if (done && rec?.state === 'booked') return finish('failed', ExitCode.ProblemFound, T.conflict[lang](N, done.outcome!.ts), T.conflictRemedy[lang])

  const lastTraceBefore = tj.records.at(-1)?.traceNumber ?? last?.traceNumber
  const moneyCtx: MoneyCtx = {req, ctx, lang, retry, result, evidence, finish, rec, tid, lastTraceBefore, getTerminal: () => terminal, setTerminal: (t) => (terminal = t)}

  if (onTerminal === 'no') {
    if (!rec) return finish('not-on-terminal', ExitCode.ProblemFound, T.notOnTerminal[lang](N), T.notOnTerminalRemedy[lang])
    return refundPath(moneyCtx, history)
  }

  // 4. the reversal itself
  const apdu = ecr.reversal({password: ctx.password, receiptNumber: N, ...(req.amountCents === undefined ? {} : {amountCents: req.amountCents})})
  result.apdus = [describeApdu(apdu)]
  if (req.dryRun) return finish('dry-run', ExitCode.Ok, T.dryRun[lang])
  const amountText = origAmount === undefined ? (req.amountCents === undefined ? '?' : formatMoney(req.amountCents, cur)) : formatMoney(origAmount, cur)
  const card = [rec?.cardName, rec?.panMasked].filter(Boolean).join(' ')
  const at = localDateTime(rec?.time)
  if (!(await ctx.confirm(T.confirmVoid[lang](N, amountText, card, at, tid ?? ctx.target.label)))) return finish('declined', ExitCode.Aborted, T.declined[lang])
  return moneySteps(moneyCtx, 'reversal', () => terminal.reversal({receiptNumber: N, ...(req.amountCents === undefined ? {} : {amountCents: req.amountCents})}), history)
}

interface MoneyCtx {
  req: VoidRequest
  ctx: VoidContext
  lang: Lang
  retry: RetryPolicy
  result: VoidResult
  evidence: Set<string>
  finish: (status: VoidStatus, exitCode: ExitCode, message: string, remedy?: string) => VoidResult
  rec: TerminalRecord | undefined
  tid: string | undefined
  lastTraceBefore: number | undefined
  getTerminal(): ZvtTerminal
  setTerminal(t: ZvtTerminal): void
}

type History = Awaited<ReturnType<ActionJournal['history']>>

/** Closed batch (or B5): only a refund gives the money back; only with --refund, an amount and a confirmation. */
async function refundPath(m: MoneyCtx, history: History): Promise<VoidResult> {
  const {req, ctx, lang, result, finish, rec} = m
  const N = req.receiptNumber
  const cur = rec?.currencyCode
  if (!req.refund) return finish('refund-needed', ExitCode.ProblemFound, T.refundNeeded[lang](N), T.refundNeededRemedy[lang](rec ? (rec.amountCents / 100).toFixed(2) : undefined))
  const refunded = history.find((h) => h.intent.action === 'refund' && h.outcome?.outcome === 'succeeded')
  if (refunded) return finish('refunded', ExitCode.Ok, T.alreadyRefunded[lang](N, refunded.outcome!.ts), T.alreadyRefundedRemedy[lang])
  // the command checks --refund comes with --amount; a service caller may still forget
  if (req.amountCents === undefined) throw usage('REFUND_NEEDS_AMOUNT', T.refundNeedsAmount[lang])
  const amountCents = req.amountCents
  const apdu = ecr.refund({password: ctx.password, amountCents})
  result.apdus = [...result.apdus, describeApdu(apdu)]
  if (req.dryRun) return finish('dry-run', ExitCode.Ok, T.dryRun[lang])
  if (!(await ctx.confirm(T.confirmRefund[lang](formatMoney(amountCents, cur), N, m.tid ?? ctx.target.label)))) return finish('declined', ExitCode.Aborted, T.declined[lang])
  return moneySteps(m, 'refund', () => m.getTerminal().refund({amountCents}), history)
}

/**
 * Intent (fsync) -> send -> classify -> outcome, repeated after transient refusals. An answer
 * that never came is resolved by asking the terminal; if it cannot be, the loop ends in-doubt.
 */
async function moneySteps(m: MoneyCtx, action: MoneyAction, send: () => Promise<CommandOutcome>, history: History): Promise<VoidResult> {
  const {req, ctx, lang, result, finish, rec} = m
  const N = req.receiptNumber
  const backoff = ctx.backoffMs ?? DEFAULT_BACKOFF_MS
  const apdu = result.apdus.at(-1)!
  for (let n = 1; n <= req.attempts; n++) {
    if (ctx.lockCompromised?.()) throw new PosdocError({code: 'LOCK_LOST', exitCode: ExitCode.ProblemFound, message: T.lockLost[lang]})
    ctx.onStep?.(T.stepSend[lang](action, n, req.attempts))
    const intent = await ctx.journal.appendIntent({
      action,
      terminal: {key: ctx.target.key, label: ctx.target.label, ...(m.tid ? {terminalId: m.tid} : {})},
      receiptNumber: N,
      ...(action === 'refund' ? {amountCents: req.amountCents!} : rec ? {amountCents: rec.amountCents} : {}),
      ...(rec ? {original: {traceNumber: rec.traceNumber, ...(rec.batchNumber === undefined ? {} : {batchNumber: rec.batchNumber}), amountCents: rec.amountCents, ...(rec.time ? {time: rec.time} : {})}} : {}),
      ...(m.lastTraceBefore === undefined ? {} : {lastTraceBefore: m.lastTraceBefore}),
      attempt: n,
      apdu: apdu.hex,
      command: 'void retry',
    })
    const attempt: VoidAttempt = {n, action, intentId: intent.id, at: intent.ts, outcome: 'unknown'}
    result.attempts.push(attempt)
    ctx.hooks?.at?.('after-intent')

    const terminal = m.getTerminal()
    const watch = watchCrashPoints(terminal.wireLog, ctx.hooks, apdu.command)
    let outcome: CommandOutcome
    try {
      outcome = await send()
    } catch (e) {
      watch.stop()
      // anything but a session failure is a bug: the intent stays unresolved, which is safe
      if (!isSessionError(e)) throw e
      if (e.exchange.sends === 0) {
        await ctx.journal.appendOutcome({id: intent.id, outcome: 'not-done', resolvedBy: 'answer', evidence: 'not-sent', note: e.code})
        attempt.outcome = 'not-done'
        attempt.resolvedBy = 'answer'
        return finish('failed', ExitCode.Unreachable, T.linkLostBeforeSend[lang], T.rerunRemedy[lang])
      }
      return settleInDoubt(m, intent, attempt, e.message)
    }
    watch.stop()
    const v = classifyMoneyStep(outcome)
    const info = resultCodeInfo(outcome.resultCode)
    attempt.resultCode = info.hex
    attempt.resultText = pick(info, lang)
    attempt.class = info.cls
    const record = async (o: 'succeeded' | 'already-reversed' | 'not-done', extra: {booking?: Booking; note?: string} = {}) => {
      await ctx.journal.appendOutcome({id: intent.id, outcome: o, resolvedBy: 'answer', resultCode: info.hex, resultText: info.en, ...extra})
      attempt.outcome = o
      attempt.resolvedBy = 'answer'
    }
    switch (v.kind) {
      case 'booked': {
        const booking = statusInfoBooking(v.booking)
        await record('succeeded', {booking})
        result.booking = {...booking, ...(v.booking?.amountCents === undefined ? {} : {amountCents: v.booking.amountCents})}
        result.printer = {ready: true}
        return action === 'reversal'
          ? finish('reversed', ExitCode.Ok, T.reversed[lang](N, booking.receiptNumber))
          : finish('refunded', ExitCode.Ok, T.refunded[lang](formatMoney(req.amountCents!, rec?.currencyCode), booking.receiptNumber))
      }
      case 'booked-no-slip': {
        const booking = statusInfoBooking(v.booking)
        await record('succeeded', {booking, note: 'printer not ready: the slip was not printed'})
        result.booking = {...booking, ...(v.booking.amountCents === undefined ? {} : {amountCents: v.booking.amountCents})}
        result.printer = {ready: false, resultCode: info.hex}
        const lines = await slipText(m, booking.receiptNumber)
        if (lines) result.slip = {lines}
        const message = action === 'reversal' ? T.reversedNoSlip[lang](N, booking.receiptNumber) : T.refunded[lang](formatMoney(req.amountCents!, rec?.currencyCode), booking.receiptNumber)
        return finish(action === 'reversal' ? 'reversed' : 'refunded', ExitCode.Ok, message, T.reversedNoSlipRemedy[lang](booking.receiptNumber))
      }
      case 'already-reversed':
        await record('already-reversed')
        return finish('already-reversed', ExitCode.Ok, T.alreadyReversed[lang](N, undefined))
      case 'not-possible':
        await record('not-done')
        if (action === 'reversal') return refundPath(m, history)
        return finish('failed', ExitCode.ProblemFound, T.refused[lang](info.hex, pick(info, lang)), pick({en: info.remedyEn, zh: info.remedyZh}, lang))
      case 'retry': {
        await record('not-done')
        if (n < req.attempts) {
          const wait = backoff[Math.min(n - 1, backoff.length - 1)] ?? 2000
          ctx.onStep?.(T.stepWait[lang](Math.round(wait / 1000)))
          await sleep(ctx.clock, wait)
          continue
        }
        return finish('failed', ExitCode.Unreachable, T.transientExhausted[lang](n, info.hex, pick(info, lang)), T.transientRemedy[lang](pick({en: info.remedyEn, zh: info.remedyZh}, lang)))
      }
      case 'in-doubt':
        return settleInDoubt(m, intent, attempt, `${info.hex} ${info.en}`)
      case 'stop':
        await record('not-done')
        return finish('failed', ExitCode.ProblemFound, T.refused[lang](info.hex, pick(info, lang)), pick({en: info.remedyEn, zh: info.remedyZh}, lang))
    }
  }
  // attempts < 1 is refused by the command; nothing was sent
  return finish('failed', ExitCode.ProblemFound, T.declined[lang])
}

/** The command reached the terminal but its end was not seen: ask (same link, else a fresh one). */
async function settleInDoubt(m: MoneyCtx, intent: IntentRecord, attempt: VoidAttempt, why: string): Promise<VoidResult> {
  const {ctx, lang, result, finish, req} = m
  const N = req.receiptNumber
  ctx.onStep?.(T.stepAsk[lang])
  let terminal: ZvtTerminal | undefined = m.getTerminal()
  if (!terminal.session.isOpen) {
    terminal = await ctx.reconnect?.().catch(() => undefined)
    if (terminal) m.setTerminal(terminal)
  }
  const res: Resolution = terminal ? await resolveIntent(terminal, intent, m.retry, lang) : {known: false, reason: why}
  if (!res.known) {
    result.pending = {intentId: intent.id, startedAt: intent.ts}
    return finish('in-doubt', ExitCode.Unreachable, T.inDoubt[lang](res.reason), T.inDoubtRemedy[lang])
  }
  await ctx.journal.appendOutcome({id: intent.id, outcome: res.outcome, resolvedBy: 'check', evidence: res.evidence, ...(res.booking ? {booking: res.booking} : {}), note: why})
  attempt.outcome = res.outcome
  attempt.resolvedBy = 'check'
  m.evidence.add(res.evidence === 'journal' ? 'terminal-journal' : 'last-status-info')
  if (res.booking) result.booking = res.booking
  if (res.outcome === 'succeeded') {
    return intent.action === 'reversal'
      ? finish('reversed', ExitCode.Ok, T.reversed[lang](N, res.booking?.receiptNumber))
      : finish('refunded', ExitCode.Ok, T.refunded[lang](formatMoney(req.amountCents!, m.rec?.currencyCode), res.booking?.receiptNumber))
  }
  if (res.outcome === 'already-reversed') return finish('already-reversed', ExitCode.Ok, T.alreadyReversed[lang](N, res.booking?.receiptNumber))
  // proven not done, but after a broken exchange: report rather than loop on a flaky link
  return finish('failed', ExitCode.Unreachable, T.notDoneAfterLinkLoss[lang], T.rerunRemedy[lang])
}

/** The slip of a booking the PT could not print, captured as text (the PT hands us the lines). */
async function slipText(m: MoneyCtx, receiptNumber: number | undefined): Promise<string[] | undefined> {
  const {ctx, lang} = m
  const terminal = m.getTerminal()
  ctx.onStep?.(T.stepSlip[lang])
  try {
    const reg = await registerAs(terminal, ctx.password, 'ecr-prints', m.retry)
    if (!reg.ok) return undefined
    const o = await terminal.repeatReceipt(receiptNumber === undefined ? {which: 'customer'} : {receiptNumber, which: 'customer'})
    const lines = o.receipts.flatMap((r) => r.lines)
    return lines.length > 0 ? lines : undefined
  } catch (e) {
    if (isSessionError(e)) return undefined
    throw e
  }
}

/**
 * The latest attempt on this receipt that a support agent closed by hand as done (succeeded /
 * already-reversed). Trace and TID, where both sides know them, tell it from another sale that
 * reuses the receipt number (another terminal at this address, a counter that wrapped).
 */
function closedByHand(history: History, rec: TerminalRecord | undefined, tid: string | undefined): (History[number] & {outcome: OutcomeRecord & {outcome: 'succeeded' | 'already-reversed'}}) | undefined {
  const hit = history.findLast((h) => {
    const o = h.outcome
    if (o?.resolvedBy !== 'manual' || o.outcome === 'not-done') return false
    const itsTid = h.intent.terminal.terminalId
    if (itsTid && tid && itsTid !== tid) return false
    const trace = h.intent.original?.traceNumber
    return !(rec && trace !== undefined && rec.traceNumber !== trace)
  })
  return hit as ReturnType<typeof closedByHand>
}

function originalOf(n: number, rec: TerminalRecord | undefined, onTerminal: OriginalSale['onTerminal']): OriginalSale {
  const o: OriginalSale = {receiptNumber: n, onTerminal}
  if (!rec) return o
  const keys = ['traceNumber', 'batchNumber', 'time', 'amountCents', 'currencyCode', 'cardName', 'panMasked', 'authCode', 'terminalId', 'state', 'reversedBy'] as const
  for (const k of keys) if (rec[k] !== undefined) (o as unknown as Record<string, unknown>)[k] = rec[k]
  return o
}

function bookingOf(r: TerminalRecord | undefined): Booking | undefined {
  if (!r) return undefined
  return {...(r.receiptNumber === undefined ? {} : {receiptNumber: r.receiptNumber}), traceNumber: r.traceNumber, ...(r.authCode ? {authCode: r.authCode} : {})}
}

function statusInfoBooking(f: ZvtFields | undefined): Booking {
  if (!f) return {}
  return {
    ...(f.receiptNumber === undefined ? {} : {receiptNumber: f.receiptNumber}),
    ...(f.traceNumber === undefined ? {} : {traceNumber: f.traceNumber}),
    ...(f.authCode ? {authCode: f.authCode} : {}),
  }
}

/**
 * Test stop points during the money step, read off the wire log (sinks run synchronously as
 * frames are logged): after-send = the PT's 80 00 to our command; after-status-info = the PT's
 * next frame after our 80 00 00 to its 04 0F (proof it got our acknowledgement).
 */
function watchCrashPoints(wireLog: WireLog, hooks: ActionHooks | undefined, command: string): {stop(): void} {
  if (!hooks?.at) return {stop: () => undefined}
  let phase: 'idle' | 'sent' | 'answered' | 'status-info' | 'acked' | 'done' = 'idle'
  const off = wireLog.addSink((e) => {
    const apdu = e.layer === 'apdu'
    if (phase === 'idle') {
      if (e.dir === 'ECR->PT' && apdu && e.hex.startsWith(command)) phase = 'sent'
    } else if (phase === 'sent') {
      if (e.dir === 'PT->ECR' && apdu && (e.hex.startsWith('80 00') || e.hex.startsWith('84 00'))) {
        phase = 'answered'
        hooks.at!('after-send')
      }
    } else if (phase === 'answered') {
      if (e.dir === 'PT->ECR' && apdu && e.hex.startsWith('04 0F')) phase = 'status-info'
    } else if (phase === 'status-info') {
      if (e.dir === 'ECR->PT' && apdu && e.hex.startsWith('80 00')) phase = 'acked'
    } else if (phase === 'acked') {
      if (e.dir === 'PT->ECR') {
        phase = 'done'
        hooks.at!('after-status-info')
      }
    }
  })
  return {stop: off}
}
