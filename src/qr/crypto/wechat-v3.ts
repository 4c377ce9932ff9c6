/**
 * WeChat Pay API v3 signatures (qr-notes §1.1 [28][29][7]): request signing, response and
 * notification verification, AES-256-GCM resource decryption. Pure: keys, time and nonce come in.
 */
import {createCipheriv, createDecipheriv} from 'node:crypto'

import {rsaSign} from './rsa.js'

export const WECHAT_AUTH_SCHEME = 'WECHATPAY2-SHA256-RSA2048'
/** responses and notifications further off than this are rejected (what the SDKs do [31]) */
export const WECHAT_MAX_CLOCK_OFFSET_SEC = 300

/** METHOD\nPATH[?QUERY]\nTIMESTAMP\nNONCE\nBODY\n (GET: empty body) */
export function wechatRequestMessage(method: string, pathAndQuery: string, timestamp: number, nonce: string, body = ''): string {
  return `${method.toUpperCase()}\n${pathAndQuery}\n${timestamp}\n${nonce}\n${body}\n`
}

/** Wechatpay-Timestamp\nWechatpay-Nonce\nBODY\n */
export function wechatResponseMessage(timestamp: string | number, nonce: string, body: string): string {
  return `${timestamp}\n${nonce}\n${body}\n`
}

export interface WechatAuthParams {
  mchid: string
  nonce: string
  timestamp: number
  serialNo: string
  signature: string
}

export function wechatAuthorization(p: WechatAuthParams): string {
  return `${WECHAT_AUTH_SCHEME} mchid="${p.mchid}",nonce_str="${p.nonce}",signature="${p.signature}",timestamp="${p.timestamp}",serial_no="${p.serialNo}"`
}

export function signWechatRequest(o: {method: string; pathAndQuery: string; body?: string; mchid: string; serialNo: string; privateKey: string; timestamp: number; nonce: string}): string {
  const signature = rsaSign(wechatRequestMessage(o.method, o.pathAndQuery, o.timestamp, o.nonce, o.body ?? ''), o.privateKey)
  return wechatAuthorization({mchid: o.mchid, nonce: o.nonce, timestamp: o.timestamp, serialNo: o.serialNo, signature})
}

/** Parse an Authorization header; undefined when it is not a WECHATPAY2 header with all five fields. */
export function parseWechatAuthorization(header: string | undefined): WechatAuthParams | undefined {
  if (!header?.startsWith(`${WECHAT_AUTH_SCHEME} `)) return undefined
  const fields = new Map<string, string>()
  for (const m of header.slice(WECHAT_AUTH_SCHEME.length + 1).matchAll(/(\w+)="([^"]*)"/g)) fields.set(m[1]!, m[2]!)
  const [mchid, nonce, signature, timestamp, serialNo] = ['mchid', 'nonce_str', 'signature', 'timestamp', 'serial_no'].map((k) => fields.get(k))
  if (!mchid || !nonce || !signature || !timestamp || !serialNo || !/^\d+$/.test(timestamp)) return undefined
  return {mchid, nonce, signature, timestamp: Number(timestamp), serialNo}
}

export interface WechatResource {
  algorithm: string
  ciphertext: string
  associated_data?: string
  nonce: string
  original_type?: string
}

/** AES-256-GCM open: ciphertext with the 16-byte tag appended (WeChat's layout). Throws on a wrong key or tampering. */
export function aes256GcmOpen(key: Buffer, iv: Buffer, aad: Buffer, sealed: Buffer): Buffer {
  if (key.length !== 32) throw new Error('the AES-256 key must be 32 bytes')
  if (sealed.length < 16) throw new Error('ciphertext shorter than the GCM tag')
  const decipher = createDecipheriv('aes-256-gcm', key, iv)
  decipher.setAuthTag(sealed.subarray(sealed.length - 16))
  decipher.setAAD(aad)
  return Buffer.concat([decipher.update(sealed.subarray(0, sealed.length - 16)), decipher.final()])
}

/** AEAD_AES_256_GCM notification resource: the APIv3 key (32 characters), nonce and associated_data are text [7]. */
export function decryptWechatResource(resource: WechatResource, apiV3Key: string): string {
  const utf8 = (s: string) => Buffer.from(s, 'utf8')
  return aes256GcmOpen(utf8(apiV3Key), utf8(resource.nonce), utf8(resource.associated_data ?? ''), Buffer.from(resource.ciphertext, 'base64')).toString('utf8')
}

/** The platform side (simulator): encrypt a notification resource. */
export function encryptWechatResource(plaintext: string, apiV3Key: string, nonce: string, associatedData: string): WechatResource {
  const cipher = createCipheriv('aes-256-gcm', Buffer.from(apiV3Key, 'utf8'), Buffer.from(nonce, 'utf8'))
  cipher.setAAD(Buffer.from(associatedData, 'utf8'))
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()])
  return {algorithm: 'AEAD_AES_256_GCM', ciphertext: body.toString('base64'), associated_data: associatedData, nonce, original_type: 'transaction'}
}
