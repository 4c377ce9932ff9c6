// Catalogue, decoder and builders. Command layouts: PA00P015 §2-§3; see docs zvt-notes §6.
import {commandKey} from './apdu.js'
import {bcdDigits, bcdToNumber, decodeVarLength, digitsToBcd, encodeVarLength, isBcd, looksLikeVarLength, numberToBcd} from './bcd.js'
import {bmpForField, decodeBmps, encodeBmp, encodeFieldValue} from './bmp.js'
import {decodeText, decodeZvt7, encodeCp437, encodeText, encodeZvt7} from './charset.js'
import {intermediateStatusInfo, resultCodeInfo, terminalStatusInfo} from './codes/index.js'
import {ZvtProtocolError} from './errors.js'
import {PASSWORD_AT_START, PASSWORD_FIRST, printLineTlvTail} from './layout.js'
import {cardTypeName} from './codes/card-types.js'
import {parseHex, toHex} from './hex.js'
import {decodeTlv, encodeBerLength, encodeTlv, findAllTlv, findTlv, maskTlvNodes, tlvConstructed, tlvPrimitive} from './tlv.js'
import type {Apdu, Direction, TlvNode, ZvtFields, ZvtMessage} from './types.js'

import {maskApdu} from './mask.js'

export {maskApdu}

export interface CatalogueEntry {
  /** "06 01" */
  command: string
  name: string
  direction: Direction | 'either'
  /** true if the PT ends the exchange with 06 0F / 06 1E (false: 80 00 00 is the end, e.g. Log-Off, Abort) */
  hasCompletion: boolean
  /** messages that end the exchange when hasCompletion; 06 C0 Read Card ends with its 04 0F */
  endsWith?: string[]
}

const E2P: Direction = 'ECR->PT'
const P2E: Direction = 'PT->ECR'
const COMPLETION = ['06 0F', '06 1E']

function entry(command: string, name: string, direction: Direction | 'either', hasCompletion: boolean, endsWith?: string[]): CatalogueEntry {
  return hasCompletion ? {command, name, direction, hasCompletion, endsWith: endsWith ?? COMPLETION} : {command, name, direction, hasCompletion}
}

export const CATALOGUE: ReadonlyArray<CatalogueEntry> = [
  entry('04 01', 'Set Date/Time in ECR', P2E, false),
  entry('04 0C', 'Request for Data', P2E, false),
  entry('04 0D', 'Input-Request', P2E, false),
  entry('04 0E', 'Menu-Request', P2E, false),
  entry('04 0F', 'Status-Information', P2E, false),
  entry('04 FF', 'Intermediate Status-Information', P2E, false),
  entry('05 01', 'Status-Enquiry', E2P, true),
  entry('06 00', 'Registration', E2P, true),
  entry('06 01', 'Authorization', E2P, true),
  entry('06 02', 'Log-Off', E2P, false),
  entry('06 03', 'Account Balance Request', E2P, true),
  entry('06 04', 'Activate Card', E2P, true),
  entry('06 05', 'Procurement', E2P, true),
  entry('06 09', 'Top-Up Prepaid Card', E2P, true),
  entry('06 0A', 'Tax Free', E2P, true),
  entry('06 0C', 'Book Tip', E2P, true),
  entry('06 0F', 'Completion', P2E, false),
  entry('06 10', 'Send Turnover Totals', E2P, true),
  entry('06 12', 'Print Turnover Receipts', E2P, true),
  entry('06 18', 'Reset Terminal', E2P, true),
  entry('06 1A', 'Print System Configuration', E2P, true),
  entry('06 1B', 'Set/Reset Terminal-ID', E2P, true),
  entry('06 1E', 'Abort (from PT)', P2E, false),
  entry('06 20', 'Repeat Receipt', E2P, true),
  entry('06 21', 'Telephonic Authorisation', E2P, true),
  entry('06 22', 'Pre-Authorisation / Reservation', E2P, true),
  entry('06 23', 'Partial Reversal of a Pre-Authorisation / Booking of a Reservation', E2P, true),
  entry('06 24', 'Book Total', E2P, true),
  entry('06 25', 'Pre-Authorisation Reversal', E2P, true),
  entry('06 26', 'Reversal of External Transaction', E2P, true),
  entry('06 30', 'Reversal', E2P, true),
  entry('06 31', 'Refund', E2P, true),
  entry('06 50', 'End-of-Day', E2P, true),
  entry('06 51', 'Send Offline Transactions', E2P, true),
  entry('06 70', 'Diagnosis', E2P, true),
  entry('06 79', 'Selftest', E2P, true),
  entry('06 91', 'Set Date/Time in PT', E2P, true),
  entry('06 93', 'Initialisation', E2P, true),
  entry('06 95', 'Change Password', E2P, true),
  entry('06 B0', 'Abort', E2P, false),
  entry('06 C0', 'Read Card', E2P, true, ['04 0F', '06 1E']),
  entry('06 C5', 'Close Card Session', E2P, true),
  entry('06 C6', 'Send APDUs', E2P, true),
  entry('06 D1', 'Print Line', 'either', false),
  entry('06 D3', 'Print Text-Block', 'either', false),
  entry('06 D8', 'Dial-Up', P2E, false),
  entry('06 D9', 'Transmit Data via Dial-Up', P2E, false),
  entry('06 DA', 'Receive Data via Dial-Up', P2E, false),
  entry('06 DB', 'Hang-Up', P2E, false),
  entry('06 DD', 'Transparent Mode', P2E, false),
  entry('06 E0', 'Display Text', E2P, true),
  entry('06 E1', 'Display Text with Function-Key Input', E2P, true),
  entry('06 E2', 'Display Text with Numerical Input', E2P, true),
  entry('06 E3', 'PIN Verification for Customer Card', E2P, true),
  entry('06 E4', 'Blocked-List Query to ECR', P2E, false),
  entry('06 E5', 'MAC Calculation', E2P, true),
  entry('06 E6', 'Card Poll with Authorization', E2P, true),
  entry('06 E7', 'Display Text with Numerical Input (DUKPT)', E2P, true),
  entry('06 F0', 'Display Image', E2P, true),
  entry('08 01', 'Activate Service-Mode', E2P, true),
  entry('08 02', 'Switch Protocol', E2P, true),
  entry('08 10', 'Software Update', E2P, true),
  entry('08 11', 'Read File', E2P, true),
  entry('08 12', 'Delete File', E2P, true),
  entry('08 13', 'Change Configuration', E2P, true),
  entry('08 14', 'Write File', E2P, true),
  entry('08 20', 'Start OPT Action', E2P, true),
  entry('08 21', 'Set OPT Point-in-Time', E2P, true),
  entry('08 22', 'Start OPT Pre-Initialisation', E2P, true),
  entry('08 23', 'Output OPT Data', E2P, true),
  entry('08 24', 'OPT Out-of-Order', E2P, true),
  entry('08 30', 'Select Language', E2P, true),
  entry('08 40', 'Change Baudrate', E2P, true),
  entry('08 50', 'Activate Card-Reader', E2P, false),
  entry('80 00', 'Positive Acknowledgement', 'either', false),
]

const BY_KEY = new Map(CATALOGUE.map((e) => [e.command, e]))

export function lookupCommand(cls: number, ins: number): CatalogueEntry | undefined {
  const key = commandKey({cls, ins})
  const found = BY_KEY.get(key)
  if (found) return found
  // 84 xx: xx is the result code; 84 00 counts as positive (PA00P015 §3.1.1)
  if (cls === 0x84) return {command: key, name: ins === 0 ? 'Positive Acknowledgement (84 00)' : 'Negative Acknowledgement', direction: 'either', hasCompletion: false}
  if (cls === 0x0f) return {command: key, name: 'Manufacturer-Specific Command', direction: E2P, hasCompletion: true, endsWith: COMPLETION}
  return undefined
}

/** Print attribute with the high bit set (other than 80) marks the last line of a receipt. */
export function isLastLine(attribute: number): boolean {
  return (attribute & 0x80) !== 0 && attribute !== 0x80
}



export interface DecodeContext {
  /** the command this message answers ("05 01" changes the 06 0F layout) */
  request?: string
  /** throw ZVT_UNKNOWN_COMMAND for commands not in the catalogue */
  strict?: boolean
  /** TLV 14 charset negotiated at Registration; default CP437 */
  charset?: number
}

function need(data: Buffer, n: number, what: string): void {
  if (data.length < n) throw new ZvtProtocolError('ZVT_TRUNCATED', `${what}: ${n} byte(s) needed, ${data.length} present`, data.length)
}

function merge(fields: ZvtFields, data: Buffer, offset: number, charset: number | undefined): ZvtFields {
  return Object.assign(fields, decodeBmps(data, offset, {charset}))
}

/** 06 0F answering 05 01: [LLLVAR SW version] terminal-status [06 TLV]. */
function decodeStatusCompletion(data: Buffer, charset: number | undefined): ZvtFields {
  const fields: ZvtFields = {}
  let i = 0
  if (looksLikeVarLength(data, 0, 3)) {
    const len = decodeVarLength(data, 0, 3)
    need(data, 3 + len, 'SW version')
    fields.swVersion = decodeZvt7(data.subarray(3, 3 + len)) // "7-bit ASCII with umlauts" [SPEC15 §2.56.5]
    i = 3 + len
  }
  if (i < data.length) fields.terminalStatus = data[i++]!
  return merge(fields, data, i, charset)
}

const RC_WRONG_CURRENCY = 0x6f

/**
 * 06 1E 6F <CC> [06 TLV]: the PT's currency follows the result code untagged [SPEC15 §2.2.9 p.36,
 * §3.3]; some layouts (top-up) tag it 49. A currency is BCD 0000-0999, so a first byte 49 is the
 * tag; 06 is a TLV container only when it spans the rest exactly. Returns where the BMPs start.
 */
function untaggedCurrency(data: Buffer, fields: ZvtFields, cs: number | undefined): number {
  if (data.length < 3 || data[1] === 0x49 || !isBcd(data.subarray(1, 3))) return 1
  if (data[1] === 0x06) {
    try {
      decodeBmps(data, 1, {charset: cs})
      return 1
    } catch {
      // not a container: a currency 06xx
    }
  }
  fields.currencyCode = bcdToNumber(data.subarray(1, 3), 4)
  return 3
}

function decodeData(key: string, apdu: Apdu, ctx: DecodeContext): ZvtFields {
  const data = apdu.data
  const cs = ctx.charset
  const fields: ZvtFields = {}
  if (apdu.cls === 0x84) {
    if (apdu.ins !== 0) fields.resultCode = apdu.ins
    // wrong currency answering a Registration: 84 1E xx 6F [CC] [SPEC15 §2.1 p.29]; the result is 6F, not 1E
    if (apdu.ins === 0x1e && data[0] === RC_WRONG_CURRENCY) {
      fields.resultCode = RC_WRONG_CURRENCY
      if (data.length >= 3) fields.currencyCode = bcdToNumber(data.subarray(1, 3), 4)
      return merge(fields, data, Math.min(data.length, 3), cs)
    }
    return merge(fields, data, 0, cs)
  }
  if (PASSWORD_FIRST.has(key)) {
    if (data.length === 0) return fields
    need(data, 3, 'password')
    fields.password = bcdDigits(data.subarray(0, 3))
    return merge(fields, data, 3, cs)
  }
  switch (key) {
    case '06 C0':
      // Read Card: [<timeout> [19 card-type] [FC dialog-control] [06 TLV]] [SPEC15 §2.21 p.54]
      if (data.length === 0) return fields
      fields.timeout = data[0]!
      return merge(fields, data, 1, cs)
    case '06 12': {
      // Reprint Receipts: <password> <from> [<to>], receipt numbers 2 bytes BCD [SPEC15 §2.19]
      need(data, 5, 'password + from receipt number')
      fields.password = bcdDigits(data.subarray(0, 3))
      fields.receiptNumberFrom = bcdToNumber(data.subarray(3, 5), 3)
      if (data.length >= 7) fields.receiptNumberTo = bcdToNumber(data.subarray(5, 7), 5)
      if (data.length !== 5 && data.length !== 7) throw new ZvtProtocolError('ZVT_TRAILING_BYTES', `06 12: ${data.length} data bytes, 5 or 7 expected`, 7)
      return fields
    }
    case '06 95':
      // Change Password: <old password> <new password> [SPEC15 §2.49]
      need(data, 6, 'old + new password')
      fields.password = bcdDigits(data.subarray(0, 3))
      fields.newPassword = bcdDigits(data.subarray(3, 6))
      return merge(fields, data, 6, cs)
    case '08 02':
      // Switch Protocol: <protocol-type> [SPEC15 §2.61]
      need(data, 1, 'protocol type')
      fields.protocolType = data[0]!
      return merge(fields, data, 1, cs)
    case '06 00': {
      need(data, 4, 'Registration password + config byte')
      fields.password = bcdDigits(data.subarray(0, 3))
      fields.configByte = data[3]!
      if (data.length === 4) return fields
      need(data, 6, 'Registration currency code')
      fields.currencyCode = bcdToNumber(data.subarray(4, 6), 4)
      return merge(fields, data, 6, cs)
    }
    case '05 01':
      if (data.length === 0) return fields
      need(data, 3, 'password')
      fields.password = bcdDigits(data.subarray(0, 3))
      return merge(fields, data, 3, cs)
    case '04 FF': {
      need(data, 1, 'intermediate status')
      fields.intermediateStatus = data[0]!
      if (data.length === 1) return fields
      // new T4 in minutes, 1 byte BCD
      fields.timeout = bcdToNumber(data.subarray(1, 2), 1)
      return merge(fields, data, 2, cs)
    }
    case '06 1E':
      if (data.length === 0) return fields
      fields.resultCode = data[0]!
      if (fields.resultCode === RC_WRONG_CURRENCY) return merge(fields, data, untaggedCurrency(data, fields, cs), cs)
      return merge(fields, data, 1, cs)
    case '06 D1': {
      need(data, 1, 'print attribute')
      fields.printAttribute = data[0]!
      let text = data.subarray(1)
      const tail = printLineTlvTail(text)
      if (tail >= 0) {
        fields.tlv = maskTlvNodes(decodeTlv(text.subarray(tail + 2)))
        text = text.subarray(0, tail)
      }
      // attribute FF: the "text" is the number of line feeds
      if (fields.printAttribute === 0xff) fields.lineFeeds = text.length > 0 ? text[0]! : 1
      else fields.printText = decodeText(text, cs)
      return fields
    }
    case '06 0F': {
      if (ctx.request === '05 01') return decodeStatusCompletion(data, cs)
      if (ctx.request !== undefined) return merge(fields, data, 0, cs)
      // no context: a 05 01 completion starts with Fx Fx Fx (SW version) or is a lone status byte
      if (looksLikeVarLength(data, 0, 3) || data.length === 1) return decodeStatusCompletion(data, cs)
      try {
        return merge(fields, data, 0, cs)
      } catch (bmpError) {
        try {
          return decodeStatusCompletion(data, cs)
        } catch {
          throw bmpError
        }
      }
    }
    default:
      return merge(fields, data, 0, cs)
  }
}

function safeText(f: () => string): string | undefined {
  try {
    const t = f()
    return typeof t === 'string' ? t : undefined
  } catch {
    // code tables unavailable: leave the text out rather than fail the decode
    return undefined
  }
}

function tlvLines(container: TlvNode | undefined, charset: number): string[] {
  if (!container) return []
  return container.children.filter((c) => c.tag === '07').map((c) => decodeText(c.value, charset))
}

/** BMP 19 is the payment type in these [SPEC15 §2.2.1 Table 4, §3.1.1]; the status byte in the Registration completion. */
const PAYMENT_TYPE_IN = new Set(['06 01', '06 05', '06 0C', '06 21', '06 22', '06 23', '06 24', '06 25', '06 30', '06 31', '06 E6', '04 0F'])

/** 04 0F payment type after a payment [SPEC15 §3.1.1 BMP 19] */
const PAYMENT_TYPE_TEXT: Readonly<Record<number, string>> = {0x40: 'offline', 0x50: 'card checked, no authorisation', 0x60: 'online', 0x70: 'PIN payment'}

/** 06 C0 card type [SPEC15 §2.21]: 0001xxxx / 0010xxxx chip, 0101xxxx chip + magstripe, others magstripe */
function readCardTypeText(b: number): string {
  const hi = b >> 4
  if (hi === 0x1 || hi === 0x2) return 'chip'
  if (hi === 0x5) return 'chip + magstripe'
  return 'magstripe'
}

const CARD_TECHNOLOGY: Readonly<Record<number, string>> = {0x00: 'magstripe', 0x01: 'chip', 0x02: 'contactless'}
const CARDHOLDER_VERIFICATION: Readonly<Record<number, string>> = {
  0x00: 'none',
  0x01: 'signature',
  0x02: 'online PIN',
  0x03: 'offline encrypted PIN',
  0x04: 'offline plaintext PIN',
  0x05: 'offline encrypted PIN + signature',
  0x06: 'offline plaintext PIN + signature',
  0x07: 'online PIN + signature',
  0xff: 'unknown',
}

/** Rename BMP 19 in place, keeping the key order (JSON output follows it). */
function renameStatusByte(fields: ZvtFields, to: 'paymentType' | 'readCardType'): void {
  const entries = Object.entries(fields).map(([k, v]) => [k === 'statusByte' ? to : k, v] as const)
  for (const k of Object.keys(fields)) delete (fields as Record<string, unknown>)[k]
  Object.assign(fields, Object.fromEntries(entries))
}

function addDerived(key: string, fields: ZvtFields, ctx: DecodeContext): void {
  if (fields.statusByte !== undefined && PAYMENT_TYPE_IN.has(key)) renameStatusByte(fields, 'paymentType')
  if (fields.statusByte !== undefined && key === '06 C0') renameStatusByte(fields, 'readCardType')
  if (key === '04 0F' && fields.paymentType !== undefined && PAYMENT_TYPE_TEXT[fields.paymentType]) fields.paymentTypeText = PAYMENT_TYPE_TEXT[fields.paymentType]
  if (fields.readCardType !== undefined) fields.readCardTypeText = readCardTypeText(fields.readCardType)
  // 8A FF: the ID is in TLV 41 (below)
  if (fields.cardType !== undefined && fields.cardType !== 0xff) {
    const name = cardTypeName(fields.cardType)
    if (name) fields.cardTypeText = name
  }
  const other = fields.other
  if (other) {
    // display texts, in the ZVT 7-bit set unless a charset was negotiated [SPEC15 §2.26 "7-bit ASCII with umlauts"]
    const lines = Object.entries(other)
      .filter(([tag]) => /^(E[1-8]|F[1-8])$/.test(tag))
      .map(([tag, hex]) => ({bmp: tag, text: ctx.charset === undefined ? decodeZvt7(Buffer.from(hex, 'hex')) : decodeText(Buffer.from(hex, 'hex'), ctx.charset)}))
    if (lines.length > 0) fields.displayLines = lines
    if (other['87']?.toLowerCase() === 'ffff') fields.noReceipt = true
  }
  const rc = fields.resultCode
  if (rc !== undefined) {
    const t = safeText(() => resultCodeInfo(rc).en)
    if (t !== undefined) fields.resultText = t
  }
  const is = fields.intermediateStatus
  if (is !== undefined) {
    const t = safeText(() => intermediateStatusInfo(is).en)
    if (t !== undefined) fields.intermediateText = t
  }
  const ts = fields.terminalStatus
  if (ts !== undefined) {
    const t = safeText(() => terminalStatusInfo(ts).en)
    if (t !== undefined) fields.terminalStatusText = t
  }
  if (!fields.tlv) return
  const longTrace = findTlv(fields.tlv, '1F2B')
  if (longTrace && longTrace.value.length > 0 && isBcd(longTrace.value) && (fields.traceNumber === undefined || fields.traceNumber === 0)) {
    fields.longTraceNumber = Number(longTrace.value.toString('hex'))
  }
  const technology = findTlv(fields.tlv, '1F12')
  if (technology?.value.length === 1) fields.cardTechnology = CARD_TECHNOLOGY[technology.value[0]!] ?? `code ${toHex(technology.value)}`
  const cvm = findTlv(fields.tlv, '1F10')
  if (cvm?.value.length === 1) fields.cardholderVerification = CARDHOLDER_VERIFICATION[cvm.value[0]!] ?? `code ${toHex(cvm.value)}`
  const tlvCardType = findTlv(fields.tlv, '41')
  if (fields.cardTypeText === undefined && tlvCardType && tlvCardType.value.length > 0 && tlvCardType.value.length <= 4) {
    const name = cardTypeName(readBinaryNumber(tlvCardType.value)!)
    if (name) fields.cardTypeText = name
  }
  if (key === '08 14') {
    fields.files = findAllTlv(fields.tlv, '2D').map((file) => {
      const id = file.children.find((c) => c.tag === '1D')
      const name = file.children.find((c) => c.tag === '1F80')
      const size = file.children.find((c) => c.tag === '1F00')
      return {
        ...(id ? {id: readBinaryNumber(id.value)} : {}),
        ...(name ? {name: decodeText(name.value, 0x00)} : {}),
        ...(size ? {size: readBinaryNumber(size.value)} : {}),
      }
    })
  }
  const charsetNode = findTlv(fields.tlv, '14')
  const charset = charsetNode?.value.length === 1 ? charsetNode.value[0]! : (ctx.charset ?? 0xff)
  const display = findTlv(fields.tlv, '24')
  if (display) fields.displayText = tlvLines(display, charset).join('\n')
  const receiptType = findTlv(fields.tlv, '1F07')
  if (receiptType?.value.length === 1) fields.receiptType = receiptType.value[0]!
  if (key === '06 D3') fields.printText = findAllTlv(fields.tlv, '25').flatMap((n) => tlvLines(n, charset)).join('\n')
}

/**
 * Decode any APDU into named fields. `request` is the command this message answers, needed
 * where the layout depends on it (06 0F after 05 01 carries SW version + terminal status).
 * Throws ZvtProtocolError (ZVT_UNKNOWN_COMMAND only when `strict`; otherwise name = "unknown").
 */
export function decodeMessage(apdu: Apdu, ctx: DecodeContext = {}): ZvtMessage {
  const key = commandKey(apdu)
  const found = lookupCommand(apdu.cls, apdu.ins)
  if (!found && ctx.strict) throw new ZvtProtocolError('ZVT_UNKNOWN_COMMAND', `unknown command ${key}`)
  let fields: ZvtFields
  if (found) {
    fields = decodeData(key, apdu, ctx)
  } else {
    try {
      fields = decodeData(key, apdu, ctx)
    } catch (e) {
      if (!(e instanceof ZvtProtocolError)) throw e
      // masked: the bytes may hold card data the parser could not locate
      fields = apdu.data.length > 0 ? {undecoded: toHex(maskApdu(apdu).data, '')} : {}
    }
  }
  addDerived(key, fields, ctx)
  return {command: key, name: found?.name ?? 'unknown', direction: found?.direction ?? 'either', fields}
}

/**
 * Where the ECR password sits in an APDU's data: the 3 leading bytes of Registration, of
 * Status-Enquiry with data and of PASSWORD_FIRST commands (even when the rest does not parse),
 * and the value of a BMP 3D the decoder found. Logs show these bytes as "**". Never throws.
 */
export function passwordOffsets(apdu: Apdu): number[] {
  const key = commandKey(apdu)
  const data = apdu.data
  const out: number[] = []
  if (PASSWORD_AT_START.has(key)) for (let i = 0; i < Math.min(key === '06 95' ? 6 : 3, data.length); i++) out.push(i)
  let password: string | undefined
  try {
    password = decodeMessage(apdu).fields.password
  } catch {
    password = undefined
  }
  if (password !== undefined && /^[0-9a-f]{6}$/i.test(password)) {
    const bcd = Buffer.from(password, 'hex')
    for (let i = out.length; i + 4 <= data.length; i++) if (data[i] === 0x3d && bcd.equals(data.subarray(i + 1, i + 4))) out.push(i + 1, i + 2, i + 3)
  }
  return out
}

/** The whole APDU as log hex ("06 00 04 ** ** ** 8E"): password bytes (passwordOffsets) as "**". Never throws. */
export function hexHidingPassword(apdu: Apdu): string {
  const n = apdu.data.length
  // same length rule as encodeApdu (FF lo hi above 254), kept here so it cannot throw
  const head = n <= 0xfe ? [apdu.cls, apdu.ins, n] : [apdu.cls, apdu.ins, 0xff, n & 0xff, (n >> 8) & 0xff]
  const tokens = toHex(Buffer.concat([Buffer.from(head), apdu.data])).split(' ')
  for (const i of passwordOffsets(apdu)) tokens[head.length + i] = '**'
  return tokens.join(' ')
}

// Fields that are positional, derived from other data, or presence-only: never sent as BMPs.
const NOT_BMP = new Set<keyof ZvtFields>([
  'configByte', 'resultText', 'intermediateStatus', 'intermediateText', 'printAttribute', 'printText', 'swVersion',
  'terminalStatus', 'terminalStatusText', 'displayText', 'receiptType', 'lineFeeds', 'undecoded',
  'track1Present', 'track2Present', 'track3Present', 'cvvPresent',
  'paymentTypeText', 'readCardTypeText', 'cardTypeText', 'displayLines', 'longTraceNumber', 'noReceipt', 'cardTechnology',
  'cardholderVerification', 'files', 'receiptNumberFrom', 'receiptNumberTo', 'newPassword', 'protocolType',
])

/** Names BMP 19 goes by besides statusByte (decoded by the command it appears in). */
const BMP19_ALIASES = new Set<keyof ZvtFields>(['paymentType', 'readCardType'])

/**
 * Encode named fields as BMPs (tag order as given by the field order in `fields`).
 * Positional and derived fields (configByte, terminalStatus, resultText...) and presence flags
 * are skipped; `other` entries (tag hex -> value hex) are sent as they are.
 */
export function encodeFields(fields: ZvtFields): Buffer {
  const parts: Buffer[] = []
  for (const [k, v] of Object.entries(fields)) {
    const key = k as keyof ZvtFields
    if (v === undefined || NOT_BMP.has(key)) continue
    if (key === 'other') {
      for (const [tag, hex] of Object.entries(v as Record<string, string>)) {
        if (!/^[0-9A-Fa-f]{2}$/.test(tag)) throw new ZvtProtocolError('ZVT_BAD_FIELD', `other: bad BMP tag "${tag}"`)
        parts.push(encodeBmp(Number.parseInt(tag, 16), parseHex(hex)))
      }
      continue
    }
    const def = bmpForField(BMP19_ALIASES.has(key) ? 'statusByte' : key)
    if (!def) throw new ZvtProtocolError('ZVT_BAD_FIELD', `field ${key} has no BMP`)
    const value = encodeFieldValue(def, v)
    if (value) parts.push(encodeBmp(def.tag, value))
  }
  return Buffer.concat(parts)
}

function without(fields: ZvtFields, ...keys: Array<keyof ZvtFields>): ZvtFields {
  const copy: ZvtFields = {...fields}
  for (const k of keys) delete copy[k]
  return copy
}

function passwordBytes(password: string | undefined): Buffer {
  if (password === undefined || !/^\d{6}$/.test(password)) throw new ZvtProtocolError('ZVT_BAD_FIELD', 'password: 6 digits required')
  return digitsToBcd(password, 3, 'password')
}

function byteOf(v: number | undefined, what: string): number {
  if (v === undefined || !Number.isInteger(v) || v < 0 || v > 255) throw new ZvtProtocolError('ZVT_BAD_FIELD', `${what}: a byte (0-255) is required`)
  return v
}

/** Big-endian binary in as few bytes as it takes (at least one): TLV values "length variable; binary encoded". */
export function binaryNumber(n: number, what: string): Buffer {
  if (!Number.isSafeInteger(n) || n < 0) throw new ZvtProtocolError('ZVT_BAD_FIELD', `${what}: a non-negative integer is required`)
  const out: number[] = []
  let v = n
  do {
    out.unshift(v % 256)
    v = Math.floor(v / 256)
  } while (v > 0)
  return Buffer.from(out)
}

/** Inverse of binaryNumber (empty: undefined). */
export function readBinaryNumber(b: Uint8Array | undefined): number | undefined {
  if (!b || b.length === 0) return undefined
  let n = 0
  for (const x of b) n = n * 256 + x
  return n
}

function tlvBmp(nodes: TlvNode[]): Buffer {
  const body = encodeTlv(nodes)
  return Buffer.concat([Buffer.from([0x06]), encodeBerLength(body.length), body])
}

function parseCommand(command: string): {cls: number; ins: number} {
  const b = parseHex(command)
  if (b.length !== 2) throw new ZvtProtocolError('ZVT_BAD_FIELD', `command must be 2 bytes, got "${command}"`)
  return {cls: b[0]!, ins: b[1]!}
}

/** Inverse of decodeMessage for the positional layouts it knows: encodeMessage(decodeMessage(x)) reproduces x when no card data had to be masked. */
export function encodeMessage(msg: Pick<ZvtMessage, 'command' | 'fields'>): Apdu {
  const {cls, ins} = parseCommand(msg.command)
  const key = commandKey({cls, ins})
  const f = msg.fields
  const apdu = (...parts: Buffer[]): Apdu => ({cls, ins, data: Buffer.concat(parts)})
  if (cls === 0x84 && ins === 0x1e && f.resultCode === RC_WRONG_CURRENCY) {
    const cc = f.currencyCode === undefined ? Buffer.alloc(0) : numberToBcd(f.currencyCode, 2, 'currencyCode')
    return apdu(Buffer.from([RC_WRONG_CURRENCY]), cc, encodeFields(without(f, 'resultCode', 'currencyCode')))
  }
  if (cls === 0x84) return apdu(encodeFields(without(f, 'resultCode')))
  if (PASSWORD_FIRST.has(key) || (key === '05 01' && f.password !== undefined)) {
    if (f.password === undefined) return apdu(encodeFields(f))
    return apdu(passwordBytes(f.password), encodeFields(without(f, 'password')))
  }
  switch (key) {
    case '06 C0':
      if (f.timeout === undefined) return apdu(encodeFields(f))
      return apdu(Buffer.from([byteOf(f.timeout, 'timeout')]), encodeFields(without(f, 'timeout')))
    case '06 12':
      return apdu(
        passwordBytes(f.password),
        numberToBcd(f.receiptNumberFrom ?? 0, 2, 'receiptNumberFrom'),
        f.receiptNumberTo === undefined ? Buffer.alloc(0) : numberToBcd(f.receiptNumberTo, 2, 'receiptNumberTo'),
      )
    case '06 95':
      return apdu(passwordBytes(f.password), passwordBytes(f.newPassword), encodeFields(without(f, 'password', 'newPassword')))
    case '08 02':
      return apdu(Buffer.from([byteOf(f.protocolType, 'protocolType')]), encodeFields(without(f, 'protocolType')))
    case '06 00': {
      const head: Buffer[] = [passwordBytes(f.password), Buffer.from([byteOf(f.configByte, 'configByte')])]
      if (f.currencyCode !== undefined) head.push(numberToBcd(f.currencyCode, 2, 'currencyCode'))
      return apdu(...head, encodeFields(without(f, 'password', 'configByte', 'currencyCode')))
    }
    case '04 FF': {
      const head: Buffer[] = [Buffer.from([byteOf(f.intermediateStatus, 'intermediateStatus')])]
      if (f.timeout !== undefined) head.push(numberToBcd(f.timeout, 1, 'timeout (minutes)'))
      return apdu(...head, encodeFields(without(f, 'timeout')))
    }
    case '06 1E':
      if (f.resultCode === undefined) return apdu(encodeFields(f))
      if (f.resultCode === RC_WRONG_CURRENCY && f.currencyCode !== undefined) {
        return apdu(Buffer.from([RC_WRONG_CURRENCY]), numberToBcd(f.currencyCode, 2, 'currencyCode'), encodeFields(without(f, 'resultCode', 'currencyCode')))
      }
      return apdu(Buffer.from([byteOf(f.resultCode, 'resultCode')]), encodeFields(without(f, 'resultCode')))
    case '06 D1': {
      const attribute = byteOf(f.printAttribute ?? 0, 'printAttribute')
      const text = attribute === 0xff ? Buffer.from([byteOf(f.lineFeeds ?? 1, 'lineFeeds')]) : encodeCp437(f.printText ?? '')
      return apdu(Buffer.from([attribute]), text, f.tlv ? tlvBmp(f.tlv) : Buffer.alloc(0))
    }
    case '06 0F':
      if (f.terminalStatus !== undefined || f.swVersion !== undefined) {
        const head: Buffer[] = []
        if (f.swVersion !== undefined) {
          const sw = encodeZvt7(f.swVersion)
          head.push(encodeVarLength(sw.length, 3), sw)
        }
        if (f.terminalStatus !== undefined) head.push(Buffer.from([byteOf(f.terminalStatus, 'terminalStatus')]))
        return apdu(...head, encodeFields(f))
      }
      return apdu(encodeFields(f))
    default:
      return apdu(encodeFields(f))
  }
}

const apduOf = (cls: number, ins: number, ...parts: Buffer[]): Apdu => ({cls, ins, data: Buffer.concat(parts)})
const bmp = (field: keyof ZvtFields, value: unknown): Buffer => {
  const def = bmpForField(field)!
  return encodeBmp(def.tag, encodeFieldValue(def, value)!)
}
const opt = (field: keyof ZvtFields, value: unknown): Buffer => (value === undefined ? Buffer.alloc(0) : bmp(field, value))

/** ECR -> PT command builders. Passwords are 6 digit strings. */
export const ecr = {
  /** 06 00 PW config-byte [CC positional] [03 service-byte] [06 TLV]; service byte and TLV need the CC. */
  registration(o: {password: string; configByte: number; currencyCode?: number; serviceByte?: number; tlv?: TlvNode[]}): Apdu {
    if (o.currencyCode === undefined && (o.serviceByte !== undefined || o.tlv !== undefined)) {
      throw new ZvtProtocolError('ZVT_BAD_FIELD', 'registration: serviceByte/tlv require currencyCode (positional)')
    }
    return apduOf(
      0x06, 0x00,
      passwordBytes(o.password),
      Buffer.from([byteOf(o.configByte, 'configByte')]),
      o.currencyCode === undefined ? Buffer.alloc(0) : numberToBcd(o.currencyCode, 2, 'currencyCode'),
      opt('serviceByte', o.serviceByte),
      o.tlv ? tlvBmp(o.tlv) : Buffer.alloc(0),
    )
  },
  logOff(): Apdu {
    return apduOf(0x06, 0x02)
  },
  /** 05 01 [PW [03 service-byte] [06 TLV]] */
  statusEnquiry(o: {password?: string; serviceByte?: number; tlv?: TlvNode[]} = {}): Apdu {
    if (o.password === undefined) {
      if (o.serviceByte !== undefined || o.tlv !== undefined) throw new ZvtProtocolError('ZVT_BAD_FIELD', 'statusEnquiry: serviceByte/tlv require password')
      return apduOf(0x05, 0x01)
    }
    return apduOf(0x05, 0x01, passwordBytes(o.password), opt('serviceByte', o.serviceByte), o.tlv ? tlvBmp(o.tlv) : Buffer.alloc(0))
  },
  /** 06 70 [06 TLV {1B diagnosis type}] */
  diagnosis(o: {type?: number} = {}): Apdu {
    if (o.type === undefined) return apduOf(0x06, 0x70)
    return apduOf(0x06, 0x70, tlvBmp([tlvPrimitive('1B', Buffer.from([byteOf(o.type, 'type')]))]))
  },
  /** 06 01 04 amount [49 CC] [19 payment-type] [01 timeout] [02 max status infos] */
  authorization(o: {amountCents: number; currencyCode?: number; paymentType?: number; timeout?: number; maxStatusInfos?: number}): Apdu {
    return apduOf(
      0x06, 0x01,
      bmp('amountCents', o.amountCents),
      opt('currencyCode', o.currencyCode),
      opt('statusByte', o.paymentType),
      opt('timeout', o.timeout),
      opt('maxStatusInfos', o.maxStatusInfos),
    )
  },
  /** 06 30 PW 87 receipt-no [04 amount] [49 CC] */
  reversal(o: {password: string; receiptNumber: number; amountCents?: number; currencyCode?: number}): Apdu {
    return apduOf(
      0x06, 0x30,
      passwordBytes(o.password),
      bmp('receiptNumber', o.receiptNumber),
      opt('amountCents', o.amountCents),
      opt('currencyCode', o.currencyCode),
    )
  },
  /** 06 31 PW 04 amount [49 CC] */
  refund(o: {password: string; amountCents: number; currencyCode?: number}): Apdu {
    return apduOf(0x06, 0x31, passwordBytes(o.password), bmp('amountCents', o.amountCents), opt('currencyCode', o.currencyCode))
  },
  /**
   * 06 20 PW [03 service-byte] [06 TLV {1F01 receipt ID, 1F02 from, 1F03 to}].
   * 1F02/1F03 are "length variable; binary encoded" [SPEC15 §9.4.2 p.158], unlike BMP 87 (BCD):
   * receipt 42 is 2A (sent as BCD 42 a terminal reads receipt 66).
   */
  repeatReceipt(o: {password: string; serviceByte?: number; receiptId?: number; receiptNumberFrom?: number; receiptNumberTo?: number}): Apdu {
    const tlv: TlvNode[] = []
    if (o.receiptId !== undefined) tlv.push(tlvPrimitive('1F01', Buffer.from([byteOf(o.receiptId, 'receiptId')])))
    if (o.receiptNumberFrom !== undefined) tlv.push(tlvPrimitive('1F02', binaryNumber(o.receiptNumberFrom, 'receiptNumberFrom')))
    if (o.receiptNumberTo !== undefined) tlv.push(tlvPrimitive('1F03', binaryNumber(o.receiptNumberTo, 'receiptNumberTo')))
    return apduOf(0x06, 0x20, passwordBytes(o.password), opt('serviceByte', o.serviceByte), tlv.length ? tlvBmp(tlv) : Buffer.alloc(0))
  },
  endOfDay(o: {password: string}): Apdu {
    return apduOf(0x06, 0x50, passwordBytes(o.password))
  },
  turnoverTotals(o: {password: string}): Apdu {
    return apduOf(0x06, 0x10, passwordBytes(o.password))
  },
  printSystemConfiguration(): Apdu {
    return apduOf(0x06, 0x1a)
  },
  /** 08 11 06 TLV 2D{1D file-ID, [1E start offset, 4 bytes big-endian]} */
  readFile(o: {fileId: number; offset?: number}): Apdu {
    const file: TlvNode[] = [tlvPrimitive('1D', Buffer.from([byteOf(o.fileId, 'fileId')]))]
    if (o.offset !== undefined) {
      if (!Number.isInteger(o.offset) || o.offset < 0 || o.offset > 0xffffffff) throw new ZvtProtocolError('ZVT_BAD_FIELD', 'offset: 0..2^32-1')
      const off = Buffer.alloc(4)
      off.writeUInt32BE(o.offset)
      file.push(tlvPrimitive('1E', off))
    }
    return apduOf(0x08, 0x11, tlvBmp([tlvConstructed('2D', file)]))
  },
  abort(): Apdu {
    return apduOf(0x06, 0xb0)
  },
  /** 06 C0 <timeout s, 00 = none> [19 card-type] [SPEC15 §2.21 p.54] */
  readCard(o: {timeoutSeconds?: number; cardType?: number} = {}): Apdu {
    return apduOf(0x06, 0xc0, Buffer.from([byteOf(o.timeoutSeconds ?? 30, 'timeoutSeconds')]), opt('statusByte', o.cardType))
  },
  /** 06 18 Reset Terminal [SPEC15 §2.44] */
  resetTerminal(): Apdu {
    return apduOf(0x06, 0x18)
  },
  /** 06 93 PW Initialisation [SPEC15 §2.18] */
  initialisation(o: {password: string}): Apdu {
    return apduOf(0x06, 0x93, passwordBytes(o.password))
  },
}

/** Acknowledgements, used by both sides. */
export const ack = {
  positive(): Apdu {
    return apduOf(0x80, 0x00)
  },
  /** 84 <code> 00 (never 84 00 00: that is positive) */
  negative(code: number): Apdu {
    if (code === 0) throw new ZvtProtocolError('ZVT_BAD_FIELD', '84 00 is a positive acknowledgement; use a non-zero error code')
    return apduOf(0x84, byteOf(code, 'code'))
  },
  /** 84 9D 04 <amount>: ECR reply to 04 0F when goods were issued only partially */
  partialIssue(amountCents: number): Apdu {
    return apduOf(0x84, 0x9d, bmp('amountCents', amountCents))
  },
}

/** PT -> ECR message builders (the simulator uses these). */
export const pt = {
  /** 04 FF status [timeout, 1 byte BCD minutes] [06 TLV] (TLV requires the timeout) */
  intermediateStatus(o: {status: number; timeoutMinutes?: number; tlv?: TlvNode[]}): Apdu {
    if (o.tlv && o.timeoutMinutes === undefined) throw new ZvtProtocolError('ZVT_BAD_FIELD', 'intermediateStatus: tlv requires timeoutMinutes')
    return apduOf(
      0x04, 0xff,
      Buffer.from([byteOf(o.status, 'status')]),
      o.timeoutMinutes === undefined ? Buffer.alloc(0) : numberToBcd(o.timeoutMinutes, 1, 'timeoutMinutes'),
      o.tlv ? tlvBmp(o.tlv) : Buffer.alloc(0),
    )
  },
  statusInformation(fields: ZvtFields): Apdu {
    return apduOf(0x04, 0x0f, encodeFields(fields))
  },
  /** 06 D1 attribute text (CP437, or the charset negotiated with TLV 14) */
  printLine(o: {attribute: number; text: string; charset?: number}): Apdu {
    return apduOf(0x06, 0xd1, Buffer.from([byteOf(o.attribute, 'attribute')]), encodeText(o.text, o.charset))
  },
  /**
   * 06 D3 06 TLV {[1F07 receipt type], 25 {[09 attribute] 07 text ...[09 endAttribute]}}.
   * Real terminals close the block with a lone 09 (81 or FF): pass endAttribute for that.
   */
  printTextBlock(o: {lines: Array<{attribute?: number; text: string}>; receiptType?: 1 | 2 | 3; endAttribute?: number; charset?: number}): Apdu {
    const items: TlvNode[] = []
    for (const line of o.lines) {
      if (line.attribute !== undefined) items.push(tlvPrimitive('09', Buffer.from([byteOf(line.attribute, 'attribute')])))
      items.push(tlvPrimitive('07', encodeText(line.text, o.charset)))
    }
    if (o.endAttribute !== undefined) items.push(tlvPrimitive('09', Buffer.from([byteOf(o.endAttribute, 'endAttribute')])))
    const tlv: TlvNode[] = []
    // a block may name its charset itself (TLV 14) [SPEC15 §9.4.2 tag 25]
    if (o.charset !== undefined) tlv.push(tlvPrimitive('14', Buffer.from([o.charset])))
    if (o.receiptType !== undefined) tlv.push(tlvPrimitive('1F07', Buffer.from([o.receiptType])))
    tlv.push(tlvConstructed('25', items))
    return apduOf(0x06, 0xd3, tlvBmp(tlv))
  },
  completion(fields: ZvtFields = {}): Apdu {
    return apduOf(0x06, 0x0f, encodeFields(fields))
  },
  /** 06 0F answering 05 01: [LLLVAR SW version] terminal-status [06 TLV] */
  statusCompletion(o: {swVersion?: string; terminalStatus: number; tlv?: TlvNode[]}): Apdu {
    return encodeMessage({command: '06 0F', fields: {swVersion: o.swVersion, terminalStatus: o.terminalStatus, ...(o.tlv ? {tlv: o.tlv} : {})}})
  },
  /** 06 1E result-code [CC untagged, only with 6F] [06 TLV] [SPEC15 §2.2.9 p.36] */
  abort(o: {resultCode: number; currencyCode?: number; tlv?: TlvNode[]}): Apdu {
    return apduOf(
      0x06, 0x1e,
      Buffer.from([byteOf(o.resultCode, 'resultCode')]),
      o.currencyCode === undefined ? Buffer.alloc(0) : numberToBcd(o.currencyCode, 2, 'currencyCode'),
      o.tlv ? tlvBmp(o.tlv) : Buffer.alloc(0),
    )
  },
  /** 84 1E 6F [CC]: a Registration with the wrong currency [SPEC15 §2.1 p.29] */
  registrationWrongCurrency(o: {currencyCode?: number}): Apdu {
    return apduOf(0x84, 0x1e, Buffer.from([RC_WRONG_CURRENCY]), o.currencyCode === undefined ? Buffer.alloc(0) : numberToBcd(o.currencyCode, 2, 'currencyCode'))
  },
  /** 04 01 AA YYMMDD 0C HHMMSS */
  setDateTime(o: {dateFull: string; time: string}): Apdu {
    if (!/^\d{6}$/.test(o.dateFull) || !/^\d{6}$/.test(o.time)) throw new ZvtProtocolError('ZVT_BAD_FIELD', 'setDateTime: dateFull YYMMDD and time HHMMSS')
    return apduOf(0x04, 0x01, bmp('dateFull', o.dateFull), bmp('time', o.time))
  },
}
