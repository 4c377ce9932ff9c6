/**
 * The decision layer's contract. A verdict is a pure function of facts (`decide(facts)`): the flows
 * gather facts (checks, actions with their outcomes, answers, the transactions found, the clock),
 * the rules of each symptom decide, and one guard (guard.ts) enforces the money-safety invariants.
 * No I/O, no prompts, no clock reads in here.
 */
import type {CheckStatus} from '../checks/types.js'
import type {VoidStatus} from '../actions/void-retry.js'
import type {Lang} from '../i18n/index.js'

export const VERDICT_STATUSES = ['resolved', 'merchant-action', 'acquirer-action', 'wait', 'in-doubt', 'inconclusive'] as const
export type VerdictStatus = (typeof VERDICT_STATUSES)[number]

/** Stable codes of what to do next (docs/verdict.md lists each with its meaning). */
export const NEXT_STEP_CODES = [
  'retry-void',
  'refund-on-terminal',
  'ask-acquirer-refund',
  'ask-acquirer-copy',
  'ask-acquirer-payout',
  'ask-acquirer-authorisation',
  'reprint',
  'replace-paper',
  'wait-settlement',
  'check-bank-statement',
  'run-end-of-day',
  'check-network',
  'activate-terminal',
  'wait-terminal',
  'confirm-void',
  'pick-transaction',
  'take-new-payment',
  'read-terminal',
  'print-journal',
  'hand-over-goods',
  'wait-and-query',
  'revoke-order',
  'ask-customer-record',
  'ask-platform',
  'fix-notice',
  'other-payment-method',
  'give-slip-text',
  'run-again',
  'resume-case',
] as const
export type NextStepCode = (typeof NEXT_STEP_CODES)[number]

export const DO_NOT_CODES = ['charge-again', 'void-again', 'refund', 'power-off', 'hand-over-goods'] as const
export type DoNotCode = (typeof DO_NOT_CODES)[number]

export interface Step<C extends string> {
  code: C
  text: string
}

// ---------------------------------------------------------------- facts

export type TxState = 'approved' | 'declined' | 'reversed' | 'voided' | 'refunded' | 'pending' | 'in-doubt' | 'unknown'
export type TxSource = 'terminal' | 'journal' | 'merchant' | 'settlement' | 'platform'

/** One transaction as a source reported it (card data already masked). */
export interface TxFact {
  source: TxSource
  type: 'sale' | 'void' | 'refund' | 'reversal' | 'qr-payment'
  state: TxState
  terminalId?: string
  merchantId?: string
  receiptNumber?: number
  traceNumber?: number
  rrn?: string
  authCode?: string
  batchNumber?: number
  /** the sale's batch is still open on the terminal (no end-of-day yet) */
  batchOpen?: boolean
  amountCents?: number
  currency?: string
  /** local time as the terminal reports it: "YYYY-MM-DD HH:MM:SS" */
  time?: string
  panMasked?: string
  cardType?: string
  resultCode?: string
  orderNumber?: string
  platformTransactionId?: string
}

/** What the journal search looked for and found. */
export interface SearchFact {
  /** the journal could be read */
  ran: boolean
  /** the period the journal covers (local dates, YYYY-MM-DD) */
  journalFrom?: string
  journalTo?: string
  /** local time window from the merchant's answer */
  window?: {from: string; to: string; label: string}
  amountCents?: number
  ref?: number
  matches: TxFact[]
  /** the merchant chose one of several matches */
  picked?: TxFact
  /** transactions of the same day for the merchant to pick from when nothing fits (newest first) */
  recent?: TxFact[]
}

export interface CheckFact {
  id: string
  status: CheckStatus
  summary?: string
  /** a code from the evidence: terminal status / result code hex ("A3", "CC") */
  code?: string
}

/** what `void retry` reported (dry runs excepted), or: the void needs a confirmation nobody could give */
export type VoidOutcome = Exclude<VoidStatus, 'dry-run'> | 'needs-confirmation'

export interface VoidFact {
  outcome: VoidOutcome
  /** the terminal's last result code (hex, "A3") and how the code table classes it */
  resultCode?: string
  resultClass?: string
  /** the link was lost or the terminal went silent */
  linkLost?: boolean
  /** the terminal's answer to the original sale's state */
  original?: TxFact
  pendingIntent?: string
  message?: string
  remedy?: string
}

export interface ReprintFact {
  outcome: 'printed' | 'text-only' | 'not-on-terminal' | 'failed'
  printerReady?: boolean
  /** the slip text (masked) when the terminal gave it */
  receiptLines?: string[]
  /** evidence file name in the case */
  evidence?: string
  /** which slip: the last one, or a receipt number */
  which: 'last' | number
  message?: string
}

export interface ReconFact {
  outcome: 'settled' | 'not-covered' | 'exception' | 'in-window' | 'unreadable'
  category?: string
  text?: string
  ask?: string
}

export interface QrFact {
  platform: 'wechat' | 'alipay' | 'unionpay' | 'unknown'
  /** seconds since the order, from the merchant's answer (undefined: not known) */
  ageSeconds?: number
  /** what the merchant app / back office / platform query shows */
  observed: QrObserved
  /** where the state comes from: the merchant looked it up, or posdoc queried the platform */
  observedBy: 'merchant' | 'platform'
  /** the customer shows a paid record in their app */
  customerShowsPaid?: boolean
  orderNumber?: string
}

/** uncertain: the platform itself does not know, or its answer could not be trusted (signature, amount) */
export type QrObserved = 'paid' | 'refunded' | 'pending' | 'closed' | 'revoked' | 'failed' | 'limit' | 'not-found' | 'uncertain' | 'not-checked'

export interface Answers {
  method?: 'card' | 'qr'
  amountCents?: number
  /** the number the merchant typed (either reading: trace or receipt) */
  ref?: number
  refDigits?: number
  when?: 'minutes' | 'hour' | 'today' | 'yesterday' | 'older'
  date?: string
  copy?: 'customer' | 'merchant'
  /** not connected to this PC: what the merchant reads off the terminal */
  terminalShows?: 'approved' | 'declined' | 'reversed' | 'not-listed' | 'no-answer' | 'unknown'
  /** void without a link: what the terminal showed */
  voidShows?: 'busy' | 'no-connection' | 'activation' | 'end-of-day' | 'not-possible' | 'original-not-found' | 'no-answer' | 'other'
  /** reprint without a link */
  slipShows?: 'printed' | 'paper-out' | 'not-found'
}

export interface Facts {
  symptom: 'credit-info-lost' | 'scan-no-notice' | 'paid-not-credited' | 'receipt-unusable' | 'void-failed' | 'terminal-offline' | 'other'
  lang: Lang
  /** the clock: ISO 8601 UTC */
  now: string
  /** IANA zone the terminal's local times are in (the PC's) */
  timeZone: string
  /** connected: posdoc talks to the terminal; unreachable: it tried and failed; not-connected: the merchant said the terminal is not attached to this PC */
  link: 'connected' | 'unreachable' | 'not-connected'
  terminal: {terminalId?: string; merchantId?: string; merchantName?: string; acquirer?: string; serialNumber?: string; label?: string}
  checks: CheckFact[]
  answers: Answers
  search?: SearchFact
  reprint?: ReprintFact
  void?: VoidFact
  recon?: ReconFact
  qr?: QrFact
  /** public holidays (YYYY-MM-DD) known for the settlement calendar */
  holidays?: readonly string[]
  /** weekend days that are working days (China's 调休) */
  workdays?: readonly string[]
}

// ---------------------------------------------------------------- verdict

/** The transaction a verdict is about, as the acquirer and the merchant need to see it. */
export interface TxView {
  terminalId?: string
  receiptNumber?: number
  traceNumber?: number
  rrn?: string
  authCode?: string
  batchNumber?: number
  amountCents?: number
  currency?: string
  /** local time with its zone: "2026-12-02 16:16:56 +01:00" */
  localTime?: string
  panMasked?: string
  cardType?: string
  state: TxState
  source: TxSource
  orderNumber?: string
}

export interface AcquirerRequest {
  /** the one precise request, verdict language */
  summary: string
  /** every identifier, one line each ("TID 29001006", "凭证号 000172") */
  items: string[]
}

export interface Verdict {
  schema: 'posdoc.verdict/1'
  status: VerdictStatus
  /** one or two sentences for the merchant */
  summary: string
  cause?: string
  transaction: TxView | null
  /** why there is no transaction (when transaction is null) */
  transactionReason?: string
  candidates?: TxView[]
  nextSteps: Array<Step<NextStepCode>>
  doNot: Array<Step<DoNotCode>>
  /** what to tell the customer */
  customerMessage: string
  acquirerRequest?: AcquirerRequest
  /** wait: when to look again (local date YYYY-MM-DD, or seconds for a QR order) */
  expectedDate?: string
  waitSeconds?: number
  /** a slip that could not be printed: its text, delivered here */
  receiptText?: string[]
  /** the rule that decided (for "why did posdoc say X"): "<symptom>/<rule>" */
  rule: string
}
