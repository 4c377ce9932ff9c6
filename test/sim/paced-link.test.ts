import {describe, expect, it} from 'vitest'

import {pacedLink} from '../../src/sim/paced-link.js'
import {createMemoryLinkPair} from '../../src/transport/memory.js'
import {FakeClock} from '../../src/util/clock.js'

const flush = () => new Promise((r) => setImmediate(r))

describe('pacedLink', () => {
  it('delivers bytes no faster than the line rate (9600 8N2 = 872.7 bytes/s), in order', async () => {
    const clock = new FakeClock(0)
    const [a, b] = createMemoryLinkPair('serial')
    const paced = pacedLink(a, {baudRate: 9600, clock})
    const received: Array<{at: number; n: number}> = []
    b.onData((c) => received.push({at: clock.now(), n: c.length}))
    const payload = Buffer.alloc(873, 0x41)
    let doneAt = -1
    void paced.write(payload).then(() => (doneAt = clock.now()))
    for (let t = 0; t < 1100; t += 10) {
      clock.advance(10)
      await flush()
      await flush()
    }
    const total = received.reduce((s, r) => s + r.n, 0)
    expect(total).toBe(873)
    // 873 bytes need ~1000 ms on the line: none may arrive "early" beyond the rate
    for (const r of received) {
      const sentBefore = received.filter((x) => x.at <= r.at).reduce((s, x) => s + x.n, 0)
      expect(sentBefore).toBeLessThanOrEqual(Math.ceil((r.at / 1000) * 872.73) + 18)
    }
    expect(doneAt).toBeGreaterThanOrEqual(990)
    expect(doneAt).toBeLessThanOrEqual(1020)
  })

  it('keeps the order of back-to-back writes', async () => {
    const clock = new FakeClock(0)
    const [a, b] = createMemoryLinkPair('serial')
    const paced = pacedLink(a, {baudRate: 115200, clock})
    const got: number[] = []
    b.onData((c) => got.push(...c))
    void paced.write(Buffer.from([1, 2, 3]))
    void paced.write(Buffer.from([4, 5]))
    for (let i = 0; i < 20; i++) {
      clock.advance(5)
      await flush()
    }
    expect(got).toEqual([1, 2, 3, 4, 5])
  })
})
