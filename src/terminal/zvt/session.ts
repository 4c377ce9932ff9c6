/**
 * ECR side of a ZVT link: transport (serial frames with ACK/NAK, T1/T2 and resends, or bare
 * APDUs over TCP) and the application flow (T3 for the PT's 80 00 / 84 xx, then the PT as
 * master until 06 0F / 06 1E under T4). One exchange at a time; concurrent calls queue.
 */
import {ApduReassembler, commandKey, decodeApdu, encodeApdu} from '../../protocol/zvt/apdu.js'
import {ZvtProtocolError} from '../../protocol/zvt/errors.js'
import {ACK, Deframer, encodeFrame, NAK} from '../../protocol/zvt/framing.js'
import {intermediateStatusInfo} from '../../protocol/zvt/codes/index.js'
import {ack, decodeMessage, ecr, lookupCommand} from '../../protocol/zvt/messages.js'
import type {Apdu, ZvtMessage} from '../../protocol/zvt/types.js'
import type {Link} from '../../transport/link.js'
import {systemClock, type Clock, type TimerHandle} from '../../util/clock.js'
import type {ProgressEvent, Receipt} from '../terminal.js'
import {maskedApduHex, WireLog} from '../wire-log.js'
import {ReceiptCollector} from './receipts.js'

export type Framing = 'serial' | 'tcp'

export interface ZvtTimeouts {
  /** serial: max gap between two bytes inside a frame */
  t1Ms: number
  /** serial: max wait for the PT's 06/15 after sending a frame */
  t2Ms: number
  /** command sent -> PT's 80 00 / 84 xx */
  t3Ms: number
  /** PT's 80 00 -> 06 0F / 06 1E, restarted by every 04 FF and 04 0F */
  t4Ms: number
}

export const DEFAULT_ZVT_TIMEOUTS: Readonly<ZvtTimeouts> = {t1Ms: 200, t2Ms: 5000, t3Ms: 5000, t4Ms: 180_000}

export interface ZvtSessionOptions {
  framing: Framing
  clock?: Clock
  timeouts?: Partial<ZvtTimeouts>
  /** sends per frame on serial including the first (spec: 1 + 2 repeats) */
  maxSends?: number
  wireLog?: WireLog
}

export type ExchangePhase = 'sending' | 'await-answer' | 'await-completion' | 'finishing' | 'done'

export interface ReceivedMessage {
  /** "04 0F" */
  command: string
  /** masked APDU (card data never kept) */
  hex: string
  message: ZvtMessage
  /** set when decodeMessage failed; message.name is then "undecodable" */
  decodeError?: string
  /** ms since the exchange started */
  atMs: number
  phase: ExchangePhase
  /** arrived when the PT was not master (answered 84 66 00, not part of the flow) */
  unexpected?: boolean
}

/** Everything that happened in one command exchange; also attached (partial) to every SessionError. */
export interface Exchange {
  /** "06 30" */
  command: string
  /** masked APDU we sent */
  commandHex: string
  hasCompletion: boolean
  startedAt: string
  /** how often the command frame was sent (serial resends count; tcp: 1 once written) */
  sends: number
  /** serial: the PT acknowledged the command frame (06, or answered it); tcp: null (no transport ACK) */
  acked: boolean | null
  /** where the exchange ended, or failed */
  phase: ExchangePhase
  /** the PT's 80 00 / 84 xx to our command */
  firstAnswer: ReceivedMessage | undefined
  /** every PT message of this exchange, in order (first answer and final included) */
  messages: ReceivedMessage[]
  /** 06 0F or 06 1E (06 C0 Read Card: its 04 0F) */
  final: ReceivedMessage | undefined
  receipts: Receipt[]
  intermediate: Array<{code: number; text: string}>
  /** our out-of-band 06 B0, if sent, and the PT's direct answer to it */
  abort: {atMs: number; answer: ReceivedMessage | undefined} | undefined
  timing: {firstAnswerMs: number | undefined; finalMs: number | undefined; durationMs: number}
}

export type SessionErrorCode = 'ZVT_NO_ACK' | 'ZVT_T3_TIMEOUT' | 'ZVT_T4_TIMEOUT' | 'ZVT_LINK_LOST' | 'ZVT_SESSION_CLOSED'

/** A failed exchange. `exchange` holds what was received so far, so callers can tell "not sent" from "in doubt". */
export class SessionError extends Error {
  readonly code: SessionErrorCode
  readonly exchange: Exchange

  constructor(code: SessionErrorCode, message: string, exchange: Exchange, cause?: unknown) {
    super(message, cause === undefined ? undefined : {cause})
    this.name = 'SessionError'
    this.code = code
    this.exchange = exchange
  }
}

export function isSessionError(e: unknown): e is SessionError {
  return e instanceof SessionError
}

export interface AbortResult {
  /** 06 B0 went out (and, on serial, was acknowledged) */
  sent: boolean
  /** the PT's direct 80 00 / 84 xx to the 06 B0, if it sent one before the exchange ended or T3 passed */
  answer: ZvtMessage | undefined
}

/** Internal: a frame that could not be delivered. */
class SendFailure extends Error {
  constructor(
    readonly code: 'ZVT_NO_ACK' | 'ZVT_LINK_LOST',
    message: string,
    cause?: unknown,
  ) {
    super(message, cause === undefined ? undefined : {cause})
  }
}

interface OutFrame {
  apdu: Apdu
  frame: Buffer
  sends: number
  t2: TimerHandle | undefined
  request: string | undefined
  note: string | undefined
  onAttempt: ((sends: number) => void) | undefined
  resolve: (sends: number) => void
  reject: (err: Error) => void
}

interface Active {
  command: Apdu
  key: string
  /** PT messages that end this exchange (catalogue endsWith; default 06 0F / 06 1E) */
  endsWith: readonly string[]
  exchange: Exchange
  startMs: number
  t3Ms: number
  t4Ms: number
  t3: TimerHandle | undefined
  t4: TimerHandle | undefined
  receipts: ReceiptCollector
  done: boolean
  resolve: (ex: Exchange) => void
  /** SessionError, or the original error for a bug (e.g. an encoder throwing) */
  reject: (err: Error) => void
  abort: AbortState | undefined
}

interface AbortState {
  apdu: Apdu
  sent: boolean
  answered: boolean
  timer: TimerHandle | undefined
  promise: Promise<AbortResult>
  resolve: (r: AbortResult) => void
}

const isResponse = (apdu: Apdu) => apdu.cls === 0x80 || apdu.cls === 0x84

/**
 * PT commands the ECR serves while the PT is master (80 00 00); also the TLV 26 list posdoc
 * registers with. Anything else (06 D8-DA dial-up, 04 0C-0E input/menu, 06 E4 blocked list...)
 * is answered 84 83 00.
 */
export const ECR_HANDLES: ReadonlySet<string> = new Set(['04 01', '04 0F', '04 FF', '06 0F', '06 1E', '06 D1', '06 D3'])

export class ZvtSession {
  readonly framing: Framing
  readonly wireLog: WireLog
  private readonly link: Link
  private readonly clock: Clock
  private readonly timeouts: ZvtTimeouts
  private readonly maxSends: number
  private readonly listeners = new Set<(e: ProgressEvent) => void>()
  private readonly unsubscribe: Array<() => void> = []

  private queue: Promise<unknown> = Promise.resolve()
  private active: Active | undefined
  private closed: {code: 'ZVT_LINK_LOST' | 'ZVT_SESSION_CLOSED'; cause?: Error} | undefined

  // serial state
  private readonly deframer: Deframer | undefined
  private t1: TimerHandle | undefined
  private readonly outQueue: OutFrame[] = []
  private inFlight: OutFrame | undefined
  /** raw bytes of the last PT frame, cleared by the PT's next ACK: a repeat before that is a resend */
  private lastRxFrame: Buffer | undefined
  /** NAKs we sent since the PT's last good frame: at maxSends the PT has given up on that frame */
  private naksInARow = 0

  // tcp state
  private readonly reassembler: ApduReassembler | undefined

  constructor(link: Link, opts: ZvtSessionOptions) {
    this.link = link
    this.framing = opts.framing
    this.clock = opts.clock ?? systemClock
    this.timeouts = {...DEFAULT_ZVT_TIMEOUTS, ...opts.timeouts}
    this.maxSends = opts.maxSends ?? 3
    this.wireLog = opts.wireLog ?? new WireLog({clock: this.clock})
    if (this.framing === 'serial') this.deframer = new Deframer()
    else this.reassembler = new ApduReassembler()
    this.unsubscribe.push(link.onData((chunk) => this.onData(chunk)))
    this.unsubscribe.push(link.onClose((err) => this.onLinkClosed(err)))
    if (!link.isOpen) this.closed = {code: 'ZVT_LINK_LOST'}
  }

  get isOpen(): boolean {
    return this.closed === undefined
  }

  /** Why the session is closed: the link dropped (ZVT_LINK_LOST) or close() was called; undefined while open. */
  get closeReason(): 'ZVT_LINK_LOST' | 'ZVT_SESSION_CLOSED' | undefined {
    return this.closed?.code
  }

  /** True while an exchange is running (queued ones not counted). */
  get busy(): boolean {
    return this.active !== undefined
  }

  onProgress(listener: (e: ProgressEvent) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /**
   * Send one command and follow it to its end. Resolves with the Exchange (also for 84 xx
   * rejections and 06 1E aborts: those are answers, not failures); rejects with SessionError.
   */
  exchange(command: Apdu, opts: {hasCompletion: boolean; t3Ms?: number; t4Ms?: number}): Promise<Exchange> {
    const run = this.queue.then(() => this.run(command, opts))
    this.queue = run.catch(() => undefined)
    return run
  }

  /**
   * Send 06 B0 while the PT is master; the running exchange then normally ends with the PT's
   * 06 1E. If the PT has not answered the command yet, 06 B0 goes out right after its 80 00.
   */
  abortCurrent(): Promise<AbortResult> {
    const act = this.active
    if (!act || act.done || act.exchange.phase === 'finishing' || !act.exchange.hasCompletion) return Promise.resolve({sent: false, answer: undefined})
    if (act.abort) return act.abort.promise
    let resolve!: (r: AbortResult) => void
    const promise = new Promise<AbortResult>((r) => (resolve = r))
    act.abort = {apdu: ecr.abort(), sent: false, answered: false, timer: undefined, promise, resolve}
    if (act.exchange.phase === 'await-completion') this.sendAbort(act)
    else this.wireLog.event('ECR->PT', 'abort requested: 06 B0 goes out once the PT has answered the command')
    return promise
  }

  /** Fail whatever runs or waits with ZVT_SESSION_CLOSED and close the link. */
  async close(): Promise<void> {
    if (!this.closed) this.closed = {code: 'ZVT_SESSION_CLOSED'}
    if (this.active) this.failExchange(this.active, 'ZVT_SESSION_CLOSED', 'session closed while the exchange was running')
    this.dropOutgoing(new SendFailure('ZVT_LINK_LOST', 'session closed'))
    this.clearT1()
    for (const u of this.unsubscribe.splice(0)) u()
    if (this.link.isOpen) await this.link.close()
  }

  // --- exchange flow ------------------------------------------------------------------------

  private run(command: Apdu, opts: {hasCompletion: boolean; t3Ms?: number; t4Ms?: number}): Promise<Exchange> {
    return new Promise<Exchange>((resolve, reject) => {
      const startMs = this.clock.now()
      const exchange: Exchange = {
        command: commandKey(command),
        commandHex: maskedApduHex(command),
        hasCompletion: opts.hasCompletion,
        startedAt: new Date(startMs).toISOString(),
        sends: 0,
        acked: this.framing === 'serial' ? false : null,
        phase: 'sending',
        firstAnswer: undefined,
        messages: [],
        final: undefined,
        receipts: [],
        intermediate: [],
        abort: undefined,
        timing: {firstAnswerMs: undefined, finalMs: undefined, durationMs: 0},
      }
      const act: Active = {
        command,
        key: exchange.command,
        endsWith: lookupCommand(command.cls, command.ins)?.endsWith ?? ['06 0F', '06 1E'],
        exchange,
        startMs,
        t3Ms: opts.t3Ms ?? this.timeouts.t3Ms,
        t4Ms: opts.t4Ms ?? this.timeouts.t4Ms,
        t3: undefined,
        t4: undefined,
        receipts: new ReceiptCollector(),
        done: false,
        resolve,
        reject,
        abort: undefined,
      }
      exchange.receipts = act.receipts.receipts
      if (this.closed) {
        const code = this.closed.code
        reject(new SessionError(code, code === 'ZVT_LINK_LOST' ? 'link to the terminal is closed' : 'session is closed', exchange, this.closed.cause))
        return
      }
      this.active = act
      this.send(command, {
        onAttempt: (n) => (exchange.sends = n),
      }).then(
        () => {
          if (act.done) return
          if (this.framing === 'serial') exchange.acked = true
          if (exchange.phase !== 'sending') return // the PT answered before the send settled
          exchange.phase = 'await-answer'
          act.t3 = this.clock.setTimeout(() => this.onT3(act), act.t3Ms)
        },
        (err: unknown) => this.failFromSend(act, err),
      )
    })
  }

  private onT3(act: Active): void {
    if (act.done) return
    this.wireLog.event('PT->ECR', `T3 expired: no 80 00 / 84 xx within ${act.t3Ms} ms`)
    this.failExchange(act, 'ZVT_T3_TIMEOUT', `terminal did not answer ${act.key} within ${act.t3Ms} ms`)
    if (this.framing === 'tcp' && this.link.isOpen) {
      // spec: after T3 the sender closes the socket; the caller may reconnect
      this.wireLog.event('ECR->PT', 'closing the TCP connection after T3')
      void this.link.close().catch(() => undefined)
    }
  }

  private startT4(act: Active): void {
    if (act.t4) this.clock.clearTimeout(act.t4)
    act.t4 = this.clock.setTimeout(() => {
      if (act.done) return
      this.wireLog.event('PT->ECR', `T4 expired: no 06 0F / 06 1E within ${act.t4Ms} ms`)
      this.failExchange(act, 'ZVT_T4_TIMEOUT', `terminal did not finish ${act.key} within ${act.t4Ms} ms`)
    }, act.t4Ms)
  }

  private onApdu(apdu: Apdu): void {
    const act = this.active
    const request = act?.key
    this.wireLog.apdu('PT->ECR', apdu, request === undefined ? {} : {request})
    const {message, decodeError} = this.decode(apdu, request)
    if (!act || act.done || act.exchange.phase === 'finishing' || act.exchange.phase === 'done') {
      this.onIdleMessage(apdu)
      return
    }
    const ex = act.exchange
    if (ex.phase === 'sending' || ex.phase === 'await-answer') {
      if (isResponse(apdu)) {
        this.implicitAck(act.command)
        this.onFirstAnswer(act, this.record(act, apdu, message, decodeError))
      } else {
        this.record(act, apdu, message, decodeError, true)
        this.wireLog.event('PT->ECR', `${commandKey(apdu)} before the answer to ${act.key}: PT is not master, answering 84 66 00`)
        this.send(ack.negative(0x66)).catch(() => undefined)
      }
      return
    }
    // PT is master
    if (isResponse(apdu)) {
      const abort = act.abort
      if (abort && abort.sent && !abort.answered && ex.abort) {
        this.implicitAck(abort.apdu)
        abort.answered = true
        const rec = this.record(act, apdu, message, decodeError)
        ex.abort.answer = rec
        this.settleAbort(act, {sent: true, answer: message})
      } else {
        this.record(act, apdu, message, decodeError, true)
        this.wireLog.event('PT->ECR', `unexpected ${commandKey(apdu)} while the PT is master: ignored`)
      }
      return
    }
    this.onMasterMessage(act, apdu, message, decodeError)
  }

  private onFirstAnswer(act: Active, rec: ReceivedMessage): void {
    const ex = act.exchange
    if (act.t3) this.clock.clearTimeout(act.t3)
    act.t3 = undefined
    ex.firstAnswer = rec
    ex.timing.firstAnswerMs = rec.atMs
    if (this.framing === 'serial') ex.acked = true // an answer proves the PT got the command
    const positive = rec.command === '80 00' || rec.command === '84 00'
    if (!positive || !ex.hasCompletion) {
      this.settle(act)
      return
    }
    ex.phase = 'await-completion'
    this.startT4(act)
    if (act.abort && !act.abort.sent) this.sendAbort(act)
  }

  private onMasterMessage(act: Active, apdu: Apdu, message: ZvtMessage, decodeError: string | undefined): void {
    const ex = act.exchange
    const rec = this.record(act, apdu, message, decodeError)
    const key = rec.command
    const fields = decodeError ? undefined : message.fields
    if (key === '04 FF') {
      const code = fields?.intermediateStatus ?? apdu.data[0] ?? 0
      // FF = no matching code: the PT's own display lines (TLV 24) are the text
      const text = (code === 0xff && fields?.displayText) || fields?.intermediateText || intermediateText(code)
      ex.intermediate.push({code, text})
      this.emit({kind: 'intermediate', code, text})
      // optional second byte: new T4 in minutes (BCD)
      const minutes = apdu.data.length >= 2 ? bcdByte(apdu.data[1]!) : undefined
      if (minutes !== undefined && minutes > 0) {
        act.t4Ms = minutes * 60_000
        this.wireLog.event('PT->ECR', `T4 set to ${minutes} min by 04 FF`)
      }
      this.startT4(act)
    } else if (key === '04 0F') {
      this.startT4(act)
    } else if (key === '06 D1' || key === '06 D3') {
      const before = act.receipts.unmaskedPanLines
      const lines = key === '06 D1' ? act.receipts.printLine(apdu, fields) : act.receipts.printTextBlock(fields)
      if (act.receipts.unmaskedPanLines > before) {
        const text = 'the terminal printed an unmasked card number; it was masked in the captured receipt'
        this.wireLog.event('PT->ECR', text)
        this.emit({kind: 'info', text})
      }
      for (const line of lines) this.emit({kind: 'print', line})
    }
    if (!ECR_HANDLES.has(key)) {
      // dial-up via the ECR, input/menu requests, blocked-list queries...: not ours to serve, and
      // an 80 00 00 would claim we did [SPEC15 §2.1: commands not in TLV 26 "should not be sent"]
      this.wireLog.event('PT->ECR', `${key} is not a command posdoc handles: answering 84 83 00 (function not possible)`)
      this.send(ack.negative(0x83), {request: key}).catch((err: unknown) => this.failFromSend(act, err))
      return
    }
    // 06 C0 Read Card ends with its 04 0F (implicit return of the master rights, SPEC15 §2.21)
    const final = act.endsWith.includes(key)
    if (final) {
      ex.final = rec
      ex.timing.finalMs = rec.atMs
      ex.phase = 'finishing'
      if (act.t4) this.clock.clearTimeout(act.t4)
      act.t4 = undefined
    }
    this.send(ack.positive(), {request: key}).then(
      () => {
        if (final) this.settle(act)
      },
      (err: unknown) => {
        if (!final) return this.failFromSend(act, err)
        // the PT's transaction is complete either way; note the lost acknowledgement
        this.wireLog.event('ECR->PT', `80 00 00 for ${key} not delivered: ${(err as Error).message}`)
        this.settle(act)
      },
    )
  }

  private onIdleMessage(apdu: Apdu): void {
    if (isResponse(apdu)) {
      this.wireLog.event('PT->ECR', `${commandKey(apdu)} while no exchange is running: ignored`)
      return
    }
    // as Portalum does: a negative answer so the PT does not wait for us
    this.wireLog.event('PT->ECR', `${commandKey(apdu)} while no exchange is running: answering 84 66 00`)
    this.send(ack.negative(0x66)).catch(() => undefined)
  }

  private sendAbort(act: Active): void {
    const abort = act.abort
    if (!abort || abort.sent) return
    abort.sent = true
    act.exchange.abort = {atMs: this.clock.now() - act.startMs, answer: undefined}
    this.send(abort.apdu, {note: 'out of band, PT is master'}).then(
      () => {
        if (act.done || abort.answered) return
        // wait at most T3 for a direct answer; the exchange itself keeps running under T4
        abort.timer = this.clock.setTimeout(() => this.settleAbort(act, {sent: true, answer: undefined}), this.timeouts.t3Ms)
      },
      () => this.settleAbort(act, {sent: false, answer: undefined}),
    )
  }

  private settleAbort(act: Active, result: AbortResult): void {
    const abort = act.abort
    if (!abort) return
    if (abort.timer) this.clock.clearTimeout(abort.timer)
    abort.timer = undefined
    abort.resolve(result)
  }

  private record(act: Active, apdu: Apdu, message: ZvtMessage, decodeError: string | undefined, unexpected = false): ReceivedMessage {
    const rec: ReceivedMessage = {
      command: commandKey(apdu),
      hex: maskedApduHex(apdu),
      message,
      atMs: this.clock.now() - act.startMs,
      phase: act.exchange.phase,
    }
    if (decodeError !== undefined) rec.decodeError = decodeError
    if (unexpected) rec.unexpected = true
    act.exchange.messages.push(rec)
    return rec
  }

  private decode(apdu: Apdu, request: string | undefined): {message: ZvtMessage; decodeError: string | undefined} {
    try {
      return {message: decodeMessage(apdu, request === undefined ? {} : {request}), decodeError: undefined}
    } catch (err) {
      const code = err instanceof ZvtProtocolError ? err.code : 'error'
      return {
        message: {command: commandKey(apdu), name: 'undecodable', direction: 'PT->ECR', fields: {}},
        decodeError: `${code}: ${(err as Error).message}`,
      }
    }
  }

  private settle(act: Active): void {
    if (act.done) return
    this.finish(act)
    act.exchange.phase = 'done'
    act.resolve(act.exchange)
  }

  private failExchange(act: Active, code: SessionErrorCode, message: string, cause?: unknown): void {
    if (act.done) return
    this.finish(act)
    act.reject(new SessionError(code, message, act.exchange, cause))
  }

  private failFromSend(act: Active, err: unknown): void {
    if (err instanceof SendFailure) return this.failExchange(act, err.code, err.message, err.cause)
    // not a transport failure: a bug (an encoder threw); surface it unchanged
    if (act.done) return
    this.finish(act)
    act.reject(err instanceof Error ? err : new Error(String(err)))
  }

  private finish(act: Active): void {
    act.done = true
    for (const t of [act.t3, act.t4]) if (t) this.clock.clearTimeout(t)
    act.t3 = act.t4 = undefined
    act.receipts.flush()
    act.exchange.timing.durationMs = this.clock.now() - act.startMs
    if (act.abort) this.settleAbort(act, {sent: act.abort.sent, answer: undefined})
    if (this.active === act) this.active = undefined
  }

  private emit(e: ProgressEvent): void {
    for (const l of this.listeners) {
      try {
        l(e)
      } catch {
        // a listener's bug must not break the protocol flow
      }
    }
  }

  // --- transport ----------------------------------------------------------------------------

  /** Send one APDU. Serial: resolves once the PT ACKed it (with resends); tcp: once written. */
  private send(apdu: Apdu, opts: {request?: string; note?: string; onAttempt?: (sends: number) => void} = {}): Promise<number> {
    if (this.closed) return Promise.reject(new SendFailure('ZVT_LINK_LOST', 'link is closed'))
    if (this.framing === 'tcp') {
      let bytes: Buffer
      try {
        bytes = encodeApdu(apdu)
      } catch (err) {
        return Promise.reject(err)
      }
      this.wireLog.apdu('ECR->PT', apdu, {...(opts.request === undefined ? {} : {request: opts.request}), ...(opts.note === undefined ? {} : {note: opts.note})})
      opts.onAttempt?.(1)
      return this.link.write(bytes).then(
        () => 1,
        (err: unknown) => {
          throw new SendFailure('ZVT_LINK_LOST', `write failed: ${(err as Error).message}`, err)
        },
      )
    }
    return new Promise<number>((resolve, reject) => {
      this.outQueue.push({
        apdu,
        frame: encodeFrame(encodeApdu(apdu)),
        sends: 0,
        t2: undefined,
        request: opts.request,
        note: opts.note,
        onAttempt: opts.onAttempt,
        resolve,
        reject,
      })
      this.pump()
    })
  }

  private pump(): void {
    if (this.inFlight || this.outQueue.length === 0 || this.closed) return
    this.inFlight = this.outQueue.shift()!
    this.transmit(this.inFlight)
  }

  private transmit(f: OutFrame): void {
    f.sends++
    f.onAttempt?.(f.sends)
    if (f.sends === 1) {
      const ctx: {request?: string; note?: string} = {}
      if (f.request !== undefined) ctx.request = f.request
      if (f.note !== undefined) ctx.note = f.note
      this.wireLog.apdu('ECR->PT', f.apdu, ctx)
    }
    this.link.write(f.frame).catch(() => undefined) // a dead link shows up via onClose
    f.t2 = this.clock.setTimeout(() => {
      if (this.inFlight === f) this.retryOrFail(f, `T2 expired (no ACK within ${this.timeouts.t2Ms} ms)`)
    }, this.timeouts.t2Ms)
  }

  private retryOrFail(f: OutFrame, reason: string): void {
    if (f.t2) this.clock.clearTimeout(f.t2)
    f.t2 = undefined
    const key = commandKey(f.apdu)
    if (f.sends < this.maxSends) {
      this.wireLog.event('ECR->PT', `${reason}: resending ${key} (send ${f.sends + 1} of ${this.maxSends})`)
      this.emit({kind: 'retry', attempt: f.sends + 1, reason})
      this.transmit(f)
      return
    }
    this.wireLog.event('ECR->PT', `${reason}: giving up on ${key} after ${f.sends} sends`)
    this.inFlight = undefined
    f.reject(new SendFailure('ZVT_NO_ACK', `terminal did not acknowledge ${key} after ${f.sends} sends (${reason})`))
    this.pump()
  }

  private onPtAck(): void {
    this.lastRxFrame = undefined
    const f = this.inFlight
    if (!f) {
      this.wireLog.event('PT->ECR', 'ACK while nothing was waiting for one: ignored')
      return
    }
    if (f.t2) this.clock.clearTimeout(f.t2)
    this.inFlight = undefined
    f.resolve(f.sends)
    this.pump()
  }

  private onPtNak(): void {
    const f = this.inFlight
    if (!f) {
      this.wireLog.event('PT->ECR', 'NAK while nothing was waiting for an ACK: ignored')
      return
    }
    this.retryOrFail(f, 'NAK')
  }

  /** The PT answered a frame whose ACK we missed: it evidently got the frame. */
  private implicitAck(apdu: Apdu): void {
    const f = this.inFlight
    if (this.framing !== 'serial' || !f || f.apdu !== apdu) return
    this.wireLog.event('PT->ECR', `answer to ${commandKey(apdu)} before its ACK: taken as acknowledged`)
    if (f.t2) this.clock.clearTimeout(f.t2)
    this.inFlight = undefined
    f.resolve(f.sends)
    this.pump()
  }

  private writeByte(b: number): void {
    this.link.write(Buffer.from([b])).catch(() => undefined)
  }

  private onData(chunk: Buffer): void {
    if (this.reassembler) {
      let apdus: Apdu[]
      try {
        apdus = this.reassembler.push(chunk)
      } catch (err) {
        // an impossible length means we lost sync; drop what we have and let T3/T4 decide
        const dropped = this.reassembler.reset()
        this.wireLog.event('PT->ECR', `reassembly error (${(err as Error).message}): dropped ${dropped.length} bytes`, dropped)
        return
      }
      for (const apdu of apdus) this.onApdu(apdu)
      return
    }
    const deframer = this.deframer!
    for (const ev of deframer.push(chunk)) {
      switch (ev.type) {
        case 'frame':
          this.onSerialFrame(ev.apdu, ev.raw)
          break
        case 'bad-frame':
          // answer every complete frame at once: 15 for a bad CRC or broken framing
          this.writeByte(NAK)
          this.wireLog.nak('ECR->PT', ev.reason === 'crc' ? 'bad CRC' : ev.reason)
          this.wireLog.event('PT->ECR', `bad frame (${ev.reason}), ${ev.raw.length} bytes`, ev.raw)
          this.countNak()
          break
        case 'ack':
          this.wireLog.ack('PT->ECR')
          this.onPtAck()
          break
        case 'nak':
          this.wireLog.nak('PT->ECR')
          this.onPtNak()
          break
        case 'noise':
          this.wireLog.event('PT->ECR', `${ev.bytes.length} stray bytes outside a frame`, ev.bytes)
          break
      }
    }
    this.clearT1()
    if (deframer.inFrame) {
      this.t1 = this.clock.setTimeout(() => this.onT1(), this.timeouts.t1Ms)
    }
  }

  private onSerialFrame(apduBytes: Buffer, raw: Buffer): void {
    this.naksInARow = 0
    // ACK before processing (spec); also for a repeat, whose first ACK the PT evidently missed
    this.writeByte(ACK)
    this.wireLog.ack('ECR->PT')
    if (this.lastRxFrame && this.lastRxFrame.equals(raw)) {
      this.wireLog.event('PT->ECR', 'PT repeated its last frame (our ACK was lost?): acknowledged again, not processed twice')
      return
    }
    this.lastRxFrame = Buffer.from(raw)
    let apdu: Apdu
    try {
      apdu = decodeApdu(apduBytes)
    } catch {
      if (apduBytes.length < 2) {
        this.wireLog.event('PT->ECR', `frame with ${apduBytes.length} byte(s): no APDU`, apduBytes)
        return
      }
      // length byte disagrees with the frame: keep what is there (the decoder reports it)
      apdu = {cls: apduBytes[0]!, ins: apduBytes[1]!, data: apduBytes.subarray(Math.min(3, apduBytes.length))}
    }
    this.onApdu(apdu)
  }

  private onT1(): void {
    this.t1 = undefined
    const partial = this.deframer!.reset()
    if (partial.length === 0) return
    this.writeByte(NAK)
    this.wireLog.nak('ECR->PT', `T1: gap over ${this.timeouts.t1Ms} ms inside a frame`)
    this.wireLog.event('PT->ECR', `discarded ${partial.length} bytes of an incomplete frame`, partial)
    this.countNak()
  }

  /**
   * After 3 sends refused with NAK the PT reports a transmission error and drops the frame
   * (SPEC16 §3.5): whatever it carried (a 04 0F, the 06 0F) will never come, so waiting out T4
   * (180 s) would only delay the verdict. The exchange ends now, its outcome unknown.
   */
  private countNak(): void {
    this.naksInARow++
    if (this.naksInARow < this.maxSends) return
    this.naksInARow = 0
    const act = this.active
    if (!act || act.done) return
    const message = `the terminal's frame arrived corrupted ${this.maxSends} times in a row during ${act.key}: the terminal has given up on it (transmission error), the outcome is unknown`
    this.wireLog.event('PT->ECR', message)
    this.failExchange(act, 'ZVT_LINK_LOST', message)
  }

  private clearT1(): void {
    if (this.t1) this.clock.clearTimeout(this.t1)
    this.t1 = undefined
  }

  private dropOutgoing(err: SendFailure): void {
    const all = [...(this.inFlight ? [this.inFlight] : []), ...this.outQueue.splice(0)]
    this.inFlight = undefined
    for (const f of all) {
      if (f.t2) this.clock.clearTimeout(f.t2)
      f.reject(err)
    }
  }

  private onLinkClosed(err?: Error): void {
    if (!this.closed) this.closed = err === undefined ? {code: 'ZVT_LINK_LOST'} : {code: 'ZVT_LINK_LOST', cause: err}
    this.clearT1()
    this.wireLog.event('PT->ECR', `link closed${err ? `: ${err.message}` : ''}`)
    if (this.active) this.failExchange(this.active, 'ZVT_LINK_LOST', `link closed during ${this.active.key}${err ? `: ${err.message}` : ''}`, err)
    this.dropOutgoing(new SendFailure('ZVT_LINK_LOST', 'link closed'))
  }
}

function bcdByte(b: number): number | undefined {
  const hi = b >> 4
  const lo = b & 0x0f
  return hi <= 9 && lo <= 9 ? hi * 10 + lo : undefined
}

function intermediateText(code: number): string {
  try {
    return intermediateStatusInfo(code).en
  } catch {
    return `intermediate status ${code.toString(16).padStart(2, '0').toUpperCase()}`
  }
}
