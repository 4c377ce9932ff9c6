/** zh-CN / en texts of `posdoc void retry` (kept beside it: they are its vocabulary). */
import {formatMoney, receiptNo} from './common.js'

type L<T = string> = {en: T; 'zh-CN': T}
type F<A extends unknown[]> = L<(...a: A) => string>

const when = (iso: string | undefined) => (iso ? iso.replace('T', ' ').slice(0, 16) : '?')

export const voidText = {
  // ---- bad input (exit 2, nothing sent)
  badReceipt: {
    en: (v: string) => `Receipt number must be a whole number from 1 to 9999: "${v}"`,
    'zh-CN': (v: string) => `票据号必须是 1 到 9999 之间的整数："${v}"`,
  } as F<[string]>,
  badReceiptRemedy: {en: 'Take it from the slip (Receipt / 票据号), e.g. --receipt 42', 'zh-CN': '请从小票上抄写（Receipt / 票据号），例如 --receipt 42'} as L,
  badAmount: {
    en: (v: string) => `Amount must be a positive number with at most two decimals, e.g. 12.30: "${v}"`,
    'zh-CN': (v: string) => `金额必须是正数，最多两位小数，例如 12.30："${v}"`,
  } as F<[string]>,
  badAmountRemedy: {en: 'Write the amount as on the slip, without currency or sign', 'zh-CN': '请按小票上的金额填写，不带币种和正负号'} as L,
  needsReceipt: {en: 'Say which sale to void: --receipt N (the receipt number on the slip)', 'zh-CN': '请指定要撤销的交易：--receipt N（小票上的票据号）'} as L,
  needsPassword: {
    en: "A void needs the terminal's ZVT password: add --password NNNNNN (or set it in the terminal profile)",
    'zh-CN': '撤销需要终端的 ZVT 密码：请加上 --password NNNNNN（或在终端配置中设置）',
  } as L,
  needsPasswordRemedy: {en: "The password is in the terminal's ECR/cash-register settings; ask whoever set the terminal up", 'zh-CN': '密码在终端的收银机（ECR）设置中；请询问安装终端的人员'} as L,
  needsYes: {
    en: 'Not running on a terminal (TTY), so nobody can confirm the void: add --yes to confirm it, or --dry-run to see what would be sent',
    'zh-CN': '当前不在交互式终端（TTY）中运行，无法确认撤销：请加上 --yes 确认，或用 --dry-run 查看将要发送的内容',
  } as L,
  refundNeedsAmount: {
    en: '--refund needs --amount: say exactly how much goes back to the card',
    'zh-CN': '--refund 需要同时给出 --amount：请明确退回到卡上的金额',
  } as L,
  passwordRejected: {
    en: 'The terminal refused the ZVT password (its registration answered 83)',
    'zh-CN': '终端拒绝了 ZVT 密码（登录应答 83）',
  } as L,
  passwordRejectedRemedy: {
    en: "Check --password against the terminal's ECR settings; nothing was sent",
    'zh-CN': '请核对 --password 与终端收银机设置中的密码；未发送任何交易指令',
  } as L,
  tidMismatch: {
    en: (expected: string, actual: string) => `This terminal is TID ${actual}, not ${expected}: the receipt belongs to another terminal`,
    'zh-CN': (expected: string, actual: string) => `当前终端的终端号是 ${actual}，不是 ${expected}：该小票属于另一台终端`,
  } as F<[string, string]>,
  tidRemedy: {
    en: 'Connect the terminal that made the sale (its TID is on the slip); nothing was sent',
    'zh-CN': '请连接完成该笔交易的终端（终端号印在小票上）；未发送任何交易指令',
  } as L,
  badTid: {
    en: (v: string) => `The terminal ID (TID) must be 8 digits: "${v}"`,
    'zh-CN': (v: string) => `终端号必须是 8 位数字："${v}"`,
  } as F<[string]>,
  noAnswer: {en: 'no answer', 'zh-CN': '无应答'} as L,
  confirmedByAsking: {en: 'confirmed by asking the terminal', 'zh-CN': '经向终端查询确认'} as L,
  tidUnknown: {en: 'The terminal did not report its TID, so --tid cannot be checked', 'zh-CN': '终端未报告终端号，无法核对 --tid'} as L,
  unknownReceipt: {
    en: (n: number) => `Receipt ${receiptNo(n)} is not in the terminal's journal`,
    'zh-CN': (n: number) => `终端流水中没有票据号 ${receiptNo(n)}`,
  } as F<[number]>,
  unknownReceiptRemedy: {en: 'Check the number on the slip (Receipt / 票据号); nothing was sent', 'zh-CN': '请核对小票上的票据号；未发送任何交易指令'} as L,
  otherTerminal: {
    en: (n: number, recTid: string, tid: string) => `Receipt ${receiptNo(n)} was made on terminal ${recTid}, not on this one (${tid})`,
    'zh-CN': (n: number, recTid: string, tid: string) => `票据号 ${receiptNo(n)} 是在终端 ${recTid} 上完成的，不是当前终端（${tid}）`,
  } as F<[number, string, string]>,
  notASale: {
    en: (n: number, type: string) => `Receipt ${receiptNo(n)} is a ${type}, not a sale: there is nothing to void`,
    'zh-CN': (n: number, type: string) => `票据号 ${receiptNo(n)} 是一笔${type === 'refund' ? '退货' : type === 'reversal' ? '撤销' : type}，不是消费，无可撤销`,
  } as F<[number, string]>,
  notASaleRemedy: {en: "Check the number on the sale's slip; nothing was sent", 'zh-CN': '请核对消费小票上的票据号；未发送任何交易指令'} as L,
  amountMismatch: {
    en: (n: number, orig: string, given: string) => `Receipt ${receiptNo(n)} was over ${orig}, not ${given}: a void always reverses the full original amount`,
    'zh-CN': (n: number, orig: string, given: string) => `票据号 ${receiptNo(n)} 的金额是 ${orig}，不是 ${given}：撤销总是撤销原交易的全部金额`,
  } as F<[number, string, string]>,
  amountMismatchRemedy: {
    en: 'Check the slip and give the exact amount (or leave --amount out); to give back only part, a refund is the way. Nothing was sent',
    'zh-CN': '请核对小票并填写准确金额（或不填 --amount）；只退部分金额请走退货流程。未发送任何交易指令',
  } as L,
  refundTooLarge: {
    en: (orig: string, given: string) => `A refund of ${given} is more than the original sale (${orig})`,
    'zh-CN': (orig: string, given: string) => `退货金额 ${given} 超过了原交易金额（${orig}）`,
  } as F<[string, string]>,

  // ---- outcomes
  reversed: {
    en: (n: number, r: number | undefined) => `Receipt ${receiptNo(n)} is voided${r === undefined ? '' : ` (reversal receipt ${receiptNo(r)})`}`,
    'zh-CN': (n: number, r: number | undefined) => `票据号 ${receiptNo(n)} 已撤销${r === undefined ? '' : `（撤销票据号 ${receiptNo(r)}）`}`,
  } as F<[number, number | undefined]>,
  reversedNoSlip: {
    en: (n: number, r: number | undefined) =>
      `Receipt ${receiptNo(n)} is voided${r === undefined ? '' : ` (reversal receipt ${receiptNo(r)})`}, but the terminal could not print the slip: printer not ready (CC)`,
    'zh-CN': (n: number, r: number | undefined) => `票据号 ${receiptNo(n)} 已撤销${r === undefined ? '' : `（撤销票据号 ${receiptNo(r)}）`}，但终端无法打印小票：打印机未就绪（CC）`,
  } as F<[number, number | undefined]>,
  reversedNoSlipRemedy: {
    en: (r: number | undefined) =>
      `Do not void again. Load a paper roll and close the cover, then print the slip with \`posdoc receipt reprint ${r === undefined ? '--last' : `--receipt ${r}`}\`; the slip text is included here`,
    'zh-CN': (r: number | undefined) =>
      `请勿再次撤销。装入新纸卷并合上纸仓盖，然后用 \`posdoc receipt reprint ${r === undefined ? '--last' : `--receipt ${r}`}\` 补打小票；小票文字已附在结果中`,
  } as F<[number | undefined]>,
  alreadyReversed: {
    en: (n: number, by: number | undefined) => `Receipt ${receiptNo(n)} was already voided${by === undefined ? '' : ` (reversal receipt ${receiptNo(by)})`}: nothing was sent`,
    'zh-CN': (n: number, by: number | undefined) => `票据号 ${receiptNo(n)} 此前已撤销${by === undefined ? '' : `（撤销票据号 ${receiptNo(by)}）`}：未发送任何指令`,
  } as F<[number, number | undefined]>,
  nothingToVoid: {
    en: (n: number) => `Receipt ${receiptNo(n)} never stood: the terminal cancelled it itself (auto-reversal), no money moved, nothing to void`,
    'zh-CN': (n: number) => `票据号 ${receiptNo(n)} 的交易未成立：终端已自行冲正，资金未变动，无需撤销`,
  } as F<[number]>,
  refundNeeded: {
    en: (n: number) => `Receipt ${receiptNo(n)} can no longer be voided: its batch was closed by the end-of-day, so a refund is the way`,
    'zh-CN': (n: number) => `票据号 ${receiptNo(n)} 已无法撤销：其批次已结算（日结），需要走退货流程`,
  } as F<[number]>,
  refundNeededRemedy: {
    en: (amount: string | undefined) =>
      `Run again with --refund --amount ${amount ?? 'X'} (the customer's card is needed at the terminal), or refund on the terminal itself. Nothing was sent`,
    'zh-CN': (amount: string | undefined) => `请加上 --refund --amount ${amount ?? 'X'} 重新运行（需要顾客在终端上出示原卡），或直接在终端上做退货。未发送任何交易指令`,
  } as F<[string | undefined]>,
  refunded: {
    en: (amount: string, r: number | undefined) => `Refunded ${amount} to the card${r === undefined ? '' : ` (refund receipt ${receiptNo(r)})`}`,
    'zh-CN': (amount: string, r: number | undefined) => `已退款 ${amount} 到卡上${r === undefined ? '' : `（退货票据号 ${receiptNo(r)}）`}`,
  } as F<[string, number | undefined]>,
  alreadyRefunded: {
    en: (n: number, at: string) => `A refund for receipt ${receiptNo(n)} was already made by posdoc (${when(at)}): nothing was sent`,
    'zh-CN': (n: number, at: string) => `posdoc 已为票据号 ${receiptNo(n)} 做过退货（${when(at)}）：未发送任何指令`,
  } as F<[number, string]>,
  alreadyRefundedRemedy: {
    en: 'If a second refund is really intended, do it on the terminal itself after checking the statement',
    'zh-CN': '如确需再次退货，请核对对账单后直接在终端上操作',
  } as L,
  refused: {
    en: (code: string, text: string) => `The terminal refused: ${code} ${text}; no money moved`,
    'zh-CN': (code: string, text: string) => `终端拒绝：${code} ${text}；资金未变动`,
  } as F<[string, string]>,
  transientExhausted: {
    en: (tries: number, code: string, text: string) => `Not done after ${tries} attempt(s): ${code} ${text}; no money moved`,
    'zh-CN': (tries: number, code: string, text: string) => `尝试 ${tries} 次仍未完成：${code} ${text}；资金未变动`,
  } as F<[number, string, string]>,
  transientRemedy: {
    en: (remedy: string) => `${remedy} Then run the same command again`,
    'zh-CN': (remedy: string) => `${remedy}然后重新运行同一条命令`,
  } as F<[string]>,
  linkLostBeforeSend: {en: 'The connection broke before anything was sent: no money moved', 'zh-CN': '在发送之前连接已断开：资金未变动'} as L,
  notDoneAfterLinkLoss: {
    en: "The connection broke during the attempt; the terminal's journal shows it was not done: no money moved",
    'zh-CN': '操作过程中连接断开；终端流水显示操作未完成：资金未变动',
  } as L,
  rerunRemedy: {en: 'Check the cable / network, then run the same command again', 'zh-CN': '请检查线缆/网络，然后重新运行同一条命令'} as L,
  inDoubt: {
    en: (reason: string) => `The outcome is unknown: the terminal got the command but its answer never arrived (${reason})`,
    'zh-CN': (reason: string) => `结果未知：终端已收到指令，但未收到其应答（${reason}）`,
  } as F<[string]>,
  inDoubtRemedy: {
    en: 'Do NOT void again, neither here nor on the terminal. Bring the terminal back (power, cable, network), then run any posdoc command for it (e.g. `posdoc device probe`): posdoc asks the terminal first and records the real outcome',
    'zh-CN': '请勿再次撤销，无论在此处还是在终端上。恢复终端（电源、线缆、网络）后，对该终端运行任一 posdoc 命令（如 `posdoc device probe`）：posdoc 会先向终端查询并记录真实结果',
  } as L,
  blocked: {
    en: (n: number, at: string) => `An earlier attempt on receipt ${receiptNo(n)} (started ${when(at)}) still has no known outcome: nothing was sent`,
    'zh-CN': (n: number, at: string) => `此前针对票据号 ${receiptNo(n)} 的操作（开始于 ${when(at)}）结果仍未知：未发送任何指令`,
  } as F<[number, string]>,
  blockedRemedy: {
    en: (id: string) =>
      `Do NOT void again, neither here nor on the terminal. Bring the terminal back (power, cable, network), then run any posdoc command for it: posdoc asks the terminal first and records the real outcome. If the terminal can never tell (replaced, journal lost), a support agent with proof from the acquirer closes it: posdoc void resolve --intent ${id} --outcome succeeded|not-done|already-reversed --evidence "…"`,
    'zh-CN': (id: string) =>
      `请勿再次撤销，无论在此处还是在终端上。恢复终端（电源、线缆、网络）后，对该终端运行任一 posdoc 命令：posdoc 会先向终端查询并记录真实结果。如终端永远无法确认（已更换、流水丢失），请由持有收单机构证明的支持人员关闭：posdoc void resolve --intent ${id} --outcome succeeded|not-done|already-reversed --evidence "…"`,
  } as F<[string]>,
  closedByHand: {
    en: (n: number, at: string, by: string) => `Receipt ${receiptNo(n)} was already voided: an earlier attempt was closed by hand as done (${by}, ${when(at)}, \`posdoc void resolve\`); nothing was sent`,
    'zh-CN': (n: number, at: string, by: string) => `票据号 ${receiptNo(n)} 此前已撤销：之前的操作已被人工关闭为已完成（${by}，${when(at)}，\`posdoc void resolve\`）；未发送任何指令`,
  } as F<[number, string, string]>,
  refundClosedByHand: {
    en: (n: number, at: string, by: string) => `A refund for receipt ${receiptNo(n)} was already made: closed by hand as done (${by}, ${when(at)}, \`posdoc void resolve\`); nothing was sent`,
    'zh-CN': (n: number, at: string, by: string) => `票据号 ${receiptNo(n)} 已做过退货：已被人工关闭为已完成（${by}，${when(at)}，\`posdoc void resolve\`）；未发送任何指令`,
  } as F<[number, string, string]>,
  closedByHandStanding: {
    en: "The terminal's own journal still shows the sale as standing; the record made by hand says it was voided. posdoc will not send it; if the proof is in question, ask the acquirer before voiding on the terminal itself",
    'zh-CN': '终端自身的流水仍显示该笔消费有效；人工记录表明其已撤销。posdoc 不会发送撤销；如对该证明有疑问，请先联系收单机构，再考虑在终端上直接撤销',
  } as L,
  conflict: {
    en: (n: number, at: string) => `posdoc recorded receipt ${receiptNo(n)} as voided (${when(at)}), but the terminal shows the sale as standing: stopping`,
    'zh-CN': (n: number, at: string) => `posdoc 记录票据号 ${receiptNo(n)} 已撤销（${when(at)}），但终端显示该消费仍有效：已停止`,
  } as F<[number, string]>,
  conflictRemedy: {
    en: "Print the terminal's journal and ask the acquirer before doing anything; nothing was sent",
    'zh-CN': '请先打印终端流水并联系收单机构，再做任何操作；未发送任何指令',
  } as L,
  notOnTerminal: {
    en: (n: number) => `Receipt ${receiptNo(n)} is not on the terminal (a wrong number, or its batch was already closed) and the terminal offers no journal to tell which`,
    'zh-CN': (n: number) => `终端上没有票据号 ${receiptNo(n)}（号码有误，或其批次已结算），且终端不提供流水无法区分`,
  } as F<[number]>,
  notOnTerminalRemedy: {
    en: 'Check the number on the slip; if the sale was before the last end-of-day, a refund is the way (--refund --amount X). Nothing was sent',
    'zh-CN': '请核对小票上的票据号；如该笔消费在上次日结之前，需走退货流程（--refund --amount X）。未发送任何指令',
  } as L,
  dryRun: {en: 'Dry run: nothing was sent that moves money', 'zh-CN': '演练模式：未发送任何涉及资金的指令'} as L,
  declined: {en: 'Not confirmed: nothing was sent', 'zh-CN': '未确认：未发送任何指令'} as L,
  registerFailed: {
    en: (code: string, text: string) => `The terminal refused the registration: ${code} ${text}; nothing was sent`,
    'zh-CN': (code: string, text: string) => `终端拒绝登录：${code} ${text}；未发送任何指令`,
  } as F<[string, string]>,
  lockLost: {
    en: 'Another process took over the terminal lock: stopping before anything is sent',
    'zh-CN': '终端锁被其他进程接管：在发送任何指令之前停止',
  } as L,

  // ---- prompts and progress
  confirmVoid: {
    en: (n: number, amount: string, card: string, at: string, tid: string) => `Void receipt ${receiptNo(n)} over ${amount}${card ? ` (${card}, ${at})` : ''} on terminal ${tid}? This gives the money back to the card.`,
    'zh-CN': (n: number, amount: string, card: string, at: string, tid: string) => `撤销终端 ${tid} 上票据号 ${receiptNo(n)}、金额 ${amount}${card ? `（${card}，${at}）` : ''} 的交易？资金将退回卡上。`,
  } as F<[number, string, string, string, string]>,
  confirmRefund: {
    en: (amount: string, n: number, tid: string) => `Refund ${amount} for receipt ${receiptNo(n)} on terminal ${tid}? The customer must present the card at the terminal.`,
    'zh-CN': (amount: string, n: number, tid: string) => `在终端 ${tid} 上为票据号 ${receiptNo(n)} 退款 ${amount}？顾客需要在终端上出示银行卡。`,
  } as F<[string, number, string]>,
  stepRegister: {en: 'registering with the terminal', 'zh-CN': '正在登录终端'} as L,
  stepState: {en: "reading the terminal's records", 'zh-CN': '正在读取终端记录'} as L,
  stepSend: {
    en: (what: string, n: number, of: number) => `sending the ${what} (attempt ${n} of ${of})`,
    'zh-CN': (what: string, n: number, of: number) => `正在发送${what === 'refund' ? '退货' : '撤销'}（第 ${n}/${of} 次）`,
  } as F<[string, number, number]>,
  stepWait: {en: (s: number) => `terminal not ready, trying again in ${s} s`, 'zh-CN': (s: number) => `终端未就绪，${s} 秒后重试`} as F<[number]>,
  stepAsk: {en: 'asking the terminal what happened', 'zh-CN': '正在向终端查询实际结果'} as L,
  stepSlip: {en: 'fetching the slip as text', 'zh-CN': '正在获取小票文字'} as L,

  // ---- rendering
  original: {en: 'Original sale', 'zh-CN': '原交易'} as L,
  attempts: {en: 'Attempts', 'zh-CN': '尝试记录'} as L,
  wouldSend: {en: 'posdoc would send', 'zh-CN': 'posdoc 将发送'} as L,
  sent: {en: 'posdoc sent', 'zh-CN': 'posdoc 已发送'} as L,
  slip: {en: 'Slip (text)', 'zh-CN': '小票（文字）'} as L,
  receipt: {en: 'receipt', 'zh-CN': '票据号'} as L,
  trace: {en: 'trace', 'zh-CN': '凭证号'} as L,
  batch: {en: 'batch', 'zh-CN': '批次'} as L,
  onTerminalYes: {en: 'still on the terminal (open batch)', 'zh-CN': '仍在终端上（当前批次）'} as L,
  onTerminalNo: {en: 'no longer on the terminal (batch closed)', 'zh-CN': '已不在终端上（批次已结算）'} as L,
  tryLabel: {en: 'Try', 'zh-CN': '建议'} as L,
  money: formatMoney,
}
