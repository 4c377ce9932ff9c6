/**
 * `posdoc qr profile add|list|test|remove`: merchant credentials per platform. Public ids go to
 * qr-profiles.json; secrets (a private key posdoc keeps, app_auth_token, APIv3 key) to the OS
 * keychain or the encrypted fallback file; a private key may stay in the merchant's own PEM file.
 * Nothing here ever prints a secret: list shows ids, key ids and fingerprints.
 */
import {readFileSync} from 'node:fs'

import {isInteractive} from '../actions/common.js'
import type {BaseCommand} from '../cli/base-command.js'
import {getLang, pick} from '../i18n/index.js'
import {PosdocError} from '../output/errors.js'
import {ExitCode} from '../output/exit-codes.js'
import {nodeHttpClient} from './http.js'
import {findProfile, profileExistsError, profilesFile, providerConfigOf, readPrivateKeyFile, readProfiles, readPublicKeyFile, secretAccount, validateProfile, writeProfiles, type QrProfile} from './profile.js'
import {createProvider} from './providers/index.js'
import {openSecretStore, type SecretStore} from './secrets.js'
import type {QrIdentityProof, QrPlatform} from './types.js'
import {systemClock} from '../util/clock.js'

export interface ProfileAddFlags {
  name: string
  platform: QrPlatform
  endpoint?: string | undefined
  ca?: string | undefined
  mode?: 'direct' | 'partner' | undefined
  appid?: string | undefined
  mchid?: string | undefined
  'sub-mchid'?: string | undefined
  'sub-appid'?: string | undefined
  serial?: string | undefined
  'platform-key'?: string[] | undefined
  'app-id'?: string | undefined
  'alipay-public-key'?: string | undefined
  'private-key-file': string
  'keep-key-in-store': boolean
  'app-auth-token-env'?: string | undefined
}

export interface ProfileView {
  name: string
  platform: QrPlatform
  endpoint: string
  ids: Record<string, string>
  privateKey: {source: 'file' | 'store'; path?: string; sha256: string}
  platformKeys: string[]
  secretsIn?: string
}

function usage(code: string, en: string, zh: string, remedy: {en: string; zh: string}): PosdocError {
  return new PosdocError({code, exitCode: ExitCode.Usage, message: pick({en, zh}), remedy: pick(remedy)})
}

async function askPassphrase(): Promise<string> {
  const {password} = await import('@inquirer/prompts')
  return password({message: pick({en: 'Passphrase of the QR secrets file', zh: 'QR 密钥文件的口令'})}, {output: process.stderr})
}

const store = (): Promise<SecretStore> => openSecretStore(isInteractive() ? {ask: askPassphrase} : {})

export function viewOf(p: QrProfile): ProfileView {
  const ids: Record<string, string> = {}
  if (p.wechat) Object.assign(ids, {mode: p.wechat.mode, appid: p.wechat.appid, mchid: p.wechat.mchid, ...(p.wechat.subMchid ? {subMchid: p.wechat.subMchid} : {}), serialNo: p.wechat.serialNo})
  if (p.alipay) Object.assign(ids, {appId: p.alipay.appId, ...(p.alipay.appAuthToken ? {appAuthToken: 'in the secret store'} : {})})
  return {
    name: p.name,
    platform: p.platform,
    endpoint: p.endpoint ?? (p.platform === 'wechat' ? 'https://api.mch.weixin.qq.com' : 'https://openapi.alipay.com/gateway.do'),
    ids,
    privateKey: p.privateKey.source === 'file' ? {source: 'file', path: p.privateKey.path, sha256: p.privateKey.sha256} : {source: 'store', sha256: p.privateKey.sha256},
    platformKeys: p.wechat ? Object.keys(p.wechat.platformKeys) : ['alipayPublicKey'],
  }
}

export async function addProfile(cmd: BaseCommand, flags: ProfileAddFlags): Promise<ProfileView> {
  const all = readProfiles()
  if (all.some((p) => p.name === flags.name)) throw profileExistsError(flags.name)
  const key = readPrivateKeyFile(flags['private-key-file'])
  const token = flags['app-auth-token-env'] ? process.env[flags['app-auth-token-env']] : undefined
  if (flags['app-auth-token-env'] && !token) throw usage('QR_SECRET_ENV_EMPTY', `Environment variable ${flags['app-auth-token-env']} is empty`, `环境变量 ${flags['app-auth-token-env']} 为空`, {en: 'Set it to the app_auth_token, then run again', zh: '将其设为 app_auth_token 后重试'})
  let draft: unknown
  if (flags.platform === 'wechat') {
    const platformKeys: Record<string, string> = {}
    for (const pair of flags['platform-key'] ?? []) {
      const at = pair.indexOf('=')
      if (at <= 0) throw usage('USAGE_QR_BAD_PLATFORM_KEY', `--platform-key must be ID=FILE, not "${pair}"`, `--platform-key 格式应为 ID=FILE，而不是 "${pair}"`, {en: 'e.g. --platform-key PUB_KEY_ID_0114…=pub_key.pem', zh: '例如 --platform-key PUB_KEY_ID_0114…=pub_key.pem'})
      platformKeys[pair.slice(0, at)] = readPublicKeyFile(pair.slice(at + 1))
    }
    if (Object.keys(platformKeys).length === 0) throw usage('USAGE_QR_NO_PLATFORM_KEY', 'A WeChat Pay profile needs the platform public key or certificate', '微信支付配置需要平台公钥或平台证书', {en: 'Add --platform-key PUB_KEY_ID_…=pub_key.pem (or SERIAL=platform_cert.pem)', zh: '加上 --platform-key PUB_KEY_ID_…=pub_key.pem（或 序列号=平台证书.pem）'})
    draft = {wechat: {mode: flags.mode ?? (flags['sub-mchid'] ? 'partner' : 'direct'), appid: flags.appid, mchid: flags.mchid, ...(flags['sub-mchid'] ? {subMchid: flags['sub-mchid']} : {}), ...(flags['sub-appid'] ? {subAppid: flags['sub-appid']} : {}), serialNo: flags.serial, platformKeys}}
  } else {
    if (!flags['alipay-public-key']) throw usage('USAGE_QR_NO_PLATFORM_KEY', 'An Alipay profile needs the Alipay public key (支付宝公钥)', '支付宝配置需要支付宝公钥', {en: 'Add --alipay-public-key FILE', zh: '加上 --alipay-public-key FILE'})
    draft = {alipay: {appId: flags['app-id'], alipayPublicKey: readPublicKeyFile(flags['alipay-public-key']), appAuthToken: token !== undefined}}
  }
  const profile = validateProfile({
    name: flags.name,
    platform: flags.platform,
    ...(flags.endpoint ? {endpoint: flags.endpoint} : {}),
    ...(flags.ca ? {caFile: flags.ca} : {}),
    ...(draft as object),
    privateKey: flags['keep-key-in-store'] ? {source: 'store', sha256: key.sha256} : {source: 'file', path: flags['private-key-file'], sha256: key.sha256},
    createdAt: new Date().toISOString(),
  })
  if (flags.ca) {
    try {
      readFileSync(flags.ca, 'utf8')
    } catch {
      throw usage('QR_CA_UNREADABLE', `The CA file ${flags.ca} cannot be read`, `无法读取 CA 文件 ${flags.ca}`, {en: 'Give the path of a PEM certificate', zh: '请给出 PEM 证书的路径'})
    }
  }
  let secretsIn: string | undefined
  if (flags['keep-key-in-store'] || token) {
    const s = await store()
    if (flags['keep-key-in-store']) await s.set(secretAccount(profile.name, 'private-key'), key.pem)
    if (token) await s.set(secretAccount(profile.name, 'app-auth-token'), token)
    secretsIn = s.location
  }
  await writeProfiles([...all, profile])
  const view = {...viewOf(profile), ...(secretsIn ? {secretsIn} : {})}
  if (!cmd.jsonEnabled()) process.stdout.write(`${renderView(view)}\n${pick({en: `Saved in ${profilesFile()}. Prove it works: posdoc qr profile test ${profile.name}`, zh: `已保存到 ${profilesFile()}。验证：posdoc qr profile test ${profile.name}`})}\n`)
  return view
}

function renderView(v: ProfileView): string {
  const ids = Object.entries(v.ids).map(([k, x]) => `${k}=${x}`).join(' ')
  const key = v.privateKey.source === 'file' ? `${v.privateKey.path} (sha256 ${v.privateKey.sha256.slice(0, 16)}…)` : pick({en: `in the secret store (sha256 ${v.privateKey.sha256.slice(0, 16)}…)`, zh: `在密钥库中（sha256 ${v.privateKey.sha256.slice(0, 16)}…）`})
  return `${v.name}  ${v.platform}  ${v.endpoint}\n  ${ids}\n  ${pick({en: 'private key', zh: '私钥'})}: ${key}\n  ${pick({en: 'platform keys', zh: '平台公钥'})}: ${v.platformKeys.join(', ')}${v.secretsIn ? `\n  ${pick({en: 'secrets in', zh: '密钥存放于'})}: ${v.secretsIn}` : ''}`
}

export function listProfiles(cmd: BaseCommand): {profiles: ProfileView[]; file: string} {
  const profiles = readProfiles().map(viewOf)
  if (!cmd.jsonEnabled()) process.stdout.write(`${profiles.length ? profiles.map(renderView).join('\n') : pick({en: 'No QR profiles yet: posdoc qr profile add --help', zh: '尚无 QR 配置：posdoc qr profile add --help'})}\n`)
  return {profiles, file: profilesFile()}
}

export async function removeProfile(cmd: BaseCommand, name: string): Promise<{removed: string}> {
  const p = findProfile(name)
  if (p.privateKey.source === 'store' || p.alipay?.appAuthToken) {
    const s = await store()
    await s.delete(secretAccount(name, 'private-key'))
    await s.delete(secretAccount(name, 'app-auth-token'))
  }
  await writeProfiles(readProfiles().filter((x) => x.name !== name))
  if (!cmd.jsonEnabled()) process.stdout.write(`${pick({en: `Removed QR profile ${name}`, zh: `已删除 QR 配置 ${name}`})}\n`)
  return {removed: name}
}

/** A harmless call as this merchant; with --known-order, proof that the orders are ours. */
export async function testProfile(cmd: BaseCommand, name: string, knownOrder?: string): Promise<{profile: string; identity: QrIdentityProof}> {
  const p = findProfile(name)
  const cfg = await providerConfigOf(p, await store())
  const ca = p.caFile ? readFileSync(p.caFile, 'utf8') : undefined
  const provider = createProvider(cfg, {http: nodeHttpClient(ca ? {ca} : {}), clock: systemClock})
  const identity = await provider.proveIdentity(knownOrder ? {outTradeNo: knownOrder} : undefined)
  const lang = getLang()
  if (!cmd.jsonEnabled()) {
    const lines = [
      `${name}: ${identity.signatureAccepted ? pick({en: 'the platform accepts our signature', zh: '平台接受我方签名'}, lang) : pick({en: 'the platform does NOT accept us', zh: '平台不接受我方身份'}, lang)}`,
      ...(identity.knownOrderFound !== undefined ? [`  ${pick({en: 'known order', zh: '已知订单'}, lang)} ${knownOrder}: ${identity.knownOrderFound ? pick({en: 'found', zh: '已找到'}, lang) : pick({en: 'NOT found (wrong sub-merchant / authorisation?)', zh: '未找到（子商户号 / 授权不对？）'}, lang)}`] : []),
      `  ${pick({en: 'identity proven', zh: '身份已证实'}, lang)}: ${identity.proven ? pick({en: 'yes: "not found" can be trusted', zh: '是：“查无此单”可信'}, lang) : pick({en: 'no: "not found" does not yet mean "not paid"', zh: '否：“查无此单”尚不能说明“未支付”'}, lang)}`,
      ...identity.errors.map((e) => `  [${e.code}]${e.platformCode ? ` (${e.platformCode})` : ''}`),
    ]
    process.stdout.write(`${lines.join('\n')}\n`)
  }
  process.exitCode = identity.proven ? ExitCode.Ok : identity.errors.some((e) => e.code === 'QR_UNREACHABLE' || e.code === 'QR_PLATFORM_BUSY') ? ExitCode.Unreachable : ExitCode.ProblemFound
  return {profile: name, identity}
}
