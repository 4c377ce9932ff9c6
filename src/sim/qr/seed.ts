/**
 * A seeded day of QR orders for the demo (08:00 to now, shop hours), plus the scenario's in-doubt
 * order DEMO_ORDER and the fixed numbers docs/qr.md uses: QRDEMO0002 (double-charge: the second
 * payment), QRDEMO0003 (paid an hour ago, refund QRDEMO0003R1).
 */
import {deriveRng, intBetween} from '../prng.js'
import type {QrPlatformContext} from './platform.js'
import {SIM_IDS} from './platform.js'
import type {SimOrder, SimOrderKind, SimPlatform} from './orders.js'
import {DEMO_ORDER} from './scenarios.js'

const HOUR = 3_600_000

export function platformNo(platform: SimPlatform, createdAt: number, seq: number): string {
  const day = new Date(createdAt + 8 * HOUR).toISOString().slice(0, 10).replaceAll('-', '')
  // WeChat transaction_id 4200…, Alipay trade_no yyyyMMdd22…
  return platform === 'wechat' ? `42000${day}${String(seq).padStart(13, '0')}` : `${day}22001${String(seq).padStart(17, '0')}`
}

/** whose orders the demo shows: our sub-merchant / our Alipay merchant, or another one (wrong-sub-merchant) */
export function demoOwner(platform: SimPlatform, foreign: boolean): string {
  if (platform === 'wechat') return foreign ? SIM_IDS.wechat.otherSubMchid : SIM_IDS.wechat.subMchid
  return foreign ? SIM_IDS.alipay.otherPid : SIM_IDS.alipay.merchantPid
}

export function seedQrDay(ctx: QrPlatformContext, seed: number): void {
  const now = ctx.now()
  const b = ctx.behaviour
  for (const platform of ['wechat', 'alipay'] as const) {
    const owner = demoOwner(platform, b.foreignMerchant)
    const rng = deriveRng(seed, `qr-day:${platform}`)
    const open = now - 8 * HOUR
    let seq = 1
    const add = (o: Omit<SimOrder, 'platform' | 'merchant' | 'platformNo' | 'refunds' | 'description'> & {refunds?: SimOrder['refunds']}) =>
      ctx.book.add({platform, merchant: owner, platformNo: platformNo(platform, o.createdAt, seq++), refunds: [], description: '门店消费', ...o})
    for (let i = 0; i < 30; i++) {
      const createdAt = open + Math.floor(((i + rng()) / 30) * 7 * HOUR)
      const kind: SimOrderKind = rng() < 0.8 ? 'micropay' : 'native'
      const roll = rng()
      add({
        kind,
        outTradeNo: `QR${new Date(createdAt + 8 * HOUR).toISOString().slice(0, 10).replaceAll('-', '')}${String(1001 + i)}`,
        amountCents: intBetween(rng, 150, 18_800),
        createdAt,
        // most are paid within seconds; some abandoned (auto-closed), one closed by the cashier
        ...(roll < 0.85 ? {payAt: createdAt + intBetween(rng, 2_000, 15_000)} : {}),
        ...(roll >= 0.97 ? {closedAt: createdAt + 6 * 60_000} : {}),
      })
    }
    const paidHourAgo = add({kind: 'micropay', outTradeNo: 'QRDEMO0003', amountCents: 4_500, createdAt: now - HOUR, payAt: now - HOUR + 4_000})
    paidHourAgo.refunds.push({outRefundNo: 'QRDEMO0003R1', refundId: `50300${platformNo(platform, now, 9)}`.slice(0, 29), amountCents: 4_500, at: now - 10 * 60_000, ...(b.refundAbnormal ? {abnormal: true} : {})})
    if (b.secondCharge) add({kind: 'micropay', outTradeNo: 'QRDEMO0002', amountCents: DEMO_ORDER.amountCents, createdAt: now - 65_000, payAt: now - 62_000})
    const created = now - DEMO_ORDER.ageMs
    add({kind: 'micropay', outTradeNo: DEMO_ORDER.outTradeNo, amountCents: DEMO_ORDER.amountCents, createdAt: created, ...(b.payAfterMs !== undefined ? {payAt: created + b.payAfterMs} : {})})
  }
}
