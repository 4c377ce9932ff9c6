/**
 * Where QR secrets live (APIv3 / APIv2 keys, app private keys posdoc was asked to keep,
 * app_auth_token): the OS keychain through @napi-rs/keyring (Windows Credential Manager, macOS
 * Keychain, Secret Service). Where there is none (a headless Linux), a fallback file in the config
 * directory, mode 0600, AES-256-GCM under a key derived with scrypt from a passphrase
 * (POSDOC_QR_PASSPHRASE or a prompt). Secrets are only ever read to sign; nothing prints them.
 */
import {createCipheriv, createDecipheriv, randomBytes, scryptSync} from 'node:crypto'
import {chmodSync, existsSync, readFileSync} from 'node:fs'
import {mkdir} from 'node:fs/promises'
import path from 'node:path'
import writeFileAtomic from 'write-file-atomic'

import {configFile} from '../config/paths.js'
import {pick} from '../i18n/index.js'
import {PosdocError} from '../output/errors.js'
import {ExitCode} from '../output/exit-codes.js'

export interface SecretStore {
  /** 'keychain' or the fallback file's path: shown to the user, never a secret */
  readonly location: string
  get(account: string): Promise<string | undefined>
  set(account: string, secret: string): Promise<void>
  delete(account: string): Promise<void>
}

const SERVICE = 'posdoc-qr'

/** The OS keychain; throws when the platform has no usable one (the caller falls back). */
export async function keyringStore(): Promise<SecretStore> {
  const {Entry} = await import('@napi-rs/keyring')
  // probe once with a write: a headless Linux reads "nothing" but refuses writes ("Couldn't access platform storage")
  const probe = new Entry(SERVICE, '__posdoc_probe__')
  probe.setPassword('probe')
  probe.deletePassword()
  return {
    location: 'keychain',
    get: async (account) => new Entry(SERVICE, account).getPassword() ?? undefined,
    set: async (account, secret) => new Entry(SERVICE, account).setPassword(secret),
    delete: async (account) => {
      new Entry(SERVICE, account).deletePassword()
    },
  }
}

export function secretsFile(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(path.dirname(configFile(env)), 'qr-secrets.enc')
}

/** scrypt cost: ~50 ms on a shop PC, 16 MiB; stored in the file so it can grow later */
const KDF = {N: 1 << 14, r: 8, p: 1}

interface SealedFile {
  v: 1
  kdf: 'scrypt'
  N: number
  r: number
  p: number
  salt: string
  iv: string
  tag: string
  data: string
}

export function passphraseError(kind: 'missing' | 'wrong' | 'damaged', file: string): PosdocError {
  const text = {
    missing: {en: `The QR secrets file ${file} needs its passphrase`, zh: `QR 密钥文件 ${file} 需要口令`},
    wrong: {en: `Wrong passphrase for the QR secrets file ${file}`, zh: `QR 密钥文件 ${file} 的口令不正确`},
    damaged: {en: `The QR secrets file ${file} is damaged`, zh: `QR 密钥文件 ${file} 已损坏`},
  }[kind]
  const remedy =
    kind === 'damaged'
      ? {en: 'Remove the file and add the profiles again (posdoc qr profile add)', zh: '删除该文件后重新添加配置（posdoc qr profile add）'}
      : {en: 'Set POSDOC_QR_PASSPHRASE, or run the command in a terminal to be asked for it', zh: '设置 POSDOC_QR_PASSPHRASE，或在终端中运行以输入口令'}
  return new PosdocError({code: kind === 'damaged' ? 'QR_SECRETS_DAMAGED' : kind === 'wrong' ? 'QR_SECRETS_WRONG_PASSPHRASE' : 'QR_SECRETS_PASSPHRASE_NEEDED', exitCode: ExitCode.Usage, message: pick(text), remedy: pick(remedy)})
}

/** The fallback: one sealed JSON map, rewritten atomically, mode 0600. */
export class EncryptedFileStore implements SecretStore {
  private cache: Map<string, string> | undefined

  constructor(
    readonly location: string,
    private readonly passphrase: () => Promise<string>,
  ) {}

  private async open(): Promise<Map<string, string>> {
    if (this.cache) return this.cache
    if (!existsSync(this.location)) return (this.cache = new Map())
    let sealed: SealedFile
    try {
      sealed = JSON.parse(readFileSync(this.location, 'utf8')) as SealedFile
    } catch {
      throw passphraseError('damaged', this.location)
    }
    const key = scryptSync(await this.passphrase(), Buffer.from(sealed.salt, 'base64'), 32, {N: sealed.N, r: sealed.r, p: sealed.p, maxmem: 64 * 1024 * 1024})
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(sealed.iv, 'base64'))
      decipher.setAuthTag(Buffer.from(sealed.tag, 'base64'))
      const plain = Buffer.concat([decipher.update(Buffer.from(sealed.data, 'base64')), decipher.final()]).toString('utf8')
      return (this.cache = new Map(Object.entries(JSON.parse(plain) as Record<string, string>)))
    } catch {
      // GCM authentication fails alike for a wrong passphrase and a tampered file
      throw passphraseError('wrong', this.location)
    }
  }

  private async save(map: Map<string, string>): Promise<void> {
    const salt = randomBytes(16)
    const iv = randomBytes(12)
    const key = scryptSync(await this.passphrase(), salt, 32, {...KDF, maxmem: 64 * 1024 * 1024})
    const cipher = createCipheriv('aes-256-gcm', key, iv)
    const data = Buffer.concat([cipher.update(JSON.stringify(Object.fromEntries(map)), 'utf8'), cipher.final()])
    const sealed: SealedFile = {v: 1, kdf: 'scrypt', ...KDF, salt: salt.toString('base64'), iv: iv.toString('base64'), tag: cipher.getAuthTag().toString('base64'), data: data.toString('base64')}
    await mkdir(path.dirname(this.location), {recursive: true})
    await writeFileAtomic(this.location, `${JSON.stringify(sealed)}\n`, {mode: 0o600})
    chmodSync(this.location, 0o600)
    this.cache = map
  }

  async get(account: string): Promise<string | undefined> {
    return (await this.open()).get(account)
  }

  async set(account: string, secret: string): Promise<void> {
    const map = new Map(await this.open())
    map.set(account, secret)
    await this.save(map)
  }

  async delete(account: string): Promise<void> {
    const map = new Map(await this.open())
    if (map.delete(account)) await this.save(map)
  }
}

/** The passphrase: POSDOC_QR_PASSPHRASE, else asked once on a TTY, else a usage error. */
export function passphraseSource(opts: {env?: NodeJS.ProcessEnv; ask?: () => Promise<string>; file: string}): () => Promise<string> {
  let cached: string | undefined
  return async () => {
    if (cached !== undefined) return cached
    const fromEnv = (opts.env ?? process.env).POSDOC_QR_PASSPHRASE
    if (fromEnv) return (cached = fromEnv)
    if (!opts.ask) throw passphraseError('missing', opts.file)
    const typed = await opts.ask()
    if (!typed) throw passphraseError('missing', opts.file)
    return (cached = typed)
  }
}

/** The keychain where there is one, else the encrypted file. POSDOC_QR_SECRETS=file forces the file (tests, portable installs). */
export async function openSecretStore(opts: {env?: NodeJS.ProcessEnv; ask?: () => Promise<string>} = {}): Promise<SecretStore> {
  const env = opts.env ?? process.env
  const file = secretsFile(env)
  if (env.POSDOC_QR_SECRETS !== 'file') {
    try {
      return await keyringStore()
    } catch {
      // no usable keychain: the encrypted file
    }
  }
  return new EncryptedFileStore(file, passphraseSource({env, file, ...(opts.ask ? {ask: opts.ask} : {})}))
}
