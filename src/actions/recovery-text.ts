/** zh-CN / en texts of the recovery of unresolved intents. */
import type {PendingItem, RecoveredItem} from './recovery.js'

type L<T = string> = {en: T; 'zh-CN': T}

const money = (cents: number | undefined) => (cents === undefined ? '' : (cents / 100).toFixed(2))
const receipt = (n: number | undefined) => (n === undefined ? '?' : String(n).padStart(4, '0'))
const when = (iso: string) => iso.replace('T', ' ').slice(0, 19)

const whatEn = (i: {action: string; receiptNumber?: number; amountCents?: number}) =>
  i.action === 'reversal' ? `void of receipt ${receipt(i.receiptNumber)}` : `refund of ${money(i.amountCents)}${i.receiptNumber === undefined ? '' : ` (receipt ${receipt(i.receiptNumber)})`}`
const whatZh = (i: {action: string; receiptNumber?: number; amountCents?: number}) =>
  i.action === 'reversal' ? `票据号 ${receipt(i.receiptNumber)} 的撤销` : `金额 ${money(i.amountCents)} 的退货${i.receiptNumber === undefined ? '' : `（票据号 ${receipt(i.receiptNumber)}）`}`

const sourceEn = (e: string) => (e === 'journal' ? "the terminal's journal" : "the terminal's last transaction result")
const sourceZh = (e: string) => (e === 'journal' ? '终端流水' : '终端最近一笔交易结果')

export const recoveryText = {
  busy: {en: 'the terminal stayed busy and did not answer the queries', 'zh-CN': '终端一直忙碌，未回答查询'} as L,
  noJournal: {
    en: "the terminal offers no readable journal and its last result is not this transaction",
    'zh-CN': '终端不提供可读的流水，且其最近一笔交易结果不是这笔交易',
  } as L,
  otherTerminal: {
    en: (tid: string) => `another terminal answers at this address now (the attempt was on TID ${tid})`,
    'zh-CN': (tid: string) => `该地址现在连接的是另一台终端（当时操作的终端号为 ${tid}）`,
  } as L<(tid: string) => string>,
  saleGone: {en: "the sale is no longer in the terminal's journal", 'zh-CN': '终端流水中已找不到这笔消费'} as L,
  traceGone: {en: "the terminal's journal no longer reaches back to the time of the attempt", 'zh-CN': '终端流水已不包含该次操作时的记录'} as L,
  saleState: {en: (s: string) => `the sale is in an unexpected state (${s})`, 'zh-CN': (s: string) => `这笔消费处于意外状态（${s}）`} as L<(s: string) => string>,
  noAnswer: {en: (m: string) => `the terminal did not answer (${m})`, 'zh-CN': (m: string) => `终端无应答（${m}）`} as L<(m: string) => string>,
  resolvedLine: {
    en: (r: RecoveredItem) =>
      `Recovered an interrupted ${whatEn(r)} (started ${when(r.startedAt)}): ${sourceEn(r.evidence)} shows it ${
        r.outcome === 'succeeded'
          ? `was done${r.booking?.receiptNumber === undefined ? '' : ` (receipt ${receipt(r.booking.receiptNumber)})`}; nothing is sent again`
          : r.outcome === 'already-reversed'
            ? 'had been reversed before; nothing is sent again'
            : 'was NOT done; no money moved, it may be tried again'
      }`,
    'zh-CN': (r: RecoveredItem) =>
      `已恢复一笔中断的${whatZh(r)}（开始于 ${when(r.startedAt)}）：${sourceZh(r.evidence)}显示${
        r.outcome === 'succeeded'
          ? `已完成${r.booking?.receiptNumber === undefined ? '' : `（票据号 ${receipt(r.booking.receiptNumber)}）`}，不会重复发送`
          : r.outcome === 'already-reversed'
            ? '此前已被撤销，不会重复发送'
            : '未完成，资金未变动，可以重新操作'
      }`,
  } as L<(r: RecoveredItem) => string>,
  pendingLine: {
    en: (p: PendingItem) =>
      `Outcome still unknown: ${whatEn(p)} started ${when(p.startedAt)} (${p.reason}). posdoc will not send it again until the terminal answers; do not void it on the terminal either. With proof from the acquirer: posdoc void resolve --intent ${p.intentId}`,
    'zh-CN': (p: PendingItem) =>
      `结果仍未知：${whatZh(p)}，开始于 ${when(p.startedAt)}（${p.reason}）。在终端给出答复之前 posdoc 不会再次发送；也请勿在终端上手动撤销。如已从收单机构得到证明：posdoc void resolve --intent ${p.intentId}`,
  } as L<(p: PendingItem) => string>,
}
