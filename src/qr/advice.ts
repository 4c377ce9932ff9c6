/** What the merchant does and tells the customer, from the latest verified state (qr-notes §5). */
import {pick, type Lang} from '../i18n/index.js'
import type {QrOrderState, QrPlatform} from './types.js'

export interface QrAdvice {
  /** the decision rule of qr-notes §5 */
  rule: string
  do: string
  say: string
}

type T = {en: string; zh: string}
const R: Record<string, {do: T; say: T}> = {
  R1: {do: {en: 'Paid: hand over the goods, never charge again; then fix the arrival notice (speaker / notification)', zh: '已支付：交付商品，切勿重复收款；之后再排查到账提醒（音箱 / 通知）'}, say: {en: 'Your payment has arrived, thank you', zh: '已收到您的付款，谢谢'}},
  R2: {do: {en: 'Still open: the customer may be entering the password; wait and query again, do not charge again', zh: '尚未完成：顾客可能正在输入密码；稍候再查，不要重复收款'}, say: {en: 'Please finish on your phone (password)', zh: '请在手机上完成支付（输入密码）'}},
  R7: {do: {en: 'Final, not paid: safe to take a new payment with a NEW order number', zh: '已终结且未支付：可以用新的订单号重新收款'}, say: {en: "That one didn't go through, please pay again", zh: '刚才这笔没有成功，请重新付款'}},
  R8: {do: {en: 'Not confirmed: no goods on credit, no second charge; escalate to the payment provider with the case report', zh: '无法确认：不要赊账交货，也不要重复收款；带上案例报告联系支付服务商'}, say: {en: "The payment provider must confirm; we'll contact you", zh: '付款结果需要支付机构确认，确认后我们联系您'}},
  R9: {do: {en: "Not found under this merchant: ask the customer for the bill's 交易单号/商户单号 and query by it; if it is not ours, the customer paid another payee: escalate to the provider", zh: '本商户下查无此单：请顾客提供账单中的交易单号/商户单号再查；若不属于本店，说明付给了其他收款方，请联系支付服务商'}, say: {en: "The payment didn't reach our account; we'll help you contact the provider", zh: '您的付款没有到本店账户，我们帮您联系支付机构'}},
  R10: {do: {en: 'Not found: the order may not be created yet (query again within a minute), or posdoc is not asking as the shop\'s merchant (posdoc qr profile test NAME --known-order N); do not charge again until then', zh: '未查到：订单可能尚未创建（一分钟内再查），或当前配置不是本店商户（posdoc qr profile test NAME --known-order N）；在此之前不要重复收款'}, say: {en: 'Please wait, we are confirming the payment', zh: '请稍等，正在确认付款结果'}},
  R12: {do: {en: 'Refunded (fully or partly): the money goes back the way it came; a refund in progress needs time', zh: '已退款（全部或部分）：款项原路退回；处理中的退款需要时间'}, say: {en: 'The refund goes back to your account: ~5 min to balance, 1–3 working days to a card', zh: '退款原路退回：零钱约 5 分钟，银行卡 1–3 个工作日'}},
  R14: {do: {en: 'The platform is busy or cannot be reached: do not retry payments blindly; query again in a few minutes', zh: '平台繁忙或无法连接：不要盲目重复收款；几分钟后再查'}, say: {en: 'The payment system is busy, please wait a moment', zh: '支付系统繁忙，请稍候'}},
}

export function adviceFor(order: QrOrderState, lang?: Lang, opts: {identityProven?: boolean; platform?: QrPlatform} = {}): QrAdvice {
  const rule = ruleFor(order, opts)
  const r = R[rule]!
  return {rule, do: pick(r.do, lang), say: pick(r.say, lang)}
}

function ruleFor(order: QrOrderState, opts: {identityProven?: boolean}): string {
  switch (order.state) {
    case 'paid':
      return 'R1'
    case 'refunded':
      return 'R12'
    case 'not-paid':
      return 'R7'
    case 'pending':
      return 'R2'
    case 'not-found':
      // "not found" only means "not ours / never paid" once the identity is proven
      return opts.identityProven ? 'R9' : 'R10'
    case 'could-not-ask': {
      const code = order.errors[0]?.code
      return code === 'QR_PLATFORM_BUSY' || code === 'QR_RATE_LIMITED' || code === 'QR_UNREACHABLE' ? 'R14' : 'R8'
    }
    default:
      return 'R8'
  }
}
