// Serial framing: DLE STX <APDU with every 10 doubled> DLE ETX CRClo CRChi (PA00P016 §3).
// The CRC (CRC-16/KERMIT) covers the unstuffed APDU plus ETX; the two CRC bytes are not stuffed.
import {crc16Kermit} from './crc.js'
import {ZvtProtocolError} from './errors.js'

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

/** CRC as sent on the wire: computed over APDU + ETX. */
export function frameCrc(apdu: Uint8Array): number {
  return crc16Kermit(Uint8Array.of(ETX), crc16Kermit(apdu))
}

export function encodeFrame(apdu: Uint8Array): Buffer {
  const out: number[] = [DLE, STX]
  for (const b of apdu) {
    out.push(b)
    if (b === DLE) out.push(DLE)
  }
  const crc = frameCrc(apdu)
  out.push(DLE, ETX, crc & 0xff, crc >> 8)
  return Buffer.from(out)
}

/** Decode exactly one complete frame (used by `zvt decode`). Throws ZvtProtocolError on framing errors; a CRC mismatch is reported via crcOk=false. */
export function decodeFrame(bytes: Uint8Array): DecodedFrame {
  if (bytes.length < 2) throw new ZvtProtocolError('ZVT_TRUNCATED', 'frame shorter than DLE STX', bytes.length)
  if (bytes[0] !== DLE || bytes[1] !== STX) throw new ZvtProtocolError('ZVT_BAD_FRAME', 'frame does not start with DLE STX (10 02)', 0)
  const apdu: number[] = []
  let i = 2
  for (;;) {
    if (i >= bytes.length) throw new ZvtProtocolError('ZVT_TRUNCATED', 'frame ends before DLE ETX', i)
    const b = bytes[i]!
    if (b !== DLE) {
      apdu.push(b)
      i++
      continue
    }
    if (i + 1 >= bytes.length) throw new ZvtProtocolError('ZVT_TRUNCATED', 'frame ends after DLE', i + 1)
    const next = bytes[i + 1]!
    if (next === DLE) {
      apdu.push(DLE)
      i += 2
    } else if (next === ETX) {
      i += 2
      break
    } else {
      throw new ZvtProtocolError('ZVT_BAD_FRAME', `DLE followed by ${next.toString(16).padStart(2, '0')} inside a frame (unstuffed 10?)`, i + 1)
    }
  }
  if (i + 2 > bytes.length) throw new ZvtProtocolError('ZVT_TRUNCATED', 'CRC bytes missing after DLE ETX', bytes.length)
  if (i + 2 < bytes.length) throw new ZvtProtocolError('ZVT_TRAILING_BYTES', `${bytes.length - i - 2} byte(s) after the CRC`, i + 2)
  const data = Buffer.from(apdu)
  const crcReceived = bytes[i]! | (bytes[i + 1]! << 8)
  const crcComputed = frameCrc(data)
  return {apdu: data, crcOk: crcReceived === crcComputed, crcReceived, crcComputed}
}

type State =
  | 'idle' // between frames
  | 'idle-dle' // DLE seen between frames; STX starts a frame
  | 'data' // inside a frame
  | 'data-dle' // DLE seen inside a frame
  | 'crc1'
  | 'crc2'
  | 'skip' // rest of a too-long or broken frame, until DLE ETX + 2 bytes or DLE STX
  | 'skip-dle'
  | 'skip-crc1'
  | 'skip-crc2'

/**
 * Incremental deframer: push() any chunking, get events. Outside a frame, 06 -> ack, 15 -> nak,
 * DLE STX starts a frame, anything else -> noise. Never throws; bounded memory (maxApdu).
 *
 * After a framing error or an over-long frame the rest of that frame (up to its DLE ETX CRC CRC,
 * or a new DLE STX) is reported as noise, so 06/15 bytes inside it are not mistaken for ACK/NAK.
 * inFrame stays true meanwhile; reset() then returns an empty buffer (the bad-frame was already
 * reported, so a caller need not NAK twice).
 */
export class Deframer {
  private readonly maxApdu: number
  private state: State = 'idle'
  private apdu: number[] = []
  private raw: number[] = []
  private crcLo = 0
  private skipped = 0

  constructor(opts: {maxApdu?: number} = {}) {
    // largest APDU: CLASS INSTR FF lo hi + 65535 data bytes
    this.maxApdu = Math.max(0, opts.maxApdu ?? 65535 + 5)
  }

  push(chunk: Uint8Array): SerialEvent[] {
    const events: SerialEvent[] = []
    let noise: number[] = []
    const flushNoise = () => {
      if (noise.length > 0) {
        events.push({type: 'noise', bytes: Buffer.from(noise)})
        noise = []
      }
    }
    const emit = (e: SerialEvent) => {
      flushNoise()
      events.push(e)
    }
    const startFrame = () => {
      this.state = 'data'
      this.apdu = []
      this.raw = [DLE, STX]
    }
    const startSkip = () => {
      this.state = 'skip'
      this.apdu = []
      this.raw = []
      this.skipped = 0
    }

    for (const b of chunk) {
      switch (this.state) {
        case 'idle':
          if (b === ACK) emit({type: 'ack'})
          else if (b === NAK) emit({type: 'nak'})
          else if (b === DLE) this.state = 'idle-dle'
          else noise.push(b)
          break
        case 'idle-dle':
          if (b === STX) {
            flushNoise()
            startFrame()
          } else {
            noise.push(DLE)
            if (b === DLE) break // this DLE may start the frame
            this.state = 'idle'
            if (b === ACK) emit({type: 'ack'})
            else if (b === NAK) emit({type: 'nak'})
            else noise.push(b)
          }
          break
        case 'data':
          this.raw.push(b)
          if (b === DLE) this.state = 'data-dle'
          else this.addData(b, emit, startSkip)
          break
        case 'data-dle':
          this.raw.push(b)
          if (b === DLE) {
            this.state = 'data'
            this.addData(DLE, emit, startSkip)
          } else if (b === ETX) {
            this.state = 'crc1'
          } else if (b === STX) {
            // resync: a sender that restarted mid-frame; the partial frame is broken
            this.raw.splice(-2)
            emit({type: 'bad-frame', reason: 'framing', raw: Buffer.from(this.raw)})
            startFrame()
          } else {
            emit({type: 'bad-frame', reason: 'framing', raw: Buffer.from(this.raw)})
            startSkip()
          }
          break
        case 'crc1':
          this.raw.push(b)
          this.crcLo = b
          this.state = 'crc2'
          break
        case 'crc2': {
          this.raw.push(b)
          const apdu = Buffer.from(this.apdu)
          const raw = Buffer.from(this.raw)
          const ok = (this.crcLo | (b << 8)) === frameCrc(apdu)
          emit(ok ? {type: 'frame', apdu, raw} : {type: 'bad-frame', reason: 'crc', raw})
          this.state = 'idle'
          this.apdu = []
          this.raw = []
          break
        }
        case 'skip':
        case 'skip-dle':
        case 'skip-crc1':
        case 'skip-crc2':
          this.skip(b, noise, flushNoise, startFrame)
          break
      }
    }
    flushNoise()
    return events
  }

  private addData(b: number, emit: (e: SerialEvent) => void, startSkip: () => void): void {
    this.apdu.push(b)
    if (this.apdu.length > this.maxApdu) {
      emit({type: 'bad-frame', reason: 'too-long', raw: Buffer.from(this.raw)})
      startSkip()
    }
  }

  private skip(b: number, noise: number[], flushNoise: () => void, startFrame: () => void): void {
    this.skipped++
    switch (this.state) {
      case 'skip':
        if (b === DLE) this.state = 'skip-dle'
        else noise.push(b)
        break
      case 'skip-dle':
        if (b === STX) {
          flushNoise()
          startFrame()
          return
        }
        noise.push(DLE, b)
        this.state = b === ETX ? 'skip-crc1' : 'skip'
        break
      case 'skip-crc1':
        noise.push(b)
        this.state = 'skip-crc2'
        break
      default:
        noise.push(b)
        this.state = 'idle'
        return
    }
    // never stay in skip longer than a maximal frame could last
    if (this.skipped > 2 * this.maxApdu + 8 && this.state !== 'skip-dle') this.state = 'idle'
  }

  /** True while a frame has started but not ended (the session runs T1 then). */
  get inFrame(): boolean {
    return this.state !== 'idle' && this.state !== 'idle-dle'
  }

  /** Discard a partial frame (T1 expired); returns the discarded bytes. */
  reset(): Buffer {
    const out = this.state === 'idle-dle' ? Buffer.from([DLE]) : Buffer.from(this.raw)
    this.state = 'idle'
    this.apdu = []
    this.raw = []
    this.skipped = 0
    return out
  }
}
