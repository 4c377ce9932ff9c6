/** Terminal over ZVT: maps each Terminal method to one ECR command and its exchange. */
import {resultCodeInfo, terminalStatusInfo} from '../../protocol/zvt/codes/index.js'
import {ecr} from '../../protocol/zvt/messages.js'
import {findTlv, tlvConstructed, tlvPrimitive} from '../../protocol/zvt/tlv.js'
import type {Apdu, TlvNode, ZvtFields} from '../../protocol/zvt/types.js'
import type {Link} from '../../transport/link.js'
import type {Clock} from '../../util/clock.js'
import type {CommandOutcome, ProgressEvent, Terminal, TerminalStatus} from '../terminal.js'
import type {WireLog} from '../wire-log.js'
import {ECR_HANDLES, isSessionError, ZvtSession, type AbortResult, type Exchange, type Framing, type ZvtTimeouts} from './session.js'

export interface ZvtTerminalOptions {
  framing: Framing
  /** 6-digit ECR password, default "000000" */
  password?: string
  /**
   * Registration config byte. Default 0x8E: ECR prints payment (02) and administration (04)
   * receipts via 06 D1/06 D3 lines (80) and wants Intermediate Status (08) - so receipts and
   * progress reach us as text.
   */
  configByte?: number
  /** ISO 4217 numeric, e.g. 978; sent in Registration / payments only when set */
  currencyCode?: number
  clock?: Clock
  timeouts?: Partial<ZvtTimeouts>
  maxSends?: number
  wireLog?: WireLog
  /**
   * TCP: open a new connection when the PT closed the old one between transactions (PT's may,
   * PA00P016 §5.2.5: "the initiator may reconnect"). Without it a closed link fails the next command.
   */
  reopen?: () => Promise<Link>
}

export type DiagnosisType = 'line' | 'extended' | 'configuration'
export type RepeatReceiptWhich = 'last' | 'merchant' | 'customer' | 'journal' | 'end-of-day'

export interface ReadFileOutcome extends CommandOutcome {
  data: Buffer
  /** TLV 1F00 from the PT, when it sent one */
  totalLength: number | undefined
  /** blocks are contiguous from offset 0 and add up to totalLength (if known) */
  complete: boolean
  /** why the file is not complete (gaps, overlaps, length mismatch) */
  fileProblems: string[]
}

/** ISO 4217 978: offered at Registration when no currency is configured (ZVT terminals are mostly EUR) */
const DEFAULT_CURRENCY = 978
const RC_WRONG_CURRENCY = 0x6f

const DIAGNOSIS_TYPE: Record<DiagnosisType, number> = {line: 0x01, extended: 0x02, configuration: 0x03}
// TLV 1F01 receipt ID for Repeat Receipt
const RECEIPT_ID: Record<RepeatReceiptWhich, number> = {last: 0x01, merchant: 0x02, customer: 0x03, 'end-of-day': 0x04, journal: 0x05}

export class ZvtTerminal implements Terminal {
  readonly protocol = 'zvt' as const
  private current: ZvtSession
  private readonly sessionOpts: ConstructorParameters<typeof ZvtSession>[1]
  private readonly reopen: (() => Promise<Link>) | undefined
  private readonly progress = new Set<(e: ProgressEvent) => void>()
  private closing = false
  private readonly password: string
  private readonly configByte: number
  private readonly currencyCode: number | undefined
  /** the PT's currency from its 84 1E 6F answer, for the next Registration */
  private learnedCurrency: number | undefined

  constructor(link: Link, opts: ZvtTerminalOptions) {
    const sessionOpts: ConstructorParameters<typeof ZvtSession>[1] = {framing: opts.framing}
    if (opts.clock) sessionOpts.clock = opts.clock
    if (opts.timeouts) sessionOpts.timeouts = opts.timeouts
    if (opts.maxSends !== undefined) sessionOpts.maxSends = opts.maxSends
    if (opts.wireLog) sessionOpts.wireLog = opts.wireLog
    this.current = new ZvtSession(link, sessionOpts)
    // one wire log across reconnects
    this.sessionOpts = {...sessionOpts, wireLog: this.current.wireLog}
    this.reopen = opts.framing === 'tcp' ? opts.reopen : undefined
    this.current.onProgress((e) => this.emitProgress(e))
    this.password = opts.password ?? '000000'
    this.configByte = opts.configByte ?? 0x8e
    this.currencyCode = opts.currencyCode
  }

  get wireLog(): WireLog {
    return this.current.wireLog
  }

  /** The session of the current link (replaced when a closed TCP link is reopened). */
  get session(): ZvtSession {
    return this.current
  }

  /**
   * Before each command: a TCP link the PT closed since the last one is opened again, so every
   * command (not only void retry) survives a PT that hangs up between transactions. Never while
   * an exchange runs: a link lost mid-exchange is that exchange's failure, not ours to hide.
   */
  private async ready(): Promise<ZvtSession> {
    const s = this.current
    if (s.isOpen || s.busy || this.closing || !this.reopen || s.closeReason !== 'ZVT_LINK_LOST') return s
    s.wireLog.event('ECR->PT', 'the terminal closed the TCP connection since the last command: connecting again')
    const link = await this.reopen()
    if (this.current !== s) {
      // another command reconnected while we waited
      await link.close().catch(() => undefined)
      return this.current
    }
    await s.close().catch(() => undefined)
    this.current = new ZvtSession(link, this.sessionOpts)
    this.current.onProgress((e) => this.emitProgress(e))
    return this.current
  }

  private emitProgress(e: ProgressEvent): void {
    for (const l of this.progress) l(e)
  }

  /** One command exchange on the (reopened if need be) link. */
  async exchange(command: Apdu, opts: {hasCompletion: boolean; t3Ms?: number; t4Ms?: number}): Promise<Exchange> {
    try {
      return await (await this.ready()).exchange(command, opts)
    } catch (err) {
      // the PT hung up between our check and the send: nothing went out, so it is safe to connect again and send
      if (!this.reopen || !isSessionError(err) || err.code !== 'ZVT_LINK_LOST' || err.exchange.sends > 0) throw err
      return (await this.ready()).exchange(command, opts)
    }
  }

  /**
   * Registration with the currency, service byte 01 and TLV 26 (the commands posdoc serves), as
   * SPEC15 §2.1 p.26 recommends; the TLV needs the currency. Without a configured currency EUR is
   * offered: a PT with another one answers 84 1E 6F <CC> (§2.1 p.29) and is registered again with
   * its own; one that names none gets the plain form (password + config byte).
   */
  async register(opts: {configByte?: number} = {}): Promise<CommandOutcome> {
    const configByte = opts.configByte ?? this.configByte
    const offered = this.currencyCode ?? this.learnedCurrency ?? DEFAULT_CURRENCY
    const first = await this.exchange(this.registration(configByte, offered), {hasCompletion: true})
    const cc = first.firstAnswer?.message.fields
    if (first.firstAnswer?.command !== '84 1E' || cc?.resultCode !== RC_WRONG_CURRENCY || this.currencyCode !== undefined) return outcomeFromExchange(first)
    if (cc.currencyCode !== undefined && cc.currencyCode !== offered) {
      this.learnedCurrency = cc.currencyCode
      this.session.wireLog.event('PT->ECR', `terminal currency is ${cc.currencyCode}: registering again with it`)
      return this.run(this.registration(configByte, cc.currencyCode))
    }
    return this.run(ecr.registration({password: this.password, configByte}))
  }

  private registration(configByte: number, currencyCode: number): Apdu {
    const permitted = [...ECR_HANDLES].map((c) => tlvPrimitive('0A', Buffer.from(c.replace(' ', ''), 'hex')))
    return ecr.registration({password: this.password, configByte, currencyCode, serviceByte: 0x01, tlv: [tlvConstructed('26', permitted)]})
  }

  async status(): Promise<TerminalStatus> {
    // service byte 04: send TLV in the completion; bit 1 clear, so the SW version comes too
    const exchange = await this.exchange(ecr.statusEnquiry({password: this.password, serviceByte: 0x04}), {hasCompletion: true})
    const outcome = outcomeFromExchange(exchange)
    const completion = outcome.completion
    const terminalStatus = completion?.terminalStatus
    return {
      ...outcome,
      // -1: the PT did not report a status (rejected or aborted the enquiry)
      terminalStatus: terminalStatus ?? -1,
      terminalStatusText: terminalStatus === undefined ? 'no terminal status received' : (completion?.terminalStatusText ?? safeText(() => terminalStatusInfo(terminalStatus).en, terminalStatus)),
      swVersion: completion?.swVersion,
      terminalId: terminalIdFrom(completion),
    }
  }

  async diagnosis(type?: DiagnosisType): Promise<CommandOutcome> {
    return this.run(ecr.diagnosis(type === undefined ? {} : {type: DIAGNOSIS_TYPE[type]}))
  }

  async repeatReceipt(opts: {which?: RepeatReceiptWhich; resendStatusInfo?: boolean; noPrintout?: boolean; receiptNumber?: number} = {}): Promise<CommandOutcome> {
    const o: Parameters<typeof ecr.repeatReceipt>[0] = {password: this.password}
    // service byte bit 0: send the last 04 0F again (resynchronise after a lost result); bit 1: no printout
    const service = (opts.resendStatusInfo ? 0x01 : 0) | (opts.noPrintout ? 0x02 : 0)
    if (service) o.serviceByte = service
    if (opts.which) o.receiptId = RECEIPT_ID[opts.which]
    if (opts.receiptNumber !== undefined) {
      o.receiptNumberFrom = opts.receiptNumber
      o.receiptNumberTo = opts.receiptNumber
    }
    return this.run(ecr.repeatReceipt(o))
  }

  async reversal(opts: {receiptNumber: number; amountCents?: number}): Promise<CommandOutcome> {
    const o: Parameters<typeof ecr.reversal>[0] = {password: this.password, receiptNumber: opts.receiptNumber, ...this.cc()}
    if (opts.amountCents !== undefined) o.amountCents = opts.amountCents
    return this.run(ecr.reversal(o))
  }

  async refund(opts: {amountCents: number}): Promise<CommandOutcome> {
    return this.run(ecr.refund({password: this.password, amountCents: opts.amountCents, ...this.cc()}))
  }

  /** 06 C0 Read Card: <timeout s> [19 card type]; ends with the PT's 04 0F (card data masked in it). */
  async readCard(opts: {timeoutSeconds?: number; cardType?: number} = {}): Promise<CommandOutcome> {
    return this.run(ecr.readCard(opts))
  }

  async endOfDay(): Promise<CommandOutcome> {
    return this.run(ecr.endOfDay({password: this.password}))
  }

  async turnoverTotals(): Promise<CommandOutcome> {
    return this.run(ecr.turnoverTotals({password: this.password}))
  }

  async printSystemConfiguration(): Promise<CommandOutcome> {
    return this.run(ecr.printSystemConfiguration())
  }

  async readFile(fileId: number): Promise<ReadFileOutcome> {
    const exchange = await this.exchange(ecr.readFile({fileId}), {hasCompletion: true})
    const outcome = outcomeFromExchange(exchange)
    const file = assembleFile(outcome.statusInfos, fileId)
    return {...outcome, ...file, ok: outcome.ok && file.complete}
  }

  /**
   * While another command runs, sends 06 B0 out of band (the running command then ends with
   * the PT's 06 1E); otherwise a plain Abort command ending with the PT's 80 00 00.
   */
  async abort(): Promise<CommandOutcome> {
    if (this.session.busy) return abortOutcome(await this.session.abortCurrent())
    return outcomeFromExchange(await this.exchange(ecr.abort(), {hasCompletion: false}))
  }

  async logOff(): Promise<void> {
    const exchange = await this.exchange(ecr.logOff(), {hasCompletion: false})
    if (exchange.firstAnswer && exchange.firstAnswer.command !== '80 00' && exchange.firstAnswer.command !== '84 00') {
      this.session.wireLog.event('PT->ECR', `Log-Off answered with ${exchange.firstAnswer.command}`)
    }
  }

  onProgress(listener: (e: ProgressEvent) => void): () => void {
    this.progress.add(listener)
    return () => this.progress.delete(listener)
  }

  async close(): Promise<void> {
    this.closing = true
    await this.current.close()
  }

  private async run(command: Apdu): Promise<CommandOutcome> {
    return outcomeFromExchange(await this.exchange(command, {hasCompletion: true}))
  }

  private cc(): {currencyCode?: number} {
    return this.currencyCode === undefined ? {} : {currencyCode: this.currencyCode}
  }
}

/**
 * Judge an exchange. ok only if the PT ended with 06 0F and no result code says otherwise
 * (06 0F's own BMP 27, else the last 04 0F's); commands without completion: a positive 80 00.
 * Exported so callers holding a SessionError's partial exchange can build an outcome too.
 */
export function outcomeFromExchange(exchange: Exchange): CommandOutcome {
  const first = exchange.firstAnswer
  const rejected = first !== undefined && first.command.startsWith('84') && first.command !== '84 00'
  const statusInfos = exchange.messages.filter((m) => m.command === '04 0F' && !m.unexpected).map((m) => m.message.fields)
  const final = exchange.final
  const completion = final?.command === '06 0F' ? final.message.fields : undefined
  const lastStatusRc = [...statusInfos].reverse().find((f) => f.resultCode !== undefined)?.resultCode

  let resultCode: number
  let ok: boolean
  if (rejected) {
    // 84 1E 6F [CC]: the result is the 6F in the data (the decoder sets it), not the 1E
    resultCode = first.message.fields.resultCode ?? parseInt(first.command.slice(3), 16)
    ok = false
  } else if (final?.command === '06 1E') {
    resultCode = final.message.fields.resultCode ?? firstDataByte(final.hex) ?? 0xff
    ok = false
  } else if (completion) {
    const own = completion.resultCode
    resultCode = own !== undefined && own !== 0 ? own : (lastStatusRc ?? own ?? 0)
    ok = resultCode === 0
  } else if (final?.command === '04 0F') {
    // Read Card: the 04 0F is the end, its BMP 27 (if any) the result
    resultCode = final.message.fields.resultCode ?? 0
    ok = resultCode === 0
  } else if (!exchange.hasCompletion && first) {
    resultCode = 0
    ok = true
  } else {
    // no end seen (only reachable with a partial exchange from a SessionError)
    resultCode = lastStatusRc ?? 0xff
    ok = false
  }
  return {
    ok,
    resultCode,
    resultText: safeText(() => resultCodeInfo(resultCode).en, resultCode),
    rejected,
    statusInfos,
    completion,
    receipts: exchange.receipts,
    intermediate: exchange.intermediate,
    ...terminalDateTimeOf(exchange),
    durationMs: exchange.timing.durationMs,
  }
}

/** 04 01 Set Date/Time (sent during Diagnosis) carries the terminal's own clock. */
function terminalDateTimeOf(exchange: Exchange): Pick<CommandOutcome, 'terminalDateTime'> {
  const msg = [...exchange.messages].reverse().find((m) => m.command === '04 01' && !m.unexpected)
  const f = msg?.message.fields
  if (!msg || !f?.dateFull || !f.time) return {}
  const started = Date.parse(exchange.startedAt)
  const rtt = exchange.timing.firstAnswerMs
  return {
    terminalDateTime: {
      dateFull: f.dateFull,
      time: f.time,
      ...(Number.isNaN(started) ? {} : {receivedAtMs: started + msg.atMs}),
      ...(rtt === undefined ? {} : {roundTripMs: rtt}),
    },
  }
}

function abortOutcome(r: AbortResult): CommandOutcome {
  const answer = r.answer
  const rejected = answer !== undefined && answer.command.startsWith('84') && answer.command !== '84 00'
  const resultCode = rejected ? parseInt(answer.command.slice(3), 16) : 0
  return {
    // a sent 06 B0 without a direct answer counts: the PT usually just ends the command with 06 1E
    ok: r.sent && !rejected,
    resultCode,
    resultText: r.sent ? safeText(() => resultCodeInfo(resultCode).en, resultCode) : 'abort could not be sent',
    rejected,
    statusInfos: [],
    completion: undefined,
    receipts: [],
    intermediate: [],
    durationMs: 0,
  }
}

/** Collect 04 0F file blocks (TLV 2D {1C data, 1D id, 1E offset, 1F00 total}) into one buffer. */
export function assembleFile(statusInfos: ZvtFields[], fileId: number): Pick<ReadFileOutcome, 'data' | 'totalLength' | 'complete' | 'fileProblems'> {
  const blocks = new Map<number, Buffer>()
  let totalLength: number | undefined
  const problems: string[] = []
  for (const f of statusInfos) {
    for (const file of collectTlv(f.tlv ?? [], '2D')) {
      const id = file.children.find((c) => c.tag === '1D')
      if (id && id.value.length > 0 && beUint(id.value) !== fileId) continue
      const total = file.children.find((c) => c.tag === '1F00')
      if (total) totalLength = beUint(total.value)
      const data = file.children.find((c) => c.tag === '1C')
      if (!data) continue
      const offsetNode = file.children.find((c) => c.tag === '1E')
      const offset = offsetNode ? beUint(offsetNode.value) : sumLengths(blocks)
      // a block the PT sent twice (it re-sends on a lost ack) is kept once
      if (!blocks.has(offset)) blocks.set(offset, Buffer.from(data.value))
    }
  }
  const sorted = [...blocks.entries()].sort((a, b) => a[0] - b[0])
  const parts: Buffer[] = []
  let pos = 0
  for (const [offset, block] of sorted) {
    if (offset > pos) problems.push(`gap: bytes ${pos}..${offset - 1} missing`)
    if (offset < pos) {
      problems.push(`overlap at offset ${offset}`)
      const skip = pos - offset
      if (skip < block.length) parts.push(block.subarray(skip))
      pos = Math.max(pos, offset + block.length)
      continue
    }
    parts.push(block)
    pos = offset + block.length
  }
  const data = Buffer.concat(parts)
  if (totalLength !== undefined && pos !== totalLength) problems.push(`got ${pos} of ${totalLength} bytes`)
  return {data, totalLength, complete: problems.length === 0, fileProblems: problems}
}

function sumLengths(blocks: Map<number, Buffer>): number {
  let max = 0
  for (const [offset, b] of blocks) max = Math.max(max, offset + b.length)
  return max
}

function collectTlv(nodes: TlvNode[], tag: string, out: TlvNode[] = []): TlvNode[] {
  for (const n of nodes) {
    if (n.tag === tag) out.push(n)
    else collectTlv(n.children, tag, out)
  }
  return out
}

function beUint(b: Uint8Array): number {
  let n = 0
  for (const x of b) n = n * 256 + x
  return n
}

function terminalIdFrom(completion: ZvtFields | undefined): string | undefined {
  if (!completion) return undefined
  const tlvTid = findTlv(completion.tlv, '1F44')
  // TLV 1F44 is 4 bytes BCD like BMP 29
  if (tlvTid && tlvTid.value.length > 0) return tlvTid.value.toString('hex').toUpperCase()
  return completion.terminalId
}

function firstDataByte(hex: string): number | undefined {
  // "06 1E 01 6C": byte 3 is the first data byte
  const b = hex.split(' ')[3]
  return b === undefined ? undefined : parseInt(b, 16)
}

function safeText(f: () => string, code: number): string {
  try {
    return f()
  } catch {
    return `code ${code.toString(16).padStart(2, '0').toUpperCase()}`
  }
}
