export type ZvtProtocolErrorCode =
  | 'ZVT_BAD_HEX'
  | 'ZVT_TRUNCATED'
  | 'ZVT_TRAILING_BYTES'
  | 'ZVT_BAD_LENGTH'
  | 'ZVT_BAD_CRC'
  | 'ZVT_BAD_FRAME'
  | 'ZVT_FRAME_TOO_LONG'
  | 'ZVT_UNKNOWN_BMP'
  | 'ZVT_BAD_BCD'
  | 'ZVT_BAD_TLV'
  | 'ZVT_BAD_FIELD'
  | 'ZVT_UNKNOWN_COMMAND'

/** The only error type anything under src/protocol may throw. */
export class ZvtProtocolError extends Error {
  readonly code: ZvtProtocolErrorCode
  /** byte offset in the input where the problem was found, when known */
  readonly offset: number | undefined

  constructor(code: ZvtProtocolErrorCode, message: string, offset?: number) {
    super(message)
    this.name = 'ZvtProtocolError'
    this.code = code
    this.offset = offset
  }
}
