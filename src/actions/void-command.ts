import type {BaseCommand} from '../cli/base-command.js'
import type {TerminalFlagValues} from '../cli/terminal-flags.js'
import {connectTerminal, type ConnectedTerminal} from '../device/connect.js'
import {resolveTerminal} from '../device/target.js'
import {getLang, type Lang} from '../i18n/index.js'
import {ExitCode} from '../output/exit-codes.js'
import {PosdocError} from '../output/errors.js'
import {createProgress} from '../output/progress.js'
import {SCENARIOS} from '../sim/scenarios.js'
import type {ZvtTerminal} from '../terminal/zvt/zvt-terminal.js'
import {systemClock} from '../util/clock.js'
import {formatMoney, isInteractive, parseAmountCents, parseReceiptNumber, promptConfirm, receiptNo, localDateTime} from './common.js'
import {envHooks} from './crash-points.js'
import {recoveryLines, type RecoveryReport} from './recovery.js'
import {voidRetry, type VoidResult} from './void-retry.js'
import {voidText as T} from './void-text.js'

export interface VoidFlags extends TerminalFlagValues {
  receipt?: string | undefined
  amount?: string | undefined
  refund: boolean
  'dry-run': boolean
  yes: boolean
  tid?: string | undefined
  attempts: number
  timeout: number
  'wire-log'?: string | undefined
}

const usage = (code: string, message: string, remedy?: string) => new PosdocError({code, exitCode: ExitCode.Usage, message, ...(remedy ? {remedy} : {})})

/** Everything that can be refused before touching the terminal: one line, exit 2, nothing sent. */
export function validateVoidFlags(flags: VoidFlags, lang: Lang, interactive: boolean): {receiptNumber: number; amountCents: number | undefined} {
  if (flags.receipt === undefined) throw usage('USAGE_NO_RECEIPT', T.needsReceipt[lang], T.badReceiptRemedy[lang])
  const receiptNumber = parseReceiptNumber(flags.receipt)
  if (receiptNumber === undefined) throw usage('USAGE_BAD_RECEIPT', T.badReceipt[lang](flags.receipt), T.badReceiptRemedy[lang])
  let amountCents: number | undefined
  if (flags.amount !== undefined) {
    amountCents = parseAmountCents(flags.amount)
    if (amountCents === undefined) throw usage('USAGE_BAD_AMOUNT', T.badAmount[lang](flags.amount), T.badAmountRemedy[lang])
  }
  if (flags.refund && amountCents === undefined) throw usage('USAGE_REFUND_NEEDS_AMOUNT', T.refundNeedsAmount[lang])
  if (flags.tid !== undefined && !/^\d{8}$/.test(flags.tid)) throw usage('USAGE_BAD_TID', T.badTid[lang](flags.tid))
  if (!interactive && !flags.yes && !flags['dry-run']) throw usage('USAGE_NEEDS_YES', T.needsYes[lang])
  return {receiptNumber, amountCents}
}

/** flags -> checks -> lock + connect (+ recovery) -> void service -> render; sets the exit code. */
export async function runVoidRetry(cmd: BaseCommand, flags: VoidFlags): Promise<VoidResult> {
  const lang = getLang()
  const json = cmd.jsonEnabled()
  const {receiptNumber, amountCents} = validateVoidFlags(flags, lang, isInteractive())
  const {target, password, profile} = resolveTerminal(flags, {knownScenarios: SCENARIOS})
  // the demo terminal's password is the documented 000000; a real terminal's must be given
  if (target.kind !== 'demo' && flags.password === undefined && profile?.password === undefined) {
    throw usage('USAGE_PASSWORD_REQUIRED', T.needsPassword[lang], T.needsPasswordRemedy[lang])
  }
  ;(cmd as unknown as {errorTarget: string}).errorTarget = target.label
  const progress = createProgress({json})
  const clock = systemClock
  const connectOpts = {
    password,
    clock,
    command: 'void retry',
    timeouts: {t4Ms: flags.timeout * 1000},
    ...(flags['wire-log'] ? {wireLogFile: flags['wire-log']} : {}),
    onStep: (s: string) => progress.step(s),
  }
  progress.step(target.label)
  const conn = await connectTerminal(target, {
    ...connectOpts,
    lock: 'required',
    onRecovery: (r: RecoveryReport) => {
      if (!json) for (const line of recoveryLines(r, lang)) process.stderr.write(`${line}\n`)
    },
  })
  const extra: ConnectedTerminal[] = []
  let terminal: ZvtTerminal = conn.terminal
  try {
    const result = await voidRetry(
      {receiptNumber, ...(amountCents === undefined ? {} : {amountCents}), refund: flags.refund, dryRun: flags['dry-run'], ...(flags.tid ? {expectedTerminalId: flags.tid} : {}), attempts: flags.attempts},
      {
        terminal: conn.terminal,
        password,
        journal: conn.journal,
        target: {kind: target.kind, label: target.label, link: conn.linkLabel, key: conn.terminalKey},
        clock,
        confirm: async (q) => {
          if (flags.yes) return true
          progress.done()
          return promptConfirm(q)
        },
        hooks: envHooks(),
        onStep: (s) => progress.step(s),
        lockCompromised: () => conn.lock?.compromised ?? false,
        // --demo: a new link would be a new simulator, which knows nothing of this one
        reconnect:
          target.kind === 'demo'
            ? undefined
            : async () => {
                const c = await connectTerminal(target, {...connectOpts, lock: 'none', recover: false})
                extra.push(c)
                terminal = c.terminal
                return c.terminal
              },
        ...(conn.recovery ? {recovery: conn.recovery} : {}),
        lang,
      },
    )
    progress.done()
    if (!json) cmd.log(renderVoid(result, lang))
    process.exitCode = result.exitCode
    return result
  } finally {
    // back to the cash register's own settings; pointless on a dead link
    if (terminal.session.isOpen) await terminal.logOff().catch(() => undefined)
    for (const c of extra) await c.close()
    await conn.close()
  }
}

export function renderVoid(r: VoidResult, lang: Lang): string {
  const zh = lang === 'zh-CN'
  const out: string[] = []
  out.push(`${zh ? '终端' : 'Terminal'}: ${r.target.link}${r.terminal.terminalId ? ` (TID ${r.terminal.terminalId})` : ''}`)
  const o = r.original
  if (o && o.traceNumber !== undefined) {
    const parts = [
      `${T.receipt[lang]} ${receiptNo(o.receiptNumber)}`,
      `${T.trace[lang]} ${String(o.traceNumber).padStart(6, '0')}`,
      o.amountCents === undefined ? undefined : formatMoney(o.amountCents, o.currencyCode),
      [o.cardName, o.panMasked].filter(Boolean).join(' ') || undefined,
      localDateTime(o.time) || undefined,
      o.batchNumber === undefined ? undefined : `${T.batch[lang]} ${o.batchNumber}`,
      o.onTerminal === 'yes' ? T.onTerminalYes[lang] : o.onTerminal === 'no' ? T.onTerminalNo[lang] : undefined,
    ].filter(Boolean)
    out.push(`${T.original[lang]}: ${parts.join(zh ? '，' : ', ')}`)
  }
  if (r.apdus.length > 0 && (r.status === 'dry-run' || r.attempts.length > 0)) {
    out.push(`${(r.status === 'dry-run' ? T.wouldSend : T.sent)[lang]}:`)
    for (const a of r.apdus) out.push(`  ${a.hex}`, `    = ${a.decoded}`)
  }
  if (r.attempts.length > 0) {
    out.push(`${T.attempts[lang]}:`)
    for (const a of r.attempts) {
      const answer = a.resultCode ? `${a.resultCode} ${a.resultText ?? ''}`.trim() : T.noAnswer[lang]
      out.push(`  ${a.n}. ${a.action} -> ${answer} [${a.outcome}${a.resolvedBy === 'check' ? `${zh ? '，' : ', '}${T.confirmedByAsking[lang]}` : ''}]`)
    }
  }
  out.push('', r.message)
  if (r.remedy) out.push(`  ${T.tryLabel[lang]}: ${r.remedy}`)
  if (r.slip) out.push('', `${T.slip[lang]}:`, ...r.slip.lines.map((l) => `  | ${l}`))
  return out.join('\n')
}
