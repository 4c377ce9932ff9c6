/**
 * Known answers for the QR crypto: the AES-256-GCM vector of the GCM specification (McGrew &
 * Viega, test case 16), and cross-checks against code we did not write: wechatpay-axios-plugin's
 * Rsa/Aes/Formatter and alipay-sdk's response-node extraction, on the same inputs.
 */
import {createRequire} from 'node:module'
import {AlipaySdk} from 'alipay-sdk'
import {describe, expect, it} from 'vitest'

import {alipayResponseKey, alipaySign, alipaySignContent, alipaySignedNode, alipayTimestamp, alipayVerifyParams, parseAlipayTimestamp} from '../../src/qr/crypto/alipay.js'
import {pemFromBase64, publicKeyOf, rsaSign, rsaVerify} from '../../src/qr/crypto/rsa.js'
import {aes256GcmOpen, decryptWechatResource, encryptWechatResource, parseWechatAuthorization, signWechatRequest, wechatRequestMessage, wechatResponseMessage} from '../../src/qr/crypto/wechat-v3.js'
import {SIM_ALIPAY_APP_KEY, SIM_WECHAT_MERCHANT_KEY} from '../../src/sim/qr/demo-keys.js'
import {wechatV2Sign, wechatV2Verify} from '../../src/qr/crypto/wechat-v2.js'

const require = createRequire(import.meta.url)
const {Rsa, Aes, Formatter} = require('wechatpay-axios-plugin') as {
  Rsa: {sign(m: string, k: unknown): string; verify(m: string, s: string, k: unknown): boolean; from(k: string, t?: string): unknown; KEY_TYPE_PUBLIC: string}
  Aes: {AesGcm: {encrypt(p: string, k: string, iv: string, aad?: string): string; decrypt(c: string, k: string, iv: string, aad?: string): string}}
  Formatter: {authorization(mchid: string, nonce: string, sig: string, ts: number, serial: string): string; request(m: string, u: string, ts: number, n: string, b?: string): string; response(ts: number, n: string, b?: string): string}
}

describe('AES-256-GCM', () => {
  it('opens the GCM specification test case 16 (256-bit key, 96-bit IV, AAD)', () => {
    const hex = (s: string) => Buffer.from(s, 'hex')
    const key = hex('feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308')
    const iv = hex('cafebabefacedbaddecaf888')
    const aad = hex('feedfacedeadbeeffeedfacedeadbeefabaddad2')
    const c = '522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662'
    const tag = '76fc6ece0f4e1768cddf8853bb2d551b'
    const p = 'd9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a721c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39'
    expect(aes256GcmOpen(key, iv, aad, hex(c + tag)).toString('hex')).toBe(p)
    const tampered = hex(c + tag)
    tampered[0]! ^= 1
    expect(() => aes256GcmOpen(key, iv, aad, tampered)).toThrow()
  })

  it('decrypts what wechatpay-axios-plugin encrypts, and the other way round; a wrong key or AAD throws', () => {
    const apiV3Key = 'posdocTestApiV3Key0123456789abcd'
    const plain = JSON.stringify({out_trade_no: 'QR1', trade_state: 'SUCCESS', amount: {total: 1230}})
    const ciphertext = Aes.AesGcm.encrypt(plain, apiV3Key, 'fdasflkja484', 'transaction')
    expect(decryptWechatResource({algorithm: 'AEAD_AES_256_GCM', ciphertext, nonce: 'fdasflkja484', associated_data: 'transaction'}, apiV3Key)).toBe(plain)
    const ours = encryptWechatResource(plain, apiV3Key, 'a1b2c3d4e5f6', 'certificate')
    expect(Aes.AesGcm.decrypt(ours.ciphertext, apiV3Key, 'a1b2c3d4e5f6', 'certificate')).toBe(plain)
    expect(() => decryptWechatResource({...ours, associated_data: 'transaction'}, apiV3Key)).toThrow()
    expect(() => decryptWechatResource(ours, 'X'.repeat(32))).toThrow()
  })
})

describe('WeChat Pay v3 signatures', () => {
  const pub = publicKeyOf(SIM_WECHAT_MERCHANT_KEY)

  it('builds the same message and Authorization header as wechatpay-axios-plugin', () => {
    const body = '{"mchid":"1900000100"}'
    expect(wechatRequestMessage('post', '/v3/pay/transactions/out-trade-no/QR1/close', 1554208460, 'NONCE', body)).toBe(Formatter.request('POST', '/v3/pay/transactions/out-trade-no/QR1/close', 1554208460, 'NONCE', body))
    expect(wechatResponseMessage(1554208460, 'N2', body)).toBe(Formatter.response(1554208460, 'N2', body))
    const header = signWechatRequest({method: 'GET', pathAndQuery: '/v3/certificates', mchid: '1900000100', serialNo: 'ABC', privateKey: SIM_WECHAT_MERCHANT_KEY, timestamp: 1554208460, nonce: 'NONCE'})
    const theirSig = Rsa.sign(Formatter.request('GET', '/v3/certificates', 1554208460, 'NONCE', ''), Rsa.from(SIM_WECHAT_MERCHANT_KEY))
    // PKCS#1 v1.5 is deterministic: same key and message, same signature
    // field order is free; the fields and the signature must match
    expect(parseWechatAuthorization(header)).toEqual(parseWechatAuthorization(Formatter.authorization('1900000100', 'NONCE', theirSig, 1554208460, 'ABC')))
    expect(parseWechatAuthorization(header)).toEqual({mchid: '1900000100', nonce: 'NONCE', signature: theirSig, timestamp: 1554208460, serialNo: 'ABC'})
  })

  it('verification fails for a SIGNTEST probe, a tampered body and a different key; never throws', () => {
    const msg = wechatResponseMessage(1, 'n', '{"trade_state":"NOTPAY"}')
    const sig = rsaSign(msg, SIM_WECHAT_MERCHANT_KEY)
    expect(rsaVerify(msg, sig, pub)).toBe(true)
    expect(Rsa.verify(msg, sig, Rsa.from(pub, Rsa.KEY_TYPE_PUBLIC))).toBe(true)
    expect(rsaVerify(msg.replace('NOTPAY', 'SUCCESS'), sig, pub)).toBe(false)
    expect(rsaVerify(msg, 'WECHATPAY/SIGNTEST/abc', pub)).toBe(false)
    expect(rsaVerify(msg, sig, publicKeyOf(SIM_ALIPAY_APP_KEY))).toBe(false)
    expect(parseWechatAuthorization('Bearer x')).toBeUndefined()
    expect(parseWechatAuthorization('WECHATPAY2-SHA256-RSA2048 mchid="1",nonce_str="n",signature="s",timestamp="abc",serial_no="x"')).toBeUndefined()
  })
})

describe('Alipay RSA2', () => {
  it('signs the sorted non-empty parameters (sign excluded), as the published rule says', () => {
    expect(alipaySignContent({method: 'alipay.trade.query', app_id: '2021', sign: 'x', charset: 'utf-8', empty: '', biz_content: '{"out_trade_no":"QR1"}'})).toBe('app_id=2021&biz_content={"out_trade_no":"QR1"}&charset=utf-8&method=alipay.trade.query')
    const params = {app_id: '2021', method: 'alipay.trade.query', sign_type: 'RSA2', timestamp: '2026-12-02 10:00:00'}
    const sign = alipaySign(params, SIM_ALIPAY_APP_KEY)
    expect(alipayVerifyParams({...params, sign}, publicKeyOf(SIM_ALIPAY_APP_KEY))).toBe(true)
    expect(alipayVerifyParams({...params, app_id: '2022', sign}, publicKeyOf(SIM_ALIPAY_APP_KEY))).toBe(false)
  })

  it('finds the signed node exactly as alipay-sdk does, also with braces and quotes inside strings', () => {
    const sdk = new AlipaySdk({appId: '2021', privateKey: SIM_ALIPAY_APP_KEY, alipayPublicKey: publicKeyOf(SIM_ALIPAY_APP_KEY), gateway: 'https://127.0.0.1:1/gateway.do'})
    const key = alipayResponseKey('alipay.trade.query')
    for (const node of ['{"code":"10000","msg":"Success","trade_status":"TRADE_SUCCESS"}', '{"code":"40004","sub_msg":"a } \\" { b"}']) {
      const raw = `{"${key}":${node},"sign":"${"A".repeat(344)}"}`
      expect(alipaySignedNode(raw, key)).toBe(node)
      expect(sdk.getSignStr(raw, key)).toBe(node)
    }
    expect(alipaySignedNode('{"other":1}', key)).toBeUndefined()
  })

  it('timestamps are Beijing time both ways; bare base64 keys become PEM', () => {
    const ms = Date.parse('2026-12-02T02:03:04Z')
    expect(alipayTimestamp(ms)).toBe('2026-12-02 10:03:04')
    expect(parseAlipayTimestamp('2026-12-02 10:03:04')).toBe(ms)
    expect(parseAlipayTimestamp('yesterday')).toBeUndefined()
    const b64 = publicKeyOf(SIM_ALIPAY_APP_KEY).replace(/-----[^-]+-----|\s/g, '')
    expect(rsaVerify('m', rsaSign('m', SIM_ALIPAY_APP_KEY), pemFromBase64(b64, 'PUBLIC KEY'))).toBe(true)
  })
})

describe('WeChat Pay v2 signatures', () => {
  // the official example of the signature guide (pay.weixin.qq.com … chapter=4_3), vectors from qr-notes §1.1
  const params = {appid: 'wxd930ea5d5a258f4f', mch_id: '10000100', device_info: '1000', body: 'test', nonce_str: 'ibuaiVcKdpRxkhJA'}
  const key = '192006250b4c09247ec02edce69f6a2d'

  it('MD5 and HMAC-SHA256 match the published example', () => {
    expect(wechatV2Sign(params, key, 'MD5')).toBe('9A0A8659F005D6984697E2CA0A9CF3B7')
    expect(wechatV2Sign(params, key, 'HMAC-SHA256')).toBe('6A9AE1657590FD6257D693A078E1C3E4BB6BA4DC30B23E0EE2496E54170DACD6')
  })

  it('verification ignores empty fields and accepts unknown extra ones only when they were signed', () => {
    expect(wechatV2Verify({...params, empty: '', sign: '9A0A8659F005D6984697E2CA0A9CF3B7'}, key)).toBe(true)
    expect(wechatV2Verify({...params, extra: 'x', sign: '9A0A8659F005D6984697E2CA0A9CF3B7'}, key)).toBe(false)
    expect(wechatV2Verify({...params, extra: 'x', sign: wechatV2Sign({...params, extra: 'x'}, key)}, key)).toBe(true)
    expect(wechatV2Verify({...params, sign: 'short'}, key)).toBe(false)
  })
})
