/**
 * The `posdoc qr …` commands' shared flags and runners: flags -> checks -> open target (profile or
 * --demo) -> service -> text on stdout (or the result under --json) -> exit code.
 */
import {Flags} from '@oclif/core'

import {envHooks} from '../actions/crash-points.js'
import type {BaseCommand} from '../cli/base-command.js'
import {getLang, pick} from '../i18n/index.js'
import {PosdocError} from '../output/errors.js'
import {ExitCode} from '../output/exit-codes.js'
import type {Progress} from '../output/progress.js'
import {qrErrorExit} from './errors.js'
import {STATE_TEXT, renderAction, renderQuery, renderRefund, renderResolve} from './qr-text.js'
import {actOnOrder, checkOrderNo, exitCodeForOrder, openTarget, parseAmountFlag, parseCreatedAt, queryOrder, refundStatusOf, resolveOrder, type ActionOutput, type QrTarget, type QueryOutput, type RefundOutput, type ResolveOutput} from './service.js'
import {QR_PLATFORMS, type QrPlatform} from './types.js'

export const qrTargetFlags = {
  profile: Flags.string({description: 'QR profile to ask as (posdoc qr profile list)'}),
  demo: Flags.boolean({description: 'use the built-in QR platform simulator (simulated time)', default: false}),
  platform: Flags.option({description: 'with --demo: which platform to play (a profile knows its own)', options: QR_PLATFORMS})(),
  scenario: Flags.string({description: 'with --demo: simulator scenario (posdoc sim --qr wechat --help lists them)'}),
  'demo-state': Flags.string({description: 'with --demo: keep the simulated platform and the journal in this directory across runs', hidden: true}),
}

export const orderFlags = {
  order: Flags.string({char: 'o', description: "merchant order number (商户单号 out_trade_no): cashier screen, receipt, the customer's bill"}),
  'platform-no': Flags.string({description: "the platform's number (微信 交易单号 transaction_id / 支付宝 trade_no)"}),
  amount: Flags.string({description: "the merchant's amount in yuan, e.g. 12.30: a different amount at the platform makes the answer 'not confirmed'"}),
}

type TargetFlags = {profile?: string | undefined; demo: boolean; platform?: QrPlatform | undefined; scenario?: string | undefined; 'demo-state'?: string | undefined}

function usage(code: string, en: string, zh: string, remedy: {en: string; zh: string}): PosdocError {
  return new PosdocError({code, exitCode: ExitCode.Usage, message: pick({en, zh}), remedy: pick(remedy)})
}

/** stdin and stderr are terminals (the void command's rule), without loading the terminal code for it */
const isInteractive = (): boolean => Boolean(process.stdin.isTTY && process.stderr.isTTY)
const promptConfirm = async (question: string): Promise<boolean> => (await import('../actions/common.js')).promptConfirm(question)

async function withTarget<T>(cmd: BaseCommand, flags: TargetFlags, run: (t: QrTarget) => Promise<T>): Promise<T> {
  const target = await openTarget({
    ...(flags.profile ? {profile: flags.profile} : {}),
    demo: flags.demo,
    ...(flags.platform ? {platform: flags.platform} : {}),
    ...(flags.scenario !== undefined ? {scenario: flags.scenario} : {}),
    ...(flags['demo-state'] ? {demoState: flags['demo-state']} : {}),
    ...(isInteractive() ? {askPassphrase: askPassphrase} : {}),
  })
  try {
    return await run(target)
  } finally {
    await target.close()
  }
}

async function askPassphrase(): Promise<string> {
  const {password} = await import('@inquirer/prompts')
  return password({message: pick({en: 'Passphrase of the QR secrets file', zh: 'QR 密钥文件的口令'})}, {output: process.stderr})
}

function orderRef(flags: {order?: string | undefined; 'platform-no'?: string | undefined}): {outTradeNo?: string; platformNo?: string} {
  if (!flags.order && !flags['platform-no']) throw usage('USAGE_QR_NO_ORDER', 'No order number given', '未指定订单号', {en: 'Use --order N (商户单号) or --platform-no T (交易单号)', zh: '使用 --order N（商户单号）或 --platform-no T（交易单号）'})
  return {...(flags.order ? {outTradeNo: checkOrderNo(flags.order, '--order')} : {}), ...(flags['platform-no'] ? {platformNo: checkOrderNo(flags['platform-no'], '--platform-no')} : {})}
}

function print(cmd: BaseCommand, text: string): void {
  if (!cmd.jsonEnabled()) process.stdout.write(`${text}\n`)
}

export async function runQuery(cmd: BaseCommand, progress: Progress, flags: TargetFlags & {order?: string; 'platform-no'?: string; amount?: string; watch: boolean; timeout: number; 'known-order'?: string}): Promise<QueryOutput> {
  const ref = orderRef(flags)
  const expected = await parseAmountFlag(flags.amount)
  const lang = getLang()
  const out = await withTarget(cmd, flags, (t) =>
    queryOrder(t, ref, {
      ...(expected !== undefined ? {expectedAmountCents: expected} : {}),
      watch: flags.watch,
      timeoutSec: flags.timeout,
      ...(flags['known-order'] ? {knownOrder: checkOrderNo(flags['known-order'], '--known-order')} : {}),
      onTick: (tick) => {
        // the countdown lives on stderr, on a TTY only (Progress decides)
        if (tick.kind === 'countdown') progress.step(pick({en: `not final yet: asking again in ${tick.secondsLeft} s`, zh: `尚未完成：${tick.secondsLeft} 秒后再次查询`}, lang))
        else if (flags.watch) progress.hint(`${new Date().toLocaleTimeString()} ${pick(STATE_TEXT[tick.order.state], lang)}${tick.order.platformStatus ? ` [${tick.order.platformStatus}]` : ''}`)
      },
    }),
  )
  progress.done()
  print(cmd, renderQuery(out, lang))
  process.exitCode = exitCodeForOrder(out.order)
  return out
}

export async function runResolve(cmd: BaseCommand, progress: Progress, flags: TargetFlags & {order?: string; amount?: string; 'created-at'?: string; yes: boolean}): Promise<ResolveOutput> {
  if (!flags.order) throw usage('USAGE_QR_NO_ORDER', 'qr resolve needs the merchant order number', 'qr resolve 需要商户单号', {en: 'Use --order N (商户单号 out_trade_no); a revoke can only name it', zh: '使用 --order N（商户单号 out_trade_no）；撤销只能按商户单号进行'})
  const outTradeNo = checkOrderNo(flags.order, '--order')
  const expected = await parseAmountFlag(flags.amount)
  const createdAt = parseCreatedAt(flags['created-at'])
  const lang = getLang()
  if (!flags.yes && !isInteractive()) throw usage('USAGE_NEEDS_YES', 'Not on a terminal: confirm the possible revoke with --yes', '不在终端中运行：请用 --yes 确认可能的撤销', {en: 'Add --yes (a revoke of an order paid at that very moment refunds the customer)', zh: '加上 --yes（若顾客恰好在此刻完成支付，撤销会退款给顾客）'})
  const out = await withTarget(cmd, flags, (t) =>
    resolveOrder(t, {outTradeNo}, {
      ...(expected !== undefined ? {expectedAmountCents: expected} : {}),
      ...(createdAt !== undefined ? {createdAt} : {}),
      hooks: envHooks(),
      confirm: async (q) => {
        if (flags.yes) return true
        progress.done()
        return promptConfirm(pick({en: `Order ${q.outTradeNo} is still not paid after ${q.ageSec} s. Revoke it now? (if the customer pays at this very moment, the money goes back to them)`, zh: `订单 ${q.outTradeNo} 已过 ${q.ageSec} 秒仍未支付，现在撤销吗？（若顾客恰好此刻完成支付，款项会原路退回）`}, lang))
      },
      onEvent: (e) => {
        if (e.kind === 'query') progress.step(`${pick(STATE_TEXT[e.state], lang)}${e.platformStatus ? ` [${e.platformStatus}]` : ''} (${e.ageSec} s)`)
        else if (e.kind === 'wait') progress.step(pick({en: `waiting ${e.seconds} s (${e.reason})`, zh: `等待 ${e.seconds} 秒（${e.reason}）`}, lang))
      },
    }),
  )
  progress.done()
  print(cmd, renderResolve(out, lang))
  process.exitCode = out.declined ? ExitCode.Aborted : exitCodeForOrder(out.last)
  return out
}

export async function runAction(cmd: BaseCommand, progress: Progress, action: 'close' | 'revoke', flags: TargetFlags & {order?: string; yes: boolean; 'refund-if-paid'?: boolean}): Promise<ActionOutput> {
  if (!flags.order) throw usage('USAGE_QR_NO_ORDER', `qr ${action} needs the merchant order number`, `qr ${action} 需要商户单号`, {en: 'Use --order N (商户单号 out_trade_no)', zh: '使用 --order N（商户单号 out_trade_no）'})
  const outTradeNo = checkOrderNo(flags.order, '--order')
  if (!flags.yes && !isInteractive()) throw usage('USAGE_NEEDS_YES', `Not on a terminal: confirm the ${action} with --yes`, `不在终端中运行：请用 --yes 确认${action === 'close' ? '关单' : '撤销'}`, {en: 'Add --yes', zh: '加上 --yes'})
  const lang = getLang()
  const out = await withTarget(cmd, flags, (t) =>
    actOnOrder(t, action, outTradeNo, {
      ...(flags['refund-if-paid'] ? {refundIfPaid: true} : {}),
      hooks: envHooks(),
      confirm: async (q) => {
        // a paid order is refunded by a revoke: that one is asked even with --yes
        if (flags.yes && !q.paid) return true
        if (q.paid && !isInteractive()) return flags.yes && flags['refund-if-paid'] === true
        return promptConfirm(
          q.paid
            ? pick({en: `Order ${q.outTradeNo} is PAID. Revoking it REFUNDS the customer. Revoke and refund?`, zh: `订单 ${q.outTradeNo} 已支付。撤销将退款给顾客。确定撤销并退款吗？`}, lang)
            : pick({en: `${action === 'close' ? 'Close' : 'Revoke'} order ${q.outTradeNo}?`, zh: `${action === 'close' ? '关闭' : '撤销'}订单 ${q.outTradeNo}？`}, lang),
        )
      },
    }),
  )
  print(cmd, renderAction(out, lang))
  if (out.skipped === 'not-confirmed') process.exitCode = ExitCode.Aborted
  else if (out.skipped === 'could-not-ask') process.exitCode = exitCodeForOrder(out.before)
  else if (out.result) process.exitCode = out.result.outcome === 'done' ? ExitCode.Ok : out.result.errors[0] && out.result.outcome === 'unknown' ? qrErrorExit(out.result.errors[0].code) : ExitCode.ProblemFound
  else process.exitCode = out.skipped === 'already-final' ? ExitCode.Ok : ExitCode.ProblemFound
  return out
}

export async function runRefundStatus(cmd: BaseCommand, progress: Progress, flags: TargetFlags & {refund: string; order?: string}): Promise<RefundOutput> {
  const refundNo = checkOrderNo(flags.refund, '--refund')
  const lang = getLang()
  const out = await withTarget(cmd, flags, (t) => refundStatusOf(t, refundNo, flags.order ? checkOrderNo(flags.order, '--order') : undefined))
  print(cmd, renderRefund(out, lang))
  const f = out.refund
  process.exitCode = f.phase === 'succeeded' ? ExitCode.Ok : f.phase === 'could-not-ask' && f.errors[0] ? qrErrorExit(f.errors[0].code) : ExitCode.ProblemFound
  return out
}
