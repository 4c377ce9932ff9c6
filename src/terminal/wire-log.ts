/**
 * Wire log: every APDU, ACK/NAK byte and session event between ECR and PT, safe to store and
 * attach to a case. Card data never reaches an entry: APDU hex comes from maskApdu(), text is
 * scrubbed of PAN-like digit runs, and unparseable bytes are redacted before hex-dumping.
 */
import {commandKey} from '../protocol/zvt/apdu.js'
import {ZvtProtocolError} from '../protocol/zvt/errors.js'
import {toHex} from '../protocol/zvt/hex.js'
import {decodeMessage, maskApdu} from '../protocol/zvt/messages.js'
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
    const summary = summarizeApdu(masked, ctx.request)
    return this.push(dir, 'apdu', toHex(masked.bytes), ctx.note ? `${summary} (${ctx.note})` : summary)
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

/** Mask card data and flatten to bytes; never throws. */
function safeMask(apdu: Apdu): {apdu: Apdu; bytes: Buffer} {
  let masked: Apdu
  try {
    masked = maskApdu(apdu)
  } catch {
    // maskApdu promises not to throw; if it does, keep only the header so nothing leaks
    masked = {cls: apdu.cls, ins: apdu.ins, data: Buffer.alloc(0)}
    const scrubbed = redactRawBytes(apdu.data)
    return {apdu: masked, bytes: Buffer.concat([Buffer.from([apdu.cls, apdu.ins]), scrubbed])}
  }
  const data = scrubPanBytes(masked.data)
  masked = {cls: masked.cls, ins: masked.ins, data}
  return {apdu: masked, bytes: Buffer.concat([Buffer.from([masked.cls, masked.ins]), lengthBytes(data.length), data])}
}

/** Hex of the masked (card-data-free) APDU; never throws. */
export function maskedApduHex(apdu: Apdu): string {
  return toHex(safeMask(apdu).bytes)
}

function lengthBytes(n: number): Buffer {
  // same rule as encodeApdu: FF lo hi above 254 (kept local so logging works even if encodeApdu throws)
  return n <= 0xfe ? Buffer.from([n]) : Buffer.from([0xff, n & 0xff, n >> 8])
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

// A PAN stands alone: digits glued to letters are part of something else (an AID like A0000000041010).
const PAN_LIKE = /(?<![0-9A-Za-z])\d{13,19}(?![0-9A-Za-z])/g

/** Replace the middle of stand-alone 13-19 digit Luhn-valid runs with '*' (first 6 / last 4 kept). */
export function scrubPanText(text: string): string {
  return text.replace(PAN_LIKE, (run) => (luhnOk(run) ? run.slice(0, 6) + '*'.repeat(run.length - 10) + run.slice(-4) : run))
}

const isDigit = (b: number | undefined) => b !== undefined && b >= 0x30 && b <= 0x39
const isAlnum = (b: number | undefined) => b !== undefined && (isDigit(b) || (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a))

/** Same for ASCII digit runs inside bytes (print text carried as bytes). */
export function scrubPanBytes(bytes: Uint8Array): Buffer {
  const out = Buffer.from(bytes)
  let i = 0
  while (i < out.length) {
    if (!isDigit(out[i])) {
      i++
      continue
    }
    let j = i
    while (isDigit(out[j])) j++
    const len = j - i
    const standAlone = !isAlnum(out[i - 1]) && !isAlnum(out[j])
    if (standAlone && len >= 13 && len <= 19 && luhnOk(out.subarray(i, j).toString('latin1'))) out.fill(0x2a, i + 6, j - 4)
    i = j
  }
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
