/**
 * The money-safety invariants (src/verdict/guard.ts), as properties over generated fact sets:
 * whatever the checks, actions, answers and transactions, the verdict never breaks them.
 */
import fc from 'fast-check'
import {describe, expect, it} from 'vitest'

import {decide, DO_NOT_CODES, NEXT_STEP_CODES, VERDICT_STATUSES, type Facts, type Verdict} from '../../src/verdict/index.js'
import {bearingFailures, stateUnknown} from '../../src/verdict/guard.js'
import {isRetryableVoid, RULES, voidUnknown} from '../../src/verdict/rules.js'
import {nextBusinessDay, localDate} from '../../src/verdict/time.js'
import {factsArb} from './arbitraries.js'

const RUNS = Number(process.env.POSDOC_PROPERTY_RUNS ?? 800)
const codes = (v: Verdict) => v.nextSteps.map((s) => s.code)
const donts = (v: Verdict) => v.doNot.map((s) => s.code)
const prop = (name: string, check: (f: Facts, v: Verdict) => void) =>
  it(name, () => {
    fc.assert(
      fc.property(factsArb, (f) => {
        check(f, decide(f))
      }),
      {numRuns: RUNS},
    )
  })

describe('verdict invariants (fast-check)', () => {
  prop('the verdict is well-formed: a known status, known codes, texts in place', (_f, v) => {
    expect(VERDICT_STATUSES).toContain(v.status)
    for (const s of v.nextSteps) expect(NEXT_STEP_CODES).toContain(s.code)
    for (const s of v.doNot) expect(DO_NOT_CODES).toContain(s.code)
    expect(v.summary.length).toBeGreaterThan(0)
    expect(v.customerMessage.length).toBeGreaterThan(0)
    expect(new Set(donts(v)).size).toBe(v.doNot.length)
    if (v.transaction === null) expect(v.transactionReason?.length).toBeGreaterThan(0)
  })

  prop('never resolved when a check bearing on the symptom failed or the action relied on failed', (f, v) => {
    if (v.status !== 'resolved') return
    expect(bearingFailures(f)).toEqual([])
    if (f.symptom === 'void-failed' && f.void && f.link === 'connected') expect(['reversed', 'already-reversed', 'nothing-to-void', 'refunded']).toContain(f.void.outcome)
    if (f.symptom === 'receipt-unusable' && f.link === 'connected' && f.reprint) expect(f.reprint.outcome).toBe('printed')
  })

  prop('while any attempt is in an unknown state: do not charge again, and nothing is resolved', (f, v) => {
    const draft = RULES[f.symptom](f)
    if (!stateUnknown(f, draft)) return
    expect(donts(v)).toContain('charge-again')
    expect(v.status).not.toBe('resolved')
    expect(codes(v)).not.toContain('take-new-payment')
  })

  prop('no refund advice while a retry can still void or a void outcome is unknown; at most one refund path', (f, v) => {
    const refunds = codes(v).filter((c) => c === 'refund-on-terminal' || c === 'ask-acquirer-refund')
    expect(refunds.length).toBeLessThanOrEqual(1)
    if (isRetryableVoid(f.void) || voidUnknown(f.void)) {
      expect(refunds).toEqual([])
      expect(donts(v)).toContain('refund')
    }
    if (voidUnknown(f.void)) {
      expect(donts(v)).toContain('void-again')
      expect(codes(v)).not.toContain('retry-void')
    }
  })

  prop('"the acquirer must pay" only after the payout window or on the settlement file\'s word', (f, v) => {
    if (!codes(v).includes('ask-acquirer-payout')) return
    if (f.recon?.outcome === 'exception') return
    const day = v.transaction?.localTime?.slice(0, 10) ?? f.answers.date
    expect(day).toBeDefined()
    expect(localDate(Date.parse(f.now), f.timeZone) > nextBusinessDay(day!, f.holidays, f.workdays)).toBe(true)
  })

  prop('several fitting transactions are candidates, never a silent pick', (f, v) => {
    const s = f.search
    if (f.link !== 'connected' || !s?.ran || s.matches.length < 2 || s.picked) return
    if (f.symptom === 'terminal-offline' || f.symptom === 'other' || f.symptom === 'scan-no-notice' || (f.symptom === 'credit-info-lost' && f.answers.method === 'qr')) return
    expect(v.transaction).toBeNull()
    expect(v.candidates?.length).toBeGreaterThanOrEqual(2)
    expect(v.status).not.toBe('resolved')
  })

  prop('no step contradicts a do-not', (_f, v) => {
    const d = new Set(donts(v))
    if (d.has('charge-again')) expect(codes(v)).not.toContain('take-new-payment')
    if (d.has('void-again')) expect(codes(v)).not.toContain('retry-void')
    if (d.has('refund')) expect(codes(v).filter((c) => c === 'refund-on-terminal' || c === 'ask-acquirer-refund')).toEqual([])
  })

  prop('an acquirer request names the terminal whenever posdoc knows it', (f, v) => {
    if (!v.acquirerRequest || !f.terminal.terminalId) return
    expect(v.acquirerRequest.items.join('\n')).toContain(f.terminal.terminalId)
  })

  prop('the same facts give the same verdict (pure)', (f, v) => {
    expect(decide(structuredClone(f))).toEqual(v)
  })
})
