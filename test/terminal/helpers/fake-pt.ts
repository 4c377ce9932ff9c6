/**
 * A scripted payment terminal on the far end of a memory link. It speaks raw bytes built with
 * the protocol builders (serial frames + ACK/NAK, or bare APDUs on tcp) and lets a test step
 * through a flow: await the ECR's next APDU, send PT messages, misbehave on purpose.
 */
import {ApduReassembler, commandKey, decodeApdu, encodeApdu} from '../../../src/protocol/zvt/apdu.js'
import {ACK, Deframer, encodeFrame, NAK} from '../../../src/protocol/zvt/framing.js'
import {ack} from '../../../src/protocol/zvt/messages.js'
import type {Apdu} from '../../../src/protocol/zvt/types.js'
import {createMemoryLinkPair} from '../../../src/transport/memory.js'
import type {Link} from '../../../src/transport/link.js'
import type {Framing} from '../../../src/terminal/zvt/session.js'

/** Let queued microtasks and immediates run (memory links deliver via queueMicrotask). */
export async function flush(rounds = 5): Promise<void> {
  for (let i = 0; i < rounds; i++) await new Promise<void>((r) => setImmediate(r))
}

export class FakePt {
  /** every APDU the ECR sent, in order (serial: each good frame, resends included) */
  readonly received: Apdu[] = []
  /** serial: 06 / 15 bytes the ECR sent, in order */
  readonly ecrAcks: Array<'ack' | 'nak'> = []
  /** every byte the ECR sent */
  readonly rawIn: Buffer[] = []
  /** serial: answer good ECR frames with 06 automatically */
  autoAck = true
  /** serial: answer the next n good frames with 15 instead */
  nakNext = 0
  /** serial: stay silent (no 06) for the next n good frames */
  ignoreNext = 0
  private readonly pending: Apdu[] = []
  private readonly deframer = new Deframer()
  private readonly reassembler = new ApduReassembler()

  constructor(
    readonly link: Link,
    readonly framing: Framing,
  ) {
    link.onData((chunk) => this.onData(chunk))
  }

  /** A memory link pair: [ECR side, fake PT]. */
  static pair(framing: Framing): {ecrLink: Link; pt: FakePt} {
    const [ecrLink, ptLink] = createMemoryLinkPair(framing)
    return {ecrLink, pt: new FakePt(ptLink, framing)}
  }

  private onData(chunk: Buffer): void {
    this.rawIn.push(Buffer.from(chunk))
    if (this.framing === 'tcp') {
      for (const apdu of this.reassembler.push(chunk)) this.accept(apdu)
      return
    }
    for (const ev of this.deframer.push(chunk)) {
      if (ev.type === 'ack' || ev.type === 'nak') this.ecrAcks.push(ev.type)
      if (ev.type !== 'frame') continue
      if (this.ignoreNext > 0) {
        this.ignoreNext--
      } else if (this.nakNext > 0) {
        this.nakNext--
        void this.link.write(Buffer.from([NAK]))
      } else if (this.autoAck) {
        void this.link.write(Buffer.from([ACK]))
      }
      this.accept(decodeApdu(ev.apdu))
    }
  }

  private accept(apdu: Apdu): void {
    this.received.push(apdu)
    this.pending.push(apdu)
  }

  /** Bytes on the wire for one APDU in this framing. */
  wire(apdu: Apdu): Buffer {
    const bytes = encodeApdu(apdu)
    return this.framing === 'serial' ? encodeFrame(bytes) : bytes
  }

  /** The next ECR APDU not yet taken; throws if the ECR has sent nothing (after letting it run). */
  async next(expectKey?: string): Promise<Apdu> {
    for (let i = 0; i < 20 && this.pending.length === 0; i++) await flush(1)
    const apdu = this.pending.shift()
    if (!apdu) throw new Error(`fake PT: ECR sent nothing${expectKey ? ` (expected ${expectKey})` : ''}`)
    if (expectKey !== undefined && commandKey(apdu) !== expectKey) {
      throw new Error(`fake PT: expected ${expectKey} from the ECR, got ${commandKey(apdu)} ${apdu.data.toString('hex')}`)
    }
    return apdu
  }

  /** True when the ECR has sent nothing new (after letting it run). */
  async idle(): Promise<boolean> {
    await flush()
    return this.pending.length === 0
  }

  /** Send one PT message, optionally split into chunks at the given byte offsets. */
  async send(apdu: Apdu, opts: {splitAt?: number[]; flushBetween?: boolean} = {}): Promise<void> {
    await this.sendRaw(this.wire(apdu), opts)
  }

  async sendRaw(bytes: Uint8Array, opts: {splitAt?: number[]; flushBetween?: boolean} = {}): Promise<void> {
    const cuts = [...new Set(opts.splitAt ?? [])].filter((c) => c > 0 && c < bytes.length).sort((a, b) => a - b)
    let from = 0
    for (const cut of [...cuts, bytes.length]) {
      await this.link.write(bytes.subarray(from, cut))
      from = cut
      if (opts.flushBetween) await flush(1)
    }
    await flush()
  }

  /** Send a PT-master message and require the ECR's 80 00 00 for it. */
  async master(apdu: Apdu): Promise<void> {
    await this.send(apdu)
    const answer = await this.next('80 00')
    if (answer.data.length !== 0) throw new Error('fake PT: 80 00 with data')
  }

  /** Answer the ECR's command with 80 00 00. */
  async accept80(): Promise<void> {
    await this.send(ack.positive())
  }
}
