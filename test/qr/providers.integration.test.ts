/**
 * Providers against the QR platform simulator over real HTTPS on loopback, every scenario, on a
 * skipping virtual clock (a 45 s / 3 min platform window passes in milliseconds).
 */
import {afterEach, describe, expect, it} from 'vitest'

import {QrJournal} from '../../src/qr/journal.js'
import {runResolveLoop, type ResolveEvent} from '../../src/qr/resolve.js'
import type {HttpClient, QrPlatform} from '../../src/qr/types.js'
import {publicKeyOf} from '../../src/qr/crypto/rsa.js'
import {SIM_ALIPAY_APP_KEY} from '../../src/sim/qr/demo-keys.js'
import {DEMO_ORDER, type QrScenario} from '../../src/sim/qr/scenarios.js'
import {qrRig, type QrRig} from './helpers.js'

const rigs: QrRig[] = []
async function rig(s: QrScenario = 'healthy', o: {failingQueries?: number} = {}): Promise<QrRig> {
  const r = await qrRig(s, o)
  rigs.push(r)
  return r
}
afterEach(async () => {
  await Promise.all(rigs.splice(0).map((r) => r.sim.close()))
})

const demo = {outTradeNo: DEMO_ORDER.outTradeNo}
const PLATFORMS: QrPlatform[] = ['wechat', 'alipay']

async function resolve(r: QrRig, platform: QrPlatform, opts: {journal?: QrJournal; confirm?: boolean} = {}) {
  const events: ResolveEvent[] = []
  const journal = opts.journal ?? QrJournal.inMemory(() => r.clock.now())
  const result = await runResolveLoop({
    provider: r.provider(platform),
    merchant: 'm',
    ref: demo,
    expectedAmountCents: DEMO_ORDER.amountCents,
    createdAt: r.clock.now() - DEMO_ORDER.ageMs,
    journal,
    clock: r.clock,
    confirm: async () => opts.confirm ?? true,
    onEvent: (e) => events.push(e),
  })
  return {result, events, journal}
}

describe.each(PLATFORMS)('%s', (platform) => {
  it('healthy: the in-doubt order is paid, verified, with amount and platform number; by platform number too', async () => {
    const r = await rig()
    const q = await r.provider(platform).query(demo, {expectedAmountCents: 1230})
    expect(q).toMatchObject({state: 'paid', verified: true, amountCents: 1230, errors: []})
    expect(q.platformStatus).toBe(platform === 'wechat' ? 'SUCCESS' : 'TRADE_SUCCESS')
    expect(q.paidAt).toMatch(/\+08:00$/)
    const byNo = await r.provider(platform).query({platformNo: q.platformNo!})
    expect(byNo).toMatchObject({state: 'paid', outTradeNo: DEMO_ORDER.outTradeNo})
  })

  it('the seeded day holds ~30 orders per platform, all final', async () => {
    const r = await rig()
    const mine = r.sim.ctx.book.all().filter((o) => o.platform === platform && o.outTradeNo.startsWith('QR2'))
    expect(mine.length).toBe(30)
    const states = await Promise.all(mine.slice(0, 6).map((o) => r.provider(platform).query({outTradeNo: o.outTradeNo})))
    for (const s of states) expect(['paid', 'not-paid', 'refunded']).toContain(s.state)
  })

  it('user-paying: pending at first; resolve polls and sees it paid at ~20 s without a revoke', async () => {
    const r = await rig('user-paying')
    expect((await r.provider(platform).query(demo)).state).toBe('pending')
    const {result, events} = await resolve(r, platform)
    expect(result).toMatchObject({state: 'paid', final: true})
    expect(result.revoke).toBeUndefined()
    expect(events.some((e) => e.kind === 'wait' && e.reason === 'poll')).toBe(true)
    expect(r.sim.ctx.counters.actions).toBe(0)
  })

  it('user-abandons: ends final not-paid; WeChat revokes by itself at 45 s, Alipay is cancelled after its 60 s window', async () => {
    const r = await rig('user-abandons')
    const t0 = r.clock.now()
    const {result} = await resolve(r, platform)
    expect(result).toMatchObject({state: 'not-paid', final: true})
    if (platform === 'wechat') {
      expect(result.last.platformStatus).toBe('REVOKED')
      expect(result.revoke).toBeUndefined()
    } else {
      expect(result.revoke).toMatchObject({outcome: 'done', refunded: false})
      expect(r.sim.ctx.counters.actions).toBe(1)
      expect(result.last.platformStatus).toBe('TRADE_CLOSED')
    }
    // virtual time: the window passed without a real wait
    expect(r.clock.now() - t0).toBeGreaterThanOrEqual(40_000)
  })

  it('system-error-on-pay: the pay call failed but the order is paid; the query tells', async () => {
    const r = await rig('system-error-on-pay')
    expect((await r.provider(platform).query(demo)).state).toBe('paid')
  })

  it('system-error-on-query: two errors are retried through with the same parameters; five make it busy, resolve backs off and gets the answer', async () => {
    const r = await rig('system-error-on-query')
    expect((await r.provider(platform).query(demo)).state).toBe('paid')
    const r5 = await rig('system-error-on-query', {failingQueries: 5})
    const first = await r5.provider(platform).query(demo)
    expect(first).toMatchObject({state: 'could-not-ask', errors: [{code: 'QR_PLATFORM_BUSY'}]})
    const fresh = await rig('system-error-on-query', {failingQueries: 5})
    const {result, events} = await resolve(fresh, platform)
    expect(result.state).toBe('paid')
    expect(events.some((e) => e.kind === 'wait' && e.reason === 'busy')).toBe(true)
  })

  it('wrong-sub-merchant: not found; identity is not proven with a known order, but is on a healthy platform', async () => {
    const r = await rig('wrong-sub-merchant')
    expect(await r.provider(platform).query(demo)).toMatchObject({state: 'not-found', verified: true, errors: [{code: 'QR_ORDER_NOT_FOUND'}]})
    const proof = await r.provider(platform).proveIdentity({outTradeNo: 'QRDEMO0003'})
    expect(proof).toMatchObject({signatureAccepted: true, knownOrderFound: false, proven: false})
    const ok = await rig()
    expect(await ok.provider(platform).proveIdentity({outTradeNo: 'QRDEMO0003'})).toMatchObject({signatureAccepted: true, knownOrderFound: true, proven: true})
  })

  it('clock-skew: could not ask, QR_CLOCK_SKEW, never paid', async () => {
    const r = await rig('clock-skew')
    expect(await r.provider(platform).query(demo)).toMatchObject({state: 'could-not-ask', errors: [{code: 'QR_CLOCK_SKEW'}]})
  })

  it('maintenance and limit-exceeded: could not ask, busy / rate limited', async () => {
    const m = await rig('maintenance')
    expect(await m.provider(platform).query(demo)).toMatchObject({state: 'could-not-ask', errors: [{code: 'QR_PLATFORM_BUSY'}]})
    const l = await rig('limit-exceeded')
    expect(await l.provider(platform).query(demo)).toMatchObject({state: 'could-not-ask', errors: [{code: 'QR_RATE_LIMITED'}]})
  })

  it('double-charge: a second paid order of the same amount a minute earlier', async () => {
    const r = await rig('double-charge')
    const [a, b] = await Promise.all([r.provider(platform).query(demo), r.provider(platform).query({outTradeNo: 'QRDEMO0002'})])
    expect([a.state, b.state]).toEqual(['paid', 'paid'])
    expect(a.amountCents).toBe(b.amountCents)
  })

  it('refund status: PROCESSING for a minute, then settled (WeChat refund-abnormal stays ABNORMAL)', async () => {
    const r = await rig()
    expect((await r.provider(platform).refundStatus({outTradeNo: 'QRDEMO0003', refundNo: 'QRDEMO0003R1'})).phase).toBe('succeeded')
    if (platform === 'wechat') {
      const ab = await rig('refund-abnormal')
      expect(await ab.provider(platform).refundStatus({refundNo: 'QRDEMO0003R1'})).toMatchObject({phase: 'abnormal', platformStatus: 'ABNORMAL'})
      expect((await r.provider(platform).refundStatus({refundNo: 'NOPE'})).phase).toBe('not-found')
    }
  })

  it('drop-response: the revoke is done but its answer lost; resolve settles it by query, and a second run never revokes again', async () => {
    const r = await rig('drop-response')
    if (platform === 'wechat') {
      // WeChat revokes the unpaid order itself at 45 s; the lost answer shows on an explicit revoke of a paid order
      const o = r.sim.ctx.book.find('1900000109', demo)!
      o.payAt = o.createdAt + 1000
      const rev = await r.provider(platform).revoke(demo)
      expect(rev.outcome).toBe('unknown')
      expect(rev.errors[0]?.code).toBe('QR_UNREACHABLE')
      expect((await r.provider(platform).query(demo)).platformStatus).toBe('REVOKED')
      return
    }
    const {result, journal} = await resolve(r, platform)
    expect(result.revoke?.outcome).toBe('unknown')
    expect(result).toMatchObject({state: 'not-paid', final: true})
    expect(r.sim.ctx.counters.actions).toBe(1)
    const again = await resolve(r, platform, {journal})
    expect(again.result.revokeBlockedBy).toBeDefined()
    expect(r.sim.ctx.counters.actions).toBe(1)
    const text = await journal.store.read()
    expect(text).toContain('"outcome":"unknown"')
    expect(text).toContain('"outcome":"settled-by-query"')
  })

  it('resolve stops when the merchant declines the revoke; nothing is sent, nothing journaled', async () => {
    const r = await rig('user-abandons')
    if (platform === 'wechat') return // WeChat closes it by itself before a revoke is due
    const {result, journal} = await resolve(r, platform, {confirm: false})
    expect(result).toMatchObject({declined: true, state: 'pending', final: false})
    expect(r.sim.ctx.counters.actions).toBe(0)
    expect(await journal.store.read()).toBe('')
  })

  it('close: refused for a paid order (nothing happens); revoke of a paid order refunds it', async () => {
    const r = await rig()
    expect((await r.provider(platform).close(demo)).outcome).toBe('refused-paid')
    expect((await r.provider(platform).query(demo)).state).toBe('paid')
    const rev = await r.provider(platform).revoke(demo)
    expect(rev.outcome).toBe('done')
    const after = await r.provider(platform).query(demo)
    expect(after.state).toBe(platform === 'wechat' ? 'not-paid' : 'refunded')
    expect(after.platformStatus).toBe(platform === 'wechat' ? 'REVOKED' : 'TRADE_CLOSED')
  })

  it('unknown order: not found (verified); malformed number: no crash', async () => {
    const r = await rig()
    expect((await r.provider(platform).query({outTradeNo: 'NO-SUCH-ORDER'})).state).toBe('not-found')
    expect((await r.provider(platform).query({outTradeNo: 'a/b?c=d&e'})).state).toBe('not-found')
  })

  it('amount differs from the merchant\'s: uncertain, never paid', async () => {
    const r = await rig()
    expect(await r.provider(platform).query(demo, {expectedAmountCents: 999})).toMatchObject({state: 'uncertain', errors: [{code: 'QR_AMOUNT_MISMATCH'}]})
  })

  it('a tampered answer (paid amount rewritten on the way) is uncertain, never paid', async () => {
    const r = await rig()
    const tamper: HttpClient = {request: async (req) => {
      const res = await r.http.request(req)
      return {...res, body: res.body.replace(/1230|12\.30/g, (m) => (m === '1230' ? '1231' : '12.31'))}
    }}
    const p = (await import('../../src/qr/providers/index.js')).createProvider(r.config(platform), {http: tamper, clock: r.clock})
    expect(await p.query(demo)).toMatchObject({state: 'uncertain', verified: false, errors: [{code: 'QR_RESPONSE_UNVERIFIED'}]})
  })

  it('an answer signed by a key the profile does not know is uncertain; our wrong private key is rejected by the platform', async () => {
    const r = await rig()
    const other = publicKeyOf(SIM_ALIPAY_APP_KEY)
    const unknownKey = r.provider(platform, (c) => (c.platform === 'wechat' ? {...c, wechat: {...c.wechat, platformKeys: {PUB_KEY_ID_OTHER: other}}} : {...c, alipay: {...c.alipay, alipayPublicKey: other}}))
    const q = await unknownKey.query(demo)
    expect(q.state).toBe('uncertain')
    expect(q.errors[0]!.code).toBe(platform === 'wechat' ? 'QR_UNKNOWN_PLATFORM_KEY' : 'QR_RESPONSE_UNVERIFIED')
    const wrongKey = r.provider(platform, (c) => (c.platform === 'wechat' ? {...c, wechat: {...c.wechat, privateKey: SIM_ALIPAY_APP_KEY}} : {...c, alipay: {...c.alipay, privateKey: (r.sim.profiles.wechat.privateKey)}}))
    expect(await wrongKey.query(demo)).toMatchObject({state: 'could-not-ask', errors: [{code: 'QR_SIGN_REJECTED'}]})
  })

  it('unreachable platform: could not ask, QR_UNREACHABLE', async () => {
    const r = await rig()
    await r.sim.close()
    expect(await r.provider(platform).query(demo)).toMatchObject({state: 'could-not-ask', errors: [{code: 'QR_UNREACHABLE'}]})
  })
})

describe('wechat only', () => {
  it('sign-probe: the first answer carries WECHATPAY/SIGNTEST/ and is not believed; the next one is', async () => {
    const r = await rig('sign-probe')
    expect(await r.provider('wechat').query(demo)).toMatchObject({state: 'uncertain', errors: [{code: 'QR_RESPONSE_UNVERIFIED'}]})
    expect((await r.provider('wechat').query(demo)).state).toBe('paid')
  })

  it('reverse is refused while the customer is paying (nothing happens), an unpaid order is found only by out_trade_no', async () => {
    const r = await rig('user-paying')
    const rev = await r.provider('wechat').revoke(demo)
    expect(rev).toMatchObject({outcome: 'refused-paying', errors: [{platformCode: 'TRADE_ERROR'}]})
    const o = r.sim.ctx.book.find('1900000109', demo)!
    expect((await r.provider('wechat').query({platformNo: o.platformNo})).state).toBe('not-found')
  })

  it('a partner profile whose sub-merchant is not bound to it: wrong merchant', async () => {
    const r = await rig()
    const p = r.provider('wechat', (c) => (c.platform === 'wechat' ? {...c, wechat: {...c.wechat, subMchid: '1999999999'}} : c))
    expect(await p.query(demo)).toMatchObject({state: 'could-not-ask', errors: [{code: 'QR_WRONG_MERCHANT', platformCode: 'NOAUTH'}]})
  })
})
