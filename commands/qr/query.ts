import {Flags} from '@oclif/core'

import {BaseCommand} from '../../src/cli/base-command.js'
import {orderFlags, qrTargetFlags, runQuery} from '../../src/qr/qr-command.js'
import type {QueryOutput} from '../../src/qr/service.js'

export default class QrQuery extends BaseCommand {
  static override summary = 'Ask the payment platform what really happened to a QR order (WeChat Pay, Alipay)'
  static override description = `The only authority on a QR order is the platform's order query. The answer is verified (platform signature, the merchant's amount) before it is believed: an answer that fails is "not confirmed", never "paid". --watch asks again at the platform's cadence, with a countdown, until the order is final.

States: pending, paid, refunded, not-paid (final), uncertain (not confirmed), not-found, could-not-ask.
Exit codes: 0 paid, 1 anything else (not final, not paid, not confirmed, not found, signature/clock/merchant problems), 2 bad input, 3 platform unreachable or busy.`

  static override examples = [
    '<%= config.bin %> qr query --demo --order QRDEMO0001',
    '<%= config.bin %> qr query --demo --platform alipay --scenario user-paying --order QRDEMO0001 --watch',
    '<%= config.bin %> qr query --profile shop-wechat --order 20261202143001 --amount 12.30 --json',
    '<%= config.bin %> qr query --profile shop-alipay --platform-no 2026120222001412345678901234',
  ]

  static override flags = {
    ...qrTargetFlags,
    ...orderFlags,
    watch: Flags.boolean({description: 'ask again at the platform cadence until the order is final', default: false}),
    timeout: Flags.integer({description: 'with --watch: give up after this many seconds', default: 120, min: 1, max: 3600}),
    'known-order': Flags.string({description: 'a recent order of this shop: on "not found", proves posdoc asks as the right (sub-)merchant'}),
  }

  async run(): Promise<QueryOutput> {
    const {flags} = await this.parse(QrQuery)
    return runQuery(this, this.progress, flags)
  }
}
