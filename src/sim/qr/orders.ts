/**
 * The simulated platform's orders. An order's state is a function of its script (when the
 * customer pays, if ever) and the actions taken on it, read at the platform clock's `now`, so
 * virtual time needs no timers: WeChat 付款码 USERPAYING -> SUCCESS, or REVOKED by the platform at
 * 45 s; Native NOTPAY until closed; Alipay WAIT_BUYER_PAY -> TRADE_SUCCESS, or TRADE_CLOSED at
 * 180 s; refunds PROCESSING -> SUCCESS after 60 s (qr-notes §4, simulator).
 */
export type SimPlatform = 'wechat' | 'alipay'
export type SimOrderKind = 'micropay' | 'native'

export interface SimRefund {
  outRefundNo: string
  refundId: string
  amountCents: number
  at: number
  /** the refund never completes: WeChat ABNORMAL (manual handling) */
  abnormal?: boolean
}

export interface SimOrder {
  platform: SimPlatform
  kind: SimOrderKind
  /** whose order it is: mchid / sub_mchid (WeChat) or the merchant's app id (Alipay) */
  merchant: string
  outTradeNo: string
  platformNo: string
  amountCents: number
  createdAt: number
  /** when the customer completes the payment; undefined: never (abandons) */
  payAt?: number
  revokedAt?: number
  closedAt?: number
  refunds: SimRefund[]
  description: string
}

/** the platform's own auto-close of an unpaid order */
export const AUTO_CLOSE_MS: Record<SimPlatform, Record<SimOrderKind, number>> = {
  wechat: {micropay: 45_000, native: 2 * 3_600_000},
  alipay: {micropay: 180_000, native: 2 * 3_600_000},
}
export const REFUND_SETTLES_MS = 60_000

export interface OrderView {
  /** paid at (ms), if the payment happened before any revoke/close */
  paidAt?: number
  /** the platform's status word */
  status: string
  /** money went back to the customer (revoke of a paid order, or refunds) */
  refundedCents: number
}

function paidAt(o: SimOrder, now: number): number | undefined {
  if (o.payAt === undefined || o.payAt > now) return undefined
  const stop = Math.min(o.revokedAt ?? Infinity, o.closedAt ?? Infinity, o.createdAt + AUTO_CLOSE_MS[o.platform][o.kind])
  return o.payAt < stop ? o.payAt : undefined
}

export function viewOrder(o: SimOrder, now: number): OrderView {
  const paid = paidAt(o, now)
  const refundedCents = o.refunds.filter((r) => r.at <= now).reduce((s, r) => s + r.amountCents, 0) + (paid !== undefined && o.revokedAt !== undefined && o.revokedAt <= now ? o.amountCents : 0)
  const autoClosed = paid === undefined && now >= o.createdAt + AUTO_CLOSE_MS[o.platform][o.kind]
  const ended = (o.revokedAt !== undefined && o.revokedAt <= now) || (o.closedAt !== undefined && o.closedAt <= now)
  if (o.platform === 'wechat') {
    if (o.revokedAt !== undefined && o.revokedAt <= now) return {status: 'REVOKED', refundedCents, ...(paid !== undefined ? {paidAt: paid} : {})}
    if (paid !== undefined) return {status: refundedCents > 0 ? 'REFUND' : 'SUCCESS', paidAt: paid, refundedCents}
    if (o.closedAt !== undefined && o.closedAt <= now) return {status: 'CLOSED', refundedCents}
    // the platform revokes an unpaid 付款码 order itself at ~45 s [12]
    if (autoClosed) return {status: o.kind === 'micropay' ? 'REVOKED' : 'CLOSED', refundedCents}
    return {status: o.kind === 'micropay' ? 'USERPAYING' : 'NOTPAY', refundedCents}
  }
  if (paid !== undefined) {
    // a cancelled (or fully refunded) paid trade reads TRADE_CLOSED with its payment date [14]
    if (ended || refundedCents >= o.amountCents) return {status: 'TRADE_CLOSED', paidAt: paid, refundedCents}
    return {status: 'TRADE_SUCCESS', paidAt: paid, refundedCents}
  }
  if (ended || autoClosed) return {status: 'TRADE_CLOSED', refundedCents}
  return {status: 'WAIT_BUYER_PAY', refundedCents}
}

export function refundStatus(r: SimRefund, now: number): 'PROCESSING' | 'SUCCESS' | 'ABNORMAL' {
  if (now - r.at < REFUND_SETTLES_MS) return 'PROCESSING'
  return r.abnormal ? 'ABNORMAL' : 'SUCCESS'
}

export class SimOrderBook {
  private readonly byOutTradeNo = new Map<string, SimOrder>()
  private readonly byPlatformNo = new Map<string, SimOrder>()

  add(o: SimOrder): SimOrder {
    this.byOutTradeNo.set(`${o.merchant}\0${o.outTradeNo}`, o)
    this.byPlatformNo.set(`${o.merchant}\0${o.platformNo}`, o)
    return o
  }

  /** only the merchant's own orders are visible: another merchant's number is "not found" */
  find(merchant: string, ref: {outTradeNo?: string; platformNo?: string}): SimOrder | undefined {
    if (ref.platformNo) return this.byPlatformNo.get(`${merchant}\0${ref.platformNo}`)
    if (ref.outTradeNo) return this.byOutTradeNo.get(`${merchant}\0${ref.outTradeNo}`)
    return undefined
  }

  findRefund(merchant: string, outRefundNo: string): {order: SimOrder; refund: SimRefund} | undefined {
    for (const order of this.byOutTradeNo.values()) {
      if (order.merchant !== merchant) continue
      const refund = order.refunds.find((r) => r.outRefundNo === outRefundNo)
      if (refund) return {order, refund}
    }
    return undefined
  }

  all(): SimOrder[] {
    return [...this.byOutTradeNo.values()].sort((a, b) => a.createdAt - b.createdAt)
  }
}
