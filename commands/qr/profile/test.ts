import {Args, Flags} from '@oclif/core'

import {BaseCommand} from '../../../src/cli/base-command.js'
import {testProfile} from '../../../src/qr/profile-command.js'
import type {QrIdentityProof} from '../../../src/qr/types.js'

export default class QrProfileTest extends BaseCommand {
  static override summary = 'Prove the platform accepts this profile as the merchant (a harmless call)'
  static override description = `"Order not found" only means "not paid" once posdoc has shown it asks as the right merchant: give --known-order with the number of a recent order of this shop (from a receipt) to prove the sub-merchant / authorisation too.

Exit codes: 0 identity proven, 1 not proven (signature rejected, wrong merchant, known order not found), 2 bad input, 3 platform unreachable.`

  static override examples = ['<%= config.bin %> qr profile test shop-wechat --known-order 20261202093015']
  static override args = {name: Args.string({description: 'profile name', required: true})}
  static override flags = {'known-order': Flags.string({description: 'merchant order number of a recent order of this shop'})}

  async run(): Promise<{profile: string; identity: QrIdentityProof}> {
    const {args, flags} = await this.parse(QrProfileTest)
    return testProfile(this, args.name, flags['known-order'])
  }
}
