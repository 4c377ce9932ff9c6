/**
 * Look at the first bytes of a CSV export to choose its encoding and delimiter before streaming it:
 * BOM → UTF-8 / UTF-16; else a strict UTF-8 decode of the sample, and GB18030 (a superset of
 * GBK) when that fails. Only the sample is read; the file itself is streamed later.
 */
import {open} from 'node:fs/promises'
import iconv from 'iconv-lite'

export type FileEncoding = 'utf-8' | 'gb18030' | 'utf-16le' | 'utf-16be'
export type Delimiter = ',' | '\t' | ';' | '|'

export const SAMPLE_BYTES = 64 * 1024

export interface Sniffed {
  size: number
  encoding: FileEncoding
  /** how the encoding was chosen */
  encodingReason: 'bom' | 'valid-utf-8' | 'not-utf-8' | 'forced'
  bom: boolean
  /** complete lines of the decoded sample (the last, possibly cut, line dropped unless the sample is the whole file) */
  lines: string[]
  delimiter: Delimiter
  /** bytes per line in the sample: sizes arrays before streaming */
  avgLineBytes: number
  /** the sample decodes with replacement characters: wrong encoding or a damaged file */
  garbled: boolean
}

export async function readSample(file: string, bytes = SAMPLE_BYTES): Promise<{sample: Buffer; size: number}> {
  const fh = await open(file, 'r')
  try {
    const {size} = await fh.stat()
    const buf = Buffer.alloc(Math.min(bytes, size))
    const {bytesRead} = await fh.read(buf, 0, buf.length, 0)
    return {sample: buf.subarray(0, bytesRead), size}
  } finally {
    await fh.close()
  }
}

export function detectEncoding(sample: Buffer): {encoding: FileEncoding; bom: boolean; reason: Sniffed['encodingReason']} {
  if (sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf) return {encoding: 'utf-8', bom: true, reason: 'bom'}
  if (sample[0] === 0xff && sample[1] === 0xfe) return {encoding: 'utf-16le', bom: true, reason: 'bom'}
  if (sample[0] === 0xfe && sample[1] === 0xff) return {encoding: 'utf-16be', bom: true, reason: 'bom'}
  try {
    // stream: true so a multi-byte character cut at the sample's end is not an error
    new TextDecoder('utf-8', {fatal: true}).decode(sample, {stream: true})
    return {encoding: 'utf-8', bom: false, reason: 'valid-utf-8'}
  } catch {
    return {encoding: 'gb18030', bom: false, reason: 'not-utf-8'}
  }
}

export function decodeSample(sample: Buffer, encoding: FileEncoding): string {
  // iconv strips a BOM by default
  return iconv.getDecoder(encoding).write(sample)
}

/** The delimiter that splits the first lines most consistently (quotes respected). */
export function detectDelimiter(lines: readonly string[]): Delimiter {
  const candidates: Delimiter[] = [',', '\t', ';', '|']
  const sample = lines.filter((l) => l.trim() !== '').slice(0, 20)
  let best: Delimiter = ','
  let bestScore = 0
  for (const d of candidates) {
    const counts = sample.map((l) => countOutsideQuotes(l, d))
    const max = Math.max(0, ...counts)
    if (max === 0) continue
    // the header row's count repeated on many lines is what a real delimiter looks like
    const mode = modeOf(counts.filter((c) => c > 0))
    const agreeing = counts.filter((c) => c === mode).length
    const score = agreeing * 1000 + mode
    if (score > bestScore) {
      best = d
      bestScore = score
    }
  }
  return best
}

function countOutsideQuotes(line: string, d: string): number {
  let n = 0
  let quoted = false
  for (const ch of line) {
    if (ch === '"') quoted = !quoted
    else if (ch === d && !quoted) n++
  }
  return n
}

function modeOf(xs: number[]): number {
  const m = new Map<number, number>()
  for (const x of xs) m.set(x, (m.get(x) ?? 0) + 1)
  let best = 0
  let bestN = 0
  for (const [x, n] of m) if (n > bestN || (n === bestN && x > best)) [best, bestN] = [x, n]
  return best
}

export async function sniffFile(file: string, opts: {encoding?: FileEncoding | 'gbk'; delimiter?: Delimiter} = {}): Promise<Sniffed> {
  const {sample, size} = await readSample(file)
  const detected = detectEncoding(sample)
  const forced = opts.encoding === 'gbk' ? 'gb18030' : opts.encoding
  const encoding = forced ?? detected.encoding
  const text = decodeSample(sample, encoding)
  const whole = sample.length >= size
  const rawLines = text.split(/\r?\n/)
  const lines = whole ? rawLines : rawLines.slice(0, -1)
  const complete = lines.length
  const sampleBytes = whole ? size : sample.length
  return {
    size,
    encoding,
    encodingReason: forced ? 'forced' : detected.reason,
    bom: detected.bom,
    lines,
    delimiter: opts.delimiter ?? detectDelimiter(lines),
    avgLineBytes: complete > 0 ? Math.max(16, sampleBytes / Math.max(1, complete)) : 64,
    garbled: text.includes('\uFFFD'),
  }
}
