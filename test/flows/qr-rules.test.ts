import fc from 'fast-check'
import {describe, expect, it} from 'vitest'

import {qrAdvice, type QrObservedState, type QrPlatform} from '../../src/flows/qr-rules.js'

describe('scan-pay in-doubt rules', () => {
  it('paid states: deliver, never charge again', () => {
    for (const observed of ['SUCCESS', 'TRADE_SUCCESS', 'TRADE_FINISHED'] as const) {
      expect(qrAdvice({platform: 'wechat', secondsSinceOrder: 10, observed})).toMatchObject({decision: 'paid', chargeAgainAllowed: false})
    }
  })

  it('closed / revoked are final: a new payment is safe', () => {
    expect(qrAdvice({platform: 'wechat', secondsSinceOrder: 60, observed: 'REVOKED'})).toMatchObject({decision: 'not-paid', chargeAgainAllowed: true})
    expect(qrAdvice({platform: 'alipay', secondsSinceOrder: 200, observed: 'TRADE_CLOSED'})).toMatchObject({decision: 'not-paid', chargeAgainAllowed: true})
  })

  it('WeChat USERPAYING within the 45 s window: wait and query again', () => {
    const a = qrAdvice({platform: 'wechat', secondsSinceOrder: 20, observed: 'USERPAYING'})
    expect(a.decision).toBe('wait-and-query')
    expect(a.waitSeconds).toBeGreaterThan(0)
    expect(a.reason.zh).toMatch(/不要再次收款/)
  })

  it('Alipay WAIT_BUYER_PAY closes after 3 minutes: still waiting at 2 minutes', () => {
    expect(qrAdvice({platform: 'alipay', secondsSinceOrder: 120, observed: 'WAIT_BUYER_PAY'}).decision).toBe('wait-and-query')
    expect(qrAdvice({platform: 'alipay', secondsSinceOrder: 600, observed: 'WAIT_BUYER_PAY'}).decision).toBe('check-backoffice')
  })

  it('property: a second charge is allowed only for a final unpaid state', () => {
    const platforms: QrPlatform[] = ['wechat', 'alipay', 'unionpay', 'unknown']
    const states: QrObservedState[] = ['SUCCESS', 'TRADE_SUCCESS', 'TRADE_FINISHED', 'CLOSED', 'TRADE_CLOSED', 'REVOKED', 'REFUND', 'NOTPAY', 'USERPAYING', 'ACCEPT', 'WAIT_BUYER_PAY', 'PAYERROR', 'unknown']
    fc.assert(
      fc.property(fc.constantFrom(...platforms), fc.constantFrom(...states), fc.nat(100_000), (platform, observed, secondsSinceOrder) => {
        const a = qrAdvice({platform, observed, secondsSinceOrder})
        expect(a.chargeAgainAllowed).toBe(['CLOSED', 'TRADE_CLOSED', 'REVOKED', 'PAYERROR'].includes(observed))
        expect(a.reason.en.length).toBeGreaterThan(0)
        expect(a.reason.zh).toMatch(/[\u4e00-\u9fff]/)
      }),
      {numRuns: 500},
    )
  })
})
