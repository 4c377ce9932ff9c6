import {Flags} from '@oclif/core'

import {BaseCommand} from '../../src/cli/base-command.js'
import {qrTargetFlags, runRefundStatus} from '../../src/qr/qr-command.js'
import type {RefundOutput} from '../../src/qr/service.js'

export default class QrRefundStatus extends BaseCommand {
  static override summary = 'Where a QR refund is: in progress, refunded, closed, or abnormal (manual handling)'
  static override description = `Balance refunds arrive in ~5 min, bank cards in 1–3 working days. Ask at least a minute after the refund. Alipay needs the order number too (--order).

Exit codes: 0 refunded, 1 in progress / abnormal / not found, 2 bad input, 3 platform unreachable.`

  static override examples = ['<%= config.bin %> qr refund-status --demo --refund QRDEMO0003R1', '<%= config.bin %> qr refund-status --demo --platform alipay --scenario refund-abnormal --order QRDEMO0003 --refund QRDEMO0003R1 --json']

  static override flags = {
    ...qrTargetFlags,
    refund: Flags.string({description: 'refund number (out_refund_no / out_request_no)', required: true}),
    order: Flags.string({char: 'o', description: 'merchant order number of the refunded order (Alipay needs it)'}),
  }

  async run(): Promise<RefundOutput> {
    const {flags} = await this.parse(QrRefundStatus)
    return runRefundStatus(this, this.progress, flags)
  }
}
