/** fast-check generators of decision-layer facts: every symptom, link state, check, action and answer. */
import fc from 'fast-check'

import type {CheckFact, Facts, QrFact, ReconFact, ReprintFact, SearchFact, TxFact, VoidFact} from '../../src/verdict/index.js'

const STATES = ['approved', 'declined', 'reversed', 'voided', 'refunded', 'pending', 'in-doubt', 'unknown'] as const
const day = fc.integer({min: 0, max: 20}).map((d) => `2026-11-${String(10 + d).padStart(2, '0')}`)

export const txArb: fc.Arbitrary<TxFact> = fc.record(
  {
    source: fc.constantFrom('terminal', 'journal', 'merchant', 'settlement', 'platform'),
    type: fc.constantFrom('sale', 'void', 'refund', 'reversal', 'qr-payment'),
    state: fc.constantFrom(...STATES),
    terminalId: fc.constant('29001006'),
    receiptNumber: fc.integer({min: 1, max: 9999}),
    traceNumber: fc.integer({min: 1, max: 999999}),
    batchNumber: fc.integer({min: 1, max: 99}),
    batchOpen: fc.boolean(),
    amountCents: fc.integer({min: 1, max: 500_000}),
    currency: fc.constantFrom('CNY', 'EUR'),
    time: fc.tuple(day, fc.integer({min: 0, max: 23})).map(([d, h]) => `${d} ${String(h).padStart(2, '0')}:15:00`),
  },
  {requiredKeys: ['source', 'type', 'state']},
)

const searchArb: fc.Arbitrary<SearchFact> = fc
  .record({
    ran: fc.boolean(),
    journalFrom: day,
    window: fc.option(fc.tuple(day, day).map(([a, b]) => ({from: `${a < b ? a : b} 00:00:00`, to: `${a < b ? b : a} 23:59:59`, label: 'x'})), {nil: undefined}),
    amountCents: fc.option(fc.integer({min: 1, max: 500_000}), {nil: undefined}),
    matches: fc.array(txArb, {maxLength: 3}),
    pick: fc.boolean(),
  })
  .map(({pick, window, amountCents, ...s}) => ({
    ...s,
    ...(window ? {window} : {}),
    ...(amountCents === undefined ? {} : {amountCents}),
    ...(pick && s.matches.length > 1 ? {picked: s.matches[0]} : {}),
  }))

const checkArb: fc.Arbitrary<CheckFact> = fc.record({
  id: fc.constantFrom('device.link', 'device.status', 'device.printer', 'device.host', 'device.clock', 'device.batch', 'network.dns', 'network.tcp', 'network.tls', 'flow.find', 'flow.reprint', 'flow.void', 'flow.recon', 'flow.link'),
  status: fc.constantFrom('pass', 'warn', 'fail', 'skip', 'error'),
  code: fc.constantFrom('00', 'CC', 'A3', '9C', 'E4', 'F0'),
})

const voidArb: fc.Arbitrary<VoidFact> = fc.record(
  {
    outcome: fc.constantFrom('reversed', 'already-reversed', 'nothing-to-void', 'refund-needed', 'refunded', 'not-on-terminal', 'failed', 'in-doubt', 'blocked', 'declined', 'needs-confirmation'),
    resultCode: fc.constantFrom('A3', '9C', 'A0', 'E4', 'F0', 'B5', '6C', '25', '05'),
    resultClass: fc.constantFrom('transient', 'operator', 'card', 'host', 'protocol'),
    linkLost: fc.boolean(),
    original: txArb,
  },
  {requiredKeys: ['outcome']},
)

const reprintArb: fc.Arbitrary<ReprintFact> = fc.record(
  {
    outcome: fc.constantFrom('printed', 'text-only', 'not-on-terminal', 'failed'),
    which: fc.oneof(fc.constant('last' as const), fc.integer({min: 1, max: 9999})),
    receiptLines: fc.array(fc.constantFrom('SALE', '17.60 EUR', 'APPROVED'), {maxLength: 3}),
  },
  {requiredKeys: ['outcome', 'which']},
)

const reconArb: fc.Arbitrary<ReconFact> = fc.record({outcome: fc.constantFrom('settled', 'not-covered', 'exception', 'in-window', 'unreadable')})

const qrArb: fc.Arbitrary<QrFact> = fc.record(
  {
    platform: fc.constantFrom('wechat', 'alipay', 'unionpay', 'unknown'),
    observed: fc.constantFrom('paid', 'refunded', 'pending', 'closed', 'revoked', 'failed', 'limit', 'not-found', 'uncertain', 'not-checked'),
    observedBy: fc.constantFrom('merchant', 'platform'),
    ageSeconds: fc.integer({min: 0, max: 3600}),
    customerShowsPaid: fc.boolean(),
  },
  {requiredKeys: ['platform', 'observed', 'observedBy']},
)

export const factsArb: fc.Arbitrary<Facts> = fc
  .record(
    {
      symptom: fc.constantFrom('credit-info-lost', 'scan-no-notice', 'paid-not-credited', 'receipt-unusable', 'void-failed', 'terminal-offline', 'other'),
      lang: fc.constantFrom('en', 'zh-CN'),
      now: fc.tuple(day, fc.integer({min: 0, max: 23})).map(([d, h]) => `${d}T${String(h).padStart(2, '0')}:30:00.000Z`),
      timeZone: fc.constantFrom('Asia/Shanghai', 'Europe/Berlin', 'UTC'),
      link: fc.constantFrom('connected', 'unreachable', 'not-connected'),
      terminal: fc.record({terminalId: fc.constant('29001006')}, {requiredKeys: []}),
      checks: fc.array(checkArb, {maxLength: 5}),
      answers: fc.record(
        {
          method: fc.constantFrom('card', 'qr'),
          amountCents: fc.integer({min: 1, max: 500_000}),
          ref: fc.integer({min: 1, max: 999999}),
          refDigits: fc.constantFrom(4, 6),
          when: fc.constantFrom('minutes', 'hour', 'today', 'yesterday', 'older'),
          date: day,
          terminalShows: fc.constantFrom('approved', 'declined', 'reversed', 'not-listed', 'no-answer', 'unknown'),
          voidShows: fc.constantFrom('busy', 'no-connection', 'activation', 'end-of-day', 'not-possible', 'original-not-found', 'no-answer', 'other'),
          slipShows: fc.constantFrom('printed', 'paper-out', 'not-found'),
        },
        {requiredKeys: []},
      ),
      search: searchArb,
      reprint: reprintArb,
      void: voidArb,
      recon: reconArb,
      qr: qrArb,
      holidays: fc.array(day, {maxLength: 3}),
    },
    {requiredKeys: ['symptom', 'lang', 'now', 'timeZone', 'link', 'terminal', 'checks', 'answers']},
  )
  .map((f) => f as Facts)
