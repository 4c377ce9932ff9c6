/**
 * Every text the decision layer produces, zh-CN and en side by side (test/verdict/text.test.ts
 * checks both languages are complete and that Chinese sentences use full-width punctuation).
 */
import type {Lang} from '../i18n/index.js'
import type {DoNotCode, NextStepCode} from './types.js'

type T = Record<Lang, string>
type F<P> = Record<Lang, (p: P) => string>

export interface StepParams {
  date?: string
  fix?: string
  seconds?: number
  receipt?: string
  platform?: string
  cmd?: string
}

const zhPlatform = (p?: string) => (p === 'wechat' ? '微信支付' : p === 'alipay' ? '支付宝' : p === 'unionpay' ? '云闪付' : '支付平台')
const enPlatform = (p?: string) => (p === 'wechat' ? 'WeChat Pay' : p === 'alipay' ? 'Alipay' : p === 'unionpay' ? 'UnionPay QR' : 'the payment platform')
/** Where a merchant looks a QR order up, by platform. */
const zhWhere = (p?: string) =>
  p === 'wechat' ? '「微信支付商家助手」小程序或微信支付商户平台的交易中心' : p === 'alipay' ? '「支付宝商家」App 的账单' : '收款 App 或聚合支付后台的订单列表'
const enWhere = (p?: string) =>
  p === 'wechat' ? "the WeChat Pay merchant assistant (微信支付商家助手) or the merchant platform's transaction centre" : p === 'alipay' ? 'the bills of the Alipay merchant app (支付宝商家)' : "your payment app's or aggregator's order list"

export const STEP_TEXT: Record<NextStepCode, F<StepParams>> = {
  'retry-void': {
    en: (p) => `${p.fix ? `${p.fix} Then void` : 'Void'} the sale again (posdoc diagnose or posdoc void retry): posdoc first asks the terminal whether it is still booked.`,
    'zh-CN': (p) => `${p.fix ? `${p.fix}然后` : ''}再次撤销这笔消费（posdoc diagnose 或 posdoc void retry）：posdoc 会先向终端确认该笔是否仍未撤销。`,
  },
  'refund-on-terminal': {
    en: () => 'The void is no longer possible (the batch is settled): do a refund (退货) of the sale on the terminal, or posdoc void retry --refund. This is the only refund to make.',
    'zh-CN': () => '已无法撤销（批次已结算）：请在终端上对该笔做退货，或运行 posdoc void retry --refund。只做这一笔退货。',
  },
  'ask-acquirer-refund': {
    en: () => 'Ask the acquirer to refund the sale (the request below has every reference). Do not also refund on the terminal.',
    'zh-CN': () => '请收单机构为该笔办理退款（下方的请求含全部凭证信息）。不要再在终端上另做退货。',
  },
  'ask-acquirer-copy': {en: () => 'Ask the acquirer for a copy of the slip (调单); the request below has every reference.', 'zh-CN': () => '请向收单机构申请该笔的签购单副本（调单）；下方的请求含全部凭证信息。'},
  'ask-acquirer-payout': {en: () => 'Ask the acquirer why the sale has not been paid out; the request below has every reference.', 'zh-CN': () => '请向收单机构查询该笔为何未入账；下方的请求含全部凭证信息。'},
  'ask-acquirer-authorisation': {
    en: () => 'Ask the acquirer whether they have an authorisation for this payment and its final state.',
    'zh-CN': () => '请向收单机构核实是否有这笔交易的授权记录及其最终状态。',
  },
  reprint: {en: (p) => `Reprint the slip${p.receipt ? ` (${p.receipt})` : ''}: posdoc diagnose, posdoc receipt reprint, or the terminal's reprint menu.`, 'zh-CN': (p) => `补打小票${p.receipt ? `（${p.receipt}）` : ''}：posdoc diagnose、posdoc receipt reprint，或终端的重打印菜单。`},
  'replace-paper': {en: () => "Put a new paper roll in the terminal's printer (check it is not empty or jammed).", 'zh-CN': () => '给终端打印机换上新的打印纸（检查是否缺纸或卡纸）。'},
  'wait-settlement': {
    en: (p) => `Wait for the payout${p.date ? `: expected on ${p.date}` : ''} (paid out the next business day after end-of-day, T+1).`,
    'zh-CN': (p) => `请等待入账${p.date ? `：预计 ${p.date} 到账` : ''}（结算后下一个工作日划款，T+1）。`,
  },
  'check-bank-statement': {
    en: () => "The acquirer's file shows the sale settled: look for the payout on the bank statement of its settlement date (posdoc recon --payouts BANK.csv).",
    'zh-CN': () => '收单机构的文件显示该笔已结算：请在银行流水中按清算日期查找该笔划款（posdoc recon --payouts 银行流水.csv）。',
  },
  'run-end-of-day': {en: () => 'Run end-of-day (settlement, 结算) on the terminal; the payout follows the next business day.', 'zh-CN': () => '请在终端上做结算（日结）；款项在下一个工作日划出。'},
  'check-network': {en: (p) => p.fix ?? "Check the terminal's network: cable / Wi-Fi / SIM, the router, then run posdoc network check.", 'zh-CN': (p) => p.fix ?? '检查终端网络：网线 / Wi-Fi / SIM 卡和路由器，然后运行 posdoc network check。'},
  'activate-terminal': {en: () => 'The terminal must be activated: follow the acquirer\'s activation steps (or call their hotline).', 'zh-CN': () => '终端需要激活：按收单机构的激活步骤操作（或致电其客服）。'},
  'wait-terminal': {en: (p) => `The terminal is busy: wait ${p.seconds ?? 30} s and try again.`, 'zh-CN': (p) => `终端正忙：请等待 ${p.seconds ?? 30} 秒后再试。`},
  'confirm-void': {
    en: () => 'The void was not sent: confirm it (answer Yes, or run again with --yes) once you are sure this is the sale to cancel.',
    'zh-CN': () => '撤销未发送：确认这就是要撤销的那笔后，请确认（回答“是”，或加 --yes 重新运行）。',
  },
  'pick-transaction': {en: () => 'Several transactions fit: pick the one you mean (by time, trace number or card), then run again.', 'zh-CN': () => '有多笔交易符合：请选出您指的那一笔（按时间、凭证号或卡号），然后重新运行。'},
  'take-new-payment': {en: () => 'The customer was not charged: take the payment again (for a QR code with a new order number).', 'zh-CN': () => '顾客未被扣款：请重新收款（扫码支付请使用新的订单号）。'},
  'read-terminal': {
    en: () => "On the terminal: open the transaction query (查询) or print the last transaction, and compare amount, time and trace number (凭证号).",
    'zh-CN': () => '在终端上：进入交易查询，或打印最后一笔交易，核对金额、时间和凭证号。',
  },
  'print-journal': {en: () => "Print the terminal's transaction detail (交易明细 / 打印明细) and keep it with the case.", 'zh-CN': () => '在终端上打印交易明细，并与案例一起保存。'},
  'hand-over-goods': {en: () => 'The customer has paid: hand over the goods.', 'zh-CN': () => '顾客已付款：可以交付商品。'},
  'wait-and-query': {
    en: (p) => `Check the order again in ${p.seconds ?? 10} s (the customer may still be entering a password).`,
    'zh-CN': (p) => `请 ${p.seconds ?? 10} 秒后再次查询订单（顾客可能还在输入密码）。`,
  },
  'revoke-order': {
    en: (p) => `Cancel (revoke) the unpaid order in ${enWhere(p.platform)}, then check it shows closed / revoked before taking a new payment.`,
    'zh-CN': (p) => `请在${zhWhere(p.platform)}撤销（关闭）这笔未支付的订单，确认显示已关闭 / 已撤销后再重新收款。`,
  },
  'ask-customer-record': {
    en: () => "Ask the customer to open the payment in their app and show the payee and the numbers: transaction no. (交易单号) and merchant order no. (商户单号).",
    'zh-CN': () => '请顾客在手机上打开这笔付款记录，出示收款方以及交易单号和商户单号。',
  },
  'ask-platform': {
    en: (p) => `Contact ${enPlatform(p.platform)} support with the case report (order numbers, time, amount).`,
    'zh-CN': (p) => `请带上案例报告（订单号、时间、金额）联系${zhPlatform(p.platform)}客服。`,
  },
  'fix-notice': {
    en: () => 'Fix the arrival notice: the speaker (volume, power, its network), the collection app\'s notification and voice settings, and the phone\'s network.',
    'zh-CN': () => '修复到账提示：检查云喇叭（音量、电源、网络）、收款 App 的通知和语音播报设置，以及手机网络。',
  },
  'other-payment-method': {en: () => 'The customer\'s limit or balance was reached: ask them to pay another way.', 'zh-CN': () => '顾客的限额或余额不足：请顾客换一种方式付款。'},
  'give-slip-text': {
    en: (p) => `The slip's text is below${p.receipt ? ` and saved with the case (${p.receipt})` : ''}: give the customer a copy (print it from this PC or send it).`,
    'zh-CN': (p) => `小票内容见下方${p.receipt ? `，并已保存在案例中（${p.receipt}）` : ''}：可从本电脑打印或发送给顾客。`,
  },
  'run-again': {en: (p) => `Run ${p.cmd ?? 'posdoc diagnose'} again once that is fixed.`, 'zh-CN': (p) => `修复后请重新运行 ${p.cmd ?? 'posdoc diagnose'}。`},
  'resume-case': {en: (p) => `Later, continue this case: ${p.cmd ?? 'posdoc diagnose --case latest'}.`, 'zh-CN': (p) => `稍后继续本案例：${p.cmd ?? 'posdoc diagnose --case latest'}。`},
}

export const DONT_TEXT: Record<DoNotCode, T> = {
  'charge-again': {en: 'Do not charge the customer again: the first payment went through, or its state is not known yet.', 'zh-CN': '不要再次向顾客收款：第一笔付款已成功，或其结果尚未确认。'},
  'void-again': {en: 'Do not void this sale again, here or on the terminal.', 'zh-CN': '不要再次撤销这笔消费（包括在终端上）。'},
  refund: {en: 'Do not refund: the money may already be going back, and a refund on top would pay the customer twice.', 'zh-CN': '不要退款：款项可能已在退回途中，再退一次会让顾客收到两次退款。'},
  'power-off': {en: 'Do not switch the terminal off: it still holds the transaction it must report.', 'zh-CN': '不要关闭终端：它还保存着需要上报的交易。'},
  'hand-over-goods': {en: 'Do not hand over the goods on credit until the payment is confirmed.', 'zh-CN': '在付款确认之前，不要先交付商品。'},
}

/** Summaries, causes and customer messages, by rule. */
export const V = {
  linkDown: {en: 'posdoc cannot reach the terminal, so the payment\'s state is not known yet.', 'zh-CN': 'posdoc 无法连接终端，因此这笔付款的结果暂不清楚。'} as T,
  linkDownNoPayment: {en: 'posdoc cannot reach the terminal from this PC.', 'zh-CN': '本电脑无法连接到终端。'} as T,
  journalUnread: {en: 'The terminal\'s journal could not be read, so the payment cannot be confirmed.', 'zh-CN': '无法读取终端流水，因此无法确认这笔付款。'} as T,
  candidates: {en: (n: number) => `${n} transactions fit what you said: posdoc will not guess which one.`, 'zh-CN': (n: number) => `有 ${n} 笔交易符合您的描述：posdoc 不会替您猜测是哪一笔。`} as F<number>,
  approved: {en: (w: string) => `The terminal approved the payment (${w}): the customer has paid.`, 'zh-CN': (w: string) => `终端显示该笔付款成功（${w}）：顾客已付款。`} as F<string>,
  approvedHostDown: {
    en: (w: string) => `The terminal approved the payment (${w}), but it cannot reach its acquirer host now: the payment must still be sent with end-of-day.`,
    'zh-CN': (w: string) => `终端显示该笔付款成功（${w}），但终端目前连不上收单主机：该笔仍需在结算时上送。`,
  } as F<string>,
  notCharged: {
    en: (w: string, s: string) => `The terminal shows the payment ${s} (${w}): the customer was not charged (or the hold is released).`,
    'zh-CN': (w: string, s: string) => `终端显示该笔${s}（${w}）：顾客未被扣款（或冻结款会释放）。`,
  } as F2,
  inDoubtTx: {en: (w: string) => `The state of the payment (${w}) is not known yet.`, 'zh-CN': (w: string) => `这笔付款（${w}）的结果暂不清楚。`} as F<string>,
  notFound: {
    en: (what: string, where: string) => `No ${what} on the terminal's journal ${where}.`,
    'zh-CN': (what: string, where: string) => `终端流水中${where}没有${what}。`,
  } as F2,
  beforeJournal: {
    en: (tid: string, from: string) => `The terminal's journal (${tid}) starts on ${from}: the payment is older, so only the acquirer can say what happened.`,
    'zh-CN': (tid: string, from: string) => `终端（${tid}）的流水从 ${from} 开始：这笔付款更早，只有收单机构能查到结果。`,
  } as F2,
  // reprint
  printed: {en: (r: string) => `The slip (${r}) was printed again.`, 'zh-CN': (r: string) => `小票（${r}）已重新打印。`} as F<string>,
  textOnly: {
    en: (r: string) => `The slip (${r}) was NOT printed (the printer is not ready); its text was read from the terminal and is below.`,
    'zh-CN': (r: string) => `小票（${r}）没有打印出来（打印机未就绪）；已从终端读取小票内容，见下方。`,
  } as F<string>,
  textOnlyNoText: {en: (r: string) => `The slip (${r}) was NOT printed, and the terminal did not hand over its text.`, 'zh-CN': (r: string) => `小票（${r}）没有打印出来，终端也没有提供小票内容。`} as F<string>,
  slipGone: {en: (r: string) => `The terminal no longer has the slip (${r}): only the acquirer can provide a copy.`, 'zh-CN': (r: string) => `终端上已没有这张小票（${r}）：只能由收单机构提供副本。`} as F<string>,
  reprintFailed: {en: 'The reprint did not complete.', 'zh-CN': '补打未完成。'} as T,
  // void
  voided: {en: (w: string) => `The sale (${w}) is voided: the customer was not charged (the hold is released by the card issuer).`, 'zh-CN': (w: string) => `该笔消费（${w}）已撤销：顾客不会被扣款（冻结款由发卡行释放）。`} as F<string>,
  refunded: {en: (w: string) => `The sale (${w}) was refunded.`, 'zh-CN': (w: string) => `该笔消费（${w}）已退货。`} as F<string>,
  voidRetryable: {en: (why: string) => `The void did not go through, but it can still work: ${why}`, 'zh-CN': (why: string) => `撤销没有成功，但仍可重试：${why}`} as F<string>,
  voidRefundOnTerminal: {en: (w: string) => `The sale (${w}) can no longer be voided: its batch was settled. A refund replaces the void.`, 'zh-CN': (w: string) => `该笔消费（${w}）已无法撤销：所在批次已结算。需要以退货代替撤销。`} as F<string>,
  voidNotOnTerminal: {en: (w: string) => `The terminal does not have the sale (${w}): only the acquirer can reverse it now.`, 'zh-CN': (w: string) => `终端上没有这笔消费（${w}）：现在只能由收单机构处理。`} as F<string>,
  voidRefused: {en: (why: string) => `The terminal refused the void: ${why}`, 'zh-CN': (why: string) => `终端拒绝了撤销：${why}`} as F<string>,
  voidInDoubt: {
    en: 'The terminal stopped answering while the void was under way: whether the sale is voided is not known yet.',
    'zh-CN': '撤销过程中终端停止了响应：这笔消费是否已撤销暂不清楚。',
  } as T,
  voidNotSent: {en: 'The void was not sent: it needs your confirmation.', 'zh-CN': '撤销未发送：需要您确认。'} as T,
  voidDeclined: {en: 'The void was not sent (you said no).', 'zh-CN': '撤销未发送（您选择了否）。'} as T,
  voidNoLink: {en: 'posdoc cannot reach the terminal, so it cannot check whether the first void went through.', 'zh-CN': 'posdoc 无法连接终端，因此无法确认第一次撤销是否成功。'} as T,
  // payout
  batchOpen: {en: (w: string) => `The sale (${w}) is approved but its batch is still open: end-of-day has not been run, so the acquirer has not been asked to pay it yet.`, 'zh-CN': (w: string) => `该笔消费（${w}）已成功，但所在批次尚未结算：还没做结算，收单机构尚未收到付款请求。`} as F<string>,
  payoutWait: {en: (w: string, d: string) => `The sale (${w}) is approved and settled; its payout is due on ${d}.`, 'zh-CN': (w: string, d: string) => `该笔消费（${w}）已成功并已结算；预计 ${d} 入账。`} as F2,
  payoutLate: {en: (w: string, d: string) => `The sale (${w}) is approved and settled, and its payout was due on ${d}: the acquirer must pay it or say why.`, 'zh-CN': (w: string, d: string) => `该笔消费（${w}）已成功并已结算，应于 ${d} 入账：收单机构应予划款或说明原因。`} as F2,
  reconSettled: {en: (w: string) => `The settlement file lists the sale (${w}) as settled.`, 'zh-CN': (w: string) => `结算文件显示该笔消费（${w}）已结算。`} as F<string>,
  reconException: {en: (t: string) => `The settlement file disagrees: ${t}`, 'zh-CN': (t: string) => `结算文件与终端记录不符：${t}`} as F<string>,
  // device / network
  healthy: {en: 'The terminal and its connection to the acquirer work.', 'zh-CN': '终端及其与收单机构的连接均正常。'} as T,
  problems: {en: (s: string) => `Problem found: ${s}`, 'zh-CN': (s: string) => `发现问题：${s}`} as F<string>,
  notConnected: {en: 'The terminal is not connected to this PC: posdoc reasons from what you read off the terminal.', 'zh-CN': '终端未连接到本电脑：posdoc 根据您从终端上看到的信息判断。'} as T,
  // QR
  qrPaid: {en: (p: string) => `${p} shows the order paid: the customer has paid. Only the arrival notice is missing.`, 'zh-CN': (p: string) => `${p}显示该订单已支付：顾客已付款，只是没有到账提示。`} as F<string>,
  qrRefunded: {en: 'The order was paid and then refunded to the customer.', 'zh-CN': '该订单已支付，随后已退款给顾客。'} as T,
  qrPending: {en: (s: number, left: number) => `The order is ${s} s old and not final: the customer may still be paying. It ends by itself within about ${left} s.`, 'zh-CN': (s: number, left: number) => `订单已过去 ${s} 秒，尚未有最终结果：顾客可能仍在支付，约 ${left} 秒内会自动结束。`} as F2n,
  qrPendingLate: {en: (s: number) => `The order is ${s} s old and still not final: it must be cancelled before anything else.`, 'zh-CN': (s: number) => `订单已过去 ${s} 秒仍无最终结果：须先撤销该订单。`} as F<number>,
  qrPendingNoAge: {en: 'The order is not final and its age is not known.', 'zh-CN': '订单尚无最终结果，且不清楚付款时间。'} as T,
  qrNotPaid: {en: 'The order ended without payment (closed / revoked / failed): the customer was not charged.', 'zh-CN': '该订单已结束且未支付（已关闭 / 已撤销 / 失败）：顾客未被扣款。'} as T,
  qrLimit: {en: 'The payment failed on the customer\'s limit or balance: the customer was not charged.', 'zh-CN': '付款因顾客限额或余额不足而失败：顾客未被扣款。'} as T,
  qrNotFoundPaid: {
    en: (p: string) => `${p} has no such order for your shop, yet the customer shows a paid record: the money probably went to another payee (a swapped or old QR code).`,
    'zh-CN': (p: string) => `${p}中查不到本店的这笔订单，但顾客显示已付款：款项很可能付给了其他收款方（二维码被替换或是旧码）。`,
  } as F<string>,
  qrNotFoundYoung: {en: 'The order is not there yet: it may still be being created.', 'zh-CN': '暂时查不到该订单：订单可能还在创建中。'} as T,
  qrUncertain: {
    en: (p: string) => `${p} cannot confirm this order's result (or its answer could not be verified): only the platform can settle it.`,
    'zh-CN': (p: string) => `${p}无法确认这笔订单的结果（或其应答无法验证）：只能由支付平台确认。`,
  } as F<string>,
  qrNotFound: {en: (p: string) => `${p} has no such order for your shop.`, 'zh-CN': (p: string) => `${p}中查不到本店的这笔订单。`} as F<string>,
  qrNotChecked: {
    en: (p: string) => `The order's state is not known yet: look it up once in ${p}, by the time and amount, or by the order number.`,
    'zh-CN': (p: string) => `订单状态暂不清楚：请在${p}按时间和金额（或订单号）查一次。`,
  } as F<string>,
  qrNetwork: {en: 'The network check failed too, which can stop arrival notices.', 'zh-CN': '网络检查也未通过，这也会导致收不到到账提示。'} as T,
  // guard
  guardFailedCheck: {en: (s: string) => `A check that bears on this failed: ${s}`, 'zh-CN': (s: string) => `与此相关的检查未通过：${s}`} as F<string>,
  guardUnknown: {en: 'A payment attempt\'s state is not known: nothing is settled yet.', 'zh-CN': '有一笔付款的结果未知：事情尚未了结。'} as T,
  guardPayoutEarly: {en: (d: string) => `The payout window has not passed yet (due ${d}).`, 'zh-CN': (d: string) => `尚未过入账期限（预计 ${d}）。`} as F<string>,
}
type F2 = Record<Lang, (a: string, b: string) => string>
type F2n = Record<Lang, (a: number, b: number) => string>

export const CUSTOMER = {
  paid: {en: 'Your payment has arrived, thank you.', 'zh-CN': '已收到您的付款，谢谢。'} as T,
  wait: {en: 'Please wait, we are confirming the payment. Please do not pay again.', 'zh-CN': '请稍等，正在确认付款结果，请不要重复付款。'} as T,
  finishOnPhone: {en: 'Please finish the payment on your phone (enter your password).', 'zh-CN': '请在手机上完成支付（输入密码）。'} as T,
  cancelled: {en: 'This attempt was cancelled and will not be charged; if money left your account it goes back automatically.', 'zh-CN': '这笔未完成，已撤销，不会扣款；如已扣款会原路退回。'} as T,
  payAgain: {en: "That one didn't go through, please pay again.", 'zh-CN': '刚才这笔没有成功，请重新付款。'} as T,
  provider: {en: "The payment provider must confirm the payment; we'll contact you.", 'zh-CN': '付款结果需要支付机构确认，确认后我们联系您。'} as T,
  wrongPayee: {en: "The payment didn't reach our account; we'll help you contact the provider.", 'zh-CN': '您的付款没有到本店账户，我们帮您联系支付机构。'} as T,
  limit: {en: 'Your limit or balance was reached, please use another method.', 'zh-CN': '您的账户限额或余额不足，请换一种方式付款。'} as T,
  refunded: {en: 'The payment was refunded to you: to your balance in about 5 minutes, to a bank card in 1–3 working days.', 'zh-CN': '这笔款项已退回：零钱约 5 分钟、银行卡 1–3 个工作日到账。'} as T,
  voided: {en: 'The payment is cancelled: you will not be charged; a hold on your card is released by your bank.', 'zh-CN': '这笔消费已撤销，不会扣款；卡上的冻结金额由发卡行释放。'} as T,
  voidPending: {en: 'We are cancelling the payment; you will not be charged twice. We will confirm when it is done.', 'zh-CN': '我们正在撤销这笔消费，不会重复扣款；完成后会告知您。'} as T,
  refundComing: {en: 'The payment will be refunded to your card; it takes a few working days to show.', 'zh-CN': '这笔款项将退回您的卡上，通常需要几个工作日到账。'} as T,
  slip: {en: 'Here is a copy of your slip.', 'zh-CN': '这是您的小票副本。'} as T,
  slipLater: {en: 'We will give you a copy of your slip as soon as we have it.', 'zh-CN': '拿到小票副本后会尽快交给您。'} as T,
  none: {en: 'Nothing to tell the customer about this.', 'zh-CN': '无需向顾客说明。'} as T,
  notCharged: {en: 'The payment did not go through and you were not charged; please pay again.', 'zh-CN': '刚才的付款没有成功，您没有被扣款，请重新付款。'} as T,
}

export const REQUEST = {
  payout: {en: 'Please check why this approved sale has not been paid out, and when it will be.', 'zh-CN': '请核查这笔已成功的交易为何未入账，以及何时划款。'} as T,
  authorisation: {en: 'Please check whether you have an authorisation for this payment and its final state.', 'zh-CN': '请核查是否有这笔交易的授权记录及其最终状态。'} as T,
  copy: {en: 'Please provide a copy of the transaction slip.', 'zh-CN': '请提供该笔交易的签购单副本。'} as T,
  refund: {en: 'Please refund this sale, which could not be voided on the terminal.', 'zh-CN': '该笔消费在终端上无法撤销，请协助退款。'} as T,
  platform: {en: 'Please check this QR order: its final state, and the payee of the customer\'s payment record.', 'zh-CN': '请核查这笔扫码订单的最终状态，以及顾客付款记录的收款方。'} as T,
}
