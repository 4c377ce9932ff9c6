/**
 * Finding and masking card data in free text (PCI DSS: no full PAN, track data, CVV or PIN
 * block may be stored or exported). Pure functions; the case store masks with them on every
 * write and the report's redaction gate refuses exports in which they still find something.
 *
 * Rules (one set for both sides, so masked text always passes the gate):
 * - pan: a stand-alone run of 13-19 digits, or 4-digit-grouped with one kind of separator
 *   (space or dash: 4-4-4-4[-1..3], 4-6-5, 4-6-4), Luhn-valid, starting with 2-6, 8 or 9 (the
 *   card schemes' first digits; 1... is an epoch-millisecond timestamp) and not with a calendar
 *   date (YYYYMMDD with 19xx/20xx: timestamps and order numbers; no scheme issues those
 *   prefixes). Masked to first 6 / last 4.
 * - track2: PAN (full, or already masked) + '=' or 'D' + YYMM + service code (ZVT BCD dumps
 *   use D). track1: 'B' + PAN + '^' name '^' YYMM. Everything after the PAN is masked.
 * - cvv: a cvv/cvc/cvn/cav2/csc/cid/安全码 label followed by 3-4 digits.
 * - pin-block: a PIN-block label (pinBlock, pin_block, EPB, DE52 ...) followed by 16 hex digits.
 */

export type CardDataKind = 'pan' | 'track1' | 'track2' | 'cvv' | 'pin-block'

/** Where something was found; never carries the data itself. */
export interface CardDataMatch {
  kind: CardDataKind
  /** offset into the scanned string */
  index: number
  length: number
}

export function luhnValid(digits: string): boolean {
  let sum = 0
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48
    if (d < 0 || d > 9) return false
    if (i % 2 === 1) {
      d *= 2
      if (d > 9) d -= 9
    }
    sum += d
  }
  return sum % 10 === 0
}

const DATE_PREFIX = /^(?:19|20)\d\d(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])/
// card schemes start with 2-6, 8 (UnionPay 81) or 9 (national schemes); 1 is epoch-ms timestamps, 0 and 7 no payment card
const ISSUER_FIRST_DIGIT = /^[2-689]/

/** Could these digits be a card number (length, Luhn, issuer prefix)? */
export function plausiblePan(digits: string): boolean {
  return digits.length >= 13 && digits.length <= 19 && ISSUER_FIRST_DIGIT.test(digits) && !DATE_PREFIX.test(digits) && luhnValid(digits)
}

const MASKED_PAN = String.raw`\d{6}[*xX#]{2,9}\d{4}`
const PAN_CONTIGUOUS = /(?<![0-9A-Za-z])[2-689]\d{12,18}(?![0-9A-Za-z])/g
const PAN_GROUPED = /(?<![0-9A-Za-z])[2-689]\d{3}([ -])\d{4,6}(?:\1\d{3,5}){1,3}(?![0-9A-Za-z])/g
const TRACK2 = new RegExp(String.raw`(?<![0-9A-Za-z])(\d{13,19}|${MASKED_PAN})[ ]?[=Dd][ ]?\d\d(?:0[1-9]|1[0-2])\d{3}[0-9A-Fa-f]*`, 'g')
const TRACK1 = new RegExp(String.raw`%?B(\d{13,19}|${MASKED_PAN})\^[^^\r\n]{0,26}\^\d\d(?:0[1-9]|1[0-2])[^?\r\n]{0,80}\??`, 'g')
const CVV = /(?:(?:cvv2?|cvc2?|cvn2?|cav2|csc)|(?<![A-Za-z0-9])cid|安全码)(?![A-Za-z0-9])[\s"':=|：＝]{0,5}(\d{3,4})(?![0-9])/giu
const PIN_BLOCK = /(?:pin[ _-]?block|pin[ _-]?blk|(?<![A-Za-z0-9])epb|(?<![A-Za-z0-9])(?:de|field|bit)[ _-]?52)(?![A-Za-z0-9])[\s"':=|：＝]{0,5}([0-9A-Fa-f]{16})(?![0-9A-Fa-f])/gi

/** Digit grouping a card number is printed with (anything else is a column of numbers). */
function cardGrouping(groups: number[]): boolean {
  if (groups[0] !== 4) return false
  if (groups.length === 3) return groups[1] === 6 && (groups[2] === 4 || groups[2] === 5)
  const last = groups[groups.length - 1]!
  return groups.slice(0, -1).every((g) => g === 4) && last >= 1 && last <= 4
}

function* matches(re: RegExp, text: string): Generator<RegExpExecArray> {
  re.lastIndex = 0
  for (let m = re.exec(text); m; m = re.exec(text)) yield m
}

/** Every piece of card data in `text`, in order, non-overlapping (track data wins over its PAN). */
export function findCardData(text: string): CardDataMatch[] {
  // cheap exit: nothing here can match without 3 consecutive digits
  if (!/\d{3}/.test(text)) return []
  const found: CardDataMatch[] = []
  const add = (kind: CardDataKind, index: number, length: number) => {
    if (found.some((f) => index < f.index + f.length && f.index < index + length)) return
    found.push({kind, index, length})
  }
  for (const m of matches(TRACK1, text)) if (/\D/.test(m[1]!) || luhnValid(m[1]!)) add('track1', m.index, m[0].length)
  for (const m of matches(TRACK2, text)) if (/\D/.test(m[1]!) || plausiblePan(m[1]!)) add('track2', m.index, m[0].length)
  for (const m of matches(PAN_CONTIGUOUS, text)) if (plausiblePan(m[0])) add('pan', m.index, m[0].length)
  for (const m of matches(PAN_GROUPED, text)) {
    // "4111 1111 1111 1111 2026": the card number is a prefix of the run
    const groups = m[0].split(/[ -]/)
    // the run may hold the start of the next card number ("4111 … 1111 4111 …"): scanning goes
    // on right after what was taken (or after the first group), not after the whole run
    let taken = groups[0]!.length
    for (let n = groups.length; n >= 3; n--) {
      const part = groups.slice(0, n)
      if (cardGrouping(part.map((g) => g.length)) && plausiblePan(part.join(''))) {
        taken = part.join(m[1]!).length
        add('pan', m.index, taken)
        break
      }
    }
    PAN_GROUPED.lastIndex = m.index + taken
  }
  for (const m of matches(CVV, text)) add('cvv', m.index + m[0].length - m[1]!.length, m[1]!.length)
  for (const m of matches(PIN_BLOCK, text)) add('pin-block', m.index + m[0].length - m[1]!.length, m[1]!.length)
  return found.sort((a, b) => a.index - b.index)
}

/** First 6 and last 4 digits kept, separators kept, every other digit becomes '*'. */
export function maskPan(pan: string): string {
  const total = pan.replace(/\D/g, '').length
  let seen = 0
  let out = ''
  for (const ch of pan) {
    if (ch >= '0' && ch <= '9') {
      out += seen < 6 || seen >= total - 4 ? ch : '*'
      seen++
    } else out += ch
  }
  return out
}

function maskMatch(kind: CardDataKind, s: string): string {
  switch (kind) {
    case 'pan':
      return maskPan(s)
    case 'track1':
    case 'track2': {
      // keep the PAN masked to first 6 / last 4; everything after it (expiry, service code, discretionary data) goes
      const m = /^(%?B)?(\d{13,19}|\d{6}[*xX#]{2,9}\d{4})/.exec(s)
      if (!m) return '*'.repeat(s.length)
      const head = (m[1] ?? '') + maskPan(m[2]!)
      return head + s.slice(head.length).replace(/[0-9A-Za-z]/g, '*')
    }
    default:
      return '*'.repeat(s.length)
  }
}

/** `text` with all card data masked, and how many pieces were masked. */
export function maskCardData(text: string): {text: string; count: number} {
  const found = findCardData(text)
  if (found.length === 0) return {text, count: 0}
  let out = ''
  let at = 0
  for (const f of found) {
    out += text.slice(at, f.index) + maskMatch(f.kind, text.slice(f.index, f.index + f.length))
    at = f.index + f.length
  }
  return {text: out + text.slice(at), count: found.length}
}

/**
 * Mask one line of bytes without changing anything else: UTF-8 when the bytes are valid UTF-8
 * (so CJK labels like 安全码 are seen), else Latin-1 (byte-preserving, e.g. GBK journals: the
 * digits are ASCII in every encoding we meet).
 */
export function maskCardDataBytes(bytes: Buffer): {bytes: Buffer; count: number} {
  const utf8 = bytes.toString('utf8')
  const enc: BufferEncoding = Buffer.byteLength(utf8, 'utf8') === bytes.length && Buffer.from(utf8, 'utf8').equals(bytes) ? 'utf8' : 'latin1'
  const {text, count} = maskCardData(enc === 'utf8' ? utf8 : bytes.toString('latin1'))
  return count === 0 ? {bytes, count} : {bytes: Buffer.from(text, enc), count}
}

/** Deep copy of a JSON-like value with every string (and PAN-like integer) masked; counts what was masked. */
export function maskDeep<T>(value: T): {value: T; count: number} {
  let count = 0
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') {
      const r = maskCardData(v)
      count += r.count
      return r.text
    }
    if (typeof v === 'number' && Number.isSafeInteger(v) && v >= 1e12) {
      const r = maskCardData(String(v))
      count += r.count
      return r.count > 0 ? r.text : v
    }
    if (Array.isArray(v)) return v.map(walk)
    if (v && typeof v === 'object') {
      const out: Record<string, unknown> = {}
      for (const [k, x] of Object.entries(v)) {
        if (x === undefined) continue
        out[walk(k) as string] = walk(x)
      }
      return out
    }
    return v
  }
  const out = walk(value) as T
  return {value: out, count}
}
