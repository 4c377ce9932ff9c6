import {Flags} from '@oclif/core'

import {BaseCommand} from '../../../src/cli/base-command.js'
import {addProfile, type ProfileView} from '../../../src/qr/profile-command.js'
import {QR_PLATFORMS} from '../../../src/qr/types.js'

export default class QrProfileAdd extends BaseCommand {
  static override summary = 'Add a merchant QR profile (WeChat Pay direct or service-provider, Alipay app)'
  static override description = `Public ids go to qr-profiles.json beside the config file. The private key stays in your PEM file (posdoc keeps its path and fingerprint and refuses a changed key), or with --keep-key-in-store in the OS keychain. Secrets never take a command-line value: app_auth_token is read from the environment variable you name. Where the OS has no keychain (headless Linux) secrets go to qr-secrets.enc (mode 0600, scrypt + AES-256-GCM) under a passphrase from POSDOC_QR_PASSPHRASE or a prompt.

Exit codes: 0 saved, 2 bad input (nothing saved).`

  static override examples = [
    '<%= config.bin %> qr profile add --name shop-wechat --platform wechat --appid wx8888888888888888 --mchid 1900000100 --sub-mchid 1900000109 --serial 3775B6A45ACD588826D15E583A95F5DD00000000 --private-key-file apiclient_key.pem --platform-key PUB_KEY_ID_0119000001002025120200000000000001=pub_key.pem',
    'APP_AUTH_TOKEN=… <%= config.bin %> qr profile add --name shop-alipay --platform alipay --app-id 2021000000000002 --private-key-file app_private_key.pem --alipay-public-key alipay_public_key.pem --app-auth-token-env APP_AUTH_TOKEN',
  ]

  static override flags = {
    name: Flags.string({description: 'profile name (letters, digits, . _ -)', required: true}),
    platform: Flags.option({description: 'payment platform', options: QR_PLATFORMS, required: true})(),
    endpoint: Flags.string({description: 'API base (WeChat) or gateway URL (Alipay); default: the production address'}),
    ca: Flags.string({description: 'CA certificate file to trust for the endpoint'}),
    mode: Flags.option({description: 'WeChat: direct merchant or service provider (default: partner when --sub-mchid is given)', options: ['direct', 'partner'] as const})(),
    appid: Flags.string({description: 'WeChat: appid (partner: sp_appid)'}),
    mchid: Flags.string({description: 'WeChat: merchant id (partner: sp_mchid)'}),
    'sub-mchid': Flags.string({description: 'WeChat partner: the shop\'s sub_mchid'}),
    'sub-appid': Flags.string({description: 'WeChat partner: sub_appid'}),
    serial: Flags.string({description: 'WeChat: serial number of the merchant API certificate'}),
    'platform-key': Flags.string({description: 'WeChat: ID=FILE, platform public key (PUB_KEY_ID_…) or platform certificate (serial); repeat to keep both during the migration', multiple: true}),
    'app-id': Flags.string({description: 'Alipay: app id'}),
    'alipay-public-key': Flags.string({description: 'Alipay: file with the Alipay public key (支付宝公钥), PEM or base64'}),
    'private-key-file': Flags.string({description: 'the merchant API / app private key, PEM (PKCS#1 or PKCS#8)', required: true}),
    'keep-key-in-store': Flags.boolean({description: 'copy the private key into the OS keychain / encrypted file instead of keeping its path', default: false}),
    'app-auth-token-env': Flags.string({description: 'Alipay ISV: name of the environment variable holding the app_auth_token'}),
  }

  async run(): Promise<ProfileView> {
    const {flags} = await this.parse(QrProfileAdd)
    return addProfile(this, flags)
  }
}
