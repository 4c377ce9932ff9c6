/**
 * WeChat Pay API v3 as the simulator plays it: the direct and partner routes for query, close,
 * reverse, refund query and /v3/certificates; every request's Authorization verified with the
 * merchant's registered key (401 SIGN_ERROR with the truncated sign message otherwise); every
 * answer signed with the platform public-key id (Wechatpay-* headers) and a Request-ID.
 */
import {parseWechatAuthorization, wechatRequestMessage, wechatResponseMessage, WECHAT_MAX_CLOCK_OFFSET_SEC} from '../../qr/crypto/wechat-v3.js'
import {rsaSign, rsaVerify} from '../../qr/crypto/rsa.js'
import {SIM_IDS, type QrPlatformContext, type SimRequest, type SimResponse} from './platform.js'
import {refundStatus, viewOrder, type SimOrder} from './orders.js'

type Json = Record<string, unknown>

function beijing(ms: number): string {
  return `${new Date(ms + 8 * 3_600_000).toISOString().slice(0, 19)}+08:00`
}

function answer(ctx: QrPlatformContext, status: number, payload: Json | undefined): SimResponse {
  const body = payload === undefined ? '' : JSON.stringify(payload)
  const timestamp = String(Math.floor(ctx.now() / 1000))
  const nonce = ctx.nonce()
  // the platform tests merchants' verification with deliberately wrong signatures [8]
  const signature = ctx.probeThisResponse() ? `WECHATPAY/SIGNTEST/${Buffer.from(nonce).toString('base64')}` : rsaSign(wechatResponseMessage(timestamp, nonce, body), ctx.wechatPlatformKey)
  return {
    status,
    headers: {
      ...(body ? {'content-type': 'application/json; charset=utf-8'} : {}),
      'request-id': `08${timestamp}${nonce.slice(0, 16)}`,
      'wechatpay-nonce': nonce,
      'wechatpay-signature': signature,
      'wechatpay-timestamp': timestamp,
      'wechatpay-serial': SIM_IDS.wechat.platformKeyId,
    },
    body,
  }
}

const fail = (ctx: QrPlatformContext, status: number, code: string, message: string, detail?: Json): SimResponse => answer(ctx, status, {code, message, ...(detail ? {detail} : {})})

/** the caller's merchant, or the 401 the platform sends */
function authenticate(ctx: QrPlatformContext, req: SimRequest, path: string): {mchid: string} | SimResponse {
  const auth = parseWechatAuthorization(req.headers.authorization)
  const merchant = auth ? ctx.wechatMerchants.get(auth.mchid) : undefined
  const message = auth ? wechatRequestMessage(req.method, req.url, auth.timestamp, auth.nonce, req.body) : ''
  const signError = (issue: string) =>
    fail(ctx, 401, 'SIGN_ERROR', '签名错误', {
      detail: {issue},
      field: 'signature',
      location: 'authorization',
      sign_information: {method: req.method, url: path, sign_message_length: message.length, truncated_sign_message: message.slice(0, 64)},
    })
  if (!auth || !merchant) return signError('Authorization missing, malformed, or unknown mchid')
  if (auth.serialNo !== merchant.serialNo) return signError('serial_no is not the merchant certificate')
  if (Math.abs(auth.timestamp - ctx.now() / 1000) > WECHAT_MAX_CLOCK_OFFSET_SEC) return signError('timestamp expired')
  if (!rsaVerify(message, auth.signature, merchant.publicKey)) return signError('sign not match')
  return {mchid: auth.mchid}
}

function orderJson(ctx: QrPlatformContext, o: SimOrder, partner: boolean, mchid: string): Json {
  const v = viewOrder(o, ctx.now())
  const paid = v.paidAt !== undefined
  const desc: Record<string, string> = {SUCCESS: '支付成功', REFUND: '转入退款', NOTPAY: '未支付', CLOSED: '已关闭', REVOKED: '已撤销（付款码支付）', USERPAYING: '用户支付中（付款码支付）', PAYERROR: '支付失败'}
  return {
    ...(partner ? {sp_appid: SIM_IDS.wechat.appid, sp_mchid: mchid, sub_mchid: o.merchant} : {appid: SIM_IDS.wechat.appid, mchid}),
    out_trade_no: o.outTradeNo,
    ...(paid ? {transaction_id: o.platformNo, bank_type: 'OTHERS', success_time: beijing(v.paidAt!), payer: partner ? {sp_openid: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o'} : {openid: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o'}} : {}),
    trade_type: o.kind === 'micropay' ? 'MICROPAY' : 'NATIVE',
    trade_state: v.status,
    trade_state_desc: desc[v.status] ?? v.status,
    attach: '',
    amount: {total: o.amountCents, currency: 'CNY', ...(paid ? {payer_total: o.amountCents, payer_currency: 'CNY'} : {})},
  }
}

export function handleWechat(ctx: QrPlatformContext, req: SimRequest): SimResponse {
  const url = new URL(req.url, 'https://sim.invalid')
  const path = url.pathname
  if (ctx.behaviour.everyCall === 'busy') return fail(ctx, 500, 'SYSTEM_ERROR', '系统繁忙，请稍后重试')
  if (ctx.behaviour.everyCall === 'limited') return fail(ctx, 429, 'FREQUENCY_LIMITED', '请求频率超限，请降低请求接口频率')
  const who = authenticate(ctx, req, path)
  if ('status' in who || 'drop' in who) return who
  const merchant = ctx.wechatMerchants.get(who.mchid)!

  if (req.method === 'GET' && path === '/v3/certificates') return answer(ctx, 200, {data: []})

  const refund = /^\/v3\/refund\/domestic\/refunds\/([^/]+)$/.exec(path)
  if (req.method === 'GET' && refund) {
    const sub = url.searchParams.get('sub_mchid')
    const owner = sub ?? who.mchid
    if (sub && !merchant.subMchids.includes(sub)) return fail(ctx, 403, 'NOAUTH', '服务商与子商户无受理关系')
    const found = ctx.book.findRefund(owner, decodeURIComponent(refund[1]!))
    if (!found) return fail(ctx, 404, 'RESOURCE_NOT_EXISTS', '退款单不存在')
    const {order, refund: r} = found
    const status = refundStatus(r, ctx.now())
    return answer(ctx, 200, {
      refund_id: r.refundId,
      out_refund_no: r.outRefundNo,
      transaction_id: order.platformNo,
      out_trade_no: order.outTradeNo,
      channel: 'ORIGINAL',
      user_received_account: '支付用户零钱',
      ...(status === 'SUCCESS' ? {success_time: beijing(r.at + 60_000)} : {}),
      create_time: beijing(r.at),
      status,
      funds_account: 'AVAILABLE',
      amount: {total: order.amountCents, refund: r.amountCents, payer_total: order.amountCents, payer_refund: r.amountCents, currency: 'CNY'},
    })
  }

  const m = /^\/v3\/pay\/(partner\/)?transactions\/(out-trade-no|id)\/([^/]+)(\/close|\/reverse)?$/.exec(path)
  if (!m) return fail(ctx, 404, 'NOT_FOUND', '请求的资源不存在')
  const partner = m[1] !== undefined
  const byId = m[2] === 'id'
  const number = decodeURIComponent(m[3]!)
  const action = m[4]?.slice(1)
  let body: Json = {}
  if (req.method === 'POST') {
    try {
      body = JSON.parse(req.body || '{}') as Json
    } catch {
      return fail(ctx, 400, 'PARAM_ERROR', '请求体不是合法的 JSON')
    }
  }
  const param = (k: string) => (req.method === 'GET' ? url.searchParams.get(k) ?? undefined : typeof body[k] === 'string' ? (body[k] as string) : undefined)
  // the merchant in the parameters must be the one that signed
  const mchid = param(partner ? 'sp_mchid' : 'mchid')
  if (mchid !== who.mchid) return fail(ctx, 400, 'INVALID_REQUEST', `${partner ? 'sp_mchid' : 'mchid'}与请求头中的商户号不一致`)
  let owner = who.mchid
  if (partner) {
    const sub = param('sub_mchid')
    if (!sub) return fail(ctx, 400, 'PARAM_ERROR', '缺少参数sub_mchid')
    if (!merchant.subMchids.includes(sub)) return fail(ctx, 403, 'NOAUTH', '服务商与子商户无受理关系')
    owner = sub
  }

  if (req.method === 'GET' && !action) {
    if (ctx.failThisQuery()) return fail(ctx, 500, 'SYSTEM_ERROR', '系统错误')
    const order = ctx.book.find(owner, byId ? {platformNo: number} : {outTradeNo: number})
    // an unpaid order has no transaction_id yet: only out_trade_no finds it [6]
    if (!order || (byId && viewOrder(order, ctx.now()).paidAt === undefined)) return fail(ctx, 404, 'ORDER_NOT_EXIST', '订单不存在')
    return answer(ctx, 200, orderJson(ctx, order, partner, who.mchid))
  }
  if (req.method !== 'POST' || !action || byId) return fail(ctx, 404, 'NOT_FOUND', '请求的资源不存在')

  const order = ctx.book.find(owner, {outTradeNo: number})
  if (!order) return fail(ctx, 404, 'ORDER_NOT_EXIST', '订单不存在')
  const now = ctx.now()
  const view = viewOrder(order, now)
  if (action === 'close') {
    if (view.paidAt !== undefined) return fail(ctx, 400, 'ORDERPAID', '订单已支付')
    if (view.status === 'CLOSED' || view.status === 'REVOKED') return fail(ctx, 400, 'ORDER_CLOSED', '订单已关闭')
    order.closedAt = now
    return ctx.dropThisAction('wechat', 'close', order.outTradeNo) ? {drop: true} : answer(ctx, 204, undefined)
  }
  // reverse: 付款码 orders only; refused while the customer is still paying [4]; refunds a paid order [2]
  if (order.kind !== 'micropay') return fail(ctx, 400, 'INVALID_REQUEST', '非付款码订单不能撤销，请使用关单')
  if (view.status === 'USERPAYING') return fail(ctx, 403, 'TRADE_ERROR', '正在支付中不能发起撤销，请稍后查询订单')
  if (view.status !== 'REVOKED' && view.status !== 'CLOSED') order.revokedAt = now
  if (ctx.dropThisAction('wechat', 'revoke', order.outTradeNo)) return {drop: true}
  return answer(ctx, 200, {...(partner ? {sp_mchid: who.mchid, sub_mchid: owner} : {mchid: who.mchid}), out_trade_no: order.outTradeNo})
}
