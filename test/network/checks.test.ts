import {EventEmitter} from 'node:events'
import type net from 'node:net'
import {describe, expect, it} from 'vitest'

import {checkDns, classifyDnsError, type DnsDeps} from '../../src/network/checks/dns.js'
import {checkLocal, parseProcIpv6Route, parseProcRoute, parseRouteGet, parseRoutePrint, type LocalDeps} from '../../src/network/checks/local.js'
import {qualityStats, sparkline} from '../../src/network/checks/quality.js'
import {checkTcp, classifyTcpError, tcpConnect, type TcpDeps} from '../../src/network/checks/tcp.js'
import {classifyHandshake, type HandshakeResult} from '../../src/network/checks/tls.js'
import {FakeClock} from '../../src/util/clock.js'

const ctx = (budgetMs = 5000) => ({signal: new AbortController().signal, budgetMs, lang: 'en' as const})
const flush = () => new Promise((r) => setImmediate(r))

describe('local layer', () => {
  it('reads the IPv4 default route from /proc/net/route (gateway is little-endian hex)', () => {
    const text = [
      'Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT',
      'eth0\t00000000\t010200C0\t0003\t0\t0\t0\t00000000\t0\t0\t0',
      'eth0\t000200C0\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0',
    ].join('\n')
    expect(parseProcRoute(text)).toEqual([{family: 4, interface: 'eth0', gateway: '192.0.2.1'}])
    expect(parseProcRoute(text.split('\n').filter((l) => !l.includes('00000000\t010200C0')).join('\n'))).toEqual([])
  })

  it('reads the IPv6 default route and ignores the kernel reject route on lo', () => {
    const text = [
      '00000000000000000000000000000000 00 00000000000000000000000000000000 00 fd000000000000000000000000000001 00000400 00000002 00000000 00000003     eth0',
      '00000000000000000000000000000001 80 00000000000000000000000000000000 00 00000000000000000000000000000000 00000000 00000004 00000000 80200001       lo',
      '00000000000000000000000000000000 00 00000000000000000000000000000000 00 00000000000000000000000000000000 ffffffff 00000001 00000000 00200200       lo',
    ].join('\n')
    expect(parseProcIpv6Route(text)).toEqual([{family: 6, interface: 'eth0', gateway: 'fd00:0:0:0:0:0:0:1'}])
  })

  it('parses macOS and Windows route output', () => {
    expect(parseRouteGet('   route to: default\ndestination: default\n    gateway: 192.168.1.1\n  interface: en0\n', 4)).toEqual([{family: 4, interface: 'en0', gateway: '192.168.1.1'}])
    expect(parseRouteGet('route: writing to routing socket: not in table', 4)).toEqual([])
    const win = 'Network Destination        Netmask          Gateway       Interface  Metric\n          0.0.0.0          0.0.0.0      192.168.1.1    192.168.1.23     25\n'
    expect(parseRoutePrint(win)).toEqual([{family: 4, interface: '192.168.1.23', gateway: '192.168.1.1'}])
  })

  const deps = (ifs: Record<string, Array<{address: string; family: 'IPv4' | 'IPv6'; internal: boolean}>>, routes: LocalDeps['defaultRoutes'] extends () => Promise<infer R> ? R : never): LocalDeps => ({
    networkInterfaces: () => ifs as never,
    defaultRoutes: async () => routes,
  })

  it('fails without an interface or a default route when a host is off this machine', async () => {
    const none = await checkLocal(deps({lo: [{address: '127.0.0.1', family: 'IPv4', internal: true}]}, []), {lang: 'en', offMachine: true})
    expect(none.body.status).toBe('fail')
    expect(none.body.remedy).toMatch(/cable|Wi-Fi/)
    const noRoute = await checkLocal(deps({eth0: [{address: '192.0.2.2', family: 'IPv4', internal: false}]}, []), {lang: 'zh-CN', offMachine: true})
    expect(noRoute.body.status).toBe('fail')
    expect(noRoute.body.remedy).toMatch(/路由器/)
    expect(noRoute.fact).toEqual({interfaces: 1, defaultRoute: false})
  })

  it('passes with a note when every host is on this PC; link-local IPv6 alone is no address', async () => {
    const r = await checkLocal(deps({eth0: [{address: 'fe80::1', family: 'IPv6', internal: false}]}, []), {lang: 'en', offMachine: false})
    expect(r.body.status).toBe('pass')
    expect(r.body.summary).toMatch(/not needed/)
    expect(r.fact.interfaces).toBe(0)
  })

  it('passes with interface and route as evidence; an unknown route is not a failure', async () => {
    const ok = await checkLocal(deps({eth0: [{address: '192.0.2.2', family: 'IPv4', internal: false}]}, [{family: 4, interface: 'eth0', gateway: '192.0.2.1'}]), {lang: 'en', offMachine: true})
    expect(ok.body).toMatchObject({status: 'pass', summary: 'eth0 192.0.2.2; default route via 192.0.2.1 (eth0)'})
    const unknown = await checkLocal(deps({eth0: [{address: '192.0.2.2', family: 'IPv4', internal: false}]}, undefined), {lang: 'en', offMachine: true})
    expect(unknown.body.status).toBe('pass')
    expect(unknown.fact.defaultRoute).toBeNull()
  })
})

describe('DNS layer', () => {
  it.each([
    ['ENOTFOUND', 'servers', 'nxdomain'],
    ['ENODATA', 'servers', 'no-address'],
    ['ETIMEOUT', 'servers', 'timeout'],
    ['ECONNREFUSED', 'servers', 'no-server'],
    ['ESERVFAIL', 'servers', 'servfail'],
    ['EREFUSED', 'servers', 'refused'],
    ['EAI_AGAIN', 'system', 'temporary'],
    ['EAI_AGAIN', 'servers', 'timeout'],
    ['EWHAT', 'system', 'other'],
  ] as const)('%s via %s -> %s', (code, via, failure) => {
    expect(classifyDnsError(code, via)).toBe(failure)
  })

  let t = 0
  const fake = (over: Partial<DnsDeps>): DnsDeps => ({
    lookup: async () => [],
    resolver: () => ({resolve4: async () => [], resolve6: async () => [], cancel: () => undefined}),
    systemServers: () => ['192.0.2.53'],
    now: () => (t += 1),
    ...over,
  })
  const err = (code: string) => Object.assign(new Error(code), {code})

  it('an IP literal needs no lookup', async () => {
    const r = await checkDns('::1', fake({}), ctx())
    expect(r.body.status).toBe('skip')
    expect(r.fact?.addresses).toEqual([{address: '::1', family: 6}])
  })

  it('system resolver: every address with its family; NXDOMAIN; no server configured', async () => {
    const ok = await checkDns('pos.example', fake({lookup: async () => [{address: '192.0.2.7', family: 4}, {address: '2001:db8::7', family: 6}]}), ctx())
    expect(ok.body.status).toBe('pass')
    expect(ok.fact?.addresses).toEqual([{address: '192.0.2.7', family: 4}, {address: '2001:db8::7', family: 6}])
    const nx = await checkDns('pos.example', fake({lookup: () => Promise.reject(err('ENOTFOUND'))}), ctx())
    expect(nx.body.evidence).toMatchObject({failure: 'nxdomain', code: 'ENOTFOUND', resolver: 'system'})
    const none = await checkDns('pos.example', fake({lookup: () => Promise.reject(err('EAI_AGAIN')), systemServers: () => []}), ctx())
    expect(none.fact?.failure).toBe('no-server')
  })

  it('named servers: A ok + AAAA no data passes; NXDOMAIN wins over no data; timeout is marked', async () => {
    const servers = ['127.0.0.1:5353']
    const mixed = await checkDns('pos.example', fake({resolver: () => ({resolve4: async () => ['192.0.2.9'], resolve6: () => Promise.reject(err('ENODATA')), cancel: () => undefined})}), {...ctx(), servers})
    expect(mixed.body.status).toBe('pass')
    expect(mixed.body.evidence).toMatchObject({resolver: 'servers', servers})
    const nx = await checkDns('pos.example', fake({resolver: () => ({resolve4: () => Promise.reject(err('ENOTFOUND')), resolve6: () => Promise.reject(err('ENODATA')), cancel: () => undefined})}), {...ctx(), servers})
    expect(nx.fact?.failure).toBe('nxdomain')
    const slow = await checkDns('pos.example', fake({resolver: () => ({resolve4: () => Promise.reject(err('ETIMEOUT')), resolve6: () => Promise.reject(err('ETIMEOUT')), cancel: () => undefined})}), {...ctx(), servers})
    expect(slow.body.evidence).toMatchObject({failure: 'timeout', timedOut: true})
  })
})

/** A socket stand-in: the test says when it connects or fails. */
function fakeSockets() {
  const made: Array<EventEmitter & {destroyed: boolean; opts: {host: string}}> = []
  const connect: TcpDeps['connect'] = (opts) => {
    const s = Object.assign(new EventEmitter(), {destroyed: false, opts, destroy() {
      s.destroyed = true
    }})
    made.push(s)
    return s as unknown as net.Socket
  }
  return {made, connect}
}

describe('TCP layer', () => {
  it.each([
    ['ECONNREFUSED', 'refused'],
    ['ETIMEDOUT', 'timeout'],
    ['EHOSTUNREACH', 'unreachable'],
    ['ENETUNREACH', 'unreachable'],
    ['EADDRNOTAVAIL', 'unreachable'],
    ['ECONNRESET', 'reset'],
    [undefined, 'other'],
  ] as const)('%s -> %s', (code, failure) => {
    expect(classifyTcpError(code)).toBe(failure)
  })

  it('a connect nobody answers ends at its own timeout (dropped packets)', async () => {
    const clock = new FakeClock()
    const {made, connect} = fakeSockets()
    const p = tcpConnect({connect, now: () => clock.now(), clock}, '192.0.2.1', 4, 443, 800, new AbortController().signal)
    clock.advance(799)
    await flush()
    clock.advance(1)
    expect(await p).toMatchObject({outcome: 'timeout', code: 'ETIMEDOUT', ms: 800})
    expect(made[0]!.destroyed).toBe(true)
  })

  it('tells refused, unreachable and ok apart per address, concurrently', async () => {
    const clock = new FakeClock()
    const {made, connect} = fakeSockets()
    const p = checkTcp({label: 'h:443', port: 443}, [{address: '192.0.2.1', family: 4}, {address: '2001:db8::1', family: 6}], {connect, now: () => clock.now(), clock}, ctx())
    expect(made).toHaveLength(2)
    made[0]!.emit('error', Object.assign(new Error('refused'), {code: 'ECONNREFUSED'}))
    made[1]!.emit('error', Object.assign(new Error('unreach'), {code: 'ENETUNREACH'}))
    const r = await p
    expect(r.body.status).toBe('fail')
    expect(r.fact.failure).toBe('refused')
    expect(r.body.summary).toBe('192.0.2.1:443 refused, [2001:db8::1]:443 unreachable')

    const q = checkTcp({label: 'h:443', port: 443}, [{address: '192.0.2.1', family: 4}, {address: '192.0.2.2', family: 4}], {connect, now: () => clock.now(), clock}, ctx(2000))
    made[2]!.emit('connect')
    clock.advance(1900)
    const r2 = await q
    // one address answers, the other swallows connects: usable, with a warning
    expect(r2.body.status).toBe('warn')
    expect(r2.fact.reachable.map((a) => a.address)).toEqual(['192.0.2.1'])
  })
})

describe('quality statistics', () => {
  it('min / median / p95 / jitter / loss', () => {
    expect(qualityStats([10, 20, null, 30, 20])).toEqual({attempted: 5, answered: 4, lost: 1, lossPercent: 20, minMs: 10, medianMs: 20, p95Ms: 30, jitterMs: 10})
    expect(qualityStats([])).toMatchObject({attempted: 0, lossPercent: 0})
    expect(qualityStats([null, null]).lossPercent).toBe(100)
  })

  it('sparkline: one character per probe, × for a lost one', () => {
    expect(sparkline([1, 8, null, 4.5])).toBe('▁█×▅')
    expect(sparkline([5, 5])).toBe('▁▁')
  })
})

describe('TLS classification', () => {
  const now = Date.UTC(2026, 5, 1)
  const base: HandshakeResult = {
    outcome: 'ok',
    tcpConnected: true,
    ms: 40,
    code: null,
    authorized: true,
    authorizationError: null,
    hostnameError: null,
    certificate: {subject: 'h', issuer: 'ca', validFrom: new Date(now - 1e9).toISOString(), validTo: new Date(now + 100 * 86_400_000).toISOString(), names: ['h'], fingerprint256: 'x'},
  }
  it.each([
    [{}, undefined],
    [{authorized: false, authorizationError: 'CERT_HAS_EXPIRED'}, 'expired'],
    [{authorized: false, authorizationError: 'CERT_NOT_YET_VALID'}, 'not-yet-valid'],
    [{authorized: false, authorizationError: 'SELF_SIGNED_CERT_IN_CHAIN'}, 'untrusted'],
    [{authorized: false, authorizationError: 'ERR_TLS_CERT_ALTNAME_INVALID'}, 'hostname'],
    [{hostnameError: 'ERR_TLS_CERT_ALTNAME_INVALID'}, 'hostname'],
    [{ms: 1500}, 'slow'],
    [{certificate: {...base.certificate!, validTo: new Date(now + 5 * 86_400_000).toISOString()}}, 'expires-soon'],
  ] as Array<[Partial<HandshakeResult>, string | undefined]>)('%j -> %s', (over, failure) => {
    expect(classifyHandshake({...base, ...over}, now)).toBe(failure)
  })
})
