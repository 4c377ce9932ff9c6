/**
 * Wire log: every APDU, ACK/NAK byte and session event between ECR and PT, safe to store and
 * attach to a case. Card data never reaches an entry: APDU hex comes from maskApdu(), text is
 * scrubbed of PAN-like digit runs, and unparseable bytes are redacted before hex-dumping. The
 * ECR password shows as ** ** ** in the hex and "(password hidden)" in the summary, as in the
 * action journal.
 */
import {commandKey} from '../protocol/zvt/apdu.js'
import {ZvtProtocolError} from '../protocol/zvt/errors.js'
import {toHex} from '../protocol/zvt/hex.js'
import {decodeMessage, hexHidingPassword, maskApdu} from '../protocol/zvt/messages.js'
import type {Apdu, Direction, ZvtFields, ZvtMessage} from '../protocol/zvt/types.js'
import {systemClock, type Clock} from '../util/clock.js'

export type WireLayer = 'apdu' | 'ack' | 'nak' | 'event'

export interface WireLogEntry {
  /** ISO timestamp from the session clock */
  ts: string
  dir: Direction
  layer: WireLayer
  /** masked APDU bytes (apdu), the single byte (ack/nak), redacted raw bytes or '' (event) */
  hex: string
  summary: string
}

export type WireLogSink = (entry: WireLogEntry) => void

export class WireLog {
  private readonly clock: Clock
  private readonly items: WireLogEntry[] = []
  private readonly sinks = new Set<WireLogSink>()
  private readonly maxEntries: number

  constructor(opts: {clock?: Clock; sink?: WireLogSink; maxEntries?: number} = {}) {
    this.clock = opts.clock ?? systemClock
    this.maxEntries = opts.maxEntries ?? Infinity
    if (opts.sink) this.sinks.add(opts.sink)
  }

  get entries(): readonly WireLogEntry[] {
    return this.items
  }

  /** Add a sink (e.g. a JSONL file writer); returns a function that removes it. */
  addSink(sink: WireLogSink): () => void {
    this.sinks.add(sink)
    return () => this.sinks.delete(sink)
  }

  /** Log an APDU. `request` is the command it answers, so the summary decodes right (06 0F after 05 01). */
  apdu(dir: Direction, apdu: Apdu, ctx: {request?: string; note?: string} = {}): WireLogEntry {
    const masked = safeMask(apdu)
    let summary = summarizeApdu(masked, ctx.request)
    if (masked.hex.includes('**')) summary += ` ${PASSWORD_HIDDEN}`
    return this.push(dir, 'apdu', masked.hex, ctx.note ? `${summary} (${ctx.note})` : summary)
  }

  ack(dir: Direction, note?: string): WireLogEntry {
    return this.push(dir, 'ack', '06', note ? `ACK (${note})` : 'ACK')
  }

  nak(dir: Direction, reason?: string): WireLogEntry {
    return this.push(dir, 'nak', '15', reason ? `NAK (${reason})` : 'NAK')
  }

  /** A session event (retry, timeout, stray bytes). Raw bytes are redacted before they are dumped. */
  event(dir: Direction, summary: string, bytes?: Uint8Array): WireLogEntry {
    return this.push(dir, 'event', bytes && bytes.length > 0 ? toHex(redactRawBytes(bytes)) : '', scrubPanText(summary))
  }

  private push(dir: Direction, layer: WireLayer, hex: string, summary: string): WireLogEntry {
    const entry: WireLogEntry = {ts: new Date(this.clock.now()).toISOString(), dir, layer, hex, summary}
    this.items.push(entry)
    if (this.items.length > this.maxEntries) this.items.shift()
    for (const sink of this.sinks) {
      try {
        sink(entry)
      } catch {
        // a broken sink (disk full...) must never break the terminal session
      }
    }
    return entry
  }
}

/** What a summary says where the hex shows the password as ** ** ** (the action journal's wording). */
export const PASSWORD_HIDDEN = '(password hidden)'

/**
 * Mask card data and the ECR password; never throws. `apdu` is what the summary decodes (card
 * data masked, password still there: summaries never print it), `hex` is what the log shows.
 */
function safeMask(apdu: Apdu): {apdu: Apdu; hex: string} {
  let masked: Apdu
  try {
    masked = maskApdu(apdu)
  } catch {
    // maskApdu promises not to throw; if it does, keep only the header so nothing leaks
    const redacted = {cls: apdu.cls, ins: apdu.ins, data: redactRawBytes(apdu.data)}
    return {apdu: {cls: apdu.cls, ins: apdu.ins, data: Buffer.alloc(0)}, hex: hexHidingPassword(redacted)}
  }
  masked = {cls: masked.cls, ins: masked.ins, data: scrubPanBytes(masked.data)}
  return {apdu: masked, hex: hexHidingPassword(masked)}
}

/** Hex of the masked APDU (no card data, password as ** ** **); never throws. */
export function maskedApduHex(apdu: Apdu): string {
  return safeMask(apdu).hex
}

function summarizeApdu(masked: {apdu: Apdu}, request: string | undefined): string {
  const key = commandKey(masked.apdu)
  try {
    const msg = decodeMessage(masked.apdu, request === undefined ? {} : {request})
    return scrubPanText(summarizeMessage(msg))
  } catch (err) {
    const code = err instanceof ZvtProtocolError ? err.code : 'error'
    return `undecodable: ${code} (${key}, ${masked.apdu.data.length} data bytes)`
  }
}

/** One-line summary of a decoded message, e.g. `04 0F Status-Information rc=00 amount=12.50 receipt=0042 pan=411111******1111`. */
export function summarizeMessage(msg: ZvtMessage): string {
  const parts = [msg.command, msg.name]
  const f: ZvtFields = msg.fields
  const hex2 = (n: number) => n.toString(16).padStart(2, '0').toUpperCase()
  if (f.resultCode !== undefined) parts.push(`rc=${hex2(f.resultCode)}`)
  if (f.intermediateStatus !== undefined) parts.push(`status=${hex2(f.intermediateStatus)}`)
  if (f.intermediateText) parts.push(`"${f.intermediateText}"`)
  if (f.terminalStatus !== undefined) parts.push(`terminalStatus=${hex2(f.terminalStatus)}`)
  if (f.swVersion) parts.push(`sw="${f.swVersion}"`)
  if (f.amountCents !== undefined) parts.push(`amount=${formatCents(f.amountCents)}`)
  if (f.receiptNumber !== undefined) parts.push(`receipt=${String(f.receiptNumber).padStart(4, '0')}`)
  if (f.traceNumber !== undefined) parts.push(`trace=${String(f.traceNumber).padStart(6, '0')}`)
  if (f.originalTraceNumber !== undefined) parts.push(`origTrace=${String(f.originalTraceNumber).padStart(6, '0')}`)
  if (f.terminalId) parts.push(`tid=${f.terminalId}`)
  if (f.panMasked) parts.push(`pan=${f.panMasked}`)
  if (f.cardName) parts.push(`card=${f.cardName}`)
  if (f.printAttribute !== undefined) parts.push(`attr=${hex2(f.printAttribute)}`)
  if (f.printText !== undefined) parts.push(`"${f.printText}"`)
  return parts.join(' ')
}

function formatCents(cents: number): string {
  const sign = cents < 0 ? '-' : ''
  const abs = Math.abs(cents)
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`
}

// --- PAN scrubbing -------------------------------------------------------------------------
// maskApdu covers BMP 22/23/24/2D; these catch PANs in free text (print lines, BMP 3C) and in
// garbled frames that could not be parsed at all.

function luhnOk(digits: string): boolean {
  let sum = 0
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48
    if (i % 2 === 1) {
      d *= 2
      if (d > 9) d -= 9
    }
    sum += d
  }
  return sum % 10 === 0
}

/**
 * Where card numbers are in `s` (text, or bytes read as latin1): the positions of the digits to
 * hide, first 6 / last 4 of each number kept. A number is Luhn-valid with 13-19 digits, written
 * as one run or in groups joined by single spaces or dashes (every group 4-6 digits but the
 * last, 1-6: 4-4-4-4, 4-6-5, 4-4-4-4-3 ...). Digits glued to a letter belong to something else
 * (an AID like A0000000041010). Stricter rules on dates and issuer prefixes are the report
 * gate's (src/case/card-data.ts); a wire log rather masks one number too many.
 *
 * Every window of whole runs is tried from every run on, and the masks add up: the run after a
 * number may start the next one ("4111 ... 1111 4111 ..."), and a group in front of a number
 * ("0042 4111 ...") may make a Luhn-valid window of its own that must not hide the real one.
 */
function panDigitsToHide(s: string): number[] {
  const runs: Array<{start: number; end: number}> = []
  for (let i = 0; i < s.length; ) {
    if (!isDigitCode(s.charCodeAt(i))) {
      i++
      continue
    }
    let j = i
    while (j < s.length && isDigitCode(s.charCodeAt(j))) j++
    if (!isLetterCode(s.charCodeAt(i - 1)) && !isLetterCode(s.charCodeAt(j))) runs.push({start: i, end: j})
    i = j
  }
  const hide: number[] = []
  const mask = (from: number, to: number) => {
    const digits: number[] = []
    for (let i = from; i < to; i++) if (isDigitCode(s.charCodeAt(i))) digits.push(i)
    for (let d = 6; d < digits.length - 4; d++) hide.push(digits[d]!)
  }
  const joined = (a: {end: number}, b: {start: number}) => b.start === a.end + 1 && (s[a.end] === ' ' || s[a.end] === '-')
  for (let k = 0; k < runs.length; k++) {
    const first = runs[k]!
    const len = first.end - first.start
    if (len >= 13 && len <= 19 && luhnOk(s.slice(first.start, first.end))) mask(first.start, first.end)
    let digits = ''
    for (let n = k; n < runs.length; n++) {
      const r = runs[n]!
      if (n > k && !joined(runs[n - 1]!, r)) break
      const groupLen = r.end - r.start
      digits += s.slice(r.start, r.end)
      if (digits.length > 19) break
      if (n > k && digits.length >= 13 && groupLen <= 6 && luhnOk(digits)) mask(first.start, r.end)
      // a group that is not 4-6 digits can only be the last one
      if (groupLen < 4 || groupLen > 6) break
    }
  }
  return hide
}

const isDigitCode = (c: number) => c >= 0x30 && c <= 0x39
const isLetterCode = (c: number) => (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a)

/** Card numbers in free text with their middle digits replaced by '*' (first 6 / last 4 kept; see panDigitsToHide). */
export function scrubPanText(text: string): string {
  const hide = panDigitsToHide(text)
  if (hide.length === 0) return text
  const chars = text.split('')
  for (const i of hide) chars[i] = '*'
  return chars.join('')
}

/** Same for ASCII digits inside bytes (print text carried as bytes). */
export function scrubPanBytes(bytes: Uint8Array): Buffer {
  const out = Buffer.from(bytes)
  for (const i of panDigitsToHide(out.toString('latin1'))) out[i] = 0x2a
  return out
}

/**
 * For bytes we could not parse: blank long runs of BCD digits (a packed PAN is 7-10 bytes of
 * decimal nibbles) and PAN-like ASCII runs. Over-redacts amounts in garbage, which is fine.
 */
export function redactRawBytes(bytes: Uint8Array): Buffer {
  const out = scrubPanBytes(bytes)
  const isBcd = (b: number) => (b >> 4) <= 9 && (b & 0x0f) <= 9
  let i = 0
  while (i < out.length) {
    if (!isBcd(out[i]!)) {
      i++
      continue
    }
    let j = i
    while (j < out.length && isBcd(out[j]!)) j++
    if (j - i >= 7) out.fill(0xee, i + 3, j - 2)
    i = j
  }
  return out
}
