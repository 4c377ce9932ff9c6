/**
 * The terminal side of a reconciliation, held column-wise in typed arrays (~150 bytes a record)
 * with an open-addressing hash on (terminal ID, trace number) — and on receipt number when a
 * settlement file has no trace column. A million journal rows fit in about 150 MB; the
 * settlement side is streamed past it and never held.
 */
import type {CodeScheme} from '../knowledge/explain.js'
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

const ALNUM = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ'

/**
 * Short references (auth codes, RRNs) as one float64: digits-only up to 15 as 1<digits> (keeps
 * leading zeros), else upper-case alphanumerics up to 10 in base 37 (negative), else NaN and the
 * text goes to a side map. 0 = empty.
 */
function packRef(s: string): number {
  if (s === '' || s.length > 15) return s === '' ? 0 : NaN
  // digits: 1 followed by them (the leading 1 keeps leading zeros); 15 digits stay exact in a float64
  let digits = 1
  let alnum = 0
  for (let k = 0; k < s.length; k++) {
    const c = s.charCodeAt(k)
    if (c >= 48 && c <= 57) {
      digits = digits * 10 + (c - 48)
      alnum = alnum * 37 + (c - 47)
    } else if (c >= 65 && c <= 90) {
      digits = -1
      alnum = alnum * 37 + (c - 54)
      if (k >= 10) return NaN
    } else return NaN
    if (digits < 0 && k >= 10) return NaN
  }
  if (digits >= 0) return digits
  return s.length <= 10 ? -alnum : NaN
}

function unpackRef(v: number, side: Map<number, string>, row: number): string {
  if (v === 0) return ''
  if (Number.isNaN(v)) return side.get(row) ?? ''
  if (v > 0) return String(v).slice(1)
  let n = -v
  let s = ''
  while (n > 0) {
    s = ALNUM[(n % 37) - 1] + s
    n = Math.floor(n / 37)
  }
  return s
}

const NONE = -1
const NO_DAY = -2147483648

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
  mDay: Int32Array
  mSec: Int32Array
  mRrn: Float64Array
  mCurrency: Int32Array
  flags: Uint8Array

  private traceTable: Int32Array | undefined
  private traceNext: Int32Array | undefined
  private receiptTable: Int32Array | undefined
  private receiptNext: Int32Array | undefined

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
    this.mDay = new Int32Array(c)
    this.mSec = new Int32Array(c)
    this.mRrn = new Float64Array(c)
    this.mCurrency = new Int32Array(c)
    this.flags = new Uint8Array(c)
  }

  private static readonly COLUMNS = [
    'tid', 'trace', 'receipt', 'batch', 'turnover', 'origTrace', 'day', 'sec', 'line', 'amount', 'auth', 'rrn', 'currency', 'cardType', 'merchant', 'code', 'panFirst6', 'panLast4', 'panLength',
    'type', 'state', 'batchOpen', 'file', 'mLine', 'mFile', 'mAmount', 'mFee', 'mStatus', 'mSettleDay', 'mDay', 'mSec', 'mRrn', 'mCurrency', 'flags',
  ] as const

  private grow(): void {
    const cap = Math.ceil(this.cap * 1.5)
    for (const k of JournalIndex.COLUMNS) {
      const old = this[k] as Growable
      const next = new (old.constructor as new (n: number) => Growable)(cap)
      next.set(old)
      ;(this as unknown as Record<string, Growable>)[k] = next
    }
    this.cap = cap
  }

  /** Interned strings that repeat (currency, card type, merchant ID, result code). */
  private str(s: string): number {
    return this.strings.id(s)
  }

  private text(id: number): string {
    return this.strings.values[id] ?? ''
  }

  private lastCode: {scheme: CodeScheme; code: string; id: number} | undefined

  /** result code as "scheme:code" (interned; the string is built once per distinct code) */
  private codeId(scheme: CodeScheme, code: string): number {
    const last = this.lastCode
    if (last && last.code === code && last.scheme === scheme) return last.id
    const id = this.str(code === '' ? '' : `${scheme}:${code}`)
    this.lastCode = {scheme, code, id}
    return id
  }

  add(r: TxRecord, file: number): number {
    if (this.size === this.cap) this.grow()
    const i = this.size++
    this.tid[i] = this.tids.id(r.terminalId)
    this.trace[i] = r.traceNumber ?? NONE
    this.receipt[i] = r.receiptNumber ?? NONE
    this.batch[i] = r.batchNumber ?? NONE
    this.turnover[i] = r.turnoverNumber ?? NONE
    this.origTrace[i] = r.originalTraceNumber ?? NONE
    this.day[i] = r.day ?? NO_DAY
    this.sec[i] = r.sec
    this.line[i] = r.line
    this.amount[i] = r.amountCents
    this.auth[i] = packRef(r.authCode)
    if (Number.isNaN(this.auth[i])) this.sideRefs.set(i * 2, r.authCode)
    this.rrn[i] = packRef(r.rrn)
    if (Number.isNaN(this.rrn[i])) this.sideRefs.set(i * 2 + 1, r.rrn)
    this.currency[i] = this.str(r.currency)
    this.cardType[i] = this.str(r.cardType)
    this.merchant[i] = this.str(r.merchantId)
    this.code[i] = this.codeId(r.resultScheme, r.resultCode)
    this.panFirst6[i] = digitRun(r.panMasked, 0, 6)
    this.panLast4[i] = digitRun(r.panMasked, r.panMasked.length - 4, 4)
    this.panLength[i] = Math.min(255, r.panMasked.length)
    this.type[i] = TX_TYPES.indexOf(r.type)
    this.state[i] = TX_STATES.indexOf(r.state)
    this.batchOpen[i] = r.batchOpen === null ? NONE : r.batchOpen ? 1 : 0
    this.file[i] = file
    this.mLine[i] = NONE
    this.mStatus[i] = NONE
    this.mSettleDay[i] = NO_DAY
    this.mDay[i] = NO_DAY
    this.mFee[i] = NaN
    return i
  }

  /** Build the trace hash (call once, after the last add). */
  build(): void {
    const built = this.hash((i) => this.trace[i]!)
    this.traceTable = built.table
    this.traceNext = built.next
  }

  private hash(key: (i: number) => number): {table: Int32Array; next: Int32Array} {
    let size = 1024
    while (size < this.size * 2) size *= 2
    const table = new Int32Array(size)
    const next = new Int32Array(this.size).fill(NONE)
    const mask = size - 1
    for (let i = this.size - 1; i >= 0; i--) {
      const k = key(i)
      if (k === NONE) continue
      let slot = mix(this.tid[i]!, k) & mask
      for (;;) {
        const head = table[slot]! - 1
        if (head === NONE) {
          table[slot] = i + 1
          break
        }
        if (this.tid[head] === this.tid[i] && key(head) === k) {
          next[i] = head
          table[slot] = i + 1
          break
        }
        slot = (slot + 1) & mask
      }
    }
    return {table, next}
  }

  /** Every group of two or more rows sharing terminal and trace number (call after build()). */
  forEachTraceGroup(cb: (rows: number[]) => void): void {
    const table = this.traceTable
    const next = this.traceNext
    if (!table || !next) return
    for (let slot = 0; slot < table.length; slot++) {
      const head = table[slot]! - 1
      if (head === NONE || next[head] === NONE) continue
      const rows: number[] = []
      for (let i = head; i !== NONE; i = next[i]!) rows.push(i)
      cb(rows)
    }
  }

  /** Row indexes with this terminal and trace (or receipt) number. */
  candidates(tid: number, by: 'trace' | 'receipt', num: number): number[] {
    if (by === 'receipt' && !this.receiptTable) {
      const built = this.hash((i) => this.receipt[i]!)
      this.receiptTable = built.table
      this.receiptNext = built.next
    }
    const table = by === 'trace' ? this.traceTable : this.receiptTable
    const next = by === 'trace' ? this.traceNext : this.receiptNext
    const col = by === 'trace' ? this.trace : this.receipt
    if (!table || !next) return []
    const mask = table.length - 1
    let slot = mix(tid, num) & mask
    for (;;) {
      const head = table[slot]! - 1
      if (head === NONE) return []
      if (this.tid[head] === tid && col[head] === num) {
        const out: number[] = []
        for (let i = head; i !== NONE; i = next[i]!) out.push(i)
        return out
      }
      slot = (slot + 1) & mask
    }
  }

  /** Store what the settlement says about row i. */
  setMatch(i: number, s: TxRecord, file: number): void {
    this.mLine[i] = s.line
    this.mFile[i] = file
    this.mAmount[i] = s.amountCents
    this.mFee[i] = s.feeCents ?? NaN
    this.mStatus[i] = s.settlementStatus === null ? 0 : SETTLEMENT_STATUSES.indexOf(s.settlementStatus)
    this.mSettleDay[i] = s.settlementDay ?? NO_DAY
    this.mDay[i] = s.day ?? NO_DAY
    this.mSec[i] = s.sec
    this.mRrn[i] = packRef(s.rrn)
    if (Number.isNaN(this.mRrn[i])) this.sideMatchRefs.set(i, s.rrn)
    this.mCurrency[i] = this.str(s.currency)
    const auth = this.authCode(i)
    if (auth !== '' && s.authCode !== '' && auth !== s.authCode) this.flags[i]! |= FLAG.authDiffers
    const last4 = this.panLength[i]! >= 4 ? this.panLast4[i]! : NONE
    const sLast4 = digitRun(s.panMasked, s.panMasked.length - 4, 4)
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

  matchDayOf(i: number): number | null {
    const d = this.mDay[i]!
    return d === NO_DAY ? null : d
  }

  authCode(i: number): string {
    return unpackRef(this.auth[i]!, this.sideRefs, i * 2)
  }

  panMasked(i: number): string {
    const len = this.panLength[i]!
    if (len === 0) return ''
    const f = this.panFirst6[i]!
    const l = this.panLast4[i]!
    const head = f === NONE ? '' : String(f).padStart(6, '0')
    const tail = l === NONE ? '' : String(l).padStart(4, '0')
    return head + '*'.repeat(Math.max(0, len - head.length - tail.length)) + tail
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
    const code = this.text(this.code[i]!)
    if (code !== '') {
      const [scheme, value] = code.split(':') as [CodeScheme, string]
      r.resultScheme = scheme
      r.resultCode = value
    }
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
    for (const t of [this.traceTable, this.traceNext, this.receiptTable, this.receiptNext]) b += t?.byteLength ?? 0
    return b
  }
}

/** The number written by `len` digits at `from` of `s`, or NONE when they are not all digits. */
function digitRun(s: string, from: number, len: number): number {
  if (from < 0 || from + len > s.length) return NONE
  let n = 0
  for (let k = from; k < from + len; k++) {
    const d = s.charCodeAt(k) - 48
    if (d < 0 || d > 9) return NONE
    n = n * 10 + d
  }
  return n
}

function mix(a: number, b: number): number {
  let h = Math.imul(a ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(b, 0xc2b2ae35)
  h ^= h >>> 16
  h = Math.imul(h, 0x7feb352d)
  h ^= h >>> 15
  return h >>> 0
}
