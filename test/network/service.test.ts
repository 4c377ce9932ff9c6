/** runNetworkCheck with injected network parts: concurrency, isolation of a crashing check, terminal side. */
import {EventEmitter} from 'node:events'
import type net from 'node:net'
import type tls from 'node:tls'
import {describe, expect, it} from 'vitest'

import type {NetworkDeps} from '../../src/network/service.js'
import {runNetworkCheck} from '../../src/network/service.js'
import {LinkError} from '../../src/transport/errors.js'
import {FakeClock} from '../../src/util/clock.js'

const DAY = 86_400_000
const flush = () => new Promise((r) => setImmediate(r))

function fakeSocket(extra: Record<string, unknown> = {}) {
  return Object.assign(new EventEmitter(), {destroy: () => undefined}, extra)
}

function deps(clock: FakeClock, over: {lookup?: NetworkDeps['dns']['lookup']; tcpConnect?: NetworkDeps['tcp']['connect']} = {}): NetworkDeps {
  const now = Date.now()
  return {
    local: {networkInterfaces: () => ({eth0: [{address: '192.0.2.10', family: 'IPv4', internal: false}]}) as never, defaultRoutes: async () => [{family: 4, interface: 'eth0', gateway: '192.0.2.1'}]},
    dns: {lookup: over.lookup ?? (async () => [{address: '192.0.2.1', family: 4}]), resolver: () => ({resolve4: async () => [], resolve6: async () => [], cancel: () => undefined}), systemServers: () => ['192.0.2.53'], now: () => clock.now()},
    tcp: {
      connect:
        over.tcpConnect ??
        (() => {
          const s = fakeSocket()
          setImmediate(() => s.emit('connect'))
          return s as unknown as net.Socket
        }),
      now: () => clock.now(),
      clock,
    },
    tls: {
      connect: (opts: tls.ConnectionOptions) => {
        const name = opts.servername ?? String(opts.host)
        const s = fakeSocket({
          authorized: true,
          authorizationError: null,
          getProtocol: () => 'TLSv1.3',
          getCipher: () => ({name: 'TLS_AES_128_GCM_SHA256'}),
          getPeerCertificate: () => ({
            subject: {CN: name},
            issuer: {CN: 'Test CA'},
            subjectaltname: `DNS:${name}`,
            valid_from: new Date(now - DAY).toUTCString(),
            valid_to: new Date(now + 200 * DAY).toUTCString(),
            fingerprint256: 'AA:BB',
          }),
        })
        setImmediate(() => s.emit('secureConnect'))
        return s as unknown as tls.TLSSocket
      },
      now: () => clock.now(),
      wallNow: () => now,
      clock,
    },
  }
}

const host = (h: string) => ({label: `${h}:443`, host: h, port: 443, source: 'flag' as const})

describe('runNetworkCheck', () => {
  it('runs every host chain and the terminal side at the same time', async () => {
    const clock = new FakeClock()
    const started: string[] = []
    let release!: () => void
    const gate = new Promise<void>((r) => (release = r))
    const p = runNetworkCheck({
      hosts: [host('a.example'), host('b.example')],
      count: 2,
      timeoutMs: 10_000,
      clock,
      lang: 'en',
      deps: deps(clock, {
        lookup: async (h) => {
          started.push(h)
          await gate
          return [{address: '192.0.2.1', family: 4}]
        },
      }),
      terminal: {
        label: 'till',
        connect: async () => {
          started.push('terminal')
          await gate
          throw new LinkError('LINK_CONNECTION_REFUSED', '127.0.0.1:20007', 'refused')
        },
      },
    })
    await flush()
    expect(started.sort()).toEqual(['a.example', 'b.example', 'terminal'])
    release()
    const r = await p
    expect(r.hosts.map((h) => h.layers)).toEqual([
      {dns: 'pass', tcp: 'pass', tls: 'pass', quality: 'pass'},
      {dns: 'pass', tcp: 'pass', tls: 'pass', quality: 'pass'},
    ])
    expect(r.terminal).toEqual({label: 'till', reached: false, ok: false, resultCode: null})
    expect(r.verdict).toMatchObject({status: 'unreachable', location: 'terminal'})
    expect(r.checks.map((c) => c.id)).toEqual(['network.local', ...Array(2).fill(['network.dns', 'network.tcp', 'network.tls', 'network.quality']).flat(), 'network.terminal'])
    expect(r.checks.filter((c) => c.id === 'network.dns').map((c) => c.evidence.host)).toEqual(['a.example:443', 'b.example:443'])
  })

  it('a crashing check becomes an error result; the other host and the later layers are not stopped', async () => {
    const clock = new FakeClock()
    const base = deps(clock)
    const r = await runNetworkCheck({
      hosts: [host('a.example'), host('b.example')],
      count: 1,
      timeoutMs: 10_000,
      clock,
      lang: 'en',
      deps: {
        ...base,
        dns: {...base.dns, lookup: async (h) => [{address: h === 'b.example' ? '192.0.2.2' : '192.0.2.1', family: 4}]},
        tcp: {
          ...base.tcp,
          connect: (o) => {
            if (o.host === '192.0.2.2') throw new Error('socket layer exploded')
            return base.tcp.connect(o)
          },
        },
      },
    })
    expect(r.hosts[0]!.layers).toEqual({dns: 'pass', tcp: 'pass', tls: 'pass', quality: 'pass'})
    const crashed = r.checks.filter((c) => c.id === 'network.tcp')[1]!
    expect(crashed).toMatchObject({status: 'error', summary: 'socket layer exploded'})
    expect(crashed.remedy).toMatch(/bug/)
    expect(r.hosts[1]!.layers).toMatchObject({tls: 'skip', quality: 'skip'})
  })

  it('no host answers TCP at all: unreachable, naming the layer', async () => {
    const clock = new FakeClock()
    const r = await runNetworkCheck({
      hosts: [host('a.example')],
      count: 1,
      timeoutMs: 10_000,
      clock,
      lang: 'zh-CN',
      deps: deps(clock, {
        tcpConnect: () => {
          const s = fakeSocket()
          setImmediate(() => s.emit('error', Object.assign(new Error('refused'), {code: 'ECONNREFUSED'})))
          return s as unknown as net.Socket
        },
      }),
    })
    expect(r.verdict).toMatchObject({status: 'unreachable', location: 'acquirer-host', layer: 'tcp', host: 'a.example:443'})
    expect(r.verdict.remedy).toMatch(/收单机构/)
  })
})
