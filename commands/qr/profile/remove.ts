import {Args} from '@oclif/core'

import {BaseCommand} from '../../../src/cli/base-command.js'
import {removeProfile} from '../../../src/qr/profile-command.js'

export default class QrProfileRemove extends BaseCommand {
  static override summary = 'Remove a QR profile and the secrets posdoc kept for it'
  static override examples = ['<%= config.bin %> qr profile remove shop-wechat']
  static override args = {name: Args.string({description: 'profile name', required: true})}

  async run(): Promise<{removed: string}> {
    const {args} = await this.parse(QrProfileRemove)
    return removeProfile(this, args.name)
  }
}
