import type {BaseCommand} from '../cli/base-command.js'
import type {TerminalFlagValues} from '../cli/terminal-flags.js'
import {connectTerminal} from '../device/connect.js'
import {resolveTerminal} from '../device/target.js'
import {getLang, type Lang} from '../i18n/index.js'
import {ExitCode} from '../output/exit-codes.js'
import {PosdocError} from '../output/errors.js'
import {createProgress} from '../output/progress.js'
import {SCENARIOS} from '../sim/scenarios.js'
import {SessionError} from '../terminal/zvt/session.js'
import {systemClock} from '../util/clock.js'
import {formatMoney, parseReceiptNumber, receiptNo, localDateTime} from './common.js'
import {recoveryLines, type RecoveryReport} from './recovery.js'
import {reprintReceipt, type Copy, type ReprintRequest, type ReprintResult} from './reprint.js'
import {reprintText as T} from './reprint-text.js'
import {voidText} from './void-text.js'

export interface ReprintFlags extends TerminalFlagValues {
  last: boolean
  receipt?: string | undefined
  copy: string
  save?: string | undefined
  paper: boolean
  tid?: string | undefined
  /** seconds to wait for the terminal to finish a command (ZVT T4); bounds checked by the flag, as void retry's */
  timeout: number
  'wire-log'?: string | undefined
}

const usage = (code: string, message: string, remedy?: string) => new PosdocError({code, exitCode: ExitCode.Usage, message, ...(remedy ? {remedy} : {})})

export function validateReprintFlags(flags: ReprintFlags, lang: Lang): ReprintRequest {
  if (flags.last && flags.receipt !== undefined) throw usage('USAGE_LAST_AND_RECEIPT', T.bothWhich[lang], T.needsWhich[lang])
  if (!flags.last && flags.receipt === undefined) throw usage('USAGE_NO_RECEIPT', T.needsWhich[lang])
  let which: ReprintRequest['which'] = {kind: 'last'}
  if (flags.receipt !== undefined) {
    const n = parseReceiptNumber(flags.receipt)
    if (n === undefined) throw usage('USAGE_BAD_RECEIPT', voidText.badReceipt[lang](flags.receipt), voidText.badReceiptRemedy[lang])
    which = {kind: 'receipt', receiptNumber: n}
  }
  if (flags.tid !== undefined && !/^\d{8}$/.test(flags.tid)) throw usage('USAGE_BAD_TID', voidText.badTid[lang](flags.tid))
  return {which, copy: flags.copy as Copy, paper: flags.paper, ...(flags.save ? {saveFile: flags.save} : {}), ...(flags.tid ? {expectedTerminalId: flags.tid} : {})}
}

export async function runReprint(cmd: BaseCommand, flags: ReprintFlags): Promise<ReprintResult> {
  const lang = getLang()
  const json = cmd.jsonEnabled()
  const req = validateReprintFlags(flags, lang)
  const {target, password} = resolveTerminal(flags, {knownScenarios: SCENARIOS})
  ;(cmd as unknown as {errorTarget: string}).errorTarget = target.label
  const progress = createProgress({json})
  progress.step(target.label)
  const conn = await connectTerminal(target, {
    password,
    clock: systemClock,
    command: 'receipt reprint',
    timeouts: {t4Ms: flags.timeout * 1000},
    lock: 'required',
    ...(flags['wire-log'] ? {wireLogFile: flags['wire-log']} : {}),
    onStep: (s) => progress.step(s),
    onRecovery: (r: RecoveryReport) => {
      if (!json) for (const line of recoveryLines(r, lang)) process.stderr.write(`${line}\n`)
    },
  })
  let silent = false
  try {
    const result = await reprintReceipt(req, {
      terminal: conn.terminal,
      password,
      journal: conn.journal,
      target: {kind: target.kind, label: target.label, link: conn.linkLabel},
      clock: systemClock,
      onStep: (s) => progress.step(s),
      ...(conn.recovery ? {recovery: conn.recovery} : {}),
      lang,
    })
    progress.done()
    if (!json) cmd.log(renderReprint(result, lang))
    process.exitCode = result.exitCode
    return result
  } catch (error) {
    // the terminal stopped answering (T4 / T3 expired, no ACK, link lost): a Log-Off would only
    // wait out T3 (serial: up to 3 x T2) again before the error can be shown
    if (error instanceof SessionError) silent = true
    throw error
  } finally {
    if (!silent && conn.terminal.session.isOpen) await conn.terminal.logOff().catch(() => undefined)
    await conn.close()
  }
}

export function renderReprint(r: ReprintResult, lang: Lang): string {
  const zh = lang === 'zh-CN'
  const out: string[] = [`${zh ? '终端' : 'Terminal'}: ${r.target.link}${r.terminal.terminalId ? ` (TID ${r.terminal.terminalId})` : ''}`, '', r.message]
  if (r.remedy) out.push(`  ${voidText.tryLabel[lang]}: ${r.remedy}`)
  for (const n of r.notes) out.push(`  (${n})`)
  if (r.receipt) out.push('', ...r.receipt.lines.map((l) => `  | ${l}`))
  const a = r.acquirerRequest
  if (a) {
    out.push('', `${T.acquirerRequest[lang]}:`)
    const row = (k: string, v: string | number | undefined) => v !== undefined && out.push(`  ${k.padEnd(12)} ${v}`)
    row(zh ? '终端号' : 'TID', a.terminalId)
    row(zh ? '票据号' : 'Receipt', a.receiptNumber === undefined ? undefined : receiptNo(a.receiptNumber))
    row(zh ? '凭证号' : 'Trace', a.traceNumber === undefined ? undefined : String(a.traceNumber).padStart(6, '0'))
    row(zh ? '批次号' : 'Batch', a.batchNumber)
    row(zh ? '交易时间' : 'Date/time', localDateTime(a.time) || undefined)
    row(zh ? '金额' : 'Amount', a.amountCents === undefined ? undefined : formatMoney(a.amountCents, a.currencyCode))
    row(zh ? '卡' : 'Card', [a.cardName, a.panMasked].filter(Boolean).join(' ') || undefined)
    row(zh ? '授权码' : 'Auth code', a.authCode)
  }
  return out.join('\n')
}
