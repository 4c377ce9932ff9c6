/**
 * The terminal side of a reconciliation, held column-wise in typed arrays (~150 bytes a record)
 * with an open-addressing hash on (terminal ID, trace number) — and on receipt number when a
 * settlement file has no trace column. A million journal rows fit in about 150 MB; the
 * settlement side is streamed past it and never held.
 */
import {blockSideRefs, NO_DAY, NONE, panText, splitCode, unpackRef, type RecordBlock} from './record-block.js'
import {emptyRecord, SETTLEMENT_STATUSES, TX_STATES, TX_TYPES, type SettlementStatus, type TxRecord, type TxState, type TxType} from './record.js'

/** String ↔ small integer (terminal IDs, currencies, card types, codes repeat a lot). */
class Interner {
  private readonly ids = new Map<string, number>()
  readonly values: string[] = []
  // consecutive rows mostly repeat the last value (one merchant, one currency)
  private last: string | undefined
  private lastId = -1
  id(s: string): number {
    if (s === this.last) return this.lastId
    let id = this.ids.get(s)
    if (id === undefined) {
      id = this.values.length
      this.values.push(s)
      this.ids.set(s, id)
    }
    this.last = s
    this.lastId = id
    return id
  }
  find(s: string): number | undefined {
    return this.ids.get(s)
  }
  get size(): number {
    return this.values.length
  }
}

/** Bits of `flags`. */
export const FLAG = {
  /** the settlement also lists a void/reversal of this sale (it nets out) */
  voidSettled: 1,
  /** matched, but the auth codes differ */
  authDiffers: 2,
  /** matched, but the card's last four differ */
  panDiffers: 4,
  /** the journal holds another record with the same terminal, trace and day */
  duplicateKey: 8,
  /** a void/reversal that several sales of its terminal and day fit equally: left unlinked, reported */
  ambiguousCancel: 16,
  /** a void/reversal whose original sale is not in the journal */
  orphanCancel: 32,
  /** a settlement row fitted this record and another journal row equally well */
  ambiguousMatch: 64,
} as const

type Growable = Int32Array | Float64Array | Uint8Array | Int8Array | Int16Array

export class JournalIndex {
  size = 0
  private cap: number
  readonly tids = new Interner()
  private readonly strings = new Interner()
  private readonly sideRefs = new Map<number, string>()
  private readonly sideMatchRefs = new Map<number, string>()

  // journal columns
  tid: Int32Array
  trace: Int32Array
  receipt: Int32Array
  batch: Int32Array
  turnover: Int32Array
  origTrace: Int32Array
  day: Int32Array
  sec: Int32Array
  line: Int32Array
  amount: Float64Array
  auth: Float64Array
  rrn: Float64Array
  currency: Int32Array
  cardType: Int32Array
  merchant: Int32Array
  code: Int32Array
  /** masked PAN as BIN (or -1), last four (or -1) and length */
  panFirst6: Int32Array
  panLast4: Int16Array
  panLength: Uint8Array
  type: Uint8Array
  state: Uint8Array
  batchOpen: Int8Array
  file: Uint8Array
  // what the settlement said (match columns)
  mLine: Int32Array
  mFile: Uint8Array
  mAmount: Float64Array
  mFee: Float64Array
  mStatus: Int8Array
  mSettleDay: Int32Array
  mRrn: Float64Array
  mCurrency: Int32Array
  flags: Uint8Array
  /** void/reversal row → the sale it cancels (NONE: not linked), set by linkCancels() */
  link: Int32Array
  /** trace and day in one key (see dayHash); NONE when either is missing or the trace is too big */
  traceDay: Int32Array

  /** (terminal, trace) → rows, kept as the blocks come in */
  private readonly traceHash: KeyHash
  /**
   * (terminal, trace + day) → rows: the key on terminals whose traces restart every day, where
   * the trace chain holds one row per day (30 and more). `traceDay` packs trace (< 2^20) and the
   * day modulo 2048 into one int32; the day is compared on every hit.
   */
  private readonly dayHash: KeyHash
  /** (terminal, receipt number) → rows, built on first use (settlement files without a trace column) */
  private receiptHash: KeyHash | undefined
  /** terminals whose trace numbers repeat on other days (they restart daily): matched on the exact day */
  readonly restarts = new Set<number>()
  /** journal rows with an earlier row of the same terminal, trace number and day (a counter reset, a doubled line) */
  duplicateKeys = 0
  /** per terminal: first and last transaction time (seconds since the epoch, local), Infinity / -Infinity when none has a date */
  readonly firstTime: number[] = []
  readonly lastTime: number[] = []
  /** first and last civil day of the journal (Infinity / -Infinity: no dates) */
  dayFrom = Infinity
  dayTo = -Infinity

  constructor(expected = 1024) {
    this.cap = Math.max(64, Math.ceil(expected))
    const c = this.cap
    this.tid = new Int32Array(c)
    this.trace = new Int32Array(c)
    this.receipt = new Int32Array(c)
    this.batch = new Int32Array(c)
    this.turnover = new Int32Array(c)
    this.origTrace = new Int32Array(c)
    this.day = new Int32Array(c)
    this.sec = new Int32Array(c)
    this.line = new Int32Array(c)
    this.amount = new Float64Array(c)
    this.auth = new Float64Array(c)
    this.rrn = new Float64Array(c)
    this.currency = new Int32Array(c)
    this.cardType = new Int32Array(c)
    this.merchant = new Int32Array(c)
    this.code = new Int32Array(c)
    this.panFirst6 = new Int32Array(c)
    this.panLast4 = new Int16Array(c)
    this.panLength = new Uint8Array(c)
    this.type = new Uint8Array(c)
    this.state = new Uint8Array(c)
    this.batchOpen = new Int8Array(c)
    this.file = new Uint8Array(c)
    this.mLine = new Int32Array(c)
    this.mFile = new Uint8Array(c)
    this.mAmount = new Float64Array(c)
    this.mFee = new Float64Array(c)
    this.mStatus = new Int8Array(c)
    this.mSettleDay = new Int32Array(c)
    this.mRrn = new Float64Array(c)
    this.mCurrency = new Int32Array(c)
    this.flags = new Uint8Array(c)
    this.link = new Int32Array(c).fill(NONE)
    this.traceHash = new KeyHash(c)
    // one key per row, almost: sized for all of them (no rehash on the way)
    this.dayHash = new KeyHash(c, c)
    this.traceDay = new Int32Array(c)
  }

  private static readonly COLUMNS = [
    'tid', 'trace', 'receipt', 'batch', 'turnover', 'origTrace', 'day', 'sec', 'line', 'amount', 'auth', 'rrn', 'currency', 'cardType', 'merchant', 'code', 'panFirst6', 'panLast4', 'panLength',
    'type', 'state', 'batchOpen', 'file', 'mLine', 'mFile', 'mAmount', 'mFee', 'mStatus', 'mSettleDay', 'mRrn', 'mCurrency', 'flags', 'link', 'traceDay',
  ] as const

  private grow(): void {
    const cap = Math.ceil(this.cap * 1.5)
    for (const k of JournalIndex.COLUMNS) {
      const old = this[k] as Growable
      const next = new (old.constructor as new (n: number) => Growable)(cap)
      if (k === 'link') next.fill(NONE)
      next.set(old)
      ;(this as unknown as Record<string, Growable>)[k] = next
    }
    this.cap = cap
    this.traceHash.reserve(cap)
    this.dayHash.reserve(cap)
  }

  private text(id: number): string {
    return this.strings.values[id] ?? ''
  }

  /**
   * Append a block of journal rows (from the file with index `file`): columns are copied as they
   * are, dictionary ids are mapped onto the index's own, once per distinct string of the block.
   */
  appendBlock(b: RecordBlock, file: number): void {
    const n = b.n
    while (this.size + n > this.cap) this.grow()
    const at = this.size
    for (const k of ['trace', 'receipt', 'batch', 'turnover', 'origTrace', 'day', 'sec', 'line', 'amount', 'auth', 'rrn', 'panFirst6', 'panLast4', 'panLength', 'type', 'state', 'batchOpen'] as const) {
      ;(this[k] as Growable).set((b[k] as Growable).subarray(0, n), at)
    }
    const strings = b.strings.map((v) => this.strings.id(v))
    const tids = new Int32Array(b.strings.length).fill(NONE)
    for (let k = 0; k < n; k++) {
      const d = b.tid[k]!
      this.tid[at + k] = tids[d] !== NONE ? tids[d]! : (tids[d] = this.tids.id(b.strings[d]!))
      this.currency[at + k] = strings[b.currency[k]!]!
      this.cardType[at + k] = strings[b.cardType[k]!]!
      this.merchant[at + k] = strings[b.merchant[k]!]!
      this.code[at + k] = strings[b.code[k]!]!
    }
    for (const [key, text] of b.sideRefs) this.sideRefs.set(key + at * 2, text)
    this.file.fill(file, at, at + n)
    this.mLine.fill(NONE, at, at + n)
    this.mStatus.fill(NONE, at, at + n)
    this.mSettleDay.fill(NO_DAY, at, at + n)
    this.mFee.fill(NaN, at, at + n)
    this.link.fill(NONE, at, at + n)
    this.size += n
    for (let i = at; i < at + n; i++) this.indexRow(i)
  }

  /** Row i into the trace hash, the terminal's coverage and the duplicate check. */
  private indexRow(i: number): void {
    const tid = this.tid[i]!
    const day = this.day[i]!
    while (this.firstTime.length <= tid) {
      this.firstTime.push(Infinity)
      this.lastTime.push(-Infinity)
    }
    if (day !== NO_DAY) {
      const t = day * 86_400 + Math.max(0, this.sec[i]!)
      if (t < this.firstTime[tid]!) this.firstTime[tid] = t
      if (t > this.lastTime[tid]!) this.lastTime[tid] = t
      if (day < this.dayFrom) this.dayFrom = day
      if (day > this.dayTo) this.dayTo = day
    }
    const trace = this.trace[i]!
    if (trace === NONE) return
    const previous = this.traceHash.insert(i, tid, trace, this.tid, this.trace)
    const td = traceDayKey(trace, day)
    this.traceDay[i] = td
    if (td === NONE) {
      // no day (or a huge trace): the trace chain is all there is
      for (let j = previous; j !== NONE; j = this.traceHash.next[j]!) if (this.day[j] === day) return this.markDuplicate(i, j)
      return
    }
    // the same trace on another day (the latest row with a day decides): this terminal restarts its traces
    if (!this.restarts.has(tid)) {
      for (let j = previous; j !== NONE; j = this.traceHash.next[j]!) {
        if (this.day[j] === NO_DAY) continue
        if (this.day[j] !== day) this.restarts.add(tid)
        break
      }
    }
    // the same terminal, trace and day before: both rows are marked (one earlier partner is enough to find)
    for (let j = this.dayHash.insert(i, tid, td, this.tid, this.traceDay); j !== NONE; j = this.dayHash.next[j]!) if (this.day[j] === day) return this.markDuplicate(i, j)
  }

  private markDuplicate(i: number, j: number): void {
    this.duplicateKeys++
    this.flags[i]! |= FLAG.duplicateKey
    this.flags[j]! |= FLAG.duplicateKey
  }

  /** Rows of this terminal, trace and day (newest first, then sameDayNext()); other days may follow (check the day). */
  sameDayFirst(tid: number, trace: number, day: number): number {
    const td = traceDayKey(trace, day)
    return td === NONE ? this.first(tid, 'trace', trace) : this.dayHash.find(tid, td, this.tid, this.traceDay)
  }

  sameDayNext(trace: number, day: number, row: number): number {
    return traceDayKey(trace, day) === NONE ? this.nextOf('trace', row) : this.dayHash.next[row]!
  }

  /**
   * Link every approved void / reversal to the sale it cancels, on the same terminal and business
   * day: by the original trace number the export gives (Orig Trace No, 原流水号, 原凭证号), else by
   * the RRN, else by auth code and amount. The sale becomes voided (reversed); a cancel that several
   * sales fit equally is left unlinked and flagged (reported, not guessed), one whose sale is not
   * in the journal is flagged too. Runs once, after the whole journal is in.
   */
  linkCancels(): {linked: number; ambiguous: number; orphans: number} {
    const T_SALE = TX_TYPES.indexOf('sale')
    const T_VOID = TX_TYPES.indexOf('void')
    const T_REVERSAL = TX_TYPES.indexOf('reversal')
    const S_APPROVED = TX_STATES.indexOf('approved')
    const S_UNKNOWN = TX_STATES.indexOf('unknown')
    const S_VOIDED = TX_STATES.indexOf('voided')
    const S_REVERSED = TX_STATES.indexOf('reversed')
    const S_DECLINED = TX_STATES.indexOf('declined')
    let linked = 0
    let ambiguous = 0
    let orphans = 0
    let byRef: Map<string, number[]> | undefined
    const refKey = (i: number, what: 'rrn' | 'auth') => `${this.tid[i]}|${this.day[i]}|${what === 'rrn' ? unpackRef(this.rrn[i]!, this.sideRefs, i * 2 + 1) : `${this.authCode(i)}|${this.amount[i]}`}`
    const refs = (): Map<string, number[]> => {
      if (byRef) return byRef
      byRef = new Map()
      for (let j = 0; j < this.size; j++) {
        if (this.type[j] !== T_SALE) continue
        for (const what of ['rrn', 'auth'] as const) {
          if ((what === 'rrn' ? this.rrn[j] : this.auth[j]) === 0) continue
          const k = `${what}|${refKey(j, what)}`
          const list = byRef.get(k)
          if (list) list.push(j)
          else byRef.set(k, [j])
        }
      }
      return byRef
    }
    for (let i = 0; i < this.size; i++) {
      const t = this.type[i]!
      if (t !== T_VOID && t !== T_REVERSAL) continue
      if (this.state[i] !== S_APPROVED && this.state[i] !== S_UNKNOWN) continue
      let candidates: number[] = []
      const orig = this.origTrace[i]!
      if (orig !== NONE) {
        for (let j = this.first(this.tid[i]!, 'trace', orig); j !== NONE; j = this.nextOf('trace', j)) if (this.type[j] === T_SALE && this.day[j] === this.day[i]) candidates.push(j)
      } else {
        if (this.rrn[i] !== 0) candidates = (refs().get(`rrn|${refKey(i, 'rrn')}`) ?? []).filter((j) => j !== i)
        if (candidates.length === 0 && this.auth[i] !== 0) candidates = (refs().get(`auth|${refKey(i, 'auth')}`) ?? []).filter((j) => j !== i)
      }
      // still standing, and when several: the one of the same amount
      candidates = candidates.filter((j) => this.state[j] !== S_DECLINED)
      if (candidates.length > 1) {
        const same = candidates.filter((j) => this.amount[j] === this.amount[i])
        if (same.length > 0) candidates = same
      }
      if (candidates.length === 0) {
        orphans++
        this.flags[i]! |= FLAG.orphanCancel
      } else if (candidates.length > 1) {
        ambiguous++
        this.flags[i]! |= FLAG.ambiguousCancel
      } else {
        const j = candidates[0]!
        this.link[i] = j
        this.state[j] = t === T_VOID ? S_VOIDED : S_REVERSED
        linked++
      }
    }
    return {linked, ambiguous, orphans}
  }

  /**
   * The newest row with this terminal and trace (or receipt) number, NONE if there is none; older
   * ones follow with nextOf(). A loop, not an array: this runs once per settlement row.
   */
  first(tid: number, by: 'trace' | 'receipt', num: number): number {
    return this.hashFor(by).find(tid, num, this.tid, by === 'trace' ? this.trace : this.receipt)
  }

  nextOf(by: 'trace' | 'receipt', row: number): number {
    return this.hashFor(by).next[row]!
  }

  private hashFor(by: 'trace' | 'receipt'): KeyHash {
    if (by === 'trace') return this.traceHash
    if (!this.receiptHash) {
      const h = new KeyHash(this.size)
      for (let i = 0; i < this.size; i++) if (this.receipt[i] !== NONE) h.insert(i, this.tid[i]!, this.receipt[i]!, this.tid, this.receipt)
      this.receiptHash = h
    }
    return this.receiptHash
  }

  /** Store what settlement row k of block b (file `file`) says about journal row i. */
  setMatch(i: number, b: RecordBlock, k: number, file: number): void {
    this.mLine[i] = b.line[k]!
    this.mFile[i] = file
    this.mAmount[i] = b.amount[k]!
    this.mFee[i] = b.fee[k]!
    this.mStatus[i] = b.status[k] === NONE ? 0 : b.status[k]!
    this.mSettleDay[i] = b.settleDay[k]!
    const rrn = b.rrn[k]!
    this.mRrn[i] = rrn
    if (Number.isNaN(rrn)) this.sideMatchRefs.set(i, blockSideRefs(b).get(k * 2 + 1) ?? '')
    this.mCurrency[i] = this.strings.id(b.strings[b.currency[k]!]!)
    const a = this.auth[i]!
    const sa = b.auth[k]!
    // packed refs compare as numbers; only unpackable ones need their text
    if (a !== 0 && sa !== 0 && (Number.isNaN(a) || Number.isNaN(sa) ? this.authCode(i) !== unpackRef(sa, blockSideRefs(b), k * 2) : a !== sa)) {
      this.flags[i]! |= FLAG.authDiffers
    }
    const last4 = this.panLength[i]! >= 4 ? this.panLast4[i]! : NONE
    const sLast4 = b.panLength[k]! >= 4 ? b.panLast4[k]! : NONE
    if (last4 !== NONE && sLast4 !== NONE && last4 !== sLast4) this.flags[i]! |= FLAG.panDiffers
  }

  matched(i: number): boolean {
    return this.mLine[i] !== NONE
  }

  typeOf(i: number): TxType {
    return TX_TYPES[this.type[i]!]!
  }

  stateOf(i: number): TxState {
    return TX_STATES[this.state[i]!]!
  }

  statusOf(i: number): SettlementStatus | null {
    const s = this.mStatus[i]!
    return s === NONE ? null : SETTLEMENT_STATUSES[s]!
  }

  dayOf(i: number): number | null {
    const d = this.day[i]!
    return d === NO_DAY ? null : d
  }

  settlementDayOf(i: number): number | null {
    const d = this.mSettleDay[i]!
    return d === NO_DAY ? null : d
  }

  authCode(i: number): string {
    return unpackRef(this.auth[i]!, this.sideRefs, i * 2)
  }

  panMasked(i: number): string {
    return panText(this.panFirst6[i]!, this.panLast4[i]!, this.panLength[i]!)
  }

  currencyOf(i: number): string {
    return this.text(this.currency[i]!)
  }

  matchCurrency(i: number): string {
    return this.text(this.mCurrency[i]!)
  }

  matchRrn(i: number): string {
    return unpackRef(this.mRrn[i]!, this.sideMatchRefs, i)
  }

  /** The journal record back as a TxRecord (for output). */
  record(i: number): TxRecord {
    const r = emptyRecord(this.line[i]!)
    const n = (v: number) => (v === NONE ? null : v)
    r.terminalId = this.tids.values[this.tid[i]!]!
    r.traceNumber = n(this.trace[i]!)
    r.receiptNumber = n(this.receipt[i]!)
    r.batchNumber = n(this.batch[i]!)
    r.turnoverNumber = n(this.turnover[i]!)
    r.originalTraceNumber = n(this.origTrace[i]!)
    r.day = this.dayOf(i)
    r.sec = this.sec[i]!
    r.amountCents = this.amount[i]!
    r.authCode = this.authCode(i)
    r.rrn = unpackRef(this.rrn[i]!, this.sideRefs, i * 2 + 1)
    r.currency = this.currencyOf(i)
    r.cardType = this.text(this.cardType[i]!)
    r.merchantId = this.text(this.merchant[i]!)
    Object.assign(r, splitCode(this.text(this.code[i]!)))
    r.panMasked = this.panMasked(i)
    r.type = this.typeOf(i)
    r.state = this.stateOf(i)
    const open = this.batchOpen[i]!
    r.batchOpen = open === NONE ? null : open === 1
    return r
  }

  /** Approximate bytes held (for the benchmark's curiosity and tests). */
  get bytes(): number {
    let b = 0
    for (const k of JournalIndex.COLUMNS) b += (this[k] as Growable).byteLength
    for (const h of [this.traceHash, this.dayHash, this.receiptHash]) b += h ? h.table.byteLength + h.next.byteLength : 0
    return b
  }
}

/** trace (< 2^20) and day modulo 2048 in one int32; NONE when there is no day or the trace is bigger. */
function traceDayKey(trace: number, day: number): number {
  if (day === NO_DAY || trace < 0 || trace >= 1 << 20) return NONE
  return (trace << 11) | (day & 2047)
}

function mix(a: number, b: number): number {
  let h = Math.imul(a ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(b, 0xc2b2ae35)
  h ^= h >>> 16
  h = Math.imul(h, 0x7feb352d)
  h ^= h >>> 15
  return h >>> 0
}


/**
 * Open-addressing hash on (terminal, key) over the index's own columns: slot → newest row + 1,
 * older rows with the same key chained behind it. Grows as rows come in (rehashing at half full).
 */
class KeyHash {
  table: Int32Array
  next: Int32Array
  private used = 0

  constructor(rows: number, keys = Math.ceil(rows / 2)) {
    // half the expected rows' worth of distinct keys before the first rehash (most keys are distinct)
    this.table = new Int32Array(tableSize(keys))
    this.next = new Int32Array(Math.max(64, rows)).fill(NONE)
  }

  /** Room for rows 0..rows-1 in `next`. */
  reserve(rows: number): void {
    if (rows <= this.next.length) return
    const next = new Int32Array(rows).fill(NONE)
    next.set(this.next)
    this.next = next
  }

  /** Add row i (rows come in ascending order); returns the previous newest row with its key, or NONE. */
  insert(i: number, tid: number, key: number, tids: Int32Array, keys: Int32Array): number {
    if (i >= this.next.length) this.reserve(Math.max(i + 1, Math.ceil(this.next.length * 1.5)))
    if ((this.used + 1) * 2 > this.table.length) this.rehash(tids, keys)
    const mask = this.table.length - 1
    let slot = mix(tid, key) & mask
    for (;;) {
      const head = this.table[slot]! - 1
      if (head === NONE) {
        this.table[slot] = i + 1
        this.used++
        return NONE
      }
      if (tids[head] === tid && keys[head] === key) {
        this.next[i] = head
        this.table[slot] = i + 1
        return head
      }
      slot = (slot + 1) & mask
    }
  }

  find(tid: number, key: number, tids: Int32Array, keys: Int32Array): number {
    const mask = this.table.length - 1
    let slot = mix(tid, key) & mask
    for (;;) {
      const head = this.table[slot]! - 1
      if (head === NONE) return NONE
      if (tids[head] === tid && keys[head] === key) return head
      slot = (slot + 1) & mask
    }
  }

  /** Twice the slots; only the chain heads move (each carries its chain along). */
  private rehash(tids: Int32Array, keys: Int32Array): void {
    const old = this.table
    this.table = new Int32Array(old.length * 2)
    const mask = this.table.length - 1
    for (let s = 0; s < old.length; s++) {
      const head = old[s]! - 1
      if (head === NONE) continue
      let slot = mix(tids[head]!, keys[head]!) & mask
      while (this.table[slot] !== 0) slot = (slot + 1) & mask
      this.table[slot] = head + 1
    }
  }
}

function tableSize(rows: number): number {
  let size = 1024
  while (size < rows * 2) size *= 2
  return size
}
