/**
 * A deliberately independent, minimal ECR for driving the simulator: its own CRC-16/KERMIT,
 * DLE framing, APDU length parsing and a small BMP walker. It shares no code with
 * src/protocol, so a bug there cannot hide a bug in the simulator's bytes.
 */
import type {Link} from '../../../src/transport/link.js'

export function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex')
}

export function bytes(h: string): Buffer {
  return Buffer.from(h.replace(/\s+/g, ''), 'hex')
}

/** CRC-16/KERMIT: poly 0x1021 reflected (0x8408), init 0, no final xor. */
export function kermit(data: Uint8Array): number {
  let crc = 0
  for (const b of data) {
    crc ^= b
    for (let i = 0; i < 8; i++) crc = crc & 1 ? (crc >>> 1) ^ 0x8408 : crc >>> 1
  }
  return crc
}

/** DLE STX <APDU, 10 doubled> DLE ETX CRC-lo CRC-hi; CRC over the unstuffed APDU + 03. */
export function frame(apdu: Uint8Array): Buffer {
  const body: number[] = []
  for (const b of apdu) {
    body.push(b)
    if (b === 0x10) body.push(0x10)
  }
  const crc = kermit(Buffer.concat([Buffer.from(apdu), Buffer.from([0x03])]))
  return Buffer.from([0x10, 0x02, ...body, 0x10, 0x03, crc & 0xff, crc >>> 8])
}

/** Length of the first APDU in buf (header included), or undefined while incomplete. */
function apduLength(buf: Buffer): number | undefined {
  if (buf.length < 3) return undefined
  if (buf[2] !== 0xff) return 3 + buf[2]!
  if (buf.length < 5) return undefined
  return 5 + buf.readUInt16LE(3)
}

export interface RawEcrOptions {
  /** serial only: answer the PT's frames with this instead of 06 (per frame, in order); then 06 */
  transportAnswers?: Array<'ack' | 'nak' | 'none'>
  /** answer every PT message with 80 00 00 automatically (default true) */
  autoAck?: boolean
}

export interface SerialFrameSeen {
  apdu: Buffer
  crcOk: boolean
  raw: Buffer
}

/** The ECR end of one connection. */
export class RawEcr {
  /** every byte the PT sent, in order */
  readonly received: Buffer[] = []
  /** complete PT APDUs not yet taken by next() */
  private queue: Buffer[] = []
  private waiters: Array<(apdu: Buffer) => void> = []
  /** serial: frames seen (including ones with a bad CRC) and transport bytes */
  readonly frames: SerialFrameSeen[] = []
  readonly transportBytes: number[] = []
  private buf = Buffer.alloc(0)
  private answers: Array<'ack' | 'nak' | 'none'>
  autoAck: boolean
  /** every PT APDU ever received (hex), in order */
  readonly log: string[] = []
  closed = false

  constructor(
    readonly link: Link,
    readonly framing: 'serial' | 'tcp',
    opts: RawEcrOptions = {},
  ) {
    this.answers = [...(opts.transportAnswers ?? [])]
    this.autoAck = opts.autoAck ?? true
    link.onData((chunk) => this.onData(chunk))
    link.onClose(() => {
      this.closed = true
    })
  }

  get allReceived(): Buffer {
    return Buffer.concat(this.received)
  }

  private onData(chunk: Buffer): void {
    this.received.push(chunk)
    this.buf = Buffer.concat([this.buf, chunk])
    if (this.framing === 'tcp') {
      for (;;) {
        const n = apduLength(this.buf)
        if (n === undefined || this.buf.length < n) break
        this.deliver(this.buf.subarray(0, n))
        this.buf = this.buf.subarray(n)
      }
      return
    }
    this.parseSerial()
  }

  private parseSerial(): void {
    for (;;) {
      if (this.buf.length === 0) return
      const b0 = this.buf[0]!
      if (b0 === 0x06 || b0 === 0x15) {
        this.transportBytes.push(b0)
        this.buf = this.buf.subarray(1)
        continue
      }
      if (b0 !== 0x10) {
        this.buf = this.buf.subarray(1)
        continue
      }
      if (this.buf.length < 2) return
      // find DLE ETX, skipping DLE DLE pairs
      const apdu: number[] = []
      let i = 2
      let end = -1
      while (i + 1 < this.buf.length) {
        const b = this.buf[i]!
        if (b === 0x10) {
          const n = this.buf[i + 1]!
          if (n === 0x10) {
            apdu.push(0x10)
            i += 2
            continue
          }
          if (n === 0x03) {
            end = i
            break
          }
        }
        apdu.push(b)
        i++
      }
      if (end < 0 || this.buf.length < end + 4) return
      const raw = this.buf.subarray(0, end + 4)
      const crc = this.buf[end + 2]! | (this.buf[end + 3]! << 8)
      const body = Buffer.from(apdu)
      const crcOk = crc === kermit(Buffer.concat([body, Buffer.from([0x03])]))
      this.buf = this.buf.subarray(end + 4)
      this.frames.push({apdu: body, crcOk, raw: Buffer.from(raw)})
      const answer = this.answers.length ? this.answers.shift()! : 'ack'
      if (!crcOk) {
        this.write(Buffer.from([0x15]))
        continue
      }
      if (answer === 'ack') this.write(Buffer.from([0x06]))
      if (answer === 'nak') this.write(Buffer.from([0x15]))
      if (answer !== 'ack') continue
      this.deliver(body)
    }
  }

  private write(b: Buffer): void {
    // the PT may already be gone (power loss): a failed write is not the ECR's problem here
    this.link.write(b).catch(() => undefined)
  }

  private deliver(apdu: Buffer): void {
    const copy = Buffer.from(apdu)
    this.log.push(hex(copy))
    // the ECR answers every PT message except 80/84 acknowledgements
    if (this.autoAck && copy[0] !== 0x80 && copy[0] !== 0x84) this.sendApdu(bytes('800000')).catch(() => undefined)
    const w = this.waiters.shift()
    if (w) w(copy)
    else this.queue.push(copy)
  }

  /** Send a command/answer APDU (framed on serial). */
  sendApdu(apdu: Uint8Array): Promise<void> {
    return this.link.write(this.framing === 'serial' ? frame(apdu) : Buffer.from(apdu))
  }

  /** Send raw wire bytes as they are (e.g. a captured frame). */
  sendRaw(wire: Uint8Array): Promise<void> {
    return this.link.write(wire)
  }

  /** Next complete PT APDU. */
  next(): Promise<Buffer> {
    const q = this.queue.shift()
    if (q) return Promise.resolve(q)
    return new Promise((resolve) => this.waiters.push(resolve))
  }

  get pending(): number {
    return this.queue.length
  }

  /** Collect PT APDUs until 06 0F / 06 1E (or a lone 84 xx reply); returns them as hex. */
  async untilEnd(): Promise<string[]> {
    const out: string[] = []
    for (;;) {
      const a = await this.next()
      out.push(hex(a))
      if (a[0] === 0x06 && (a[1] === 0x0f || a[1] === 0x1e)) return out
      if (a[0] === 0x84) return out
    }
  }

  /** Send a command and collect everything up to the end of the exchange. */
  async exchange(apdu: Uint8Array | string): Promise<string[]> {
    await this.sendApdu(typeof apdu === 'string' ? bytes(apdu) : apdu)
    return this.untilEnd()
  }
}

/** Let queued microtasks, memory-link deliveries and immediates run. */
export async function settle(rounds = 20): Promise<void> {
  for (let i = 0; i < rounds; i++) await new Promise((r) => setImmediate(r))
}

// ------------------------------------------------------------ a tiny BMP walker

const FIXED: Record<number, number> = {
  0x01: 1, 0x02: 1, 0x03: 1, 0x04: 6, 0x05: 1, 0x0b: 3, 0x0c: 3, 0x0d: 2, 0x0e: 2, 0x17: 2, 0x19: 1,
  0x27: 1, 0x29: 4, 0x2a: 15, 0x37: 3, 0x3b: 8, 0x3d: 3, 0x49: 2, 0x87: 2, 0x88: 3, 0x8a: 1, 0x8c: 1, 0xa0: 1, 0xaa: 3, 0xd2: 1,
}
const LL = new Set([0x22, 0x23, 0x2d, 0x8b, 0xa7, 0x4c])
const LLL = new Set([0x24, 0x3c, 0x60, 0x2e, 0x9a, 0xaf])

function varLen(buf: Buffer, at: number, n: number): number {
  let v = 0
  for (let i = 0; i < n; i++) v = v * 10 + (buf[at + i]! & 0x0f)
  return v
}

/** BMP tag (2 hex digits) → value bytes, from `data` starting at `offset`. Throws on unknown tags. */
export function bmps(data: Buffer, offset = 0): Map<string, Buffer> {
  const out = new Map<string, Buffer>()
  let i = offset
  while (i < data.length) {
    const tag = data[i++]!
    let len: number
    if (tag === 0x06) {
      const l0 = data[i]!
      if (l0 < 0x80) {
        len = l0
        i += 1
      } else if (l0 === 0x81) {
        len = data[i + 1]!
        i += 2
      } else {
        len = data.readUInt16BE(i + 1)
        i += 3
      }
    } else if (LL.has(tag)) {
      len = varLen(data, i, 2)
      i += 2
    } else if (LLL.has(tag)) {
      len = varLen(data, i, 3)
      i += 3
    } else if (FIXED[tag] !== undefined) len = FIXED[tag]!
    else throw new Error(`raw-ecr: unknown BMP ${tag.toString(16)} at ${i - 1} in ${hex(data)}`)
    out.set(tag.toString(16).padStart(2, '0'), data.subarray(i, i + len))
    i += len
  }
  return out
}

/** Data part of an APDU given as hex (after CLASS INSTR LEN or FF lo hi). */
export function dataOf(apduHex: string): Buffer {
  const b = bytes(apduHex)
  return b[2] === 0xff ? b.subarray(5) : b.subarray(3)
}

export function bcdNumber(b: Buffer | undefined): number {
  if (!b) throw new Error('field missing')
  return Number(hex(b))
}

/** Minimal BER-TLV walk: returns [tag hex, value] for one level. */
export function tlvItems(b: Buffer): Array<[string, Buffer]> {
  const out: Array<[string, Buffer]> = []
  let i = 0
  while (i < b.length) {
    let tag = b[i++]!.toString(16).padStart(2, '0')
    if ((parseInt(tag, 16) & 0x1f) === 0x1f) {
      let more = true
      while (more) {
        const t = b[i++]!
        tag += t.toString(16).padStart(2, '0')
        more = (t & 0x80) !== 0
      }
    }
    let len = b[i++]!
    if (len === 0x81) len = b[i++]!
    else if (len === 0x82) {
      len = b.readUInt16BE(i)
      i += 2
    }
    out.push([tag.toUpperCase(), b.subarray(i, i + len)])
    i += len
  }
  return out
}

/** Poll until cond() holds (real time; for waits on disk I/O). */
export async function waitFor(cond: () => boolean, timeoutMs = 5000): Promise<void> {
  const start = Date.now()
  while (!cond()) {
    if (Date.now() - start > timeoutMs) throw new Error('waitFor: condition not met in time')
    await new Promise((r) => setTimeout(r, 5))
  }
}
