/**
 * Layer 2: the host name to addresses. Without --dns-server the system resolver answers
 * (getaddrinfo: /etc/hosts first, then the configured DNS servers), like every program on this
 * PC; with --dns-server the named servers are asked directly for A and AAAA.
 */
import dns from 'node:dns'
import net from 'node:net'

import type {Lang} from '../../i18n/index.js'
import {networkText as T} from '../network-text.js'
import type {CheckBody, LayerContext} from '../runner.js'
import type {DnsFact, DnsFailure} from '../types.js'

export interface DnsDeps {
  lookup: (host: string) => Promise<Array<{address: string; family: number}>>
  /** a resolver asking exactly these servers ("IP" or "IP:PORT") */
  resolver: (servers: string[], timeoutMs: number) => {resolve4(h: string): Promise<string[]>; resolve6(h: string): Promise<string[]>; cancel(): void}
  systemServers: () => string[]
  now: () => number
}

export const systemDnsDeps: DnsDeps = {
  lookup: (host) => dns.promises.lookup(host, {all: true, verbatim: true}),
  resolver: (servers, timeoutMs) => {
    const r = new dns.promises.Resolver({timeout: timeoutMs, tries: 1})
    r.setServers(servers)
    return r
  },
  systemServers: () => dns.getServers(),
  now: () => performance.now(),
}

/** c-ares / getaddrinfo error codes -> what the merchant needs to know. */
export function classifyDnsError(code: string | undefined, via: 'system' | 'servers'): DnsFailure {
  switch (code) {
    case 'ENOTFOUND':
    case 'EAI_NONAME':
      return 'nxdomain'
    case 'ENODATA':
    case 'EAI_NODATA':
      return 'no-address'
    case 'ETIMEOUT':
      return 'timeout'
    case 'ECONNREFUSED':
      return 'no-server'
    case 'ESERVFAIL':
      return 'servfail'
    case 'EREFUSED':
      return 'refused'
    // getaddrinfo cannot tell a silent server from a missing one
    case 'EAI_AGAIN':
      return via === 'system' ? 'temporary' : 'timeout'
    default:
      return 'other'
  }
}

/** @param ctx.label the host as the other layers name it ("name:port"); evidence.host carries it */
export async function checkDns(host: string, deps: DnsDeps, ctx: LayerContext & {lang: Lang; servers?: string[]; label?: string}): Promise<{body: CheckBody; fact?: DnsFact}> {
  const {lang} = ctx
  const label = ctx.label ?? host
  if (net.isIP(host)) {
    const family = net.isIPv6(host) ? 6 : 4
    return {body: {status: 'skip', summary: T.dnsIp[lang], evidence: {host: label, name: host, addresses: [{address: host, family}]}}, fact: {addresses: [{address: host, family}]}}
  }
  const custom = ctx.servers && ctx.servers.length > 0 ? ctx.servers : undefined
  const servers = custom ?? deps.systemServers()
  const started = deps.now()
  const ms = () => Math.round((deps.now() - started) * 10) / 10
  const evidenceBase = {host: label, name: host, resolver: custom ? 'servers' : 'system', servers}
  const fail = (failure: DnsFailure, code: string | undefined): {body: CheckBody; fact: DnsFact} => ({
    body: {
      status: 'fail',
      summary: `${T.dnsFailure[lang][failure]}${failure === 'other' && code ? ` (${code})` : ''}`,
      evidence: {...evidenceBase, failure, code: code ?? null, ms: ms(), ...(failure === 'timeout' ? {timedOut: true} : {})},
      cause: T.dnsCause[lang][failure],
      remedy: T.dnsRemedy[lang][failure],
    },
    fact: {addresses: [], failure},
  })

  let addresses: Array<{address: string; family: 4 | 6}>
  if (custom) {
    // answer a little before the check's own deadline so a silent server is reported as such
    const r = deps.resolver(custom, Math.max(100, Math.min(3000, ctx.budgetMs - 100)))
    const onAbort = () => r.cancel()
    ctx.signal.addEventListener('abort', onAbort, {once: true})
    try {
      const [v4, v6] = await Promise.allSettled([r.resolve4(host), r.resolve6(host)])
      addresses = [
        ...(v4.status === 'fulfilled' ? v4.value.map((address) => ({address, family: 4 as const})) : []),
        ...(v6.status === 'fulfilled' ? v6.value.map((address) => ({address, family: 6 as const})) : []),
      ]
      if (addresses.length === 0) {
        const codes = [v4, v6].map((x) => (x.status === 'rejected' ? (x.reason as {code?: string}).code : 'ENODATA'))
        // NXDOMAIN for either family means the name does not exist; otherwise report the first error
        const code = codes.find((c) => c === 'ENOTFOUND') ?? codes.find((c) => c !== 'ENODATA') ?? 'ENODATA'
        return fail(classifyDnsError(code, 'servers'), code)
      }
    } finally {
      ctx.signal.removeEventListener('abort', onAbort)
    }
  } else {
    // even with no DNS server configured getaddrinfo still reads /etc/hosts, so always ask it
    try {
      const found = await deps.lookup(host)
      addresses = found.map((a) => ({address: a.address, family: a.family === 6 ? 6 : 4}))
    } catch (e) {
      const code = (e as {code?: string}).code
      const failure = classifyDnsError(code, 'system')
      return fail(failure === 'temporary' && servers.length === 0 ? 'no-server' : failure, code)
    }
    if (addresses.length === 0) return fail('no-address', undefined)
  }
  const took = ms()
  const via = custom ? T.dnsServer[lang](custom.join(', ')) : T.dnsSystem[lang]
  return {
    body: {status: 'pass', summary: T.dnsOk[lang](addresses.map((a) => a.address).join(', '), took, via), evidence: {...evidenceBase, addresses, ms: took}},
    fact: {addresses},
  }
}
