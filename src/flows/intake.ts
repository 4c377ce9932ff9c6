/**
 * What the flow asks the merchant: only what cannot be measured. Questions are static per symptom
 * (with conditions on earlier answers), so agent mode can list every missing answer id up front.
 */
import type {Question} from './prompter.js'
import type {SymptomId} from './symptoms.js'

export interface IntakeQuestion extends Question {
  /** asked only when this holds for the answers so far */
  when?: (answers: Record<string, unknown>) => boolean
}

const amount = (required: boolean): IntakeQuestion => ({
  id: 'amount',
  kind: 'input',
  message: {en: 'Amount of the payment in question (e.g. 25.80)', zh: '涉及的交易金额（例如 25.80）'},
  ...(required ? {} : {default: ''}),
  validate: (v) => (v === '' && !required ? undefined : /^\d{1,9}([.,]\d{1,2})?$/.test(v.trim()) ? undefined : 'a positive amount like 25.80'),
})

const when: IntakeQuestion = {
  id: 'when',
  kind: 'select',
  message: {en: 'Roughly when did it happen?', zh: '大约什么时候发生的？'},
  choices: [
    {value: 'minutes', en: 'within the last few minutes', zh: '几分钟内'},
    {value: 'hour', en: 'within the last hour', zh: '一小时内'},
    {value: 'today', en: 'earlier today', zh: '今天早些时候'},
    {value: 'yesterday', en: 'yesterday', zh: '昨天'},
    {value: 'older', en: 'before yesterday', zh: '更早'},
  ],
  default: 'minutes',
}

const receipt = (required: boolean): IntakeQuestion => ({
  id: 'receipt',
  kind: 'input',
  message: required
    ? {en: 'Receipt number (凭证号) printed on the slip', zh: '小票上的凭证号'}
    : {en: 'Receipt number (凭证号) if you have it (Enter = unknown / the last one)', zh: '凭证号（如有；直接回车表示不知道 / 最近一笔）'},
  ...(required ? {} : {default: ''}),
  validate: (v) => (v === '' && !required ? undefined : /^\d{1,6}$/.test(v.trim()) ? undefined : 'digits only, e.g. 0042'),
})

export const INTAKE: Record<SymptomId, IntakeQuestion[]> = {
  'credit-info-lost': [
    {
      id: 'method',
      kind: 'select',
      message: {en: 'How did the customer pay?', zh: '顾客用什么方式付款？'},
      choices: [
        {value: 'card', en: 'card (swipe / insert / tap)', zh: '刷卡 / 插卡 / 挥卡'},
        {value: 'qr', en: 'QR code (scan-pay)', zh: '扫码支付'},
      ],
      default: 'card',
    },
    amount(true),
    when,
    receipt(false),
  ],
  'scan-no-notice': [
    {
      id: 'platform',
      kind: 'select',
      message: {en: 'Which payment app did the customer use?', zh: '顾客用的是哪个支付应用？'},
      choices: [
        {value: 'wechat', en: 'WeChat Pay', zh: '微信支付'},
        {value: 'alipay', en: 'Alipay', zh: '支付宝'},
        {value: 'unionpay', en: 'UnionPay QR (Cloud QuickPass)', zh: '云闪付（银联二维码）'},
        {value: 'unknown', en: "don't know", zh: '不清楚'},
      ],
      default: 'unknown',
    },
    {
      id: 'minutesAgo',
      kind: 'number',
      message: {en: 'How many minutes ago did the customer pay? (0 = just now)', zh: '顾客付款是几分钟前？（0 = 刚刚）'},
      default: 0,
    },
    {
      id: 'observed',
      kind: 'select',
      message: {en: 'What does your merchant app / back office show for this order?', zh: '商户 App / 后台显示该订单是什么状态？'},
      choices: [
        {value: 'unknown', en: 'nothing / not checked', zh: '没有显示 / 没查'},
        {value: 'SUCCESS', en: 'paid (SUCCESS / TRADE_SUCCESS)', zh: '支付成功（SUCCESS / TRADE_SUCCESS）'},
        {value: 'USERPAYING', en: 'customer paying (USERPAYING / WAIT_BUYER_PAY)', zh: '用户支付中（USERPAYING / WAIT_BUYER_PAY）'},
        {value: 'NOTPAY', en: 'not paid (NOTPAY)', zh: '未支付（NOTPAY）'},
        {value: 'CLOSED', en: 'closed (CLOSED / TRADE_CLOSED)', zh: '已关闭（CLOSED / TRADE_CLOSED）'},
        {value: 'REVOKED', en: 'revoked (REVOKED)', zh: '已撤销（REVOKED）'},
      ],
      default: 'unknown',
    },
    amount(false),
  ],
  'paid-not-credited': [
    amount(true),
    {
      id: 'date',
      kind: 'input',
      message: {en: 'Date of the payment (YYYY-MM-DD, Enter = today)', zh: '交易日期（YYYY-MM-DD，直接回车 = 今天）'},
      default: '',
      validate: (v) => (v === '' || /^\d{4}-\d{2}-\d{2}$/.test(v.trim()) ? undefined : 'YYYY-MM-DD'),
    },
    {
      id: 'settlementFile',
      kind: 'input',
      message: {en: "Acquirer's settlement file (CSV) if you have one (Enter = none)", zh: '收单机构的结算/对账文件路径（CSV，如有；直接回车 = 没有）'},
      default: '',
    },
  ],
  'receipt-unusable': [
    receipt(false),
    {
      id: 'copy',
      kind: 'select',
      message: {en: 'Which copy do you need?', zh: '需要哪一联？'},
      choices: [
        {value: 'customer', en: 'customer copy', zh: '持卡人存根（顾客联）'},
        {value: 'merchant', en: 'merchant copy', zh: '商户存根（商户联）'},
      ],
      default: 'customer',
    },
  ],
  'void-failed': [
    receipt(true),
    {...amount(false), message: {en: 'Amount of the sale to void (Enter = take it from the terminal)', zh: '要撤销的消费金额（直接回车 = 以终端记录为准）'}},
  ],
  'terminal-offline': [],
  other: [
    {
      id: 'description',
      kind: 'input',
      message: {en: 'Describe the problem in a few words', zh: '请简单描述遇到的问题'},
      default: '',
    },
  ],
}

/** The intake questions that apply, given the answers so far. */
export function applicableIntake(symptom: SymptomId, answers: Record<string, unknown>): IntakeQuestion[] {
  return INTAKE[symptom].filter((q) => !q.when || q.when(answers))
}

/** Answer ids agent mode still needs: applicable, not answered, and without a default. */
export function missingAnswerIds(symptom: SymptomId, answers: Record<string, unknown>): string[] {
  return applicableIntake(symptom, answers)
    .filter((q) => !Object.hasOwn(answers, q.id) && q.default === undefined)
    .map((q) => q.id)
}

/** Parse an amount answer ("25.80", "25,8", "") to cents; undefined when blank. */
export function amountCents(v: unknown): number | undefined {
  const s = String(v ?? '').trim().replace(',', '.')
  if (s === '') return undefined
  return Math.round(Number(s) * 100)
}
