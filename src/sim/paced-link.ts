import type {Link} from '../transport/link.js'
import type {Clock} from '../util/clock.js'

/**
 * A Link whose writes take as long as a UART at `baudRate` would need: a pty moves bytes
 * instantly, a real RS-232 line at 9600 8N2 carries at most 9600 / 11 = 872 bytes/s. The
 * simulator wraps its serial end in this so timing (T1 gaps, throughput) is realistic.
 * Writes are queued in order; each write resolves when its last byte is "on the line".
 */
export function pacedLink(inner: Link, opts: {baudRate: number; bitsPerByte?: number; clock: Clock; sliceMs?: number}): Link {
  const bytesPerMs = opts.baudRate / (opts.bitsPerByte ?? 11) / 1000
  const sliceMs = opts.sliceMs ?? 20
  const sliceBytes = Math.max(1, Math.floor(bytesPerMs * sliceMs))
  let queue: Promise<void> = Promise.resolve()
  let lineFreeAt = 0

  const sendPaced = async (bytes: Buffer) => {
    for (let off = 0; off < bytes.length; off += sliceBytes) {
      const slice = bytes.subarray(off, off + sliceBytes)
      const start = Math.max(opts.clock.now(), lineFreeAt)
      lineFreeAt = start + slice.length / bytesPerMs
      const wait = start - opts.clock.now()
      if (wait > 0) await new Promise<void>((r) => opts.clock.setTimeout(r, wait))
      await inner.write(slice)
    }
    // the write is done when the last bit has left the UART
    const rest = lineFreeAt - opts.clock.now()
    if (rest > 0) await new Promise<void>((r) => opts.clock.setTimeout(r, rest))
  }

  return {
    kind: inner.kind,
    get description() {
      return `${inner.description} (paced ${opts.baudRate} baud)`
    },
    get isOpen() {
      return inner.isOpen
    },
    write(bytes: Uint8Array) {
      const copy = Buffer.from(bytes)
      const p = queue.then(() => sendPaced(copy))
      queue = p.catch(() => undefined)
      return p
    },
    onData: (l) => inner.onData(l),
    onClose: (l) => inner.onClose(l),
    close: () => inner.close(),
  }
}
