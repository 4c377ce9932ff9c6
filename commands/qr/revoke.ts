import {Flags} from '@oclif/core'

import {BaseCommand} from '../../src/cli/base-command.js'
import {qrTargetFlags, runAction} from '../../src/qr/qr-command.js'
import type {ActionOutput} from '../../src/qr/service.js'

export default class QrRevoke extends BaseCommand {
  static override summary = 'Revoke (WeChat 撤销 / Alipay cancel) a merchant-scan QR order; REFUNDS it if it was paid'
  static override description = `Queries first. An unpaid order is closed; a paid one is refunded to the customer, so that needs --refund-if-paid and a confirmation. A revoke of an order whose earlier revoke was done or is in doubt (journal) is never sent again. Journaled before it is sent.

Exit codes: 0 revoked or already final, 1 refused / not sent, 2 bad input, 3 platform unreachable or the answer was lost, 4 not confirmed.`

  static override examples = [
    '<%= config.bin %> qr revoke --demo --platform alipay --scenario user-abandons --order QRDEMO0001 --yes',
    '<%= config.bin %> qr revoke --profile shop-wechat --order 20261202143001 --refund-if-paid',
  ]

  static override flags = {
    ...qrTargetFlags,
    order: Flags.string({char: 'o', description: 'merchant order number (商户单号 out_trade_no)'}),
    'refund-if-paid': Flags.boolean({description: 'the order may be paid: revoke it anyway, refunding the customer', default: false}),
    yes: Flags.boolean({char: 'y', description: 'confirm without asking (required when not on a TTY; with a paid order also --refund-if-paid)', default: false}),
  }

  async run(): Promise<ActionOutput> {
    const {flags} = await this.parse(QrRevoke)
    return runAction(this, this.progress, 'revoke', flags)
  }
}
