/** Human text for the QR commands, zh-CN and en. No protocol hex, no secrets: ids, states, amounts, codes. */
import {pick, type Lang} from '../i18n/index.js'
import {qrErrorText} from './errors.js'
import type {ActionOutput, QueryOutput, RefundOutput, ResolveOutput} from './service.js'
import type {QrError, QrOrderState, QrPlatform, QrRefundPhase, QrState} from './types.js'

type T = {en: string; zh: string}

export const STATE_TEXT: Record<QrState, T> = {
  pending: {en: 'NOT FINAL (customer still paying / not paid yet)', zh: '未完成（顾客支付中 / 尚未支付）'},
  paid: {en: 'PAID', zh: '已支付'},
  refunded: {en: 'REFUNDED', zh: '已退款'},
  'not-paid': {en: 'NOT PAID (final)', zh: '未支付（已终结）'},
  uncertain: {en: 'NOT CONFIRMED (answer not trustworthy or the platform does not know)', zh: '无法确认（应答不可信或平台不确定）'},
  'not-found': {en: 'NOT FOUND under this merchant', zh: '本商户下查无此单'},
  'could-not-ask': {en: 'COULD NOT ASK the platform', zh: '无法查询平台'},
}

const PLATFORM: Record<QrPlatform, T> = {wechat: {en: 'WeChat Pay', zh: '微信支付'}, alipay: {en: 'Alipay', zh: '支付宝'}}

const REFUND: Record<QrRefundPhase, T> = {
  processing: {en: 'in progress', zh: '处理中'},
  succeeded: {en: 'refunded', zh: '已退款'},
  closed: {en: 'closed (not refunded)', zh: '已关闭（未退款）'},
  abnormal: {en: 'ABNORMAL: the provider must handle it by hand', zh: '异常：需支付机构人工处理'},
  'not-found': {en: 'not found', zh: '查无此退款'},
  uncertain: {en: 'not confirmed (answer not trustworthy)', zh: '无法确认（应答不可信）'},
  'could-not-ask': {en: 'could not ask the platform', zh: '无法查询平台'},
}

const yuan = (cents: number) => `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`

function errorLines(errors: QrError[], lang: Lang): string[] {
  return errors.map((e) => {
    const {message, remedy} = qrErrorText(e.code, lang)
    const platform = e.platformCode ? ` (${e.platformCode})` : ''
    return `  ${pick({en: 'Problem', zh: '问题'}, lang)} [${e.code}]${platform}: ${message}\n    ${pick({en: 'Try', zh: '建议'}, lang)}: ${remedy}`
  })
}

function demoLine(demo: {scenario: string} | undefined, lang: Lang): string[] {
  return demo ? [pick({en: `(demo: simulated platform, scenario ${demo.scenario}, simulated time)`, zh: `（演示：模拟平台，场景 ${demo.scenario}，模拟时间）`}, lang)] : []
}

export function orderLine(platform: QrPlatform, o: QrOrderState, lang: Lang): string {
  const parts = [`${pick(PLATFORM[platform], lang)} ${pick({en: 'order', zh: '订单'}, lang)} ${o.outTradeNo ?? o.platformNo ?? ''}: ${pick(STATE_TEXT[o.state], lang)}${o.platformStatus ? ` [${o.platformStatus}]` : ''}`]
  if (o.amountCents !== undefined) parts.push(`${yuan(o.amountCents)} CNY`)
  if (o.paidAt) parts.push(`${pick({en: 'paid at', zh: '支付时间'}, lang)} ${o.paidAt}`)
  if (o.platformNo) parts.push(`${pick({en: 'platform no.', zh: '平台单号'}, lang)} ${o.platformNo}`)
  return parts.join(', ')
}

function adviceLines(a: {do: string; say: string}, lang: Lang): string[] {
  return [`  ${pick({en: 'Do', zh: '处理'}, lang)}: ${a.do}`, `  ${pick({en: 'Tell the customer', zh: '告诉顾客'}, lang)}: ${a.say}`]
}

export function renderQuery(r: QueryOutput, lang: Lang): string {
  const lines = [orderLine(r.platform, r.order, lang)]
  if (r.order.evidence.requestId) lines.push(`  Request-ID: ${r.order.evidence.requestId}`)
  if (r.identity) lines.push(`  ${pick({en: 'Identity', zh: '商户身份'}, lang)}: ${r.identity.proven ? pick({en: 'proven: this merchant really has no such order', zh: '已证实：本商户确无此订单'}, lang) : pick({en: 'not proven: "not found" does not yet mean "not paid"', zh: '未证实：“查无此单”尚不能说明“未支付”'}, lang)}`)
  lines.push(...errorLines(r.order.errors, lang), ...adviceLines(r.advice, lang), ...demoLine(r.demo, lang))
  return lines.join('\n')
}

export function renderResolve(r: ResolveOutput, lang: Lang): string {
  const lines = [orderLine(r.platform, r.last, lang)]
  lines.push(`  ${pick({en: 'Queries', zh: '查询次数'}, lang)}: ${r.queries.length}; ${pick({en: 'final', zh: '已终结'}, lang)}: ${r.final ? pick({en: 'yes', zh: '是'}, lang) : pick({en: 'no', zh: '否'}, lang)}`)
  if (r.revoke) lines.push(`  ${pick({en: 'Revoke sent', zh: '已发送撤销'}, lang)}: ${r.revoke.outcome}${r.revoke.refunded ? pick({en: ' (the customer was refunded)', zh: '（已退款给顾客）'}, lang) : ''}`)
  if (r.revokeBlockedBy) lines.push(`  ${pick({en: 'An earlier revoke is on record: none was sent again (journal)', zh: '日志中已有撤销记录：未再次发送撤销'}, lang)}`)
  if (r.declined) lines.push(`  ${pick({en: 'Revoke not confirmed: nothing was sent', zh: '未确认撤销：未发送任何请求'}, lang)}`)
  lines.push(...errorLines(r.last.errors, lang), ...adviceLines(r.advice, lang), ...demoLine(r.demo, lang))
  return lines.join('\n')
}

const SKIPPED: Record<NonNullable<ActionOutput['skipped']>, T> = {
  'already-final': {en: 'Nothing sent: the order is already final', zh: '未发送：订单已终结'},
  'paid-needs-refund-confirmation': {en: 'Nothing sent: the order is PAID; revoking it refunds the customer. Add --refund-if-paid to do that on purpose', zh: '未发送：订单已支付，撤销会退款给顾客。如确需退款，请加 --refund-if-paid'},
  'revoke-already-sent': {en: 'Nothing sent: a revoke of this order is already on record (journal); query it instead', zh: '未发送：日志中已有该订单的撤销记录；请改为查询'},
  'not-confirmed': {en: 'Nothing sent: not confirmed', zh: '未发送：未确认'},
  'could-not-ask': {en: 'Nothing sent: the order state could not be confirmed first', zh: '未发送：无法先确认订单状态'},
}

export function renderAction(r: ActionOutput, lang: Lang): string {
  const lines = [orderLine(r.platform, r.before, lang)]
  if (r.skipped) lines.push(`  ${pick(SKIPPED[r.skipped], lang)}`)
  if (r.result) lines.push(`  ${r.action}: ${r.result.outcome}${r.result.refunded ? pick({en: ' (the customer was refunded)', zh: '（已退款给顾客）'}, lang) : ''}`, ...errorLines(r.result.errors, lang))
  if (r.after) lines.push(`  ${pick({en: 'Now', zh: '现在'}, lang)}: ${orderLine(r.platform, r.after, lang)}`)
  if (r.skipped === 'could-not-ask') lines.push(...errorLines(r.before.errors, lang))
  lines.push(...adviceLines(r.advice, lang), ...demoLine(r.demo, lang))
  return lines.join('\n')
}

export function renderRefund(r: RefundOutput, lang: Lang): string {
  const f = r.refund
  const lines = [`${pick(PLATFORM[r.platform], lang)} ${pick({en: 'refund', zh: '退款'}, lang)} ${f.refundNo}: ${pick(REFUND[f.phase], lang)}${f.platformStatus ? ` [${f.platformStatus}]` : ''}${f.amountCents !== undefined ? `, ${yuan(f.amountCents)} CNY` : ''}`]
  if (f.phase === 'processing') lines.push(`  ${pick({en: 'Balance refunds take ~5 min, bank cards 1–3 working days; query again in a minute', zh: '零钱约 5 分钟到账，银行卡 1–3 个工作日；一分钟后再查'}, lang)}`)
  lines.push(...errorLines(f.errors, lang), ...demoLine(r.demo, lang))
  return lines.join('\n')
}
