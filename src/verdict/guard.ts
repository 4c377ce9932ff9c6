/**
 * The money-safety invariants, in one place, over every draft any rule produces
 * (test/verdict/invariants.test.ts states them as fast-check properties):
 * 1. never `resolved` when an action the verdict relies on failed, or a check that bears on the
 *    symptom failed;
 * 2. while any attempt's state is unknown, `doNot` holds `charge-again` (and nothing is resolved);
 * 3. no refund advice while a retry can still void or a void's outcome is unknown; at most one
 *    refund path;
 * 4. "the acquirer must pay" only once the payout window has passed or the settlement file proves it;
 * 5. several fitting transactions are candidates, never a silent pick;
 * 6. no step contradicts a do-not.
 */
import {chosen} from './search.js'
import {hostDown, isRetryableVoid, payoutDue, voidUnknown, type Draft} from './rules.js'
import type {DoNotCode, Facts, NextStepCode, TxFact} from './types.js'
import {V} from './verdict-text.js'

const UNKNOWN_STATES = new Set<TxFact['state']>(['pending', 'in-doubt', 'unknown'])

/** Checks whose failure bears on each symptom (a failure elsewhere is reported, not decisive). */
const BEARS: Record<Facts['symptom'], string[]> = {
  'credit-info-lost': ['device.host', 'flow.link', 'flow.find'],
  'scan-no-notice': ['network.'],
  'paid-not-credited': ['flow.recon', 'flow.find', 'device.batch'],
  'receipt-unusable': ['device.printer', 'flow.reprint', 'flow.link'],
  'void-failed': ['flow.void', 'flow.link'],
  'terminal-offline': [''],
  other: [''],
}

export function bearingFailures(f: Facts): Facts['checks'] {
  return f.checks.filter((c) => (c.status === 'fail' || c.status === 'error') && BEARS[f.symptom].some((p) => c.id.startsWith(p)))
}

/** Some attempt of this payment has a state nobody knows yet. */
export function stateUnknown(f: Facts, d: Draft): boolean {
  if (voidUnknown(f.void)) return true
  if (f.link === 'unreachable' && (f.symptom === 'credit-info-lost' || f.symptom === 'scan-no-notice')) return true
  if (f.symptom === 'credit-info-lost' || f.symptom === 'scan-no-notice') {
    const q = f.qr
    if ((f.symptom === 'scan-no-notice' || f.answers.method === 'qr') && (!q || ['pending', 'not-found', 'not-checked', 'uncertain'].includes(q.observed))) return true
  }
  if (d.tx && UNKNOWN_STATES.has(d.tx.state)) return true
  if (f.symptom !== 'receipt-unusable' && f.symptom !== 'paid-not-credited' && (d.candidates ?? []).some((c) => UNKNOWN_STATES.has(c.state))) return true
  return false
}

const REFUND_STEPS: NextStepCode[] = ['refund-on-terminal', 'ask-acquirer-refund']
/** A step that a do-not forbids. */
const CONTRADICTS: Partial<Record<NextStepCode, DoNotCode>> = {'take-new-payment': 'charge-again', 'retry-void': 'void-again', 'refund-on-terminal': 'refund', 'ask-acquirer-refund': 'refund', 'hand-over-goods': 'hand-over-goods'}

export function guard(f: Facts, draft: Draft): Draft {
  const d: Draft = {...draft, next: [...draft.next], dont: [...draft.dont]}
  const L = f.lang
  const notes: string[] = []
  const addDont = (c: DoNotCode) => d.dont.includes(c) || d.dont.push(c)
  // judged on the draft as the rules made it, before anything below rewrites it
  const unknown = stateUnknown(f, draft)
  const dropNext = (codes: NextStepCode[]) => (d.next = d.next.filter((s) => !codes.includes(s.code)))

  // 5. candidates: never a silent pick
  if (f.search && f.search.matches.length > 1 && !chosen(f.search) && d.tx) {
    d.tx = null
    d.candidates = f.search.matches
    if (!d.next.some((s) => s.code === 'pick-transaction')) d.next.unshift({code: 'pick-transaction'})
    if (d.status === 'resolved') d.status = 'merchant-action'
  }

  // 2. unknown state: never charge again, never resolved
  if (unknown || stateUnknown(f, d)) {
    addDont('charge-again')
    if (d.status === 'resolved') {
      d.status = 'in-doubt'
      notes.push(V.guardUnknown[L])
    }
  }

  // 3. refunds: not while a void can still work or its outcome is unknown; one path at most
  if (isRetryableVoid(f.void) || voidUnknown(f.void)) {
    dropNext(REFUND_STEPS)
    addDont('refund')
  }
  if (voidUnknown(f.void)) addDont('void-again')
  const refunds = d.next.filter((s) => REFUND_STEPS.includes(s.code))
  if (refunds.length > 1) dropNext(REFUND_STEPS.filter((c) => c !== refunds[0]!.code))

  // 4. the acquirer must pay only after the window (or on the settlement file's word)
  if (d.next.some((s) => s.code === 'ask-acquirer-payout') && f.recon?.outcome !== 'exception') {
    const due = payoutDue(f, d.tx ?? undefined)
    if (!due || !due.passed) {
      dropNext(['ask-acquirer-payout'])
      if (due) {
        d.next.push({code: 'wait-settlement', p: {date: due.due}})
        d.expectedDate = due.due
        notes.push(V.guardPayoutEarly[L](due.due))
      }
      d.status = due ? 'wait' : 'inconclusive'
      delete d.request
    }
  }

  // 1. resolved needs every action it relies on and every bearing check to have worked
  if (d.status === 'resolved') {
    const bad = bearingFailures(f)
    const actionFailed = (f.reprint !== undefined && f.symptom === 'receipt-unusable' && f.reprint.outcome !== 'printed' && f.link === 'connected') || (f.void !== undefined && !['reversed', 'already-reversed', 'nothing-to-void', 'refunded'].includes(f.void.outcome))
    if (bad.length > 0 || actionFailed) {
      d.status = d.next.length > 0 || bad.length > 0 ? 'merchant-action' : 'inconclusive'
      if (bad.length > 0) {
        notes.push(V.guardFailedCheck[L](bad.map((c) => c.summary ?? c.id).join(L === 'zh-CN' ? '；' : '; ')))
        if ((hostDown(f) || bad.some((c) => c.id.startsWith('network.'))) && !d.next.some((s) => s.code === 'check-network')) d.next.push({code: 'check-network'})
        if (bad.some((c) => c.id === 'device.printer') && !d.next.some((s) => s.code === 'replace-paper')) d.next.push({code: 'replace-paper'})
      }
    }
  }

  // 6. no step that a do-not forbids
  d.next = d.next.filter((s) => !(CONTRADICTS[s.code] && d.dont.includes(CONTRADICTS[s.code]!)))
  if (notes.length > 0) {
    d.summary = `${d.summary} ${notes.join(' ')}`
    d.rule = `${d.rule}+guard`
  }
  return d
}
