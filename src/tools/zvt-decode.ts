import {decodeApdu} from '../protocol/zvt/apdu.js'
import {ZvtProtocolError} from '../protocol/zvt/errors.js'
import {DLE, STX, decodeFrame} from '../protocol/zvt/framing.js'
import {parseHex, toHex} from '../protocol/zvt/hex.js'
import {decodeMessage} from '../protocol/zvt/messages.js'
import type {TlvNode, ZvtFields} from '../protocol/zvt/types.js'

export interface DecodeResult {
  kind: 'frame' | 'apdu'
  /** frames only: whether the received CRC matches CRC-16/KERMIT of APDU + ETX */
  crcOk?: boolean
  crcReceived?: string
  crcComputed?: string
  command: string
  name: string
  direction: string
  length: number
  fields: Record<string, unknown>
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

export function fieldsToJson(fields: ZvtFields): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(fields)) {
    if (v === undefined) continue
    out[k] = k === 'tlv' ? tlvToJson(v as TlvNode[]) : v
  }
  return out
}

/**
 * Decode one serial frame (starts with DLE STX) or one bare APDU from hex text.
 * Throws ZvtProtocolError for anything that is not exactly one well-formed unit; a frame
 * with a wrong CRC still decodes (crcOk=false) so a support agent can see what was sent.
 */
export function decodeHexInput(text: string, opts: {request?: string} = {}): DecodeResult {
  const bytes = parseHex(text)
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
  // strict: a command outside the catalogue is reported as an error, not guessed at
  const msg = decodeMessage(apdu, {strict: true, ...(opts.request ? {request: opts.request} : {})})
  return {
    kind: isFrame ? 'frame' : 'apdu',
    ...frameInfo,
    command: msg.command,
    name: msg.name,
    direction: msg.direction,
    length: apdu.data.length,
    fields: fieldsToJson(msg.fields),
  }
}
