/**
 * QR platform scenarios, one named fault each (in the style of the terminal simulator). Each
 * decides how the demo's in-doubt order (DEMO_ORDER) behaves and how the platform answers.
 */
export const QR_SCENARIOS = [
  'healthy',
  'user-paying',
  'user-abandons',
  'system-error-on-pay',
  'system-error-on-query',
  'drop-response',
  'sign-probe',
  'wrong-sub-merchant',
  'clock-skew',
  'maintenance',
  'limit-exceeded',
  'double-charge',
  'refund-abnormal',
] as const
export type QrScenario = (typeof QR_SCENARIOS)[number]

export const QR_SCENARIO_DESCRIPTIONS: Record<QrScenario, {en: string; zh: string}> = {
  healthy: {en: 'the in-doubt order was paid 3 s after it was created', zh: '待确认订单在创建 3 秒后已支付'},
  'user-paying': {en: 'the customer enters the password and pays 20 s after the order', zh: '顾客输入密码，订单创建 20 秒后支付成功'},
  'user-abandons': {en: 'the customer never pays; the platform closes the order (WeChat 45 s, Alipay 3 min)', zh: '顾客始终未支付；平台自动关单（微信 45 秒，支付宝 3 分钟）'},
  'system-error-on-pay': {en: "the pay call failed with a system error, but the order was in fact paid", zh: '支付请求报系统错误，但订单实际已支付'},
  'system-error-on-query': {en: 'the first N queries answer SYSTEM_ERROR (N = 2: retries get through; more: busy)', zh: '前 N 次查询返回系统错误（N=2 时重试可成功）'},
  'drop-response': {en: 'the first revoke/cancel is carried out, but its answer never arrives', zh: '第一次撤销已执行，但应答丢失'},
  'sign-probe': {en: 'the first answer carries a deliberately wrong signature (WECHATPAY/SIGNTEST/)', zh: '第一个应答带有故意错误的签名（WECHATPAY/SIGNTEST/）'},
  'wrong-sub-merchant': {en: "the orders belong to another sub-merchant: this merchant's queries find nothing", zh: '订单属于另一个子商户：以本商户身份查询不到'},
  'clock-skew': {en: "the platform's clock is 10 minutes ahead of this PC", zh: '平台时间比本机快 10 分钟'},
  maintenance: {en: 'every call answers "system busy / under maintenance"', zh: '所有请求都返回“系统繁忙 / 维护中”'},
  'limit-exceeded': {en: 'every call answers "too many requests"', zh: '所有请求都返回“请求过于频繁”'},
  'double-charge': {en: 'the customer paid twice: a second paid order of the same amount a minute later', zh: '顾客重复支付：一分钟后另有一笔同金额已支付订单'},
  'refund-abnormal': {en: 'the refund of the in-doubt order stays ABNORMAL (manual handling)', zh: '待确认订单的退款一直处于异常状态（需人工处理）'},
}

export function isQrScenario(s: string): s is QrScenario {
  return (QR_SCENARIOS as readonly string[]).includes(s)
}

/** the in-doubt order every scenario plays with: created 5 s before the simulator starts */
export const DEMO_ORDER = {outTradeNo: 'QRDEMO0001', amountCents: 1230, ageMs: 5_000} as const

export interface ScenarioBehaviour {
  /** ms after creation the customer pays; undefined: never */
  payAfterMs?: number
  /** queries answering SYSTEM_ERROR before the first real answer */
  failingQueries: number
  dropFirstAction: boolean
  signProbe: boolean
  /** orders are filed under another (sub-)merchant */
  foreignMerchant: boolean
  clockOffsetMs: number
  /** every call: busy / rate-limited */
  everyCall?: 'busy' | 'limited'
  secondCharge: boolean
  refundAbnormal: boolean
}

export function behaviourOf(s: QrScenario, opts: {failingQueries?: number} = {}): ScenarioBehaviour {
  const base: ScenarioBehaviour = {payAfterMs: 3_000, failingQueries: 0, dropFirstAction: false, signProbe: false, foreignMerchant: false, clockOffsetMs: 0, secondCharge: false, refundAbnormal: false}
  switch (s) {
    case 'user-paying':
      return {...base, payAfterMs: 20_000}
    case 'user-abandons': {
      const {payAfterMs: _never, ...rest} = base
      return rest
    }
    case 'system-error-on-query':
      return {...base, failingQueries: opts.failingQueries ?? 2}
    case 'drop-response': {
      const {payAfterMs: _never, ...rest} = base
      return {...rest, dropFirstAction: true}
    }
    case 'sign-probe':
      return {...base, signProbe: true}
    case 'wrong-sub-merchant':
      return {...base, foreignMerchant: true}
    case 'clock-skew':
      return {...base, clockOffsetMs: 10 * 60_000}
    case 'maintenance':
      return {...base, everyCall: 'busy'}
    case 'limit-exceeded':
      return {...base, everyCall: 'limited'}
    case 'double-charge':
      return {...base, secondCharge: true}
    case 'refund-abnormal':
      return {...base, refundAbnormal: true}
    default:
      return base
  }
}
