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
import {flowText as T} from './flow-text.js'
import type {Prompter} from './prompter.js'
import type {SymptomId} from './symptoms.js'

export interface FlowContext {
  lang: Lang
  symptom: SymptomId
  answers: Record<string, unknown>
  prompter: Prompter
  kase: CaseHandle
  conn: ConnectedTerminal
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

export interface FlowOutcome {
  outcome: 'resolved' | 'problem-found' | 'needs-acquirer' | 'no-problem-found' | 'inconclusive'
  summary: string
  cause?: string
  acquirerRequest?: {summary: string; items: string[]}
}

/** A journal row as `logs pull --format json` writes it (masked). */
export interface JournalTx {
  time: string | null
  type: string
  amountCents: number
  currency: string | null
  panMasked: string | null
  cardType: string | null
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

export async function probe(ctx: FlowContext): Promise<ProbeResult> {
  const r = await probeTerminal(ctx.conn.terminal, {
    clock: ctx.clock,
    target: {kind: ctx.target.kind, label: ctx.target.label, link: ctx.conn.linkLabel},
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
  const hosts: HostTarget[] = []
  const ca: string[] = []
  const acq = ctx.conn.demoAcquirer
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
    terminal: {label: ctx.target.label, connect: async () => ({terminal: ctx.conn.terminal, linkLabel: ctx.conn.linkLabel, close: async () => undefined})},
    lang: ctx.lang,
    ...(ctx.onStep ? {onStep: ctx.onStep} : {}),
  })
  for (const c of r.checks) await record(ctx, c)
  return r
}

/** Pull the terminal's journal; the transactions file becomes case evidence. */
export async function journal(ctx: FlowContext): Promise<{transactions: JournalTx[]; journalCsv?: string; cleanup: () => Promise<void>}> {
  const outDir = await mkdtemp(path.join(os.tmpdir(), 'posdoc-diagnose-'))
  const cleanup = () => rm(outDir, {recursive: true, force: true})
  const r = await pullLogs(ctx.conn.terminal, {
    clock: ctx.clock,
    target: {kind: ctx.target.kind, label: ctx.target.label, link: ctx.conn.linkLabel},
    outDir,
    format: 'json',
    profiles: loadProfiles(),
    wireLog: ctx.conn.wireLog,
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

/** The latest sale of that amount (and receipt, when known); a sale voided later shows state voided. */
export function findSale(txs: JournalTx[], amountCents: number | undefined, receipt: number | undefined, date?: string): JournalTx | undefined {
  const hits = txs.filter(
    (t) =>
      t.type === 'sale' &&
      (amountCents === undefined || t.amountCents === amountCents) &&
      (receipt === undefined || t.receiptNumber === receipt) &&
      (!date || (t.time ?? '').startsWith(date)),
  )
  return hits.at(-1)
}

export async function reconcileSale(ctx: FlowContext, journalCsv: string, settlementFile: string, sale: JournalTx): Promise<{kind: 'settled' | 'not-covered' | 'exception'; text: string; ask?: string}> {
  // every classified record goes to the sink (r.items lists only the exceptions)
  const all: ReconItem[] = []
  const r = await reconcile({journalFiles: [journalCsv], settlementFiles: [settlementFile], profiles: loadProfiles(), lang: ctx.lang, sink: {write: (i) => void all.push(i), backpressure: () => undefined}})
  await ctx.kase.addEvidence(path.basename(settlementFile).replaceAll(/[^A-Za-z0-9._-]/g, '_'), {file: settlementFile}, {kind: 'settlement'})
  const item = all.find((i) => i.journal !== null && i.journalAmountCents === sale.amountCents && (sale.traceNumber === null || i.traceNumber === sale.traceNumber))
  if (!item) {
    await record(ctx, check('flow.recon', T.checkRecon[ctx.lang], 'warn', T.reconNoItem[ctx.lang], {verdict: r.verdict, records: r.totals.records}))
    return {kind: 'not-covered', text: T.reconNoItem[ctx.lang]}
  }
  if (item.category === 'settled') {
    await record(ctx, check('flow.recon', T.checkRecon[ctx.lang], 'pass', T.reconSettled[ctx.lang], {verdict: r.verdict, exceptions: r.totals.exceptions}))
    return {kind: 'settled', text: T.reconSettled[ctx.lang]}
  }
  // outside the file's period / still in the payout window: nothing the acquirer can be asked yet
  const notCovered = item.category === 'out-of-range' || item.category === 'in-window'
  await record(
    ctx,
    check('flow.recon', T.checkRecon[ctx.lang], notCovered ? 'warn' : 'fail', `${item.categoryText}: ${item.explanation}`, {category: item.category, traceNumber: item.traceNumber, receiptNumber: item.receiptNumber}, {remedy: item.ask}),
  )
  return {kind: notCovered ? 'not-covered' : 'exception', text: `${item.categoryText}: ${item.explanation}`, ask: item.ask}
}
