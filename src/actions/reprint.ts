/**
 * Receipt reprint: the slip as text first (Repeat Receipt with the terminal handing us every
 * print line), then, unless --no-paper, on the terminal's own printer. A printer that is not
 * ready never costs the merchant the text; a slip the terminal no longer holds turns into the
 * list of facts the acquirer needs to send a copy.
 */
import path from 'node:path'
import writeFileAtomic from 'write-file-atomic'

import {getLang, pick, type Lang} from '../i18n/index.js'
import {ExitCode} from '../output/exit-codes.js'
import {PosdocError} from '../output/errors.js'
import {resultCodeInfo} from '../protocol/zvt/codes/index.js'
import type {ActionJournal} from '../store/action-journal.js'
import type {CommandOutcome, Receipt} from '../terminal/terminal.js'
import type {ZvtTerminal} from '../terminal/zvt/zvt-terminal.js'
import type {Clock} from '../util/clock.js'
import {formatMoney, registerAs, localDateTime} from './common.js'
import type {RecoveryReport} from './recovery.js'
import {reprintText as T, type AcquirerRequestText} from './reprint-text.js'
import {findByReceipt, QUERY_RETRY_DELAYS_MS, readTerminalJournal, withTransientRetry, type RetryPolicy, type TerminalRecord} from './terminal-records.js'
import {voidText} from './void-text.js'

export type Copy = 'merchant' | 'customer'

export interface ReprintRequest {
  which: {kind: 'last'} | {kind: 'receipt'; receiptNumber: number}
  copy: Copy
  /** also print on the terminal's printer */
  paper: boolean
  saveFile?: string
  expectedTerminalId?: string
}

export interface ReprintContext {
  terminal: ZvtTerminal
  password: string
  journal: ActionJournal
  target: {kind: string; label: string; link: string}
  clock: Clock
  onStep?: (text: string) => void
  queryDelaysMs?: readonly number[]
  recovery?: RecoveryReport
  lang?: Lang
}

export interface AcquirerRequest {
  terminalId?: string
  receiptNumber?: number
  traceNumber?: number
  batchNumber?: number
  /** ISO 8601 */
  time?: string
  amountCents?: number
  currencyCode?: number
  cardName?: string
  panMasked?: string
  authCode?: string
}

export interface ReprintResult {
  schema: 'posdoc.receipt-reprint/1'
  target: {kind: string; label: string; link: string}
  terminal: {terminalId?: string}
  request: {last: boolean; receiptNumber?: number; copy: Copy; paper: boolean; save?: string}
  /** printed: on paper and as text; text-only: text delivered, not printed (not asked, or printer not ready); not-on-terminal: slip must come from the acquirer */
  status: 'printed' | 'text-only' | 'not-on-terminal'
  message: string
  remedy?: string
  notes: string[]
  receipt?: {copy: Copy | 'unknown'; lines: string[]}
  printer: {ready?: boolean; printed: boolean; resultCode?: string}
  saved?: {file: string}
  acquirerRequest?: AcquirerRequest
  recovery?: RecoveryReport
  exitCode: ExitCode
}

const usage = (code: string, message: string, remedy?: string) => new PosdocError({code, exitCode: ExitCode.Usage, message, ...(remedy ? {remedy} : {})})

export async function reprintReceipt(req: ReprintRequest, ctx: ReprintContext): Promise<ReprintResult> {
  const lang = ctx.lang ?? getLang()
  const retry: RetryPolicy = {clock: ctx.clock, delaysMs: ctx.queryDelaysMs ?? QUERY_RETRY_DELAYS_MS}
  const step = (s: string) => ctx.onStep?.(s)
  const terminal = ctx.terminal
  const receiptNumber = req.which.kind === 'receipt' ? req.which.receiptNumber : undefined
  const what = receiptNumber === undefined ? T.whatLast[lang] : T.whatReceipt[lang](receiptNumber)
  const result: ReprintResult = {
    schema: 'posdoc.receipt-reprint/1',
    target: ctx.target,
    terminal: {},
    request: {last: req.which.kind === 'last', ...(receiptNumber === undefined ? {} : {receiptNumber}), copy: req.copy, paper: req.paper, ...(req.saveFile ? {save: req.saveFile} : {})},
    status: 'text-only',
    message: '',
    notes: [],
    printer: {printed: false},
    ...(ctx.recovery && ctx.recovery.checked > 0 ? {recovery: ctx.recovery} : {}),
    exitCode: ExitCode.Ok,
  }
  const finish = (status: ReprintResult['status'], exitCode: ExitCode, message: string, remedy?: string): ReprintResult => {
    result.status = status
    result.exitCode = exitCode
    result.message = message
    if (remedy) result.remedy = remedy
    return result
  }

  const reg = await registerAs(terminal, ctx.password, 'ecr-prints', retry)
  if (!reg.ok) {
    if (reg.resultCode === 0x83) throw usage('PASSWORD_REJECTED', voidText.passwordRejected[lang], voidText.passwordRejectedRemedy[lang])
    return refused(reg, finish, lang)
  }
  const status = await terminal.status()
  const tid = status.terminalId ?? reg.completion?.terminalId
  if (tid) result.terminal.terminalId = tid
  if (req.expectedTerminalId !== undefined) {
    if (!tid) throw usage('TID_UNKNOWN', voidText.tidUnknown[lang], voidText.tidRemedy[lang])
    if (tid !== req.expectedTerminalId) throw usage('TID_MISMATCH', voidText.tidMismatch[lang](req.expectedTerminalId, tid), voidText.tidRemedy[lang])
  }
  if (status.terminalStatus >= 0) result.printer.ready = status.terminalStatus !== 0xcc

  // the journal gives the facts an acquirer needs, and tells "unknown number" from "batch closed"
  step(T.stepState[lang])
  const tj = await readTerminalJournal(terminal, retry)
  const rec = !tj.available
    ? undefined
    : receiptNumber === undefined
      ? [...tj.records].reverse().find((r) => r.receiptNumber !== undefined && r.state !== 'declined')
      : findByReceipt(tj.records, receiptNumber)
  if (receiptNumber !== undefined && tj.available && tj.complete && !rec) throw usage('UNKNOWN_RECEIPT', voidText.unknownReceipt[lang](receiptNumber), voidText.unknownReceiptRemedy[lang])
  if (rec?.terminalId && tid && rec.terminalId !== tid && receiptNumber !== undefined) {
    throw usage('RECEIPT_OTHER_TERMINAL', voidText.otherTerminal[lang](receiptNumber, rec.terminalId, tid), voidText.tidRemedy[lang])
  }

  // 1. the text: the terminal hands us the lines (nothing goes on paper)
  step(T.stepText[lang])
  const selection = {which: req.copy, ...(receiptNumber === undefined ? {} : {receiptNumber})} as const
  const text = await withTransientRetry(() => terminal.repeatReceipt(selection), retry)
  if (!text.ok && text.resultCode === 0x83) {
    const a = acquirerRequestOf(rec, tid, receiptNumber)
    result.acquirerRequest = a
    // remember what to ask for: it ends up in the case for the acquirer
    await ctx.journal.appendNote('reprint-unavailable', {...a, copy: req.copy}).catch(() => undefined)
    return finish('not-on-terminal', ExitCode.ProblemFound, T.notOnTerminal[lang](capitalise(what, lang)), T.notOnTerminalRemedy[lang](acquirerText(a)))
  }
  const receipts = text.receipts.filter((r) => r.lines.length > 0)
  if (receipts.length === 0) {
    if (!text.ok) return refused(text, finish, lang)
    return finish('text-only', ExitCode.ProblemFound, T.noLines[lang], T.noLinesRemedy[lang])
  }
  const lines = receipts.flatMap((r, i) => (i === 0 ? r.lines : ['', ...r.lines]))
  const copy = copyOf(receipts[0]!)
  result.receipt = {copy, lines}
  if (copy !== 'unknown' && copy !== req.copy) result.notes.push(T.copyDiffers[lang](req.copy, copy))

  if (req.saveFile) {
    const file = path.resolve(req.saveFile)
    const footer = T.eReceiptFooter[lang](tid ?? ctx.target.label, new Date(ctx.clock.now()).toISOString().replace('T', ' ').slice(0, 19))
    try {
      await writeFileAtomic(file, [...lines, '', footer, ''].join('\n'))
    } catch (e) {
      throw new PosdocError({code: 'SAVE_FAILED', exitCode: ExitCode.Usage, message: T.saveFailed[lang](file, (e as Error).message), remedy: T.saveFailedRemedy[lang], cause: e})
    }
    result.saved = {file}
    result.notes.push(T.saved[lang](file))
  }

  // 2. paper, on the terminal's own printer
  if (!req.paper) return finish('text-only', ExitCode.Ok, T.textOnly[lang](what))
  if (result.printer.ready === false) {
    result.printer.resultCode = 'CC'
    return finish('text-only', ExitCode.ProblemFound, T.printerNotReady[lang](what), T.printerRemedy[lang](result.saved?.file))
  }
  step(T.stepPaper[lang])
  const regPaper = await registerAs(terminal, ctx.password, 'pt-prints', retry)
  const paper = regPaper.ok ? await withTransientRetry(() => terminal.repeatReceipt(selection), retry) : regPaper
  if (paper.ok) {
    result.printer = {ready: true, printed: true}
    return finish('printed', ExitCode.Ok, T.printed[lang](what))
  }
  const info = resultCodeInfo(paper.resultCode)
  result.printer.resultCode = info.hex
  if (info.cls === 'printer') {
    result.printer.ready = false
    return finish('text-only', ExitCode.ProblemFound, T.printerNotReady[lang](what), T.printerRemedy[lang](result.saved?.file))
  }
  return finish('text-only', ExitCode.ProblemFound, T.printFailed[lang](info.hex, pick(info, lang)), pick({en: info.remedyEn, zh: info.remedyZh}, lang))
}

function refused(o: CommandOutcome, finish: (s: ReprintResult['status'], e: ExitCode, m: string, r?: string) => ReprintResult, lang: Lang): ReprintResult {
  const info = resultCodeInfo(o.resultCode)
  return finish('text-only', info.cls === 'transient' ? ExitCode.Unreachable : ExitCode.ProblemFound, T.refused[lang](info.hex, pick(info, lang)), pick({en: info.remedyEn, zh: info.remedyZh}, lang))
}

/** merchant / customer from TLV 1F07, else from the slip's own wording. */
export function copyOf(r: Receipt): Copy | 'unknown' {
  if (r.type === 'merchant' || r.type === 'customer') return r.type
  const text = r.lines.join('\n')
  if (/MERCHANT COPY|H(?:Ä|AE)NDLERBELEG|商户(?:存根|联)/i.test(text)) return 'merchant'
  if (/CUSTOMER COPY|KUNDENBELEG|持卡人(?:存根|联)|客户联/i.test(text)) return 'customer'
  return 'unknown'
}

function acquirerRequestOf(rec: TerminalRecord | undefined, tid: string | undefined, receiptNumber: number | undefined): AcquirerRequest {
  const a: AcquirerRequest = {}
  const terminalId = rec?.terminalId ?? tid
  if (terminalId) a.terminalId = terminalId
  const n = rec?.receiptNumber ?? receiptNumber
  if (n !== undefined) a.receiptNumber = n
  if (!rec) return a
  a.traceNumber = rec.traceNumber
  if (rec.batchNumber !== undefined) a.batchNumber = rec.batchNumber
  if (rec.time) a.time = rec.time
  a.amountCents = rec.amountCents
  if (rec.currencyCode !== undefined) a.currencyCode = rec.currencyCode
  if (rec.cardName) a.cardName = rec.cardName
  if (rec.panMasked) a.panMasked = rec.panMasked
  if (rec.authCode) a.authCode = rec.authCode
  return a
}

function acquirerText(a: AcquirerRequest): AcquirerRequestText {
  return {
    ...(a.terminalId ? {terminalId: a.terminalId} : {}),
    ...(a.receiptNumber === undefined ? {} : {receiptNumber: a.receiptNumber}),
    ...(a.traceNumber === undefined ? {} : {traceNumber: a.traceNumber}),
    ...(a.time ? {time: localDateTime(a.time)} : {}),
    ...(a.amountCents === undefined ? {} : {amount: formatMoney(a.amountCents, a.currencyCode)}),
    ...(a.cardName || a.panMasked ? {card: [a.cardName, a.panMasked].filter(Boolean).join(' ')} : {}),
  }
}

function capitalise(s: string, lang: Lang): string {
  return lang === 'en' ? s.charAt(0).toUpperCase() + s.slice(1) : s
}
