/** Texts of the guided diagnosis (`posdoc diagnose`), zh-CN and en. */
import type {Lang} from '../i18n/index.js'

type L = Record<Lang, string>
type F<A extends unknown[]> = Record<Lang, (...a: A) => string>

export const flowText = {
  pickSymptom: {en: 'What went wrong?', 'zh-CN': '遇到了什么问题？'} as L,
  pickTerminal: {en: 'Which terminal?', 'zh-CN': '要检查哪台终端？'} as L,
  terminalDemo: {en: 'the demo simulator (no hardware; not your real terminal)', 'zh-CN': '演示模拟器（无需硬件，不是您的真实终端）'} as L,
  terminalNone: {en: 'not connected to this PC (I will read what the terminal shows)', 'zh-CN': '终端没有连接本电脑（由我查看终端上的信息）'} as L,
  terminalTcp: {en: 'a terminal on the network (TCP address)', 'zh-CN': '网络上的终端（TCP 地址）'} as L,
  terminalSerial: {en: 'a terminal on a serial / USB port', 'zh-CN': '串口 / USB 终端'} as L,
  terminalProfile: {en: 'profile', 'zh-CN': '配置'} as L,
  askTcp: {en: 'Terminal address (HOST[:PORT])', 'zh-CN': '终端地址（HOST[:PORT]）'} as L,
  askSerial: {en: 'Serial port (e.g. /dev/ttyUSB0 or COM3)', 'zh-CN': '串口（例如 /dev/ttyUSB0 或 COM3）'} as L,
  terminalSerialOther: {en: 'another serial port (type its name)', 'zh-CN': '其他串口（手动输入名称）'} as L,
  lookingForPorts: {en: 'looking for serial ports', 'zh-CN': '正在查找串口'} as L,
  /** one found serial port as a choice: "/dev/ttyUSB0 — FTDI FT232R USB-serial adapter" */
  serialPortChoice: {
    en: (path: string, what: string) => (what ? `${path} — ${what}` : path),
    'zh-CN': (path: string, what: string) => (what ? `${path} — ${portHintZh(what)}` : path),
  } as F<[string, string]>,
  confirmVoid: {en: 'Void this sale on the terminal now? (the money goes back to the card)', 'zh-CN': '现在在终端上撤销这笔消费吗？（款项将退回卡上）'} as L,

  needsSymptom: {en: 'Which problem? --symptom is required when nobody can answer prompts.', 'zh-CN': '非交互模式下必须用 --symptom 指定问题。'} as L,
  symptomRemedy: {en: 'one of', 'zh-CN': '可选值'} as L,
  badSymptom: {en: (v: string) => `unknown symptom "${v}"`, 'zh-CN': (v: string) => `未知的问题类型 "${v}"`} as F<[string]>,
  missingAnswers: {en: (ids: string) => `missing answers: ${ids}`, 'zh-CN': (ids: string) => `缺少回答：${ids}`} as F<[string]>,
  missingRemedy: {en: (f: string) => `put them in the --answers file (${f}), keyed by question id`, 'zh-CN': (f: string) => `请在 --answers 文件（${f}）中按问题 id 填写`} as F<[string]>,
  badAnswers: {en: (f: string, why: string) => `cannot read the answers file ${f}: ${why}`, 'zh-CN': (f: string, why: string) => `无法读取回答文件 ${f}：${why}`} as F<[string, string]>,
  badAnswersRemedy: {en: 'a JSON object by question id, e.g. {"amount": "25.80"}', 'zh-CN': '应为按问题 id 组织的 JSON 对象，例如 {"amount": "25.80"}'} as L,
  needsTerminal: {
    en: 'Which terminal? Give --tcp, --serial, --terminal or --demo, or a "terminal" answer (e.g. "serial:/dev/ttyUSB0").',
    'zh-CN': '请指定终端：--tcp、--serial、--terminal 或 --demo，或在回答文件中给出 "terminal"（例如 "serial:/dev/ttyUSB0"）。',
  } as L,
  terminalAnswerRemedy: {
    en: '"terminal": "serial:PORT" (e.g. "serial:/dev/ttyUSB0", "serial:COM3"), "profile:NAME", "demo", "tcp" with "tcp": "HOST[:PORT]", or "serial" with "serial": "PORT"',
    'zh-CN': '"terminal" 可为 "serial:端口"（例如 "serial:/dev/ttyUSB0"、"serial:COM3"）、"profile:配置名"、"demo"、"tcp"（另给 "tcp": "HOST[:PORT]"）或 "serial"（另给 "serial": "端口"）',
  } as L,
  needsTerminalRemedy: {en: 'posdoc diagnose --demo --symptom terminal-offline', 'zh-CN': 'posdoc diagnose --demo --symptom terminal-offline'} as L,
  symptomMismatch: {en: (c: string, s: string) => `case ${c} is about "${s}"`, 'zh-CN': (c: string, s: string) => `案例 ${c} 的问题类型是 "${s}"`} as F<[string, string]>,

  // check titles
  checkLink: {en: 'Terminal connection', 'zh-CN': '终端连接'} as L,
  checkReprint: {en: 'Receipt reprint', 'zh-CN': '补打小票'} as L,
  checkVoid: {en: 'Void of the sale', 'zh-CN': '撤销消费'} as L,
  checkFind: {en: 'Payment in the terminal journal', 'zh-CN': '终端流水中的该笔交易'} as L,
  checkQr: {en: 'Scan-pay order state', 'zh-CN': '扫码订单状态'} as L,
  checkQrQuery: {en: 'The payment platform on this order', 'zh-CN': '支付平台查询该订单'} as L,
  qrQueried: {en: (o: string, st: string) => `order ${o}: ${st}`, 'zh-CN': (o: string, st: string) => `订单 ${o}：${st}`} as F<[string, string]>,
  checkRecon: {en: 'Settlement file', 'zh-CN': '结算文件'} as L,

  linkDown: {en: (l: string, m: string) => `cannot reach the terminal (${l}): ${m}`, 'zh-CN': (l: string, m: string) => `无法连接终端（${l}）：${m}`} as F<[string, string]>,
  linkDownRemedy: {
    en: 'Check that the terminal is switched on, its cable / Wi-Fi is connected and the address is right; then run posdoc diagnose again.',
    'zh-CN': '请确认终端已开机、网线/Wi-Fi 已连接且地址正确，然后重新运行 posdoc diagnose。',
  } as L,

  // verdicts
  voidNeedsYes: {en: 'The void moves money: it was not sent (needs confirmation: run again with --yes).', 'zh-CN': '撤销会动用资金：未发送（需要确认：请加 --yes 重新运行）。'} as L,
  voidDeclinedByUser: {en: 'The void was not sent (you said no).', 'zh-CN': '未发送撤销（您选择了否）。'} as L,
  found: {
    en: (what: string, r: string) => `Found on the terminal: ${what} — ${r}.`,
    'zh-CN': (what: string, r: string) => `在终端上找到：${what}——${r}。`,
  } as F<[string, string]>,
  notFound: {
    en: (a: string) => `No payment of ${a} on this terminal's journal.`,
    'zh-CN': (a: string) => `终端流水中没有金额为 ${a} 的交易。`,
  } as F<[string]>,
  reconSettled: {en: 'The settlement file lists the sale as settled: check the payout on the bank statement.', 'zh-CN': '结算文件显示该笔交易已结算：请核对银行流水中的划款。'} as L,
  reconNoItem: {
    en: 'The settlement file does not cover this sale (other period or terminal): the acquirer must say whether it was settled.',
    'zh-CN': '结算文件未涵盖该笔交易（日期或终端不同）：需要收单机构说明是否已结算。',
  } as L,


  pickTx: {en: 'Several transactions fit. Which one do you mean?', 'zh-CN': '有多笔交易符合。您指的是哪一笔？'} as L,
  severalFound: {en: (n: number) => `${n} transactions fit what you said.`, 'zh-CN': (n: number) => `有 ${n} 笔交易符合您的描述。`} as F<[number]>,
  notFoundWhat: {en: (w: string) => `Nothing on the terminal's journal fits ${w}.`, 'zh-CN': (w: string) => `终端流水中没有符合 ${w} 的交易。`} as F<[string]>,
  voidWaiting: {en: 'voiding: waiting for the terminal (at most 60 s)', 'zh-CN': '正在撤销：等待终端响应（最多 60 秒）'} as L,
  settlementMissing: {en: (p: string) => `The settlement file ${p} cannot be opened: the payment is judged without it.`, 'zh-CN': (p: string) => `无法打开结算文件 ${p}：将不使用它进行判断。`} as F<[string]>,
  settlementRemedy: {en: 'give the path of an existing CSV file (quotes are fine), or leave --settlement out', 'zh-CN': '请给出一个存在的 CSV 文件路径（可带引号），或去掉 --settlement'} as L,
  nextLabel: {en: 'Next', 'zh-CN': '下一步'} as L,
  dontLabel: {en: 'Do not', 'zh-CN': '不要'} as L,
  customerLabel: {en: 'Tell the customer', 'zh-CN': '告诉顾客'} as L,
  slipLabel: {en: 'Slip text', 'zh-CN': '小票内容'} as L,
  candidatesLabel: {en: 'Transactions that fit', 'zh-CN': '符合的交易'} as L,
  transactionLabel: {en: 'Transaction', 'zh-CN': '交易'} as L,

  // rendering
  caseLine: {en: (id: string) => `Case ${id}`, 'zh-CN': (id: string) => `案例 ${id}`} as F<[string]>,
  verdictLabel: {en: 'Verdict', 'zh-CN': '结论'} as L,
  actionsLabel: {en: 'Actions', 'zh-CN': '操作'} as L,
  acquirerLabel: {en: 'Ask the acquirer', 'zh-CN': '需联系收单机构'} as L,
  reportLabel: {en: 'Report', 'zh-CN': '报告'} as L,
  aborted: {en: (id: string) => `Stopped. The case is saved: posdoc diagnose --case ${id} continues it.`, 'zh-CN': (id: string) => `已中止。案例已保存：posdoc diagnose --case ${id} 可继续。`} as F<[string]>,
}

/**
 * Port hints (src/transport/ports.ts) are a few English words shared with `posdoc device list`;
 * the guided flow shows them in Chinese. Vendor and chip names stay as they are.
 */
const HINT_ZH: Array<[string, string]> = [
  ['USB serial device (CDC-ACM; many terminals use this)', 'USB 串口设备（CDC-ACM，许多终端使用）'],
  ['Newland device (payment terminal or barcode scanner)', 'Newland 设备（支付终端或扫码枪）'],
  ['payment terminal or card reader', '支付终端或读卡器'],
  ['built-in serial port', '主板串口'],
  ['USB-serial adapter', 'USB 转串口适配器'],
  ['payment terminal', '支付终端'],
]

export function portHintZh(hint: string): string {
  let out = hint
  for (const [en, zh] of HINT_ZH) out = out.split(en).join(zh)
  return out
}
