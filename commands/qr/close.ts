import {Flags} from '@oclif/core'

import {BaseCommand} from '../../src/cli/base-command.js'
import {qrTargetFlags, runAction} from '../../src/qr/qr-command.js'
import type {ActionOutput} from '../../src/qr/service.js'

export default class QrClose extends BaseCommand {
  static override summary = 'Close an unpaid QR order (customer-scan code the customer gave up on); never refunds'
  static override description = `Queries first: a paid order is never closed (hand over the goods instead), a final order needs nothing. WeChat asks to wait 5 minutes after creating a Native order. Journaled before it is sent.

Exit codes: 0 closed or already final, 1 refused, 2 bad input, 3 platform unreachable, 4 not confirmed.`

  static override examples = ['<%= config.bin %> qr close --demo --platform alipay --scenario user-abandons --order QRDEMO0001 --yes']

  static override flags = {
    ...qrTargetFlags,
    order: Flags.string({char: 'o', description: 'merchant order number (商户单号 out_trade_no)'}),
    yes: Flags.boolean({char: 'y', description: 'confirm without asking (required when not on a TTY)', default: false}),
  }

  async run(): Promise<ActionOutput> {
    const {flags} = await this.parse(QrClose)
    return runAction(this, this.progress, 'close', flags)
  }
}
