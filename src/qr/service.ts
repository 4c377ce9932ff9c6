/**
 * The QR services behind the commands and the guided flows: open a target (a profile, or the
 * built-in simulator for --demo), then query / watch / resolve / close / revoke / refund-status.
 * Results are plain data; commands print them, flows read them.
 */
import {mkdirSync, readFileSync} from 'node:fs'
import path from 'node:path'

import type {ActionHooks} from '../actions/crash-points.js'
import {pick} from '../i18n/index.js'
import {PosdocError} from '../output/errors.js'
import {ExitCode} from '../output/exit-codes.js'
import {dataDir} from '../config/paths.js'
import {isQrScenario, QR_SCENARIOS, type QrScenario} from '../sim/qr/scenarios.js'
import {sleep, systemClock, type Clock} from '../util/clock.js'
import {SkippingClock} from '../util/skipping-clock.js'
import {adviceFor, type QrAdvice} from './advice.js'
import {qrErrorExit} from './errors.js'
import {nodeHttpClient} from './http.js'
import type {QrJournal} from './journal.js'
import {createProvider, merchantOf, type ProviderConfig} from './providers/index.js'
import type {ResolveEvent, ResolveResult, RevokeQuestion} from './resolve.js'
import {FINAL_STATES, type QrActionResult, type QrOrderRef, type QrOrderState, type QrPlatform, type QrProvider, type QrRefundState} from './types.js'

export interface QrTarget {
  platform: QrPlatform
  provider: QrProvider
  /** the identity the journal is kept for */
  merchant: string
  /** opened on first use: a plain query never loads it */
  /** profile name, or 'demo' */
  source: string
  journal: () => Promise<QrJournal>
  clock: Clock
  demo?: {scenario: QrScenario; baseUrl: string}
  close(): Promise<void>
}

export interface OpenTargetOptions {
  profile?: string
  demo?: boolean
  /** --demo: which platform to play; with a profile, checked against it */
  platform?: QrPlatform
  scenario?: string
  /** --demo: keep the simulated platform (and the journal) in this directory across runs */
  demoState?: string
  env?: NodeJS.ProcessEnv
  /** asks for the secrets passphrase (a TTY prompt); absent: POSDOC_QR_PASSPHRASE or a usage error */
  askPassphrase?: () => Promise<string>
  clock?: Clock
}

function usage(code: string, en: string, zh: string, remedy: {en: string; zh: string}): PosdocError {
  return new PosdocError({code, exitCode: ExitCode.Usage, message: pick({en, zh}), remedy: pick(remedy)})
}

export async function openTarget(o: OpenTargetOptions): Promise<QrTarget> {
  const env = o.env ?? process.env
  if (o.demo && o.profile) throw usage('USAGE_QR_PROFILE_OR_DEMO', 'Give either --profile or --demo, not both', '--profile 与 --demo 只能选一个', {en: 'posdoc qr query --demo --order QRDEMO0001', zh: 'posdoc qr query --demo --order QRDEMO0001'})
  if (!o.demo && o.scenario !== undefined) throw usage('USAGE_SCENARIO_NEEDS_DEMO', '--scenario only applies with --demo', '--scenario 只能与 --demo 一起使用', {en: 'add --demo', zh: '加上 --demo'})
  if (o.demo) return openDemo(o)
  if (!o.profile) throw usage('USAGE_QR_NO_PROFILE', 'No QR profile given', '未指定 QR 配置', {en: 'Use --profile NAME (posdoc qr profile add), or --demo for the built-in simulator', zh: '使用 --profile NAME（posdoc qr profile add），或 --demo 使用内置模拟器'})
  // loaded only here: a --demo query starts faster without the profile schema and the keychain
  const {findProfile, providerConfigOf} = await import('./profile.js')
  const {openSecretStore} = await import('./secrets.js')
  const profile = findProfile(o.profile, env)
  if (o.platform && o.platform !== profile.platform) throw usage('USAGE_QR_PLATFORM_MISMATCH', `Profile ${profile.name} is for ${profile.platform}, not ${o.platform}`, `配置 ${profile.name} 属于 ${profile.platform}，不是 ${o.platform}`, {en: 'Drop --platform or pick another profile', zh: '去掉 --platform 或换一个配置'})
  const store = await openSecretStore({env, ...(o.askPassphrase ? {ask: o.askPassphrase} : {})})
  const cfg = await providerConfigOf(profile, store)
  const ca = profile.caFile ? readFileSync(profile.caFile, 'utf8') : undefined
  const clock = o.clock ?? systemClock
  const merchant = merchantOf(cfg)
  return {
    platform: profile.platform,
    provider: createProvider(cfg, {http: nodeHttpClient(ca ? {ca} : {}), clock}),
    merchant,
    source: profile.name,
    journal: async () => (await import('./journal.js')).QrJournal.forMerchant(profile.platform, merchant, {env, now: () => clock.now()}),
    clock,
    close: async () => undefined,
  }
}

async function openDemo(o: OpenTargetOptions): Promise<QrTarget> {
  const scenario = o.scenario ?? 'healthy'
  if (!isQrScenario(scenario)) throw usage('USAGE_BAD_SCENARIO', `Unknown scenario "${scenario}" (known: ${QR_SCENARIOS.join(', ')})`, `未知场景 "${scenario}"（可选：${QR_SCENARIOS.join(', ')}）`, {en: 'Pick a scenario from the list', zh: '从列表中选择一个场景'})
  if (o.demoState) mkdirSync(o.demoState, {recursive: true})
  const {startQrSim} = await import('../sim/qr/server.js')
  const {loadSimState} = await import('../sim/qr/state-file.js')
  const saved = o.demoState ? loadSimState(o.demoState) : undefined
  // simulated time: the platform and posdoc share a clock that skips waits (a 45 s window takes ms)
  const clock = o.clock ?? new SkippingClock(Math.max(Date.now(), saved?.now ?? 0))
  const certCache = path.join(dataDir(o.env ?? process.env), 'cache', 'qr-sim-tls.json')
  const sim = await startQrSim({scenario, clock, certCache, ...(o.demoState ? {stateDir: o.demoState} : {})})
  const platform = o.platform ?? 'wechat'
  const cfg: ProviderConfig = platform === 'wechat' ? {platform, wechat: sim.profiles.wechat} : {platform, alipay: sim.profiles.alipay}
  const merchant = merchantOf(cfg)
  let journal: QrJournal | undefined
  const openJournal = async () => {
    if (journal) return journal
    const {QrJournal} = await import('./journal.js')
    const {FileJournalStore} = await import('../store/action-journal.js')
    return (journal = o.demoState ? new QrJournal(new FileJournalStore(path.join(o.demoState, 'journal.jsonl')), () => clock.now()) : QrJournal.inMemory(() => clock.now()))
  }
  return {
    platform,
    provider: createProvider(cfg, {http: nodeHttpClient({ca: sim.ca}), clock}),
    merchant,
    source: 'demo',
    journal: openJournal,
    clock,
    demo: {scenario, baseUrl: sim.baseUrl},
    close: () => sim.close(),
  }
}

export interface QueryOutput {
  platform: QrPlatform
  source: string
  demo?: {scenario: string; simulatedTime: true}
  order: QrOrderState
  /** on not-found: does the platform accept us as this merchant (and know our known order)? */
  identity?: {signatureAccepted: boolean; knownOrderFound?: boolean; proven: boolean}
  /** --watch: every answer seen, oldest first */
  seen?: Array<{at: string; state: string; platformStatus?: string}>
  advice: QrAdvice
}

export type WatchTick = {kind: 'answer'; order: QrOrderState} | {kind: 'countdown'; secondsLeft: number}

/** One query; with watch, poll at the platform's cadence until final (or timeoutSec). */
export async function queryOrder(t: QrTarget, ref: QrOrderRef, o: {expectedAmountCents?: number; watch?: boolean; timeoutSec?: number; knownOrder?: string; onTick?: (t: WatchTick) => void} = {}): Promise<QueryOutput> {
  const opts = o.expectedAmountCents === undefined ? {} : {expectedAmountCents: o.expectedAmountCents}
  const seen: NonNullable<QueryOutput['seen']> = []
  const end = t.clock.now() + (o.timeoutSec ?? 120) * 1000
  let order = await t.provider.query(ref, opts)
  for (;;) {
    seen.push({at: new Date(t.clock.now()).toISOString(), state: order.state, ...(order.platformStatus ? {platformStatus: order.platformStatus} : {})})
    o.onTick?.({kind: 'answer', order})
    const settled = FINAL_STATES.has(order.state) || order.state === 'uncertain'
    if (!o.watch || settled || t.clock.now() >= end) break
    // the visible countdown: one tick per second until the next query
    for (let left = t.provider.rules.pollEverySec; left > 0; left--) {
      o.onTick?.({kind: 'countdown', secondsLeft: left})
      await sleep(t.clock, 1000)
    }
    order = await t.provider.query(ref, opts)
  }
  // "not found" means "not ours / never paid" only once the identity is proven (qr-notes §1.5)
  let identity: QueryOutput['identity']
  if (order.state === 'not-found') {
    const proof = await t.provider.proveIdentity(o.knownOrder ? {outTradeNo: o.knownOrder} : undefined)
    identity = {signatureAccepted: proof.signatureAccepted, ...(proof.knownOrderFound !== undefined ? {knownOrderFound: proof.knownOrderFound} : {}), proven: proof.proven}
  }
  return {platform: t.platform, source: t.source, ...(t.demo ? {demo: {scenario: t.demo.scenario, simulatedTime: true as const}} : {}), order, ...(identity ? {identity} : {}), ...(o.watch ? {seen} : {}), advice: adviceFor(order, undefined, {identityProven: identity?.proven ?? false})}
}

export interface ResolveOutput extends Omit<ResolveResult, 'queries'> {
  platform: QrPlatform
  source: string
  demo?: {scenario: string; simulatedTime: true}
  queries: Array<{at: string; state: string; platformStatus?: string; verified: boolean}>
  journal: string
  advice: QrAdvice
}

export async function resolveOrder(t: QrTarget, ref: QrOrderRef & {outTradeNo: string}, o: {expectedAmountCents?: number; createdAt?: number; confirm: (q: RevokeQuestion) => Promise<boolean>; hooks?: ActionHooks; onEvent?: (e: ResolveEvent) => void}): Promise<ResolveOutput> {
  const {runResolveLoop} = await import('./resolve.js')
  const journal = await t.journal()
  const r = await runResolveLoop({
    provider: t.provider,
    merchant: t.merchant,
    ref,
    journal,
    clock: t.clock,
    confirm: o.confirm,
    ...(o.expectedAmountCents !== undefined ? {expectedAmountCents: o.expectedAmountCents} : {}),
    ...(o.createdAt !== undefined ? {createdAt: o.createdAt} : {}),
    ...(o.hooks ? {hooks: o.hooks} : {}),
    ...(o.onEvent ? {onEvent: o.onEvent} : {}),
  })
  return {
    ...r,
    platform: t.platform,
    source: t.source,
    ...(t.demo ? {demo: {scenario: t.demo.scenario, simulatedTime: true as const}} : {}),
    queries: r.queries.map((q) => ({at: q.evidence.at, state: q.state, ...(q.platformStatus ? {platformStatus: q.platformStatus} : {}), verified: q.verified})),
    journal: journal.location,
    advice: adviceFor(r.last),
  }
}

export interface ActionOutput {
  platform: QrPlatform
  source: string
  demo?: {scenario: string; simulatedTime: true}
  action: 'close' | 'revoke'
  /** the verified state before anything was sent */
  before: QrOrderState
  /** sent: the platform's answer; skipped: why nothing was sent */
  result?: QrActionResult
  skipped?: 'already-final' | 'paid-needs-refund-confirmation' | 'revoke-already-sent' | 'not-confirmed' | 'could-not-ask'
  after?: QrOrderState
  advice: QrAdvice
}

/**
 * close / revoke one order, state first: query; close never touches a paid order; a revoke of a
 * paid order (which refunds the customer) needs refundIfPaid and a yes; a second revoke of an
 * order whose earlier revoke was done or is in doubt is never sent. Journaled before sending.
 */
export async function actOnOrder(t: QrTarget, action: 'close' | 'revoke', outTradeNo: string, o: {refundIfPaid?: boolean; confirm: (q: RevokeQuestion & {action: 'close' | 'revoke'; paid: boolean}) => Promise<boolean>; hooks?: ActionHooks}): Promise<ActionOutput> {
  const ref = {outTradeNo}
  const before = await t.provider.query(ref)
  const base = {platform: t.platform, source: t.source, ...(t.demo ? {demo: {scenario: t.demo.scenario, simulatedTime: true as const}} : {}), action, before}
  const stop = (skipped: NonNullable<ActionOutput['skipped']>, order = before): ActionOutput => ({...base, skipped, advice: adviceFor(order)})
  if (before.state === 'could-not-ask' || before.state === 'uncertain' || (before.state === 'not-found' && !before.verified)) return stop('could-not-ask')
  const paid = before.state === 'paid'
  if (before.state === 'not-paid' || before.state === 'refunded' || (action === 'close' && paid)) return stop('already-final')
  if (action === 'revoke') {
    const {revokeAllowed} = await import('./journal.js')
    const allowed = revokeAllowed(await (await t.journal()).history(t.platform, t.merchant, outTradeNo))
    if (!allowed.allowed) return stop('revoke-already-sent')
    if (paid && !o.refundIfPaid) return stop('paid-needs-refund-confirmation')
  }
  if (!(await o.confirm({action, paid, outTradeNo, platform: t.platform, ageSec: 0, ...(before.amountCents !== undefined ? {amountCents: before.amountCents} : {}), ...(before.platformStatus ? {platformStatus: before.platformStatus} : {})}))) return stop('not-confirmed')
  const journal = await t.journal()
  const intent = await journal.appendIntent({platform: t.platform, merchant: t.merchant, outTradeNo, action, stateBefore: before.state, ...(before.platformStatus ? {platformStatusBefore: before.platformStatus} : {}), command: `qr ${action}`})
  o.hooks?.at?.('after-intent')
  const result = action === 'close' ? await t.provider.close(ref) : await t.provider.revoke(ref)
  o.hooks?.at?.('after-send')
  await journal.appendOutcome({id: intent.id, outcome: result.outcome, ...(result.retry ? {retry: true} : {}), ...(result.refunded !== undefined ? {refunded: result.refunded} : {}), ...(result.errors[0]?.platformCode ? {platformCode: result.errors[0].platformCode} : {}), ...(result.evidence.requestId ? {requestId: result.evidence.requestId} : {})})
  const after = await t.provider.query(ref)
  return {...base, result, after, advice: adviceFor(after)}
}

export interface RefundOutput {
  platform: QrPlatform
  source: string
  demo?: {scenario: string; simulatedTime: true}
  refund: QrRefundState
}

export async function refundStatusOf(t: QrTarget, refundNo: string, outTradeNo?: string): Promise<RefundOutput> {
  const refund = await t.provider.refundStatus({refundNo, ...(outTradeNo ? {outTradeNo} : {})})
  return {platform: t.platform, source: t.source, ...(t.demo ? {demo: {scenario: t.demo.scenario, simulatedTime: true as const}} : {}), refund}
}

/** The documented exit code for an order state (README table): 0 paid / done, 1 anything else final or doubtful, 3 unreachable/busy. */
export function exitCodeForOrder(order: QrOrderState): ExitCode {
  if (order.state === 'paid') return ExitCode.Ok
  if (order.state === 'could-not-ask' && order.errors[0]) return qrErrorExit(order.errors[0].code)
  return ExitCode.ProblemFound
}

/** "12.30" -> 1230 for --amount (the void command's rule); a usage error otherwise */
export async function parseAmountFlag(text: string | undefined): Promise<number | undefined> {
  if (text === undefined) return undefined
  const {parseAmountCents} = await import('../actions/common.js')
  const cents = parseAmountCents(text)
  if (cents === undefined) throw usage('USAGE_QR_BAD_AMOUNT', `Invalid amount "${text}"`, `金额无效："${text}"`, {en: 'Give the amount in yuan as on the receipt, e.g. 12.30', zh: '按小票上的金额以元为单位填写，例如 12.30'})
  return cents
}

/** --created-at: ISO time of the order (from the cashier screen / receipt) */
export function parseCreatedAt(text: string | undefined): number | undefined {
  if (text === undefined) return undefined
  const ms = Date.parse(text)
  if (Number.isNaN(ms)) throw usage('USAGE_QR_BAD_TIME', `Invalid time "${text}"`, `时间无效："${text}"`, {en: 'Use e.g. 2026-12-02T14:03:00+08:00', zh: '格式例如 2026-12-02T14:03:00+08:00'})
  return ms
}

/** Order numbers: what the platforms accept (6–64 letters, digits, _-|*), so a typo fails here, not at the platform. */
export function checkOrderNo(text: string, flag: string): string {
  if (!/^[A-Za-z0-9_\-|*]{6,64}$/.test(text)) throw usage('USAGE_QR_BAD_ORDER_NO', `Invalid ${flag} "${text}"`, `${flag} 无效："${text}"`, {en: "Use the number as shown on the cashier screen, receipt or the customer's bill (商户单号 / 交易单号)", zh: '按收银屏幕、小票或顾客账单上的号码填写（商户单号 / 交易单号）'})
  return text
}
