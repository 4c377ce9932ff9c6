import {describe, expect, it} from 'vitest'

import {AcquirerHost, type AcquirerPeer} from '../../src/sim/acquirer/host.js'
import {certificateProfile, leafValidity} from '../../src/sim/acquirer/index.js'
import {FakeClock} from '../../src/util/clock.js'

function peer(path: 'main' | 'terminal' = 'main') {
  const log: string[] = []
  const p: AcquirerPeer = {path, startTls: () => log.push('tls'), reset: () => log.push('reset')}
  return {p, log}
}

describe('AcquirerHost (transport-free scenario logic)', () => {
  it('healthy: TLS starts at once on every path', () => {
    const host = new AcquirerHost({scenario: 'healthy', clock: new FakeClock()})
    const a = peer()
    const b = peer('terminal')
    host.accept(a.p)
    host.accept(b.p)
    expect([a.log, b.log]).toEqual([['tls'], ['tls']])
    expect(host.listens).toBe(true)
  })

  it('refuse: nothing may listen', () => {
    expect(new AcquirerHost({scenario: 'refuse'}).listens).toBe(false)
  })

  it('blackhole: accepts and never answers (no TLS, no reset)', () => {
    const clock = new FakeClock()
    const host = new AcquirerHost({scenario: 'blackhole', clock})
    const a = peer()
    host.accept(a.p)
    clock.advance(60_000)
    expect(a.log).toEqual([])
    expect(host.stats.held).toBe(1)
  })

  it('slow-handshake: TLS starts only after the configured delay; close() cancels pending ones', () => {
    const clock = new FakeClock()
    const host = new AcquirerHost({scenario: 'slow-handshake', options: {slowHandshakeMs: 1500}, clock})
    const a = peer()
    host.accept(a.p)
    clock.advance(1499)
    expect(a.log).toEqual([])
    clock.advance(1)
    expect(a.log).toEqual(['tls'])
    const b = peer()
    host.accept(b.p)
    host.close()
    clock.advance(5000)
    expect(b.log).toEqual([])
    expect(clock.pendingTimers()).toBe(0)
  })

  it('lossy: drops a seeded share of connections, reproducibly', () => {
    const run = (seed: number) => {
      const host = new AcquirerHost({scenario: 'lossy', options: {lossRate: 0.3, seed}})
      return Array.from({length: 400}, () => {
        const a = peer()
        host.accept(a.p)
        return a.log[0]
      })
    }
    const first = run(7)
    const dropped = first.filter((x) => x === 'reset').length
    expect(dropped / 400).toBeGreaterThan(0.22)
    expect(dropped / 400).toBeLessThan(0.38)
    expect(run(7)).toEqual(first)
    expect(run(8)).not.toEqual(first)
  })

  it('host-down-terminal-only: the terminal path is reset, this PC is served', () => {
    const host = new AcquirerHost({scenario: 'host-down-terminal-only'})
    const pc = peer('main')
    const terminal = peer('terminal')
    host.accept(pc.p)
    host.accept(terminal.p)
    expect(pc.log).toEqual(['tls'])
    expect(terminal.log).toEqual(['reset'])
    expect(host.separateTerminalPath).toBe(true)
  })

  it('emits an event per decision', () => {
    const host = new AcquirerHost({scenario: 'host-down-terminal-only'})
    const events: string[] = []
    host.onEvent((e) => events.push(e.type))
    host.accept(peer('terminal').p)
    expect(events).toEqual(['accept', 'drop'])
  })
})

describe('certificates per scenario', () => {
  it('picks the certificate profile and validity window', () => {
    const now = Date.UTC(2026, 0, 10)
    expect(certificateProfile('expired-cert')).toBe('expired')
    expect(certificateProfile('not-yet-valid')).toBe('not-yet-valid')
    expect(certificateProfile('wrong-hostname')).toBe('wrong-hostname')
    expect(certificateProfile('lossy')).toBe('valid')
    expect(leafValidity('expired', now).notAfter.getTime()).toBeLessThan(now)
    expect(leafValidity('not-yet-valid', now).notBefore.getTime()).toBe(now + 2 * 86_400_000)
    const valid = leafValidity('valid', now)
    expect(valid.notBefore.getTime()).toBeLessThan(now)
    expect(valid.notAfter.getTime()).toBeGreaterThan(now)
  })
})
