/**
 * Conformance with code we did not write: the official alipay-sdk and wechatpay-axios-plugin,
 * pointed at the QR platform simulator (loopback HTTPS, its CA trusted explicitly), sign and send
 * their own requests, and verify the simulator's answers with their own verifiers. If they accept
 * the simulator's signatures and parse its answers, the simulator speaks the platforms' wire format.
 */
import https from 'node:https'
import {createRequire} from 'node:module'
import {AlipaySdk} from 'alipay-sdk'
import {Agent} from 'urllib'
import {afterEach, beforeAll, describe, expect, it} from 'vitest'

import {publicKeyOf} from '../../src/qr/crypto/rsa.js'
import {SIM_ALIPAY_PLATFORM_KEY, SIM_WECHAT_PLATFORM_KEY} from '../../src/sim/qr/demo-keys.js'
import {SIM_IDS} from '../../src/sim/qr/platform.js'
import {DEMO_ORDER, type QrScenario} from '../../src/sim/qr/scenarios.js'
import {startQrSim, type RunningQrSim} from '../../src/sim/qr/server.js'

const require = createRequire(import.meta.url)
type Chain = {[k: string]: Chain} & {get(c?: unknown): Promise<{status: number; data: Record<string, unknown>}>; post(body?: unknown, c?: unknown): Promise<{status: number; data: unknown}>}
const {Wechatpay} = require('wechatpay-axios-plugin') as {Wechatpay: new (cfg: Record<string, unknown>) => Chain}
/** the plugin's chained URL builder: route(wx, 'v3', 'pay', …) is wx.v3.pay… */
const route = (c: Chain, ...segments: string[]): Chain => segments.reduce((node, k) => node[k]!, c)
const ORDER = ['v3', 'pay', 'partner', 'transactions', 'out-trade-no', '{out_trade_no}']

const sims: RunningQrSim[] = []
async function sim(scenario: QrScenario = 'healthy'): Promise<RunningQrSim> {
  // the SDKs read the real clock, so the simulator does too
  const s = await startQrSim({scenario})
  sims.push(s)
  return s
}
afterEach(async () => {
  await Promise.all(sims.splice(0).map((s) => s.close()))
})

describe('alipay-sdk 4 (official) against the simulator', () => {
  beforeAll(() => {
    // alipay-sdk stamps requests in local time; Alipay expects Beijing time, as a shop PC in China has
    process.env.TZ = 'Asia/Shanghai'
  })

  const client = (s: RunningQrSim, overrides: Record<string, unknown> = {}) =>
    new AlipaySdk({
      appId: SIM_IDS.alipay.appId,
      privateKey: s.profiles.alipay.privateKey,
      keyType: 'PKCS8',
      alipayPublicKey: publicKeyOf(SIM_ALIPAY_PLATFORM_KEY),
      gateway: s.profiles.alipay.gateway,
      proxyAgent: new Agent({connect: {ca: s.ca}}),
      ...overrides,
    })

  it('signs trade.query, the simulator verifies it, the SDK verifies the answer', async () => {
    const s = await sim()
    const res = await client(s).exec('alipay.trade.query', {bizContent: {outTradeNo: DEMO_ORDER.outTradeNo}}, {validateSign: true})
    expect(res).toMatchObject({code: '10000', tradeStatus: 'TRADE_SUCCESS', totalAmount: '12.30', outTradeNo: DEMO_ORDER.outTradeNo})
  })

  it('cancel, close and refund query round-trip with verified answers; an unknown trade is 40004 ACQ.TRADE_NOT_EXIST', async () => {
    const s = await sim('user-abandons')
    const sdk = client(s)
    const cancel = await sdk.exec('alipay.trade.cancel', {bizContent: {outTradeNo: DEMO_ORDER.outTradeNo}}, {validateSign: true})
    expect(cancel).toMatchObject({code: '10000', action: 'close', retryFlag: 'N'})
    const q = await sdk.exec('alipay.trade.query', {bizContent: {outTradeNo: DEMO_ORDER.outTradeNo}}, {validateSign: true})
    expect(q.tradeStatus).toBe('TRADE_CLOSED')
    const refund = await sdk.exec('alipay.trade.fastpay.refund.query', {bizContent: {outTradeNo: 'QRDEMO0003', outRequestNo: 'QRDEMO0003R1'}}, {validateSign: true})
    expect(refund).toMatchObject({code: '10000', refundStatus: 'REFUND_SUCCESS', refundAmount: '45.00'})
    const missing = await sdk.exec('alipay.trade.query', {bizContent: {outTradeNo: 'NO-SUCH'}}, {validateSign: true})
    expect(missing).toMatchObject({code: '40004', subCode: 'ACQ.TRADE_NOT_EXIST'})
  })

  it('the simulator rejects a request signed with another key (40002 isv.invalid-signature), and the SDK rejects an answer it cannot verify', async () => {
    const s = await sim()
    const wrongKey = await client(s, {privateKey: s.profiles.wechat.privateKey}).exec('alipay.trade.query', {bizContent: {outTradeNo: DEMO_ORDER.outTradeNo}})
    expect(wrongKey).toMatchObject({code: '40002', subCode: 'isv.invalid-signature'})
    await expect(client(s, {alipayPublicKey: publicKeyOf(SIM_WECHAT_PLATFORM_KEY)}).exec('alipay.trade.query', {bizContent: {outTradeNo: DEMO_ORDER.outTradeNo}}, {validateSign: true})).rejects.toThrow(/验签失败/)
  })
})

describe('wechatpay-axios-plugin (v3) against the simulator', () => {
  const client = (s: RunningQrSim, certs?: Record<string, string>) =>
    new Wechatpay({
      mchid: SIM_IDS.wechat.spMchid,
      serial: SIM_IDS.wechat.merchantSerial,
      privateKey: s.profiles.wechat.privateKey,
      certs: certs ?? {[SIM_IDS.wechat.platformKeyId]: publicKeyOf(SIM_WECHAT_PLATFORM_KEY)},
      baseURL: `${s.baseUrl}/`,
      httpsAgent: new https.Agent({ca: s.ca}),
    })
  const params = {sp_mchid: SIM_IDS.wechat.spMchid, sub_mchid: SIM_IDS.wechat.subMchid}

  it('signs the partner query, the simulator verifies it, the plugin verifies the answer (Wechatpay-Serial = PUB_KEY_ID_)', async () => {
    const s = await sim()
    const res = await route(client(s), ...ORDER).get({params, out_trade_no: DEMO_ORDER.outTradeNo})
    expect(res.status).toBe(200)
    expect(res.data).toMatchObject({trade_state: 'SUCCESS', out_trade_no: DEMO_ORDER.outTradeNo, sub_mchid: SIM_IDS.wechat.subMchid, amount: {total: 1230}})
  })

  it('close (204, empty body verified), reverse, refund query and the error shapes (404 ORDER_NOT_EXIST, 400 ORDERPAID)', async () => {
    const s = await sim('user-paying')
    const wx = client(s)
    const order = route(wx, ...ORDER)
    const reverse = route(order, 'reverse')
    // while the customer enters the password the reverse is refused
    await expect(reverse.post({sp_appid: SIM_IDS.wechat.appid, ...params}, {out_trade_no: DEMO_ORDER.outTradeNo})).rejects.toMatchObject({response: {status: 403, data: {code: 'TRADE_ERROR'}}})
    await expect(order.get({params, out_trade_no: 'NO-SUCH'})).rejects.toMatchObject({response: {status: 404, data: {code: 'ORDER_NOT_EXIST'}}})
    const paid = await sim()
    const paidOrder = route(client(paid), ...ORDER)
    await expect(route(paidOrder, 'close').post(params, {out_trade_no: DEMO_ORDER.outTradeNo})).rejects.toMatchObject({response: {status: 400, data: {code: 'ORDERPAID'}}})
    const rev = await route(paidOrder, 'reverse').post({sp_appid: SIM_IDS.wechat.appid, ...params}, {out_trade_no: DEMO_ORDER.outTradeNo})
    expect(rev.status).toBe(200)
    const refund = await route(client(paid), 'v3', 'refund', 'domestic', 'refunds', '{out_refund_no}').get({params: {sub_mchid: SIM_IDS.wechat.subMchid}, out_refund_no: 'QRDEMO0003R1'})
    expect(refund.data).toMatchObject({status: 'SUCCESS', out_refund_no: 'QRDEMO0003R1'})
    const native = paid.ctx.book.add({platform: 'wechat', kind: 'native', merchant: SIM_IDS.wechat.subMchid, outTradeNo: 'NATIVE1', platformNo: '4200', amountCents: 500, createdAt: Date.now(), refunds: [], description: 'x'})
    const closed = await route(paidOrder, 'close').post(params, {out_trade_no: native.outTradeNo})
    expect(closed.status).toBe(204)
  })

  it('the plugin refuses the SIGNTEST probe and a platform serial it does not hold, as posdoc does', async () => {
    const probe = await sim('sign-probe')
    await expect(route(client(probe), ...ORDER).get({params, out_trade_no: DEMO_ORDER.outTradeNo})).rejects.toThrow()
    const s = await sim()
    await expect(route(client(s, {PUB_KEY_ID_SOMEONE_ELSE: publicKeyOf(SIM_WECHAT_PLATFORM_KEY)}), ...ORDER).get({params, out_trade_no: DEMO_ORDER.outTradeNo})).rejects.toThrow(/serial/i)
  })
})
