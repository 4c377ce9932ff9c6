/**
 * A byte-level, incremental CSV tokenizer for large exports (1M-row settlement files). Pure: bytes
 * in, rows out; no I/O. Input is UTF-8 (the reader transcodes GBK/UTF-16 first; ASCII delimiters
 * and quotes cannot occur inside a UTF-8 multi-byte sequence, so splitting on bytes is safe).
 *
 * Why not csv-parse here: csv-parse turns every cell of every row into a string (25 cells × 2M
 * rows); the reconciliation reads numbers, dates and amounts straight from the bytes and decodes
 * only the cells it keeps. The header sample is still read with csv-parse, and a differential
 * property test holds this scanner to csv-parse's output with the options the importer used
 * (bom, relax_column_count, relax_quotes, skip_empty_lines, skip_records_with_error):
 * - a quote opens a quoted cell only as the cell's first byte; "" inside it is one quote;
 * - a quote elsewhere is a literal (relax_quotes); so is a quoted cell with text after its
 *   closing quote ("a"b → the cell is the raw text `"a"b`);
 * - empty lines are skipped; a row's line number is the physical line it ends on;
 * - a quote still open at the end of the input is one bad record, reported at the line it opened
 *   on (csv-parse counts those lines differently depending on the line ends; the start is what a
 *   person looks for).
 * One deliberate difference: csv-parse fixes the row delimiter at the first one it sees and keeps
 * a later, different one as cell text; this scanner always ends a row at \n or \r\n (and at a lone
 * \r when that is the file's first line ending): exports glued from two sources stay readable.
 */

import {isUtf8} from 'node:buffer'

const QUOTE = 0x22
const LF = 0x0a
const CR = 0x0d

/** How a cell's bytes become its value. */
const enum CellKind {
  /** bytes as they are */
  Plain = 0,
  /** a quoted cell whose bytes (quotes excluded) contain "" pairs */
  Escaped = 1,
  /** text computed while scanning (a demoted quoted cell with "" pairs: rare) */
  Computed = 2,
}

/** One row, valid only during the onRow callback (the scanner reuses it). */
export interface CsvRow {
  /** number of cells */
  readonly count: number
  /** 1-based physical line the row ends on */
  readonly line: number
  /** the buffer the cells point into */
  readonly buf: Buffer
  /** the cell's text ('' beyond the last cell) */
  text(i: number): string
  /** the cell is contiguous bytes (buf[cellStart(i)..cellEnd(i)) is its value) */
  isRaw(i: number): boolean
  cellStart(i: number): number
  cellEnd(i: number): number
  /** the cell is empty or only white space */
  isBlank(i: number): boolean
  /**
   * false when every cell of this row is certainly free of U+FFFD (the input around it was valid
   * UTF-8 without replacement characters), so garbled-text checks can skip decoding
   */
  readonly mayHaveReplacement: boolean
}

export interface CsvScanOptions {
  /** one byte: , \t ; | */
  delimiter: string
  /** rows that start before this 1-based line are skipped (the preamble above a header) */
  fromLine?: number
  onRow(row: CsvRow): void
  /** a record that cannot be read: a quote still open at the end, or a record over maxRecordBytes */
  onBadRecord(line: number, reason: 'quote-not-closed' | 'record-too-long'): void
  /** longest record kept in memory (default 1 MiB) */
  maxRecordBytes?: number
}

/** Real export rows are well under 4 KB; anything near this is not a row. */
export const MAX_RECORD_BYTES = 1 << 20

const EMPTY = Buffer.alloc(0)
const REPLACEMENT = Buffer.from('\uFFFD', 'utf8')

interface Utf8Slicer {
  utf8Slice(start: number, end: number): string
}

export class CsvScanner implements CsvRow {
  private readonly delim: number
  private readonly fromLine: number
  private readonly opts: CsvScanOptions

  buf: Buffer = EMPTY
  count = 0
  line = 1
  mayHaveReplacement = false
  private starts = new Int32Array(64)
  private ends = new Int32Array(64)
  private kinds = new Uint8Array(64)
  private computed: string[] = []

  /** unconsumed bytes of the previous push (an incomplete record) */
  private carry: Buffer = EMPTY
  /** physical line at the start of the unconsumed bytes */
  private nextLine = 1
  private first = true
  /** row delimiter: 0 not seen yet, LF (\n and \r\n), CR (a lone \r) */
  private eol = 0
  private ended = false
  private skipping = false
  private readonly maxRecordBytes: number

  constructor(opts: CsvScanOptions) {
    if (Buffer.byteLength(opts.delimiter) !== 1) throw new Error(`CSV delimiter must be one byte: ${JSON.stringify(opts.delimiter)}`)
    this.delim = opts.delimiter.charCodeAt(0)
    this.fromLine = opts.fromLine ?? 1
    this.maxRecordBytes = opts.maxRecordBytes ?? MAX_RECORD_BYTES
    this.opts = opts
  }

  push(chunk: Buffer): void {
    if (this.ended) throw new Error('CsvScanner: push after end')
    if (this.skipping) {
      // the rest of an over-long record: dropped up to the next line end
      const lf = chunk.indexOf(LF)
      if (lf < 0) return
      this.skipping = false
      this.nextLine++
      chunk = chunk.subarray(lf + 1)
    }
    if (chunk.length === 0) return
    let buf = this.carry.length > 0 ? Buffer.concat([this.carry, chunk]) : chunk
    if (this.first) {
      if (buf.length < 3 && buf[0] === 0xef && (buf.length < 2 || buf[1] === 0xbb)) {
        // too short to tell whether this is a BOM: wait for more
        this.carry = Buffer.from(buf)
        return
      }
      this.first = false
      if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) buf = buf.subarray(3)
    }
    this.scan(buf, false)
    if (this.carry.length > this.maxRecordBytes) {
      // no CSV row is this long (a binary file, a quote never closed in a huge file): one bad
      // record, and reading goes on after the next line end, with memory bounded
      this.opts.onBadRecord(this.nextLine, 'record-too-long')
      this.nextLine += countNewlines(this.carry, 0, this.carry.length, this.eol)
      this.carry = EMPTY
      this.skipping = true
    }
  }

  end(): void {
    if (this.ended) return
    this.ended = true
    if (this.first && this.carry[0] === 0xef && this.carry[1] === 0xbb && this.carry[2] === 0xbf) this.carry = this.carry.subarray(3)
    if (this.carry.length > 0) this.scan(this.carry, true)
    this.carry = EMPTY
  }

  // ---- CsvRow ----
  text(i: number): string {
    if (i >= this.count) return ''
    const s = this.starts[i]!
    const e = this.ends[i]!
    if (s === e) return ''
    const kind = this.kinds[i]
    if (kind === CellKind.Computed) return this.computed[i]!
    const t = (this.buf as unknown as Utf8Slicer).utf8Slice(s, e)
    return kind === CellKind.Escaped ? t.replaceAll('""', '"') : t
  }

  isRaw(i: number): boolean {
    return i < this.count && this.kinds[i] === CellKind.Plain
  }

  cellStart(i: number): number {
    return i < this.count ? this.starts[i]! : 0
  }

  cellEnd(i: number): number {
    return i < this.count ? this.ends[i]! : 0
  }

  isBlank(i: number): boolean {
    if (i >= this.count) return true
    const buf = this.buf
    for (let k = this.starts[i]!, e = this.ends[i]!; k < e; k++) {
      const c = buf[k]!
      if (c > 0x20) return c >= 0x80 ? this.text(i).trim() === '' : false
    }
    return true
  }

  // ---- the scan ----
  private grow(): void {
    const n = this.starts.length * 2
    const s = new Int32Array(n)
    s.set(this.starts)
    this.starts = s
    const e = new Int32Array(n)
    e.set(this.ends)
    this.ends = e
    const k = new Uint8Array(n)
    k.set(this.kinds)
    this.kinds = k
  }

  private cell(count: number, start: number, end: number, kind: CellKind): void {
    if (count === this.starts.length) this.grow()
    this.starts[count] = start
    this.ends[count] = end
    this.kinds[count] = kind
  }

  /**
   * Emit every complete record of `buf`; keep the incomplete tail as carry. With `final`, the
   * tail is the last record (no line end after it) or an unclosed quote.
   */
  private scan(buf: Buffer, final: boolean): void {
    const delim = this.delim
    const n = buf.length
    this.buf = buf
    this.carry = EMPTY
    // rows are checked for U+FFFD only where the bytes are not clean UTF-8 (a character cut at
    // the end of the buffer belongs to the carried record, so the check stops at the last \n)
    const cleanEnd = final || this.eol === CR ? n : buf.lastIndexOf(LF) + 1
    this.mayHaveReplacement = !isUtf8(buf.subarray(0, cleanEnd)) || buf.indexOf(REPLACEMENT) >= 0
    let pos = 0
    let line = this.nextLine
    // next quote byte at or after pos (n when none): lines before it take the fast path
    let nextQuote = -1

    record: while (pos < n) {
      const recordStart = pos
      const startLine = line
      let count = 0
      let newline = false
      if (this.eol === LF) {
        // the common line (hot path): no quote before its \n, so it splits on the delimiter alone
        const lf = buf.indexOf(LF, pos)
        if (nextQuote < pos) {
          nextQuote = buf.indexOf(QUOTE, pos)
          if (nextQuote < 0) nextQuote = n
        }
        if (lf >= 0 && nextQuote > lf) {
          const lineEnd = lf > pos && buf[lf - 1] === CR ? lf - 1 : lf
          let k = pos
          for (;;) {
            let e = k
            while (e < lineEnd && buf[e] !== delim) e++
            this.cell(count++, k, e, CellKind.Plain)
            if (e >= lineEnd) break
            k = e + 1
          }
          pos = lf + 1
          line++
          this.emit(count, startLine, startLine, recordStart)
          continue
        }
      }
      for (;;) {
        if (buf[pos] === QUOTE) {
          // a quoted cell: up to the closing quote that is followed by a delimiter or line end
          let k = pos + 1
          let escaped = false
          let closed = -1
          for (;;) {
            const q = buf.indexOf(QUOTE, k)
            if (q < 0) break
            if (q + 1 < n && buf[q + 1] === QUOTE) {
              escaped = true
              k = q + 2
              continue
            }
            closed = q
            break
          }
          if (closed < 0) {
            if (!final) return this.keep(buf, recordStart, startLine)
            this.opts.onBadRecord(startLine, 'quote-not-closed')
            pos = n
            break record
          }
          const k1 = closed + 1
          // what follows the closing quote decides whether it closes the cell
          let closes: boolean
          if (k1 >= n) {
            if (!final) return this.keep(buf, recordStart, startLine)
            closes = true
          } else {
            const after = buf[k1]!
            if (after === delim || after === LF) closes = true
            else if (after === CR) {
              if (k1 + 1 >= n && !final) return this.keep(buf, recordStart, startLine)
              closes = k1 + 1 >= n || buf[k1 + 1] === LF || this.eol !== LF
            } else closes = false
          }
          if (closes) {
            this.cell(count, pos + 1, closed, escaped ? CellKind.Escaped : CellKind.Plain)
            line += countNewlines(buf, pos, closed, this.eol)
            pos = k1
          } else {
            // text after the closing quote: the whole cell, quotes and line breaks included, is
            // literal up to the next delimiter or line end (csv-parse relax_quotes)
            const e = this.plainEnd(buf, k1, n)
            if (escaped) {
              // the "" pairs read so far stay one quote each, as csv-parse has it
              const slicer = buf as unknown as Utf8Slicer
              this.computed[count] = '"' + slicer.utf8Slice(pos + 1, closed).replaceAll('""', '"') + slicer.utf8Slice(closed, e)
              this.cell(count, pos, e, CellKind.Computed)
            } else this.cell(count, pos, e, CellKind.Plain)
            line += countNewlines(buf, pos, e, this.eol)
            pos = e
          }
        } else {
          const e = this.plainEnd(buf, pos, n)
          this.cell(count, pos, e, CellKind.Plain)
          pos = e
        }
        count++
        // what ends the cell
        if (pos >= n) {
          if (!final) return this.keep(buf, recordStart, startLine)
          break
        }
        const c = buf[pos]!
        if (c === delim) {
          pos++
          if (pos < n) continue
          if (!final) return this.keep(buf, recordStart, startLine)
          // "a," at the very end: one more, empty cell
          this.cell(count++, pos, pos, CellKind.Plain)
          break
        }
        if (c === CR) {
          if (pos + 1 >= n && !final) return this.keep(buf, recordStart, startLine)
          if (this.eol === 0) this.eol = buf[pos + 1] === LF ? LF : CR
          pos += buf[pos + 1] === LF ? 2 : 1
        } else {
          if (this.eol === 0) this.eol = LF
          pos++
        }
        newline = true
        break
      }
      this.emit(count, startLine, line, recordStart)
      if (newline) line++
    }
    this.nextLine = line
  }

  /** Hand the row over, unless it is an empty line (nothing between two line ends) or above fromLine. */
  private emit(count: number, startLine: number, endLine: number, recordStart: number): void {
    if (count === 1 && this.ends[0] === recordStart) return
    if (startLine < this.fromLine) return
    this.count = count
    this.line = endLine
    this.opts.onRow(this)
  }

  /** End of an unquoted cell: the next delimiter or line end. */
  private plainEnd(buf: Buffer, from: number, n: number): number {
    const delim = this.delim
    const crEnds = this.eol !== LF
    for (let k = from; k < n; k++) {
      const c = buf[k]!
      if (c === delim || c === LF) return k
      if (c === CR && (crEnds || buf[k + 1] === LF)) return k
    }
    return n
  }

  private keep(buf: Buffer, from: number, line: number): void {
    // a copy: the stream may reuse the chunk's memory
    this.carry = Buffer.from(buf.subarray(from))
    this.nextLine = line
  }
}

function countNewlines(buf: Buffer, from: number, to: number, eol: number): number {
  let lines = 0
  for (let k = buf.indexOf(LF, from); k >= 0 && k < to; k = buf.indexOf(LF, k + 1)) lines++
  if (eol !== LF) {
    for (let k = buf.indexOf(CR, from); k >= 0 && k < to; k = buf.indexOf(CR, k + 1)) if (buf[k + 1] !== LF) lines++
  }
  return lines
}
