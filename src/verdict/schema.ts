/**
 * The verdict's published JSON contract (docs/verdict.schema.json is generated from this and
 * checked by test/verdict/schema.test.ts). The `verdict` of `posdoc diagnose --json` and of the
 * case report follow it.
 */
import {z} from 'zod'

import {DO_NOT_CODES, NEXT_STEP_CODES, VERDICT_STATUSES} from './types.js'

const s = z.string()
export const TxViewSchema = z.strictObject({
  terminalId: s.optional(),
  receiptNumber: z.number().int().optional().describe('ZVT receipt number (BMP 87), 票据号'),
  traceNumber: z.number().int().optional().describe('trace number (STAN), the 6-digit 凭证号 on Chinese slips'),
  rrn: s.optional(),
  authCode: s.optional(),
  batchNumber: z.number().int().optional(),
  amountCents: z.number().int().optional(),
  currency: s.optional(),
  localTime: s.optional().describe('local time with its UTC offset, "2026-12-02 16:16:56 +08:00"'),
  panMasked: s.optional(),
  cardType: s.optional(),
  state: z.enum(['approved', 'declined', 'reversed', 'voided', 'refunded', 'pending', 'in-doubt', 'unknown']),
  source: z.enum(['terminal', 'journal', 'merchant', 'settlement', 'platform']).describe('where the values come from'),
  orderNumber: s.optional(),
})

export const VerdictJsonSchema = z.strictObject({
  schema: z.literal('posdoc.verdict/1'),
  status: z.enum(VERDICT_STATUSES),
  summary: s,
  cause: s.optional(),
  transaction: TxViewSchema.nullable().describe('the transaction the verdict is about; null with transactionReason'),
  transactionReason: s.optional(),
  candidates: z.array(TxViewSchema).optional().describe('more than one transaction fits: the merchant picks'),
  nextSteps: z.array(z.strictObject({code: z.enum(NEXT_STEP_CODES), text: s})).describe('ordered'),
  doNot: z.array(z.strictObject({code: z.enum(DO_NOT_CODES), text: s})),
  customerMessage: s,
  acquirerRequest: z.strictObject({summary: s, items: z.array(s)}).optional(),
  expectedDate: s.optional().describe('wait: the local date by which the money is due'),
  waitSeconds: z.number().optional().describe('wait: seconds until a QR order must be final'),
  receiptText: z.array(s).optional().describe('a slip that could not be printed: its text'),
  rule: s.describe('the rule that decided, "<area>/<rule>" ("+guard" when a money-safety invariant changed it)'),
})

export function verdictJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(VerdictJsonSchema, {target: 'draft-2020-12'}) as Record<string, unknown>
}
