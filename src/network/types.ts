/** The network check's contract: hosts, layers, facts the verdict reads, and the JSON result. */
import type {CheckResult, CheckStatus} from '../checks/types.js'

export const NETWORK_CHECK_SCHEMA = 'posdoc.network-check/1' as const

export type Layer = 'local' | 'dns' | 'tcp' | 'tls' | 'quality' | 'terminal'
export const HOST_LAYERS = ['dns', 'tcp', 'tls', 'quality'] as const
export type HostLayer = (typeof HOST_LAYERS)[number]

/** Where the fault is, as the verdict names it. */
export type FaultLocation = 'none' | 'shop-network' | 'this-pc' | 'terminal' | 'acquirer-host' | 'certificate' | 'clock' | 'host-name'
export type VerdictStatus = 'healthy' | 'warning' | 'problem' | 'unreachable'

export interface HostTarget {
  /** as typed / configured, normalised: "localhost:4433", "[::1]:443" */
  label: string
  host: string
  port: number
  source: 'flag' | 'profile' | 'demo'
}

export interface Verdict {
  status: VerdictStatus
  location: FaultLocation
  /** the layer the finding comes from (null when healthy) */
  layer: Layer | null
  /** the host the finding is about (null for local / terminal / healthy) */
  host: string | null
  /** the finding's layer was cut off by the deadline (it hung) */
  hung: boolean
  summary: string
  cause?: string
  remedy?: string
}

export interface NetworkCheckResult {
  schema: typeof NETWORK_CHECK_SCHEMA
  startedAt: string
  deadline: {timeoutMs: number; elapsedMs: number; hit: boolean}
  hosts: Array<HostTarget & {layers: Record<HostLayer, CheckStatus>}>
  /** the terminal side; reached/ok are null when the deadline cut it off before it could tell */
  terminal: {label: string; reached: boolean | null; ok: boolean | null; resultCode: string | null} | null
  verdict: Verdict
  /** local, then dns/tcp/tls/quality per host (evidence.host names it), then terminal */
  checks: CheckResult[]
}

// ---- facts: what each layer learned, typed, for the layers after it and for the verdict ----

export type DnsFailure = 'nxdomain' | 'no-address' | 'timeout' | 'no-server' | 'servfail' | 'refused' | 'temporary' | 'other'
export type TcpFailure = 'refused' | 'timeout' | 'unreachable' | 'reset' | 'other'
export type TlsFailure =
  | 'timeout'
  | 'reset'
  | 'refused'
  | 'handshake'
  | 'expired'
  | 'not-yet-valid'
  | 'hostname'
  | 'untrusted'
  | 'expires-soon'
  | 'slow'

export interface LocalFact {
  interfaces: number
  defaultRoute: boolean | null
}

export interface DnsFact {
  addresses: Array<{address: string; family: 4 | 6}>
  failure?: DnsFailure
}

export interface TcpFact {
  /** addresses that accepted, fastest first */
  reachable: Array<{address: string; family: 4 | 6; connectMs: number}>
  failure?: TcpFailure
}

export interface TlsFact {
  /** a handshake completed (even if the certificate is then rejected) */
  handshake: boolean
  address: string
  failure?: TlsFailure
}

export interface QualityFact {
  lossPercent: number
  answered: number
}

export interface TerminalFact {
  reached: boolean
  ok: boolean
  resultCode: number | null
}

/** One layer's outcome: the check as shown, plus the typed fact (absent when it failed to produce one). */
export interface LayerRun<F> {
  layer: Layer
  host: string | null
  check: CheckResult
  fact: F | undefined
  timedOut: boolean
}
