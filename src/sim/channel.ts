/**
 * PT side of the transport: turns a Link into whole APDUs in and out.
 * Serial [SPEC16 §3]: ACK (06) every good frame at once, NAK (15) bad CRC/framing or a T1 gap;
 * after sending a frame wait T2 for ACK and send it at most 3 times. TCP [SPEC16 §4]: bare APDUs.
 */
import {ApduReassembler, decodeApdu, encodeApdu} from '../protocol/zvt/apdu.js'
import {ACK, Deframer, encodeFrame, NAK} from '../protocol/zvt/framing.js'
import type {Apdu} from '../protocol/zvt/types.js'
import type {Link} from '../transport/link.js'
import type {Clock, TimerHandle} from '../util/clock.js'

export type Framing = 'serial' | 'tcp'

export interface ChannelTiming {
  /** max gap between bytes of one frame (T1) */
  t1Ms: number
  /** wait for ACK/NAK after a frame (T2) */
  t2Ms: number
  /** sends of one frame in total (1 + 2 repeats) */
  sendAttempts: number
  /** TCP: a half-sent APDU is dropped when no byte follows for this long (default 1000 ms) */
  tcpInterByteMs?: number
}

export type Incoming = {kind: 'apdu'; apdu: Apdu} | {kind: 'malformed'; reason: string}

/** The frame could not be delivered (NAK/T2 after all repeats) or the link closed. */
export class TransmissionError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'TransmissionError'
  }
}

export interface ChannelHooks {
  onIncoming(i: Incoming): void
  /** wire log of whole APDUs (not ACK bytes) */
  onApdu?(direction: 'rx' | 'tx', bytes: Buffer): void
  /** garble scenario: corrupt the CRC of this send attempt */
  corruptFrame?(): boolean
  onTransportNote?(detail: string): void
}

export interface PtChannel {
  readonly framing: Framing
  /** Send one APDU; serial: framed, ACK awaited with repeats. Rejects with TransmissionError. */
  send(apdu: Apdu): Promise<void>
  dispose(): void
}

export function openChannel(link: Link, framing: Framing, clock: Clock, timing: ChannelTiming, hooks: ChannelHooks): PtChannel {
  return framing === 'serial' ? new SerialChannel(link, clock, timing, hooks) : new TcpChannel(link, hooks, clock, timing.tcpInterByteMs ?? DEFAULT_TCP_INTER_BYTE_MS)
}

export const DEFAULT_TCP_INTER_BYTE_MS = 1000

class TcpChannel implements PtChannel {
  readonly framing = 'tcp' as const
  private readonly reassembler = new ApduReassembler()
  private readonly off: () => void
  private gapTimer: TimerHandle | undefined

  constructor(
    private readonly link: Link,
    private readonly hooks: ChannelHooks,
    private readonly clock: Clock,
    private readonly interByteMs: number,
  ) {
    this.off = link.onData((chunk) => this.onData(chunk))
  }

  private onData(chunk: Buffer): void {
    if (this.gapTimer) this.clock.clearTimeout(this.gapTimer)
    this.gapTimer = undefined
    this.receive(chunk)
    // a cash register that stops mid-APDU must not leave its half glued to the next one
    if (this.reassembler.pending > 0) {
      this.gapTimer = this.clock.setTimeout(() => {
        this.gapTimer = undefined
        const dropped = this.reassembler.reset()
        this.hooks.onTransportNote?.(`incomplete APDU (${dropped.length} bytes), then nothing for ${this.interByteMs} ms: dropped`)
        this.hooks.onIncoming({kind: 'malformed', reason: `incomplete APDU: ${dropped.length} bytes, then ${this.interByteMs} ms silence`})
      }, this.interByteMs)
    }
  }

  private receive(chunk: Buffer): void {
    let apdus: Apdu[]
    try {
      apdus = this.reassembler.push(chunk)
    } catch (err) {
      this.reassembler.reset()
      this.hooks.onIncoming({kind: 'malformed', reason: (err as Error).message})
      return
    }
    for (const apdu of apdus) {
      this.hooks.onApdu?.('rx', encodeApdu(apdu))
      this.hooks.onIncoming({kind: 'apdu', apdu})
    }
  }

  async send(apdu: Apdu): Promise<void> {
    const bytes = encodeApdu(apdu)
    this.hooks.onApdu?.('tx', bytes)
    try {
      await this.link.write(bytes)
    } catch (err) {
      throw new TransmissionError(`link write failed: ${(err as Error).message}`)
    }
  }

  dispose(): void {
    if (this.gapTimer) this.clock.clearTimeout(this.gapTimer)
    this.gapTimer = undefined
    this.off()
  }
}

type AckResult = 'ack' | 'nak' | 'timeout' | 'closed'

class SerialChannel implements PtChannel {
  readonly framing = 'serial' as const
  private readonly deframer = new Deframer()
  private t1: TimerHandle | undefined
  private ackWaiter: ((r: AckResult) => void) | undefined
  /** frames go out one at a time: a reply must not interleave with a frame awaiting its ACK */
  private queue: Promise<void> = Promise.resolve()
  private readonly offData: () => void
  private readonly offClose: () => void

  constructor(
    private readonly link: Link,
    private readonly clock: Clock,
    private readonly timing: ChannelTiming,
    private readonly hooks: ChannelHooks,
  ) {
    this.offData = link.onData((chunk) => this.onData(chunk))
    this.offClose = link.onClose(() => this.ackWaiter?.('closed'))
  }

  private writeRaw(byte: number): void {
    // transport-level ACK/NAK are fire-and-forget; a closed link shows up elsewhere
    this.link.write(Buffer.from([byte])).catch(() => undefined)
  }

  private onData(chunk: Buffer): void {
    for (const ev of this.deframer.push(chunk)) {
      switch (ev.type) {
        case 'frame': {
          // ACK before processing [SPEC16 §3.2]
          this.writeRaw(ACK)
          this.hooks.onApdu?.('rx', ev.apdu)
          let apdu: Apdu
          try {
            apdu = decodeApdu(ev.apdu)
          } catch (err) {
            this.hooks.onIncoming({kind: 'malformed', reason: (err as Error).message})
            break
          }
          this.hooks.onIncoming({kind: 'apdu', apdu})
          break
        }
        case 'bad-frame':
          this.hooks.onTransportNote?.(`bad frame from ECR (${ev.reason}): NAK`)
          this.writeRaw(NAK)
          break
        case 'ack':
          this.ackWaiter?.('ack')
          break
        case 'nak':
          this.ackWaiter?.('nak')
          break
        case 'noise':
          break
      }
    }
    if (this.t1) this.clock.clearTimeout(this.t1)
    this.t1 = undefined
    if (this.deframer.inFrame) {
      this.t1 = this.clock.setTimeout(() => {
        this.t1 = undefined
        this.deframer.reset()
        this.hooks.onTransportNote?.('T1 expired inside a frame: NAK')
        this.writeRaw(NAK)
      }, this.timing.t1Ms)
    }
  }

  send(apdu: Apdu): Promise<void> {
    const run = this.queue.then(() => this.sendNow(apdu))
    this.queue = run.catch(() => undefined)
    return run
  }

  private async sendNow(apdu: Apdu): Promise<void> {
    const bytes = encodeApdu(apdu)
    this.hooks.onApdu?.('tx', bytes)
    for (let attempt = 1; attempt <= this.timing.sendAttempts; attempt++) {
      const frame = Buffer.from(encodeFrame(bytes))
      if (this.hooks.corruptFrame?.()) frame[frame.length - 1] = frame[frame.length - 1]! ^ 0xff
      const answer = this.awaitAck()
      try {
        await this.link.write(frame)
      } catch (err) {
        this.ackWaiter = undefined
        throw new TransmissionError(`link write failed: ${(err as Error).message}`)
      }
      const r = await answer
      if (r === 'ack') return
      if (r === 'closed') throw new TransmissionError('link closed while waiting for ACK')
      this.hooks.onTransportNote?.(`${r === 'nak' ? 'NAK' : 'no ACK within T2'} on send ${attempt}/${this.timing.sendAttempts}`)
    }
    throw new TransmissionError(`no ACK after ${this.timing.sendAttempts} sends`)
  }

  private awaitAck(): Promise<AckResult> {
    if (!this.link.isOpen) return Promise.resolve('closed')
    return new Promise((resolve) => {
      const timer = this.clock.setTimeout(() => done('timeout'), this.timing.t2Ms)
      const done = (r: AckResult) => {
        this.clock.clearTimeout(timer)
        this.ackWaiter = undefined
        resolve(r)
      }
      this.ackWaiter = done
    })
  }

  dispose(): void {
    this.offData()
    this.offClose()
    if (this.t1) this.clock.clearTimeout(this.t1)
    this.ackWaiter?.('closed')
  }
}
