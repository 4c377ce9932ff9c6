/**
 * What to do about a scan-pay (QR) payment whose result is unknown, by the payment platforms'
 * own published rules (domain.md): WeChat Pay quick-pay is revoked automatically after about
 * 45 s unpaid and must not be revoked before about 15 s; Alipay face-to-face closes an unpaid
 * order after 3 minutes; NOTPAY / USERPAYING / ACCEPT / WAIT_BUYER_PAY are not final states.
 * The rule that matters most: never charge the customer again before the first order's state is final.
 */
export type QrPlatform = 'wechat' | 'alipay' | 'unionpay' | 'unknown'

/** What the merchant's app / back office shows for the order, in the platform's words. */
export type QrObservedState =
  | 'SUCCESS'
  | 'TRADE_SUCCESS'
  | 'TRADE_FINISHED'
  | 'CLOSED'
  | 'TRADE_CLOSED'
  | 'REVOKED'
  | 'REFUND'
  | 'NOTPAY'
  | 'USERPAYING'
  | 'ACCEPT'
  | 'WAIT_BUYER_PAY'
  | 'PAYERROR'
  | 'unknown'

export type QrDecision =
  /** the order is paid: deliver the goods; the missing notice is a display/notification problem */
  | 'paid'
  /** not final yet: wait, then check the order state again; do not charge again */
  | 'wait-and-query'
  /** final and not paid: the customer was not charged; a new payment is safe */
  | 'not-paid'
  /** cannot tell: check the order in the merchant app / platform back office before anything else */
  | 'check-backoffice'

export interface QrAdvice {
  decision: QrDecision
  /** seconds to wait before checking again (wait-and-query only) */
  waitSeconds?: number
  /** safe to take a new payment from the customer now */
  chargeAgainAllowed: boolean
  reason: {en: string; zh: string}
}

const FINAL_PAID = new Set<QrObservedState>(['SUCCESS', 'TRADE_SUCCESS', 'TRADE_FINISHED'])
const FINAL_NOT_PAID = new Set<QrObservedState>(['CLOSED', 'TRADE_CLOSED', 'REVOKED', 'PAYERROR'])
const PENDING = new Set<QrObservedState>(['NOTPAY', 'USERPAYING', 'ACCEPT', 'WAIT_BUYER_PAY'])

/** Seconds after which the platform itself ends an unpaid order (closes / revokes it). */
export const PLATFORM_AUTO_CLOSE_SECONDS: Record<QrPlatform, number | undefined> = {
  wechat: 45,
  alipay: 180,
  unionpay: undefined,
  unknown: undefined,
}

export function qrAdvice(o: {platform: QrPlatform; secondsSinceOrder: number; observed: QrObservedState}): QrAdvice {
  if (o.observed === 'REFUND') {
    return {
      decision: 'paid',
      chargeAgainAllowed: false,
      reason: {
        en: 'The order was paid and (partly) refunded: check the refund in the back office before anything else.',
        zh: '该订单已支付且已（部分）退款：请先在商户后台核对退款情况。',
      },
    }
  }
  if (FINAL_PAID.has(o.observed)) {
    return {
      decision: 'paid',
      chargeAgainAllowed: false,
      reason: {
        en: `The platform reports ${o.observed}: the customer has paid. Only the arrival notice is missing — do not charge again.`,
        zh: `支付平台显示 ${o.observed}：顾客已付款，只是没有到账提示——不要再次收款。`,
      },
    }
  }
  if (FINAL_NOT_PAID.has(o.observed)) {
    return {
      decision: 'not-paid',
      chargeAgainAllowed: true,
      reason: {
        en: `${o.observed} is a final state: this order was not paid. A new payment is safe.`,
        zh: `${o.observed} 是最终状态：该订单未付款，可以重新收款。`,
      },
    }
  }
  const closeAfter = PLATFORM_AUTO_CLOSE_SECONDS[o.platform]
  if (PENDING.has(o.observed) || o.observed === 'unknown') {
    if (closeAfter !== undefined && o.secondsSinceOrder < closeAfter + 15) {
      const wait = Math.max(5, Math.min(closeAfter + 15 - o.secondsSinceOrder, 60))
      return {
        decision: 'wait-and-query',
        waitSeconds: wait,
        chargeAgainAllowed: false,
        reason: {
          en: `${o.observed === 'unknown' ? 'The state is not known yet' : `${o.observed} is not a final state`}: the customer may still be paying (entering a password). ${platformName(o.platform).en} ends an unpaid order by itself after about ${closeAfter} s. Check the order again in ${wait} s; do not take a second payment meanwhile.`,
          zh: `${o.observed === 'unknown' ? '暂不清楚订单状态' : `${o.observed} 不是最终状态`}：顾客可能仍在支付（输入密码中）。${platformName(o.platform).zh}会在约 ${closeAfter} 秒后自动关闭未支付订单。请 ${wait} 秒后再查询订单；在此之前不要再次收款。`,
        },
      }
    }
    return {
      decision: 'check-backoffice',
      chargeAgainAllowed: false,
      reason: {
        en: `The order is ${o.secondsSinceOrder} s old and still not final here: look it up by its merchant order number in the ${platformName(o.platform).en} merchant app / back office (or ask the acquirer). Do not charge the customer again until it shows paid, closed or revoked.`,
        zh: `订单已过去 ${o.secondsSinceOrder} 秒仍无最终状态：请用商户订单号在${platformName(o.platform).zh}商户后台/App 查询（或联系收单机构）。在显示已支付、已关闭或已撤销之前，不要再次向顾客收款。`,
      },
    }
  }
  return {
    decision: 'check-backoffice',
    chargeAgainAllowed: false,
    reason: {en: 'Unrecognised order state: check the order in the back office.', zh: '无法识别的订单状态：请在商户后台查询该订单。'},
  }
}

function platformName(p: QrPlatform): {en: string; zh: string} {
  switch (p) {
    case 'wechat':
      return {en: 'WeChat Pay', zh: '微信支付'}
    case 'alipay':
      return {en: 'Alipay', zh: '支付宝'}
    case 'unionpay':
      return {en: 'UnionPay QR', zh: '云闪付'}
    default:
      return {en: 'the payment platform', zh: '支付平台'}
  }
}
