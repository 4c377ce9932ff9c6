/**
 * The simulated acquirer host's behaviour, free of sockets: for each accepted connection it
 * decides (by scenario) to drop it, hold it silently, or start TLS now or later. The TLS/TCP
 * binding lives in server.ts; tests drive this with fake peers and a FakeClock.
 */
import {deriveRng, type Rng} from '../prng.js'
import {systemClock, type Clock, type TimerHandle} from '../../util/clock.js'
import {DEFAULT_LOSS_RATE, DEFAULT_SLOW_HANDSHAKE_MS, type AcquirerScenario, type AcquirerScenarioOptions} from './scenarios.js'

/** One accepted connection, whatever carries it. */
export interface AcquirerPeer {
  /** 'terminal': the simulated terminal's own path to the host (see RunningAcquirer.terminalEndpoint) */
  readonly path: 'main' | 'terminal'
  /** begin the server side of the TLS handshake (the peer's ClientHello is waiting) */
  startTls(): void
  /** drop the connection at once (TCP reset) */
  reset(): void
}

export type AcquirerEvent =
  | {type: 'accept'; connection: number; path: 'main' | 'terminal'}
  | {type: 'drop'; connection: number; reason: 'lossy' | 'terminal-path-down'}
  | {type: 'hold'; connection: number}
  | {type: 'tls'; connection: number; delayMs: number}

export class AcquirerHost {
  readonly scenario: AcquirerScenario
  private readonly clock: Clock
  private readonly lossRate: number
  private readonly slowMs: number
  private readonly rng: Rng
  private readonly timers = new Set<TimerHandle>()
  private readonly listeners = new Set<(e: AcquirerEvent) => void>()
  private next = 1
  readonly stats = {accepted: 0, dropped: 0, held: 0, tls: 0}

  constructor(opts: {scenario: AcquirerScenario; options?: AcquirerScenarioOptions; clock?: Clock}) {
    this.scenario = opts.scenario
    this.clock = opts.clock ?? systemClock
    this.lossRate = Math.min(1, Math.max(0, opts.options?.lossRate ?? DEFAULT_LOSS_RATE))
    this.slowMs = Math.max(0, opts.options?.slowHandshakeMs ?? DEFAULT_SLOW_HANDSHAKE_MS)
    this.rng = deriveRng(opts.options?.seed ?? 1, 'acquirer-loss')
  }

  /** refuse: nothing may listen on the host's port */
  get listens(): boolean {
    return this.scenario !== 'refuse'
  }

  /** host-down-terminal-only: the terminal gets its own (broken) path to the host */
  get separateTerminalPath(): boolean {
    return this.scenario === 'host-down-terminal-only'
  }

  onEvent(listener: (e: AcquirerEvent) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  accept(peer: AcquirerPeer): void {
    const connection = this.next++
    this.stats.accepted++
    this.emit({type: 'accept', connection, path: peer.path})
    if (peer.path === 'terminal' && this.scenario === 'host-down-terminal-only') return this.drop(peer, connection, 'terminal-path-down')
    if (this.scenario === 'lossy' && this.rng() < this.lossRate) return this.drop(peer, connection, 'lossy')
    if (this.scenario === 'blackhole') {
      // accept and say nothing: the client's ClientHello is never answered
      this.stats.held++
      this.emit({type: 'hold', connection})
      return
    }
    const delayMs = this.scenario === 'slow-handshake' ? this.slowMs : 0
    this.stats.tls++
    this.emit({type: 'tls', connection, delayMs})
    if (delayMs === 0) return peer.startTls()
    const timer = this.clock.setTimeout(() => {
      this.timers.delete(timer)
      peer.startTls()
    }, delayMs)
    this.timers.add(timer)
  }

  /** The host's whole application protocol: it echoes what it receives. */
  answer(data: Buffer): Buffer {
    return data
  }

  close(): void {
    for (const t of this.timers) this.clock.clearTimeout(t)
    this.timers.clear()
  }

  private drop(peer: AcquirerPeer, connection: number, reason: 'lossy' | 'terminal-path-down'): void {
    this.stats.dropped++
    this.emit({type: 'drop', connection, reason})
    peer.reset()
  }

  private emit(e: AcquirerEvent): void {
    for (const l of this.listeners) l(e)
  }
}
