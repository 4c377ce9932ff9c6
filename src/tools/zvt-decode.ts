import {commandKey, decodeApdu, encodeApdu} from '../protocol/zvt/apdu.js'
import {ZvtProtocolError} from '../protocol/zvt/errors.js'
import {DLE, STX, decodeFrame} from '../protocol/zvt/framing.js'
import {parseHex, toHex} from '../protocol/zvt/hex.js'
import {decodeMessage, lookupCommand, maskApdu, type DecodeContext} from '../protocol/zvt/messages.js'
import type {Apdu, TlvNode, ZvtFields, ZvtMessage} from '../protocol/zvt/types.js'

export interface DecodeResult {
  kind: 'frame' | 'apdu' | 'data'
  /** frames only: whether the received CRC matches CRC-16/KERMIT of APDU + ETX */
  crcOk?: boolean
  crcReceived?: string
  crcComputed?: string
  /** frames only: the APDU with the DLE stuffing removed (card data masked) */
  apduHex?: string
  command: string
  name: string
  direction: string
  length: number
  fields: Record<string, unknown>
}

/** What could be read before a decode error: header, fields so far, the (masked) undecoded rest. */
export interface PartialDecode {
  command?: string
  name?: string
  length?: number
  fields: Record<string, unknown>
  undecodedHex?: string
  /** data offset where decoding stopped */
  offset?: number
}

/** A decode error with what could be decoded; the error map carries `partial` into the error's details. */
export class PartialDecodeError extends ZvtProtocolError {
  readonly partial: PartialDecode

  constructor(err: ZvtProtocolError, partial: PartialDecode) {
    super(err.code, err.message, err.offset)
    this.partial = partial
  }
}

/** JSON-friendly TLV: tag, hex value, ASCII where printable, children. */
export interface TlvJson {
  tag: string
  hex?: string
  text?: string
  children?: TlvJson[]
}

export function tlvToJson(nodes: TlvNode[]): TlvJson[] {
  return nodes.map((n) => {
    if (n.constructed) return {tag: n.tag, children: tlvToJson(n.children)}
    const printable = n.value.length > 0 && n.value.every((b) => b >= 0x20 && b < 0x7f)
    return {tag: n.tag, hex: toHex(n.value, ''), ...(printable ? {text: n.value.toString('latin1')} : {})}
  })
}

/** 06 D1 fields by the spec's names (attribute, text); others as decoded. */
const RENAME: Readonly<Record<string, Readonly<Record<string, string>>>> = {'06 D1': {printAttribute: 'attribute', printText: 'text'}}

export function fieldsToJson(fields: ZvtFields, command?: string): Record<string, unknown> {
  const names = (command && RENAME[command]) || {}
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(fields)) {
    if (v === undefined) continue
    out[names[k] ?? k] = k === 'tlv' ? tlvToJson(v as TlvNode[]) : v
  }
  return out
}

export interface DecodeOptions {
  /** the command this message answers, e.g. "05 01" (decides the 06 0F layout) */
  request?: string
  /** TLV 14 charset (or CHARSET_ZVT7) for texts, e.g. from charsetByName */
  charset?: number
  /** decode the input as the data block of this command ("06 D1"), without CLASS INSTR LEN */
  command?: string
}

/**
 * Decode one serial frame (starts with DLE STX), one bare APDU, or with `command` a bare data
 * block, from hex text. Throws ZvtProtocolError for anything that is not exactly one well-formed
 * unit; once the header is known the error is a PartialDecodeError with what was decoded so far.
 * A frame with a wrong CRC still decodes (crcOk=false) so a support agent can see what was sent.
 */
export function decodeHexInput(text: string, opts: DecodeOptions = {}): DecodeResult {
  const bytes = parseHex(text)
  if (opts.command !== undefined) return decodeDataBlock(bytes, opts)
  if (bytes.length === 0) throw new ZvtProtocolError('ZVT_TRUNCATED', 'no bytes given', 0)
  const isFrame = bytes.length >= 2 && bytes[0] === DLE && bytes[1] === STX
  let apduBytes: Buffer = bytes
  let frameInfo: Pick<DecodeResult, 'crcOk' | 'crcReceived' | 'crcComputed'> = {}
  if (isFrame) {
    const frame = decodeFrame(bytes)
    apduBytes = frame.apdu
    frameInfo = {
      crcOk: frame.crcOk,
      crcReceived: frame.crcReceived.toString(16).padStart(4, '0').toUpperCase(),
      crcComputed: frame.crcComputed.toString(16).padStart(4, '0').toUpperCase(),
    }
  }
  const apdu = decodeApdu(apduBytes)
  const result = decodeOne(apdu, opts, isFrame ? 'frame' : 'apdu')
  return isFrame ? {...result, ...frameInfo, apduHex: toHex(encodeApdu(maskApdu(apdu)))} : result
}

function decodeDataBlock(data: Buffer, opts: DecodeOptions): DecodeResult {
  const cmd = parseHex(opts.command!)
  if (cmd.length !== 2) throw new ZvtProtocolError('ZVT_BAD_FIELD', `--command must be CLASS INSTR (2 bytes), got "${opts.command}"`)
  return decodeOne({cls: cmd[0]!, ins: cmd[1]!, data}, opts, 'data')
}

function decodeOne(apdu: Apdu, opts: DecodeOptions, kind: DecodeResult['kind']): DecodeResult {
  const ctx: DecodeContext = {strict: true, ...(opts.request ? {request: opts.request} : {}), ...(opts.charset !== undefined ? {charset: opts.charset} : {})}
  let msg: ZvtMessage
  try {
    // strict: a command outside the catalogue is reported as an error, not guessed at
    msg = decodeMessage(apdu, ctx)
  } catch (err) {
    // an unknown command has no header worth showing
    if (!(err instanceof ZvtProtocolError) || !lookupCommand(apdu.cls, apdu.ins)) throw err
    throw new PartialDecodeError(err, partialDecode(apdu, ctx, err))
  }
  return {kind, command: msg.command, name: msg.name, direction: msg.direction, length: apdu.data.length, fields: fieldsToJson(msg.fields, msg.command)}
}

/** The longest prefix of the data that decodes, and the masked rest. Never throws. */
function partialDecode(apdu: Apdu, ctx: DecodeContext, err: ZvtProtocolError): PartialDecode {
  const key = commandKey(apdu)
  const head = {command: key, name: lookupCommand(apdu.cls, apdu.ins)?.name ?? 'unknown', length: apdu.data.length}
  const masked = maskApdu(apdu).data
  const at = err.offset !== undefined && err.offset <= apdu.data.length ? err.offset : 0
  for (let cut = at; cut >= 0; cut--) {
    try {
      const fields = decodeMessage({...apdu, data: apdu.data.subarray(0, cut)}, ctx).fields
      return {...head, fields: fieldsToJson(fields, key), offset: cut, ...(cut < masked.length ? {undecodedHex: toHex(masked.subarray(cut))} : {})}
    } catch {
      // a shorter prefix may still decode
    }
  }
  return {...head, fields: {}, offset: 0, ...(masked.length ? {undecodedHex: toHex(masked)} : {})}
}
