/**
 * Layer 5: N connection probes one after the other (TLS handshakes when the host speaks TLS,
 * else TCP connects): min / median / p95 latency, jitter and loss. A probe the deadline cuts off
 * is not counted as lost; the result says the run was incomplete.
 */
import type {Lang} from '../../i18n/index.js'
import {networkText as T} from '../network-text.js'
import type {CheckBody, LayerContext} from '../runner.js'
import type {QualityFact} from '../types.js'
import {tcpConnect, type TcpDeps} from './tcp.js'
import {tlsHandshake, type TlsDeps} from './tls.js'

/** Loss from this share on fails the layer; any loss warns. */
export const LOSS_FAIL_PERCENT = 20
export const P95_WARN_MS = 1000
export const JITTER_WARN_MS = 300
/** no single probe waits longer than this */
export const PROBE_TIMEOUT_MS = 3000

export interface QualityStats {
  attempted: number
  answered: number
  lost: number
  lossPercent: number
  minMs: number
  medianMs: number
  p95Ms: number
  /** mean absolute difference of consecutive answered latencies (RFC 3550 style, unsmoothed) */
  jitterMs: number
}

const round1 = (x: number) => Math.round(x * 10) / 10

/** Statistics over probe latencies; null = lost. */
export function qualityStats(samples: Array<number | null>): QualityStats {
  const ok = samples.filter((x): x is number => x !== null)
  const sorted = [...ok].sort((a, b) => a - b)
  const rank = (p: number) => sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)] ?? 0
  const diffs = ok.slice(1).map((x, i) => Math.abs(x - ok[i]!))
  const attempted = samples.length
  return {
    attempted,
    answered: ok.length,
    lost: attempted - ok.length,
    lossPercent: attempted === 0 ? 0 : round1(((attempted - ok.length) / attempted) * 100),
    minMs: round1(sorted[0] ?? 0),
    medianMs: round1(rank(0.5)),
    p95Ms: round1(rank(0.95)),
    jitterMs: round1(diffs.length === 0 ? 0 : diffs.reduce((a, b) => a + b, 0) / diffs.length),
  }
}

export async function checkQuality(
  target: {label: string; host: string; port: number; address: string; family: 4 | 6; tls: boolean; ca?: string[]},
  count: number,
  deps: {tcp: TcpDeps; tls: TlsDeps},
  ctx: LayerContext & {lang: Lang},
): Promise<{body: CheckBody; fact: QualityFact}> {
  const {lang} = ctx
  // stop a little before the hard deadline so the partial result is ours to report
  const end = deps.tcp.now() + ctx.budgetMs - 250
  const samples: Array<number | null> = []
  const codes: Array<string | null> = []
  for (let i = 0; i < count; i++) {
    const left = end - deps.tcp.now()
    if (left < 20 || ctx.signal.aborted) break
    const timeoutMs = Math.min(PROBE_TIMEOUT_MS, left)
    let ms: number | null
    let code: string | null
    let cutByDeadline: boolean
    if (target.tls) {
      const r = await tlsHandshake(deps.tls, {address: target.address, port: target.port, name: target.host, ...(target.ca ? {ca: target.ca} : {})}, timeoutMs, ctx.signal, {details: false})
      ms = r.outcome === 'ok' ? r.ms : null
      code = r.code
      cutByDeadline = r.outcome === 'timeout' && timeoutMs < PROBE_TIMEOUT_MS
    } else {
      const r = await tcpConnect(deps.tcp, target.address, target.family, target.port, timeoutMs, ctx.signal)
      ms = r.outcome === 'ok' ? r.ms : null
      code = r.code
      cutByDeadline = r.outcome === 'timeout' && timeoutMs < PROBE_TIMEOUT_MS
    }
    if (cutByDeadline) break
    samples.push(ms)
    codes.push(code)
  }
  const stats = qualityStats(samples)
  const incomplete = samples.length < count
  const evidence = {host: target.label, address: target.address, probe: target.tls ? 'tls' : 'tcp', count, ...stats, samples, errors: codes.filter(Boolean), incomplete}
  const fact: QualityFact = {lossPercent: stats.lossPercent, answered: stats.answered}
  if (stats.attempted === 0) {
    return {body: {status: 'skip', summary: T.qualityNone[lang], evidence: {...evidence, deadline: true}}, fact}
  }
  const summary = T.qualitySummary[lang](stats) + (incomplete ? T.qualityIncomplete[lang](samples.length, count) : '')
  if (stats.lossPercent >= LOSS_FAIL_PERCENT) return {body: {status: 'fail', summary, evidence, cause: T.qualityLossCause[lang], remedy: T.qualityLossRemedy[lang]}, fact}
  if (stats.lost > 0) return {body: {status: 'warn', summary, evidence, cause: T.qualityLossCause[lang], remedy: T.qualityLossRemedy[lang]}, fact}
  if (stats.p95Ms > P95_WARN_MS || stats.jitterMs > JITTER_WARN_MS) return {body: {status: 'warn', summary, evidence, cause: T.qualitySlowCause[lang], remedy: T.qualitySlowRemedy[lang]}, fact}
  return {body: {status: 'pass', summary, evidence}, fact}
}

const BARS = '▁▂▃▄▅▆▇█'

/** One character per probe: bar height by latency, × for a lost probe (TTY display only). */
export function sparkline(samples: Array<number | null>): string {
  const ok = samples.filter((x): x is number => x !== null)
  const lo = Math.min(...ok)
  const hi = Math.max(...ok)
  return samples
    .map((x) => {
      if (x === null) return '×'
      if (hi - lo < 0.5) return BARS[0]
      return BARS[Math.min(BARS.length - 1, Math.floor(((x - lo) / (hi - lo)) * BARS.length))]
    })
    .join('')
}
