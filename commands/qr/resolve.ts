import {Flags} from '@oclif/core'

import {BaseCommand} from '../../src/cli/base-command.js'
import {qrTargetFlags, runResolve} from '../../src/qr/qr-command.js'
import type {ResolveOutput} from '../../src/qr/service.js'

export default class QrResolve extends BaseCommand {
  static override summary = 'Settle an in-doubt QR order the way the platform documents it'
  static override description = `Query, poll at the platform's cadence inside its window (WeChat 付款码: every 10 s up to 45 s; Alipay: every 5 s up to 60 s), then revoke/cancel once (never earlier than 15 s after a WeChat order; Alipay right after the last query), then query until the order is final. Every revoke is written to a journal (fsync) before it is sent; a revoke that was done or whose answer was lost is never sent again: a second run only queries. Never take a second payment before this ends with a final state.

Exit codes: 0 paid, 1 final not paid / not confirmed / not found, 2 bad input, 3 platform unreachable or busy, 4 revoke not confirmed.`

  static override examples = [
    '<%= config.bin %> qr resolve --demo --scenario user-abandons --platform alipay --order QRDEMO0001 --yes',
    '<%= config.bin %> qr resolve --profile shop-wechat --order 20261202143001 --amount 12.30 --created-at 2026-12-02T14:30:01+08:00',
  ]

  static override flags = {
    ...qrTargetFlags,
    order: Flags.string({char: 'o', description: 'merchant order number (商户单号 out_trade_no)'}),
    amount: Flags.string({description: "the merchant's amount in yuan, e.g. 12.30"}),
    'created-at': Flags.string({description: 'when the order was created (cashier screen / receipt), ISO time; default: now (waits the full window)'}),
    yes: Flags.boolean({char: 'y', description: 'confirm the revoke without asking (required when not on a TTY)', default: false}),
  }

  async run(): Promise<ResolveOutput> {
    const {flags} = await this.parse(QrResolve)
    return runResolve(this, this.progress, flags)
  }
}
