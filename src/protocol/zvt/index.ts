// Public API of the pure ZVT protocol core (no I/O, no timers).
export type {Apdu, Direction, TlvNode, TurnoverTotals, ZvtFields, ZvtMessage} from './types.js'
export {ZvtProtocolError, type ZvtProtocolErrorCode} from './errors.js'
export {parseHex, toHex} from './hex.js'
export {crc16Kermit} from './crc.js'
export {ACK, DLE, ETX, NAK, STX, Deframer, decodeFrame, encodeFrame, frameCrc, type DecodedFrame, type SerialEvent} from './framing.js'
export {ApduReassembler, MAX_APDU_DATA, apduHeader, apduTotalLength, commandKey, decodeApdu, encodeApdu} from './apdu.js'
export {
  SENSITIVE_TLV_TAGS,
  decodeBerLength,
  decodeTlv,
  encodeBerLength,
  encodeTlv,
  findAllTlv,
  findTlv,
  maskTlvNodes,
  tlvConstructed,
  tlvPrimitive,
} from './tlv.js'
export {
  BMP_DEFINITIONS,
  bmpDefinition,
  bmpForField,
  decodeBmps,
  decodeTotals,
  encodeBmp,
  encodeFieldValue,
  encodeTotals,
  maskPan,
  panDigits,
  parseBmps,
  type BmpDef,
  type BmpEntry,
  type BmpFormat,
  type BmpValueType,
} from './bmp.js'
export {bcdDigits, bcdToNumber, digitsToBcd, isBcd, numberToBcd} from './bcd.js'
export {CHARSET_ASCII7, CHARSET_CP437, CHARSET_UTF8, CHARSET_ZVT7, charsetByName, decodeCp437, decodeText, decodeZvt7, encodeCp437, encodeText, encodeZvt7} from './charset.js'
export {
  CATALOGUE,
  ack,
  decodeMessage,
  ecr,
  encodeFields,
  encodeMessage,
  isLastLine,
  lookupCommand,
  maskApdu,
  pt,
  type CatalogueEntry,
  type DecodeContext,
} from './messages.js'
