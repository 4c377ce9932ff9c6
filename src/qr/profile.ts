/**
 * QR merchant profiles: public identities (ids, endpoint, platform public keys, where the private
 * key is) in qr-profiles.json beside the config file; secrets in the SecretStore. A private key
 * may stay in the merchant's own PEM file: posdoc keeps its path and the SHA-256 fingerprint of its
 * public half, and refuses a file whose key changed.
 */
import {createHash, createPrivateKey, createPublicKey} from 'node:crypto'
import {existsSync, readFileSync} from 'node:fs'
import {mkdir} from 'node:fs/promises'
import path from 'node:path'
import writeFileAtomic from 'write-file-atomic'
import {z} from 'zod'

import {configFile} from '../config/paths.js'
import {pick} from '../i18n/index.js'
import {PosdocError} from '../output/errors.js'
import {ExitCode} from '../output/exit-codes.js'
import {pemFromBase64} from './crypto/rsa.js'
import type {ProviderConfig} from './providers/index.js'
import type {SecretStore} from './secrets.js'

export const WECHAT_API = 'https://api.mch.weixin.qq.com'
export const ALIPAY_GATEWAY = 'https://openapi.alipay.com/gateway.do'

const ProfileSchema = z
  .object({
    name: z.string().regex(/^[A-Za-z0-9._-]{1,40}$/),
    platform: z.enum(['wechat', 'alipay']),
    /** WeChat API base or Alipay gateway; default: the platform's production address */
    endpoint: z.string().url().optional(),
    /** a CA file to trust for the endpoint (a simulator, a company proxy) */
    caFile: z.string().optional(),
    wechat: z
      .object({
        mode: z.enum(['direct', 'partner']),
        appid: z.string().min(1),
        mchid: z.string().regex(/^\d{6,12}$/),
        subMchid: z.string().regex(/^\d{6,12}$/).optional(),
        subAppid: z.string().optional(),
        serialNo: z.string().regex(/^[0-9A-Fa-f]{8,64}$/),
        /** platform certificate serial or PUB_KEY_ID_… -> public key PEM (public, not a secret) */
        platformKeys: z.record(z.string(), z.string()),
      })
      .strict()
      .optional(),
    alipay: z.object({appId: z.string().regex(/^\d{8,20}$/), alipayPublicKey: z.string(), appAuthToken: z.boolean().default(false)}).strict().optional(),
    privateKey: z.discriminatedUnion('source', [z.object({source: z.literal('file'), path: z.string(), sha256: z.string()}), z.object({source: z.literal('store'), sha256: z.string()})]),
    createdAt: z.string(),
  })
  .strict()

export type QrProfile = z.infer<typeof ProfileSchema>
const FileSchema = z.object({v: z.literal(1), profiles: z.array(ProfileSchema)})

export function profilesFile(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(path.dirname(configFile(env)), 'qr-profiles.json')
}

const text = {
  bad: (file: string, detail: string) => ({en: `The QR profiles file ${file} is not valid: ${detail}`, zh: `QR 配置文件 ${file} 无效：${detail}`}),
  unknown: (name: string, known: string) => ({en: `No QR profile named "${name}" (known: ${known || 'none'})`, zh: `没有名为 "${name}" 的 QR 配置（已有：${known || '无'}）`}),
  exists: (name: string) => ({en: `A QR profile named "${name}" already exists`, zh: `已存在名为 "${name}" 的 QR 配置`}),
  keyChanged: (file: string) => ({en: `The private key in ${file} is not the one this profile was set up with`, zh: `${file} 中的私钥与配置时的不一致`}),
  keyMissing: (file: string) => ({en: `The private key file ${file} cannot be read`, zh: `无法读取私钥文件 ${file}`}),
  secretMissing: (what: string) => ({en: `The ${what} of this profile is not in the secret store`, zh: `密钥库中缺少本配置的 ${what}`}),
}

function usage(code: string, message: {en: string; zh: string}, remedy: {en: string; zh: string}): PosdocError {
  return new PosdocError({code, exitCode: ExitCode.Usage, message: pick(message), remedy: pick(remedy)})
}

export function readProfiles(env: NodeJS.ProcessEnv = process.env): QrProfile[] {
  const file = profilesFile(env)
  if (!existsSync(file)) return []
  let parsed: z.ZodSafeParseResult<z.infer<typeof FileSchema>>
  try {
    parsed = FileSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')))
  } catch (e) {
    throw usage('QR_PROFILES_INVALID', text.bad(file, (e as Error).message), {en: 'Fix or remove the file', zh: '修正或删除该文件'})
  }
  if (!parsed.success) throw usage('QR_PROFILES_INVALID', text.bad(file, `${parsed.error.issues[0]?.path.join('.')}: ${parsed.error.issues[0]?.message}`), {en: 'Fix or remove the file', zh: '修正或删除该文件'})
  return parsed.data.profiles
}

export async function writeProfiles(profiles: QrProfile[], env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const file = profilesFile(env)
  await mkdir(path.dirname(file), {recursive: true})
  await writeFileAtomic(file, `${JSON.stringify({v: 1, profiles}, null, 2)}\n`, {mode: 0o600})
}

export function findProfile(name: string, env: NodeJS.ProcessEnv = process.env): QrProfile {
  const all = readProfiles(env)
  const p = all.find((x) => x.name === name)
  if (!p) throw usage('QR_PROFILE_UNKNOWN', text.unknown(name, all.map((x) => x.name).join(', ')), {en: 'posdoc qr profile list; posdoc qr profile add', zh: 'posdoc qr profile list；posdoc qr profile add'})
  return p
}

/** SHA-256 of the key's public half (SPKI DER), hex: identifies the key without revealing it */
export function keyFingerprint(privateKeyPem: string): string {
  const der = createPublicKey(createPrivateKey(privateKeyPem)).export({type: 'spki', format: 'der'})
  return createHash('sha256').update(der).digest('hex')
}

/** Read a PEM private key file and check it is a key (not a certificate, not garbage). */
export function readPrivateKeyFile(file: string): {pem: string; sha256: string} {
  let pem: string
  try {
    pem = pemFromBase64(readFileSync(file, 'utf8'), 'PRIVATE KEY')
  } catch {
    throw usage('QR_PRIVATE_KEY_UNREADABLE', text.keyMissing(file), {en: 'Give the path of apiclient_key.pem / the app private key file', zh: '请给出 apiclient_key.pem / 应用私钥文件的路径'})
  }
  try {
    return {pem, sha256: keyFingerprint(pem)}
  } catch {
    throw usage('QR_PRIVATE_KEY_INVALID', {en: `${file} does not hold an RSA private key`, zh: `${file} 中不是 RSA 私钥`}, {en: 'Use the private key file (PEM, "-----BEGIN PRIVATE KEY-----"), not the certificate', zh: '请使用私钥文件（PEM，“-----BEGIN PRIVATE KEY-----”），不是证书'})
  }
}

export function readPublicKeyFile(file: string): string {
  try {
    const pem = pemFromBase64(readFileSync(file, 'utf8'), 'PUBLIC KEY')
    // a platform certificate works too: its public key is what verifies
    return createPublicKey(pem).export({type: 'spki', format: 'pem'}).toString()
  } catch {
    throw usage('QR_PUBLIC_KEY_INVALID', {en: `${file} does not hold a public key or certificate`, zh: `${file} 中不是公钥或证书`}, {en: 'Download the platform public key / certificate from the merchant platform', zh: '从商户平台下载平台公钥 / 证书'})
  }
}

export const secretAccount = (profile: string, what: 'private-key' | 'app-auth-token' | 'api-v3-key') => `${profile}:${what}`

/** Everything a provider needs, with the private key loaded and checked. */
export async function providerConfigOf(p: QrProfile, store: SecretStore): Promise<ProviderConfig> {
  let privateKey: string | undefined
  if (p.privateKey.source === 'file') {
    privateKey = readPrivateKeyFile(p.privateKey.path).pem
    if (keyFingerprint(privateKey) !== p.privateKey.sha256) throw usage('QR_PRIVATE_KEY_CHANGED', text.keyChanged(p.privateKey.path), {en: 'Run posdoc qr profile add again with the new key', zh: '使用新私钥重新运行 posdoc qr profile add'})
  } else {
    privateKey = await store.get(secretAccount(p.name, 'private-key'))
    if (!privateKey) throw usage('QR_SECRET_MISSING', text.secretMissing('private key'), {en: 'Run posdoc qr profile add again', zh: '重新运行 posdoc qr profile add'})
  }
  if (p.platform === 'wechat' && p.wechat) {
    return {platform: 'wechat', wechat: {baseUrl: p.endpoint ?? WECHAT_API, ...p.wechat, privateKey}}
  }
  if (p.platform === 'alipay' && p.alipay) {
    const token = p.alipay.appAuthToken ? await store.get(secretAccount(p.name, 'app-auth-token')) : undefined
    if (p.alipay.appAuthToken && !token) throw usage('QR_SECRET_MISSING', text.secretMissing('app_auth_token'), {en: 'Run posdoc qr profile add again', zh: '重新运行 posdoc qr profile add'})
    return {platform: 'alipay', alipay: {gateway: p.endpoint ?? ALIPAY_GATEWAY, appId: p.alipay.appId, privateKey, alipayPublicKey: p.alipay.alipayPublicKey, ...(token ? {appAuthToken: token} : {})}}
  }
  throw usage('QR_PROFILES_INVALID', text.bad(profilesFile(), `profile ${p.name} lacks its ${p.platform} section`), {en: 'Fix or remove the file', zh: '修正或删除该文件'})
}

export function validateProfile(p: unknown): QrProfile {
  const r = ProfileSchema.safeParse(p)
  if (!r.success) {
    const issue = r.error.issues[0]
    throw usage('QR_PROFILE_BAD_INPUT', {en: `Invalid profile: ${issue?.path.join('.')}: ${issue?.message}`, zh: `配置无效：${issue?.path.join('.')}：${issue?.message}`}, {en: 'posdoc qr profile add --help', zh: 'posdoc qr profile add --help'})
  }
  return r.data
}

export function profileExistsError(name: string): PosdocError {
  return usage('QR_PROFILE_EXISTS', text.exists(name), {en: `posdoc qr profile remove ${name} first`, zh: `先运行 posdoc qr profile remove ${name}`})
}
