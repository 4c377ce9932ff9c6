/**
 * GB18030 / GBK bytes → UTF-8 bytes, chunk by chunk, for the CSV scanner. A settlement file is
 * mostly ASCII (digits, commas, dates); only a few cells per row are Chinese. ASCII is copied as
 * it is, and each double-byte character is looked up once in a table filled from iconv-lite, so
 * the bytes are never turned into a JS string and back (that round trip cost about as much as
 * scanning the file). Four-byte GB18030 sequences and broken bytes go through iconv-lite too:
 * the output is what iconv-lite's decoder gives (a broken sequence becomes U+FFFD, which the
 * importer reports as "wrong encoding?").
 */
import iconv from 'iconv-lite'

const REPLACEMENT = Buffer.from('\uFFFD', 'utf8')

export class Gb18030ToUtf8 {
  /** lead * 256 + trail → UTF-8 bytes of that character (filled on first sight) */
  private readonly pairs: Array<Buffer | undefined> = new Array(65_536)
  private readonly quads = new Map<number, Buffer>()
  /** bytes of an incomplete sequence at the end of the previous chunk */
  private carry: Buffer | undefined
  /** the output of write(), reused: valid until the next call (the scanner copies what it keeps) */
  private out = Buffer.alloc(0)

  /** UTF-8 of the chunk; the buffer is reused by the next call. */
  write(chunk: Uint8Array): Buffer {
    // Chinese characters take 2 bytes in GBK and 3 in UTF-8: at most 1.5 times the input
    const need = Math.ceil((chunk.length + 4) * 1.5) + 8
    if (this.out.length < need) this.out = Buffer.allocUnsafe(need)
    let o = 0
    let from = 0
    const carry = this.carry
    if (carry) {
      // finish the sequence cut at the end of the last chunk (at most 3 more bytes), then go on
      this.carry = undefined
      const take = Math.min(chunk.length, 4 - carry.length)
      const head = Buffer.concat([carry, chunk.subarray(0, take)])
      const r = this.run(head, 0, o, false)
      o = r.o
      from = r.i - carry.length
      if (from < 0) {
        // still incomplete (a tiny chunk): keep it all for the next one
        this.carry = Buffer.from(head)
        return this.out.subarray(0, 0)
      }
    }
    return this.out.subarray(0, this.run(chunk, from, o, true).o)
  }

  /**
   * Transcode input[i..] into this.out at o. With `keepTail`, an incomplete sequence at the end
   * is kept for the next chunk; without, the loop stops before it (i tells where).
   */
  private run(input: Uint8Array, start: number, o0: number, keepTail: boolean): {i: number; o: number} {
    const out = this.out
    let o = o0
    let i = start
    const n = input.length
    while (i < n) {
      const b = input[i]!
      if (b < 0x80) {
        out[o++] = b
        i++
        continue
      }
      if (b === 0x80 || b === 0xff) {
        o += REPLACEMENT.copy(out, o)
        i++
        continue
      }
      if (i + 1 >= n) break
      const b1 = input[i + 1]!
      if ((b1 >= 0x40 && b1 <= 0x7e) || (b1 >= 0x80 && b1 <= 0xfe)) {
        const key = (b << 8) | b1
        let u = this.pairs[key]
        if (u === undefined) u = this.pairs[key] = Buffer.from(iconv.decode(Buffer.from([b, b1]), 'gb18030'), 'utf8')
        o += u.copy(out, o)
        i += 2
        continue
      }
      if (b1 >= 0x30 && b1 <= 0x39) {
        if (i + 3 >= n) break
        const b2 = input[i + 2]!
        const b3 = input[i + 3]!
        if (b2 < 0x81 || b2 > 0xfe || b3 < 0x30 || b3 > 0x39) {
          // not a four-byte sequence: the lead is broken, the rest (maybe a line end) is read anew
          o += REPLACEMENT.copy(out, o)
          i++
          continue
        }
        const key = ((b << 24) | (b1 << 16) | (b2 << 8) | b3) >>> 0
        let u = this.quads.get(key)
        if (u === undefined) {
          u = Buffer.from(iconv.decode(Buffer.from(input.subarray(i, i + 4)), 'gb18030'), 'utf8')
          if (this.quads.size < 10_000) this.quads.set(key, u)
        }
        o += u.copy(out, o)
        i += 4
        continue
      }
      // a lead byte without a valid second byte: the lead alone is broken, the next byte is read anew
      o += REPLACEMENT.copy(out, o)
      i++
    }
    if (keepTail && i < n) this.carry = Buffer.from(input.subarray(i))
    return {i, o}
  }

  /** What is left at the end of the file (an incomplete sequence) as UTF-8. */
  end(): Buffer {
    const rest = this.carry
    this.carry = undefined
    return rest ? Buffer.from(iconv.decode(rest, 'gb18030'), 'utf8') : Buffer.alloc(0)
  }
}
