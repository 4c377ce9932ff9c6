// CONTRACT STUB (protocol helper implements). Serial framing: DLE STX <stuffed APDU> DLE ETX CRClo CRChi.
export const DLE = 0x10
export const STX = 0x02
export const ETX = 0x03
export const ACK = 0x06
export const NAK = 0x15

export interface DecodedFrame {
  apdu: Buffer
  crcOk: boolean
  crcReceived: number
  crcComputed: number
}

/** Event emitted by the incremental deframer. */
export type SerialEvent =
  | {type: 'frame'; apdu: Buffer; raw: Buffer}
  | {type: 'bad-frame'; reason: 'crc' | 'framing' | 'too-long'; raw: Buffer}
  | {type: 'ack'}
  | {type: 'nak'}
  | {type: 'noise'; bytes: Buffer}

export function encodeFrame(_apdu: Uint8Array): Buffer {
  throw new Error('not implemented')
}

/** Decode exactly one complete frame (used by `zvt decode`). Throws ZvtProtocolError on framing errors; a CRC mismatch is reported via crcOk=false. */
export function decodeFrame(_bytes: Uint8Array): DecodedFrame {
  throw new Error('not implemented')
}

/**
 * Incremental deframer: push() any chunking, get events. Outside a frame, 06 -> ack, 15 -> nak,
 * DLE STX starts a frame, anything else -> noise. Never throws; bounded memory (maxApdu).
 */
export class Deframer {
  constructor(_opts: {maxApdu?: number} = {}) {}
  push(_chunk: Uint8Array): SerialEvent[] {
    throw new Error('not implemented')
  }
  /** True while a frame has started but not ended (the session runs T1 then). */
  get inFrame(): boolean {
    return false
  }
  /** Discard a partial frame (T1 expired); returns the discarded bytes. */
  reset(): Buffer {
    return Buffer.alloc(0)
  }
}
