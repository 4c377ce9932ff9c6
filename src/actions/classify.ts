/**
 * What a money step's answer means, decided on the knowledge base's ResultClass
 * (src/protocol/zvt/codes: one table for every code, with zh/en text and remedies) plus one ZVT
 * rule: a booking is made by its 04 0F with result 00, not by the 06 0F that follows
 * [SPEC15 §2.2.8/§2.2.9] — so a failure *after* that 04 0F does not undo it.
 */
import {resultCodeInfo, type ResultClass} from '../protocol/zvt/codes/index.js'
import type {ZvtFields} from '../protocol/zvt/types.js'
import type {CommandOutcome} from '../terminal/terminal.js'

export type StepVerdict =
  /** 06 0F: booked, slip printed */
  | {kind: 'booked'; booking: ZvtFields | undefined}
  /** 04 0F result 00, then 06 1E CC: booked, only the slip is missing */
  | {kind: 'booked-no-slip'; booking: ZvtFields; resultCode: number}
  /** B4: the sale had been reversed already; nothing moved now */
  | {kind: 'already-reversed'; resultCode: number}
  /** B5: a void is no longer possible (batch closed ...): refund path */
  | {kind: 'not-possible'; resultCode: number}
  /** no connection / receiver not ready / please wait ...: nothing was booked, may try again after a pause */
  | {kind: 'retry'; resultCode: number}
  /** a booking 04 0F was seen, then something other than a printer problem: ask the terminal */
  | {kind: 'in-doubt'; resultCode: number}
  /** a definite refusal: nothing was booked, trying again will not help */
  | {kind: 'stop'; resultCode: number; cls: ResultClass}

/** The 04 0F that reports a booking (result 00 with a trace or receipt number), if the PT sent one. */
export function bookingStatusInfo(outcome: Pick<CommandOutcome, 'statusInfos'>): ZvtFields | undefined {
  return [...outcome.statusInfos].reverse().find((f) => (f.resultCode ?? 0) === 0 && (f.traceNumber !== undefined || f.receiptNumber !== undefined))
}

export function classifyMoneyStep(outcome: CommandOutcome): StepVerdict {
  const booking = outcome.rejected ? undefined : bookingStatusInfo(outcome)
  if (outcome.ok) return {kind: 'booked', booking}
  const rc = outcome.resultCode
  const cls = resultCodeInfo(rc).cls
  if (booking) return cls === 'printer' ? {kind: 'booked-no-slip', booking, resultCode: rc} : {kind: 'in-doubt', resultCode: rc}
  switch (cls) {
    case 'already-reversed':
      return {kind: 'already-reversed', resultCode: rc}
    case 'reversal-not-possible':
      return {kind: 'not-possible', resultCode: rc}
    case 'transient':
      return {kind: 'retry', resultCode: rc}
    case 'success':
      // 06 1E 00 or a completion without booking: nothing to show that it happened; ask
      return {kind: 'in-doubt', resultCode: rc}
    default:
      return {kind: 'stop', resultCode: rc, cls}
  }
}
