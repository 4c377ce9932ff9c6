import {afterEach, beforeEach, describe, expect, it} from 'vitest'

import {LinkError} from '../../src/transport/errors.js'
import type {Link, LinkErrorCode} from '../../src/transport/link.js'

export interface LinkPair {
  a: Link
  b: Link
  /** closes whatever is still open (links, servers, socat) */
  cleanup(): Promise<void>
}

export interface ContractOptions {
  kind: Link['kind']
  /**
   * What b's onClose receives after a.close(). `null`: nothing at all, because the medium has no
   * close signal (RS-232: closing one end of a cable is invisible to the other end).
   */
  peerClose: {code: LinkErrorCode} | null
}

/** Collects chunks from a link until `n` bytes arrived (or the deadline passes). */
export function collect(link: Link, n: number, timeoutMs = 5000): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let len = 0
    const timer = setTimeout(() => {
      off()
      reject(new Error(`timeout: got ${len} of ${n} bytes`))
    }, timeoutMs)
    const off = link.onData((c) => {
      chunks.push(c)
      len += c.length
      if (len >= n) {
        clearTimeout(timer)
        off()
        resolve(Buffer.concat(chunks))
      }
    })
  })
}

export function nextClose(link: Link, timeoutMs = 5000): Promise<Error | undefined> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('timeout waiting for close')), timeoutMs)
    link.onClose((err) => {
      clearTimeout(timer)
      resolve(err)
    })
  })
}

const settle = (ms = 50) => new Promise((r) => setTimeout(r, ms))

/** Every byte value, then a deterministic pseudo-random tail: 64 KiB. */
function pattern(size: number): Buffer {
  const buf = Buffer.alloc(size)
  let x = 0x2545f491
  for (let i = 0; i < size; i++) {
    if (i < 512) buf[i] = i < 256 ? i : 511 - i
    else {
      x ^= x << 13
      x ^= x >>> 17
      x ^= x << 5
      buf[i] = x & 0xff
    }
  }
  return buf
}

/** The behaviour every Link must show; run by memory.test.ts, tcp.integration.test.ts, serial.integration.test.ts. */
export function describeLinkContract(name: string, makePair: () => Promise<LinkPair>, opts: ContractOptions): void {
  describe(`Link contract: ${name}`, () => {
    let pair: LinkPair
    beforeEach(async () => {
      pair = await makePair()
    })
    afterEach(async () => {
      await pair.cleanup()
    })

    it('opens with kind, description and isOpen', () => {
      for (const l of [pair.a, pair.b]) {
        expect(l.kind).toBe(opts.kind)
        expect(l.description).toMatch(/\S/)
        expect(l.isOpen).toBe(true)
      }
    })

    it('delivers bytes in order under any chunking, both ways', async () => {
      const sent = Buffer.from([0x10, 0x02, 0x06, 0x02, 0x00, 0x10, 0x03, 0xb9, 0xcc, 0x06, 0x15, 0x00, 0xff, 0x0d, 0x0a, 0x11, 0x13])
      const got = collect(pair.b, sent.length)
      // 1-byte, 3-byte and remainder writes, without waiting in between
      await Promise.all([pair.a.write(sent.subarray(0, 1)), pair.a.write(sent.subarray(1, 4)), pair.a.write(sent.subarray(4))])
      expect((await got).equals(sent)).toBe(true)

      const back = collect(pair.a, 3)
      for (const byte of [0x80, 0x00, 0x00]) await pair.b.write(Uint8Array.of(byte))
      expect([...(await back)]).toEqual([0x80, 0x00, 0x00])
    })

    it('round-trips 64 KiB containing every byte value', async () => {
      const data = pattern(64 * 1024)
      const echo = pair.b.onData((c) => {
        void pair.b.write(c)
      })
      const got = collect(pair.a, data.length, 15_000)
      for (let off = 0; off < data.length; off += 4096) await pair.a.write(data.subarray(off, off + 4096))
      const back = await got
      echo()
      expect(back.length).toBe(data.length)
      expect(back.equals(data)).toBe(true)
    })

    it('does not let the writer mutate bytes already handed to write()', async () => {
      const bytes = Uint8Array.of(1, 2, 3)
      const got = collect(pair.b, 3)
      const w = pair.a.write(bytes)
      bytes.fill(0xee)
      await w
      expect([...(await got)]).toEqual([1, 2, 3])
    })

    it('close() notifies the closing side once, without an error', async () => {
      const calls: Array<Error | undefined> = []
      pair.a.onClose((err) => calls.push(err))
      await pair.a.close()
      await pair.a.close() // idempotent
      await settle()
      expect(calls).toEqual([undefined])
      expect(pair.a.isOpen).toBe(false)
    })

    if (opts.peerClose) {
      const {code} = opts.peerClose
      it(`close() notifies the peer (${code})`, async () => {
        const peerClosed = nextClose(pair.b)
        await pair.a.close()
        const err = await peerClosed
        expect(err).toBeInstanceOf(LinkError)
        expect((err as LinkError).code).toBe(code)
        expect(pair.b.isOpen).toBe(false)
        await expect(pair.b.write(Uint8Array.of(1))).rejects.toBeInstanceOf(LinkError)
      })
    } else {
      it('close() is invisible to the peer (no close signal on this medium)', async () => {
        const calls: Array<Error | undefined> = []
        pair.b.onClose((err) => calls.push(err))
        await pair.a.close()
        await settle(200)
        expect(calls).toEqual([])
        expect(pair.b.isOpen).toBe(true)
      })
    }

    it('write after close rejects with LinkError LINK_CLOSED', async () => {
      await pair.a.close()
      const err = await pair.a.write(Uint8Array.of(1)).catch((e: unknown) => e)
      expect(err).toBeInstanceOf(LinkError)
      expect((err as LinkError).code).toBe('LINK_CLOSED')
    })

    it('onClose subscribed after the close still fires once', async () => {
      await pair.a.close()
      expect(await nextClose(pair.a, 1000)).toBeUndefined()
    })

    it('unsubscribe stops data and close callbacks', async () => {
      const first: Buffer[] = []
      const second: Buffer[] = []
      const offFirst = pair.b.onData((c) => first.push(c))
      pair.b.onData((c) => second.push(c))
      await pair.a.write(Uint8Array.of(1, 2))
      await expect.poll(() => Buffer.concat(second).length).toBe(2)
      offFirst()
      await pair.a.write(Uint8Array.of(3))
      await expect.poll(() => Buffer.concat(second).length).toBe(3)
      await settle()
      expect([...Buffer.concat(first)]).toEqual([1, 2])

      let closeCalls = 0
      const offClose = pair.a.onClose(() => closeCalls++)
      offClose()
      await pair.a.close()
      await settle()
      expect(closeCalls).toBe(0)
    })
  })
}
