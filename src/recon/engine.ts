/**
 * Reconciliation: terminal journal(s) against acquirer settlement file(s).
 *
 * 0. Each side is read as a lane of record blocks (block-source.ts): big files in two worker
 *    threads at once, so the settlement file is already parsed when the journal is indexed.
 * 1. Journal rows go into a compact JournalIndex as their blocks arrive (the journal is the
 *    bounded side: one terminal's transactions; it also carries the sale ↔ void relations the
 *    verdicts need); the trace hash, each terminal's coverage and duplicate traces come with it.
 * 2. Settlement rows stream past it, matched by terminal ID + trace number (receipt number when
 *    the file has no trace column) within ±toleranceDays of the transaction date, preferring an
 *    equal amount, then the earliest journal row; amount, auth code and card last four are
 *    checked on every match. A settlement row nobody claims is classified at once.
 * 3. Every journal row is classified at the end, when the settlement's coverage is known.
 *
 * Every record lands in exactly one category with the most likely reason and what to ask the
 * acquirer; records go to the optional sink as they are classified, totals per day and category
 * are kept, and the first `maxItems` items that need attention are returned. Serial and parallel
 * reading give the same result, record for record.
 */
import {stat} from 'node:fs/promises'
import {availableParallelism} from 'node:os'

import {getLang, type Lang} from '../i18n/index.js'
import type {MapOverrides} from './auto-map.js'
import type {BusinessCalendar} from './calendar.js'
import {PAYOUT_EXCEPTIONS, PayoutTotals, reconcilePayouts, type PayoutReport} from './payouts.js'
import {inProcessLane, workerLane, workerScript, type Lane, type LaneOptions} from './block-source.js'
import type {ImportLayout, ImportStats} from './import.js'
import {FLAG, JournalIndex} from './journal-index.js'
import type {CsvProfile} from './profiles.js'
import {blockRecord, NONE, NO_DAY, type RecordBlock} from './record-block.js'
import {explainRecordCode, TX_TYPES, type TxRecord, type TxState, type TxType} from './record.js'
import {CATEGORIES, categoryText, EXCEPTIONS, reasonText, tr, type Category, type Reason, type ReasonParams} from './recon-text.js'
import {dayToIso, formatCents, nextBusinessDay, secondsToTime} from './values.js'

export interface FileRef {
  file: string
  line: number
}

/** One classified record (a journal row with what the settlement said, or a settlement row alone). */
export interface ReconItem {
  category: Category
  reason: Reason
  categoryText: string
  explanation: string
  ask: string
  date: string | null
  time: string | null
  terminalId: string
  traceNumber: number | null
  receiptNumber: number | null
  batchNumber: number | null
  type: TxType
  journalState: TxState | null
  journalAmountCents: number | null
  settlementAmountCents: number | null
  differenceCents: number | null
  currency: string | null
  panMasked: string | null
  authCode: string | null
  rrn: string | null
  settlementStatus: string | null
  settlementDate: string | null
  resultCode: string | null
  resultText: string | null
  resultAdvice: string | null
  journal: FileRef | null
  settlement: FileRef | null
  notes: string[]
}

export interface ItemSink {
  write(item: ReconItem): void
  /** a promise while the sink's buffer is full (reading pauses until it settles) */
  backpressure(): Promise<void> | undefined
}

export interface ReconFileReport extends ImportLayout {
  rows: number
  usable: number
  bad: number
  summaryRows: number
  blankRows: number
  badRows: ImportStats['badRows']
  /** usable rows outside --date */
  filteredOut: number
}

type Amounts = {count: number; journalCents: number; settlementCents: number}

export interface ReconResult {
  schema: 'posdoc.recon/1'
  verdict: 'reconciled' | 'exceptions'
  journal: ReconFileReport[]
  settlement: ReconFileReport[]
  period: {
    journal: {from: string; to: string} | null
    settlement: {from: string; to: string} | null
    filter: {from: string | null; to: string | null} | null
  }
  options: {toleranceDays: number}
  totals: {records: number; exceptions: number; byCategory: Record<Category, Amounts>}
  byDay: Array<{date: string; counts: Partial<Record<Category, number>>; journalCents: number; settlementCents: number; differenceCents: number}>
  items: ReconItem[]
  itemsTruncated: number
  notes: string[]
  /** the payout leg (--payouts): did the settled money reach the bank account */
  payouts?: PayoutReport
  /** the file every record went to (--out) */
  out?: {file: string; format: 'csv' | 'json'; records: number}
}

export interface ReconOptions {
  journalFiles: string[]
  settlementFiles: string[]
  profiles: readonly CsvProfile[]
  /** forced profiles by kind (from --profile) */
  journalProfile?: CsvProfile
  settlementProfile?: CsvProfile
  encoding?: 'utf-8' | 'gb18030' | 'gbk' | 'utf-16le'
  /** the payout leg: the settlement's daily net totals against this bank statement */
  payouts?: {file: string; calendar: BusinessCalendar}
  /** --map FIELD=HEADER: applied to every file that has the header */
  map?: MapOverrides
  /** civil days, inclusive */
  dateFrom?: number
  dateTo?: number
  toleranceDays?: number
  maxItems?: number
  maxBadRows?: number
  lang?: Lang
  sink?: ItemSink
  onProgress?: (text: string, bytes: number, total: number) => void
  /**
   * Read the journal and the settlement side in two worker threads at once. 'auto' (default):
   * when there are two cores and the files are big enough to repay starting the workers.
   */
  parallel?: boolean | 'auto'
}

/** Below this many bytes (both sides) starting two workers costs more than it saves. */
const PARALLEL_MIN_BYTES = 16 * 1_048_576
/**
 * Settlement blocks a worker may read ahead while the journal is still being indexed: about
 * 1.3M rows (103 bytes each), so a million-row file is read entirely in parallel; bigger files
 * pause there and go on as the blocks are matched.
 */
const READ_AHEAD_BYTES = 128 * 1_048_576

const SIGN: Readonly<Record<TxType, number>> = {sale: 1, refund: -1, void: -1, reversal: -1, other: 1}
/** the same by type index (record blocks store TX_TYPES indexes) */
const SIGN_OF: readonly number[] = TX_TYPES.map((t) => SIGN[t])
const [T_SALE, T_VOID, T_REVERSAL, T_OTHER] = (['sale', 'void', 'reversal', 'other'] as const).map((t) => TX_TYPES.indexOf(t))
/** a block's terminal not looked up yet (NONE = looked up, unknown to the journal) */
const UNSEEN = -2
const DAY = 86_400

/** Categories that go into `items` (the rest are only counted and written to the sink). */
const LISTED: ReadonlySet<Category> = new Set<Category>([...EXCEPTIONS, 'in-window'])

export async function reconcile(opts: ReconOptions): Promise<ReconResult> {
  const lang = opts.lang ?? getLang()
  const tolerance = opts.toleranceDays ?? 1
  const maxItems = opts.maxItems ?? 1000

  const byCategory = Object.fromEntries(CATEGORIES.map((c) => [c, {count: 0, journalCents: 0, settlementCents: 0}])) as Record<Category, Amounts>
  const byDay = new Map<number, {counts: Partial<Record<Category, number>>; journalCents: number; settlementCents: number}>()
  const items: ReconItem[] = []
  let itemsTruncated = 0
  let records = 0
  const notes: string[] = []

  /** Count a classified record; the item itself is only built when someone will see it. */
  const emit = (category: Category, day: number | null, jCents: number, sCents: number, build: () => ReconItem) => {
    records++
    const c = byCategory[category]
    c.count++
    c.journalCents += jCents
    c.settlementCents += sCents
    const key = day ?? -1
    let d = byDay.get(key)
    if (!d) byDay.set(key, (d = {counts: {}, journalCents: 0, settlementCents: 0}))
    d.counts[category] = (d.counts[category] ?? 0) + 1
    // records the other file cannot speak about would only distort the day's difference
    if (category !== 'out-of-range') {
      d.journalCents += jCents
      d.settlementCents += sCents
    }
    const listed = LISTED.has(category)
    if (listed && items.length >= maxItems) itemsTruncated++
    const wanted = listed && items.length < maxItems
    if (!wanted && !opts.sink) return
    const item = build()
    if (wanted) items.push(item)
    opts.sink?.write(item)
  }

  // ---- 0. both sides as lanes of record blocks (worker threads when it pays) ----
  const laneOpts = (kind: 'journal' | 'settlement'): LaneOptions => {
    const profile = kind === 'journal' ? opts.journalProfile : opts.settlementProfile
    return {
      kind,
      profiles: opts.profiles,
      ...(profile ? {profile} : {}),
      ...(opts.encoding ? {encoding: opts.encoding} : {}),
      ...(opts.map ? {map: opts.map} : {}),
      lang,
      maxBadRows: opts.maxBadRows ?? 100,
      ...(opts.dateFrom === undefined ? {} : {dateFrom: opts.dateFrom}),
      ...(opts.dateTo === undefined ? {} : {dateTo: opts.dateTo}),
    }
  }
  const parallel = await useWorkers(opts)
  // an in-process lane only starts reading when it is pulled: the settlement side waits for the journal
  const lane = (files: string[], kind: 'journal' | 'settlement'): Lane => {
    if (parallel) {
      try {
        return workerLane(files, laneOpts(kind), READ_AHEAD_BYTES)
      } catch {
        // no thread to be had (resource limits): read it here instead
      }
    }
    return inProcessLane(files, laneOpts(kind))
  }
  const journalLane = lane(opts.journalFiles, 'journal')
  const settlementLane = lane(opts.settlementFiles, 'settlement')

  // ---- 1. journal into the index ----
  const journalReports: ReconFileReport[] = []
  const layouts: ImportLayout[] = []
  let index: JournalIndex | undefined
  try {
    for await (const e of journalLane) {
      if (e.type === 'layout') {
        layouts[e.file] = e.layout
        // size the columns once from the file's estimated row count (growing copies them)
        index ??= new JournalIndex(Math.ceil(e.layout.estimatedRows * 1.05) + 64)
      } else if (e.type === 'block') index!.appendBlock(e.block, e.file)
      else if (e.type === 'progress') opts.onProgress?.(opts.journalFiles[e.file]!, e.bytes, e.total)
      else journalReports.push(report(layouts[e.file]!, e.stats, e.filteredOut))
    }
  } catch (err) {
    await settlementLane.stop()
    throw err
  }
  const J = index ?? new JournalIndex(64)
  // voids and reversals find the sales they cancel (same terminal and day), which become voided / reversed
  const cancels = J.linkCancels()
  if (cancels.ambiguous > 0) notes.push(lang === 'zh-CN' ? `${cancels.ambiguous} 笔撤销/冲正可对应多笔原交易，未作关联(见各条说明)` : `${cancels.ambiguous} void(s)/reversal(s) fit several sales equally and were not linked (see their notes)`)
  if (cancels.orphans > 0) notes.push(lang === 'zh-CN' ? `${cancels.orphans} 笔撤销/冲正在终端流水中找不到原交易` : `${cancels.orphans} void(s)/reversal(s) whose original sale is not in the journal`)
  const tidCount = J.tids.size
  // journal coverage per terminal (seconds since epoch of the local day/time), worked out as rows came in
  const jMin = J.firstTime
  const jMax = J.lastTime
  const jFrom = J.dayFrom
  const jTo = J.dayTo
  // same terminal + trace + day twice: a counter reset or a duplicated export line
  const duplicateKeys = J.duplicateKeys
  if (duplicateKeys > 0) notes.push(lang === 'zh-CN' ? `终端流水中有 ${duplicateKeys} 个重复的凭证号(同一终端、同一天)：按金额区分匹配` : `${duplicateKeys} duplicate trace number(s) in the journal (same terminal and day): matched by amount`)

  // ---- 2. settlement streamed past the index ----
  const sMaxByTid = new Float64Array(tidCount).fill(-Infinity)
  let sFrom = Infinity
  let sTo = -Infinity
  const settlementReports: ReconFileReport[] = []
  const settlementFileNames: string[] = []

  /** What every reason text may say about a record, whichever side it comes from. */
  const recordParams = (r: TxRecord): ReasonParams => ({
    ...blankParams(),
    terminalId: r.terminalId,
    traceNumber: String(r.traceNumber ?? r.receiptNumber ?? '?'),
    batchNumber: String(r.batchNumber ?? '?'),
    date: r.day === null ? '?' : dayToIso(r.day),
    journalFrom: jFrom === Infinity ? '?' : dayToIso(jFrom),
    journalTo: jTo === -Infinity ? '?' : dayToIso(jTo),
  })

  const settlementOnly = (b: RecordBlock, k: number, fi: number, category: Category, reason: Reason, linked?: number) => {
    emit(category, b.day[k] === NO_DAY ? null : b.day[k]!, 0, b.status[k] === 0 ? SIGN_OF[b.type[k]!]! * b.amount[k]! : 0, () => settlementItem(blockRecord(b, k), fi, category, reason, linked))
  }

  const settlementItem = (s: TxRecord, fi: number, category: Category, reason: Reason, linked?: number): ReconItem =>
    reconItem(s, category, reason, lang, {...recordParams(s), settlementAmount: money(s.amountCents, s.currency), settlementDate: s.settlementDay === null ? '' : dayToIso(s.settlementDay)}, {
      journalState: null,
      journalAmountCents: null,
      settlementAmountCents: s.amountCents,
      differenceCents: null,
      currency: s.currency || null,
      rrn: s.rrn || null,
      settlementStatus: s.settlementStatus,
      settlementDate: s.settlementDay === null ? null : dayToIso(s.settlementDay),
      journal: linked === undefined ? null : {file: opts.journalFiles[J.file[linked]!]!, line: J.line[linked]!},
      settlement: {file: settlementFileNames[fi]!, line: s.line},
      notes: [],
    })

  const payoutTotals = opts.payouts ? new PayoutTotals() : undefined
  /** Settlement row k of block b: match it to a journal row, or classify it on its own. */
  const onSettlement = (b: RecordBlock, k: number, fi: number, tidOf: Int32Array) => {
    const sDay = b.day[k]!
    if (payoutTotals && (b.status[k] === 0 || b.status[k] === NONE)) {
      const fee = b.fee[k]!
      payoutTotals.add(b.strings[b.merchant[k]!] ?? '', b.settleDay[k] === NO_DAY ? null : b.settleDay[k]!, SIGN_OF[b.type[k]!]! * b.amount[k]!, Number.isNaN(fee) ? 0 : fee)
    }
    const day = sDay === NO_DAY ? null : sDay
    if (day !== null) {
      if (day < sFrom) sFrom = day
      if (day > sTo) sTo = day
    }
    // block dictionary id → index terminal id, looked up once per block and terminal
    const d = b.tid[k]!
    let tid = tidOf[d]!
    if (tid === UNSEEN) tid = tidOf[d] = J.tids.find(b.strings[d]!) ?? NONE
    if (tid === NONE) return settlementOnly(b, k, fi, 'unknown-to-terminal', 'other-terminal')
    const t = day === null ? NaN : day * DAY + Math.max(0, b.sec[k]!)
    if (t > sMaxByTid[tid]!) sMaxByTid[tid] = t
    const sType = b.type[k]!
    const cancels = sType === T_VOID || sType === T_REVERSAL
    // a void/reversal row that names its original: that sale nets out
    let namedSale = -1
    const origTrace = b.origTrace[k]!
    if (cancels && origTrace !== NONE) {
      for (let j = J.first(tid, 'trace', origTrace); j !== NONE; j = J.nextOf('trace', j)) {
        if (J.type[j] !== T_SALE || !near(J.day[j]!, sDay, tolerance)) continue
        J.flags[j]! |= FLAG.voidSettled
        namedSale = Math.max(namedSale, j)
      }
    }
    const by = b.trace[k] !== NONE ? 'trace' : 'receipt'
    const key = by === 'trace' ? b.trace[k]! : b.receipt[k]!
    const amount = b.amount[k]!
    let best = -1
    let bestScore = -Infinity
    let ties = 0
    let taken = -1
    let saleUnderVoid = -1
    // the key is terminal + transaction date + trace: on a terminal whose traces restart every day
    // another day's row with the same trace is another transaction; elsewhere a row of the same
    // day still beats one a day off (the tolerance covers files whose dates drift)
    const exactDay = by === 'trace' && sDay !== NO_DAY && J.restarts.has(tid)
    for (let j = exactDay ? J.sameDayFirst(tid, key, sDay) : J.first(tid, by, key); j !== NONE; j = exactDay ? J.sameDayNext(key, sDay, j) : J.nextOf(by, j)) {
      const jDay = J.day[j]!
      if (exactDay ? jDay !== sDay : !near(jDay, sDay, tolerance)) continue
      const jt = J.type[j]!
      const compatible = jt === sType || sType === T_OTHER || jt === T_OTHER || (cancels && (jt === T_VOID || jt === T_REVERSAL))
      if (!compatible) {
        // some acquirers list the void under the original sale's voucher number
        if (cancels && jt === T_SALE) saleUnderVoid = Math.max(saleUnderVoid, j)
        continue
      }
      if (J.matched(j)) {
        taken = Math.max(taken, j)
        continue
      }
      const score = (J.amount[j] === amount ? 10 : 0) - Math.abs((jDay === NO_DAY ? 0 : jDay) - (day ?? 0))
      // chains run newest first: equal scores go to the earliest journal row, whatever the order
      if (score > bestScore) {
        best = j
        bestScore = score
        ties = 0
      } else if (score === bestScore) {
        ties++
        if (j < best) best = j
      }
    }
    if (best >= 0) {
      J.setMatch(best, b, k, fi)
      // several journal rows fit this settlement row equally: matched to the first, and said so
      if (ties > 0) J.flags[best]! |= FLAG.ambiguousMatch
      const jt = J.type[best]!
      if (jt === T_VOID || jt === T_REVERSAL) {
        // the sale this void cancels (linked in the journal) nets out
        if (J.link[best] !== NONE) J.flags[J.link[best]!]! |= FLAG.voidSettled
      }
      return
    }
    if (saleUnderVoid >= 0) {
      J.flags[saleUnderVoid]! |= FLAG.voidSettled
      return settlementOnly(b, k, fi, 'settled', 'void-netted', saleUnderVoid)
    }
    // the journal lacks the void record itself, but knows the sale it cancels
    if (namedSale >= 0) return settlementOnly(b, k, fi, 'settled', 'void-netted', namedSale)
    if (taken >= 0) return settlementOnly(b, k, fi, 'unknown-to-terminal', 'settled-twice', taken)
    if (day !== null && jMin[tid] !== Infinity) {
      if (t < jMin[tid]! - tolerance * DAY || t > jMax[tid]! + tolerance * DAY) return settlementOnly(b, k, fi, 'out-of-range', 'outside-journal-period')
    }
    settlementOnly(b, k, fi, 'unknown-to-terminal', 'not-in-journal')
  }

  settlementFileNames.push(...opts.settlementFiles)
  const sLayouts: ImportLayout[] = []
  try {
    // progress events a worker sent while the journal was read arrive now, in order
    for await (const e of settlementLane) {
      if (e.type === 'layout') sLayouts[e.file] = e.layout
      else if (e.type === 'block') {
        const tidOf = new Int32Array(e.block.strings.length).fill(UNSEEN)
        for (let k = 0; k < e.block.n; k++) onSettlement(e.block, k, e.file, tidOf)
        const wait = opts.sink?.backpressure()
        if (wait) await wait
      } else if (e.type === 'progress') opts.onProgress?.(opts.settlementFiles[e.file]!, e.bytes, e.total)
      else settlementReports.push(report(sLayouts[e.file]!, e.stats, e.filteredOut))
    }
  } catch (err) {
    await settlementLane.stop()
    throw err
  }

  // ---- 3. classify every journal row ----
  // per (terminal, batch): approved rows and how many of them the settlement knows
  const batches = new Map<number, {approved: number; matched: number}>()
  const batchKey = (i: number) => J.tid[i]! * 10_000_000 + (J.batch[i]! + 1)
  for (let i = 0; i < J.size; i++) {
    if (J.batch[i]! < 0 || !standing(J, i)) continue
    const k = batchKey(i)
    let b = batches.get(k)
    if (!b) batches.set(k, (b = {approved: 0, matched: 0}))
    b.approved++
    if (J.matched(i)) b.matched++
  }

  for (let i = 0; i < J.size; i++) {
    const {category, reason} = classifyJournal(i)
    emitJournal(i, category, reason)
    if ((i & 1023) === 1023) {
      const wait = opts.sink?.backpressure()
      if (wait) await wait
    }
  }

  function classifyJournal(i: number): {category: Category; reason: Reason} {
    const type = J.typeOf(i)
    const state = J.stateOf(i)
    const matched = J.matched(i)
    const status = J.statusOf(i)
    if (type === 'void' || type === 'reversal') {
      if (!matched) return {category: 'not-expected', reason: 'cancel-record'}
      return amountsAgree(i) ? {category: 'settled', reason: 'ok'} : {category: 'amount-mismatch', reason: mismatchReason(i)}
    }
    if (state === 'declined' || state === 'voided' || state === 'reversed') {
      if (!matched || status === 'failed') return {category: 'not-expected', reason: state}
      if (state === 'voided' && J.flags[i]! & FLAG.voidSettled) return {category: 'settled', reason: 'void-netted'}
      return {category: 'reversed-but-settled', reason: state === 'voided' ? 'void-not-received' : state === 'reversed' ? 'reversal-not-received' : 'declined-but-settled'}
    }
    if (matched) {
      if (status === 'held') return {category: 'missing', reason: 'risk-hold'}
      if (status === 'failed') return {category: 'missing', reason: 'acquirer-rejected'}
      if (!amountsAgree(i)) return {category: 'amount-mismatch', reason: mismatchReason(i)}
      if (status === 'pending') return {category: 'in-window', reason: 'acquirer-pending'}
      return {category: 'settled', reason: 'ok'}
    }
    // approved, and the settlement does not have it
    if (J.batchOpen[i] === 1) return {category: 'missing', reason: 'eod-not-done'}
    const day = J.dayOf(i)
    const tid = J.tid[i]!
    if (day !== null && sFrom !== Infinity) {
      if (day < sFrom) return {category: 'out-of-range', reason: 'before-settlement-period'}
      const cutoff = sMaxByTid[tid] !== -Infinity ? sMaxByTid[tid]! : sTo * DAY + DAY - 1
      const t = day * DAY + Math.max(0, J.sec[i]!)
      if (t > cutoff) {
        return day <= nextBusinessDay(Math.floor(cutoff / DAY)) ? {category: 'in-window', reason: 'after-cutoff'} : {category: 'out-of-range', reason: 'after-settlement-period'}
      }
    }
    if (sMaxByTid[tid] === -Infinity) return {category: 'missing', reason: 'wrong-terminal-or-account'}
    const b = J.batch[i]! >= 0 ? batches.get(batchKey(i)) : undefined
    if (b && b.matched === 0 && b.approved >= 2) return {category: 'missing', reason: 'batch-not-received'}
    return {category: 'missing', reason: 'reversed-or-held'}
  }

  function amountsAgree(i: number): boolean {
    return J.amount[i] === J.mAmount[i]
  }

  function mismatchReason(i: number): Reason {
    const fee = J.mFee[i]!
    if (!Number.isNaN(fee) && fee > 0 && J.mAmount[i]! + fee === J.amount[i]) return 'fee-netted'
    const a = J.currencyOf(i)
    const b = J.matchCurrency(i)
    if (a !== '' && b !== '' && a !== b) return 'currency-differs'
    return 'amount-differs'
  }

  function emitJournal(i: number, category: Category, reason: Reason): void {
    const matched = J.matched(i)
    const sign = SIGN[J.typeOf(i)]
    const jCents = standing(J, i) ? sign * J.amount[i]! : 0
    const sCents = matched && J.statusOf(i) === 'settled' ? sign * J.mAmount[i]! : 0
    emit(category, J.dayOf(i), jCents, sCents, () => journalItem(i, category, reason))
  }

  function journalItem(i: number, category: Category, reason: Reason): ReconItem {
    const r = J.record(i)
    const matched = J.matched(i)
    const currency = r.currency || (matched ? J.matchCurrency(i) : '')
    const sAmount = matched ? J.mAmount[i]! : null
    const sDay = J.settlementDayOf(i)
    const tid = J.tid[i]!
    const cutoffT = sMaxByTid[tid] !== -Infinity ? sMaxByTid[tid]! : sTo === -Infinity ? NaN : sTo * DAY + DAY - 1
    const p: ReasonParams = {
      ...recordParams(r),
      expectedDate: r.day === null ? '?' : dayToIso(nextBusinessDay(r.day)),
      cutoff: Number.isNaN(cutoffT) ? '?' : `${dayToIso(Math.floor(cutoffT / DAY))} ${secondsToTime(cutoffT % DAY)}`,
      journalAmount: money(r.amountCents, currency),
      settlementAmount: sAmount === null ? '' : money(sAmount, currency),
      difference: sAmount === null ? '' : money(sAmount - r.amountCents, currency),
      fee: Number.isNaN(J.mFee[i]!) ? '' : money(J.mFee[i]!, currency),
      settlementDate: sDay === null ? '' : dayToIso(sDay),
      settlementFrom: sFrom === Infinity ? '?' : dayToIso(sFrom),
      settlementTo: sTo === -Infinity ? '?' : dayToIso(sTo),
    }
    const notes: string[] = []
    const f = J.flags[i]!
    if (f & FLAG.authDiffers) notes.push(lang === 'zh-CN' ? '授权码与结算文件不一致' : 'auth code differs from the settlement file')
    if (f & FLAG.panDiffers) notes.push(lang === 'zh-CN' ? '卡号后四位与结算文件不一致' : 'card last four differ from the settlement file')
    if (f & FLAG.duplicateKey) notes.push(lang === 'zh-CN' ? '流水中凭证号重复' : 'trace number appears twice in the journal')
    if (f & FLAG.ambiguousMatch) notes.push(lang === 'zh-CN' ? '结算记录可对应多笔终端交易(同终端、同日、同凭证号)：请核对是哪一笔' : 'the settlement row fits more than one journal record (same terminal, day and trace): check which one was paid')
    if (f & FLAG.ambiguousCancel) notes.push(lang === 'zh-CN' ? '此撤销/冲正可对应多笔原交易，未关联' : 'this void/reversal fits several sales equally: not linked')
    if (f & FLAG.orphanCancel) notes.push(lang === 'zh-CN' ? '原交易不在终端流水中' : 'its original sale is not in the journal')
    const link = J.link[i]!
    if (link !== NONE) notes.push(lang === 'zh-CN' ? `撤销的是第 ${J.line[link]} 行的交易` : `cancels the sale on line ${J.line[link]}`)
    return reconItem(r, category, reason, lang, p, {
      journalState: r.state,
      journalAmountCents: r.amountCents,
      settlementAmountCents: sAmount,
      differenceCents: sAmount === null ? null : sAmount - r.amountCents,
      currency: currency || null,
      rrn: r.rrn || (matched ? J.matchRrn(i) : '') || null,
      settlementStatus: J.statusOf(i),
      settlementDate: sDay === null ? null : dayToIso(sDay),
      journal: {file: opts.journalFiles[J.file[i]!]!, line: r.line},
      settlement: matched ? {file: settlementFileNames[J.mFile[i]!]!, line: J.mLine[i]!} : null,
      notes,
    })
  }

  let payouts: PayoutReport | undefined
  if (opts.payouts && payoutTotals) {
    payouts = await reconcilePayouts(opts.payouts.file, payoutTotals.list(), opts.payouts.calendar, lang)
    if (payoutTotals.undated > 0) notes.push(lang === 'zh-CN' ? `${payoutTotals.undated} 条已清算记录没有清算日期，未计入到账核对` : `${payoutTotals.undated} settled row(s) without a settlement date are left out of the payout check`)
  }
  const payoutExceptions = payouts ? [...PAYOUT_EXCEPTIONS].reduce((n, c) => n + payouts!.counts[c], 0) : 0
  const exceptions = CATEGORIES.filter((c) => EXCEPTIONS.has(c)).reduce((n, c) => n + byCategory[c].count, 0)
  const filter = opts.dateFrom !== undefined || opts.dateTo !== undefined ? {from: opts.dateFrom === undefined ? null : dayToIso(opts.dateFrom), to: opts.dateTo === undefined ? null : dayToIso(opts.dateTo)} : null
  return {
    schema: 'posdoc.recon/1',
    verdict: exceptions > 0 || payoutExceptions > 0 ? 'exceptions' : 'reconciled',
    journal: journalReports,
    settlement: settlementReports,
    period: {
      journal: jFrom === Infinity ? null : {from: dayToIso(jFrom), to: dayToIso(jTo)},
      settlement: sFrom === Infinity ? null : {from: dayToIso(sFrom), to: dayToIso(sTo)},
      filter,
    },
    options: {toleranceDays: tolerance},
    totals: {records, exceptions, byCategory},
    byDay: [...byDay.entries()]
      .sort((a, b) => a[0] - b[0])
      .map(([day, d]) => ({date: day === -1 ? 'unknown' : dayToIso(day), counts: d.counts, journalCents: d.journalCents, settlementCents: d.settlementCents, differenceCents: d.settlementCents - d.journalCents})),
    items: items.sort(itemOrder),
    itemsTruncated,
    notes,
    ...(payouts ? {payouts} : {}),
  }
}

/** The fields of an item that depend on which side it comes from (and on the other side). */
type SideFields = Pick<ReconItem, 'journalState' | 'journalAmountCents' | 'settlementAmountCents' | 'differenceCents' | 'currency' | 'rrn' | 'settlementStatus' | 'settlementDate' | 'journal' | 'settlement' | 'notes'>

/** One classified record as shown: the record's own fields, its verdict in words, and the side fields. */
function reconItem(r: TxRecord, category: Category, reason: Reason, lang: Lang, p: ReasonParams, side: SideFields): ReconItem {
  const x = explainRecordCode(r, lang)
  return {
    category,
    reason,
    categoryText: tr(categoryText[category], lang),
    explanation: tr(reasonText[reason].why, lang)(p),
    ask: tr(reasonText[reason].ask, lang)(p),
    date: r.day === null ? null : dayToIso(r.day),
    time: r.sec >= 0 ? secondsToTime(r.sec) : null,
    terminalId: r.terminalId,
    traceNumber: r.traceNumber,
    receiptNumber: r.receiptNumber,
    batchNumber: r.batchNumber,
    type: r.type,
    // in the order of ReconItem (the order JSON output shows)
    journalState: side.journalState,
    journalAmountCents: side.journalAmountCents,
    settlementAmountCents: side.settlementAmountCents,
    differenceCents: side.differenceCents,
    currency: side.currency,
    panMasked: r.panMasked || null,
    authCode: r.authCode || null,
    rrn: side.rrn,
    settlementStatus: side.settlementStatus,
    settlementDate: side.settlementDate,
    resultCode: r.resultCode || null,
    resultText: x.text || null,
    resultAdvice: x.advice || null,
    journal: side.journal,
    settlement: side.settlement,
    notes: side.notes,
  }
}

/** An approved sale/refund/other that should be paid out. */
function standing(J: JournalIndex, i: number): boolean {
  const t = J.typeOf(i)
  const s = J.stateOf(i)
  return (t === 'sale' || t === 'refund' || t === 'other') && (s === 'approved' || s === 'unknown')
}

/** Two civil days (NO_DAY when unknown) within the tolerance; an unknown day is near anything. */
function near(a: number, b: number, tolerance: number): boolean {
  return a === NO_DAY || b === NO_DAY || Math.abs(a - b) <= tolerance
}

/** Workers for big files on a machine with a second core (or when asked to). */
async function useWorkers(opts: ReconOptions): Promise<boolean> {
  const want = opts.parallel ?? 'auto'
  if (want === false) return false
  if (want === true) return true
  if (availableParallelism() < 2 || opts.journalFiles.length === 0 || opts.settlementFiles.length === 0 || !workerScript()) return false
  let bytes = 0
  for (const f of [...opts.journalFiles, ...opts.settlementFiles]) bytes += await stat(f).then((st) => st.size, () => 0)
  return bytes >= PARALLEL_MIN_BYTES
}

function money(cents: number, currency: string): string {
  return `${formatCents(cents)}${currency ? ` ${currency}` : ''}`
}

function blankParams(): ReasonParams {
  return {
    terminalId: '',
    traceNumber: '',
    batchNumber: '',
    date: '',
    expectedDate: '',
    cutoff: '',
    journalAmount: '',
    settlementAmount: '',
    difference: '',
    fee: '',
    settlementDate: '',
    settlementFrom: '',
    settlementTo: '',
    journalFrom: '',
    journalTo: '',
  }
}

function report(layout: ImportLayout, stats: ImportStats, filteredOut: number): ReconFileReport {
  return {...layout, rows: stats.rows, usable: stats.usable, bad: stats.bad, summaryRows: stats.summaryRows, blankRows: stats.blankRows, badRows: stats.badRows, filteredOut}
}

const ORDER: Readonly<Record<Category, number>> = {
  'reversed-but-settled': 0,
  missing: 1,
  'amount-mismatch': 2,
  'unknown-to-terminal': 3,
  'in-window': 4,
  settled: 5,
  'not-expected': 6,
  'out-of-range': 7,
}

function itemOrder(a: ReconItem, b: ReconItem): number {
  return ORDER[a.category] - ORDER[b.category] || (a.date ?? '').localeCompare(b.date ?? '') || (a.time ?? '').localeCompare(b.time ?? '')
}

