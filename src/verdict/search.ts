/**
 * Finding the transaction the merchant means, by what they said: amount, the number off the slip
 * (either reading: trace number or receipt number), the time window. Every transaction that fits
 * is returned; choosing among several is the merchant's, never posdoc's.
 */
import type {SearchFact, TxFact} from './types.js'

export interface SearchCriteria {
  amountCents?: number
  /** a typed number: matches the trace number or the receipt number */
  ref?: number
  window?: {from: string; to: string; label: string}
  types?: ReadonlyArray<TxFact['type']>
}

export function searchTransactions(txs: readonly TxFact[], c: SearchCriteria): SearchFact {
  const types = c.types ?? ['sale']
  const dates = txs.map((t) => t.time?.slice(0, 10)).filter((d): d is string => Boolean(d)).sort()
  const matches = txs.filter(
    (t) =>
      types.includes(t.type) &&
      (c.amountCents === undefined || t.amountCents === c.amountCents) &&
      (c.ref === undefined || t.traceNumber === c.ref || t.receiptNumber === c.ref) &&
      (!c.window || (t.time !== undefined && t.time >= c.window.from && t.time <= c.window.to)),
  )
  const recent = txs
    .filter((t) => types.includes(t.type))
    .slice(-5)
    .reverse()
  return {
    ran: true,
    ...(dates.length > 0 ? {journalFrom: dates[0], journalTo: dates.at(-1)} : {}),
    ...(c.window ? {window: c.window} : {}),
    ...(c.amountCents === undefined ? {} : {amountCents: c.amountCents}),
    ...(c.ref === undefined ? {} : {ref: c.ref}),
    matches,
    ...(matches.length === 0 ? {recent} : {}),
  }
}

/** The transaction the search settled on: the only match, or the one the merchant picked. */
export function chosen(s: SearchFact | undefined): TxFact | undefined {
  if (!s) return undefined
  if (s.picked) return s.picked
  return s.matches.length === 1 ? s.matches[0] : undefined
}

/** The window lies entirely before the journal's first day. */
export function beforeJournal(s: SearchFact): boolean {
  return Boolean(s.window && s.journalFrom && s.window.to.slice(0, 10) < s.journalFrom)
}
