/**
 * Closing an intent by hand (`posdoc void resolve`): a support agent with proof from elsewhere
 * (the acquirer's records, a printed slip) records the outcome of an intent the terminal can never
 * prove. One outcome record with resolvedBy "manual", the evidence (card numbers masked) and who
 * wrote it; written under the terminal's lock so it cannot race a running `void retry`. Never
 * talks to the terminal.
 */
import os from 'node:os'

import {maskCardData} from '../case/card-data.js'
import {getLang, type Lang} from '../i18n/index.js'
import {ExitCode} from '../output/exit-codes.js'
import {PosdocError} from '../output/errors.js'
import {ActionJournal, FileJournalStore, type ActionOutcome, type IntentRecord, type OutcomeRecord} from '../store/action-journal.js'
import {acquireTerminalLock, type TerminalLock} from '../store/terminal-lock.js'
import {scrubPanText} from '../terminal/wire-log.js'
import type {Confirm} from './common.js'
import {resolveText as T} from './resolve-text.js'
import {pendingView, readJournal, type JournalRef, type JournalState, type PendingIntent} from './void-pending.js'

export const MANUAL_OUTCOMES = ['succeeded', 'not-done', 'already-reversed'] as const satisfies readonly ActionOutcome[]
export const EVIDENCE_MAX_CHARS = 1000

export interface ResolveRequest {
  intentId: string
  outcome: ActionOutcome
  /** as typed: checked and masked here */
  evidence: string
}

export interface ResolveContext {
  /** where to look for the intent: one journal (terminal flags, --journal-key) or all of them */
  refs: JournalRef[]
  scope: 'one' | 'all'
  /** undefined: no question asked (--yes) */
  confirm: Confirm | undefined
  /** who is recording (default: this OS user) */
  user?: string
  /** the terminal lock (default: the real one in the data directory) */
  lock?: (key: string, label: string) => Promise<TerminalLock>
  env?: NodeJS.ProcessEnv
  lang?: Lang
}

export interface ResolveResult {
  schema: 'posdoc.void-resolve/1'
  status: 'recorded' | 'declined'
  journal: {key: string; file: string}
  intent: PendingIntent
  /** the record appended (recorded only) */
  outcome?: OutcomeRecord
  /** what the outcome means for the next `void retry` */
  meaning: string
  message: string
  exitCode: ExitCode
}

const usage = (code: string, message: string, remedy?: string, details?: Record<string, unknown>) =>
  new PosdocError({code, exitCode: ExitCode.Usage, message, ...(remedy ? {remedy} : {}), ...(details ? {details} : {})})

/** Card data masked with both rule sets: the report gate's (PAN, track, CVV, PIN block) and the wire log's wider Luhn rule. */
export function scrubEvidence(text: string): string {
  return scrubPanText(maskCardData(text).text)
}

/** The evidence as it will be written: trimmed, non-empty, bounded, card data masked. Never echoes the raw text. */
export function checkEvidence(raw: string, lang: Lang = getLang()): string {
  const text = raw.trim()
  if (text === '') throw usage('USAGE_EVIDENCE_EMPTY', T.evidenceEmpty[lang], T.evidenceRemedy[lang])
  if ([...text].length > EVIDENCE_MAX_CHARS) throw usage('USAGE_EVIDENCE_TOO_LONG', T.evidenceTooLong[lang](EVIDENCE_MAX_CHARS, [...text].length), T.evidenceRemedy[lang])
  return scrubEvidence(text)
}

export function currentUser(env: NodeJS.ProcessEnv = process.env): string {
  try {
    return os.userInfo().username
  } catch {
    // no passwd entry (some containers)
    return env.USER ?? env.USERNAME ?? 'unknown'
  }
}

interface Located {
  state: JournalState
  intent: IntentRecord
}

async function locate(id: string, ctx: ResolveContext, lang: Lang): Promise<Located> {
  const found: Located[] = []
  for (const ref of ctx.refs) {
    const state = await readJournal(ref)
    const intent = state.intents.find((i) => i.id === id)
    if (intent) found.push({state, intent})
  }
  if (found.length === 0) {
    const where = ctx.scope === 'all' || ctx.refs.length !== 1 ? T.whereAll[lang] : T.whereOne[lang](ctx.refs[0]!.file)
    throw usage('INTENT_UNKNOWN', T.unknownIntent[lang](id, where), T.unknownIntentRemedy[lang])
  }
  if (found.length > 1) throw usage('INTENT_AMBIGUOUS', T.ambiguousIntent[lang](id, found.map((f) => f.state.ref.key).join(', ')), T.ambiguousIntentRemedy[lang])
  return found[0]!
}

function refuseIfResolved(loc: Located, lang: Lang): void {
  const done = loc.state.outcomes.get(loc.intent.id)
  if (!done) return
  const by = T.resolvedByName[lang](done.resolvedBy) + (done.resolvedBy === 'manual' && done.user ? ` ${done.user}@${done.host ?? '?'}` : '')
  throw usage('INTENT_ALREADY_RESOLVED', T.alreadyResolved[lang](loc.intent.id, done.outcome, by, done.ts), T.alreadyResolvedRemedy[lang], {outcome: done.outcome, resolvedBy: done.resolvedBy, at: done.ts})
}

/**
 * Check, confirm, lock, check again, append. Refusals are usage errors (exit 2) and write
 * nothing; a held lock is TERMINAL_LOCKED (exit 3); "no" at the prompt is exit 4.
 */
export async function resolveByHand(req: ResolveRequest, ctx: ResolveContext): Promise<ResolveResult> {
  const lang = ctx.lang ?? getLang()
  const evidence = checkEvidence(req.evidence, lang)
  const id = req.intentId.trim()
  const first = await locate(id, ctx, lang)
  refuseIfResolved(first, lang)
  // a refund cannot find its sale "already reversed": that outcome would let a second refund through
  if (first.intent.action === 'refund' && req.outcome === 'already-reversed') throw usage('USAGE_OUTCOME_NOT_FOR_REFUND', T.refundNotReversed[lang](id), T.refundNotReversedRemedy[lang])

  const user = ctx.user ?? currentUser(ctx.env)
  const what = T.what[lang]({action: first.intent.action, receiptNumber: first.intent.receiptNumber, amountCents: first.intent.amountCents, startedAt: first.intent.ts})
  const outcomeName = T.outcomeName[lang](req.outcome)
  const meaning = T.meaning[lang](req.outcome, first.intent.action)
  const journalOf = {key: first.state.ref.key, file: first.state.ref.file}

  if (ctx.confirm) {
    const question = [
      T.confirmHead[lang](what, id, first.intent.terminal.terminalId ?? first.intent.terminal.label, first.intent.ts),
      `  ${T.confirmRecord[lang](outcomeName, evidence, `${user}@${os.hostname()}`)}`,
      `  ${meaning}`,
      T.confirmAsk[lang],
    ].join('\n')
    if (!(await ctx.confirm(question))) {
      return {schema: 'posdoc.void-resolve/1', status: 'declined', journal: journalOf, intent: pendingView(first.intent, first.state), meaning, message: T.declined[lang], exitCode: ExitCode.Aborted}
    }
  }

  // under the lock: a `void retry` or a recovery may have settled it meanwhile
  const label = first.state.ref.label ?? first.intent.terminal.label
  const lock = await (ctx.lock ?? ((key, l) => acquireTerminalLock(key, {command: 'void resolve', label: l, ...(ctx.env ? {env: ctx.env} : {})})))(first.state.ref.key, label)
  try {
    const state = await readJournal(first.state.ref)
    const intent = state.intents.find((i) => i.id === id)
    if (!intent) throw usage('INTENT_UNKNOWN', T.unknownIntent[lang](id, T.whereOne[lang](first.state.ref.file)), T.unknownIntentRemedy[lang])
    const now: Located = {state, intent}
    refuseIfResolved(now, lang)
    const journal = new ActionJournal(new FileJournalStore(state.ref.file))
    const outcome = await journal.appendManualOutcome({id, outcome: req.outcome, evidence, user})
    return {schema: 'posdoc.void-resolve/1', status: 'recorded', journal: journalOf, intent: pendingView(intent, state), outcome, meaning, message: T.recorded[lang](what, outcomeName), exitCode: ExitCode.Ok}
  } finally {
    await lock.release()
  }
}
