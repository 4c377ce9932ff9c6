/**
 * What the guided flows call (scan-no-notice, credit-info-lost): ask the platform about one QR
 * order, and settle an in-doubt one, with a profile or the built-in simulator (demo). Both return
 * plain data in the one state model; nothing here prints or prompts (confirm is the caller's).
 */
import type {Clock} from '../util/clock.js'
import type {QrAdvice} from './advice.js'
import type {ResolveEvent, RevokeQuestion} from './resolve.js'
import {openTarget, queryOrder, resolveOrder, type ResolveOutput} from './service.js'
import type {QrError, QrEvidence, QrPlatform, QrState} from './types.js'

export type {QrState, QrPlatform, QrError, QrEvidence} from './types.js'
export {QR_STATES, FINAL_STATES} from './types.js'
export type {QrAdvice} from './advice.js'
export type {RevokeQuestion, ResolveEvent} from './resolve.js'

export interface QrOrderQuery {
  /** required with demo; a profile knows its platform */
  platform?: QrPlatform
  /** merchant order number (商户单号) */
  orderNo?: string
  /** platform number (交易单号 transaction_id / trade_no) */
  transactionId?: string
  /** the merchant's amount in cents: a different amount at the platform gives 'uncertain' */
  amountCents?: number
  /** a QR profile name, or demo (optionally with a simulator scenario) */
  profile?: string
  demo?: boolean | {scenario: string}
  clock?: Clock
}

export interface QrOrderAnswer {
  state: QrState
  platformStatus?: string
  amountCents?: number
  paidAt?: string
  platformNo?: string
  /** signature verified against a known platform key */
  verified: boolean
  errors: QrError[]
  evidence: QrEvidence[]
  /** qr-notes §5 rule, what to do and what to tell the customer (current language) */
  advice: QrAdvice
}

function targetOptions(q: QrOrderQuery) {
  const scenario = typeof q.demo === 'object' ? q.demo.scenario : undefined
  return {
    ...(q.profile ? {profile: q.profile} : {}),
    demo: q.demo !== undefined && q.demo !== false,
    ...(scenario !== undefined ? {scenario} : {}),
    ...(q.platform ? {platform: q.platform} : {}),
    ...(q.clock ? {clock: q.clock} : {}),
  }
}

/** One verified query. Throws PosdocError only for bad input (unknown profile, no order number). */
export async function queryQrOrder(q: QrOrderQuery): Promise<QrOrderAnswer> {
  const target = await openTarget(targetOptions(q))
  try {
    const out = await queryOrder(target, {...(q.orderNo ? {outTradeNo: q.orderNo} : {}), ...(q.transactionId ? {platformNo: q.transactionId} : {})}, q.amountCents === undefined ? {} : {expectedAmountCents: q.amountCents})
    const o = out.order
    return {
      state: o.state,
      ...(o.platformStatus ? {platformStatus: o.platformStatus} : {}),
      ...(o.amountCents !== undefined ? {amountCents: o.amountCents} : {}),
      ...(o.paidAt ? {paidAt: o.paidAt} : {}),
      ...(o.platformNo ? {platformNo: o.platformNo} : {}),
      verified: o.verified,
      errors: o.errors,
      evidence: [o.evidence],
      advice: out.advice,
    }
  } finally {
    await target.close()
  }
}

/**
 * The in-doubt loop for one order (journaled, never a second revoke). confirm is asked before a
 * revoke is sent (answer false to stop: nothing is sent); onEvent reports queries and waits, for
 * a countdown.
 */
export async function resolveQrOrder(q: QrOrderQuery & {orderNo: string; createdAt?: number; confirm: (question: RevokeQuestion) => Promise<boolean>; onEvent?: (e: ResolveEvent) => void}): Promise<ResolveOutput> {
  const target = await openTarget(targetOptions(q))
  try {
    return await resolveOrder(target, {outTradeNo: q.orderNo}, {
      confirm: q.confirm,
      ...(q.amountCents !== undefined ? {expectedAmountCents: q.amountCents} : {}),
      ...(q.createdAt !== undefined ? {createdAt: q.createdAt} : {}),
      ...(q.onEvent ? {onEvent: q.onEvent} : {}),
    })
  } finally {
    await target.close()
  }
}
