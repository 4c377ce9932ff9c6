/**
 * The guided diagnosis: one small decision tree per symptom over one terminal connection.
 * Every check lands in the case (recordCheck) and is reported through onCheck as it lands;
 * the tree returns the verdict, the command records it and builds the report.
 */
import {mkdtemp, readFile, rm} from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'

import type {CaseHandle} from '../case/store.js'
import type {CheckResult} from '../checks/types.js'
import type {TerminalProfile} from '../config/config.js'
import type {ConnectedTerminal} from '../device/connect.js'
import {probeTerminal, type ProbeResult} from '../device/probe.js'
import type {TerminalTarget} from '../device/target.js'
import type {Lang} from '../i18n/index.js'
import {pullLogs} from '../logs/pull.js'
import {DEFAULT_COUNT, runNetworkCheck} from '../network/service.js'

export const FLOW_NETWORK_TIMEOUT_MS = 5000
import {parseHostTarget} from '../network/targets.js'
import type {HostTarget, NetworkCheckResult} from '../network/types.js'
import {reconcile, type ReconItem} from '../recon/engine.js'
import {loadProfiles} from '../recon/profiles.js'
import {formatHostPort} from '../transport/tcp.js'
import type {Clock} from '../util/clock.js'
import type {ReconFact, TxFact} from '../verdict/index.js'
import {flowText as T} from './flow-text.js'
import type {Prompter} from './prompter.js'
import type {SymptomId} from './symptoms.js'

export interface FlowContext {
  lang: Lang
  symptom: SymptomId
  answers: Record<string, unknown>
  prompter: Prompter
  kase: CaseHandle
  /** undefined: the terminal is not connected to this PC, or could not be reached (linkState) */
  conn: ConnectedTerminal | undefined
  linkState: 'unreachable' | 'not-connected'
  /** the zone of the terminal's local times (this PC's) */
  timeZone: string
  /** set by the journal search: the journal CSV (for reconciliation) and its clean-up */
  journalCsv?: string | undefined
  cleanupJournal?: (() => Promise<void>) | undefined
  target: TerminalTarget
  password: string
  profile?: TerminalProfile | undefined
  /** --yes: money-moving steps may run without a prompt */
  yes: boolean
  settlementFile?: string | undefined
  clock: Clock
  onCheck: (c: CheckResult) => void
  onStep?: (s: string) => void
}

/** A journal row as `logs pull --format json` writes it (masked). */
export interface JournalTx {
  time: string | null
  type: string
  amountCents: number
  currency: string | null
  panMasked: string | null
  cardType: string | null
  rrn?: string | null
  traceNumber: number | null
  receiptNumber: number | null
  turnoverNumber: number | null
  authCode: string | null
  terminalId: string | null
  batchNumber: number | null
  batchOpen: boolean | null
  resultCode: string | null
  state: string
}

export async function record(ctx: FlowContext, c: CheckResult): Promise<void> {
  await ctx.kase.recordCheck(c)
  ctx.onCheck(c)
}

export function check(id: string, title: string, status: CheckResult['status'], summary: string, evidence: Record<string, unknown>, extra: {cause?: string; remedy?: string} = {}): CheckResult {
  return {id, title, status, summary, evidence, ...extra, durationMs: 0}
}

const connected = (ctx: FlowContext): ConnectedTerminal => {
  if (!ctx.conn) throw new Error('flow step needs a connected terminal')
  return ctx.conn
}

export async function probe(ctx: FlowContext): Promise<ProbeResult> {
  const conn = connected(ctx)
  const r = await probeTerminal(conn.terminal, {
    clock: ctx.clock,
    target: {kind: ctx.target.kind, label: ctx.target.label, link: conn.linkLabel},
    ...(ctx.onStep ? {onStep: ctx.onStep} : {}),
  })
  await ctx.kase.setIdentity({
    ...(r.terminal.terminalId ? {terminalId: r.terminal.terminalId} : {}),
    ...(r.terminal.softwareVersion ? {softwareVersion: r.terminal.softwareVersion} : {}),
  })
  for (const c of r.checks) await record(ctx, c)
  return r
}

/** PC side (DNS / TCP / TLS to the acquirer hosts) and terminal side (its own host test), over this connection. */
export async function network(ctx: FlowContext): Promise<NetworkCheckResult> {
  const conn = connected(ctx)
  const hosts: HostTarget[] = []
  const ca: string[] = []
  const acq = conn.demoAcquirer
  if (acq) {
    hosts.push({label: formatHostPort(acq.host, acq.port), host: acq.host, port: acq.port, source: 'demo'})
    ca.push(acq.ca)
  }
  for (const h of ctx.profile?.acquirer?.hosts ?? []) hosts.push(parseHostTarget(h, 'profile', ctx.lang))
  const r = await runNetworkCheck({
    hosts,
    count: DEFAULT_COUNT,
    // inside a guided flow the merchant is waiting: a host that hangs is named after 5 s
    // (the stand-alone `network check` keeps its 10 s default)
    timeoutMs: FLOW_NETWORK_TIMEOUT_MS,
    ...(ca.length > 0 ? {ca} : {}),
    terminal: {label: ctx.target.label, connect: async () => ({terminal: conn.terminal, linkLabel: conn.linkLabel, close: async () => undefined})},
    lang: ctx.lang,
    ...(ctx.onStep ? {onStep: ctx.onStep} : {}),
  })
  for (const c of r.checks) await record(ctx, c)
  return r
}

/** Pull the terminal's journal; the transactions file becomes case evidence. */
export async function journal(ctx: FlowContext): Promise<{transactions: JournalTx[]; journalCsv?: string; cleanup: () => Promise<void>}> {
  const conn = connected(ctx)
  const outDir = await mkdtemp(path.join(os.tmpdir(), 'posdoc-diagnose-'))
  const cleanup = () => rm(outDir, {recursive: true, force: true})
  const r = await pullLogs(conn.terminal, {
    clock: ctx.clock,
    target: {kind: ctx.target.kind, label: ctx.target.label, link: conn.linkLabel},
    outDir,
    format: 'json',
    profiles: loadProfiles(),
    wireLog: conn.wireLog,
    lang: ctx.lang,
    ...(ctx.onStep ? {onStep: ctx.onStep} : {}),
  })
  for (const c of r.steps) await record(ctx, c)
  let transactions: JournalTx[] = []
  if (r.transactions.file) {
    await ctx.kase.addEvidence('transactions.json', {file: r.transactions.file}, {kind: 'journal', description: 'logs pull'})
    transactions = (JSON.parse(await readFile(r.transactions.file, 'utf8')) as {transactions: JournalTx[]}).transactions
  }
  const journalCsv = r.files.find((f) => f.kind === 'journal-file')?.name
  return {transactions, ...(journalCsv ? {journalCsv} : {}), cleanup}
}

/** The sale against the acquirer's settlement file: one ReconFact for the decision layer. */
export async function reconcileSale(ctx: FlowContext, journalCsv: string, settlementFile: string, sale: TxFact): Promise<ReconFact> {
  // every classified record goes to the sink (r.items lists only the exceptions)
  const all: ReconItem[] = []
  const r = await reconcile({journalFiles: [journalCsv], settlementFiles: [settlementFile], profiles: loadProfiles(), lang: ctx.lang, sink: {write: (i) => void all.push(i), backpressure: () => undefined}})
  await ctx.kase.addEvidence(path.basename(settlementFile).replaceAll(/[^A-Za-z0-9._-]/g, '_'), {file: settlementFile}, {kind: 'settlement'})
  const item = all.find((i) => i.journal !== null && i.journalAmountCents === sale.amountCents && (sale.traceNumber === undefined || i.traceNumber === sale.traceNumber))
  if (!item) {
    await record(ctx, check('flow.recon', T.checkRecon[ctx.lang], 'warn', T.reconNoItem[ctx.lang], {verdict: r.verdict, records: r.totals.records}))
    return {outcome: 'not-covered', text: T.reconNoItem[ctx.lang]}
  }
  if (item.category === 'settled') {
    await record(ctx, check('flow.recon', T.checkRecon[ctx.lang], 'pass', T.reconSettled[ctx.lang], {verdict: r.verdict, exceptions: r.totals.exceptions}))
    return {outcome: 'settled', category: item.category, text: T.reconSettled[ctx.lang]}
  }
  // outside the file's period / still in the payout window: nothing the acquirer can be asked yet
  const kind = item.category === 'in-window' ? 'in-window' : item.category === 'out-of-range' ? 'not-covered' : 'exception'
  const text = `${item.categoryText}: ${item.explanation}`
  await record(ctx, check('flow.recon', T.checkRecon[ctx.lang], kind === 'exception' ? 'fail' : 'warn', text, {category: item.category, traceNumber: item.traceNumber, receiptNumber: item.receiptNumber}, {remedy: item.ask}))
  return {outcome: kind, category: item.category, text, ...(item.ask ? {ask: item.ask} : {})}
}
