/**
 * `posdoc network check`: local network, then per host DNS -> TCP -> TLS -> quality, and the
 * terminal's own host test, all under one deadline. Checks that do not depend on each other run
 * at the same time: the local check, every host's chain, and the terminal side.
 */
import type {CheckResult, CheckStatus} from '../checks/types.js'
import {getLang, type Lang} from '../i18n/index.js'
import {systemClock, type Clock} from '../util/clock.js'
import {checkDns, systemDnsDeps, type DnsDeps} from './checks/dns.js'
import {checkLocal, systemLocalDeps, type LocalDeps} from './checks/local.js'
import {checkQuality} from './checks/quality.js'
import {checkTerminalSide, type TerminalConnection} from './checks/terminal.js'
import {checkTcp, systemTcpDeps, type TcpDeps} from './checks/tcp.js'
import {checkTls, systemTlsDeps, type TlsDeps} from './checks/tls.js'
import {layerName, networkText as T} from './network-text.js'
import {Deadline, runLayer, type CheckBody} from './runner.js'
import {
  HOST_LAYERS,
  NETWORK_CHECK_SCHEMA,
  type DnsFact,
  type HostLayer,
  type HostTarget,
  type Layer,
  type LayerRun,
  type LocalFact,
  type NetworkCheckResult,
  type TcpFact,
  type TerminalFact,
  type TlsFact,
} from './types.js'
import {decideVerdict} from './verdict.js'

export interface NetworkDeps {
  local: LocalDeps
  dns: DnsDeps
  tcp: TcpDeps
  tls: TlsDeps
}

export interface NetworkCheckOptions {
  hosts: HostTarget[]
  /** quality probes per host */
  count: number
  /** the whole run's deadline */
  timeoutMs: number
  /** ask these DNS servers ("IP" / "IP:PORT") instead of the system resolver */
  dnsServers?: string[]
  /** extra trusted CA certificates (PEM) */
  ca?: string[]
  terminal?: {label: string; connect: () => Promise<TerminalConnection>}
  clock?: Clock
  deps?: Partial<NetworkDeps>
  onStep?: (text: string) => void
  lang?: Lang
}

export const DEFAULT_TIMEOUT_MS = 10_000
export const DEFAULT_COUNT = 5
/** a single address's connect never takes more of the run than this */
export const TCP_CONNECT_CAP_MS = 3000
const LOCAL_CAP_MS = 3000

export function isLoopbackHost(host: string): boolean {
  const h = host.toLowerCase()
  return h === 'localhost' || h.endsWith('.localhost') || /^127\.\d+\.\d+\.\d+$/.test(h) || h === '::1'
}

export async function runNetworkCheck(opts: NetworkCheckOptions): Promise<NetworkCheckResult> {
  const lang = opts.lang ?? getLang()
  const clock = opts.clock ?? systemClock
  const deps: NetworkDeps = {local: systemLocalDeps, dns: systemDnsDeps, tcp: systemTcpDeps, tls: systemTlsDeps, ...opts.deps}
  const deadline = new Deadline(clock, opts.timeoutMs)
  const startedAt = new Date(deps.tls.wallNow()).toISOString()
  const offMachine = opts.hosts.some((h) => !isLoopbackHost(h.host))

  const spec = (id: string, title: string, layer: Layer, host: string | null, budgetMs: number, onTimeout?: (ms: number) => CheckBody) => ({
    id,
    title,
    layer,
    host,
    clock,
    deadline,
    budgetMs,
    crashRemedy: T.crashRemedy[lang],
    onNoTime: (): CheckBody => ({status: 'skip', summary: T.noTime[lang], evidence: host ? {host} : {}}),
    onTimeout:
      onTimeout ??
      ((ms: number): CheckBody => ({
        status: 'fail',
        summary: T.timedOut[lang](layerName[layer][lang], ms),
        evidence: host ? {host} : {},
        remedy: T.timeoutRemedy[lang],
      })),
  })
  const step = (title: string) => opts.onStep?.(title)

  const localP = (async () => {
    step(T.titleLocal[lang])
    return runLayer<LocalFact>(spec('network.local', T.titleLocal[lang], 'local', null, Math.min(deadline.remaining(), LOCAL_CAP_MS)), () =>
      checkLocal(deps.local, {lang, offMachine}),
    )
  })()

  const hostPs = opts.hosts.map((h) => runHost(h))

  const terminalP = opts.terminal
    ? (async () => {
        const t = opts.terminal!
        step(T.titleTerminal[lang])
        return runLayer<TerminalFact>(
          spec('network.terminal', T.titleTerminal[lang], 'terminal', null, deadline.remaining(), (ms) => ({
            status: 'fail',
            summary: T.terminalHung[lang](ms),
            evidence: {terminal: t.label},
            cause: T.terminalFailCause[lang],
            remedy: T.terminalHungRemedy[lang],
          })),
          (ctx) => checkTerminalSide(t.connect, {...ctx, lang, label: t.label}),
        )
      })()
    : undefined

  async function runHost(h: HostTarget): Promise<Array<LayerRun<unknown>>> {
    const skip = (layer: HostLayer, id: string, title: string, summary: string, reason: string): LayerRun<unknown> => ({
      layer,
      host: h.label,
      check: {id, title, status: 'skip', summary, evidence: {host: h.label, reason}, durationMs: 0},
      fact: undefined,
      timedOut: false,
    })
    const titles = {dns: T.titleDns[lang](h.host), tcp: T.titleTcp[lang](h.label), tls: T.titleTls[lang](h.label), quality: T.titleQuality[lang](h.label)}

    step(titles.dns)
    const dns = await runLayer<DnsFact>(
      spec('network.dns', titles.dns, 'dns', h.label, deadline.remaining(), (ms) => ({
        status: 'fail',
        summary: T.timedOut[lang](layerName.dns[lang], ms),
        evidence: {host: h.label, failure: 'timeout'},
        cause: T.dnsCause[lang].timeout,
        remedy: T.dnsRemedy[lang].timeout,
      })),
      (ctx) => checkDns(h.host, deps.dns, {...ctx, lang, label: h.label, ...(opts.dnsServers ? {servers: opts.dnsServers} : {})}),
    )
    const addresses = dns.fact?.addresses ?? []
    if (addresses.length === 0) {
      return [
        dns,
        skip('tcp', 'network.tcp', titles.tcp, T.skipNoAddress[lang], 'dns'),
        skip('tls', 'network.tls', titles.tls, T.skipNoAddress[lang], 'dns'),
        skip('quality', 'network.quality', titles.quality, T.skipNoAddress[lang], 'dns'),
      ]
    }

    step(titles.tcp)
    const tcp = await runLayer<TcpFact>(
      spec('network.tcp', titles.tcp, 'tcp', h.label, Math.min(deadline.remaining(), TCP_CONNECT_CAP_MS + 100), (ms) => ({
        status: 'fail',
        summary: T.timedOut[lang](layerName.tcp[lang], ms),
        evidence: {host: h.label, failure: 'timeout'},
        cause: T.tcpCause[lang].timeout,
        remedy: T.tcpRemedy[lang].timeout,
      })),
      (ctx) => checkTcp({label: h.label, port: h.port}, addresses, deps.tcp, {...ctx, lang}),
    )
    const first = tcp.fact?.reachable[0]
    if (!first) {
      return [
        dns,
        tcp,
        skip('tls', 'network.tls', titles.tls, T.skipNoTcp[lang], 'tcp'),
        skip('quality', 'network.quality', titles.quality, T.skipNoTcp[lang], 'tcp'),
      ]
    }

    step(titles.tls)
    const ca = opts.ca && opts.ca.length > 0 ? {ca: opts.ca} : {}
    const tls = await runLayer<TlsFact>(
      spec('network.tls', titles.tls, 'tls', h.label, deadline.remaining(), (ms) => ({
        status: 'fail',
        summary: T.tlsHung[lang](ms),
        evidence: {host: h.label, failure: 'timeout'},
        cause: T.tlsHungCause[lang],
        remedy: T.tlsHungRemedy[lang],
      })),
      (ctx) => checkTls({label: h.label, host: h.host, port: h.port, address: first.address, ...ca}, deps.tls, {...ctx, lang}),
    )
    const tlsFailure = tls.fact?.failure
    if (!tls.fact?.handshake && (tls.timedOut || tlsFailure === 'timeout')) {
      return [dns, tcp, tls, skip('quality', 'network.quality', titles.quality, T.skipNoTls[lang], 'tls')]
    }

    step(titles.quality)
    // quality ends its probes by itself before the deadline; if the runner still has to cut it
    // (a busy machine), the probes were cut short, which says nothing about the link
    const quality = await runLayer(
      spec('network.quality', titles.quality, 'quality', h.label, deadline.remaining(), () => ({status: 'skip', summary: T.qualityNone[lang], evidence: {host: h.label, deadline: true}})),
      (ctx) =>
        checkQuality({label: h.label, host: h.host, port: h.port, address: first.address, family: first.family, tls: tls.fact?.handshake === true, ...ca}, opts.count, deps, {...ctx, lang}),
    )
    return [dns, tcp, tls, quality]
  }

  const [local, hostRuns, terminal] = await Promise.all([localP, Promise.all(hostPs), terminalP])
  const verdict = decideVerdict({
    lang,
    offMachine,
    local,
    hosts: opts.hosts.map((h, i) => ({label: h.label, runs: hostRuns[i]!})),
    ...(terminal ? {terminal} : {}),
  })

  const checks: CheckResult[] = [local.check, ...hostRuns.flatMap((runs) => runs.map((r) => r.check)), ...(terminal ? [terminal.check] : [])]
  return {
    schema: NETWORK_CHECK_SCHEMA,
    startedAt,
    deadline: {timeoutMs: opts.timeoutMs, elapsedMs: Math.round(deadline.elapsed()), hit: deadline.hit},
    hosts: opts.hosts.map((h, i) => ({...h, layers: layerStatuses(hostRuns[i]!)})),
    terminal:
      terminal && opts.terminal
        ? {
            label: opts.terminal.label,
            reached: terminal.fact?.reached ?? null,
            ok: terminal.fact?.ok ?? null,
            resultCode: typeof terminal.check.evidence.resultCode === 'string' ? terminal.check.evidence.resultCode : null,
          }
        : null,
    verdict,
    checks,
  }
}

function layerStatuses(runs: Array<LayerRun<unknown>>): Record<HostLayer, CheckStatus> {
  const out = {} as Record<HostLayer, CheckStatus>
  for (const layer of HOST_LAYERS) out[layer] = runs.find((r) => r.layer === layer)?.check.status ?? 'skip'
  return out
}
