/** zh-CN / en texts of `posdoc void pending` and `posdoc void resolve` (kept beside them: their vocabulary). */
import type {ActionOutcome} from '../store/action-journal.js'
import {formatMoney, localDateTime, receiptNo} from './common.js'

type L<T = string> = {en: T; 'zh-CN': T}
type F<A extends unknown[]> = L<(...a: A) => string>

// this PC's local time, as the terminal's slips show it (the JSON keeps the ISO timestamps)
const when = (iso: string | undefined) => localDateTime(iso) || '?'

export interface IntentSummary {
  action: 'reversal' | 'refund'
  receiptNumber?: number | undefined
  amountCents?: number | undefined
  startedAt: string
}

const whatEn = (i: IntentSummary) =>
  i.action === 'reversal'
    ? `void of receipt ${receiptNo(i.receiptNumber)}${i.amountCents === undefined ? '' : ` over ${formatMoney(i.amountCents)}`}`
    : `refund of ${i.amountCents === undefined ? '?' : formatMoney(i.amountCents)}${i.receiptNumber === undefined ? '' : ` for receipt ${receiptNo(i.receiptNumber)}`}`
const whatZh = (i: IntentSummary) =>
  i.action === 'reversal'
    ? `票据号 ${receiptNo(i.receiptNumber)}${i.amountCents === undefined ? '' : `（金额 ${formatMoney(i.amountCents)}）`}的撤销`
    : `${i.receiptNumber === undefined ? '' : `票据号 ${receiptNo(i.receiptNumber)} 的`}退货（金额 ${i.amountCents === undefined ? '?' : formatMoney(i.amountCents)}）`

const outcomeZh: Record<ActionOutcome, string> = {succeeded: '已完成', 'not-done': '未完成', 'already-reversed': '此前已撤销'}

export const resolveText = {
  what: {en: whatEn, 'zh-CN': whatZh} as F<[IntentSummary]>,

  // ---- bad input (exit 2, nothing written)
  needsTerminal: {
    en: 'Say whose action journal to read: --tcp / --serial / --terminal as for `void retry`, --journal-key KEY, or --all',
    'zh-CN': '请指定要读取哪台终端的操作日志：与 `void retry` 相同的 --tcp / --serial / --terminal，或 --journal-key KEY，或 --all',
  } as L,
  tooManySelectors: {
    en: 'Give only one of: the terminal (--tcp / --serial / --terminal / --demo), --journal-key, --all',
    'zh-CN': '终端参数（--tcp / --serial / --terminal / --demo）、--journal-key、--all 只能选一个',
  } as L,
  needsTerminalRemedy: {en: '`posdoc void pending --all` lists every terminal with open intents', 'zh-CN': '`posdoc void pending --all` 会列出所有存在未决操作的终端'} as L,
  demoNoJournal: {
    en: '--demo keeps its action journal in memory for one run only: there is nothing to list or close',
    'zh-CN': '--demo 的操作日志只在单次运行的内存中：没有可列出或可关闭的记录',
  } as L,
  demoNoJournalRemedy: {en: 'Give the real terminal (--tcp / --serial / --terminal) or --journal-key KEY', 'zh-CN': '请指定真实终端（--tcp / --serial / --terminal）或 --journal-key KEY'} as L,
  badKey: {
    en: (k: string) => `Not a journal key: "${k}" (letters, digits, dot, dash and underscore only, as \`void pending --all\` shows them)`,
    'zh-CN': (k: string) => `不是有效的日志键："${k}"（只能包含字母、数字、点、横线和下划线，与 \`void pending --all\` 显示的一致）`,
  } as F<[string]>,
  noSuchJournal: {
    en: (k: string, file: string) => `No action journal with the key ${k} (${file} does not exist)`,
    'zh-CN': (k: string, file: string) => `没有键为 ${k} 的操作日志（文件 ${file} 不存在）`,
  } as F<[string, string]>,
  listKeysRemedy: {en: '`posdoc void pending --all` shows every journal key with open intents', 'zh-CN': '`posdoc void pending --all` 会显示所有存在未决操作的日志键'} as L,
  evidenceEmpty: {
    en: '--evidence is empty: say what proves the outcome (acquirer ticket, statement line, the printed slip)',
    'zh-CN': '--evidence 为空：请写明证明该结果的依据（收单机构工单、对账单条目、打印的小票）',
  } as L,
  evidenceTooLong: {
    en: (max: number, got: number) => `--evidence is too long (${got} characters; at most ${max}): keep it to the reference and what it shows`,
    'zh-CN': (max: number, got: number) => `--evidence 过长（${got} 个字符；最多 ${max} 个）：请只写编号及其证明的内容`,
  } as F<[number, number]>,
  evidenceRemedy: {
    en: 'e.g. --evidence "acquirer ticket 4711: reversal of trace 000172 approved 2026-11-23"; card numbers are masked before anything is written',
    'zh-CN': '例如 --evidence "收单机构工单 4711：凭证号 000172 的撤销已于 2026-11-23 批准"；卡号在写入前会被遮盖',
  } as L,
  needsYes: {
    en: 'Not running on a terminal (TTY), so nobody can confirm what is recorded: add --yes to record it; nothing was written',
    'zh-CN': '当前不在交互式终端（TTY）中运行，无法确认要记录的内容：请加上 --yes 进行记录；未写入任何内容',
  } as L,
  unknownIntent: {
    en: (id: string, where: string) => `No intent with the id ${id} in ${where}`,
    'zh-CN': (id: string, where: string) => `${where}中没有 id 为 ${id} 的操作意图`,
  } as F<[string, string]>,
  unknownIntentRemedy: {en: 'Copy the id from `posdoc void pending` (whole, as shown); nothing was written', 'zh-CN': '请从 `posdoc void pending` 的输出中完整复制 id；未写入任何内容'} as L,
  whereAll: {en: 'any action journal', 'zh-CN': '所有操作日志'} as L,
  whereOne: {en: (file: string) => `the action journal ${file}`, 'zh-CN': (file: string) => `操作日志 ${file} `} as F<[string]>,
  ambiguousIntent: {
    en: (id: string, keys: string) => `The id ${id} is in more than one action journal (${keys})`,
    'zh-CN': (id: string, keys: string) => `id ${id} 出现在多个操作日志中（${keys}）`,
  } as F<[string, string]>,
  ambiguousIntentRemedy: {en: 'Say which one with the terminal flags or --journal-key KEY; nothing was written', 'zh-CN': '请用终端参数或 --journal-key KEY 指定其中一个；未写入任何内容'} as L,
  alreadyResolved: {
    en: (id: string, outcome: string, by: string, at: string) => `The intent ${id} already has an outcome: ${outcome} (${by}, ${when(at)})`,
    'zh-CN': (id: string, outcome: string, by: string, at: string) => `操作意图 ${id} 已有结果：${outcome}（${by}，${when(at)}）`,
  } as F<[string, string, string, string]>,
  alreadyResolvedRemedy: {
    en: 'An outcome is final and is never overwritten; nothing was written. If it is wrong, take it to the acquirer with `posdoc void pending` and the journal file',
    'zh-CN': '结果一经记录即为最终结果，不会被覆盖；未写入任何内容。如结果有误，请携带 `posdoc void pending` 的输出和日志文件联系收单机构',
  } as L,
  resolvedByName: {
    en: (by: string) => ({answer: "the terminal's answer", check: 'asking the terminal', recovery: 'asking the terminal on a later start', manual: 'closed by hand'})[by] ?? by,
    'zh-CN': (by: string) => ({answer: '终端应答', check: '向终端查询', recovery: '之后启动时向终端查询', manual: '人工关闭'})[by] ?? by,
  } as F<[string]>,
  refundNotReversed: {
    en: (id: string) => `The intent ${id} is a refund: "already-reversed" does not apply to it (use succeeded or not-done)`,
    'zh-CN': (id: string) => `操作意图 ${id} 是一笔退货："already-reversed" 不适用（请用 succeeded 或 not-done）`,
  } as F<[string]>,
  refundNotReversedRemedy: {en: 'Nothing was written', 'zh-CN': '未写入任何内容'} as L,

  // ---- what an outcome means (confirmation, result)
  meaning: {
    en: (o: ActionOutcome, action: 'reversal' | 'refund') =>
      o === 'succeeded'
        ? `"succeeded": the ${action === 'refund' ? 'refund' : 'void'} happened; posdoc will never send it again and reports that sale as ${action === 'refund' ? 'refunded' : 'voided'}`
        : o === 'already-reversed'
          ? '"already-reversed": the sale had been voided before this attempt; posdoc will never send it again and reports the sale as voided'
          : `"not-done": no money moved; the next \`posdoc void retry\` of that receipt may ${action === 'refund' ? 'refund' : 'void'} it again (with a new intent of its own)`,
    'zh-CN': (o: ActionOutcome, action: 'reversal' | 'refund') =>
      o === 'succeeded'
        ? `"succeeded"：${action === 'refund' ? '退货' : '撤销'}已完成；posdoc 不会再次发送，并会把该笔交易报告为已${action === 'refund' ? '退货' : '撤销'}`
        : o === 'already-reversed'
          ? '"already-reversed"：该笔消费在此次操作之前已被撤销；posdoc 不会再次发送，并会把该笔交易报告为已撤销'
          : `"not-done"：资金未变动；下一次对该票据号运行 \`posdoc void retry\` 时可能会再次${action === 'refund' ? '退货' : '撤销'}（使用新的操作意图）`,
  } as F<[ActionOutcome, 'reversal' | 'refund']>,
  outcomeName: {en: (o: ActionOutcome) => o, 'zh-CN': (o: ActionOutcome) => `${o}（${outcomeZh[o]}）`} as F<[ActionOutcome]>,
  confirmHead: {
    en: (what: string, id: string, tid: string, at: string) => `Closing by hand the ${what} on terminal ${tid} (intent ${id}, started ${when(at)})`,
    'zh-CN': (what: string, id: string, tid: string, at: string) => `人工关闭终端 ${tid} 上的${what}（操作意图 ${id}，开始于 ${when(at)}）`,
  } as F<[string, string, string, string]>,
  confirmAsk: {en: 'Record this outcome?', 'zh-CN': '确认记录该结果？'} as L,
  confirmRecord: {
    en: (outcome: string, evidence: string, by: string) => `It records: outcome ${outcome}, evidence "${evidence}", by ${by}. It is final.`,
    'zh-CN': (outcome: string, evidence: string, by: string) => `将记录：结果 ${outcome}，依据 "${evidence}"，操作人 ${by}。记录后不可更改。`,
  } as F<[string, string, string]>,
  recorded: {
    en: (what: string, outcome: string) => `Recorded: the ${what} is closed by hand as ${outcome}`,
    'zh-CN': (what: string, outcome: string) => `已记录：${what}已人工关闭，结果为 ${outcome}`,
  } as F<[string, string]>,
  evidenceLabel: {en: 'evidence', 'zh-CN': '依据'} as L,
  declined: {en: 'Not confirmed: nothing was written', 'zh-CN': '未确认：未写入任何内容'} as L,

  // ---- void pending rendering
  journalLine: {
    en: (label: string, file: string) => `Action journal of ${label}: ${file}`,
    'zh-CN': (label: string, file: string) => `${label} 的操作日志：${file}`,
  } as F<[string, string]>,
  noJournalYet: {en: '(no file yet: posdoc never moved money on this terminal)', 'zh-CN': '（文件尚不存在：posdoc 从未在该终端上进行资金操作）'} as L,
  skipped: {
    en: (n: number) => `${n} damaged line(s) skipped (a torn last line after a crash is normal)`,
    'zh-CN': (n: number) => `跳过了 ${n} 行损坏的记录（崩溃后最后一行不完整属正常现象）`,
  } as F<[number]>,
  none: {en: 'No intent without a known outcome: nothing blocks a void here', 'zh-CN': '没有结果未知的操作意图：不会阻止撤销'} as L,
  noneAll: {
    en: (n: number) => `No intent without a known outcome in ${n} action journal(s)`,
    'zh-CN': (n: number) => `${n} 个操作日志中都没有结果未知的操作意图`,
  } as F<[number]>,
  count: {
    en: (n: number) => `${n} intent(s) without a known outcome, newest first:`,
    'zh-CN': (n: number) => `${n} 个结果未知的操作意图（最新的在前）：`,
  } as F<[number]>,
  item: {
    en: (what: string, at: string, attempt: number, onReceipt: number, tid: string) =>
      `${what}, started ${when(at)} (attempt ${attempt}; ${onReceipt} attempt(s) on this receipt), terminal ${tid}`,
    'zh-CN': (what: string, at: string, attempt: number, onReceipt: number, tid: string) => `${what}，开始于 ${when(at)}（第 ${attempt} 次尝试；该票据号共 ${onReceipt} 次），终端 ${tid}`,
  } as F<[string, string, number, number, string]>,
  by: {
    en: (command: string, host: string, pid: number) => `by \`${command}\` on ${host} (pid ${pid})`,
    'zh-CN': (command: string, host: string, pid: number) => `由 ${host} 上的 \`${command}\`（进程 ${pid}）发起`,
  } as F<[string, string, number]>,
  pendingHint: {
    en: 'posdoc sends nothing for these receipts until their outcome is known. Bring the terminal back and run any posdoc command for it: it asks the terminal first. If the terminal can never tell (replaced, journal lost), close the intent with proof from the acquirer: posdoc void resolve --intent ID --outcome succeeded|not-done|already-reversed --evidence "…"',
    'zh-CN': '在结果确认之前，posdoc 不会对这些票据号发送任何指令。请恢复终端后对其运行任一 posdoc 命令：它会先向终端查询。如终端永远无法确认（已更换、流水丢失），请凭收单机构的证明关闭该操作意图：posdoc void resolve --intent ID --outcome succeeded|not-done|already-reversed --evidence "…"',
  } as L,
  unknownTerminal: {en: 'TID unknown', 'zh-CN': '终端号未知'} as L,
}
