/** The acquirer simulator and the network check in-process, over real TLS / UDP on 127.0.0.1 only. */
import {afterEach, describe, expect, it} from 'vitest'

import {checkDns, systemDnsDeps} from '../../src/network/checks/dns.js'
import {renderNetworkCheck} from '../../src/network/render.js'
import {NetworkCheckResultSchema} from '../../src/network/schema.js'
import {runNetworkCheck} from '../../src/network/service.js'
import {createTlsHostProbe, startAcquirerSim, type AcquirerScenario, type RunningAcquirer} from '../../src/sim/acquirer/index.js'
import {closedUdpPort, startTestDnsServer, type TestDnsServer} from './helpers/dns-server.js'

let acquirers: RunningAcquirer[] = []
let dnsServers: TestDnsServer[] = []
afterEach(async () => {
  for (const a of acquirers) await a.close()
  for (const d of dnsServers) await d.close()
  acquirers = []
  dnsServers = []
})

async function acquirer(scenario: AcquirerScenario, options = {}) {
  const a = await startAcquirerSim({scenario, options})
  acquirers.push(a)
  return a
}

describe('the simulated terminal\'s host probe (real TLS to the simulated acquirer)', () => {
  it.each([
    ['healthy', true, undefined, /OK via TLSv1\.[23]/],
    ['refuse', false, 0xa3, /refused/],
    ['expired-cert', false, 0x9b, /CERT_HAS_EXPIRED/],
    ['wrong-hostname', false, 0x9b, /ALTNAME/],
    ['not-yet-valid', false, 0x9b, /CERT_NOT_YET_VALID/],
    ['host-down-terminal-only', false, 0xa3, /reset/],
  ] as const)('%s: ok=%s result %s', async (scenario, ok, resultCode, detail) => {
    const a = await acquirer(scenario)
    const r = await createTlsHostProbe(a.terminalEndpoint, {timeoutMs: 2000}).probe()
    expect(r.ok).toBe(ok)
    expect(r.resultCode).toBe(resultCode)
    expect(r.detail).toMatch(detail)
  })

  it('blackhole: the probe gives up after its own timeout with "host not responding"', async () => {
    const a = await acquirer('blackhole')
    const started = Date.now()
    const r = await createTlsHostProbe(a.terminalEndpoint, {timeoutMs: 300}).probe()
    expect(r).toMatchObject({ok: false, resultCode: 0xa1})
    expect(r.detail).toMatch(/no TLS answer within 300 ms/)
    expect(Date.now() - started).toBeLessThan(1500)
  })

  it('host-down-terminal-only: this PC\'s endpoint still answers', async () => {
    const a = await acquirer('host-down-terminal-only')
    expect((await createTlsHostProbe(a.endpoint).probe()).ok).toBe(true)
    expect(a.terminalEndpoint.port).not.toBe(a.endpoint.port)
  })

  it('lossy: a seeded share of probes fails', async () => {
    const a = await acquirer('lossy', {lossRate: 0.5, seed: 3})
    const probe = createTlsHostProbe(a.endpoint, {timeoutMs: 2000})
    const results = []
    for (let i = 0; i < 12; i++) results.push((await probe.probe()).ok)
    expect(results.filter((x) => !x).length).toBeGreaterThan(0)
    expect(results.filter((x) => x).length).toBeGreaterThan(0)
    expect(a.core.stats.dropped).toBe(results.filter((x) => !x).length)
  })
})

describe('runNetworkCheck against the simulated acquirer (no terminal)', () => {
  const hostOf = (a: RunningAcquirer) => ({label: `localhost:${a.endpoint.port}`, host: 'localhost', port: a.endpoint.port, source: 'flag' as const})

  it('healthy: every layer passes, with measured evidence; the JSON fits the schema', async () => {
    const a = await acquirer('healthy')
    const r = await runNetworkCheck({hosts: [hostOf(a)], count: 4, timeoutMs: 5000, ca: [a.endpoint.ca], lang: 'en'})
    expect(NetworkCheckResultSchema.parse(JSON.parse(JSON.stringify(r)))).toBeTruthy()
    expect(r.verdict.status).toBe('healthy')
    expect(r.hosts[0]!.layers).toEqual({dns: 'pass', tcp: 'pass', tls: 'pass', quality: 'pass'})
    const tls = r.checks.find((c) => c.id === 'network.tls')!
    expect(tls.evidence).toMatchObject({protocol: expect.stringMatching(/^TLSv1\.[23]$/), authorized: true, hostnameMatch: true, servername: 'localhost'})
    expect((tls.evidence.certificate as {daysToExpiry: number}).daysToExpiry).toBeGreaterThan(300)
    expect((tls.evidence.chain as unknown[]).length).toBeGreaterThanOrEqual(1)
    const q = r.checks.find((c) => c.id === 'network.quality')!
    expect(q.evidence).toMatchObject({probe: 'tls', attempted: 4, answered: 4, lossPercent: 0})
    expect(r.terminal).toBeNull()
  })

  it('without --ca the simulator\'s own CA is not trusted: verification stays on', async () => {
    const a = await acquirer('healthy')
    const r = await runNetworkCheck({hosts: [hostOf(a)], count: 1, timeoutMs: 5000, lang: 'en'})
    expect(r.checks.find((c) => c.id === 'network.tls')!.evidence).toMatchObject({failure: 'untrusted', authorized: false})
    expect(r.verdict).toMatchObject({status: 'problem', location: 'certificate'})
  })

  it('not-yet-valid: the PC clock skew against notBefore is reported', async () => {
    const a = await acquirer('not-yet-valid')
    const r = await runNetworkCheck({hosts: [hostOf(a)], count: 1, timeoutMs: 5000, ca: [a.endpoint.ca], lang: 'en'})
    const tls = r.checks.find((c) => c.id === 'network.tls')!
    const behind = tls.evidence.pcBehindSeconds as number
    expect(behind).toBeGreaterThan(2 * 86_400 - 120)
    expect(behind).toBeLessThan(2 * 86_400 + 120)
    expect(tls.summary).toMatch(/PC clock at least 2(\.0)? day/)
    expect(r.verdict.location).toBe('clock')
  })

  it('an IPv6 literal host goes straight to TCP/TLS on ::1 (IP SAN checked)', async () => {
    const a = await acquirer('healthy')
    if (!a.listening.includes('::1')) return // this machine has no IPv6 loopback
    const r = await runNetworkCheck({hosts: [{label: `[::1]:${a.endpoint.port}`, host: '::1', port: a.endpoint.port, source: 'flag'}], count: 1, timeoutMs: 5000, ca: [a.endpoint.ca], lang: 'en'})
    expect(r.hosts[0]!.layers).toEqual({dns: 'skip', tcp: 'pass', tls: 'pass', quality: 'pass'})
  })

  it('a TTY shows the latency sparkline; a pipe does not', async () => {
    const a = await acquirer('healthy')
    const r = await runNetworkCheck({hosts: [hostOf(a)], count: 5, timeoutMs: 5000, ca: [a.endpoint.ca], lang: 'en'})
    expect(renderNetworkCheck(r, {lang: 'en', tty: true})).toMatch(/[▁▂▃▄▅▆▇█]{5}/)
    expect(renderNetworkCheck(r, {lang: 'en', tty: false})).not.toMatch(/[▁▂▃▄▅▆▇█]/)
  })
})

describe('DNS without any traffic off this machine', () => {
  it('the system resolver finds localhost (from /etc/hosts)', async () => {
    const r = await checkDns('localhost', systemDnsDeps, {signal: new AbortController().signal, budgetMs: 3000, lang: 'en'})
    expect(r.body.status).toBe('pass')
    expect(r.fact?.addresses.some((x) => x.address === '127.0.0.1' || x.address === '::1')).toBe(true)
  })

  it('NXDOMAIN, timeout and no server are told apart (tiny DNS server on 127.0.0.1)', async () => {
    const nx = await startTestDnsServer({mode: 'nxdomain'})
    const silent = await startTestDnsServer({mode: 'silent'})
    dnsServers.push(nx, silent)
    const ctx = {signal: new AbortController().signal, budgetMs: 1200, lang: 'en' as const}
    const a = await checkDns('no-such-host.invalid', systemDnsDeps, {...ctx, servers: [nx.address]})
    expect(a.fact?.failure).toBe('nxdomain')
    expect(nx.queries).toContain('no-such-host.invalid/1')
    const started = Date.now()
    const b = await checkDns('pos.acquirer.test', systemDnsDeps, {...ctx, servers: [silent.address]})
    expect(b.fact?.failure).toBe('timeout')
    expect(Date.now() - started).toBeLessThan(4000)
    const c = await checkDns('pos.acquirer.test', systemDnsDeps, {...ctx, servers: [`127.0.0.1:${await closedUdpPort()}`]})
    expect(c.fact?.failure).toBe('no-server')
  })

  it('a name our DNS server knows resolves and the chain runs on (then fails on the certificate\'s name)', async () => {
    const a = await acquirer('healthy')
    const dns = await startTestDnsServer({mode: 'records', records: {'pos.acquirer.test': '127.0.0.1'}})
    dnsServers.push(dns)
    const r = await runNetworkCheck({hosts: [{label: `pos.acquirer.test:${a.endpoint.port}`, host: 'pos.acquirer.test', port: a.endpoint.port, source: 'flag'}], count: 1, timeoutMs: 5000, ca: [a.endpoint.ca], dnsServers: [dns.address], lang: 'en'})
    expect(r.checks.find((c) => c.id === 'network.dns')!.evidence).toMatchObject({addresses: [{address: '127.0.0.1', family: 4}], resolver: 'servers'})
    expect(r.hosts[0]!.layers.tcp).toBe('pass')
    expect(r.checks.find((c) => c.id === 'network.tls')!.evidence).toMatchObject({failure: 'hostname'})
  })

  it('a silent DNS server: the run still ends by its deadline, naming the DNS layer', async () => {
    const silent = await startTestDnsServer({mode: 'silent'})
    dnsServers.push(silent)
    const started = Date.now()
    const r = await runNetworkCheck({hosts: [{label: 'pos.acquirer.test:443', host: 'pos.acquirer.test', port: 443, source: 'flag'}], count: 1, timeoutMs: 1000, dnsServers: [silent.address], lang: 'en'})
    expect(Date.now() - started).toBeLessThan(1000 + 300)
    expect(r.verdict).toMatchObject({status: 'unreachable', layer: 'dns', location: 'shop-network'})
    expect(r.hosts[0]!.layers).toMatchObject({tcp: 'skip', tls: 'skip', quality: 'skip'})
  })
})
