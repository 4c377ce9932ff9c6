/**
 * Deterministic seeded journal: a café/shop's card sales for the current business day (open
 * batch) and, for large sizes, earlier days each closed by an End-of-Day. Same seed + same
 * `now` gives the same journal byte for byte.
 */
import {TEST_CARDS, totalsGroup} from './cards.js'
import {deriveRng, intBetween, pickWeighted, type Rng} from './prng.js'
import type {ClosedBatch, JournalRecord, SimState} from './types.js'

export const DEFAULT_JOURNAL_SIZE = 40
export const DEFAULT_TERMINAL_ID = '29001006'
export const DEFAULT_PASSWORD = '000000'
export const DEFAULT_VU_NUMBER = '100764992'
export const DEFAULT_MERCHANT_NAME = 'Cafe Sim'
export const SIM_SW_VERSION = 'POSDOC-SIM 1.0.0'
export const EUR = 978
/** config byte a PT falls back to after Log-Off [SPEC15 §2.2 Log-Off]: ECR prints all receipts via 06 D1 */
export const DEFAULT_CONFIG_BYTE = 0x86

const HOUR = 3_600_000
const MINUTE = 60_000
/** one day holds everything up to this size; beyond it the journal spreads over earlier days */
const SINGLE_DAY_MAX = 80
/** the shop's opening hours, local time: sales from 08:00 to 22:00 */
const OPENS_H = 8
const CLOSES_H = 22

/** Local midnight of the day `days` after the one `ms` falls on (calendar days: DST-safe). */
function localMidnight(ms: number, days = 0): number {
  const d = new Date(ms)
  d.setHours(0, 0, 0, 0)
  d.setDate(d.getDate() + days)
  return d.getTime()
}

/**
 * The business day whose batch is open at `now`: today once the shop has been open an hour;
 * before that, yesterday's (its End-of-Day has not run yet).
 */
function businessDayOf(now: number): number {
  const today = localMidnight(now)
  return now >= today + (OPENS_H + 1) * HOUR ? today : localMidnight(now, -1)
}

export interface SeedOptions {
  seed: number
  journalSize?: number
  /** ms since epoch; the open business day ends just before it */
  now: number
  terminalId?: string
  password?: string
  /** the most recent sale is already reversed (scenario already-reversed) */
  reverseLatestSale?: boolean
  /** today's batch is already closed by End-of-Day (scenario after-eod) */
  closeOpenDay?: boolean
}

export const nextTrace = (n: number) => (n >= 999_999 ? 1 : n + 1)
export const nextReceipt = (n: number) => (n >= 9999 ? 1 : n + 1)
export const nextTurnover = (n: number) => (n >= 999_999 ? 1 : n + 1)

export function emptyState(o: {seed: number; terminalId?: string; password?: string}): SimState {
  return {
    version: 1,
    terminalId: o.terminalId ?? DEFAULT_TERMINAL_ID,
    vuNumber: DEFAULT_VU_NUMBER,
    merchantName: DEFAULT_MERCHANT_NAME,
    password: o.password ?? DEFAULT_PASSWORD,
    currencyCode: EUR,
    swVersion: SIM_SW_VERSION,
    seed: o.seed,
    counters: {traceNumber: 0, receiptNumber: 0, turnoverNumber: 0, batchNumber: 1},
    journal: [],
    batches: [],
    terminalStatus: 0,
    printer: {paperOut: false, printed: []},
    config: {configByte: DEFAULT_CONFIG_BYTE, serviceByte: 0, ecrCurrencyCode: null, tlvAllowed: false, textBlocks: false},
    lastStatusInfoHex: null,
    lastReceipt: null,
    lastEndOfDayReceipt: null,
  }
}

function saleAmount(rng: Rng): number {
  const r = rng()
  const cents = r < 0.7 ? intBetween(rng, 350, 2500) : r < 0.95 ? intBetween(rng, 2500, 12_000) : intBetween(rng, 12_000, 25_000)
  return Math.round(cents / 10) * 10
}

function authCode(rng: Rng): string {
  return String(intBetween(rng, 0, 999_999)).padStart(6, '0')
}

/** Host decline codes (ISO 8583 field 39 passed through as one byte, decimal value). */
const DECLINES = [5, 51, 55, 5, 61] as const

/** Close the open batch: what End-of-Day does to state. Returns the closed batch. */
export function closeBatch(state: SimState, closedAtMs: number, records: JournalRecord[] = openBatch(state)): ClosedBatch {
  const batchNumber = state.counters.batchNumber
  const totals = batchTotals(records)
  state.counters.traceNumber = nextTrace(state.counters.traceNumber)
  const receipts = records.filter((r) => r.receiptNumber !== null)
  const batch: ClosedBatch = {
    batchNumber,
    closedAt: new Date(closedAtMs).toISOString(),
    traceNumber: state.counters.traceNumber,
    receiptNumberStart: receipts[0]?.receiptNumber ?? 0,
    receiptNumberEnd: receipts[receipts.length - 1]?.receiptNumber ?? 0,
    count: totals.count,
    totalCents: totals.totalCents,
  }
  state.batches.push(batch)
  state.counters.batchNumber += 1
  return batch
}

/** Records of the open batch (they sit at the end of the journal). */
export function openBatch(state: SimState): JournalRecord[] {
  const batch = state.counters.batchNumber
  let i = state.journal.length
  while (i > 0 && state.journal[i - 1]!.batchNumber === batch) i--
  return state.journal.slice(i)
}

export type TotalsGroupName = ReturnType<typeof totalsGroup>
export const TOTALS_GROUPS: ReadonlyArray<TotalsGroupName> = ['girocard', 'jcb', 'eurocard', 'amex', 'visa', 'diners', 'other']

/**
 * Turnover of a batch: standing sales minus refunds, per BMP 60 card group (counts are
 * bookings that still stand; reversed sales and their reversals cancel out).
 */
export function batchTotals(records: JournalRecord[]): {count: number; totalCents: number; groups: Record<TotalsGroupName, {count: number; amountCents: number}>} {
  const groups = Object.fromEntries(TOTALS_GROUPS.map((g) => [g, {count: 0, amountCents: 0}])) as Record<TotalsGroupName, {count: number; amountCents: number}>
  let count = 0
  let totalCents = 0
  for (const r of records) {
    if (r.state !== 'booked' || r.type === 'reversal') continue
    const sign = r.type === 'refund' ? -1 : 1
    const g = groups[totalsGroup(r.cardType)]
    g.count += 1
    g.amountCents += sign * r.amountCents
    count += 1
    totalCents += sign * r.amountCents
  }
  // BCD totals cannot be negative: a group with more refunds than sales reports 0
  for (const g of Object.values(groups)) g.amountCents = Math.max(0, g.amountCents)
  return {count, totalCents: Math.max(0, totalCents), groups}
}

export function seedState(opts: SeedOptions): SimState {
  const state = emptyState(opts)
  const rng = deriveRng(opts.seed, 'journal')
  const size = Math.max(0, Math.floor(opts.journalSize ?? DEFAULT_JOURNAL_SIZE))
  const reserve = opts.reverseLatestSale && size > 0 ? 1 : 0
  const total = size - reserve

  // per-day counts, today first
  const days: number[] = []
  if (total <= SINGLE_DAY_MAX) days.push(total)
  else for (let left = total; left > 0; ) {
    const n = Math.min(left, intBetween(rng, 40, 80))
    days.push(n)
    left -= n
  }

  state.counters.traceNumber = intBetween(rng, 100, 900)
  state.counters.receiptNumber = intBetween(rng, 1, 200)
  state.counters.turnoverNumber = intBetween(rng, 1000, 5000)
  state.counters.batchNumber = intBetween(rng, 1, 50)

  // business days on the calendar: sales between opening and closing of a local day, End-of-Day
  // after closing, so no batch straddles midnight (a batch that did would put some of its sales on
  // the next settlement day, and what a reconciliation shows would depend on the hour it runs)
  const lastDay = businessDayOf(opts.now)
  for (let k = days.length - 1; k >= 0; k--) {
    const day = localMidnight(lastDay, -k)
    const dayStart = day + OPENS_H * HOUR
    const dayEnd = Math.min(day + CLOSES_H * HOUR, opts.now - 5 * MINUTE)
    const n = days[k]!
    const times = Array.from({length: n}, () => dayStart + Math.floor(rng() * (dayEnd - dayStart))).sort((a, b) => a - b)
    for (const t of times) addSeededRecord(state, rng, t)
    if (k > 0 || opts.closeOpenDay) {
      if (k === 0 && reserve) addLatestReversal(state, rng, dayEnd)
      closeBatch(state, k > 0 ? dayEnd + 30 * MINUTE : Math.min(opts.now - MINUTE, dayEnd + 3 * MINUTE))
    }
  }
  if (reserve && !opts.closeOpenDay) addLatestReversal(state, rng, opts.now - 3 * MINUTE)
  return state
}

function book(state: SimState, base: Omit<JournalRecord, 'receiptNumber' | 'traceNumber' | 'turnoverNumber' | 'batchNumber' | 'terminalId'>): JournalRecord {
  const c = state.counters
  c.traceNumber = nextTrace(c.traceNumber)
  const approved = base.resultCode === 0
  if (approved) {
    c.receiptNumber = nextReceipt(c.receiptNumber)
    c.turnoverNumber = nextTurnover(c.turnoverNumber)
  }
  const record: JournalRecord = {
    receiptNumber: approved ? c.receiptNumber : null,
    traceNumber: c.traceNumber,
    turnoverNumber: approved ? c.turnoverNumber : null,
    batchNumber: c.batchNumber,
    time: base.time,
    type: base.type,
    amountCents: base.amountCents,
    currencyCode: base.currencyCode,
    panMasked: base.panMasked,
    cardType: base.cardType,
    cardName: base.cardName,
    authCode: base.authCode,
    terminalId: state.terminalId,
    resultCode: base.resultCode,
    state: base.state,
  }
  if (base.originalReceiptNumber !== undefined) record.originalReceiptNumber = base.originalReceiptNumber
  if (base.originalTraceNumber !== undefined) record.originalTraceNumber = base.originalTraceNumber
  state.journal.push(record)
  return record
}

/** Book a new record with the next trace (and, if approved, receipt/turnover) numbers. */
export const bookRecord = book

/** Book a reversal of `sale` and mark the sale reversed. */
export function bookReversal(state: SimState, sale: JournalRecord, timeMs: number, authCodeValue: string | null): JournalRecord {
  const reversal = book(state, {
    time: new Date(timeMs).toISOString(),
    type: 'reversal',
    amountCents: sale.amountCents,
    currencyCode: sale.currencyCode,
    panMasked: sale.panMasked,
    cardType: sale.cardType,
    cardName: sale.cardName,
    authCode: authCodeValue,
    resultCode: 0,
    state: 'booked',
    originalReceiptNumber: sale.receiptNumber ?? undefined,
    originalTraceNumber: sale.traceNumber,
  })
  sale.state = 'reversed'
  sale.reversedBy = reversal.receiptNumber ?? undefined
  return reversal
}

function addSeededRecord(state: SimState, rng: Rng, t: number): void {
  const time = new Date(t).toISOString()
  const card = pickWeighted(rng, TEST_CARDS)
  const roll = rng()
  const common = {time, currencyCode: EUR, panMasked: card.panMasked, cardType: card.cardType, cardName: card.cardName}
  if (roll < 0.05) {
    const code = DECLINES[intBetween(rng, 0, DECLINES.length - 1)]!
    book(state, {...common, type: 'sale', amountCents: saleAmount(rng), authCode: null, resultCode: code, state: 'declined'})
    return
  }
  if (roll < 0.08) {
    // void of a recent sale of the same batch (customer changed their mind)
    const sale = latestStandingSale(state)
    if (sale) {
      bookReversal(state, sale, t, authCode(rng))
      return
    }
  }
  if (roll < 0.095) {
    book(state, {...common, type: 'refund', amountCents: Math.round(intBetween(rng, 200, 3000) / 10) * 10, authCode: authCode(rng), resultCode: 0, state: 'booked'})
    return
  }
  book(state, {...common, type: 'sale', amountCents: saleAmount(rng), authCode: authCode(rng), resultCode: 0, state: 'booked'})
}

function latestStandingSale(state: SimState): JournalRecord | undefined {
  for (let i = state.journal.length - 1; i >= 0; i--) {
    const r = state.journal[i]!
    if (r.batchNumber !== state.counters.batchNumber) return undefined
    if (r.type === 'sale' && r.state === 'booked') return r
  }
  return undefined
}

/**
 * Scenario already-reversed on an existing journal: make sure the most recent sale of the open
 * batch is reversed (books a sale first when the batch has none). No-op when it already is.
 */
export function reverseMostRecentSale(state: SimState, nowMs: number): void {
  const open = openBatch(state)
  const latest = [...open].reverse().find((r) => r.type === 'sale' && r.receiptNumber !== null)
  if (latest && latest.state !== 'booked') return
  addLatestReversal(state, deriveRng(state.seed, `already-reversed:${state.journal.length}`), nowMs - MINUTE, latest)
}

function addLatestReversal(state: SimState, rng: Rng, t: number, existing?: JournalRecord): void {
  let sale = existing ?? latestStandingSale(state)
  const last = state.journal[state.journal.length - 1]
  if (!sale || (!existing && sale !== last)) {
    // make sure "the most recent sale" is a fresh approved one, then reverse it
    const card = pickWeighted(rng, TEST_CARDS)
    sale = book(state, {
      time: new Date(t - 2 * MINUTE).toISOString(),
      type: 'sale',
      amountCents: saleAmount(rng),
      currencyCode: EUR,
      panMasked: card.panMasked,
      cardType: card.cardType,
      cardName: card.cardName,
      authCode: authCode(rng),
      resultCode: 0,
      state: 'booked',
    })
  }
  bookReversal(state, sale, t, authCode(rng))
}
