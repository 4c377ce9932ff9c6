/**
 * WeChat Pay API v3 (qr-notes §1.1): direct merchant (mchid) and service provider (sp_mchid +
 * sub_mchid). Every answer is verified with the platform key its Wechatpay-Serial names
 * (platform certificate serial or PUB_KEY_ID_…; a profile may hold both during the migration).
 */
import {WECHAT_MAX_CLOCK_OFFSET_SEC, signWechatRequest, wechatResponseMessage} from '../crypto/wechat-v3.js'
import {rsaVerify} from '../crypto/rsa.js'
import type {QrErrorCode} from '../errors.js'
import type {HttpResponse, ProviderDeps, QrActionOutcome, QrActionResult, QrError, QrEvidence, QrIdentityProof, QrOrderRef, QrOrderState, QrProvider, QrRefundPhase, QrRefundState, QrRules, QrState} from '../types.js'
import {evidenceOf, failedState, guardAnswer, identityProven, parseJson, qrError, randomNonce, sendWithRetry, str} from './common.js'

export interface WechatV3Config {
  /** https://api.mch.weixin.qq.com, or the simulator */
  baseUrl: string
  mode: 'direct' | 'partner'
  appid: string
  /** direct: the merchant's mchid; partner: the service provider's sp_mchid */
  mchid: string
  subMchid?: string
  subAppid?: string
  /** serial number of the merchant API certificate */
  serialNo: string
  /** the merchant API private key (apiclient_key.pem), PEM */
  privateKey: string
  /** platform certificate serial or PUB_KEY_ID_… -> public key PEM */
  platformKeys: Record<string, string>
}

/** 付款码 (merchant scans): query every 10 s up to 45 s, reverse not before 15 s (current v2 page [1]) */
export const WECHAT_RULES: QrRules = {pollEverySec: 10, pollWindowSec: 45, minRevokeAfterSec: 15, autoCloseSec: 45}

const TRADE_STATE: Record<string, QrState> = {
  SUCCESS: 'paid',
  REFUND: 'refunded',
  NOTPAY: 'pending',
  USERPAYING: 'pending',
  ACCEPT: 'pending',
  CLOSED: 'not-paid',
  REVOKED: 'not-paid',
  PAYERROR: 'not-paid',
}

const REFUND_STATUS: Record<string, QrRefundPhase> = {SUCCESS: 'succeeded', CLOSED: 'closed', PROCESSING: 'processing', ABNORMAL: 'abnormal'}

/** platform error code -> posdoc code, for answers that are not about the order itself */
export function wechatErrorCode(status: number, code: string | undefined): QrErrorCode {
  switch (code) {
    case 'SIGN_ERROR':
      return 'QR_SIGN_REJECTED'
    case 'NOAUTH':
    case 'MCH_NOT_EXISTS':
    case 'APPID_MCHID_NOT_MATCH':
      return 'QR_WRONG_MERCHANT'
    case 'FREQUENCY_LIMITED':
    case 'RATELIMIT_EXCEEDED':
      return 'QR_RATE_LIMITED'
    case 'SYSTEM_ERROR':
    case 'BANK_ERROR':
      return 'QR_PLATFORM_BUSY'
    case 'PARAM_ERROR':
    case 'INVALID_REQUEST':
      return 'QR_BAD_REQUEST'
    case 'ORDER_NOT_EXIST':
    case 'ORDERNOTEXIST':
    case 'RESOURCE_NOT_EXISTS':
      return 'QR_ORDER_NOT_FOUND'
  }
  if (status === 429) return 'QR_RATE_LIMITED'
  if (status >= 500) return 'QR_PLATFORM_BUSY'
  if (status === 401) return 'QR_SIGN_REJECTED'
  return 'QR_REFUSED'
}

type Checked = {ok: true; res: HttpResponse; body: Record<string, unknown>; evidence: QrEvidence} | {ok: false; state: QrState; error: QrError; evidence: QrEvidence}

export class WechatV3Provider implements QrProvider {
  readonly platform = 'wechat' as const
  readonly rules = WECHAT_RULES
  private readonly nonce: () => string

  constructor(
    private readonly cfg: WechatV3Config,
    private readonly deps: ProviderDeps,
  ) {
    this.nonce = deps.nonce ?? randomNonce
  }

  private get partner(): boolean {
    return this.cfg.mode === 'partner'
  }

  private merchantQuery(): string {
    return this.partner ? `sp_mchid=${encodeURIComponent(this.cfg.mchid)}&sub_mchid=${encodeURIComponent(this.cfg.subMchid ?? '')}` : `mchid=${encodeURIComponent(this.cfg.mchid)}`
  }

  private orderPath(ref: QrOrderRef): string {
    const base = this.partner ? '/v3/pay/partner/transactions' : '/v3/pay/transactions'
    // an unpaid order is only findable by out_trade_no [6]: prefer it
    return ref.outTradeNo ? `${base}/out-trade-no/${encodeURIComponent(ref.outTradeNo)}` : `${base}/id/${encodeURIComponent(ref.platformNo ?? '')}`
  }

  private merchantBody(withApp: boolean): Record<string, string> {
    if (this.partner) return {sp_mchid: this.cfg.mchid, sub_mchid: this.cfg.subMchid ?? '', ...(withApp ? {sp_appid: this.cfg.appid, ...(this.cfg.subAppid ? {sub_appid: this.cfg.subAppid} : {})} : {})}
    return {mchid: this.cfg.mchid, ...(withApp ? {appid: this.cfg.appid} : {})}
  }

  /** Send (re-signed per attempt), then check the answer's origin before reading a word of it. */
  private async call(call: string, method: 'GET' | 'POST', pathAndQuery: string, body?: string): Promise<Checked> {
    const {clock, http} = this.deps
    const sent = await sendWithRetry(
      http,
      clock,
      () => {
        const authorization = signWechatRequest({method, pathAndQuery, body: body ?? '', mchid: this.cfg.mchid, serialNo: this.cfg.serialNo, privateKey: this.cfg.privateKey, timestamp: Math.floor(clock.now() / 1000), nonce: this.nonce()})
        return {method, url: `${this.cfg.baseUrl}${pathAndQuery}`, headers: {authorization, accept: 'application/json', 'user-agent': 'posdoc', ...(body !== undefined ? {'content-type': 'application/json'} : {})}, ...(body !== undefined ? {body} : {})}
      },
      (res) => res.status >= 500,
    )
    if (!sent.ok) return {ok: false, state: 'could-not-ask', error: sent.error, evidence: evidenceOf(clock, call)}
    const {res} = sent
    const evidence = evidenceOf(clock, call, {http: res.status, ...(res.headers['request-id'] ? {requestId: res.headers['request-id']} : {})})
    const ts = res.headers['wechatpay-timestamp']
    const serial = res.headers['wechatpay-serial']
    const signature = res.headers['wechatpay-signature']
    const nonce = res.headers['wechatpay-nonce']
    if (!ts || !serial || !signature || !nonce) return {ok: false, state: 'uncertain', error: qrError('QR_RESPONSE_UNVERIFIED', {http: res.status, platformMessage: 'Wechatpay-* signature headers missing'}), evidence}
    const key = this.cfg.platformKeys[serial]
    if (!key) return {ok: false, state: 'uncertain', error: qrError('QR_UNKNOWN_PLATFORM_KEY', {http: res.status, platformMessage: `Wechatpay-Serial ${serial}`}), evidence}
    if (!/^\d+$/.test(ts) || Math.abs(Number(ts) - clock.now() / 1000) > WECHAT_MAX_CLOCK_OFFSET_SEC) {
      return {ok: false, state: 'could-not-ask', error: qrError('QR_CLOCK_SKEW', {http: res.status, platformMessage: `Wechatpay-Timestamp ${ts}`}), evidence}
    }
    // WECHATPAY/SIGNTEST/ probes and tampered bodies both end here [8]
    if (!rsaVerify(wechatResponseMessage(ts, nonce, res.body), signature, key)) {
      return {ok: false, state: 'uncertain', error: qrError('QR_RESPONSE_UNVERIFIED', {http: res.status}), evidence}
    }
    evidence.verified = true
    const parsed = res.body === '' ? {} : parseJson(res.body)
    if (!parsed) return {ok: false, state: 'could-not-ask', error: qrError('QR_BAD_RESPONSE', {http: res.status}), evidence}
    if (res.status >= 300 && res.status !== 202) {
      const code = str(parsed.code)
      evidence.platformCode = code
      const mapped = wechatErrorCode(res.status, code)
      const error = qrError(mapped, {http: res.status, ...(code ? {platformCode: code} : {}), ...(str(parsed.message) ? {platformMessage: str(parsed.message)} : {})})
      return {ok: false, state: mapped === 'QR_ORDER_NOT_FOUND' ? 'not-found' : 'could-not-ask', error, evidence}
    }
    return {ok: true, res, body: parsed, evidence}
  }

  async query(ref: QrOrderRef, opts: {expectedAmountCents?: number} = {}): Promise<QrOrderState> {
    const r = await this.call('query', 'GET', `${this.orderPath(ref)}?${this.merchantQuery()}`)
    if (!r.ok) return failedState(r.state, r.error, r.evidence, {...(ref.outTradeNo ? {outTradeNo: ref.outTradeNo} : {}), ...(ref.platformNo ? {platformNo: ref.platformNo} : {})})
    const {body, evidence, res} = r
    // 202 USERPAYING: the customer is entering the password [10]
    const platformStatus = res.status === 202 ? 'USERPAYING' : str(body.trade_state)
    evidence.platformStatus = platformStatus
    const amount = body.amount as {total?: unknown} | undefined
    const amountCents = typeof amount?.total === 'number' ? amount.total : undefined
    const state: QrOrderState = {
      state: (platformStatus && TRADE_STATE[platformStatus]) || 'uncertain',
      verified: true,
      errors: [],
      evidence,
      ...(platformStatus ? {platformStatus} : {}),
      outTradeNo: str(body.out_trade_no) ?? ref.outTradeNo,
      ...(str(body.transaction_id) ? {platformNo: str(body.transaction_id)} : {}),
      ...(amountCents !== undefined ? {amountCents} : {}),
      ...(str(body.success_time) ? {paidAt: str(body.success_time)} : {}),
    }
    if (!platformStatus || !TRADE_STATE[platformStatus]) state.errors.push(qrError('QR_BAD_RESPONSE', {platformMessage: `trade_state ${platformStatus ?? '(none)'}`}))
    return guardAnswer(state, ref, opts.expectedAmountCents, this.partner ? str(body.sub_mchid) : str(body.mchid), this.partner ? this.cfg.subMchid : this.cfg.mchid)
  }

  async close(ref: QrOrderRef): Promise<QrActionResult> {
    if (!ref.outTradeNo) return {action: 'close', outcome: 'refused', errors: [qrError('QR_BAD_REQUEST', {platformMessage: 'close needs the merchant order number'})], evidence: evidenceOf(this.deps.clock, 'close')}
    const r = await this.call('close', 'POST', `${this.orderPath(ref)}/close`, JSON.stringify(this.merchantBody(false)))
    return this.actionResult('close', r)
  }

  async revoke(ref: QrOrderRef): Promise<QrActionResult> {
    if (!ref.outTradeNo) return {action: 'revoke', outcome: 'refused', errors: [qrError('QR_BAD_REQUEST', {platformMessage: 'reverse needs the merchant order number'})], evidence: evidenceOf(this.deps.clock, 'revoke')}
    const r = await this.call('revoke', 'POST', `${this.orderPath(ref)}/reverse`, JSON.stringify(this.merchantBody(true)))
    return this.actionResult('revoke', r)
  }

  private actionResult(action: 'close' | 'revoke', r: Checked): QrActionResult {
    if (r.ok) return {action, outcome: 'done', errors: [], evidence: r.evidence}
    const code = r.error.platformCode
    let outcome: QrActionOutcome = r.state === 'could-not-ask' && (r.error.code === 'QR_SIGN_REJECTED' || r.error.code === 'QR_WRONG_MERCHANT' || r.error.code === 'QR_BAD_REQUEST') ? 'refused' : 'unknown'
    if (r.evidence.verified) {
      if (code === 'USERPAYING' || code === 'TRADE_ERROR') outcome = 'refused-paying'
      else if (code === 'ORDERPAID') outcome = 'refused-paid'
      // closing/reversing what is already closed/reversed: the goal state holds
      else if (code === 'ORDER_CLOSED' || code === 'ORDERCLOSED' || code === 'ORDERREVERSED') outcome = 'done'
      else if (r.error.code === 'QR_REFUSED' || r.state === 'not-found') outcome = 'refused'
    }
    return {action, outcome, errors: [r.error], evidence: r.evidence}
  }

  async refundStatus(ref: {outTradeNo?: string; refundNo: string}): Promise<QrRefundState> {
    const q = this.partner ? `?sub_mchid=${encodeURIComponent(this.cfg.subMchid ?? '')}` : ''
    const r = await this.call('refund-status', 'GET', `/v3/refund/domestic/refunds/${encodeURIComponent(ref.refundNo)}${q}`)
    if (!r.ok) {
      const phase: QrRefundPhase = r.state === 'not-found' ? 'not-found' : r.state === 'uncertain' ? 'uncertain' : 'could-not-ask'
      return {phase, refundNo: ref.refundNo, verified: r.evidence.verified, errors: [r.error], evidence: r.evidence}
    }
    const status = str(r.body.status)
    r.evidence.platformStatus = status
    const amount = r.body.amount as {refund?: unknown} | undefined
    return {
      phase: (status && REFUND_STATUS[status]) || 'uncertain',
      ...(status ? {platformStatus: status} : {}),
      refundNo: ref.refundNo,
      ...(typeof amount?.refund === 'number' ? {amountCents: amount.refund} : {}),
      verified: true,
      errors: [],
      evidence: r.evidence,
    }
  }

  async proveIdentity(knownOrder?: QrOrderRef): Promise<QrIdentityProof> {
    // GET /v3/certificates is harmless and answers only a merchant whose signature checks out
    const r = await this.call('identity', 'GET', '/v3/certificates')
    const errors: QrError[] = r.ok ? [] : [r.error]
    const evidence = [r.evidence]
    const signatureAccepted = r.ok
    let knownOrderFound: boolean | undefined
    if (signatureAccepted && knownOrder) {
      const q = await this.query(knownOrder)
      evidence.push(q.evidence)
      errors.push(...q.errors)
      knownOrderFound = q.verified && q.state !== 'not-found' && q.state !== 'could-not-ask' && q.state !== 'uncertain'
    }
    return {signatureAccepted, ...(knownOrderFound !== undefined ? {knownOrderFound} : {}), proven: identityProven(signatureAccepted, knownOrderFound, this.partner), errors, evidence}
  }
}
