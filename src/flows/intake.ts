/**
 * What the flow asks the merchant: only what cannot be measured. Questions are static per symptom
 * (with conditions on earlier answers), so agent mode can list every missing answer id up front.
 * Amounts and slip numbers are read by the domain rules (src/domain/), exactly as everywhere else.
 */
import {existsSync, statSync} from 'node:fs'

import {parseAmount} from '../domain/money.js'
import {parseTransactionRef} from '../domain/numbers.js'
import type {Answers} from '../verdict/index.js'
import type {Question} from './prompter.js'
import type {SymptomId} from './symptoms.js'
import {NOT_CONNECTED} from './terminal-choice.js'

export interface IntakeQuestion extends Question {
  /** asked only when this holds for the answers so far */
  when?: (answers: Record<string, unknown>) => boolean
}

const noLink = (a: Record<string, unknown>) => a.terminal === NOT_CONNECTED

const amount = (required: boolean): IntakeQuestion => ({
  id: 'amount',
  kind: 'input',
  message: {en: 'Amount of the payment in question (e.g. 25.80 or ¥25.80)', zh: '涉及的交易金额（例如 25.80 或 ¥25.80）'},
  ...(required ? {} : {default: ''}),
  validate: (v) => (v.trim() === '' && !required ? undefined : parseAmount(v) !== undefined ? undefined : {zh: '一个大于 0 的金额，例如 25.80', en: 'a positive amount like 25.80'}),
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
  default: 'today',
}

const refHelp = {
  en: 'the 6-digit trace number (凭证号, e.g. 000083) or the 4-digit receipt number on the slip',
  zh: '小票上的凭证号（6 位，例如 000083）或票据号（4 位）',
}

const receipt = (required: boolean, blank: {en: string; zh: string}): IntakeQuestion => ({
  id: 'receipt',
  kind: 'input',
  message: required ? {en: `Number on the slip: ${refHelp.en}`, zh: `小票上的号码：${refHelp.zh}`} : {en: `Number on the slip: ${refHelp.en} (${blank.en})`, zh: `小票上的号码：${refHelp.zh}（${blank.zh}）`},
  ...(required ? {} : {default: ''}),
  validate: (v) => (v.trim() === '' && !required ? undefined : parseTransactionRef(v) ? undefined : {zh: '1 到 6 位数字，例如 000083', en: '1 to 6 digits, e.g. 000083'}),
})

/** A path as typed or dropped into the window: quotes from drag-and-drop and a file:// prefix removed. */
export function cleanPath(v: string): string {
  let s = v.trim()
  if ((s.startsWith('"') && s.endsWith('"')) || (s.startsWith("'") && s.endsWith("'"))) s = s.slice(1, -1)
  if (s.startsWith('file://')) s = decodeURIComponent(s.slice('file://'.length))
  return s.replaceAll('\\ ', ' ')
}

const settlementFile: IntakeQuestion = {
  id: 'settlementFile',
  kind: 'input',
  message: {en: "Acquirer's settlement file (CSV) if you have one — you may drag it here (Enter = none)", zh: '收单机构的结算/对账文件（CSV，如有；可直接拖入本窗口；直接回车 = 没有）'},
  default: '',
  validate: (v) => {
    const p = cleanPath(v)
    if (p === '') return undefined
    return existsSync(p) && statSync(p).isFile() ? undefined : {zh: '找不到这个文件，请检查路径（或直接回车跳过）', en: 'no such file: check the path (or press Enter to skip)'}
  },
}

/** Not connected to this PC: what the terminal itself shows, read by the merchant. */
const terminalShows: IntakeQuestion = {
  id: 'terminalShows',
  kind: 'select',
  when: noLink,
  message: {
    en: "On the terminal, open the transaction query (or print the last transaction / the detail list). What does it show for this payment?",
    zh: '请在终端上进入交易查询（或打印最后一笔 / 交易明细）。这笔付款显示的是什么？',
  },
  choices: [
    {value: 'approved', en: 'approved (交易成功 / 00)', zh: '交易成功（应答码 00）'},
    {value: 'declined', en: 'declined / failed', zh: '交易失败 / 被拒绝'},
    {value: 'reversed', en: 'reversed or voided (冲正 / 撤销)', zh: '已冲正 / 已撤销'},
    {value: 'not-listed', en: 'it is not in the list', zh: '列表里没有这笔'},
    {value: 'unknown', en: "I can't check / the terminal does not answer", zh: '无法查看 / 终端无响应'},
  ],
  default: 'unknown',
}

const voidShows: IntakeQuestion = {
  id: 'voidShows',
  kind: 'select',
  when: noLink,
  message: {en: 'What did the terminal show when the void failed?', zh: '撤销失败时终端显示了什么？'},
  choices: [
    {value: 'busy', en: 'busy / please wait', zh: '终端忙 / 请稍候'},
    {value: 'no-connection', en: 'no connection / communication failed', zh: '无法连接 / 通讯失败'},
    {value: 'activation', en: 'activation required', zh: '需要激活'},
    {value: 'end-of-day', en: 'settlement (end-of-day) required first', zh: '需要先结算'},
    {value: 'not-possible', en: 'void not possible / already settled', zh: '不能撤销 / 已结算'},
    {value: 'original-not-found', en: 'original transaction not found', zh: '原交易不存在'},
    {value: 'no-answer', en: 'it froze or restarted during the void', zh: '撤销中死机或重启'},
    {value: 'other', en: 'something else', zh: '其他'},
  ],
  default: 'other',
}

const slipShows: IntakeQuestion = {
  id: 'slipShows',
  kind: 'select',
  when: noLink,
  message: {
    en: "On the terminal use the reprint menu (重打印 → any transaction, enter the 凭证号). What happened?",
    zh: '请在终端上使用重打印菜单（重打印 → 任意一笔，输入凭证号）。结果如何？',
  },
  choices: [
    {value: 'printed', en: 'the slip printed', zh: '小票已打印'},
    {value: 'paper-out', en: 'nothing printed / out of paper', zh: '没有打印 / 缺纸'},
    {value: 'not-found', en: 'the terminal cannot find it', zh: '终端找不到这笔'},
  ],
  default: 'not-found',
}

const qrQuestions: IntakeQuestion[] = [
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
    message: {
      en: 'Look the order up once in your collection app (WeChat: 微信支付商家助手; Alipay: 支付宝商家 app) by time and amount. What does it show?',
      zh: '请在收款 App 中按时间和金额查一次该订单（微信：微信支付商家助手；支付宝：支付宝商家 App）。显示什么？',
    },
    choices: [
      {value: 'not-checked', en: "I can't look it up now", zh: '现在无法查询'},
      {value: 'not-found', en: 'no such order', zh: '查不到这笔订单'},
      {value: 'SUCCESS', en: 'paid (SUCCESS / TRADE_SUCCESS)', zh: '支付成功'},
      {value: 'USERPAYING', en: 'customer paying / waiting for payment (USERPAYING / NOTPAY / WAIT_BUYER_PAY)', zh: '用户支付中 / 待支付'},
      {value: 'CLOSED', en: 'closed (CLOSED / TRADE_CLOSED)', zh: '已关闭'},
      {value: 'REVOKED', en: 'revoked (REVOKED)', zh: '已撤销'},
      {value: 'PAYERROR', en: 'payment failed', zh: '支付失败'},
      {value: 'limit', en: 'failed: limit or balance (限额 / 余额不足)', zh: '失败：限额 / 余额不足'},
      {value: 'REFUND', en: 'refunded', zh: '已退款'},
    ],
    default: 'not-checked',
  },
  {
    id: 'customerPaid',
    kind: 'select',
    when: (a) => a.observed === 'not-found' || a.observed === 'not-checked' || a.observed === 'unknown',
    message: {en: "Does the customer's app show this payment as successful?", zh: '顾客手机上这笔付款显示成功了吗？'},
    choices: [
      {value: 'yes', en: 'yes, it shows paid', zh: '是，显示已付款'},
      {value: 'no', en: 'no / not sure', zh: '没有 / 不确定'},
    ],
    default: 'no',
  },
  {
    id: 'orderNumber',
    kind: 'input',
    message: {
      en: "Order number if you have it (cashier screen, receipt, or the customer's bill: 商户单号 / 交易单号; Enter = none)",
      zh: '订单号（如有：收银屏幕、小票或顾客账单上的商户单号 / 交易单号；直接回车 = 没有）',
    },
    default: '',
  },
  amount(false),
]

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
    ...qrQuestions.filter((q) => q.id !== 'amount').map((q) => ({...q, when: (a: Record<string, unknown>) => a.method === 'qr' && (!q.when || q.when(a))})),
    {...amount(true), when: (a) => a.method !== 'qr'},
    {...amount(false), when: (a) => a.method === 'qr'},
    {...when, when: (a) => a.method !== 'qr'},
    {...receipt(false, {en: 'Enter = not known', zh: '直接回车 = 不知道'}), when: (a) => a.method !== 'qr'},
    {...terminalShows, when: (a) => noLink(a) && a.method !== 'qr'},
  ],
  'scan-no-notice': qrQuestions,
  'paid-not-credited': [
    amount(true),
    {
      id: 'date',
      kind: 'input',
      message: {en: 'Date of the payment (YYYY-MM-DD, Enter = today)', zh: '交易日期（YYYY-MM-DD，直接回车 = 今天）'},
      default: '',
      validate: (v) => (v.trim() === '' || /^\d{4}-\d{2}-\d{2}$/.test(v.trim()) ? undefined : {zh: '格式为 YYYY-MM-DD', en: 'YYYY-MM-DD'}),
    },
    settlementFile,
    terminalShows,
  ],
  'receipt-unusable': [
    receipt(false, {en: 'Enter = the last slip', zh: '直接回车 = 最近一张'}),
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
    slipShows,
  ],
  'void-failed': [
    receipt(true, {en: '', zh: ''}),
    {...amount(false), message: {en: 'Amount of the sale to void (Enter = take it from the terminal)', zh: '要撤销的消费金额（直接回车 = 以终端记录为准）'}},
    voidShows,
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

const pickOf = <T extends string>(v: unknown, values: readonly T[]): T | undefined => values.find((x) => x === v)

/** The answers as the decision layer reads them. */
export function answerFacts(a: Record<string, unknown>): Answers {
  const cents = parseAmount(String(a.amount ?? ''))
  const ref = parseTransactionRef(String(a.receipt ?? ''))
  const date = String(a.date ?? '').trim()
  const method = pickOf(a.method, ['card', 'qr'] as const)
  const w = pickOf(a.when, ['minutes', 'hour', 'today', 'yesterday', 'older'] as const)
  const copy = pickOf(a.copy, ['customer', 'merchant'] as const)
  const ts = pickOf(a.terminalShows, ['approved', 'declined', 'reversed', 'not-listed', 'no-answer', 'unknown'] as const)
  const vs = pickOf(a.voidShows, ['busy', 'no-connection', 'activation', 'end-of-day', 'not-possible', 'original-not-found', 'no-answer', 'other'] as const)
  const ss = pickOf(a.slipShows, ['printed', 'paper-out', 'not-found'] as const)
  return {
    ...(method ? {method} : {}),
    ...(cents === undefined ? {} : {amountCents: cents}),
    ...(ref ? {ref: ref.value, refDigits: ref.digits} : {}),
    ...(w ? {when: w} : {}),
    ...(/^\d{4}-\d{2}-\d{2}$/.test(date) ? {date} : {}),
    ...(copy ? {copy} : {}),
    ...(ts ? {terminalShows: ts} : {}),
    ...(vs ? {voidShows: vs} : {}),
    ...(ss ? {slipShows: ss} : {}),
  }
}
