/**
 * Alipay OpenAPI 2.0 gateway (qr-notes §1.2): alipay.trade.query / cancel / close /
 * fastpay.refund.query, RSA2. Common parameters go in the URL, biz_content in the form body
 * (as the official SDK sends them); the answer's `<method>_response` node is verified with the
 * Alipay public key before anything in it is believed.
 */
import {randomUUID} from 'node:crypto'

import {alipayResponseKey, alipaySign, alipaySignedNode, alipayTimestamp} from '../crypto/alipay.js'
import {rsaVerify} from '../crypto/rsa.js'
import type {QrErrorCode} from '../errors.js'
import type {ProviderDeps, QrActionResult, QrError, QrEvidence, QrIdentityProof, QrOrderRef, QrOrderState, QrProvider, QrRefundState, QrRules, QrState} from '../types.js'
import {evidenceOf, failedState, guardAnswer, identityProven, parseJson, qrError, sendWithRetry, str, yuanToCents} from './common.js'

export interface AlipayConfig {
  /** https://openapi.alipay.com/gateway.do, or the simulator */
  gateway: string
  appId: string
  /** app private key, PEM (PKCS#1 or PKCS#8) */
  privateKey: string
  /** 支付宝公钥, PEM */
  alipayPublicKey: string
  /** an ISV acting for the merchant (the Alipay counterpart of sub_mchid) */
  appAuthToken?: string
}

/** 当面付: query every 3–6 s for ~60 s, cancel right after the last query; unpaid orders close at ~3 min [13][14] */
export const ALIPAY_RULES: QrRules = {pollEverySec: 5, pollWindowSec: 60, minRevokeAfterSec: 0, autoCloseSec: 180}

/** the public codes (10000 ok, 20000 busy, 20001 token, 40001 params, 40002 auth, 40004 business, 40006 permission) [45] */
export function alipayErrorCode(code: string | undefined, subCode: string | undefined): QrErrorCode {
  const sub = subCode ?? ''
  if (sub.endsWith('TRADE_NOT_EXIST')) return 'QR_ORDER_NOT_FOUND'
  if (sub === 'isv.invalid-signature' || sub === 'isv.missing-signature') return 'QR_SIGN_REJECTED'
  if (sub === 'isv.invalid-timestamp') return 'QR_CLOCK_SKEW'
  if (sub.endsWith('SYSTEM_ERROR') || code === '20000') return 'QR_PLATFORM_BUSY'
  if (sub === 'aop.ACQ.CALL_LIMITED' || sub.endsWith('CALL_LIMITED') || sub === 'isp.call-limited') return 'QR_RATE_LIMITED'
  if (code === '20001' || code === '40006' || sub === 'isv.invalid-app-id' || sub.startsWith('aop.invalid-app-auth-token')) return 'QR_WRONG_MERCHANT'
  if (code === '40001' || sub.endsWith('INVALID_PARAMETER')) return 'QR_BAD_REQUEST'
  return 'QR_REFUSED'
}

const TRADE_STATUS: Record<string, QrState> = {WAIT_BUYER_PAY: 'pending', TRADE_SUCCESS: 'paid', TRADE_FINISHED: 'paid', TRADE_CLOSED: 'not-paid'}

type Answer = {ok: true; node: Record<string, unknown>; evidence: QrEvidence} | {ok: false; state: QrState; error: QrError; evidence: QrEvidence}

export class AlipayProvider implements QrProvider {
  readonly platform = 'alipay' as const
  readonly rules = ALIPAY_RULES

  constructor(
    private readonly cfg: AlipayConfig,
    private readonly deps: ProviderDeps,
  ) {}

  private async call(call: string, method: string, biz: Record<string, string>): Promise<Answer> {
    const {clock, http} = this.deps
    const bizContent = JSON.stringify(biz)
    const key = alipayResponseKey(method)
    const busy = (body: string) => {
      const node = parseJson(body)?.[key] as Record<string, unknown> | undefined
      return node?.code === '20000' || String(node?.sub_code ?? '').endsWith('SYSTEM_ERROR')
    }
    const sent = await sendWithRetry(
      http,
      clock,
      () => {
        const common: Record<string, string> = {app_id: this.cfg.appId, method, format: 'JSON', charset: 'utf-8', sign_type: 'RSA2', timestamp: alipayTimestamp(clock.now()), version: '1.0', ...(this.cfg.appAuthToken ? {app_auth_token: this.cfg.appAuthToken} : {})}
        const sign = alipaySign({...common, biz_content: bizContent}, this.cfg.privateKey)
        const query = new URLSearchParams({...common, sign}).toString()
        return {method: 'POST', url: `${this.cfg.gateway}?${query}`, headers: {'content-type': 'application/x-www-form-urlencoded;charset=utf-8', accept: 'application/json', 'alipay-request-id': randomUUID().replaceAll('-', '')}, body: new URLSearchParams({biz_content: bizContent}).toString()}
      },
      (res) => res.status >= 500 || busy(res.body),
    )
    if (!sent.ok) return {ok: false, state: 'could-not-ask', error: sent.error, evidence: evidenceOf(clock, call)}
    const {res} = sent
    const evidence = evidenceOf(clock, call, {http: res.status, ...(res.headers['trace_id'] ? {requestId: res.headers['trace_id']} : {})})
    if (res.status !== 200) return {ok: false, state: 'could-not-ask', error: qrError(res.status >= 500 ? 'QR_PLATFORM_BUSY' : 'QR_BAD_RESPONSE', {http: res.status}), evidence}
    const whole = parseJson(res.body)
    const nodeKey = whole?.[key] !== undefined ? key : 'error_response'
    const signed = alipaySignedNode(res.body, nodeKey)
    if (!whole || !signed) return {ok: false, state: 'could-not-ask', error: qrError('QR_BAD_RESPONSE', {http: res.status}), evidence}
    const sign = str(whole.sign)
    if (!sign || !rsaVerify(signed, sign, this.cfg.alipayPublicKey)) return {ok: false, state: 'uncertain', error: qrError('QR_RESPONSE_UNVERIFIED', {http: res.status}), evidence}
    evidence.verified = true
    const node = whole[nodeKey] as Record<string, unknown>
    const code = str(node.code)
    const subCode = str(node.sub_code)
    evidence.platformCode = subCode ?? code
    if (code === '10000') return {ok: true, node, evidence}
    const mapped = alipayErrorCode(code, subCode)
    const error = qrError(mapped, {...(subCode || code ? {platformCode: subCode ?? code} : {}), ...(str(node.sub_msg) ?? str(node.msg) ? {platformMessage: str(node.sub_msg) ?? str(node.msg)} : {})})
    return {ok: false, state: mapped === 'QR_ORDER_NOT_FOUND' ? 'not-found' : 'could-not-ask', error, evidence}
  }

  private refBiz(ref: QrOrderRef): Record<string, string> {
    // trade_no wins when both are given [42]
    return {...(ref.outTradeNo ? {out_trade_no: ref.outTradeNo} : {}), ...(ref.platformNo ? {trade_no: ref.platformNo} : {})}
  }

  async query(ref: QrOrderRef, opts: {expectedAmountCents?: number} = {}): Promise<QrOrderState> {
    const r = await this.call('query', 'alipay.trade.query', this.refBiz(ref))
    if (!r.ok) return failedState(r.state, r.error, r.evidence, {...(ref.outTradeNo ? {outTradeNo: ref.outTradeNo} : {}), ...(ref.platformNo ? {platformNo: ref.platformNo} : {})})
    const {node, evidence} = r
    const status = str(node.trade_status)
    evidence.platformStatus = status
    let state: QrState = (status && TRADE_STATUS[status]) || 'uncertain'
    // TRADE_CLOSED after a payment is a full refund, not "never paid" [14]
    if (status === 'TRADE_CLOSED' && (str(node.send_pay_date) || str(node.gmt_payment))) state = 'refunded'
    const amountCents = yuanToCents(node.total_amount)
    const result: QrOrderState = {
      state,
      verified: true,
      errors: state === 'uncertain' ? [qrError('QR_BAD_RESPONSE', {platformMessage: `trade_status ${status ?? '(none)'}`})] : [],
      evidence,
      ...(status ? {platformStatus: status} : {}),
      outTradeNo: str(node.out_trade_no) ?? ref.outTradeNo,
      ...(str(node.trade_no) ? {platformNo: str(node.trade_no)} : {}),
      ...(amountCents !== undefined ? {amountCents} : {}),
      ...(str(node.send_pay_date) ? {paidAt: `${str(node.send_pay_date)!.replace(' ', 'T')}+08:00`} : {}),
    }
    if (ref.platformNo && result.platformNo && result.platformNo !== ref.platformNo) {
      return {...result, state: 'uncertain', errors: [...result.errors, qrError('QR_RESPONSE_UNVERIFIED', {platformMessage: `answer is about trade ${result.platformNo}`})]}
    }
    return guardAnswer(result, ref, opts.expectedAmountCents, undefined, undefined)
  }

  async revoke(ref: QrOrderRef): Promise<QrActionResult> {
    const r = await this.call('revoke', 'alipay.trade.cancel', this.refBiz(ref))
    if (!r.ok) return {action: 'revoke', outcome: definiteRefusal(r) ? 'refused' : 'unknown', errors: [r.error], evidence: r.evidence}
    // retry_flag=Y: the cancel did not go through and should be called again [43]
    if (str(r.node.retry_flag) === 'Y') return {action: 'revoke', outcome: 'refused', retry: true, errors: [], evidence: r.evidence}
    return {action: 'revoke', outcome: 'done', refunded: str(r.node.action) === 'refund', errors: [], evidence: r.evidence}
  }

  async close(ref: QrOrderRef): Promise<QrActionResult> {
    const r = await this.call('close', 'alipay.trade.close', this.refBiz(ref))
    if (r.ok) return {action: 'close', outcome: 'done', errors: [], evidence: r.evidence}
    // close is for WAIT_BUYER_PAY only: a paid trade answers TRADE_STATUS_ERROR
    const outcome = r.evidence.verified && r.error.platformCode === 'ACQ.TRADE_STATUS_ERROR' ? 'refused-paid' : definiteRefusal(r) ? 'refused' : 'unknown'
    return {action: 'close', outcome, errors: [r.error], evidence: r.evidence}
  }

  async refundStatus(ref: {outTradeNo?: string; refundNo: string}): Promise<QrRefundState> {
    const r = await this.call('refund-status', 'alipay.trade.fastpay.refund.query', {...(ref.outTradeNo ? {out_trade_no: ref.outTradeNo} : {}), out_request_no: ref.refundNo})
    if (!r.ok) return {phase: r.state === 'not-found' ? 'not-found' : r.state === 'uncertain' ? 'uncertain' : 'could-not-ask', refundNo: ref.refundNo, verified: r.evidence.verified, errors: [r.error], evidence: r.evidence}
    const status = str(r.node.refund_status)
    r.evidence.platformStatus = status
    const amountCents = yuanToCents(r.node.refund_amount)
    // no refund_status: not (yet) refunded [44]
    return {phase: status === 'REFUND_SUCCESS' ? 'succeeded' : 'processing', ...(status ? {platformStatus: status} : {}), refundNo: ref.refundNo, ...(amountCents !== undefined ? {amountCents} : {}), verified: true, errors: [], evidence: r.evidence}
  }

  async proveIdentity(knownOrder?: QrOrderRef): Promise<QrIdentityProof> {
    // a query for a number nobody uses: a verified TRADE_NOT_EXIST proves the app id, key and signature
    const probe = await this.query({outTradeNo: `posdoc-identity-${this.deps.clock.now()}`})
    const signatureAccepted = probe.verified && (probe.state === 'not-found' || probe.errors.length === 0)
    const errors = signatureAccepted ? [] : probe.errors
    const evidence = [probe.evidence]
    let knownOrderFound: boolean | undefined
    if (signatureAccepted && knownOrder) {
      const q = await this.query(knownOrder)
      evidence.push(q.evidence)
      errors.push(...q.errors)
      knownOrderFound = q.verified && ['pending', 'paid', 'refunded', 'not-paid'].includes(q.state)
    }
    return {signatureAccepted, ...(knownOrderFound !== undefined ? {knownOrderFound} : {}), proven: identityProven(signatureAccepted, knownOrderFound, this.cfg.appAuthToken !== undefined), errors, evidence}
  }
}

/** a verified refusal that is not about load: nothing happened */
function definiteRefusal(r: {state: QrState; error: QrError; evidence: QrEvidence}): boolean {
  return r.evidence.verified && r.error.code !== 'QR_PLATFORM_BUSY' && r.error.code !== 'QR_UNREACHABLE'
}
