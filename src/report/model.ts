/**
 * The case report: the versioned JSON contract `posdoc.case-report/1` (docs/report-schema.md,
 * docs/report.schema.json, generated from CaseReportSchema and checked by test/report/schema.test.ts).
 * Everything the acquirer needs to act: who (merchant, terminal), what the merchant saw, what
 * posdoc measured and did, and what is asked of the acquirer. Labels and the *Text fields are in
 * `lang`; the recorded texts (summaries, notes, the request) stay in the case's language.
 *
 * Compatibility: within /1 fields are only added (optional); removing, renaming or narrowing a
 * field makes it /2. Consumers must ignore fields they do not know.
 */
import {z} from 'zod'

import {TxViewSchema} from '../verdict/schema.js'

import {
  ACTION_KINDS,
  ACTION_OUTCOMES,
  AnswerValueSchema,
  CASE_STATUSES,
  EVENT_KINDS,
  EVIDENCE_KINDS,
  TX_ROLES,
  TX_SOURCES,
  TX_STATES,
  TX_TYPES,
  VERDICT_OUTCOMES,
  type CaseData,
} from '../case/schema.js'
import {formatMoney} from '../case/format.js'
import type {Lang} from '../i18n/index.js'
import {extractLatency, LatencySeriesSchema} from './latency.js'
import {enumText, reportText} from './report-text.js'

export const REPORT_SCHEMA = 'posdoc.case-report/1'

const LangSchema = z.enum(['en', 'zh-CN'])
const s = z.string()
const CHECK_STATUSES = ['pass', 'warn', 'fail', 'skip', 'error'] as const
const INTEGRITY = ['ok', 'changed', 'missing'] as const

export const ReportTransactionSchema = z
  .strictObject({
    ref: s.describe('stable within the case: tx1, tx2 ...'),
    role: z.enum(TX_ROLES).optional(),
    roleText: s.optional(),
    type: z.enum(TX_TYPES).optional(),
    typeText: s.optional(),
    time: s.optional().describe('as the terminal or journal reports it (local time, usually without offset)'),
    amountCents: z.number().int().optional(),
    currency: s.optional().describe('ISO 4217'),
    amountText: s.optional().describe('"12.50 EUR"'),
    panMasked: s.optional().describe('first 6 / last 4 at most'),
    cardType: s.optional(),
    entryMode: s.optional(),
    traceNumber: s.optional(),
    receiptNumber: s.optional(),
    turnoverNumber: s.optional(),
    authCode: s.optional(),
    batchNumber: s.optional(),
    rrn: s.optional(),
    terminalId: s.optional(),
    orderNumber: s.optional(),
    platformTransactionId: s.optional(),
    resultCode: s.optional(),
    resultText: s.optional(),
    state: z.enum(TX_STATES).optional(),
    stateText: s.optional(),
    source: z.enum(TX_SOURCES).optional(),
    originalRef: s.optional(),
    note: s.optional(),
  })
  .meta({id: 'Transaction'})

export const ReportCheckSchema = z
  .strictObject({
    id: s,
    title: s,
    status: z.enum(CHECK_STATUSES),
    statusText: s,
    summary: s,
    cause: s.optional(),
    remedy: s.optional(),
    durationMs: z.number().nonnegative(),
    at: s.describe('ISO 8601 UTC'),
    evidence: z.record(z.string(), z.unknown()).describe('the measured facts (masked), check-specific'),
  })
  .meta({id: 'Check'})

export const ReportActionSchema = z
  .strictObject({
    ref: s,
    kind: z.enum(ACTION_KINDS),
    kindText: s,
    summary: s,
    outcome: z.enum(ACTION_OUTCOMES),
    outcomeText: s,
    startedAt: s,
    endedAt: s.optional(),
    resultCode: s.optional(),
    resultText: s.optional(),
    detail: s.optional(),
    txRef: s.optional(),
    evidence: s.optional().describe('name of an evidence file it produced'),
  })
  .meta({id: 'Action'})

export const ReportEventSchema = z
  .strictObject({ts: s.describe('ISO 8601 UTC'), kind: z.enum(EVENT_KINDS), kindText: s, text: s, ref: s.optional()})
  .meta({id: 'Event'})

export const ReportEvidenceSchema = z
  .strictObject({
    name: s,
    path: s.describe('relative to the case folder and to the bundle root: evidence/<name>'),
    kind: z.enum(EVIDENCE_KINDS),
    kindText: s,
    size: z.number().int().nonnegative(),
    sha256: z.string().regex(/^[0-9a-f]{64}$/).describe('as recorded when the file was captured'),
    addedAt: s,
    description: s.optional(),
    integrity: z.enum(INTEGRITY).describe('ok: the file still has the recorded sha256; changed; missing'),
    integrityText: s,
  })
  .meta({id: 'Evidence'})

export const CaseReportSchema = z
  .strictObject({
    schema: z.literal(REPORT_SCHEMA),
    generatedAt: s.describe('ISO 8601 UTC'),
    generator: z.strictObject({name: z.literal('posdoc'), version: s}),
    lang: LangSchema.describe('language of labels and *Text fields'),
    headline: s,
    case: z.strictObject({
      id: s,
      status: z.enum(CASE_STATUSES),
      statusText: s,
      createdAt: s,
      updatedAt: s,
      lang: LangSchema.describe('language the case texts were recorded in'),
      timeZone: s.optional().describe('IANA zone of the PC that recorded the case'),
    }),
    merchant: z.strictObject({merchantId: s.optional(), merchantName: s.optional()}),
    terminal: z.strictObject({
      terminalId: s.optional(),
      serialNumber: s.optional(),
      model: s.optional(),
      softwareVersion: s.optional(),
      acquirer: s.optional(),
      link: s.optional(),
      profile: s.optional(),
    }),
    symptom: z.strictObject({
      id: s,
      label: s.describe('the symptom as the merchant picked it, in `lang` when known'),
      en: s.optional(),
      zh: s.optional(),
      merchantWords: s.optional().describe("what the merchant typed, verbatim (masked)"),
    }),
    verdict: z
      .strictObject({
        outcome: z.enum(VERDICT_OUTCOMES),
        outcomeText: s,
        summary: s,
        cause: s.optional(),
        findings: z.array(z.strictObject({text: s, ref: s.optional()})),
        transaction: TxViewSchema.nullable()
          .optional()
          .describe('the transaction the verdict is about; null with transactionReason when none is known'),
        transactionReason: s.optional(),
        candidates: z.array(z.record(z.string(), z.unknown())).optional().describe('several transactions fit: the merchant must pick'),
        nextSteps: z.array(z.strictObject({code: s, text: s})).optional().describe('ordered; codes in docs/verdict.md'),
        doNot: z.array(z.strictObject({code: s, text: s})).optional(),
        customerMessage: s.optional(),
        expectedDate: s.optional(),
        waitSeconds: z.number().optional(),
        receiptText: z.array(s).optional().describe('the slip text when it could not be printed'),
        rule: s.optional().describe('the decision rule that fired (src/verdict)'),
      })
      .optional(),
    acquirerRequest: z.strictObject({summary: s, items: z.array(s)}).optional(),
    transactions: z.array(ReportTransactionSchema),
    checks: z.array(ReportCheckSchema),
    actions: z.array(ReportActionSchema),
    timeline: z.array(ReportEventSchema),
    answers: z.array(z.strictObject({questionId: s, question: s.optional(), value: AnswerValueSchema, display: s})),
    evidence: z.array(ReportEvidenceSchema),
    latency: z.array(LatencySeriesSchema).describe('network latency samples found in the checks\' evidence'),
    counts: z.strictObject({
      checks: z.strictObject({pass: z.number().int(), warn: z.number().int(), fail: z.number().int(), skip: z.number().int(), error: z.number().int()}),
      transactions: z.number().int(),
      actions: z.number().int(),
      evidence: z.number().int(),
    }),
  })
  .meta({title: 'posdoc case report', description: 'A diagnosis case, for the acquirer (posdoc.case-report/1). See docs/report-schema.md.'})

export type CaseReport = z.infer<typeof CaseReportSchema>

/** The published JSON Schema (docs/report.schema.json is this, checked by a test). */
export function reportJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(CaseReportSchema, {target: 'draft-2020-12'}) as Record<string, unknown>
}
export type ReportTransaction = z.infer<typeof ReportTransactionSchema>
export type EvidenceIntegrity = (typeof INTEGRITY)[number]

export function symptomLabel(sym: CaseData['symptom'], lang: Lang): string {
  return (lang === 'zh-CN' ? (sym.zh ?? sym.en) : (sym.en ?? sym.zh)) ?? sym.id
}

function defined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T
}

/** Case → report model (pure). `integrity` comes from re-hashing the evidence files (see build.ts). */
export function buildReportModel(
  data: CaseData,
  opts: {lang: Lang; generatedAt: string; version: string; integrity?: Record<string, EvidenceIntegrity>},
): CaseReport {
  const L = opts.lang
  const statusText = enumText.caseStatus[data.status][L]
  const label = symptomLabel(data.symptom, L)
  const counts = {pass: 0, warn: 0, fail: 0, skip: 0, error: 0}
  for (const c of data.checks) counts[c.status]++
  const id = data.identity
  const report: CaseReport = {
    schema: REPORT_SCHEMA,
    generatedAt: opts.generatedAt,
    generator: {name: 'posdoc', version: opts.version},
    lang: L,
    headline: reportText.headline[L](label, id.terminalId, statusText),
    case: defined({id: data.id, status: data.status, statusText, createdAt: data.createdAt, updatedAt: data.updatedAt, lang: data.lang, timeZone: data.timeZone}),
    merchant: defined({merchantId: id.merchantId, merchantName: id.merchantName}),
    terminal: defined({
      terminalId: id.terminalId,
      serialNumber: id.serialNumber,
      model: id.model,
      softwareVersion: id.softwareVersion,
      acquirer: id.acquirer,
      link: id.link,
      profile: id.profile,
    }),
    symptom: defined({id: data.symptom.id, label, en: data.symptom.en, zh: data.symptom.zh, merchantWords: data.symptom.merchantWords}),
    ...(data.verdict
      ? {
          verdict: defined({
            outcome: data.verdict.outcome,
            outcomeText: enumText.verdict[data.verdict.outcome][L],
            summary: data.verdict.summary,
            cause: data.verdict.cause,
            findings: data.verdict.findings.map((f) => defined({...f})),
            transaction: data.verdict.transaction,
            transactionReason: data.verdict.transactionReason,
            candidates: data.verdict.candidates,
            nextSteps: data.verdict.nextSteps,
            doNot: data.verdict.doNot,
            customerMessage: data.verdict.customerMessage,
            expectedDate: data.verdict.expectedDate,
            waitSeconds: data.verdict.waitSeconds,
            receiptText: data.verdict.receiptText,
            rule: data.verdict.rule,
          }),
        }
      : {}),
    ...(data.acquirerRequest ? {acquirerRequest: {summary: data.acquirerRequest.summary, items: [...data.acquirerRequest.items]}} : {}),
    transactions: data.transactions.map((t) => {
      const {recordedAt: _recordedAt, ...rest} = t
      return defined({
        ...rest,
        roleText: t.role ? enumText.txRole[t.role][L] : undefined,
        typeText: t.type ? enumText.txType[t.type][L] : undefined,
        amountText: t.amountCents !== undefined ? formatMoney(t.amountCents, t.currency) : undefined,
        stateText: t.state ? enumText.txState[t.state][L] : undefined,
      })
    }),
    checks: data.checks.map((c) =>
      defined({id: c.id, title: c.title, status: c.status, statusText: enumText.checkStatus[c.status][L], summary: c.summary, cause: c.cause, remedy: c.remedy, durationMs: c.durationMs, at: c.at, evidence: c.evidence}),
    ),
    actions: data.actions.map((a) => defined({...a, kindText: enumText.actionKind[a.kind][L], outcomeText: enumText.actionOutcome[a.outcome][L]})),
    timeline: data.timeline.map((e) => defined({ts: e.ts, kind: e.kind, kindText: enumText.eventKind[e.kind][L], text: e.text, ref: e.ref})),
    answers: Object.entries(data.answers).map(([questionId, a]) =>
      defined({questionId, question: a.question, value: a.value, display: a.display ?? (Array.isArray(a.value) ? a.value.join(', ') : String(a.value))}),
    ),
    evidence: data.evidence.map((e) => {
      const integrity = opts.integrity?.[e.name] ?? 'ok'
      return defined({
        name: e.name,
        path: e.path,
        kind: e.kind,
        kindText: enumText.evidenceKind[e.kind][L],
        size: e.size,
        sha256: e.sha256,
        addedAt: e.addedAt,
        description: e.description,
        integrity,
        integrityText: enumText.integrity[integrity][L],
      })
    }),
    latency: extractLatency(data.checks),
    counts: {checks: counts, transactions: data.transactions.length, actions: data.actions.length, evidence: data.evidence.length},
  }
  return report
}
