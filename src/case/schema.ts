/**
 * case.json, version 1: everything one diagnosis run learned, in the order it learned it.
 * Read back with zod (a damaged or foreign file is refused, never "repaired"); unknown
 * top-level keys are kept so an older posdoc does not drop what a newer one wrote.
 */
import {z} from 'zod'

import {TxViewSchema} from '../verdict/schema.js'

export const CASE_SCHEMA = 'posdoc.case/1'
/** 20261123-1432-void-failed-7f3a: local date-time, symptom, 4 random hex digits */
export const CASE_ID_RE = /^\d{8}-\d{4}-[a-z0-9]+(?:-[a-z0-9]+)*-[0-9a-f]{4}$/

export const CASE_STATUSES = ['open', 'resolved', 'needs-acquirer', 'aborted'] as const
export const EVENT_KINDS = ['question', 'answer', 'check', 'action', 'note', 'error'] as const
export const TX_TYPES = ['sale', 'void', 'refund', 'reversal', 'pre-auth', 'end-of-day', 'qr-payment', 'other'] as const
export const TX_ROLES = ['disputed', 'original', 'related', 'retry'] as const
export const TX_STATES = ['approved', 'declined', 'reversed', 'voided', 'refunded', 'pending', 'in-doubt', 'not-found', 'unknown'] as const
export const TX_SOURCES = ['terminal', 'journal', 'wire-log', 'settlement', 'merchant', 'platform'] as const
export const ACTION_KINDS = ['reprint', 'void', 'refund', 'end-of-day', 'status-query', 'recon', 'log-pull', 'other'] as const
export const ACTION_OUTCOMES = ['pending', 'success', 'failed', 'in-doubt', 'skipped', 'dry-run', 'declined-by-user'] as const
export const EVIDENCE_KINDS = ['wire-log', 'journal', 'settlement', 'recon', 'action-journal', 'receipt', 'network', 'probe', 'log', 'photo', 'other'] as const
/** the decision layer's statuses (src/verdict), then the older ones still read from earlier cases */
export const VERDICT_OUTCOMES = ['resolved', 'merchant-action', 'acquirer-action', 'wait', 'in-doubt', 'inconclusive', 'problem-found', 'needs-acquirer', 'no-problem-found'] as const

const ts = z.string().min(1)
const text = z.string()
const id = z.string().min(1).max(200)

export const SymptomSchema = z.object({
  /** stable id from the flow's symptom list, e.g. "void-failed" */
  id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/),
  /** the symptom as the merchant picks it, in both languages */
  en: text.optional(),
  zh: text.optional(),
  /** what the merchant typed in their own words, if anything */
  merchantWords: text.optional(),
})

export const IdentitySchema = z.object({
  merchantId: text.optional(),
  merchantName: text.optional(),
  terminalId: text.optional(),
  serialNumber: text.optional(),
  model: text.optional(),
  softwareVersion: text.optional(),
  acquirer: text.optional(),
  /** how posdoc reached the terminal: "tcp 192.168.1.50:20007", "serial /dev/ttyUSB0 @9600", "demo" */
  link: text.optional(),
  /** the config profile name, when one was used */
  profile: text.optional(),
})

export const AnswerValueSchema = z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(z.string())])

export const AnswerSchema = z.object({
  value: AnswerValueSchema,
  at: ts,
  /** the question as it was asked (case language) */
  question: text.optional(),
  /** the answer as shown to the merchant, e.g. the chosen option's label */
  display: text.optional(),
})

export const EventSchema = z.object({
  ts,
  kind: z.enum(EVENT_KINDS),
  text,
  /** what the event is about: "check:network.tcp", "tx:tx1", "action:a1", "answer:amount", "evidence:wire-log.jsonl" */
  ref: text.optional(),
})

export const CheckRecordSchema = z.object({
  id,
  title: text,
  status: z.enum(['pass', 'warn', 'fail', 'skip', 'error']),
  summary: text,
  evidence: z.record(z.string(), z.unknown()),
  cause: text.optional(),
  remedy: text.optional(),
  durationMs: z.number().nonnegative(),
  /** when the check finished (recorded by the store) */
  at: ts,
})

export const TransactionSchema = z.object({
  ref: id,
  role: z.enum(TX_ROLES).optional(),
  type: z.enum(TX_TYPES).optional(),
  /** as the terminal / journal reports it (usually local time without offset) */
  time: text.optional(),
  amountCents: z.number().int().optional(),
  /** ISO 4217, e.g. "EUR", "CNY" */
  currency: text.optional(),
  panMasked: text.optional(),
  cardType: text.optional(),
  entryMode: text.optional(),
  traceNumber: text.optional(),
  receiptNumber: text.optional(),
  turnoverNumber: text.optional(),
  authCode: text.optional(),
  batchNumber: text.optional(),
  rrn: text.optional(),
  terminalId: text.optional(),
  /** QR rails: the merchant order number (out_trade_no) and the platform's transaction id */
  orderNumber: text.optional(),
  platformTransactionId: text.optional(),
  /** the terminal's / host's result code as printed ("00", "6C", "25") and its text */
  resultCode: text.optional(),
  resultText: text.optional(),
  state: z.enum(TX_STATES).optional(),
  source: z.enum(TX_SOURCES).optional(),
  /** ref of the transaction this one refers to (a void's original sale) */
  originalRef: text.optional(),
  note: text.optional(),
  recordedAt: ts,
})

export const ActionSchema = z.object({
  ref: id,
  kind: z.enum(ACTION_KINDS),
  /** what was done, one line, case language */
  summary: text,
  outcome: z.enum(ACTION_OUTCOMES),
  startedAt: ts,
  endedAt: ts.optional(),
  resultCode: text.optional(),
  resultText: text.optional(),
  detail: text.optional(),
  /** the transaction it acted on */
  txRef: text.optional(),
  /** an evidence file produced by it (receipt text, action journal copy) */
  evidence: text.optional(),
})

export const EvidenceSchema = z.object({
  name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/),
  /** relative to the case directory, '/'-separated: evidence/<name> */
  path: z.string(),
  kind: z.enum(EVIDENCE_KINDS),
  size: z.number().int().nonnegative(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  addedAt: ts,
  description: text.optional(),
  /** how many pieces of card data were masked on the way in */
  masked: z.number().int().nonnegative(),
})

const StepRecordSchema = z.object({code: z.string(), text})

/** The transaction a verdict is about (src/verdict TxView; card data masked): its one schema. */
export const VerdictTxSchema = TxViewSchema

export const VerdictSchema = z.object({
  outcome: z.enum(VERDICT_OUTCOMES),
  /** one or two sentences, case language */
  summary: text,
  cause: text.optional(),
  findings: z.array(z.object({text, ref: text.optional()})),
  /** the decision layer's verdict (cases written before it lack these) */
  transaction: VerdictTxSchema.nullable().optional(),
  transactionReason: text.optional(),
  candidates: z.array(VerdictTxSchema).optional(),
  nextSteps: z.array(StepRecordSchema).optional(),
  doNot: z.array(StepRecordSchema).optional(),
  customerMessage: text.optional(),
  expectedDate: text.optional(),
  waitSeconds: z.number().optional(),
  receiptText: z.array(text).optional(),
  rule: text.optional(),
})

export const AcquirerRequestSchema = z.object({
  /** the concrete ask, one sentence, case language */
  summary: text,
  /** the details the acquirer needs to act (references, dates, what was tried) */
  items: z.array(text),
})

export const CaseSchema = z.looseObject({
  schema: z.literal(CASE_SCHEMA),
  id: z.string().regex(CASE_ID_RE),
  createdAt: ts,
  updatedAt: ts,
  status: z.enum(CASE_STATUSES),
  /** language of the texts recorded in this case */
  lang: z.enum(['en', 'zh-CN']),
  /** IANA time zone of the PC that recorded the case (timestamps are UTC) */
  timeZone: text.optional(),
  symptom: SymptomSchema,
  identity: IdentitySchema,
  answers: z.record(z.string(), AnswerSchema),
  timeline: z.array(EventSchema),
  checks: z.array(CheckRecordSchema),
  transactions: z.array(TransactionSchema),
  actions: z.array(ActionSchema),
  evidence: z.array(EvidenceSchema),
  verdict: VerdictSchema.optional(),
  acquirerRequest: AcquirerRequestSchema.optional(),
  /** the flow's own resume state (opaque to the store and the report) */
  flowState: z.record(z.string(), z.unknown()).optional(),
})

export type CaseStatus = (typeof CASE_STATUSES)[number]
export type TxType = (typeof TX_TYPES)[number]
export type TxRole = (typeof TX_ROLES)[number]
export type TxState = (typeof TX_STATES)[number]
export type TxSource = (typeof TX_SOURCES)[number]
export type ActionKind = (typeof ACTION_KINDS)[number]
export type ActionOutcome = (typeof ACTION_OUTCOMES)[number]
export type VerdictOutcome = (typeof VERDICT_OUTCOMES)[number]
export type CaseEventKind = (typeof EVENT_KINDS)[number]
export type CaseSymptom = z.infer<typeof SymptomSchema>
export type CaseIdentity = z.infer<typeof IdentitySchema>
export type AnswerValue = z.infer<typeof AnswerValueSchema>
export type CaseAnswer = z.infer<typeof AnswerSchema>
export type CaseEvent = z.infer<typeof EventSchema>
export type CaseCheck = z.infer<typeof CheckRecordSchema>
export type CaseTransaction = z.infer<typeof TransactionSchema>
export type CaseAction = z.infer<typeof ActionSchema>
export type EvidenceKind = (typeof EVIDENCE_KINDS)[number]
export type EvidenceRecord = z.infer<typeof EvidenceSchema>
export type CaseVerdict = z.infer<typeof VerdictSchema>
export type AcquirerRequest = z.infer<typeof AcquirerRequestSchema>
export type CaseData = z.infer<typeof CaseSchema>
