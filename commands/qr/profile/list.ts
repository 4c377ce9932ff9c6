import {BaseCommand} from '../../../src/cli/base-command.js'
import {listProfiles, type ProfileView} from '../../../src/qr/profile-command.js'

export default class QrProfileList extends BaseCommand {
  static override summary = 'List QR profiles: ids, endpoint, key fingerprints (never a secret)'
  static override examples = ['<%= config.bin %> qr profile list --json']

  async run(): Promise<{profiles: ProfileView[]; file: string}> {
    await this.parse(QrProfileList)
    return listProfiles(this)
  }
}
