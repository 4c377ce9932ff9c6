/**
 * Alipay OpenAPI 2.0 gateway.do as the simulator plays it: common parameters from the URL and
 * the form body, RSA2 request verification with the app's registered key, answers as
 * {"<method>_response": {...}, "sign": "..."} with the node's exact text signed by the platform key.
 */
import {alipayResponseKey, alipaySignContent, parseAlipayTimestamp} from '../../qr/crypto/alipay.js'
import {rsaSign, rsaVerify} from '../../qr/crypto/rsa.js'
import {centsToYuan} from '../../qr/providers/common.js'
import type {QrPlatformContext, SimRequest, SimResponse} from './platform.js'
import {refundStatus, viewOrder} from './orders.js'

type Json = Record<string, unknown>

const beijing = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 19).replace('T', ' ')

function answer(ctx: QrPlatformContext, key: string, node: Json): SimResponse {
  const text = JSON.stringify(node)
  const sign = rsaSign(text, ctx.alipayPlatformKey)
  return {status: 200, headers: {'content-type': 'application/json;charset=utf-8', trace_id: ctx.nonce().slice(0, 24).toLowerCase()}, body: `{"${key}":${text},"sign":"${sign}"}`}
}

const ok = (extra: Json): Json => ({code: '10000', msg: 'Success', ...extra})
const err = (code: string, msg: string, subCode: string, subMsg: string): Json => ({code, msg, sub_code: subCode, sub_msg: subMsg})
const invalid = (sub: string, subMsg: string) => err('40002', 'Invalid Arguments', sub, subMsg)
const business = (sub: string, subMsg: string) => err('40004', 'Business Failed', sub, subMsg)

export function handleAlipay(ctx: QrPlatformContext, req: SimRequest): SimResponse {
  const url = new URL(req.url, 'https://sim.invalid')
  const params: Record<string, string> = {}
  for (const [k, v] of url.searchParams) params[k] = v
  if (req.body) for (const [k, v] of new URLSearchParams(req.body)) params[k] = v
  const method = params.method ?? ''
  const key = method ? alipayResponseKey(method) : 'error_response'
  if (ctx.behaviour.everyCall === 'busy') return answer(ctx, key, err('20000', 'Service Currently Unavailable', 'isp.unknow-error', '系统繁忙'))
  if (ctx.behaviour.everyCall === 'limited') return answer(ctx, key, business('aop.ACQ.CALL_LIMITED', '调用频率超限'))

  const app = ctx.alipayApps.get(params.app_id ?? '')
  if (!app) return answer(ctx, key, invalid('isv.invalid-app-id', '无效的AppID参数'))
  if (!params.sign) return answer(ctx, key, err('40001', 'Missing Required Arguments', 'isv.missing-signature', '缺少签名参数'))
  if (params.sign_type !== 'RSA2') return answer(ctx, key, invalid('isv.invalid-signature-type', '无效的签名类型'))
  if (!rsaVerify(alipaySignContent(params), params.sign, app.publicKey)) {
    return answer(ctx, key, invalid('isv.invalid-signature', `验签出错，建议检查签名字符串或签名私钥与应用公钥是否匹配，网关生成的验签字符串为：${alipaySignContent(params)}`))
  }
  const ts = parseAlipayTimestamp(params.timestamp ?? '')
  if (ts === undefined || Math.abs(ts - ctx.now()) > 5 * 60_000) return answer(ctx, key, invalid('isv.invalid-timestamp', '非法的时间戳参数'))
  let merchant = app.merchant
  if (params.app_auth_token) {
    const m = app.tokens.get(params.app_auth_token)
    if (!m) return answer(ctx, key, err('20001', 'Insufficient Token Permissions', 'aop.invalid-app-auth-token', '无效的应用授权令牌'))
    merchant = m
  }
  let biz: Json
  try {
    biz = JSON.parse(params.biz_content ?? '{}') as Json
  } catch {
    return answer(ctx, key, err('40001', 'Missing Required Arguments', 'isv.invalid-biz-content', 'biz_content 不是合法的 JSON'))
  }
  const outTradeNo = typeof biz.out_trade_no === 'string' ? biz.out_trade_no : undefined
  const tradeNo = typeof biz.trade_no === 'string' ? biz.trade_no : undefined
  if (!outTradeNo && !tradeNo) return answer(ctx, key, business('ACQ.INVALID_PARAMETER', '参数无效: out_trade_no 和 trade_no 不能同时为空'))
  // trade_no wins when both are given [42]
  const order = ctx.book.find(merchant, tradeNo ? {platformNo: tradeNo} : {outTradeNo: outTradeNo!})
  const now = ctx.now()
  const ids = order ? {trade_no: order.platformNo, out_trade_no: order.outTradeNo} : {}

  switch (method) {
    case 'alipay.trade.query': {
      if (ctx.failThisQuery()) return answer(ctx, key, business('ACQ.SYSTEM_ERROR', '系统错误'))
      if (!order) return answer(ctx, key, business('ACQ.TRADE_NOT_EXIST', '交易不存在'))
      const v = viewOrder(order, now)
      const paid = v.paidAt !== undefined
      return answer(ctx, key, ok({
        ...ids,
        buyer_logon_id: '159****5620',
        trade_status: v.status,
        total_amount: centsToYuan(order.amountCents),
        buyer_pay_amount: paid ? centsToYuan(order.amountCents) : '0.00',
        receipt_amount: paid ? centsToYuan(order.amountCents) : '0.00',
        ...(paid ? {send_pay_date: beijing(v.paidAt!), buyer_user_id: '2088102177846876'} : {}),
      }))
    }
    case 'alipay.trade.cancel': {
      // an unknown out_trade_no "cancels" (nothing to do); an unknown trade_no is an error [46]
      if (!order) return tradeNo ? answer(ctx, key, business('ACQ.TRADE_NOT_EXIST', '交易不存在')) : answer(ctx, key, ok({out_trade_no: outTradeNo, retry_flag: 'N', action: 'close'}))
      const v = viewOrder(order, now)
      let action = ''
      if (v.status === 'WAIT_BUYER_PAY') {
        order.closedAt = now
        action = 'close'
      } else if (v.status === 'TRADE_SUCCESS') {
        order.revokedAt = now
        action = 'refund'
      }
      if (ctx.dropThisAction('alipay', 'revoke', order.outTradeNo)) return {drop: true}
      return answer(ctx, key, ok({...ids, retry_flag: 'N', action}))
    }
    case 'alipay.trade.close': {
      if (!order) return answer(ctx, key, business('ACQ.TRADE_NOT_EXIST', '交易不存在'))
      const v = viewOrder(order, now)
      if (v.status !== 'WAIT_BUYER_PAY' && v.status !== 'TRADE_CLOSED') return answer(ctx, key, business('ACQ.TRADE_STATUS_ERROR', '交易状态不合法'))
      if (v.status === 'WAIT_BUYER_PAY') order.closedAt = now
      if (ctx.dropThisAction('alipay', 'close', order.outTradeNo)) return {drop: true}
      return answer(ctx, key, ok(ids))
    }
    case 'alipay.trade.fastpay.refund.query': {
      if (!order) return answer(ctx, key, business('ACQ.TRADE_NOT_EXIST', '交易不存在'))
      const requestNo = typeof biz.out_request_no === 'string' ? biz.out_request_no : order.outTradeNo
      const r = order.refunds.find((x) => x.outRefundNo === requestNo)
      // refund_status appears only once the refund succeeded [44]
      const settled = r !== undefined && refundStatus(r, now) === 'SUCCESS'
      return answer(ctx, key, ok({...ids, out_request_no: requestNo, total_amount: centsToYuan(order.amountCents), ...(r ? {refund_amount: centsToYuan(r.amountCents)} : {}), ...(settled ? {refund_status: 'REFUND_SUCCESS', gmt_refund_pay: beijing(r!.at + 60_000)} : {})}))
    }
    default:
      return answer(ctx, key, invalid('isv.invalid-method', `不存在的方法名 ${method}`))
  }
}

export const ALIPAY_GATEWAY_PATH = '/gateway.do'
