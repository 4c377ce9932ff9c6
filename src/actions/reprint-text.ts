/** zh-CN / en texts of `posdoc receipt reprint`. */
import {receiptNo} from './common.js'

type L<T = string> = {en: T; 'zh-CN': T}
type F<A extends unknown[]> = L<(...a: A) => string>

export interface AcquirerRequestText {
  terminalId?: string
  receiptNumber?: number
  traceNumber?: number
  time?: string
  amount?: string
  card?: string
}

const facts = (a: AcquirerRequestText, zh: boolean) =>
  [
    a.terminalId && (zh ? `终端号 ${a.terminalId}` : `TID ${a.terminalId}`),
    a.receiptNumber !== undefined && (zh ? `票据号 ${receiptNo(a.receiptNumber)}` : `receipt ${receiptNo(a.receiptNumber)}`),
    a.traceNumber !== undefined && (zh ? `凭证号 ${String(a.traceNumber).padStart(6, '0')}` : `trace ${String(a.traceNumber).padStart(6, '0')}`),
    a.time,
    a.amount && (zh ? `金额 ${a.amount}` : a.amount),
    a.card,
  ]
    .filter(Boolean)
    .join(zh ? '，' : ', ')

export const reprintText = {
  needsWhich: {
    en: 'Say which slip: --last (the most recent) or --receipt N (the receipt number)',
    'zh-CN': '请指定要补打的小票：--last（最近一笔）或 --receipt N（票据号）',
  } as L,
  bothWhich: {en: '--last and --receipt exclude each other', 'zh-CN': '--last 与 --receipt 不能同时使用'} as L,
  printed: {
    en: (what: string) => `Reprinted ${what} on the terminal's printer; the text is below`,
    'zh-CN': (what: string) => `已在终端打印机上补打${what}；文字内容如下`,
  } as F<[string]>,
  textOnly: {en: (what: string) => `Receipt text of ${what}`, 'zh-CN': (what: string) => `${what}的文字内容`} as F<[string]>,
  printerNotReady: {
    en: (what: string) => `The terminal's printer is not ready (paper out or cover open): ${what} was not printed, but its text is below`,
    'zh-CN': (what: string) => `终端打印机未就绪（缺纸或纸仓盖未合上）：${what}未能打印，文字内容如下`,
  } as F<[string]>,
  printerRemedy: {
    en: (saved: string | undefined) =>
      `Load a new paper roll (thermal side towards the print head) and close the cover until it clicks, then run the same command again to print it${saved ? `; meanwhile the e-receipt ${saved} can be sent to the customer` : '; or add --save FILE to hand the customer an e-receipt'}`,
    'zh-CN': (saved: string | undefined) =>
      `装入新纸卷（热敏面朝向打印头）并合上纸仓盖直到听到咔哒声，然后重新运行同一条命令打印${saved ? `；在此之前可把电子小票 ${saved} 发给顾客` : '；或加上 --save FILE 生成电子小票交给顾客'}`,
  } as F<[string | undefined]>,
  printFailed: {
    en: (code: string, text: string) => `The terminal did not print the slip: ${code} ${text}; the text is below`,
    'zh-CN': (code: string, text: string) => `终端未打印小票：${code} ${text}；文字内容如下`,
  } as F<[string, string]>,
  notOnTerminal: {
    en: (what: string) => `${what} is no longer on the terminal (its batch was closed by the end-of-day, which clears the reprint journal): the slip must come from the acquirer`,
    'zh-CN': (what: string) => `${what}已不在终端上（日结后终端会清除可补打的流水）：需要向收单机构调取签购单`,
  } as F<[string]>,
  notOnTerminalRemedy: {
    en: (a: AcquirerRequestText) => `Ask the acquirer for a copy of the slip and give them: ${facts(a, false) || 'TID, receipt number, date and amount from your records'}`,
    'zh-CN': (a: AcquirerRequestText) => `请联系收单机构调单，并提供：${facts(a, true) || '终端号、票据号、交易日期和金额'}`,
  } as F<[AcquirerRequestText]>,
  refused: {
    en: (code: string, text: string) => `The terminal refused the reprint: ${code} ${text}`,
    'zh-CN': (code: string, text: string) => `终端拒绝补打：${code} ${text}`,
  } as F<[string, string]>,
  noLines: {
    en: 'The terminal accepted the reprint but sent no receipt lines',
    'zh-CN': '终端接受了补打指令，但没有发送任何小票内容',
  } as L,
  noLinesRemedy: {
    en: "This terminal may print only on its own printer: check the slip there, or print its journal from the terminal's menu",
    'zh-CN': '该终端可能只在自身打印机上打印：请查看终端打出的小票，或在终端菜单中打印流水',
  } as L,
  copyDiffers: {
    en: (asked: string, got: string) => `asked for the ${asked} copy, the terminal returned the ${got} copy`,
    'zh-CN': (asked: string, got: string) => `请求的是${asked === 'merchant' ? '商户联' : '持卡人联'}，终端返回的是${got === 'merchant' ? '商户联' : '持卡人联'}`,
  } as F<[string, string]>,
  whatLast: {en: 'the last slip', 'zh-CN': '最近一笔小票'} as L,
  whatReceipt: {en: (n: number) => `receipt ${receiptNo(n)}`, 'zh-CN': (n: number) => `票据号 ${receiptNo(n)} 的小票`} as F<[number]>,
  saved: {en: (file: string) => `e-receipt saved to ${file}`, 'zh-CN': (file: string) => `电子小票已保存到 ${file}`} as F<[string]>,
  eReceiptFooter: {
    en: (tid: string, at: string) => `-- Electronic copy of the slip, terminal ${tid}, produced ${at} by posdoc --`,
    'zh-CN': (tid: string, at: string) => `-- 签购单电子副本，终端 ${tid}，由 posdoc 于 ${at} 生成 --`,
  } as F<[string, string]>,
  acquirerRequest: {en: 'To ask the acquirer for', 'zh-CN': '向收单机构调单所需信息'} as L,
  stepText: {en: 'fetching the receipt text', 'zh-CN': '正在获取小票文字'} as L,
  stepPaper: {en: "printing on the terminal's printer", 'zh-CN': '正在终端打印机上打印'} as L,
  stepState: {en: "reading the terminal's records", 'zh-CN': '正在读取终端记录'} as L,
  saveFailed: {
    en: (file: string, why: string) => `Cannot write the e-receipt ${file} (${why})`,
    'zh-CN': (file: string, why: string) => `无法写入电子小票 ${file}（${why}）`,
  } as F<[string, string]>,
  saveFailedRemedy: {en: 'Choose a file in a writable folder', 'zh-CN': '请选择可写目录中的文件'} as L,
}
