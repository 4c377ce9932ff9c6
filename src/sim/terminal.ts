/**
 * The simulated payment terminal (PT). Transport-agnostic: attach() one Link per ECR
 * connection. It plays the PT role of PA00P015/PA00P016 as a real terminal would: answers
 * every command with 80 00 00 (or 84 xx 00), then, as master, sends the command's flow and
 * waits for the ECR's 80 00 00 after each message.
 */
import {join} from 'node:path'

import {commandKey, decodeApdu} from '../protocol/zvt/apdu.js'
import {intermediateStatusInfo} from '../protocol/zvt/codes/index.js'
import {ZvtProtocolError} from '../protocol/zvt/errors.js'
import {bcdToNumber, isBcd, numberToBcd} from '../protocol/zvt/bcd.js'
import {encodeCp437} from '../protocol/zvt/charset.js'
import {ack, decodeMessage, hexHidingPassword, maskApdu, pt} from '../protocol/zvt/messages.js'
import {findTlv, tlvConstructed, tlvPrimitive} from '../protocol/zvt/tlv.js'
import type {Apdu, TlvNode, ZvtFields, ZvtMessage} from '../protocol/zvt/types.js'
import type {Link} from '../transport/link.js'
import {sleep, systemClock, type Clock, type TimerHandle} from '../util/clock.js'
import {TEST_CARDS, type TestCard} from './cards.js'
import {openChannel, type ChannelTiming, type Framing, type Incoming, type PtChannel} from './channel.js'
import {JOURNAL_FILE_ID, journalCsv} from './journal-file.js'
import {deriveRng, intBetween, pickWeighted, type Rng} from './prng.js'
import {
  configurationReceipt,
  diagnosisReceipt,
  endOfDayReceipt,
  journalPrintout,
  localParts,
  transactionReceipt,
  turnoverReceipt,
} from './receipts.js'
import {SIM_PROFILES, type ProfileName, type SimProfile} from './profiles.js'
import {scenarioTerminalStatus, type ScenarioName, type ScenarioOptions} from './scenarios.js'
import {
  batchTotals,
  bookRecord,
  bookReversal,
  closeBatch,
  DEFAULT_CONFIG_BYTE,
  emptyState,
  openBatch,
  reverseMostRecentSale,
  seedState,
  TOTALS_GROUPS,
} from './seed.js'
import {buildSettlement, settlementFileExists, writeSettlementFile, type SettlementFault} from './settlement.js'
import {MAX_PRINTED, SimStore} from './store.js'
import {alwaysOkHostProbe, type ClosedBatch, type HostProbe, type JournalRecord, type PrintedReceipt, type ReceiptKind, type SimEvent, type SimState} from './types.js'

export interface SimTiming extends ChannelTiming {
  /** T3-like: how long the PT waits for the ECR's 80 00 00 after each of its messages [SPEC16 §5.2.5] */
  ackTimeoutMs: number
  /** card insertion + PIN entry; the window in which 06 B0 Abort stops a payment */
  cardWaitMs: number
  /** authorisation host round trip */
  hostMs: number
  /** after 84 9C the PT repeats the 04 0F [SPEC15 §2.2.6: after 2 s] */
  statusRepeatMs: number
}

export const DEFAULT_TIMING: SimTiming = {
  t1Ms: 200,
  t2Ms: 5000,
  sendAttempts: 3,
  ackTimeoutMs: 5000,
  cardWaitMs: 1500,
  hostMs: 300,
  statusRepeatMs: 2000,
}

/** Read File block size (TLV 1C): at most ~1 KiB per 04 0F. */
export const DEFAULT_FILE_BLOCK_SIZE = 1024
/** Largest amount the simulated acquirer accepts (result C3 above). */
export const MAX_AMOUNT_CENTS = 1_000_000
/** BMP 01 default: seconds the PT waits for the ECR's answer to a booking's 04 0F before it reverses [SPEC15 §2.2, BMP 01] */
export const DEFAULT_STATUS_INFO_TIMEOUT_S = 30
/** Without BMP 02 the PT still stops repeating a 04 0F after 84 9C at some point (~T4). */
const DEFAULT_MAX_STATUS_REPEATS = 90

export interface SimTerminalOptions {
  store: SimStore
  clock?: Clock
  /** how this PT reads the spec where terminals differ (profiles.ts); default standard */
  profile?: ProfileName
  scenario?: ScenarioName
  scenarioOptions?: ScenarioOptions
  hostProbe?: HostProbe
  timing?: Partial<SimTiming>
  fileBlockSize?: number
  /** the simulated acquirer writes a settlement file here for every batch End-of-Day closes */
  settlementDir?: string
}

export interface CreateSimTerminalOptions {
  /** persistent state directory (state.json inside); in-memory when absent */
  stateDir?: string
  seed?: number
  journalSize?: number
  /** 8 digits */
  terminalId?: string
  /** 6 digits */
  password?: string
  clock?: Clock
  profile?: ProfileName
  scenario?: ScenarioName
  scenarioOptions?: ScenarioOptions
  hostProbe?: HostProbe
  timing?: Partial<SimTiming>
  fileBlockSize?: number
  /**
   * Settlement files of the simulated acquirer (src/sim/settlement.ts). Default: DIR/settlement
   * with --state DIR, none in memory; false: none.
   */
  settlementDir?: string | false
}

/** Result codes the simulator uses, named (values from PA00P015 §10). */
export const RC = {
  success: 0x00,
  doNotHonour: 0x05,
  aborted: 0x6c,
  wrongCurrency: 0x6f,
  functionNotPossible: 0x83,
  protocolError: 0x9a,
  dialUpFault: 0x9b,
  pleaseWait: 0x9c,
  receiverNotReady: 0xa0,
  noConnection: 0xa3,
  alreadyReversed: 0xb4,
  reversalNotPossible: 0xb5,
  amountWrong: 0xb7,
  maxAmountExceeded: 0xc3,
  amountTooSmall: 0xc8,
  printerNotReady: 0xcc,
  activationRequired: 0xe4,
  openBatch: 0xf0,
} as const

/** Intermediate status codes (04 FF) used here [SPEC15 §3.7]. */
const IS = {watchPinPad: 0x01, waitingForHost: 0x04, insertCard: 0x0a, removeCard: 0x0b, pleaseWait: 0x0e, dialling: 0xd2} as const

/** Amount cents that the simulated host declines with a given code (ISO 8583 code passed through, §10 "01–63"). */
export const MAGIC_DECLINES: Readonly<Record<number, number>> = {5: 5, 51: 51, 55: 55}

type EcrAnswer =
  | {kind: 'ok'}
  | {kind: 'repeat'}
  | {kind: 'partial'; amountCents: number | undefined}
  | {kind: 'negative'; code: number}
  | {kind: 'timeout'}
  | {kind: 'failed'}

/** Thrown inside an exchange when the ECR stops answering: the PT gives up the exchange. */
class Abandoned extends Error {
  constructor(readonly reason: 'timeout' | 'failed') {
    super(`exchange abandoned: ${reason}`)
  }
}

type Handler = (ex: Exchange, msg: ZvtMessage) => Promise<void>

export class SimTerminal {
  readonly clock: Clock
  readonly timing: SimTiming
  readonly profileName: ProfileName
  readonly profile: SimProfile
  private storeRef: SimStore
  private scenarioName: ScenarioName = 'healthy'
  private scenarioOpts: ScenarioOptions = {}
  private readonly hostProbe: HostProbe
  readonly fileBlockSize: number
  private readonly listeners = new Set<(e: SimEvent) => void>()
  private readonly connections = new Set<Connection>()
  private nextConnectionId = 1
  /** the exchange that currently holds the PT (one at a time, whatever the connection) */
  activeExchange: Exchange | undefined
  private powered = true
  private garbleRng: Rng
  private faultFired = false
  readonly settlementDir: string | undefined
  /** the settlement file written last (tests, `posdoc sim -v`) */
  lastSettlement: {file: string; rows: number; faults: SettlementFault[]} | undefined

  constructor(opts: SimTerminalOptions) {
    this.storeRef = opts.store
    this.clock = opts.clock ?? systemClock
    this.timing = {...DEFAULT_TIMING, ...opts.timing}
    this.profileName = opts.profile ?? 'standard'
    this.profile = SIM_PROFILES[this.profileName]
    this.hostProbe = opts.hostProbe ?? alwaysOkHostProbe
    this.fileBlockSize = Math.max(16, opts.fileBlockSize ?? DEFAULT_FILE_BLOCK_SIZE)
    this.garbleRng = deriveRng(this.state.seed, 'garble')
    this.settlementDir = opts.settlementDir
    this.applyScenario(opts.scenario ?? 'healthy', opts.scenarioOptions ?? {})
  }

  /** Load or seed state (seeded from `clock.now()`), then build the terminal. */
  static async create(opts: CreateSimTerminalOptions = {}): Promise<SimTerminal> {
    const clock = opts.clock ?? systemClock
    const scenario = opts.scenario ?? 'healthy'
    const seed = () => {
      const state = seedState({
        seed: opts.seed ?? 1,
        journalSize: opts.journalSize,
        now: clock.now(),
        terminalId: opts.terminalId,
        password: opts.password,
        reverseLatestSale: scenario === 'already-reversed',
        closeOpenDay: scenario === 'after-eod',
      })
      // a terminal that ran this day remembers the 04 0F of its last transaction (Repeat Receipt, service bit 0)
      const last = state.journal[state.journal.length - 1]
      if (last) state.lastStatusInfoHex = pt.statusInformation(statusInfoFields(state, last, {echoCurrency: false})).data.toString('hex')
      return state
    }
    let store: SimStore
    let created = true
    if (opts.stateDir !== undefined) {
      const opened = await SimStore.open(opts.stateDir, seed)
      store = opened.store
      created = opened.created
      // explicit settings win over the stored ones (a re-configured terminal)
      if (opts.terminalId !== undefined) store.state.terminalId = opts.terminalId
      if (opts.password !== undefined) store.state.password = opts.password
    } else store = SimStore.inMemory(seed())
    const settlementDir = opts.settlementDir === false ? undefined : (opts.settlementDir ?? (opts.stateDir !== undefined ? join(opts.stateDir, 'settlement') : undefined))
    const {settlementDir: _ignored, ...rest} = opts
    const terminal = new SimTerminal({...rest, store, clock, scenario, ...(settlementDir !== undefined ? {settlementDir} : {})})
    // a stored journal was not seeded for this scenario: bring it into the scenario's shape
    if (!created) terminal.applyJournalScenario(scenario)
    await terminal.commit('start-up')
    // the acquirer has settled the last batch closed before start-up (seeded history, after-eod)
    await terminal.settleLatestBatch()
    return terminal
  }

  /** A terminal with an empty journal (unit tests of single flows). */
  static empty(opts: Omit<SimTerminalOptions, 'store'> & {terminalId?: string; password?: string; seed?: number} = {}): SimTerminal {
    return new SimTerminal({...opts, store: SimStore.inMemory(emptyState({seed: opts.seed ?? 1, terminalId: opts.terminalId, password: opts.password}))})
  }

  get state(): SimState {
    return this.storeRef.state
  }

  get store(): SimStore {
    return this.storeRef
  }

  get scenario(): ScenarioName {
    return this.scenarioName
  }

  get scenarioOptions(): Readonly<ScenarioOptions> {
    return this.scenarioOpts
  }

  get poweredOn(): boolean {
    return this.powered
  }

  /** Terminal status as 05 01 reports it. */
  get terminalStatus(): number {
    return this.scenarioName === 'busy' ? RC.pleaseWait : this.state.terminalStatus
  }

  /**
   * Switch the fault. Its effects apply at once and are persisted: terminal status and printer,
   * and for already-reversed / after-eod the journal (the latest sale gets reversed, the open
   * batch gets closed), as if that had happened just now.
   */
  async setScenario(name: ScenarioName, opts: ScenarioOptions = {}): Promise<void> {
    this.applyScenario(name, opts)
    this.applyJournalScenario(name)
    await this.commit(`scenario ${name}`)
    await this.settleLatestBatch()
  }

  /** @internal journal side of already-reversed / after-eod on an existing journal */
  applyJournalScenario(name: ScenarioName): void {
    if (name === 'already-reversed') reverseMostRecentSale(this.state, this.clock.now())
    if (name === 'after-eod' && openBatch(this.state).length > 0) closeBatch(this.state, this.clock.now())
  }

  private applyScenario(name: ScenarioName, opts: ScenarioOptions): void {
    this.scenarioName = name
    this.scenarioOpts = {...opts}
    this.faultFired = false
    // the scenario says what is wrong right now; anything it does not name has been fixed
    this.state.printer.paperOut = name === 'paper-out'
    this.state.terminalStatus = scenarioTerminalStatus(name) ?? 0
    if (name === 'garble') for (const c of this.connections) if (c.framing === 'tcp') this.warnTcpGarble()
  }

  private warnTcpGarble(): void {
    this.emit({type: 'warning', detail: 'scenario garble has no effect over TCP: TCP/IP carries bare APDUs without CRC [SPEC16 §4.1]'})
  }

  onEvent(listener: (e: SimEvent) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  emit(e: SimEvent): void {
    for (const l of [...this.listeners]) l(e)
  }

  /** Serve one ECR connection over `link`. Returns a function that detaches without closing the link. */
  attach(link: Link, framing: Framing): () => void {
    if (framing === 'tcp' && this.profile.secondConnection === 'refuse' && [...this.connections].some((c) => c.framing === 'tcp')) {
      // one cash register at a time: this PT hangs up on a second one at once
      this.emit({type: 'warning', detail: `second TCP connection from ${link.description} refused: another cash register is connected`})
      void link.close().catch(() => undefined)
      return () => undefined
    }
    const conn = new Connection(this, link, framing, this.nextConnectionId++)
    this.connections.add(conn)
    this.emit({type: 'connect', connection: conn.id, description: link.description, framing})
    if (framing === 'tcp' && this.scenarioName === 'garble') this.warnTcpGarble()
    if (!this.powered) conn.powerDown()
    return () => conn.detach()
  }

  /** @internal */
  forget(conn: Connection): void {
    this.connections.delete(conn)
  }

  /** Persist state (no-op in memory). Failures become a warning: a PT with a flash error keeps running. */
  async commit(what: string): Promise<void> {
    try {
      await this.storeRef.commit()
      this.emit({type: 'commit', what})
    } catch (err) {
      this.emit({type: 'warning', detail: `state write failed (${what}): ${(err as Error).message}`})
    }
  }

  /**
   * The simulated acquirer settles a closed batch: writes its settlement file (with the faults
   * of src/sim/settlement.ts) into settlementDir. A failure is a warning, never a PT fault.
   */
  async writeSettlement(batch: ClosedBatch, records: readonly JournalRecord[]): Promise<string | undefined> {
    if (this.settlementDir === undefined) return undefined
    try {
      const built = buildSettlement(this.state, batch, records)
      const file = await writeSettlementFile(this.settlementDir, built)
      this.lastSettlement = {file, rows: built.rows, faults: built.faults}
      this.emit({type: 'commit', what: `settlement file ${file} (${built.rows} rows; faults: ${built.faults.map((f) => `${f.kind} trace ${f.traceNumber}`).join(', ') || 'none'})`})
      return file
    } catch (err) {
      this.emit({type: 'warning', detail: `settlement file for batch ${batch.batchNumber} not written: ${(err as Error).message}`})
      return undefined
    }
  }

  /** Write the settlement file of the most recent closed batch if it is not there yet. */
  async settleLatestBatch(): Promise<string | undefined> {
    const batch = this.state.batches[this.state.batches.length - 1]
    if (this.settlementDir === undefined || !batch || settlementFileExists(this.settlementDir, this.state.terminalId, batch)) return undefined
    return this.writeSettlement(batch, this.state.journal.filter((r) => r.batchNumber === batch.batchNumber))
  }

  /** power-loss scenario: the PT goes dark; TCP sockets drop, serial lines go silent (no ACK either). */
  powerLoss(): void {
    this.powered = false
    this.emit({type: 'fault', scenario: this.scenarioName, detail: 'power lost: PT silent until powerOn()'})
    for (const c of [...this.connections]) c.powerDown()
  }

  /** reboot-mid-transaction: dark now (TCP dropped, serial silent), answering again after `ms`. */
  reboot(ms: number): void {
    this.powerLoss()
    this.emit({type: 'fault', scenario: this.scenarioName, detail: `rebooting: answering again in ${ms} ms`})
    this.clock.setTimeout(() => void this.powerOn(), ms)
  }

  /** Power back on: reload what the PT had committed (from --state when persistent). */
  async powerOn(): Promise<void> {
    if (this.storeRef.dir !== undefined) {
      const dir = this.storeRef.dir
      this.storeRef = (await SimStore.open(dir, () => this.state)).store
    }
    this.powered = true
    this.faultFired = true
    for (const c of this.connections) c.powerUp()
  }

  /** Detach and close every connection; wait for pending state writes. */
  async close(): Promise<void> {
    for (const c of [...this.connections]) await c.close()
    await this.storeRef.commit().catch(() => undefined)
  }

  // ---- scenario helpers used by the flows ----

  /** @internal */
  corruptNextFrame(): boolean {
    if (this.scenarioName !== 'garble') return false
    const hit = this.garbleRng() < (this.scenarioOpts.garbleRate ?? 0.3)
    if (hit) this.emit({type: 'fault', scenario: 'garble', detail: 'sending a frame with a corrupted CRC'})
    return hit
  }

  /** @internal */
  get slowDelayMs(): number {
    return this.scenarioName === 'slow' ? (this.scenarioOpts.slowDelayMs ?? 1500) : 0
  }

  /** @internal one-shot faults (power loss) fire once per scenario activation */
  takeFault(name: ScenarioName): boolean {
    if (this.scenarioName !== name || this.faultFired) return false
    this.faultFired = true
    return true
  }

  /** @internal */
  hostDown(): boolean {
    return this.scenarioName === 'host-down'
  }

  /** @internal */
  async probeHost(): Promise<{ok: boolean; resultCode?: number; detail: string}> {
    if (this.hostDown()) return {ok: false, resultCode: RC.noConnection, detail: 'no connection to the acquirer host (scenario host-down)'}
    try {
      return await this.hostProbe.probe()
    } catch (err) {
      return {ok: false, resultCode: RC.dialUpFault, detail: `host probe failed: ${(err as Error).message}`}
    }
  }
}

/** The PT side of one ECR connection. */
class Connection {
  private channel: PtChannel | undefined
  private answers: Apdu[] = []
  private answerWaiter: (() => void) | undefined
  exchange: Exchange | undefined
  closed = false
  private readonly offClose: () => void

  constructor(
    readonly terminal: SimTerminal,
    readonly link: Link,
    readonly framing: Framing,
    readonly id: number,
  ) {
    this.offClose = link.onClose((err) => {
      this.terminal.emit({type: 'disconnect', connection: this.id, reason: err?.message})
      this.teardown()
    })
    this.powerUp()
  }

  powerUp(): void {
    if (this.channel || this.closed) return
    this.channel = openChannel(this.link, this.framing, this.terminal.clock, this.terminal.timing, {
      onIncoming: (i) => this.onIncoming(i),
      onApdu: (direction, bytes) => this.terminal.emit({type: direction, connection: this.id, hex: loggableHex(bytes)}),
      corruptFrame: () => this.terminal.corruptNextFrame(),
      onTransportNote: (detail) => this.terminal.emit({type: 'warning', detail: `connection ${this.id}: ${detail}`}),
    })
  }

  powerDown(): void {
    this.channel?.dispose()
    this.channel = undefined
    this.exchange?.silence()
    this.wakeWaiter()
    // a dead TCP endpoint: the ECR's socket drops; a serial line simply stays quiet
    if (this.framing === 'tcp') void this.link.close().catch(() => undefined)
  }

  detach(): void {
    this.teardown()
  }

  async close(): Promise<void> {
    this.teardown()
    await this.link.close().catch(() => undefined)
  }

  private teardown(): void {
    if (this.closed) return
    this.closed = true
    this.offClose()
    this.channel?.dispose()
    this.channel = undefined
    this.wakeWaiter()
    this.terminal.forget(this)
  }

  private wakeWaiter(): void {
    const w = this.answerWaiter
    this.answerWaiter = undefined
    w?.()
  }

  /** Send an APDU (the slow scenario delays every PT message). Throws TransmissionError. */
  async sendApdu(apdu: Apdu): Promise<void> {
    const delay = this.terminal.slowDelayMs
    if (delay > 0) await sleep(this.terminal.clock, delay)
    const channel = this.channel
    if (!channel) throw new Abandoned('failed')
    await channel.send(apdu)
  }

  /** Reply outside an exchange's own flow (84 xx 00 to stray commands, 80 00 00 to 06 B0). Never throws. */
  reply(apdu: Apdu): void {
    this.sendApdu(apdu).catch(() => undefined)
  }

  /** Drop answers that arrived before we asked (a new PT message starts a new wait). */
  clearAnswers(): void {
    this.answers = []
  }

  /** Wait for the ECR's 80 00 00 / 84 xx (T3-like timeout). */
  async awaitAnswer(timeoutMs: number): Promise<EcrAnswer> {
    for (;;) {
      const next = this.answers.shift()
      if (next) return classifyAnswer(next)
      if (this.closed || !this.channel) return {kind: 'failed'}
      const woke = await new Promise<boolean>((resolve) => {
        const timer: TimerHandle = this.terminal.clock.setTimeout(() => {
          this.answerWaiter = undefined
          resolve(false)
        }, timeoutMs)
        this.answerWaiter = () => {
          this.terminal.clock.clearTimeout(timer)
          resolve(true)
        }
      })
      if (!woke) return {kind: 'timeout'}
    }
  }

  private onIncoming(i: Incoming): void {
    if (!this.terminal.poweredOn) return
    if (i.kind === 'malformed') {
      this.terminal.emit({type: 'warning', detail: `connection ${this.id}: malformed APDU (${i.reason}): 84 9A 00`})
      this.reply(ack.negative(RC.protocolError))
      return
    }
    const apdu = i.apdu
    if (apdu.cls === 0x80 || apdu.cls === 0x84) {
      this.answers.push(apdu)
      this.wakeWaiter()
      return
    }
    this.onCommand(apdu)
  }

  private onCommand(apdu: Apdu): void {
    const key = commandKey(apdu)
    const t = this.terminal
    if (this.exchange && !this.exchange.finalSent) {
      // the PT is master: only an Abort may interrupt, and only while the customer is still at the card/PIN stage
      if (key === '06 B0') this.reply(this.exchange.requestAbort() ? ack.positive() : ack.negative(RC.functionNotPossible))
      else this.reply(ack.negative(RC.receiverNotReady))
      return
    }
    if (t.activeExchange && !t.activeExchange.finalSent) {
      t.emit({type: 'fault', scenario: t.scenario, detail: `connection ${this.id}: ${key} while another connection runs a transaction: 84 A0 00`})
      this.reply(ack.negative(RC.receiverNotReady))
      return
    }
    if (t.scenario === 'busy' && key !== '05 01' && key !== '06 02') {
      t.emit({type: 'fault', scenario: 'busy', detail: `${key} refused: 84 A0 00`})
      this.reply(ack.negative(RC.receiverNotReady))
      return
    }
    const handler = HANDLERS[key]
    if (!handler) {
      // a command this PT does not offer
      this.reply(ack.negative(RC.functionNotPossible))
      return
    }
    let msg: ZvtMessage
    try {
      msg = decodeMessage(apdu)
    } catch (err) {
      // an unknown BMP: "the PT answers with 84 83 00" [SPEC15 §3.1.1]; other parse errors: protocol error
      const code = err instanceof ZvtProtocolError && err.code === 'ZVT_UNKNOWN_BMP' ? RC.functionNotPossible : RC.protocolError
      t.emit({type: 'warning', detail: `connection ${this.id}: cannot parse ${key} (${(err as Error).message}): 84 ${hex2(code)} 00`})
      this.reply(ack.negative(code))
      return
    }
    const ex = new Exchange(this, key)
    this.exchange = ex
    t.activeExchange = ex
    void ex.run(() => handler(ex, msg)).finally(async () => {
      if (this.exchange === ex) this.exchange = undefined
      if (t.activeExchange === ex) t.activeExchange = undefined
      if (this.framing === 'tcp' && t.profile.hangUpAfterTransaction && ex.finalSent && key !== '06 02' && !this.closed) {
        // as some PTs do: wait for the ECR's 80 00 00 to the final message, then hang up
        await this.awaitAnswer(t.timing.ackTimeoutMs)
        // the cash register already sent its next command: serve it, hang up after that one
        if (this.exchange) return
        t.emit({type: 'warning', detail: `connection ${this.id}: transaction over, the PT closes the TCP connection (profile ${t.profileName})`})
        await this.close()
      }
    })
  }
}

/** Wire log text: an ECR may send card data (manual PAN entry); the log only ever shows it masked, and the password as ** ** **. */
function loggableHex(bytes: Buffer): string {
  try {
    return hexHidingPassword(maskApdu(decodeApdu(bytes)))
  } catch {
    return `(${bytes.length} bytes, not an APDU)`
  }
}

function classifyAnswer(a: Apdu): EcrAnswer {
  if (a.cls === 0x80 || a.ins === 0x00) return {kind: 'ok'}
  if (a.ins === 0x9c) return {kind: 'repeat'}
  if (a.ins === 0x9d) {
    let amountCents: number | undefined
    try {
      amountCents = decodeMessage(a).fields.amountCents
    } catch {
      amountCents = undefined
    }
    return {kind: 'partial', amountCents}
  }
  return {kind: 'negative', code: a.ins}
}

/** One command's flow while the PT is master. */
class Exchange {
  /** 06 B0 accepted now (card / PIN stage) */
  abortable = false
  aborted = false
  /** drop-response: keep working, send nothing */
  muted = false
  /**
   * The last message of the flow is out: the ECR may already send its next command (it often
   * does so in the same chunk as its acknowledgement), so the PT counts as free from here on.
   */
  finalSent = false
  private abortWake: (() => void) | undefined

  constructor(
    readonly conn: Connection,
    readonly command: string,
  ) {}

  get terminal(): SimTerminal {
    return this.conn.terminal
  }

  get state(): SimState {
    return this.conn.terminal.state
  }

  get clock(): Clock {
    return this.conn.terminal.clock
  }

  async run(body: () => Promise<void>): Promise<void> {
    try {
      await body()
    } catch (err) {
      if (!(err instanceof Abandoned)) {
        this.terminal.emit({type: 'warning', detail: `internal error in ${this.command}: ${(err as Error).stack ?? String(err)}`})
        return
      }
      this.terminal.emit({type: 'warning', detail: `${this.command}: ECR stopped answering (${err.reason}); exchange abandoned`})
      // [SPEC16 §5.2.5] on T3 expiry over TCP the sender closes the socket
      if (err.reason === 'timeout' && this.conn.framing === 'tcp') await this.conn.close()
    }
  }

  requestAbort(): boolean {
    if (!this.abortable || this.aborted) return false
    this.aborted = true
    this.abortWake?.()
    return true
  }

  silence(): void {
    this.muted = true
  }

  /** 80 00 00: command accepted, the PT takes the master role (final: commands without completion). */
  async accept(opts: {final?: boolean} = {}): Promise<void> {
    if (opts.final) this.finalSent = true
    if (this.muted) return
    try {
      await this.conn.sendApdu(ack.positive())
    } catch {
      throw new Abandoned('failed')
    }
  }

  /** A negative first answer (84 xx ...) instead of 80 00 00: the PT never takes the master role. */
  async refuse(apdu: Apdu): Promise<void> {
    this.finalSent = true
    if (this.muted) return
    try {
      await this.conn.sendApdu(apdu)
    } catch {
      throw new Abandoned('failed')
    }
  }

  /** Send one PT message and wait for the ECR's answer. */
  async send(apdu: Apdu, timeoutMs = this.terminal.timing.ackTimeoutMs): Promise<EcrAnswer> {
    if (this.muted) return {kind: 'ok'}
    this.conn.clearAnswers()
    try {
      await this.conn.sendApdu(apdu)
    } catch {
      return {kind: 'failed'}
    }
    return this.conn.awaitAnswer(timeoutMs)
  }

  /** Send and require an answer; 84 xx answers are returned, silence abandons the exchange. */
  async sendExpect(apdu: Apdu): Promise<EcrAnswer> {
    const a = await this.send(apdu)
    if (a.kind === 'timeout' || a.kind === 'failed') throw new Abandoned(a.kind)
    return a
  }

  /** 04 FF, only when the ECR asked for intermediate status (config-byte bit 3). */
  async intermediate(status: number): Promise<void> {
    if (this.terminal.profile.cardComplete) {
      // sent even unasked, with a T4 (the ECR must extend its wait) and the PT's display lines as TLV 24 [CC §3.2.17]
      const text = intermediateStatusInfo(status).en
      await this.sendExpect(pt.intermediateStatus({status: 0xff, timeoutMinutes: 3, tlv: [tlvConstructed('24', [tlvPrimitive('07', encodeCp437(text))])]}))
      return
    }
    if (!(this.state.config.configByte & 0x08)) return
    await this.sendExpect(pt.intermediateStatus({status}))
  }

  /** Final 06 0F / 06 1E. The ECR's 80 00 00 to it changes nothing any more, so it is not awaited. */
  async end(apdu: Apdu): Promise<void> {
    this.finalSent = true
    this.abortable = false
    if (this.muted) return
    try {
      await this.conn.sendApdu(apdu)
    } catch {
      // the ECR is gone; nothing left to undo at this point
    }
  }

  async fail(resultCode: number): Promise<void> {
    await this.end(pt.abort({resultCode}))
  }

  /** Wait on the PT's clock; returns early (true) when 06 B0 arrives while abortable. */
  async wait(ms: number): Promise<boolean> {
    if (this.aborted) return true
    if (ms <= 0) return false
    await new Promise<void>((resolve) => {
      const timer = this.clock.setTimeout(() => {
        this.abortWake = undefined
        resolve()
      }, ms)
      this.abortWake = () => {
        this.clock.clearTimeout(timer)
        this.abortWake = undefined
        resolve()
      }
    })
    return this.aborted
  }

  now(): number {
    return this.clock.now()
  }

  passwordOk(msg: ZvtMessage): boolean {
    return !this.terminal.profile.checkPassword || msg.fields.password === this.state.password
  }

  /** E4 / F0 block transactions until fixed (activation, End-of-Day). */
  transactionBlock(opts: {endOfDay?: boolean} = {}): number | undefined {
    const s = this.state.terminalStatus
    if (s === RC.activationRequired) return s
    if (s === RC.openBatch && !opts.endOfDay) return s
    return undefined
  }

  /**
   * Deliver a booking's 04 0F. The booking becomes final once the ECR acknowledges it
   * [SPEC15 §2.2.8]; 84 9C → repeat after 2 s, 84 9D → partial issue of goods, other 84 xx or
   * silence → the PT reverses the booking itself. Returns false when the exchange is over.
   */
  async deliverStatusInfo(record: JournalRecord, fields: ZvtFields, maxRepeats: number, timeoutS = DEFAULT_STATUS_INFO_TIMEOUT_S): Promise<boolean> {
    let repeats = 0
    for (;;) {
      const apdu = pt.statusInformation(fields)
      // the ECR may take BMP 01 seconds (default 30) to confirm the issue of goods before the PT reverses
      const a = await this.send(apdu, timeoutS * 1000)
      switch (a.kind) {
        case 'ok':
          this.state.lastStatusInfoHex = apdu.data.toString('hex')
          await this.terminal.commit('status information acknowledged')
          return true
        case 'repeat':
          if (++repeats > maxRepeats) {
            await this.autoReverse(record, 'issue of goods not confirmed (84 9C limit)')
            await this.fail(RC.aborted)
            return false
          }
          await this.wait(this.terminal.timing.statusRepeatMs)
          continue
        case 'partial':
          if (a.amountCents !== undefined && a.amountCents > 0 && a.amountCents < record.amountCents) {
            // partial issue of goods: the PT books only what was issued and reports it again
            record.amountCents = a.amountCents
            fields.amountCents = a.amountCents
            await this.terminal.commit(`partial issue: trace ${record.traceNumber} now ${a.amountCents}`)
            continue
          }
          await this.autoReverse(record, 'invalid partial issue amount')
          await this.fail(RC.aborted)
          return false
        case 'negative':
          await this.autoReverse(record, `ECR answered 84 ${hex2(a.code)} to the 04 0F (goods not issued)`)
          await this.fail(RC.aborted)
          return false
        case 'timeout':
        case 'failed':
          await this.autoReverse(record, `no acknowledgement of the 04 0F (${a.kind})`)
          throw new Abandoned(a.kind)
      }
    }
  }

  /** Undo a booking the ECR never confirmed. A reversal that is undone puts its sale back. */
  async autoReverse(record: JournalRecord, why: string): Promise<void> {
    if (record.state !== 'booked') return
    record.state = 'auto-reversed'
    if (record.type === 'reversal') {
      const sale = this.state.journal.find((r) => r.traceNumber === record.originalTraceNumber && r.state === 'reversed' && r.batchNumber === record.batchNumber)
      if (sale) {
        sale.state = 'booked'
        delete sale.reversedBy
      }
    }
    this.terminal.emit({type: 'fault', scenario: this.terminal.scenario, detail: `auto-reversal of trace ${record.traceNumber}: ${why}`})
    await this.terminal.commit(`auto-reversal trace ${record.traceNumber}`)
  }

  /**
   * Print receipts: via the ECR (06 D1 lines / 06 D3 blocks) when the config byte says the ECR
   * prints this category with PT-made lines (bit 7 + bit 1/2), not at all when the ECR builds its
   * own from the 04 0F (bit 1/2 without bit 7), else on the PT's own printer.
   * Returns the failure code (CC printer not ready, or the ECR's 84 xx) or undefined.
   */
  async print(receipts: Array<{kind: ReceiptKind; lines: string[]}>, category: 'payment' | 'admin'): Promise<number | undefined> {
    const cfg = this.state.config
    const ecrPrints = (cfg.configByte & (category === 'payment' ? 0x02 : 0x04)) !== 0
    const time = new Date(this.now()).toISOString()
    for (const r of receipts) {
      const printed: PrintedReceipt = {time, kind: r.kind, lines: r.lines}
      if (ecrPrints) {
        if (cfg.configByte & 0x80) {
          const code = await this.printViaEcr(r)
          if (code !== undefined) return code
        }
      } else {
        if (this.state.printer.paperOut) {
          this.terminal.emit({type: 'fault', scenario: this.terminal.scenario, detail: `PT printer out of paper: ${r.kind} receipt not printed`})
          return RC.printerNotReady
        }
        const log = this.state.printer.printed
        log.push(printed)
        if (log.length > MAX_PRINTED) log.splice(0, log.length - MAX_PRINTED)
      }
      this.state.lastReceipt = printed
      if (r.kind === 'end-of-day') this.state.lastEndOfDayReceipt = printed
    }
    return undefined
  }

  private async printViaEcr(r: {kind: ReceiptKind; lines: string[]}): Promise<number | undefined> {
    const {charset, maxApduLength} = this.state.config
    if (this.state.config.textBlocks) {
      const receiptType = r.kind === 'merchant' ? 1 : r.kind === 'customer' ? 2 : 3
      // a lone 09 FF closes the receipt, as real terminals send it; blocks stay within the ECR's TLV 1A
      const block = (lines: string[], last: boolean) =>
        pt.printTextBlock({lines: lines.map((text) => ({attribute: 0, text})), receiptType, ...(last ? {endAttribute: 0xff} : {}), ...(charset !== undefined ? {charset} : {})})
      const limit = maxApduLength ?? Number.POSITIVE_INFINITY
      let from = 0
      while (from < r.lines.length || from === 0) {
        let to = r.lines.length
        while (to > from + 1 && block(r.lines.slice(from, to), to === r.lines.length).data.length > limit) to--
        const a = await this.sendExpect(block(r.lines.slice(from, to), to === r.lines.length))
        if (a.kind === 'negative') return a.code
        from = to
        if (to === r.lines.length) break
      }
      return undefined
    }
    // card complete: each 06 D1 ends with TLV 1F07 (receipt type) [CC §3.2.44]
    const tail = this.terminal.profile.cardComplete ? Buffer.from([0x06, 0x04, 0x1f, 0x07, 0x01, r.kind === 'merchant' ? 1 : r.kind === 'customer' ? 2 : 3]) : undefined
    const line = (attribute: number, text: string): Apdu => {
      const plain = pt.printLine({attribute, text, ...(charset !== undefined ? {charset} : {})})
      return tail ? {...plain, data: Buffer.concat([plain.data, tail])} : plain
    }
    for (const text of r.lines) {
      const a = await this.sendExpect(line(0x00, text))
      if (a.kind === 'negative') return a.code
    }
    // high bit + indent 1: last line of this receipt [SPEC15 §3.5 Table 16]
    const a = await this.sendExpect(line(0x81, ''))
    return a.kind === 'negative' ? a.code : undefined
  }
}

const hex2 = (n: number) => n.toString(16).padStart(2, '0').toUpperCase()

function timeFields(ms: number): {time: string; date: string; dateFull: string} {
  const p = localParts(ms)
  const two = (n: number) => String(n).padStart(2, '0')
  return {time: `${two(p.hh)}${two(p.mi)}${two(p.ss)}`, date: `${two(p.mm)}${two(p.dd)}`, dateFull: `${two(p.yyyy % 100)}${two(p.mm)}${two(p.dd)}`}
}

function cardOf(record: Pick<JournalRecord, 'panMasked' | 'cardType'>): TestCard | undefined {
  return TEST_CARDS.find((c) => c.panMasked === record.panMasked && c.cardType === record.cardType)
}

/** 04 0F of a booking, BMPs in the order real PTs send them. */
function statusInfoFields(state: SimState, r: JournalRecord, opts: {echoCurrency: boolean}): ZvtFields {
  const card = cardOf(r)
  const t = timeFields(Date.parse(r.time))
  const f: ZvtFields = {resultCode: r.resultCode, amountCents: r.amountCents, traceNumber: r.traceNumber, time: t.time, date: t.date}
  if (card) {
    f.expiryDate = card.expiry
    f.cardSequenceNumber = card.cardSequenceNumber
  }
  if (r.resultCode === 0) f.statusByte = card?.pin ? 0x70 : 0x60
  // '*' digits go out as E nibbles (BMP 22); the full PAN never exists here
  f.panMasked = r.panMasked
  f.terminalId = r.terminalId
  f.vuNumber = state.vuNumber
  if (r.authCode) f.authCode = r.authCode
  if (r.originalTraceNumber !== undefined) f.originalTraceNumber = r.originalTraceNumber
  if (opts.echoCurrency) f.currencyCode = r.currencyCode
  if (r.receiptNumber !== null) f.receiptNumber = r.receiptNumber
  if (r.turnoverNumber !== null) f.turnoverNumber = r.turnoverNumber
  f.cardType = r.cardType
  f.cardName = r.cardName
  if (state.config.tlvAllowed && r.resultCode === 0) {
    // TLV only after the ECR sent a container at Registration [SPEC15 §9.2]: long trace, card information
    f.tlv = [
      tlvPrimitive('1F2B', numberToBcd(r.traceNumber, 4, 'traceNumber')),
      tlvConstructed('2F', [
        tlvPrimitive('1F10', Buffer.from([card?.pin ? 0x02 : 0x00])),
        tlvPrimitive('1F11', Buffer.from([0x01])),
        tlvPrimitive('1F12', Buffer.from([card?.pin ? 0x01 : 0x02])),
      ]),
    ]
  }
  return f
}

function abortWithCurrency(currencyCode: number): Apdu {
  // 06 1E 6F <CC>: the PT's currency follows the result code untagged [SPEC15 §2.2.9 p.36]
  return pt.abort({resultCode: RC.wrongCurrency, currencyCode})
}

const openBatchRecords = openBatch

function findOpen(state: SimState, receiptNumber: number): JournalRecord | undefined {
  const batch = state.counters.batchNumber
  for (let i = state.journal.length - 1; i >= 0; i--) {
    const r = state.journal[i]!
    if (r.batchNumber !== batch) break
    if (r.receiptNumber === receiptNumber) return r
  }
  return undefined
}

/** Fresh auth code for a live booking (seeded per trace: reproducible runs). */
function liveRng(state: SimState, label: string): Rng {
  return deriveRng(state.seed, `${label}:${state.counters.traceNumber}:${state.journal.length}`)
}

function newAuthCode(rng: Rng): string {
  return String(intBetween(rng, 0, 999_999)).padStart(6, '0')
}

/** File IDs and offsets are big-endian binary [SPEC15 §9.4.2]. */
function tlvBinary(node: TlvNode | undefined): number | undefined {
  return node ? node.value.reduce((n, b) => n * 256 + b, 0) : undefined
}

function uint32(n: number): Buffer {
  const b = Buffer.alloc(4)
  b.writeUInt32BE(n)
  return b
}

// ---------------------------------------------------------------- flows

const registration: Handler = async (ex, msg) => {
  const f = msg.fields
  // a wrong currency is refused in the first answer, 84 1E 6F <CC> [SPEC15 §2.1 p.29], not with 80 00 00 + 06 1E
  if (f.currencyCode !== undefined && f.currencyCode !== ex.state.currencyCode) return ex.refuse(pt.registrationWrongCurrency({currencyCode: ex.state.currencyCode}))
  await ex.accept()
  if (!ex.passwordOk(msg)) return ex.fail(RC.functionNotPossible)
  const permitted = findTlv(f.tlv, '26')
  const textBlocks = permitted?.children.some((c) => c.tag === '0A' && c.value.toString('hex') === '06d3') ?? false
  // TLV 14 charset: accepted when this PT has it, and then echoed [SPEC15 §2.1 p.26, §9.4.2 tag 14/27]
  const asked = findTlv(f.tlv, '14')
  const charset = asked?.value.length === 1 && SIM_CHARSETS.includes(asked.value[0]!) ? asked.value[0]! : undefined
  const width = findTlv(f.tlv, '12')
  const maxApdu = findTlv(f.tlv, '1A')
  ex.state.config = {
    configByte: f.configByte ?? DEFAULT_CONFIG_BYTE,
    serviceByte: f.serviceByte ?? 0,
    ecrCurrencyCode: f.currencyCode ?? null,
    tlvAllowed: f.tlv !== undefined,
    textBlocks,
    ...(charset !== undefined ? {charset} : {}),
    // printer width: one byte BCD
    ...(width?.value.length === 1 && isBcd(width.value) ? {printerWidth: Math.min(MAX_PRINTER_WIDTH, bcdToNumber(width.value))} : {}),
    ...(maxApdu && maxApdu.value.length > 0 ? {maxApduLength: tlvBinary(maxApdu)!} : {}),
  }
  await ex.terminal.commit('registration')
  const done: ZvtFields = {statusByte: 0x00, terminalId: ex.state.terminalId}
  // the PT echoes CC only if the ECR sent one [SPEC15 §2.1]
  if (f.currencyCode !== undefined) done.currencyCode = f.currencyCode
  const echo: TlvNode[] = []
  if (ex.state.config.printerWidth !== undefined) echo.push(tlvPrimitive('12', numberToBcd(ex.state.config.printerWidth, 1, 'printerWidth')))
  if (charset !== undefined) echo.push(tlvPrimitive('14', Buffer.from([charset])))
  // tag 27: the charsets this PT supports, each as a tag 14
  if (asked) echo.push(tlvConstructed('27', SIM_CHARSETS.map((c) => tlvPrimitive('14', Buffer.from([c])))))
  if (echo.length > 0) done.tlv = echo
  await ex.end(pt.completion(done))
}

const logOff: Handler = async (ex) => {
  // [SPEC15 §2.2 Log-Off] back to 86, no TLV until the next Registration; reset before the
  // 80 00 00 goes out, since the ECR may register again right behind its acknowledgement
  ex.state.config = {configByte: DEFAULT_CONFIG_BYTE, serviceByte: 0, ecrCurrencyCode: null, tlvAllowed: false, textBlocks: false}
  const saved = ex.terminal.commit('log-off')
  await ex.accept({final: true})
  await saved
}

const abortIdle: Handler = async (ex) => {
  // nothing runs: Abort while the ECR is master is allowed and simply acknowledged [SPEC15 §2.23]
  await ex.accept({final: true})
}

const statusEnquiry: Handler = async (ex, msg) => {
  await ex.accept()
  // the password of 05 01 only precedes the service byte; not verified here
  const service = msg.fields.serviceByte ?? 0
  const o: {swVersion?: string; terminalStatus: number; tlv?: TlvNode[]} = {terminalStatus: ex.terminal.terminalStatus}
  if (!(service & 0x02) && ex.terminal.profile.swVersionInStatus) o.swVersion = ex.state.swVersion
  if (service & 0x04) o.tlv = [tlvPrimitive('1F44', Buffer.from(ex.state.terminalId, 'hex'))]
  await ex.end(pt.statusCompletion(o))
}

const diagnosis: Handler = async (ex) => {
  await ex.accept()
  await ex.intermediate(IS.dialling)
  const host = await ex.terminal.probeHost()
  if (host.ok) {
    const t = timeFields(ex.now())
    await ex.sendExpect(pt.setDateTime({dateFull: t.dateFull, time: t.time}))
    if (ex.state.terminalStatus === 0xc2 || ex.state.terminalStatus === 0x62) ex.state.terminalStatus = 0
  }
  const printFailure = await ex.print([{kind: 'diagnosis', lines: diagnosisReceipt(ex.state, ex.now(), host)}], 'admin')
  await ex.terminal.commit('diagnosis')
  if (!host.ok) return ex.fail(host.resultCode ?? RC.noConnection)
  if (printFailure !== undefined) return ex.fail(printFailure)
  await ex.end(pt.completion({}))
}

/** Common card stage of payments and refunds: returns the card, or undefined when aborted. */
async function cardStage(ex: Exchange, label: string): Promise<TestCard | undefined> {
  ex.abortable = true
  await ex.intermediate(IS.insertCard)
  const card = pickWeighted(liveRng(ex.state, label), TEST_CARDS)
  if (card.pin && !ex.aborted) await ex.intermediate(IS.watchPinPad)
  await ex.wait(ex.terminal.timing.cardWaitMs)
  ex.abortable = false
  return ex.aborted ? undefined : card
}

async function hostStage(ex: Exchange): Promise<boolean> {
  await ex.intermediate(IS.waitingForHost)
  await ex.wait(ex.terminal.timing.hostMs)
  return !ex.terminal.hostDown()
}

function dropAfterAck(ex: Exchange): boolean {
  return ex.terminal.scenario === 'drop-response' && (ex.terminal.scenarioOptions.dropAt ?? 'after-ack') === 'after-ack'
}

function dropAfterStatusInfo(ex: Exchange): boolean {
  return ex.terminal.scenario === 'drop-response' && ex.terminal.scenarioOptions.dropAt === 'after-status-info'
}

function goSilent(ex: Exchange, what: string): void {
  ex.terminal.emit({type: 'fault', scenario: 'drop-response', detail: `${what} booked; final answer dropped`})
  ex.silence()
}

/** After the booking: 04 0F, receipts, 06 0F — with the drop-response / paper-out faults. */
/** TLV 14 values this PT supports: ISO 8859-1, -15, UTF-8, CP437 (default) */
const SIM_CHARSETS: readonly number[] = [0x01, 0x0f, 0xfe, 0xff]
const MAX_PRINTER_WIDTH = 40

/** Default dark time of reboot-mid-transaction. */
export const DEFAULT_REBOOT_MS = 5000

async function finishBooking(ex: Exchange, record: JournalRecord, echoCurrency: boolean, maxRepeats: number, timeoutS?: number): Promise<void> {
  const fields = statusInfoFields(ex.state, record, {echoCurrency})
  if (ex.terminal.takeFault('reboot-mid-transaction')) {
    // booked and committed; the PT also kept the 04 0F it meant to send, so Repeat Receipt (service bit 0) returns it
    ex.state.lastStatusInfoHex = pt.statusInformation(fields).data.toString('hex')
    await ex.terminal.commit(`trace ${record.traceNumber} booked before the reboot`)
    ex.silence()
    ex.terminal.reboot(ex.terminal.scenarioOptions.rebootMs ?? DEFAULT_REBOOT_MS)
    return
  }
  if (!(await ex.deliverStatusInfo(record, fields, maxRepeats, timeoutS))) return
  if (dropAfterStatusInfo(ex)) return goSilent(ex, `trace ${record.traceNumber}`)
  const receipts = (['merchant', 'customer'] as const).map((copy) => ({kind: copy, lines: transactionReceipt(ex.state, record, copy)}))
  const failure = await ex.print(receipts, 'payment')
  await ex.terminal.commit('receipts')
  if (failure !== undefined) {
    // ECR printing is part of finality [SPEC15 §2.2.9]; a PT printer failure is not
    if (ex.state.config.configByte & 0x02) await ex.autoReverse(record, `ECR could not print (84 ${hex2(failure)})`)
    return ex.fail(failure)
  }
  await ex.end(pt.completion({}))
}

function amountCheck(amountCents: number | undefined): number | undefined {
  if (amountCents === undefined) return RC.protocolError
  if (amountCents <= 0) return RC.amountTooSmall
  if (amountCents > MAX_AMOUNT_CENTS) return RC.maxAmountExceeded
  return undefined
}

const authorization: Handler = async (ex, msg) => {
  // from its 80 00 00 on the PT waits for the card: an Abort is welcome from that moment
  ex.abortable = true
  await ex.accept()
  const f = msg.fields
  const blocked = ex.transactionBlock()
  if (blocked !== undefined) return ex.fail(blocked)
  if (f.currencyCode !== undefined && f.currencyCode !== ex.state.currencyCode) return ex.end(abortWithCurrency(ex.state.currencyCode))
  const amountProblem = amountCheck(f.amountCents)
  if (amountProblem !== undefined) return ex.fail(amountProblem)
  const amountCents = f.amountCents!
  if (dropAfterAck(ex)) goSilent(ex, 'payment')
  const card = await cardStage(ex, 'auth')
  if (!card) return ex.fail(RC.aborted)
  if (!(await hostStage(ex))) return ex.fail(RC.noConnection)
  const decline = MAGIC_DECLINES[amountCents % 100]
  const rng = liveRng(ex.state, 'auth-code')
  const record = bookRecord(ex.state, {
    time: new Date(ex.now()).toISOString(),
    type: 'sale',
    amountCents,
    currencyCode: ex.state.currencyCode,
    panMasked: card.panMasked,
    cardType: card.cardType,
    cardName: card.cardName,
    authCode: decline === undefined ? newAuthCode(rng) : null,
    resultCode: decline ?? 0,
    state: decline === undefined ? 'booked' : 'declined',
  })
  await ex.terminal.commit(`payment trace ${record.traceNumber}`)
  if (decline !== undefined) {
    await ex.sendExpect(pt.statusInformation(statusInfoFields(ex.state, record, {echoCurrency: f.currencyCode !== undefined})))
    return ex.fail(decline)
  }
  await finishBooking(ex, record, f.currencyCode !== undefined, f.maxStatusInfos ?? DEFAULT_MAX_STATUS_REPEATS, f.timeout)
}

const refund: Handler = async (ex, msg) => {
  ex.abortable = true
  await ex.accept()
  const f = msg.fields
  if (!ex.passwordOk(msg)) return ex.fail(RC.functionNotPossible)
  if (ex.terminal.scenario === 'refund-disabled') {
    ex.terminal.emit({type: 'fault', scenario: 'refund-disabled', detail: 'refunds are switched off: 06 1E 83'})
    return ex.fail(RC.functionNotPossible)
  }
  const blocked = ex.transactionBlock()
  if (blocked !== undefined) return ex.fail(blocked)
  if (f.currencyCode !== undefined && f.currencyCode !== ex.state.currencyCode) return ex.end(abortWithCurrency(ex.state.currencyCode))
  const amountProblem = amountCheck(f.amountCents)
  if (amountProblem !== undefined) return ex.fail(amountProblem)
  if (dropAfterAck(ex)) goSilent(ex, 'refund')
  const card = await cardStage(ex, 'refund')
  if (!card) return ex.fail(RC.aborted)
  if (!(await hostStage(ex))) return ex.fail(RC.noConnection)
  const record = bookRecord(ex.state, {
    time: new Date(ex.now()).toISOString(),
    type: 'refund',
    amountCents: f.amountCents!,
    currencyCode: ex.state.currencyCode,
    panMasked: card.panMasked,
    cardType: card.cardType,
    cardName: card.cardName,
    authCode: newAuthCode(liveRng(ex.state, 'refund-code')),
    resultCode: 0,
    state: 'booked',
  })
  await ex.terminal.commit(`refund trace ${record.traceNumber}`)
  await finishBooking(ex, record, f.currencyCode !== undefined, DEFAULT_MAX_STATUS_REPEATS)
}

const reversal: Handler = async (ex, msg) => {
  await ex.accept()
  const f = msg.fields
  const state = ex.state
  if (!ex.passwordOk(msg)) return ex.fail(RC.functionNotPossible)
  const blocked = ex.transactionBlock()
  if (blocked !== undefined) return ex.fail(blocked)
  if (f.receiptNumber === undefined) return ex.fail(RC.protocolError)
  if (f.currencyCode !== undefined && f.currencyCode !== state.currencyCode) return ex.end(abortWithCurrency(state.currencyCode))
  const sale = findOpen(state, f.receiptNumber)
  if (!sale) {
    // receipts of closed batches are settled: only a refund can undo them
    const closed = state.journal.some((r) => r.receiptNumber === f.receiptNumber && r.batchNumber !== state.counters.batchNumber)
    return ex.fail(closed ? RC.reversalNotPossible : RC.functionNotPossible)
  }
  if (sale.state === 'reversed' || sale.state === 'auto-reversed') return ex.fail(RC.alreadyReversed)
  if (sale.type !== 'sale') return ex.fail(RC.reversalNotPossible)
  if (f.amountCents !== undefined && f.amountCents !== sale.amountCents) return ex.fail(RC.amountWrong)
  if (dropAfterAck(ex)) goSilent(ex, 'reversal')
  if (ex.terminal.scenario === 'reversal-needs-card' && !(await cardStage(ex, 'reversal'))) return ex.fail(RC.aborted)
  if (!(await hostStage(ex))) return ex.fail(RC.noConnection)
  const record = bookReversal(state, sale, ex.now(), newAuthCode(liveRng(state, 'reversal-code')))
  // committed before the 04 0F goes out
  await ex.terminal.commit(`reversal of receipt ${sale.receiptNumber} (trace ${record.traceNumber})`)
  if (ex.terminal.takeFault('power-loss-mid-reversal')) {
    ex.silence()
    ex.terminal.powerLoss()
    return
  }
  await finishBooking(ex, record, f.currencyCode !== undefined, DEFAULT_MAX_STATUS_REPEATS)
}

function totalsFields(state: SimState, records: JournalRecord[], traceNumber: number, nowMs: number, range: {start: number; end: number}): ZvtFields {
  const t = batchTotals(records)
  const time = timeFields(nowMs)
  return {
    resultCode: 0,
    amountCents: t.totalCents,
    traceNumber,
    time: time.time,
    date: time.date,
    totals: {
      receiptNumberStart: range.start,
      receiptNumberEnd: range.end,
      // the count is one binary byte on the wire
      groups: TOTALS_GROUPS.map((brand) => ({brand, count: Math.min(255, t.groups[brand].count), amountCents: t.groups[brand].amountCents})),
    },
  }
}

function receiptRange(records: JournalRecord[]): {start: number; end: number} {
  const withReceipt = records.filter((r) => r.receiptNumber !== null)
  return {start: withReceipt[0]?.receiptNumber ?? 0, end: withReceipt[withReceipt.length - 1]?.receiptNumber ?? 0}
}

const endOfDay: Handler = async (ex, msg) => {
  await ex.accept()
  if (!ex.passwordOk(msg)) return ex.fail(RC.functionNotPossible)
  const blocked = ex.transactionBlock({endOfDay: true})
  if (blocked !== undefined) return ex.fail(blocked)
  if (!(await hostStage(ex))) return ex.fail(RC.noConnection)
  const state = ex.state
  const records = openBatchRecords(state)
  const batch = closeBatch(state, ex.now())
  if (state.terminalStatus === RC.openBatch) state.terminalStatus = 0
  await ex.terminal.commit(`end-of-day batch ${batch.batchNumber}`)
  // the acquirer settles the uploaded batch (its file carries this batch's faults)
  await ex.terminal.writeSettlement(batch, records)
  await ex.sendExpect(pt.statusInformation(totalsFields(state, records, batch.traceNumber, ex.now(), {start: batch.receiptNumberStart, end: batch.receiptNumberEnd})))
  const failure = await ex.print([{kind: 'end-of-day', lines: endOfDayReceipt(state, batch, records, ex.now())}], 'admin')
  await ex.terminal.commit('end-of-day receipt')
  if (failure !== undefined) return ex.fail(failure)
  await ex.end(pt.completion({}))
}

const turnoverTotals: Handler = async (ex, msg) => {
  await ex.accept()
  if (!ex.passwordOk(msg)) return ex.fail(RC.functionNotPossible)
  const state = ex.state
  const records = openBatchRecords(state)
  await ex.sendExpect(pt.statusInformation(totalsFields(state, records, state.counters.traceNumber, ex.now(), receiptRange(records))))
  const failure = await ex.print([{kind: 'totals', lines: turnoverReceipt(state, records, ex.now())}], 'admin')
  await ex.terminal.commit('turnover totals receipt')
  if (failure !== undefined) return ex.fail(failure)
  await ex.end(pt.completion({}))
}

const printSystemConfiguration: Handler = async (ex) => {
  await ex.accept()
  const failure = await ex.print([{kind: 'configuration', lines: configurationReceipt(ex.state, ex.now())}], 'admin')
  await ex.terminal.commit('configuration receipt')
  if (failure !== undefined) return ex.fail(failure)
  await ex.end(pt.completion({}))
}

/** TLV 1F01 receipt IDs of Repeat Receipt (docs/zvt-notes.md §5). */
const RECEIPT_ID = {last: 0x01, merchant: 0x02, customer: 0x03, endOfDay: 0x04, journal: 0x05, reconciliation: 0x06} as const

/** 1F01 is one byte; any other length is no receipt ID this PT knows (-1). */
function receiptIdOf(node: TlvNode | undefined): number | undefined {
  if (!node) return undefined
  return node.value.length === 1 ? node.value[0]! : -1
}

type Reprint = {receipts: Array<{kind: ReceiptKind; lines: string[]}>; category: 'payment' | 'admin'}

/**
 * Repeat Receipt by receipt number (1F02 [to 1F03]): what 1F01 selects from the slips of that
 * range in the open batch. 02 / 03: that copy of each slip; 01 or no 1F01 (no copy chosen): the
 * merchant copy, as this PT always reprinted a numbered slip; 05: the journal lines of the range.
 * 'invalid': 04 end-of-day, 06 reconciliation and unknown IDs name no numbered slip: the PT refuses.
 */
function numberedReprint(state: SimState, open: JournalRecord[], receiptId: number | undefined, range: {from: number; to: number}, nowMs: number): Reprint | 'invalid' {
  const hits = open.filter((r) => r.receiptNumber !== null && r.receiptNumber >= range.from && r.receiptNumber <= range.to)
  const copies = (copy: 'merchant' | 'customer'): Reprint => ({
    receipts: hits.map((r) => ({kind: copy, lines: transactionReceipt(state, r, copy, {duplicate: true})})),
    category: 'payment',
  })
  switch (receiptId ?? RECEIPT_ID.last) {
    case RECEIPT_ID.last:
    case RECEIPT_ID.merchant:
      return copies('merchant')
    case RECEIPT_ID.customer:
      return copies('customer')
    case RECEIPT_ID.journal:
      // nothing in the range: nothing to print (refused below, like an unknown number)
      return {receipts: hits.length ? [{kind: 'journal', lines: journalPrintout(state, hits, nowMs, range)}] : [], category: 'admin'}
    default:
      return 'invalid'
  }
}

const repeatReceipt: Handler = async (ex, msg) => {
  await ex.accept()
  if (!ex.passwordOk(msg)) return ex.fail(RC.functionNotPossible)
  const state = ex.state
  const service = msg.fields.serviceByte ?? 0
  const receiptId = receiptIdOf(findTlv(msg.fields.tlv, '1F01'))
  const which = receiptId ?? RECEIPT_ID.last
  // binary only, as the spec writes them [SPEC15 §9.4.2]: a BCD-minded ECR's 00 42 is receipt 66 here
  const from = tlvBinary(findTlv(msg.fields.tlv, '1F02'))
  const to = tlvBinary(findTlv(msg.fields.tlv, '1F03')) ?? from
  const open = openBatchRecords(state)

  let receipts: Array<{kind: ReceiptKind; lines: string[]}>
  let category: 'payment' | 'admin' = 'admin'
  if (from !== undefined) {
    // receipt-number range: reprint those slips of the open batch, in the copy 1F01 selects
    const numbered = numberedReprint(state, open, receiptId, {from, to: to ?? from}, ex.now())
    // a selection that names no numbered slip is refused whatever the service byte asks for
    if (numbered === 'invalid') return ex.fail(RC.functionNotPossible)
    receipts = numbered.receipts
    category = numbered.category
  } else if (which === RECEIPT_ID.merchant || which === RECEIPT_ID.customer) {
    const last = [...open].reverse().find((r) => r.receiptNumber !== null)
    const copy = which === RECEIPT_ID.merchant ? 'merchant' : 'customer'
    receipts = last ? [{kind: copy, lines: transactionReceipt(state, last, copy, {duplicate: true})}] : []
    category = 'payment'
  } else if (which === RECEIPT_ID.endOfDay || which === RECEIPT_ID.reconciliation) {
    receipts = state.lastEndOfDayReceipt ? [{kind: 'end-of-day', lines: [...state.lastEndOfDayReceipt.lines]}] : []
  } else if (which === RECEIPT_ID.journal) {
    receipts = [{kind: 'journal', lines: journalPrintout(state, open, ex.now())}]
  } else {
    // 01 (and anything else): the last receipt the PT produced, if it still belongs to the open batch's day
    const last = state.lastReceipt
    const lastBooking = [...open].reverse().find((r) => r.receiptNumber !== null)
    const stale = last && (last.kind === 'merchant' || last.kind === 'customer') && !lastBooking
    receipts = last && !stale ? [{kind: last.kind, lines: ['** DUPLICATE **', ...last.lines]}] : []
    if (last && (last.kind === 'merchant' || last.kind === 'customer')) category = 'payment'
  }
  // a status read (bits 0 + 1: resend the 04 0F, print nothing) needs only the last 04 0F, not a printable receipt
  const statusRead = (service & 0x03) === 0x03 && state.lastStatusInfoHex !== null
  if (receipts.length === 0 && !statusRead) return ex.fail(RC.functionNotPossible)

  // service bit 0: resend the last 04 0F first, so the ECR can resynchronise [SPEC15 §2.20]
  if (service & 0x01 && state.lastStatusInfoHex) await ex.sendExpect({cls: 0x04, ins: 0x0f, data: Buffer.from(state.lastStatusInfoHex, 'hex')})
  if (!(service & 0x02)) {
    const failure = await ex.print(receipts, category)
    await ex.terminal.commit('repeat receipt')
    if (failure !== undefined) return ex.fail(failure)
  }
  await ex.end(pt.completion({}))
}

const readFile: Handler = async (ex, msg) => {
  await ex.accept()
  const files = (msg.fields.tlv ?? []).filter((n) => n.tag === '2D')
  if (files.length === 0) return ex.fail(RC.protocolError)
  for (const file of files) {
    const id = tlvBinary(file.children.find((c) => c.tag === '1D'))
    const start = tlvBinary(file.children.find((c) => c.tag === '1E')) ?? 0
    // only file 01 (merchant journal) exists on this PT
    if (id !== JOURNAL_FILE_ID) return ex.fail(RC.functionNotPossible)
    const data = journalCsv(ex.state.journal)
    if (start > data.length) return ex.fail(RC.functionNotPossible)
    for (let offset = start; offset < data.length; offset += ex.terminal.fileBlockSize) {
      const block = data.subarray(offset, Math.min(data.length, offset + ex.terminal.fileBlockSize))
      const tlv = [
        tlvConstructed('2D', [
          tlvPrimitive('1C', block),
          tlvPrimitive('1D', Buffer.from([id])),
          tlvPrimitive('1E', uint32(offset)),
          tlvPrimitive('1F00', uint32(data.length)),
        ]),
      ]
      const a = await ex.sendExpect(pt.statusInformation({tlv}))
      if (a.kind === 'negative') return ex.fail(a.code)
    }
  }
  await ex.end(pt.completion({resultCode: 0}))
}

/** 06 18 Reset Terminal [SPEC15 §2.44]: back to idle, 06 0F. */
const resetTerminal: Handler = async (ex) => {
  await ex.accept()
  ex.terminal.emit({type: 'commit', what: 'terminal reset'})
  await ex.end(pt.completion({}))
}

/** 06 93 Initialisation [SPEC15 §2.18]: a host dialogue; clears status 51 (initialisation required). */
const initialisation: Handler = async (ex, msg) => {
  await ex.accept()
  if (!ex.passwordOk(msg)) return ex.fail(RC.functionNotPossible)
  await ex.intermediate(IS.dialling)
  const host = await ex.terminal.probeHost()
  if (!host.ok) return ex.fail(host.resultCode ?? RC.noConnection)
  if (ex.state.terminalStatus === 0x51) ex.state.terminalStatus = 0
  const failure = await ex.print([{kind: 'configuration', lines: configurationReceipt(ex.state, ex.now())}], 'admin')
  await ex.terminal.commit('initialisation')
  if (failure !== undefined) return ex.fail(failure)
  await ex.end(pt.completion({}))
}

/**
 * 06 C0 Read Card [SPEC15 §2.21]: waits for a card (06 B0 aborts), then 04 0F with the card data,
 * which ends the command (no 06 0F). Card data only masked: BMP 22 with E nibbles, 0E, 8A, 8B.
 */
const readCard: Handler = async (ex, msg) => {
  ex.abortable = true
  await ex.accept()
  await ex.intermediate(IS.insertCard)
  await ex.wait(ex.terminal.timing.cardWaitMs)
  ex.abortable = false
  if (ex.aborted) return ex.fail(RC.aborted)
  const card = pickWeighted(liveRng(ex.state, 'read-card'), TEST_CARDS)
  const fields: ZvtFields = {resultCode: 0, expiryDate: card.expiry, panMasked: card.panMasked, cardType: card.cardType, cardName: card.cardName}
  // BMP 19 as the 06 C0 asked for it (the card technology filter); chip when not given
  fields.statusByte = msg.fields.readCardType ?? 0x10
  if (ex.state.config.tlvAllowed) fields.tlv = [tlvConstructed('2F', [tlvPrimitive('1F12', Buffer.from([0x01]))])]
  await ex.end(pt.statusInformation(fields))
}

const HANDLERS: Readonly<Record<string, Handler>> = {
  '06 00': registration,
  '06 02': logOff,
  '05 01': statusEnquiry,
  '06 70': diagnosis,
  '06 01': authorization,
  '06 30': reversal,
  '06 31': refund,
  '06 20': repeatReceipt,
  '06 50': endOfDay,
  '06 10': turnoverTotals,
  '06 1A': printSystemConfiguration,
  '08 11': readFile,
  '06 B0': abortIdle,
  '06 18': resetTerminal,
  '06 93': initialisation,
  '06 C0': readCard,
}

/** Commands the simulator implements ("CLASS INSTR"). */
export const SUPPORTED_COMMANDS: ReadonlyArray<string> = Object.keys(HANDLERS)
