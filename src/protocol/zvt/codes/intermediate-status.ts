// Intermediate status (04 FF, first data byte): what the terminal screen is telling the customer.
// Source: PA00P015 §3.7 Table 17 (docs/zvt-notes.md §10); 5E and 6A–6D only in Portalum's list
// (probably a later spec revision). Texts are our own wording.
import {byteHex, type IntermediateStatusInfo} from './types.js'

type Pair = readonly [en: string, zh: string]

/** Codes 01..2C; 41..67 are "the same + remove card" (offset 0x40), except 4A (no text) and 4B. */
const BASE: ReadonlyMap<number, Pair> = new Map<number, Pair>([
  [0x00, ['Waiting for the amount to be confirmed', '正在等待确认金额']],
  [0x01, ['Please look at the PIN pad', '请看密码键盘']],
  [0x02, ['Please look at the PIN pad', '请看密码键盘']],
  [0x03, ['Not accepted', '不受理']],
  [0x04, ['Waiting for the host to answer', '正在等待主机应答']],
  [0x05, ['Sending automatic reversal', '正在发送自动冲正']],
  [0x06, ['Sending stored (post-booked) transactions', '正在上送补录交易']],
  [0x07, ['Card not accepted', '不受理此卡']],
  [0x08, ['Card unknown', '无法识别的卡']],
  [0x09, ['Card expired', '卡片已过期']],
  [0x0a, ['Insert card', '请插卡']],
  [0x0b, ['Remove card', '请取卡']],
  [0x0c, ['Card not readable', '无法读卡']],
  [0x0d, ['Processing error', '处理错误']],
  [0x0e, ['Please wait', '请稍候']],
  [0x0f, ['Starting automatic end-of-day', '正在自动结算']],
  [0x10, ['Invalid card', '无效卡']],
  [0x11, ['Showing balance', '显示余额']],
  [0x12, ['System malfunction', '系统故障']],
  [0x13, ['Payment not possible', '无法支付']],
  [0x14, ['Balance not sufficient', '余额不足']],
  [0x15, ['Wrong PIN', '密码错误']],
  [0x16, ['Limit not sufficient', '额度不足']],
  [0x17, ['Please wait', '请稍候']],
  [0x18, ['Too many wrong PIN tries', '密码错误次数超限']],
  [0x19, ['Card data incorrect', '卡片数据错误']],
  [0x1a, ['Service mode', '维护模式']],
  [0x1b, ['Approved, please fill up', '交易成功，请加油']],
  [0x1c, ['Approved, please take the goods', '交易成功，请取货']],
  [0x1d, ['Declined', '交易被拒绝']],
  [0x26, ['Waiting for the mobile number', '正在等待输入手机号']],
  [0x27, ['Waiting for the mobile number to be repeated', '正在等待再次输入手机号']],
  [0x28, ['Currency selection, please wait', '正在选择币种，请稍候']],
  [0x29, ['Language selection, please wait', '正在选择语言，请稍候']],
  [0x2a, ['Insert the card to load it', '充值请插卡']],
  [0x2b, ['Emergency (offline) transaction, please wait', '应急(脱机)交易，请稍候']],
  [0x2c, ['Choosing the application (debit/credit), please wait', '正在选择应用(借记/贷记)，请稍候']],
])

const OTHER: ReadonlyMap<number, Pair> = new Map<number, Pair>([
  [0x4a, ['(no text defined)', '(无提示文字)']],
  [0x4b, ['Remove card', '请取卡']],
  [0x5e, ['Contactless card read finished', '非接读卡完成']],
  [0x68, ['Customer card inserted', '检测到顾客插卡']],
  [0x69, ['Please choose whether to pay in your home currency (DCC)', '请选择是否使用本币支付(DCC)']],
  [0x6a, ['PIN digit entered', '已输入一位密码']],
  [0x6b, ['PIN can be confirmed', '密码可以确认']],
  [0x6c, ['PIN digit corrected', '已更正密码']],
  [0x6d, ['PIN entered', '密码输入完成']],
  [0xc7, ['Waiting for the mileage', '正在等待输入里程数']],
  [0xc8, ['Waiting for the cashier', '正在等待收银员']],
  [0xc9, ['Starting automatic diagnosis', '正在自动诊断']],
  [0xca, ['Starting automatic initialisation', '正在自动初始化']],
  [0xcb, ['Merchant journal full', '商户流水已满']],
  [0xcc, ['Debit advice not possible, PIN required', '不能签名借记，需要输入密码']],
  [0xd2, ['Dialling', '正在拨号']],
  [0xd3, ['Dial-up connected', '拨号已接通']],
  [0xe0, ['Waiting for application selection', '正在等待选择应用']],
  [0xe1, ['Waiting for language selection', '正在等待选择语言']],
  [0xe2, ['Please use the cleaning card', '请使用清洁卡清洁读卡器']],
  [0xf1, ['Offline', '脱机']],
  [0xf2, ['Online', '联机']],
  [0xf3, ['Offline transaction', '脱机交易']],
  [0xff, ['See the text lines the terminal sent (no standard code)', '无标准状态码，请看终端发来的文字']],
])

/** Ingenico terminals use A0–A5 for their own messages (Portalum's Ingenico list). Opt in via vendor. */
const INGENICO: ReadonlyMap<number, Pair> = new Map<number, Pair>([
  [0xa0, ['Payment processed', '支付已完成']],
  [0xa1, ['Payment processed, remove card', '支付已完成，请取卡']],
  [0xa2, ['Cancellation successful', '撤销成功']],
  [0xa3, ['Cancellation successful, remove card', '撤销成功，请取卡']],
  [0xa4, ['Cancellation not possible', '无法撤销']],
  [0xa5, ['Cancellation not possible, remove card', '无法撤销，请取卡']],
])

function build(): Map<number, Pair> {
  const all = new Map<number, Pair>(BASE)
  for (const [code, [en, zh]] of BASE) {
    // 41..5D mirror 01..1D; 66/67 mirror 26/27. 40 and 68+ are not "remove card" variants.
    const mirrored = code + 0x40
    if ((code >= 0x01 && code <= 0x1d) || code === 0x26 || code === 0x27) all.set(mirrored, [`${en}, remove card`, `${zh}，请取卡`])
  }
  for (const [code, pair] of OTHER) all.set(code, pair)
  return new Map([...all].sort((a, b) => a[0] - b[0]))
}

const TABLE = build()

export const INTERMEDIATE_STATUS_CODES: ReadonlyArray<IntermediateStatusInfo> = Object.freeze(
  [...TABLE].map(([code, [en, zh]]) => Object.freeze({code, hex: byteHex(code), en, zh})),
)

export interface IntermediateStatusOptions {
  /** vendor-specific extras; only 'ingenico' is known (A0–A5) */
  vendor?: 'ingenico'
}

/** Screen text for an intermediate status byte; unknown values give a generic text (never throws). */
export function intermediateStatusInfo(code: number, opts: IntermediateStatusOptions = {}): IntermediateStatusInfo {
  const hex = byteHex(code)
  const pair = (opts.vendor === 'ingenico' ? INGENICO.get(code) : undefined) ?? TABLE.get(code)
  if (pair) return {code, hex, en: pair[0], zh: pair[1]}
  return {code, hex, en: `Terminal busy (status ${hex})`, zh: `终端处理中(状态 ${hex})`}
}
