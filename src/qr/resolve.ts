/**
 * The documented in-doubt loop for one QR order (qr-notes §0, §5 R2–R5): query → poll at the
 * platform's cadence inside its window → revoke/cancel once (never before WeChat's 15 s; Alipay
 * right after the last query) → query until final. Journaled like `void retry`: the intent is on
 * disk before the revoke leaves, and an earlier revoke that was done or is in doubt is never sent
 * again: the next run only queries (SIGKILL-safe at every step).
 */
import type {ActionHooks} from '../actions/crash-points.js'
import {sleep, type Clock} from '../util/clock.js'
import {revokeAllowed, type QrJournal} from './journal.js'
import {FINAL_STATES, type QrActionResult, type QrOrderRef, type QrOrderState, type QrProvider, type QrState} from './types.js'

export interface RevokeQuestion {
  outTradeNo: string
  platform: string
  amountCents?: number
  /** seconds since the order was created */
  ageSec: number
  platformStatus?: string
}

export type ResolveEvent =
  | {kind: 'query'; state: QrState; platformStatus?: string; ageSec: number}
  | {kind: 'wait'; seconds: number; reason: 'poll' | 'min-revoke-age' | 'busy' | 'not-found-yet' | 'revoke-refused'}
  | {kind: 'revoke'; result: QrActionResult}
  | {kind: 'revoke-blocked'; intentId: string}

export interface ResolveOptions {
  provider: QrProvider
  /** the merchant identity the journal is kept for (mchid/sub_mchid, app id) */
  merchant: string
  ref: QrOrderRef & {outTradeNo: string}
  expectedAmountCents?: number
  /** when the order was created (ms); default: now, which only makes the loop wait longer */
  createdAt?: number
  journal: QrJournal
  clock: Clock
  /** asked before a revoke is sent (it refunds the customer if they pay at that moment); false = stop */
  confirm: (q: RevokeQuestion) => Promise<boolean>
  hooks?: ActionHooks
  onEvent?: (e: ResolveEvent) => void
  command?: string
}

export interface ResolveResult {
  state: QrState
  final: boolean
  last: QrOrderState
  queries: QrOrderState[]
  /** revoke sent by this run */
  revoke?: QrActionResult
  /** an earlier run's revoke blocked a new one */
  revokeBlockedBy?: string
  /** the merchant declined the revoke */
  declined?: boolean
}

/** pauses on busy / rate-limited / unreachable: same parameters, growing gaps (qr-notes §0) */
const BUSY_BACKOFF_SEC = [5, 10, 20, 40]
/** R10: a not-found within this long after the pay call may just not be created yet */
const NOT_FOUND_GRACE_SEC = 60

export async function runResolveLoop(o: ResolveOptions): Promise<ResolveResult> {
  const {provider, clock, journal} = o
  const rules = provider.rules
  const start = clock.now()
  const created = o.createdAt ?? start
  // after the window (+ the platform's own auto-close and a margin) posdoc stops and reports
  const deadline = Math.max(created + (Math.max(rules.pollWindowSec, rules.autoCloseSec) + 60) * 1000, start + 30_000)
  const hooks = o.hooks ?? {}
  const queries: QrOrderState[] = []
  const ageSec = () => Math.floor((clock.now() - created) / 1000)
  const wait = async (seconds: number, reason: Extract<ResolveEvent, {kind: 'wait'}>['reason']) => {
    o.onEvent?.({kind: 'wait', seconds, reason})
    await sleep(clock, seconds * 1000)
  }
  let revoke: QrActionResult | undefined
  let busy = 0
  const history = await journal.history(provider.platform, o.merchant, o.ref.outTradeNo)
  let blocking = revokeAllowed(history).blockingIntent
  if (blocking) o.onEvent?.({kind: 'revoke-blocked', intentId: blocking.id})
  const unsettled = history.filter((h) => h.outcomes.length === 0 || h.outcomes.at(-1)!.outcome === 'unknown')

  for (;;) {
    const q = await provider.query(o.ref, o.expectedAmountCents === undefined ? {} : {expectedAmountCents: o.expectedAmountCents})
    queries.push(q)
    o.onEvent?.({kind: 'query', state: q.state, ...(q.platformStatus ? {platformStatus: q.platformStatus} : {}), ageSec: ageSec()})
    const done = (final: boolean): ResolveResult => ({state: q.state, final, last: q, queries, ...(revoke ? {revoke} : {}), ...(blocking ? {revokeBlockedBy: blocking.id} : {})})
    if (FINAL_STATES.has(q.state)) {
      // an action whose answer was lost is settled by what the platform now says
      for (const h of unsettled) await journal.appendOutcome({id: h.intent.id, outcome: 'settled-by-query', stateAfter: q.state, ...(q.evidence.requestId ? {requestId: q.evidence.requestId} : {})})
      return done(true)
    }
    if (q.state === 'uncertain') return done(false)
    const late = clock.now() >= deadline
    if (q.state === 'not-found') {
      if (ageSec() < NOT_FOUND_GRACE_SEC && !late) {
        await wait(rules.pollEverySec, 'not-found-yet')
        continue
      }
      return done(false)
    }
    if (q.state === 'could-not-ask') {
      const code = q.errors[0]?.code
      const transient = code === 'QR_PLATFORM_BUSY' || code === 'QR_RATE_LIMITED' || code === 'QR_UNREACHABLE'
      if (!transient || busy >= BUSY_BACKOFF_SEC.length || late) return done(false)
      await wait(BUSY_BACKOFF_SEC[busy++]!, 'busy')
      continue
    }
    busy = 0
    // pending
    if (late) return done(false)
    if (blocking || revoke?.outcome === 'done' || revoke?.outcome === 'unknown') {
      await wait(rules.pollEverySec, 'poll')
      continue
    }
    const age = (clock.now() - created) / 1000
    if (age < rules.pollWindowSec) {
      await wait(Math.max(1, Math.min(rules.pollEverySec, Math.ceil(rules.pollWindowSec - age))), 'poll')
      continue
    }
    if (age < rules.minRevokeAfterSec) {
      await wait(Math.ceil(rules.minRevokeAfterSec - age), 'min-revoke-age')
      continue
    }
    const question: RevokeQuestion = {outTradeNo: o.ref.outTradeNo, platform: provider.platform, ageSec: Math.floor(age), ...(o.expectedAmountCents !== undefined ? {amountCents: o.expectedAmountCents} : {}), ...(q.platformStatus ? {platformStatus: q.platformStatus} : {})}
    if (!(await o.confirm(question))) return {...done(false), declined: true}
    // Alipay: cancel with no gap after the last query [13]; the intent is on disk before the call leaves
    const intent = await journal.appendIntent({platform: provider.platform, merchant: o.merchant, outTradeNo: o.ref.outTradeNo, action: 'revoke', stateBefore: q.state, ...(q.platformStatus ? {platformStatusBefore: q.platformStatus} : {}), command: o.command ?? 'qr resolve'})
    hooks.at?.('after-intent')
    revoke = await provider.revoke({outTradeNo: o.ref.outTradeNo})
    hooks.at?.('after-send')
    o.onEvent?.({kind: 'revoke', result: revoke})
    await journal.appendOutcome({id: intent.id, outcome: revoke.outcome, ...(revoke.retry ? {retry: true} : {}), ...(revoke.refunded !== undefined ? {refunded: revoke.refunded} : {}), ...(revoke.errors[0]?.platformCode ? {platformCode: revoke.errors[0].platformCode} : {}), ...(revoke.evidence.requestId ? {requestId: revoke.evidence.requestId} : {})})
    if (revoke.outcome === 'unknown') unsettled.push({intent, outcomes: []})
    if (revoke.outcome === 'refused-paying' || (revoke.outcome === 'refused' && revoke.retry)) {
      // nothing happened: wait, query, and the loop may revoke again
      revoke = undefined
      await wait(rules.pollEverySec, 'revoke-refused')
      continue
    }
    if (revoke.outcome === 'refused' || revoke.outcome === 'refused-paid') blocking = intent
    // query again right away to confirm the final state
  }
}
