/**
 * Normalised records packed column-wise, a block at a time: what an import hands to the
 * reconciliation, in-process or from a worker thread. A block is numbers in one ArrayBuffer
 * (transferred between threads without a copy) plus the few strings its rows refer to (terminal
 * IDs, currencies, card types, merchant IDs, result codes repeat on almost every row), so nothing
 * is built per row on the receiving side until a record has to be shown.
 */
import type {CodeScheme} from '../knowledge/explain.js'
import {emptyRecord, SETTLEMENT_STATUSES, TX_STATES, TX_TYPES, type TxRecord} from './record.js'

/** Rows per block: about 1.5 MB, a few dozen messages for a million rows. */
export const BLOCK_ROWS = 16_384

export const NONE = -1
export const NO_DAY = -2147483648

/** Bytes one row takes in a block: 16 int32, 4 float64, 1 int16 and 5 byte columns. */
export const ROW_BYTES = 16 * 4 + 4 * 8 + 2 + 5

/**
 * The columns of up to `cap` rows over one ArrayBuffer. Dictionary columns (tid, currency,
 * cardType, merchant, code, source) index `strings`; NONE / NO_DAY / NaN mean "absent". A class
 * with its fields in a fixed order, so the hot loops that fill and read it see one shape.
 */
export class RecordBlock {
  /** rows in the block */
  n = 0
  readonly cap: number
  readonly buffer: ArrayBufferLike
  readonly strings: string[]
  /** auth codes / RRNs too long to pack: key row * 2 (+1 for the RRN) */
  readonly sideRefs: Array<[number, string]>
  readonly amount: Float64Array
  readonly auth: Float64Array
  readonly rrn: Float64Array
  readonly fee: Float64Array
  readonly tid: Int32Array
  readonly trace: Int32Array
  readonly receipt: Int32Array
  readonly batch: Int32Array
  readonly turnover: Int32Array
  readonly origTrace: Int32Array
  readonly day: Int32Array
  readonly sec: Int32Array
  readonly line: Int32Array
  readonly currency: Int32Array
  readonly cardType: Int32Array
  readonly merchant: Int32Array
  readonly code: Int32Array
  readonly source: Int32Array
  readonly panFirst6: Int32Array
  readonly settleDay: Int32Array
  readonly panLast4: Int16Array
  /** masked PAN length (0 = none); capped at 255 */
  readonly panLength: Uint8Array
  readonly type: Uint8Array
  readonly state: Uint8Array
  /** 1 open, 0 closed, -1 unknown */
  readonly batchOpen: Int8Array
  /** index in SETTLEMENT_STATUSES, -1 none */
  readonly status: Int8Array

  constructor(cap: number, buffer: ArrayBufferLike = new ArrayBuffer(ROW_BYTES * cap), strings: string[] = [], sideRefs: Array<[number, string]> = [], n = 0) {
    this.cap = cap
    this.buffer = buffer
    this.strings = strings
    this.sideRefs = sideRefs
    this.n = n
    // largest element size first keeps every view aligned
    let at = 0
    const f64 = () => new Float64Array(buffer, (at += 8 * cap) - 8 * cap, cap)
    const i32 = () => new Int32Array(buffer, (at += 4 * cap) - 4 * cap, cap)
    const u8 = () => new Uint8Array(buffer, (at += cap) - cap, cap)
    const i8 = () => new Int8Array(buffer, (at += cap) - cap, cap)
    this.amount = f64()
    this.auth = f64()
    this.rrn = f64()
    this.fee = f64()
    this.tid = i32()
    this.trace = i32()
    this.receipt = i32()
    this.batch = i32()
    this.turnover = i32()
    this.origTrace = i32()
    this.day = i32()
    this.sec = i32()
    this.line = i32()
    this.currency = i32()
    this.cardType = i32()
    this.merchant = i32()
    this.code = i32()
    this.source = i32()
    this.panFirst6 = i32()
    this.settleDay = i32()
    this.panLast4 = new Int16Array(buffer, (at += 2 * cap) - 2 * cap, cap)
    this.panLength = u8()
    this.type = u8()
    this.state = u8()
    this.batchOpen = i8()
    this.status = i8()
  }
}

/** What goes over postMessage: the buffer (transferred), not the views. */
export type BlockMessage = {n: number; cap: number; buffer: ArrayBufferLike; strings: string[]; sideRefs: Array<[number, string]>}

export function blockMessage(b: RecordBlock): BlockMessage {
  return {n: b.n, cap: b.cap, buffer: b.buffer, strings: b.strings, sideRefs: b.sideRefs}
}

/** A block received from another thread: its views, rebuilt over the transferred buffer. */
export function reviveBlock(m: BlockMessage): RecordBlock {
  return new RecordBlock(m.cap, m.buffer, m.strings, m.sideRefs, m.n)
}

/** Packs TxRecords into blocks of `cap` rows. */
export class BlockWriter {
  private block!: RecordBlock
  private ids!: Map<string, number>
  // consecutive rows mostly repeat the last value of each dictionary column
  private lastTid = ''
  private lastTidId = -1
  private lastCurrency = ''
  private lastCurrencyId = -1
  private lastMerchant = ''
  private lastMerchantId = -1
  private lastCardType = ''
  private lastCardTypeId = -1
  private lastCode = ''
  private lastScheme = ''
  private lastCodeId = -1
  private lastSource = ''
  private lastSourceId = NONE

  /**
   * `pool`: buffers of blocks the consumer is done with, reused for new blocks (a fresh 1.7 MB
   * buffer per block costs page faults and external-memory GCs). Every column of a row is
   * written by add(), so a reused buffer needs no clearing. `shared`: new buffers are
   * SharedArrayBuffers, for blocks that go to another thread (see block-source.ts).
   */
  constructor(
    private readonly cap = BLOCK_ROWS,
    private readonly pool: ArrayBufferLike[] = [],
    private readonly shared = false,
  ) {
    this.reset()
  }

  get size(): number {
    return this.block.n
  }

  get full(): boolean {
    return this.block.n >= this.cap
  }

  add(r: TxRecord): void {
    const b = this.block
    const i = b.n++
    b.tid[i] = r.terminalId === this.lastTid && this.lastTidId >= 0 ? this.lastTidId : (this.lastTidId = this.str((this.lastTid = r.terminalId)))
    b.trace[i] = r.traceNumber ?? NONE
    b.receipt[i] = r.receiptNumber ?? NONE
    b.batch[i] = r.batchNumber ?? NONE
    b.turnover[i] = r.turnoverNumber ?? NONE
    b.origTrace[i] = r.originalTraceNumber ?? NONE
    b.day[i] = r.day ?? NO_DAY
    b.sec[i] = r.sec
    b.line[i] = r.line
    b.amount[i] = r.amountCents
    b.fee[i] = r.feeCents ?? NaN
    const auth = packRef(r.authCode)
    b.auth[i] = auth
    if (Number.isNaN(auth)) b.sideRefs.push([i * 2, r.authCode])
    const rrn = packRef(r.rrn)
    b.rrn[i] = rrn
    if (Number.isNaN(rrn)) b.sideRefs.push([i * 2 + 1, r.rrn])
    b.currency[i] = r.currency === this.lastCurrency && this.lastCurrencyId >= 0 ? this.lastCurrencyId : (this.lastCurrencyId = this.str((this.lastCurrency = r.currency)))
    b.cardType[i] = r.cardType === this.lastCardType && this.lastCardTypeId >= 0 ? this.lastCardTypeId : (this.lastCardTypeId = this.str((this.lastCardType = r.cardType)))
    b.merchant[i] = r.merchantId === this.lastMerchant && this.lastMerchantId >= 0 ? this.lastMerchantId : (this.lastMerchantId = this.str((this.lastMerchant = r.merchantId)))
    if (r.resultCode !== this.lastCode || r.resultScheme !== this.lastScheme || this.lastCodeId < 0) {
      this.lastCode = r.resultCode
      this.lastScheme = r.resultScheme
      this.lastCodeId = this.str(r.resultCode === '' ? '' : `${r.resultScheme}:${r.resultCode}`)
    }
    b.code[i] = this.lastCodeId
    if (r.source !== this.lastSource) this.lastSourceId = r.source === '' ? NONE : this.str(r.source)
    this.lastSource = r.source
    b.source[i] = this.lastSourceId
    const pan = r.panMasked
    // BIN and last four only both fit from 10 characters on; below, the last four alone
    b.panFirst6[i] = pan.length >= 10 ? digitRun(pan, 0, 6) : NONE
    b.panLast4[i] = digitRun(pan, pan.length - 4, 4)
    b.panLength[i] = Math.min(255, pan.length)
    b.type[i] = TX_TYPES.indexOf(r.type)
    b.state[i] = TX_STATES.indexOf(r.state)
    b.batchOpen[i] = r.batchOpen === null ? NONE : r.batchOpen ? 1 : 0
    b.status[i] = r.settlementStatus === null ? NONE : SETTLEMENT_STATUSES.indexOf(r.settlementStatus)
    b.settleDay[i] = r.settlementDay ?? NO_DAY
  }

  /** The rows written so far as a block; the writer starts a new one. */
  take(): RecordBlock {
    const b = this.block
    this.reset()
    return b
  }

  private str(s: string): number {
    let id = this.ids.get(s)
    if (id === undefined) {
      id = this.block.strings.length
      this.block.strings.push(s)
      this.ids.set(s, id)
    }
    return id
  }

  private reset(): void {
    const bytes = ROW_BYTES * this.cap
    const reuse = this.pool.pop()
    this.block = new RecordBlock(this.cap, reuse !== undefined && reuse.byteLength === bytes ? reuse : this.shared ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes))
    this.ids = new Map()
    this.lastTidId = this.lastCurrencyId = this.lastMerchantId = this.lastCardTypeId = this.lastCodeId = -1
    this.lastSource = ''
    this.lastSourceId = NONE
  }
}

const sideMaps = new WeakMap<RecordBlock, ReadonlyMap<number, string>>()

/** The block's side references as a map (built once per block, on first use). */
export function blockSideRefs(b: RecordBlock): ReadonlyMap<number, string> {
  let m = sideMaps.get(b)
  if (m === undefined) sideMaps.set(b, (m = new Map(b.sideRefs)))
  return m
}

/** Row k of a block back as a TxRecord (only for records that are shown). */
export function blockRecord(b: RecordBlock, k: number): TxRecord {
  const r = emptyRecord(b.line[k]!)
  const n = (v: number) => (v === NONE ? null : v)
  const refs = blockSideRefs(b)
  r.terminalId = b.strings[b.tid[k]!]!
  r.traceNumber = n(b.trace[k]!)
  r.receiptNumber = n(b.receipt[k]!)
  r.batchNumber = n(b.batch[k]!)
  r.turnoverNumber = n(b.turnover[k]!)
  r.originalTraceNumber = n(b.origTrace[k]!)
  r.day = b.day[k] === NO_DAY ? null : b.day[k]!
  r.sec = b.sec[k]!
  r.amountCents = b.amount[k]!
  r.feeCents = Number.isNaN(b.fee[k]) ? null : b.fee[k]!
  r.authCode = unpackRef(b.auth[k]!, refs, k * 2)
  r.rrn = unpackRef(b.rrn[k]!, refs, k * 2 + 1)
  r.currency = b.strings[b.currency[k]!]!
  r.cardType = b.strings[b.cardType[k]!]!
  r.merchantId = b.strings[b.merchant[k]!]!
  Object.assign(r, splitCode(b.strings[b.code[k]!]!))
  r.source = b.source[k] === NONE ? '' : b.strings[b.source[k]!]!
  r.panMasked = panText(b.panFirst6[k]!, b.panLast4[k]!, b.panLength[k]!)
  r.type = TX_TYPES[b.type[k]!]!
  r.state = TX_STATES[b.state[k]!]!
  r.batchOpen = b.batchOpen[k] === NONE ? null : b.batchOpen[k] === 1
  r.settlementStatus = b.status[k] === NONE ? null : SETTLEMENT_STATUSES[b.status[k]!]!
  r.settlementDay = b.settleDay[k] === NO_DAY ? null : b.settleDay[k]!
  return r
}

/** "scheme:code" (how result codes are interned) back into its two fields. */
export function splitCode(code: string): {resultScheme: CodeScheme; resultCode: string} {
  if (code === '') return {resultScheme: 'iso8583', resultCode: ''}
  const at = code.indexOf(':')
  return {resultScheme: code.slice(0, at) as CodeScheme, resultCode: code.slice(at + 1)}
}

const ALNUM = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ'

/**
 * Short references (auth codes, RRNs) as one float64: digits-only up to 15 as 1<digits> (keeps
 * leading zeros), else upper-case alphanumerics up to 10 in base 37 (negative), else NaN and the
 * text goes to a side list. 0 = empty.
 */
export function packRef(s: string): number {
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

export function unpackRef(v: number, side: ReadonlyMap<number, string>, key: number): string {
  if (v === 0) return ''
  if (Number.isNaN(v)) return side.get(key) ?? ''
  if (v > 0) return String(v).slice(1)
  let n = -v
  let s = ''
  while (n > 0) {
    s = ALNUM[(n % 37) - 1] + s
    n = Math.floor(n / 37)
  }
  return s
}

/** A masked PAN from its BIN (or NONE), last four (or NONE) and length. */
export function panText(first6: number, last4: number, len: number): string {
  if (len === 0) return ''
  const head = first6 === NONE ? '' : String(first6).padStart(6, '0')
  const tail = last4 === NONE ? '' : String(last4).padStart(4, '0')
  return head + '*'.repeat(Math.max(0, len - head.length - tail.length)) + tail
}

/** The number written by `len` digits at `from` of `s`, or NONE when they are not all digits. */
export function digitRun(s: string, from: number, len: number): number {
  if (from < 0 || from + len > s.length) return NONE
  let n = 0
  for (let k = from; k < from + len; k++) {
    const d = s.charCodeAt(k) - 48
    if (d < 0 || d > 9) return NONE
    n = n * 10 + d
  }
  return n
}
