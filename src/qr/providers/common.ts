/** What every provider shares: one call with retries on "busy", evidence records, amount parsing. */
import {randomBytes} from 'node:crypto'

import {sleep, type Clock} from '../../util/clock.js'
import type {QrErrorCode} from '../errors.js'
import {QrTransportError} from '../http.js'
import type {HttpClient, HttpRequest, HttpResponse, QrError, QrEvidence, QrOrderRef, QrOrderState, QrState} from '../types.js'

export const randomNonce = (): string => randomBytes(16).toString('hex').toUpperCase()

export type Sent = {ok: true; res: HttpResponse} | {ok: false; error: QrError}

/**
 * Send, and on a 5xx answer send the same request again after 1 s and 2 s (WeChat: "retry with the
 * same parameters"; Alipay: "ACQ.SYSTEM_ERROR: retry with the same parameters"). `build` re-signs
 * with a fresh timestamp and nonce; the business parameters stay the same.
 */
export async function sendWithRetry(http: HttpClient, clock: Clock, build: () => HttpRequest, isBusy: (res: HttpResponse) => boolean): Promise<Sent> {
  let last: Sent | undefined
  for (const pause of [0, 1000, 2000]) {
    if (pause > 0) await sleep(clock, pause)
    try {
      const res = await http.request(build())
      last = {ok: true, res}
      if (!isBusy(res)) return last
    } catch (e) {
      if (!(e instanceof QrTransportError)) throw e
      // a dropped answer may mean the platform acted: the caller queries, it never blindly repeats an action
      return {ok: false, error: {code: 'QR_UNREACHABLE', platformMessage: `${e.kind}: ${e.message}`}}
    }
  }
  return last!
}

export function evidenceOf(clock: Clock, call: string, extra: Partial<QrEvidence> = {}): QrEvidence {
  return {at: new Date(clock.now()).toISOString(), call, verified: false, ...extra}
}

export function failedState(state: QrState, error: QrError, evidence: QrEvidence, extra: Partial<QrOrderState> = {}): QrOrderState {
  return {state, verified: evidence.verified, errors: [error], evidence, ...extra}
}

/** "12.30" (yuan, Alipay) -> 1230; undefined for anything that is not a plain amount */
export function yuanToCents(text: unknown): number | undefined {
  if (typeof text !== 'string' && typeof text !== 'number') return undefined
  const m = /^(\d+)(?:\.(\d{1,2}))?$/.exec(String(text))
  if (!m) return undefined
  return Number(m[1]) * 100 + Number((m[2] ?? '0').padEnd(2, '0'))
}

export function centsToYuan(cents: number): string {
  return `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`
}

export function parseJson(text: string): Record<string, unknown> | undefined {
  try {
    const v: unknown = JSON.parse(text)
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined
  } catch {
    return undefined
  }
}

export const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined)

export function qrError(code: QrErrorCode, extra: Omit<QrError, 'code'> = {}): QrError {
  return {code, ...extra}
}

/**
 * The safety invariant: an answer about another order, another merchant or another amount is
 * never taken as paid (or as anything final): it becomes uncertain.
 */
export function guardAnswer(state: QrOrderState, ref: QrOrderRef, expectedAmountCents: number | undefined, answeredMerchant: string | undefined, ourMerchant: string | undefined): QrOrderState {
  if (ref.outTradeNo && state.outTradeNo && state.outTradeNo !== ref.outTradeNo) {
    return {...state, state: 'uncertain', errors: [...state.errors, qrError('QR_RESPONSE_UNVERIFIED', {platformMessage: `answer is about order ${state.outTradeNo}`})]}
  }
  if (answeredMerchant && ourMerchant && answeredMerchant !== ourMerchant) {
    return {...state, state: 'uncertain', errors: [...state.errors, qrError('QR_WRONG_MERCHANT', {platformMessage: `answer is about merchant ${answeredMerchant}`})]}
  }
  if (expectedAmountCents !== undefined && state.amountCents !== undefined && state.amountCents !== expectedAmountCents) {
    return {...state, state: 'uncertain', errors: [...state.errors, qrError('QR_AMOUNT_MISMATCH', {platformMessage: `${state.amountCents} != ${expectedAmountCents}`})]}
  }
  return state
}

/**
 * A direct merchant whose signature is accepted is who it says; a service provider also has to
 * show that the sub-merchant is right, which only finding one of its known orders does.
 */
export function identityProven(signatureAccepted: boolean, knownOrderFound: boolean | undefined, actsForOther: boolean): boolean {
  if (!signatureAccepted || knownOrderFound === false) return false
  return knownOrderFound === true || !actsForOther
}
