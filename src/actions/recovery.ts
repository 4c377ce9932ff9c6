/**
 * Resolving intents whose outcome posdoc never learned (kill -9, power loss, a dropped answer):
 * ask the terminal — its last 04 0F (Repeat Receipt, service bit 0) and its merchant journal
 * (Read File 01) — and append the outcome it proves. What the terminal cannot prove stays
 * unresolved, and no money step for that receipt is sent while it is.
 */
import {getLang, type Lang} from '../i18n/index.js'
import {isSessionError} from '../terminal/zvt/session.js'
import type {ZvtTerminal} from '../terminal/zvt/zvt-terminal.js'
import type {ActionJournal, IntentRecord} from '../store/action-journal.js'
import {resultCodeInfo} from '../protocol/zvt/codes/index.js'
import {recoveryText as T} from './recovery-text.js'
import {readLastStatusInfo, readTerminalJournal, recordsAfterTrace, type RetryPolicy, type TerminalRecord} from './terminal-records.js'

export interface Booking {
  receiptNumber?: number
  traceNumber?: number
  authCode?: string
}

export type ResolvedOutcome = 'succeeded' | 'already-reversed' | 'not-done'

export type Resolution =
  | {known: true; outcome: ResolvedOutcome; evidence: 'journal' | 'last-status-info'; booking?: Booking}
  | {known: false; reason: string}

export interface RecoveredItem {
  intentId: string
  action: IntentRecord['action']
  receiptNumber?: number
  amountCents?: number
  startedAt: string
  outcome: ResolvedOutcome
  evidence: 'journal' | 'last-status-info'
  booking?: Booking
}

export interface PendingItem {
  intentId: string
  action: IntentRecord['action']
  receiptNumber?: number
  amountCents?: number
  startedAt: string
  reason: string
}

export interface RecoveryReport {
  /** unresolved intents found in the action journal */
  checked: number
  resolved: RecoveredItem[]
  unresolved: PendingItem[]
  journal: string
}

/** Session failures that mean the terminal is not answering at all (not a refusal). */
const SILENT: ReadonlySet<string> = new Set(['ZVT_NO_ACK', 'ZVT_T3_TIMEOUT', 'ZVT_LINK_LOST', 'ZVT_SESSION_CLOSED'])

const nextTrace = (n: number) => (n >= 999_999 ? 1 : n + 1)

function bookingOf(r: TerminalRecord | undefined): Booking | undefined {
  if (!r) return undefined
  return {...(r.receiptNumber === undefined ? {} : {receiptNumber: r.receiptNumber}), traceNumber: r.traceNumber, ...(r.authCode ? {authCode: r.authCode} : {})}
}

/** Ask the terminal what became of one intent. Never sends anything that moves money. */
export async function resolveIntent(terminal: ZvtTerminal, intent: IntentRecord, retry: RetryPolicy, lang: Lang = getLang()): Promise<Resolution> {
  try {
    const tid = intent.terminal.terminalId
    // trace and receipt numbers only mean something on the terminal that issued them
    const sameTerminal = (t: string | undefined) => tid === undefined || t === undefined || t === tid
    const last = await readLastStatusInfo(terminal, retry)
    const lastOk = last !== undefined && (last.resultCode ?? 0) === 0 && sameTerminal(last.terminalId)
    const saleTrace = intent.original?.traceNumber
    // the terminal only keeps a 04 0F as "last" once the ECR acknowledged it: then the booking is final
    if (intent.action === 'reversal' && lastOk && saleTrace !== undefined && last.originalTraceNumber === saleTrace) {
      return {known: true, outcome: 'succeeded', evidence: 'last-status-info', booking: {...(last.receiptNumber === undefined ? {} : {receiptNumber: last.receiptNumber}), ...(last.traceNumber === undefined ? {} : {traceNumber: last.traceNumber}), ...(last.authCode ? {authCode: last.authCode} : {})}}
    }
    const journal = await readTerminalJournal(terminal, retry)
    if (!journal.available) {
      if (intent.action === 'refund' && lastOk && intent.lastTraceBefore !== undefined && last.traceNumber === nextTrace(intent.lastTraceBefore) && last.amountCents === intent.amountCents) {
        return {known: true, outcome: 'succeeded', evidence: 'last-status-info', booking: {...(last.traceNumber === undefined ? {} : {traceNumber: last.traceNumber}), ...(last.receiptNumber === undefined ? {} : {receiptNumber: last.receiptNumber})}}
      }
      const busy = journal.resultCode !== undefined && resultCodeInfo(journal.resultCode).cls === 'transient'
      return {known: false, reason: busy ? T.busy[lang] : T.noJournal[lang]}
    }
    const records = journal.records
    if (records.length > 0 && !records.some((r) => sameTerminal(r.terminalId))) return {known: false, reason: T.otherTerminal[lang](tid ?? '?')}
    if (intent.action === 'reversal') {
      const sale = [...records].reverse().find((r) => r.type === 'sale' && (saleTrace === undefined ? r.receiptNumber === intent.receiptNumber : r.traceNumber === saleTrace))
      if (!sale) return {known: false, reason: T.saleGone[lang]}
      const reversal = [...records].reverse().find((r) => r.type === 'reversal' && r.state === 'booked' && (r.originalTraceNumber === sale.traceNumber || (sale.reversedBy !== undefined && r.receiptNumber === sale.reversedBy)))
      if (sale.state === 'reversed' || reversal) {
        // a reversal older than the intent was not ours: the sale had been reversed before (on the terminal itself)
        const after = recordsAfterTrace(records, intent.lastTraceBefore)
        const ours = !reversal || !after || after.includes(reversal)
        return {known: true, outcome: ours ? 'succeeded' : 'already-reversed', evidence: 'journal', ...(reversal ? {booking: bookingOf(reversal)!} : {})}
      }
      // booked: no reversal stands; auto-reversed: the terminal itself undid the sale, nothing to reverse
      if (sale.state === 'booked' || sale.state === 'auto-reversed') return {known: true, outcome: 'not-done', evidence: 'journal'}
      return {known: false, reason: T.saleState[lang](sale.state)}
    }
    const after = recordsAfterTrace(records, intent.lastTraceBefore)
    if (!after) return {known: false, reason: T.traceGone[lang]}
    const refund = after.find((r) => r.type === 'refund' && r.state === 'booked' && r.amountCents === intent.amountCents)
    return refund ? {known: true, outcome: 'succeeded', evidence: 'journal', booking: bookingOf(refund)!} : {known: true, outcome: 'not-done', evidence: 'journal'}
  } catch (e) {
    if (isSessionError(e)) return {known: false, reason: T.noAnswer[lang](e.message)}
    throw e
  }
}

/**
 * Resolve every unresolved intent of this terminal's action journal. Without unresolved intents
 * nothing is sent to the terminal at all.
 */
export async function recoverUnresolved(terminal: ZvtTerminal, journal: ActionJournal, opts: {retry: RetryPolicy; register?: boolean; lang?: Lang}): Promise<RecoveryReport> {
  const lang = opts.lang ?? getLang()
  const pending = await journal.unresolved()
  const report: RecoveryReport = {checked: pending.length, resolved: [], unresolved: [], journal: journal.location}
  if (pending.length === 0) return report
  let silent: string | undefined
  if (opts.register !== false) {
    // a restarted terminal wants a registration before it answers queries; a refusal shows up in the queries
    try {
      await terminal.register()
    } catch (e) {
      // no answer at all: asking about each intent in turn would only wait out the same timeouts again
      if (isSessionError(e) && SILENT.has(e.code)) silent = e.message
    }
  }
  for (const intent of pending) {
    const base = {
      intentId: intent.id,
      action: intent.action,
      ...(intent.receiptNumber === undefined ? {} : {receiptNumber: intent.receiptNumber}),
      ...(intent.amountCents === undefined ? {} : {amountCents: intent.amountCents}),
      startedAt: intent.ts,
    }
    if (silent !== undefined) {
      report.unresolved.push({...base, reason: T.noAnswer[lang](silent)})
      continue
    }
    const r = await resolveIntent(terminal, intent, opts.retry, lang)
    if (!r.known) {
      report.unresolved.push({...base, reason: r.reason})
      continue
    }
    await journal.appendOutcome({
      id: intent.id,
      outcome: r.outcome,
      resolvedBy: 'recovery',
      evidence: r.evidence,
      ...(r.booking ? {booking: r.booking} : {}),
    })
    report.resolved.push({...base, outcome: r.outcome, evidence: r.evidence, ...(r.booking ? {booking: r.booking} : {})})
  }
  return report
}

/** One line per recovered / still open intent, for stderr or the human rendering. */
export function recoveryLines(report: RecoveryReport | undefined, lang: Lang = getLang()): string[] {
  if (!report || report.checked === 0) return []
  const lines: string[] = []
  for (const r of report.resolved) lines.push(T.resolvedLine[lang](r))
  for (const p of report.unresolved) lines.push(T.pendingLine[lang](p))
  return lines
}
