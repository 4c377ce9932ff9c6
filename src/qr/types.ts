/**
 * One state model for every QR platform (qr-notes §1.5) and the provider contract each platform
 * adapter implements. Providers talk HTTP through an injected HttpClient and read time from an
 * injected Clock, so tests run them against the loopback simulator on virtual time.
 */
import type {Clock} from '../util/clock.js'
import type {QrErrorCode} from './errors.js'

export const QR_PLATFORMS = ['wechat', 'alipay'] as const
export type QrPlatform = (typeof QR_PLATFORMS)[number]

/**
 * pending: the platform says the order is not final yet (customer still paying / code not paid).
 * paid / refunded / not-paid: final, from a verified answer.
 * uncertain: the platform itself does not know, or its answer cannot be trusted (bad signature,
 *   unknown key, amount differs): never treated as paid, never as not paid.
 * not-found: the platform (verified) does not know the order under this merchant.
 * could-not-ask: no usable answer (unreachable, busy, rate-limited, rejected our signature, clock).
 */
export const QR_STATES = ['pending', 'paid', 'refunded', 'not-paid', 'uncertain', 'not-found', 'could-not-ask'] as const
export type QrState = (typeof QR_STATES)[number]

export const FINAL_STATES: ReadonlySet<QrState> = new Set(['paid', 'refunded', 'not-paid'])

export interface QrOrderRef {
  /** the merchant's order number (商户单号 out_trade_no) */
  outTradeNo?: string
  /** the platform's number (微信 transaction_id / 支付宝 trade_no) */
  platformNo?: string
}

export interface QrError {
  code: QrErrorCode
  /** the platform's own code (SYSTEM_ERROR, ACQ.TRADE_NOT_EXIST, …) when there is one */
  platformCode?: string
  /** the platform's message, as sent (no secrets are ever in it) */
  platformMessage?: string
  http?: number
}

/** What one call saw: goes into the case report's "QR order" block. Never holds a secret. */
export interface QrEvidence {
  at: string
  call: string
  http?: number
  platformStatus?: string
  platformCode?: string
  /** WeChat Request-ID / Alipay trace id: what the platform's support asks for */
  requestId?: string
  verified: boolean
}

export interface QrOrderState {
  state: QrState
  /** the platform's own status word (SUCCESS, USERPAYING, TRADE_CLOSED, …) */
  platformStatus?: string
  outTradeNo?: string
  platformNo?: string
  amountCents?: number
  /** ISO 8601 with offset, as the platform sent it */
  paidAt?: string
  /** signature of the answer verified against a known platform key */
  verified: boolean
  errors: QrError[]
  evidence: QrEvidence
}

export type QrActionKind = 'revoke' | 'close'

/**
 * done: the platform carried it out (or it was already so); refunded tells whether money went back.
 * refused-paying: the customer is still paying, try again later (nothing happened).
 * refused-paid: close of a paid order (nothing happened; the order is paid).
 * refused: any other definite refusal (nothing happened).
 * unknown: no trustworthy answer: it may or may not have happened.
 */
export type QrActionOutcome = 'done' | 'refused-paying' | 'refused-paid' | 'refused' | 'unknown'

export interface QrActionResult {
  action: QrActionKind
  outcome: QrActionOutcome
  /** the platform says the reversal refunded the customer (Alipay action=refund) */
  refunded?: boolean
  /** the platform asks to call again (Alipay retry_flag=Y) */
  retry?: boolean
  errors: QrError[]
  evidence: QrEvidence
}

export type QrRefundPhase = 'processing' | 'succeeded' | 'closed' | 'abnormal' | 'not-found' | 'uncertain' | 'could-not-ask'

export interface QrRefundState {
  phase: QrRefundPhase
  platformStatus?: string
  refundNo: string
  amountCents?: number
  verified: boolean
  errors: QrError[]
  evidence: QrEvidence
}

export interface QrIdentityProof {
  /** the platform accepted our signature as this merchant */
  signatureAccepted: boolean
  /** a known order of this merchant was found (only then "not found" means "not ours / never paid") */
  knownOrderFound?: boolean
  proven: boolean
  errors: QrError[]
  evidence: QrEvidence[]
}

/** The platform's documented in-doubt cadence (qr-notes §0, §5). */
export interface QrRules {
  /** seconds between queries while pending */
  pollEverySec: number
  /** seconds after the order during which posdoc only polls */
  pollWindowSec: number
  /** never revoke/cancel earlier than this after the order (WeChat: 15 s) */
  minRevokeAfterSec: number
  /** the platform closes an unpaid order by itself after about this long */
  autoCloseSec: number
}

export interface QrProvider {
  readonly platform: QrPlatform
  readonly rules: QrRules
  /** expectedAmountCents: the merchant's amount; a different amount makes the answer uncertain */
  query(ref: QrOrderRef, opts?: {expectedAmountCents?: number}): Promise<QrOrderState>
  /** close an unpaid order (customer-scan); never refunds */
  close(ref: QrOrderRef): Promise<QrActionResult>
  /** WeChat reverse / Alipay cancel: closes an unpaid order, REFUNDS a paid one */
  revoke(ref: QrOrderRef): Promise<QrActionResult>
  refundStatus(ref: {outTradeNo?: string; refundNo: string}): Promise<QrRefundState>
  /** a harmless call that shows the platform accepts us as this merchant; with a known order, that it is ours */
  proveIdentity(knownOrder?: QrOrderRef): Promise<QrIdentityProof>
}

export interface HttpRequest {
  method: 'GET' | 'POST'
  url: string
  headers: Record<string, string>
  body?: string
}

export interface HttpResponse {
  status: number
  /** header names lower-case */
  headers: Record<string, string>
  body: string
}

/** The one way providers reach a platform (node:https in production, the same against the simulator). */
export interface HttpClient {
  request(req: HttpRequest): Promise<HttpResponse>
}

export interface ProviderDeps {
  http: HttpClient
  clock: Clock
  /** random nonces; injected so tests can pin them */
  nonce?: () => string
}
