/** Layer 3: a TCP connection to every address of the host, at the same time, each timed. */
import net from 'node:net'

import type {Lang} from '../../i18n/index.js'
import {formatHostPort} from '../../transport/tcp.js'
import {systemClock, type Clock} from '../../util/clock.js'
import {networkText as T} from '../network-text.js'
import type {CheckBody, LayerContext} from '../runner.js'
import type {TcpFact, TcpFailure} from '../types.js'

export interface TcpDeps {
  connect: (opts: {host: string; port: number; family: 4 | 6}) => net.Socket
  /** high-resolution time for measurements (ms) */
  now: () => number
  /** timers (a FakeClock in tests) */
  clock: Clock
}

export const systemTcpDeps: TcpDeps = {
  connect: (opts) => net.connect({...opts, noDelay: true}),
  now: () => performance.now(),
  clock: systemClock,
}

export function classifyTcpError(code: string | undefined): TcpFailure {
  switch (code) {
    case 'ECONNREFUSED':
      return 'refused'
    case 'ETIMEDOUT':
      return 'timeout'
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
    case 'EHOSTDOWN':
    case 'EADDRNOTAVAIL':
    case 'ENETDOWN':
      return 'unreachable'
    case 'ECONNRESET':
    case 'EPIPE':
      return 'reset'
    default:
      return 'other'
  }
}

export interface AddressAttempt {
  address: string
  family: 4 | 6
  outcome: TcpFailure | 'ok'
  ms: number
  code: string | null
  /** connects tried (a reset is tried again) */
  attempts?: number
}

/** One connect, ended by success, an error, the time limit or the signal; never rejects. */
export function tcpConnect(deps: TcpDeps, address: string, family: 4 | 6, port: number, timeoutMs: number, signal: AbortSignal): Promise<AddressAttempt> {
  return new Promise((resolve) => {
    const started = deps.now()
    const socket = deps.connect({host: address, port, family})
    let done = false
    const finish = (outcome: AddressAttempt['outcome'], code: string | null) => {
      if (done) return
      done = true
      deps.clock.clearTimeout(timer)
      signal.removeEventListener('abort', onAbort)
      socket.destroy()
      resolve({address, family, outcome, ms: Math.round((deps.now() - started) * 10) / 10, code})
    }
    // a connect nobody answers (packets dropped) ends here, not at the OS's minutes-long timeout
    const timer = deps.clock.setTimeout(() => finish('timeout', 'ETIMEDOUT'), timeoutMs)
    const onAbort = () => finish('timeout', 'ABORTED')
    signal.addEventListener('abort', onAbort, {once: true})
    socket.once('connect', () => finish('ok', null))
    socket.once('error', (err: NodeJS.ErrnoException) => finish(classifyTcpError(err.code), err.code ?? null))
  })
}

const RETRIES_ON_RESET = 3

/** When every address failed, the reason that says most about where the fault is. */
const FAILURE_PRIORITY: TcpFailure[] = ['refused', 'reset', 'timeout', 'unreachable', 'other']

export async function checkTcp(
  target: {label: string; port: number},
  addresses: Array<{address: string; family: 4 | 6}>,
  deps: TcpDeps,
  ctx: LayerContext & {lang: Lang},
): Promise<{body: CheckBody; fact: TcpFact}> {
  const {lang} = ctx
  const end = deps.now() + Math.max(50, ctx.budgetMs - 100)
  // a reset while connecting can be one lost connection on a flaky link: try that address again
  const attemptAddress = async (a: {address: string; family: 4 | 6}): Promise<AddressAttempt> => {
    let r: AddressAttempt | undefined
    for (let n = 1; n <= RETRIES_ON_RESET; n++) {
      r = {...(await tcpConnect(deps, a.address, a.family, target.port, Math.max(50, end - deps.now()), ctx.signal)), attempts: n}
      if (r.outcome !== 'reset' || ctx.signal.aborted || end - deps.now() < 100) break
    }
    return r!
  }
  const attempts = await Promise.all(addresses.map(attemptAddress))
  const ok = attempts.filter((a) => a.outcome === 'ok').sort((a, b) => a.ms - b.ms)
  const line = attempts
    .map((a) => `${formatHostPort(a.address, target.port)} ${a.outcome === 'ok' ? `${a.ms} ${lang === 'zh-CN' ? '毫秒' : 'ms'}` : T.tcpOutcome[lang][a.outcome]}`)
    .join(', ')
  const evidence = {host: target.label, port: target.port, attempts}
  const fact: TcpFact = {reachable: ok.map((a) => ({address: a.address, family: a.family, connectMs: a.ms}))}
  if (ok.length > 0) {
    // an address that swallows connects delays every client that tries it first
    const slowOther = attempts.some((a) => a.outcome === 'timeout')
    return {
      body: slowOther
        ? {status: 'warn', summary: line, evidence, cause: T.tcpCause[lang].timeout, remedy: T.tcpRemedy[lang].timeout}
        : {status: 'pass', summary: line, evidence},
      fact,
    }
  }
  const failure = FAILURE_PRIORITY.find((f) => attempts.some((a) => a.outcome === f)) ?? 'other'
  return {
    body: {
      status: 'fail',
      summary: line,
      evidence: {...evidence, failure, ...(failure === 'timeout' ? {timedOut: true} : {})},
      cause: T.tcpCause[lang][failure],
      remedy: T.tcpRemedy[lang][failure],
    },
    fact: {...fact, failure},
  }
}
