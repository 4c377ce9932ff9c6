/**
 * What the simulated platforms share: the registered merchants and their keys, the order book,
 * the scenario's behaviour, the platform clock (posdoc's clock plus the scenario's offset) and
 * call counters. The wire handlers (wechat.ts, alipay.ts) are pure functions of this and one request.
 */
import {randomBytes} from 'node:crypto'

import {publicKeyOf} from '../../qr/crypto/rsa.js'
import type {Clock} from '../../util/clock.js'
import {SIM_ALIPAY_APP_KEY, SIM_ALIPAY_PLATFORM_KEY, SIM_WECHAT_MERCHANT_KEY, SIM_WECHAT_PLATFORM_KEY} from './demo-keys.js'
import {SimOrderBook} from './orders.js'
import type {ScenarioBehaviour} from './scenarios.js'

export interface SimRequest {
  method: string
  /** path and query as sent */
  url: string
  headers: Record<string, string>
  body: string
}

export type SimResponse = {status: number; headers: Record<string, string>; body: string} | {drop: true}

/** the demo merchant's identities (public facts a profile holds); the 16-digit Alipay ids are chosen Luhn-invalid so no leak scan mistakes them for card numbers */
export const SIM_IDS = {
  wechat: {
    appid: 'wx8888888888888888',
    spMchid: '1900000100',
    subMchid: '1900000109',
    otherSubMchid: '1900000110',
    /** a direct merchant, for tests of the direct mode */
    directMchid: '1230000109',
    merchantSerial: '3775B6A45ACD588826D15E583A95F5DD00000000',
    platformKeyId: 'PUB_KEY_ID_0119000001002025120200000000000001',
  },
  alipay: {appId: '2021000000000002', merchantPid: '2088000000000002', otherPid: '2088000000000003'},
} as const

export class QrPlatformContext {
  readonly book = new SimOrderBook()
  readonly counters = {queries: 0, actions: 0, responses: 0}
  /** every revoke/close that reached the platform (tests count duplicates with it) */
  readonly actionLog: Array<{at: number; platform: string; action: string; outTradeNo: string}> = []
  readonly wechatPlatformKey = SIM_WECHAT_PLATFORM_KEY
  readonly alipayPlatformKey = SIM_ALIPAY_PLATFORM_KEY
  /** mchid -> {serial, public key, sub-merchants it may act for} */
  readonly wechatMerchants = new Map<string, {serialNo: string; publicKey: string; appid: string; subMchids: string[]}>()
  /** app id -> {public key, merchant it belongs to, app_auth_token -> merchant} */
  readonly alipayApps = new Map<string, {publicKey: string; merchant: string; tokens: Map<string, string>}>()

  constructor(
    readonly clock: Clock,
    readonly behaviour: ScenarioBehaviour,
  ) {
    const merchantPublic = publicKeyOf(SIM_WECHAT_MERCHANT_KEY)
    const ids = SIM_IDS.wechat
    this.wechatMerchants.set(ids.spMchid, {serialNo: ids.merchantSerial, publicKey: merchantPublic, appid: ids.appid, subMchids: [ids.subMchid, ids.otherSubMchid]})
    this.wechatMerchants.set(ids.directMchid, {serialNo: ids.merchantSerial, publicKey: merchantPublic, appid: ids.appid, subMchids: []})
    this.alipayApps.set(SIM_IDS.alipay.appId, {publicKey: publicKeyOf(SIM_ALIPAY_APP_KEY), merchant: SIM_IDS.alipay.merchantPid, tokens: new Map()})
  }

  /** the platform's own time (a wrong shop-PC clock is the same as a platform ahead of it) */
  now(): number {
    return this.clock.now() + this.behaviour.clockOffsetMs
  }

  nonce(): string {
    return randomBytes(16).toString('hex').toUpperCase()
  }

  /** true once per call while the scenario makes the first N queries fail */
  failThisQuery(): boolean {
    this.counters.queries++
    return this.counters.queries <= this.behaviour.failingQueries
  }

  /** the first money action of a drop-response scenario is carried out, its answer lost */
  dropThisAction(platform: string, action: string, outTradeNo: string): boolean {
    this.counters.actions++
    this.actionLog.push({at: this.now(), platform, action, outTradeNo})
    return this.behaviour.dropFirstAction && this.counters.actions === 1
  }

  /** the very first answer of a sign-probe scenario carries a wrong signature */
  probeThisResponse(): boolean {
    this.counters.responses++
    return this.behaviour.signProbe && this.counters.responses === 1
  }
}
