/** SHA256withRSA (PKCS#1 v1.5), base64: the signature both WeChat Pay v3 and Alipay RSA2 use. */
import {createPrivateKey, createPublicKey, createSign, createVerify, type KeyObject} from 'node:crypto'

export function rsaSign(message: string, privateKey: string | KeyObject): string {
  return createSign('RSA-SHA256').update(message, 'utf8').sign(privateKey, 'base64')
}

/** false (never a throw) for a wrong, truncated or non-base64 signature */
export function rsaVerify(message: string, signature: string, publicKey: string | KeyObject): boolean {
  try {
    return createVerify('RSA-SHA256').update(message, 'utf8').verify(publicKey, signature, 'base64')
  } catch {
    return false
  }
}

/** The public half of a PEM private key (PKCS#1 or PKCS#8), as SPKI PEM. */
export function publicKeyOf(privateKeyPem: string): string {
  return createPublicKey(createPrivateKey(privateKeyPem)).export({type: 'spki', format: 'pem'}).toString()
}

/** Alipay's key tool hands out bare base64 keys; accept those as well as PEM. */
export function pemFromBase64(key: string, kind: 'PRIVATE KEY' | 'PUBLIC KEY'): string {
  const k = key.trim()
  if (k.startsWith('-----BEGIN')) return k
  const body = k.replace(/\s+/g, '').match(/.{1,64}/g)?.join('\n') ?? ''
  return `-----BEGIN ${kind}-----\n${body}\n-----END ${kind}-----\n`
}
