/**
 * Layer 4: the TLS handshake with the host: protocol, cipher, certificate chain, host name,
 * days to expiry, and for a "not yet valid" certificate how far this PC's clock is behind.
 *
 * Verification is never switched off: the handshake runs with rejectUnauthorized false only so
 * that a rejected certificate can still be described (issuer, dates, names); the chain result
 * (socket.authorized / authorizationError, against the system CAs plus --ca) and the host-name
 * check (tls.checkServerIdentity) are then applied by us, and no application byte is ever sent
 * on the connection: it is closed right after the handshake.
 */
import net from 'node:net'
import tls from 'node:tls'

import type {Lang} from '../../i18n/index.js'
import {systemClock, type Clock} from '../../util/clock.js'
import {humanDuration, networkText as T} from '../network-text.js'
import type {CheckBody, LayerContext} from '../runner.js'
import type {TlsFact, TlsFailure} from '../types.js'

export interface TlsDeps {
  connect: (opts: tls.ConnectionOptions) => tls.TLSSocket
  /** high-resolution time for measurements (ms) */
  now: () => number
  /** the PC's wall clock (certificate validity is judged against it) */
  wallNow: () => number
  clock: Clock
}

export const systemTlsDeps: TlsDeps = {
  connect: (opts) => tls.connect(opts),
  now: () => performance.now(),
  wallNow: () => Date.now(),
  clock: systemClock,
}

/** Handshakes slower than this get a warning. */
export const SLOW_HANDSHAKE_MS = 1000
/** Certificates expiring sooner than this get a warning. */
export const EXPIRY_WARN_DAYS = 30
const DAY = 86_400_000

export interface CertInfo {
  subject: string
  issuer: string
  validFrom: string
  validTo: string
  names: string[]
  fingerprint256: string
}

export interface HandshakeResult {
  outcome: 'ok' | 'timeout' | 'reset' | 'refused' | 'error'
  /** the TCP part completed (a hang after this is the TLS layer's) */
  tcpConnected: boolean
  ms: number
  code: string | null
  protocol?: string
  cipher?: string
  authorized?: boolean
  authorizationError?: string | null
  hostnameError?: string | null
  certificate?: CertInfo
  chain?: CertInfo[]
}

export interface HandshakeTarget {
  address: string
  port: number
  /** the name the certificate must match (host name or IP literal); also sent as SNI when a name */
  name: string
  /** extra trusted CA certificates (PEM), added to the system's */
  ca?: string[]
}

/** One handshake, ended by success, an error, the time limit or the signal; never rejects. */
export function tlsHandshake(deps: TlsDeps, target: HandshakeTarget, timeoutMs: number, signal: AbortSignal, opts: {details: boolean}): Promise<HandshakeResult> {
  return new Promise((resolve) => {
    const started = deps.now()
    let tcpConnected = false
    let done = false
    const socket = deps.connect({
      host: target.address,
      port: target.port,
      ...(net.isIP(target.name) ? {} : {servername: target.name}),
      ...(target.ca && target.ca.length > 0 ? {ca: [...tls.rootCertificates, ...target.ca]} : {}),
      rejectUnauthorized: false, // see the module comment: we verify, and send nothing
    })
    const finish = (r: Omit<HandshakeResult, 'ms' | 'tcpConnected'>) => {
      if (done) return
      done = true
      deps.clock.clearTimeout(timer)
      signal.removeEventListener('abort', onAbort)
      socket.destroy()
      resolve({...r, tcpConnected, ms: Math.round((deps.now() - started) * 10) / 10})
    }
    // events only fire after this synchronous setup, so finish() never sees timer uninitialised
    const timer = deps.clock.setTimeout(() => finish({outcome: 'timeout', code: 'ETIMEDOUT'}), timeoutMs)
    const onAbort = () => finish({outcome: 'timeout', code: 'ABORTED'})
    signal.addEventListener('abort', onAbort, {once: true})
    socket.once('connect', () => (tcpConnected = true))
    socket.once('secureConnect', () => {
      tcpConnected = true
      const r: Omit<HandshakeResult, 'ms' | 'tcpConnected'> = {outcome: 'ok', code: null, authorized: socket.authorized, authorizationError: errorCode(socket.authorizationError)}
      if (opts.details) {
        const peer = socket.getPeerCertificate(true)
        r.protocol = socket.getProtocol() ?? 'unknown'
        r.cipher = socket.getCipher()?.name ?? 'unknown'
        if (peer && Object.keys(peer).length > 0) {
          r.certificate = certInfo(peer)
          r.chain = chainOf(peer)
          const identity = tls.checkServerIdentity(target.name, peer)
          r.hostnameError = identity ? ((identity as NodeJS.ErrnoException).code ?? identity.message) : null
        }
      }
      finish(r)
    })
    socket.once('error', (err: NodeJS.ErrnoException) => {
      const code = err.code ?? null
      const outcome = code === 'ECONNRESET' || code === 'EPIPE' ? 'reset' : code === 'ECONNREFUSED' ? 'refused' : 'error'
      finish({outcome, code})
    })
    socket.once('close', () => finish({outcome: 'reset', code: 'ECONNRESET'}))
  })
}

function errorCode(e: unknown): string | null {
  if (!e) return null
  if (typeof e === 'string') return e
  return (e as {code?: string}).code ?? (e as Error).message ?? String(e)
}

function nameOf(x: unknown): string {
  if (!x || typeof x !== 'object') return ''
  const o = x as Record<string, string | string[]>
  const cn = Array.isArray(o.CN) ? o.CN[0] : o.CN
  const org = Array.isArray(o.O) ? o.O[0] : o.O
  return cn ?? org ?? ''
}

function certInfo(c: tls.PeerCertificate): CertInfo {
  const names = (c.subjectaltname ?? '')
    .split(/,\s*/)
    .filter(Boolean)
    .map((n) => n.replace(/^(DNS|IP Address):/, ''))
  return {
    subject: nameOf(c.subject),
    issuer: nameOf(c.issuer),
    validFrom: new Date(c.valid_from).toISOString(),
    validTo: new Date(c.valid_to).toISOString(),
    names,
    fingerprint256: c.fingerprint256,
  }
}

function chainOf(leaf: tls.DetailedPeerCertificate): CertInfo[] {
  const out: CertInfo[] = []
  let c: tls.DetailedPeerCertificate | undefined = leaf
  const seen = new Set<string>()
  while (c && Object.keys(c).length > 0 && !seen.has(c.fingerprint256)) {
    seen.add(c.fingerprint256)
    out.push(certInfo(c))
    c = c.issuerCertificate
  }
  return out
}

const UNTRUSTED = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'CERT_UNTRUSTED',
  'CERT_SIGNATURE_FAILURE',
  'CERT_REJECTED',
])

/** What is wrong with a completed handshake, worst first; undefined when nothing is. */
export function classifyHandshake(r: HandshakeResult, wallNow: number): TlsFailure | undefined {
  const err = r.authorizationError
  // with a servername Node folds the host-name check into authorizationError
  if (err === 'ERR_TLS_CERT_ALTNAME_INVALID') return 'hostname'
  if (err === 'CERT_HAS_EXPIRED') return 'expired'
  if (err === 'CERT_NOT_YET_VALID') return 'not-yet-valid'
  if (err && (UNTRUSTED.has(err) || !r.authorized)) return 'untrusted'
  if (r.hostnameError) return 'hostname'
  if (r.certificate && (Date.parse(r.certificate.validTo) - wallNow) / DAY < EXPIRY_WARN_DAYS) return 'expires-soon'
  if (r.ms > SLOW_HANDSHAKE_MS) return 'slow'
  return undefined
}

const RETRIES_ON_RESET = 3

export async function checkTls(
  target: {label: string; host: string; port: number; address: string; ca?: string[]},
  deps: TlsDeps,
  ctx: LayerContext & {lang: Lang},
): Promise<{body: CheckBody; fact: TlsFact}> {
  const {lang} = ctx
  const deadline = deps.now() + ctx.budgetMs - 100
  const hs: HandshakeTarget = {address: target.address, port: target.port, name: target.host, ...(target.ca ? {ca: target.ca} : {})}
  let r: HandshakeResult | undefined
  let attempts = 0
  // a flaky link can reset one handshake; that is the quality layer's finding, not a TLS fault
  while (attempts < RETRIES_ON_RESET) {
    attempts++
    r = await tlsHandshake(deps, hs, Math.max(50, deadline - deps.now()), ctx.signal, {details: true})
    if (r.outcome !== 'reset' || ctx.signal.aborted || deadline - deps.now() < 200) break
  }
  const res = r!
  const evidenceBase = {host: target.label, address: target.address, port: target.port, servername: net.isIP(target.host) ? null : target.host, attempts, extraCa: target.ca?.length ?? 0}
  const fact = (failure?: TlsFailure): TlsFact => ({handshake: res.outcome === 'ok', address: target.address, ...(failure ? {failure} : {})})

  if (res.outcome !== 'ok') {
    const evidence = {...evidenceBase, outcome: res.outcome, code: res.code, tcpConnected: res.tcpConnected, ms: res.ms}
    if (res.outcome === 'timeout') {
      return {
        body: {status: 'fail', summary: T.tlsHung[lang](res.ms), evidence: {...evidence, failure: 'timeout', timedOut: true}, cause: T.tlsHungCause[lang], remedy: T.tlsHungRemedy[lang]},
        fact: fact('timeout'),
      }
    }
    const failure: TlsFailure = res.outcome === 'reset' ? 'reset' : res.outcome === 'refused' ? 'refused' : 'handshake'
    const summary = failure === 'reset' ? T.tlsReset[lang] : failure === 'refused' ? T.tlsRefused[lang] : T.tlsHandshake[lang](res.code ?? 'error')
    return {body: {status: 'fail', summary, evidence: {...evidence, failure}, cause: T.tlsResetCause[lang], remedy: T.tlsResetRemedy[lang]}, fact: fact(failure)}
  }

  const wall = deps.wallNow()
  const cert = res.certificate
  const daysToExpiry = cert ? Math.floor((Date.parse(cert.validTo) - wall) / DAY) : null
  const evidence: Record<string, unknown> = {
    ...evidenceBase,
    protocol: res.protocol,
    cipher: res.cipher,
    handshakeMs: res.ms,
    authorized: res.authorized,
    authorizationError: res.authorizationError,
    hostnameMatch: !res.hostnameError,
    hostnameError: res.hostnameError ?? null,
    certificate: cert ? {...cert, daysToExpiry} : null,
    chain: res.chain ?? [],
    pcTime: new Date(wall).toISOString(),
  }
  const failure = classifyHandshake(res, wall)
  const retried = attempts > 1 ? T.tlsRetried[lang](attempts) : ''
  switch (failure) {
    case undefined:
      return {body: {status: 'pass', summary: T.tlsOk[lang](res.protocol ?? '', res.cipher ?? '', daysToExpiry ?? 0, Math.round(res.ms)) + retried, evidence}, fact: fact()}
    case 'expired': {
      const ago = cert ? Math.max(1, Math.floor((wall - Date.parse(cert.validTo)) / DAY)) : 1
      return {
        body: {status: 'fail', summary: T.tlsExpired[lang](ago, cert?.validTo.slice(0, 10) ?? '?'), evidence: {...evidence, failure}, cause: T.tlsExpiredCause[lang], remedy: T.tlsExpiredRemedy[lang]},
        fact: fact(failure),
      }
    }
    case 'not-yet-valid': {
      const notBefore = cert ? Date.parse(cert.validFrom) : wall
      const behindSeconds = Math.round((notBefore - wall) / 1000)
      const summary = T.tlsNotYetValid[lang](isoMinute(notBefore), isoMinute(wall), T.skew[lang](behindSeconds))
      return {
        body: {
          status: 'fail',
          summary,
          evidence: {...evidence, failure, pcBehindSeconds: behindSeconds, pcBehind: humanDuration(behindSeconds, 'en')},
          cause: T.tlsNotYetValidCause[lang],
          remedy: T.tlsNotYetValidRemedy[lang],
        },
        fact: fact(failure),
      }
    }
    case 'untrusted':
      return {
        body: {
          status: 'fail',
          summary: T.tlsUntrusted[lang](res.authorizationError ?? 'UNTRUSTED', cert?.issuer || '?'),
          evidence: {...evidence, failure},
          cause: T.tlsUntrustedCause[lang],
          remedy: T.tlsUntrustedRemedy[lang],
        },
        fact: fact(failure),
      }
    case 'hostname':
      return {
        body: {
          status: 'fail',
          summary: T.tlsHostname[lang](cert?.names.join(', ') || cert?.subject || '?', target.host),
          evidence: {...evidence, failure},
          cause: T.tlsHostnameCause[lang],
          remedy: T.tlsHostnameRemedy[lang],
        },
        fact: fact(failure),
      }
    case 'expires-soon':
      return {
        body: {status: 'warn', summary: T.tlsExpiresSoon[lang](daysToExpiry ?? 0), evidence: {...evidence, failure}, cause: T.tlsExpiresSoonCause[lang], remedy: T.tlsExpiresSoonRemedy[lang]},
        fact: fact(failure),
      }
    case 'slow':
      return {
        body: {status: 'warn', summary: T.tlsSlow[lang](Math.round(res.ms)) + retried, evidence: {...evidence, failure}, cause: T.tlsSlowCause[lang], remedy: T.tlsSlowRemedy[lang]},
        fact: fact(failure),
      }
    default:
      return {body: {status: 'fail', summary: failure, evidence: {...evidence, failure}}, fact: fact(failure)}
  }
}

function isoMinute(ms: number): string {
  return new Date(ms).toISOString().slice(0, 16).replace('T', ' ') + ' UTC'
}
