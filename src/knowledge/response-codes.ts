/**
 * ISO 8583 field 39 / China UnionPay (CUP) response codes as they appear in journal exports,
 * settlement files and ZVT BMP A0 ("result code AS"). Our own wording; facts from
 * docs/domain.md. Each code carries a retry class:
 *
 * - retry-later: the same request may go through later (system or switch trouble)
 * - do-not-retry: repeating the same request gives the same answer, or makes things worse
 * - operator-must-act: someone has to change something first (parameters, keys, amount, card, state check)
 *
 * Codes marked acquirerSpecific were seen only in acquirer/aggregator tables: confirm their
 * meaning with the acquirer.
 */

export type RetryClass = 'none' | 'retry-later' | 'do-not-retry' | 'operator-must-act'

/** CUP's action classes for field 39: A success, B failed (may retry), C failed (do not retry), D operator must act, E system fault. */
export type CupClass = 'A' | 'B' | 'C' | 'D' | 'E'

export interface ResponseCodeInfo {
  /** two characters, upper case: "00", "51", "A0" */
  code: string
  en: string
  zh: string
  retry: RetryClass
  remedyEn: string
  remedyZh: string
  /** extra advice when the code answers a void (撤销) or reversal */
  voidEn?: string
  voidZh?: string
  cupClass?: CupClass
  acquirerSpecific?: boolean
  /** false for codes not in our table (generic text) */
  known: boolean
}

type Row = {
  en: string
  zh: string
  retry: RetryClass
  remedyEn: string
  remedyZh: string
  voidEn?: string
  voidZh?: string
  cup?: CupClass
  acquirerSpecific?: boolean
}

const OTHER_CARD_EN = 'Ask the customer for another card or payment method; the customer can call the issuer.'
const OTHER_CARD_ZH = '请顾客换卡或改用其他支付方式；顾客可联系发卡行。'
const KEEP_CARD_EN = 'Do not try this card again; follow the acquirer\'s instructions for retained cards and take another payment method.'
const KEEP_CARD_ZH = '不要再用此卡交易；按收单机构对没收卡的规定处理，并请顾客改用其他支付方式。'
const SIGN_ON_EN = 'Sign the terminal on again (签到) so it fetches fresh working keys, then retry; if it persists, the key injection / master key must be checked by the service provider.'
const SIGN_ON_ZH = '请重新签到以更新工作密钥后再试；如仍出现，需由服务商检查主密钥/密钥注入。'

const ROWS: Readonly<Record<string, Row>> = {
  '00': {
    en: 'Approved',
    zh: '交易成功',
    retry: 'none',
    cup: 'A',
    remedyEn: 'Approved is not yet credited: if the money is missing, look for a later reversal in the journal, check that the batch was closed (end-of-day) and the settlement date (often T+1, weekends later).',
    remedyZh: '批准不等于已入账：如款项未到，请查流水中是否有后续冲正、批次是否已结算(批结)，以及结算日期(通常 T+1，周末顺延)。',
  },
  '01': {en: 'Refer to card issuer', zh: '请持卡人与发卡行联系', retry: 'do-not-retry', cup: 'C', remedyEn: OTHER_CARD_EN, remedyZh: OTHER_CARD_ZH},
  '03': {
    en: 'Invalid merchant (merchant not registered, MCC not allowed or merchant blocked)',
    zh: '无效商户(商户未登记、MCC 不允许或商户被冻结)',
    retry: 'operator-must-act',
    cup: 'C',
    remedyEn: 'Check the terminal\'s merchant ID and terminal ID parameters; ask the acquirer whether the merchant is registered and active.',
    remedyZh: '核对终端的商户号和终端号参数；向收单机构确认商户已登记且状态正常。',
  },
  '04': {en: 'Pick up card', zh: '没收卡', retry: 'do-not-retry', cup: 'D', remedyEn: KEEP_CARD_EN, remedyZh: KEEP_CARD_ZH},
  '05': {
    en: 'Do not honour (the issuer refused; CUP also uses it for a failed CVN check)',
    zh: '不予承兑(发卡行拒绝；银联也用于 CVN 校验失败)',
    retry: 'do-not-retry',
    cup: 'C',
    remedyEn: 'Do not keep retrying: the customer should call the issuer or pay another way.',
    remedyZh: '不要反复重试：请顾客联系发卡行或改用其他支付方式。',
  },
  '06': {en: 'Error at the issuer', zh: '发卡方出错', retry: 'retry-later', cup: 'E', remedyEn: 'Retry after a few minutes.', remedyZh: '请几分钟后重试。'},
  '07': {en: 'Pick up card (special condition)', zh: '特殊条件下没收卡', retry: 'do-not-retry', cup: 'D', remedyEn: KEEP_CARD_EN, remedyZh: KEEP_CARD_ZH},
  '09': {
    en: 'Request in progress',
    zh: '请求正在处理中',
    retry: 'retry-later',
    cup: 'B',
    remedyEn: 'Wait and query the transaction; do not send a duplicate.',
    remedyZh: '请稍候并查询该交易；不要重复提交。',
  },
  '12': {
    en: 'Invalid transaction (CUP: a void/reversal for an original that was not approved, or a transaction type not allowed now)',
    zh: '无效交易(银联：对未成功的原交易做撤销/冲正，或当前不允许此交易类型)',
    retry: 'do-not-retry',
    cup: 'C',
    remedyEn: 'Check the original transaction\'s real state before doing anything else.',
    remedyZh: '先查明原交易的真实状态，再做后续处理。',
    voidEn: 'On a void: check the original\'s real state; if the original never succeeded there is nothing to void. Never repeat the void blindly.',
    voidZh: '撤销时出现：先查原交易真实状态；原交易未成功则无需撤销。切勿盲目重复撤销。',
  },
  '13': {
    en: 'Invalid amount (zero or out of range)',
    zh: '无效金额(为零或超出范围)',
    retry: 'operator-must-act',
    cup: 'B',
    remedyEn: 'Check the amount entered.',
    remedyZh: '请核对输入的金额。',
    voidEn: 'A void must carry exactly the original amount; for a partial amount use a refund.',
    voidZh: '撤销金额必须与原交易完全一致；部分金额请走退货。',
  },
  '14': {
    en: 'Invalid card number (CUP: also when the card of a void differs from the original\'s)',
    zh: '无效卡号(银联：撤销所用卡与原交易卡不一致时也返回此码)',
    retry: 'operator-must-act',
    cup: 'B',
    remedyEn: 'Check the card; use another card if it is invalid.',
    remedyZh: '请检查卡片；卡号无效请换卡。',
    voidEn: 'Void with the same card that was used for the sale.',
    voidZh: '请使用原消费时的同一张卡做撤销。',
  },
  '15': {en: 'No such issuer', zh: '无此发卡方', retry: 'do-not-retry', cup: 'C', remedyEn: OTHER_CARD_EN, remedyZh: OTHER_CARD_ZH},
  '19': {en: 'Re-enter transaction', zh: '请重做交易', retry: 'retry-later', cup: 'B', remedyEn: 'Start the transaction again.', remedyZh: '请重新发起交易。'},
  '22': {
    en: 'Suspected malfunction (CUP: an abnormal related transaction, e.g. a void after a reversal or of something already voided)',
    zh: '故障怀疑(银联：关联交易异常，如冲正后又撤销、对已撤销交易再撤销)',
    retry: 'do-not-retry',
    cup: 'C',
    remedyEn: 'Query the original; the terminal\'s view may differ from the host\'s: sign on again and check before retrying.',
    remedyZh: '查询原交易；终端状态可能与主机不一致：请重新签到并核实后再处理。',
    voidEn: 'On a void: check the original\'s real state (it may already be reversed or voided); never repeat the void blindly.',
    voidZh: '撤销时出现：先查原交易真实状态(可能已被冲正或撤销)；切勿盲目重复撤销。',
  },
  '25': {
    en: 'Unable to locate the original transaction',
    zh: '找不到原始交易',
    retry: 'do-not-retry',
    cup: 'C',
    remedyEn: 'Check the trace (voucher) number, batch number, date and amount of the original; it may have been reversed, never reached the host, or be settled already (then use a refund or ask the acquirer).',
    remedyZh: '核对原交易的凭证号、批次号、日期和金额；原交易可能已被冲正、从未到达主机或已结算(此时改做退货或联系收单机构)。',
  },
  '30': {
    en: 'Format error',
    zh: '报文格式错误',
    retry: 'operator-must-act',
    remedyEn: 'The terminal\'s program or parameters do not match the host: ask for a TMS update or contact the acquirer.',
    remedyZh: '终端程序或参数与主机不匹配：请申请 TMS 远程更新或联系收单机构。',
  },
  '33': {en: 'Expired card', zh: '卡片过期', retry: 'do-not-retry', cup: 'D', remedyEn: OTHER_CARD_EN, remedyZh: OTHER_CARD_ZH},
  '34': {en: 'Suspected fraud', zh: '有作弊嫌疑', retry: 'do-not-retry', cup: 'D', remedyEn: KEEP_CARD_EN, remedyZh: KEEP_CARD_ZH},
  '38': {en: 'PIN tries exceeded', zh: '密码错误次数超限', retry: 'do-not-retry', cup: 'D', remedyEn: 'The card is locked for PIN use; the customer must contact the issuer.', remedyZh: '该卡密码已锁定，请顾客联系发卡行。'},
  '40': {
    en: 'Requested function not supported',
    zh: '请求的功能尚不支持',
    retry: 'operator-must-act',
    remedyEn: 'The function is not enabled for this merchant/terminal: ask the acquirer to enable it; to give money back use the refund path.',
    remedyZh: '该商户/终端未开通此功能：请联系收单机构开通；退款请走退货流程。',
  },
  '41': {en: 'Lost card', zh: '挂失卡', retry: 'do-not-retry', cup: 'D', remedyEn: KEEP_CARD_EN, remedyZh: KEEP_CARD_ZH},
  '43': {en: 'Stolen card', zh: '被窃卡', retry: 'do-not-retry', cup: 'D', remedyEn: KEEP_CARD_EN, remedyZh: KEEP_CARD_ZH},
  '45': {en: 'Magstripe fallback not allowed: use the chip', zh: '不允许降级交易，请使用芯片', retry: 'operator-must-act', remedyEn: 'Insert the card\'s chip (or tap) instead of swiping.', remedyZh: '请插芯片(或挥卡)，不要刷磁条。'},
  '51': {en: 'Insufficient funds', zh: '余额不足', retry: 'do-not-retry', cup: 'C', remedyEn: OTHER_CARD_EN, remedyZh: OTHER_CARD_ZH},
  '54': {en: 'Expired card', zh: '卡片过期', retry: 'do-not-retry', cup: 'C', remedyEn: OTHER_CARD_EN, remedyZh: OTHER_CARD_ZH},
  '55': {
    en: 'Incorrect PIN',
    zh: '密码错误',
    retry: 'operator-must-act',
    cup: 'C',
    remedyEn: 'Let the customer enter the PIN again (a few wrong tries lock the card).',
    remedyZh: '请顾客重新输入密码(多次输错会锁卡)。',
  },
  '57': {en: 'Transaction not permitted to the cardholder', zh: '不允许持卡人进行的交易', retry: 'do-not-retry', cup: 'C', remedyEn: OTHER_CARD_EN, remedyZh: OTHER_CARD_ZH},
  '58': {
    en: 'Transaction not permitted to the terminal',
    zh: '不允许终端进行的交易',
    retry: 'operator-must-act',
    cup: 'C',
    remedyEn: 'Ask the acquirer to enable this transaction type for the terminal.',
    remedyZh: '请联系收单机构为该终端开通此交易类型。',
  },
  '59': {en: 'Suspected fraud', zh: '有作弊嫌疑', retry: 'do-not-retry', cup: 'C', remedyEn: OTHER_CARD_EN, remedyZh: OTHER_CARD_ZH},
  '61': {en: 'Exceeds the amount limit', zh: '超出金额限制', retry: 'do-not-retry', cup: 'C', remedyEn: 'Use a smaller amount or another card; the customer can ask the issuer to raise the limit.', remedyZh: '请降低金额或换卡；顾客可请发卡行调整限额。'},
  '62': {en: 'Restricted card', zh: '受限制的卡', retry: 'do-not-retry', cup: 'C', remedyEn: OTHER_CARD_EN, remedyZh: OTHER_CARD_ZH},
  '64': {
    en: 'Original amount incorrect',
    zh: '原始金额错误',
    retry: 'operator-must-act',
    cup: 'C',
    remedyEn: 'Use exactly the original amount.',
    remedyZh: '请使用与原交易完全相同的金额。',
    voidEn: 'A void must equal the original amount; for a partial amount use a refund.',
    voidZh: '撤销金额必须等于原交易金额；部分金额请做退货。',
  },
  '65': {en: 'Exceeds the frequency (count) limit', zh: '超出取款/消费次数限制', retry: 'do-not-retry', cup: 'C', remedyEn: 'Try later or with another card.', remedyZh: '请稍后再试或换卡。'},
  '68': {
    en: 'Response received too late (timeout)',
    zh: '交易超时，应答过晚',
    retry: 'operator-must-act',
    cup: 'E',
    remedyEn: 'The outcome is unknown: let the terminal\'s reversal run and verify the transaction\'s state before charging again.',
    remedyZh: '结果未知：让终端自动冲正，并在再次收款前核实交易状态。',
  },
  '73': {
    en: 'Original transaction is past the day cut-off',
    zh: '原交易已过日切',
    retry: 'operator-must-act',
    acquirerSpecific: true,
    remedyEn: 'A void is no longer possible; give the money back with a refund.',
    remedyZh: '已无法撤销；请改用退货退款。',
  },
  '75': {en: 'PIN tries exceeded', zh: '密码错误次数超限', retry: 'do-not-retry', cup: 'C', remedyEn: 'The card is locked for PIN use; the customer must contact the issuer.', remedyZh: '该卡密码已锁定，请顾客联系发卡行。'},
  '77': {
    en: 'Sign on to the network centre again',
    zh: '请重新签到',
    retry: 'operator-must-act',
    acquirerSpecific: true,
    remedyEn: 'Sign the terminal on again, then retry.',
    remedyZh: '请终端重新签到后再试。',
  },
  '87': {
    en: 'Batch amount limit reached',
    zh: '批次金额已达上限',
    retry: 'operator-must-act',
    acquirerSpecific: true,
    remedyEn: 'Close the batch (end-of-day / 批结), then retry.',
    remedyZh: '请先结算(批结)，再重试。',
  },
  '90': {
    en: 'Cut-off in progress (some acquirers: terminal program or parameters need an update)',
    zh: '日切处理中(部分收单机构：终端程序或参数需更新)',
    retry: 'retry-later',
    cup: 'E',
    acquirerSpecific: true,
    remedyEn: 'Retry in a few minutes; if it persists, ask for a TMS parameter/program download.',
    remedyZh: '请几分钟后重试；持续出现请申请 TMS 下载参数/程序。',
  },
  '91': {
    en: 'Issuer or switch not available (some acquirers: parameters need an update)',
    zh: '发卡方或交换中心不能操作(部分收单机构：参数需更新)',
    retry: 'retry-later',
    cup: 'E',
    acquirerSpecific: true,
    remedyEn: 'Retry in a few minutes; if it persists, ask for a TMS parameter download.',
    remedyZh: '请几分钟后重试；持续出现请申请 TMS 下载参数。',
  },
  '92': {en: 'Financial institution or network not found', zh: '金融机构或中间网络设施找不到或无法达到', retry: 'retry-later', cup: 'E', remedyEn: 'Retry later; if it persists, contact the acquirer.', remedyZh: '请稍后重试；持续出现请联系收单机构。'},
  '94': {
    en: 'Duplicate transmission (same trace number)',
    zh: '重复交易(凭证号重复)',
    retry: 'operator-must-act',
    cup: 'C',
    remedyEn: 'Query the original first; make sure the terminal\'s trace counter moves on (reuse is most likely after a terminal swap or reset).',
    remedyZh: '先查询原交易；确认终端凭证号在递增(更换或重置终端后最容易出现重复)。',
    voidEn: 'On a void or reversal: the host already has one with this trace; check the original before sending anything again.',
    voidZh: '撤销/冲正时出现：主机已收到相同凭证号的请求；再次发送前先核实原交易。',
  },
  '96': {
    en: 'System malfunction at the switch',
    zh: '交换中心系统故障',
    retry: 'retry-later',
    cup: 'E',
    remedyEn: 'Retry later.',
    remedyZh: '请稍后重试。',
    voidEn: 'For a void, query the original\'s state before retrying.',
    voidZh: '撤销前请先查询原交易状态再重试。',
  },
  '97': {
    en: 'Terminal not registered (invalid terminal)',
    zh: '终端未登记(无效终端)',
    retry: 'operator-must-act',
    cup: 'D',
    remedyEn: 'Check the TID/MID parameters; ask the acquirer to confirm the terminal\'s registration.',
    remedyZh: '核对终端号/商户号参数；请收单机构确认终端已登记。',
  },
  '98': {
    en: 'The switch got no answer from the issuer (timeout): outcome unknown',
    zh: '交换中心收不到发卡方应答(超时)：结果未知',
    retry: 'operator-must-act',
    cup: 'E',
    remedyEn: 'Do not charge again yet: let the terminal\'s reversal run, then verify the transaction\'s state (journal, acquirer) before a new attempt.',
    remedyZh: '暂勿再次扣款：让终端完成冲正，核实交易状态(流水、收单机构)后再重新交易。',
  },
  '99': {
    en: 'PIN format error / PIN translation failed',
    zh: 'PIN 格式错误 / PIN 转换失败',
    retry: 'operator-must-act',
    cup: 'E',
    remedyEn: SIGN_ON_EN,
    remedyZh: SIGN_ON_ZH,
  },
  A0: {
    en: 'MAC verification failed',
    zh: 'MAC 校验错',
    retry: 'operator-must-act',
    cup: 'E',
    remedyEn: `${SIGN_ON_EN} A stored reversal also needs a valid MAC, so it stays pending until this is fixed.`,
    remedyZh: `${SIGN_ON_ZH}待冲正的交易同样需要正确的 MAC，修复前会一直挂起。`,
  },
}

/** Normalise a field-39 value: trim, upper case, pad a single digit ("5" → "05"). */
export function normaliseResponseCode(raw: string): string {
  const s = raw.trim().toUpperCase()
  return /^\d$/.test(s) ? `0${s}` : s
}

/** Every code in the table, ascending. */
export const RESPONSE_CODES: ReadonlyArray<string> = Object.keys(ROWS).sort()

/** Look up an ISO 8583 / CUP response code; unknown codes get a generic entry (never throws). */
export function responseCodeInfo(raw: string): ResponseCodeInfo {
  const code = normaliseResponseCode(raw)
  const row = ROWS[code]
  if (row) {
    const {cup, ...rest} = row
    return {code, ...rest, ...(cup ? {cupClass: cup} : {}), known: true}
  }
  return {
    code,
    en: `Response code ${code} (not in posdoc's table)`,
    zh: `应答码 ${code}(posdoc 码表中未收录)`,
    retry: 'operator-must-act',
    remedyEn: `Look the code up in the acquirer's code table or give code ${code}, time, amount and trace number to the acquirer.`,
    remedyZh: `请查收单机构的应答码表，或将应答码 ${code}、交易时间、金额和凭证号提供给收单机构。`,
    known: false,
  }
}
