import type {CheckResult, CheckStatus} from '../checks/types.js'
import {worstStatus} from '../checks/types.js'
import {getLang, pick} from '../i18n/index.js'
import {resultCodeInfo, terminalStatusInfo} from '../protocol/zvt/codes/index.js'
import type {CommandOutcome, Terminal} from '../terminal/terminal.js'
import type {Clock} from '../util/clock.js'
import {probeText as T} from './probe-text.js'

export interface ProbeResult {
  schema: 'posdoc.device-probe/1'
  target: {kind: string; label: string; link: string; baudRate?: number}
  verdict: 'healthy' | 'warning' | 'problem'
  terminal: {
    terminalId?: string
    softwareVersion?: string
    status?: {code: number; hex: string; text: string; remedy?: string}
  }
  clock?: {terminal: string; pc: string; skewSeconds: number}
  printer?: {ready: boolean}
  host?: {ok: boolean; resultCode: number; resultText: string}
  openBatch?: {receiptNumberStart?: number; receiptNumberEnd?: number; count: number; totalCents: number}
  lastTransaction?: Record<string, unknown>
  checks: CheckResult[]
}

/** Link-level failures end the probe (exit 3); anything else only fails its own check. */
function isLinkFailure(e: unknown): boolean {
  const err = e as {name?: string; code?: string}
  return err?.name === 'LinkError' || (err?.name === 'SessionError' && ['ZVT_NO_ACK', 'ZVT_T3_TIMEOUT', 'ZVT_LINK_LOST'].includes(err.code ?? ''))
}


/** Terminal clock as local time, from 04 01's YYMMDD + HHMMSS. */
function terminalClock(dt: {dateFull: string; time: string}): Date | undefined {
  const m = /^(\d{2})(\d{2})(\d{2})$/.exec(dt.dateFull)
  const n = /^(\d{2})(\d{2})(\d{2})$/.exec(dt.time)
  if (!m || !n) return undefined
  const d = new Date(2000 + Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(n[1]), Number(n[2]), Number(n[3]))
  return Number.isNaN(d.getTime()) ? undefined : d
}

/**
 * Terminal clock minus this PC's clock at the moment the terminal stamped its 04 01: the 04 01's
 * arrival less half the round trip, not the end of the Diagnosis (a slow terminal's receipts can
 * take minutes after it, which would look like a clock running behind). `now` only without an arrival time.
 */
export function clockSkew(terminal: Date, dt: NonNullable<CommandOutcome['terminalDateTime']>, now: number): {pc: Date; skewSeconds: number} {
  const stampedAt = dt.receivedAtMs === undefined ? now : dt.receivedAtMs - (dt.roundTripMs ?? 0) / 2
  const pc = new Date(stampedAt)
  return {pc, skewSeconds: Math.round((terminal.getTime() - stampedAt) / 1000)}
}

export {terminalClock}

function localIso(d: Date): string {
  const p = (x: number) => String(x).padStart(2, '0')
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`
}

/**
 * Ask the terminal everything a support agent asks first: who it is, whether it is ready,
 * whether its printer works, whether it reaches its host, its clock, open batch and last
 * transaction. Each answer becomes one CheckResult with evidence.
 */
export async function probeTerminal(
  terminal: Terminal,
  ctx: {clock: Clock; target: ProbeResult['target']; onStep?: (text: string) => void},
): Promise<ProbeResult> {
  const lang = getLang()
  const checks: CheckResult[] = []
  const result: ProbeResult = {schema: 'posdoc.device-probe/1', target: ctx.target, verdict: 'healthy', terminal: {}, checks}

  let linkDead = false
  const run = async (id: string, title: string, fn: () => Promise<Omit<CheckResult, 'id' | 'title' | 'durationMs'>>) => {
    ctx.onStep?.(title)
    const started = ctx.clock.now()
    try {
      const r = await fn()
      checks.push({id, title, ...r, durationMs: ctx.clock.now() - started})
    } catch (e) {
      if (isLinkFailure(e)) linkDead = true
      if (isLinkFailure(e) && checks.length <= 1) throw e
      checks.push({
        id,
        title,
        status: 'error',
        summary: e instanceof Error ? e.message : String(e),
        evidence: {error: (e as {code?: string}).code ?? 'unknown'},
        remedy: T.checkErrorRemedy[lang],
        durationMs: ctx.clock.now() - started,
      })
      if (isLinkFailure(e)) throw new ProbeAborted(e)
    }
  }

  const codeText = (o: CommandOutcome) => {
    const info = resultCodeInfo(o.resultCode)
    return {hex: info.hex, text: pick({en: info.en, zh: info.zh}, lang), remedy: pick({en: info.remedyEn, zh: info.remedyZh}, lang), cls: info.cls}
  }

  try {
    checks.push({
      id: 'device.link',
      title: T.link[lang],
      status: 'pass',
      summary: ctx.target.link,
      evidence: {link: ctx.target.link, ...(ctx.target.baudRate ? {baudRate: ctx.target.baudRate} : {})},
      durationMs: 0,
    })

    await run('device.registration', T.registration[lang], async () => {
      const o = await terminal.register()
      const statusByte = o.completion?.statusByte ?? 0
      if (o.completion?.terminalId) result.terminal.terminalId = o.completion.terminalId
      if (!o.ok) {
        const c = codeText(o)
        return {status: 'fail', summary: `${c.hex} ${c.text}`, evidence: {resultCode: o.resultCode, rejected: o.rejected}, cause: c.text, remedy: c.remedy}
      }
      const needs: string[] = []
      if (statusByte & 0x01) needs.push(T.needsInit[lang])
      if (statusByte & 0x02) needs.push(T.needsDiagnosis[lang])
      if (statusByte & 0x04) needs.push(T.needsOpt[lang])
      return needs.length > 0
        ? {status: 'warn', summary: needs.join('; '), evidence: {statusByte}, remedy: T.needsRemedy[lang]}
        : {status: 'pass', summary: T.registered[lang], evidence: {statusByte}}
    })

    await run('device.status', T.status[lang], async () => {
      const s = await terminal.status()
      if (s.terminalId) result.terminal.terminalId = s.terminalId
      if (s.swVersion) result.terminal.softwareVersion = s.swVersion
      const info = terminalStatusInfo(s.terminalStatus)
      const text = pick({en: info.en, zh: info.zh}, lang)
      const remedy = pick({en: info.remedyEn, zh: info.remedyZh}, lang)
      result.terminal.status = {code: s.terminalStatus, hex: info.hex, text, ...(s.terminalStatus !== 0 ? {remedy} : {})}
      result.printer = {ready: s.terminalStatus !== 0xcc}
      const evidence = {terminalStatus: info.hex, terminalId: s.terminalId, softwareVersion: s.swVersion}
      if (s.terminalStatus === 0) return {status: 'pass', summary: `${info.hex} ${text}`, evidence}
      return {status: 'fail', summary: `${info.hex} ${text}`, evidence, cause: text, remedy}
    })

    checks.push(
      result.printer === undefined
        ? {id: 'device.printer', title: T.printer[lang], status: 'skip', summary: T.unknown[lang], evidence: {}, durationMs: 0}
        : result.printer.ready
          ? {id: 'device.printer', title: T.printer[lang], status: 'pass', summary: T.printerReady[lang], evidence: {ready: true}, durationMs: 0}
          : {id: 'device.printer', title: T.printer[lang], status: 'fail', summary: T.printerNotReady[lang], evidence: {ready: false}, cause: T.printerNotReady[lang], remedy: T.printerRemedy[lang], durationMs: 0},
    )

    let diagnosis: CommandOutcome | undefined
    await run('device.host', T.host[lang], async () => {
      diagnosis = await terminal.diagnosis('extended')
      const c = codeText(diagnosis)
      result.host = {ok: diagnosis.ok, resultCode: diagnosis.resultCode, resultText: c.text}
      if (diagnosis.ok) return {status: 'pass', summary: T.hostOk[lang], evidence: {resultCode: '00', receiptLines: diagnosis.receipts.flatMap((r) => r.lines).length}}
      return {status: 'fail', summary: `${c.hex} ${c.text}`, evidence: {resultCode: c.hex}, cause: T.hostCause[lang], remedy: c.remedy}
    })

    await run('device.clock', T.clock[lang], async () => {
      const dt = diagnosis?.terminalDateTime
      const when = dt ? terminalClock(dt) : undefined
      if (!when) return {status: 'skip', summary: T.clockUnknown[lang], evidence: {}}
      const {pc, skewSeconds} = clockSkew(when, dt!, ctx.clock.now())
      result.clock = {terminal: localIso(when), pc: localIso(pc), skewSeconds}
      const abs = Math.abs(skewSeconds)
      const status: CheckStatus = abs <= 120 ? 'pass' : abs <= 3600 ? 'warn' : 'fail'
      const summary = T.clockSkew[lang](skewSeconds)
      return status === 'pass'
        ? {status, summary, evidence: result.clock}
        : {status, summary, evidence: result.clock, cause: T.clockCause[lang], remedy: T.clockRemedy[lang]}
    })

    await run('device.batch', T.batch[lang], async () => {
      const o = await terminal.turnoverTotals()
      const info = o.statusInfos.find((s) => s.totals || s.amountCents !== undefined)
      if (!o.ok && !info) {
        const c = codeText(o)
        return {status: 'warn', summary: `${c.hex} ${c.text}`, evidence: {resultCode: c.hex}, remedy: c.remedy}
      }
      const groups = info?.totals?.groups ?? []
      const count = groups.reduce((n, g) => n + g.count, 0)
      const totalCents = info?.amountCents ?? groups.reduce((n, g) => n + g.amountCents, 0)
      result.openBatch = {
        count,
        totalCents,
        ...(info?.totals ? {receiptNumberStart: info.totals.receiptNumberStart, receiptNumberEnd: info.totals.receiptNumberEnd} : {}),
      }
      return {status: 'pass', summary: T.batchSummary[lang](count, totalCents), evidence: {...result.openBatch}}
    })

    await run('device.last-transaction', T.last[lang], async () => {
      const o = await terminal.repeatReceipt({which: 'last', resendStatusInfo: true, noPrintout: true})
      const last = o.statusInfos[o.statusInfos.length - 1]
      if (!last) {
        if (o.ok) return {status: 'skip', summary: T.noLast[lang], evidence: {}}
        const c = codeText(o)
        return {status: 'warn', summary: `${c.hex} ${c.text}`, evidence: {resultCode: c.hex}, remedy: c.remedy}
      }
      const rc = last.resultCode ?? 0
      const info = resultCodeInfo(rc)
      result.lastTransaction = {
        resultCode: info.hex,
        resultText: pick({en: info.en, zh: info.zh}, lang),
        ...pickDefined(last, ['amountCents', 'currencyCode', 'receiptNumber', 'traceNumber', 'originalTraceNumber', 'turnoverNumber', 'date', 'time', 'panMasked', 'cardName', 'authCode', 'terminalId']),
      }
      const summary = T.lastSummary[lang](result.lastTransaction)
      // a declined card or a customer abort is the terminal working as it should
      if (rc === 0 || ['card', 'host', 'success'].includes(info.cls) || rc === 0x6c) return {status: 'pass', summary, evidence: result.lastTransaction}
      return {status: 'warn', summary, evidence: result.lastTransaction, cause: pick({en: info.en, zh: info.zh}, lang), remedy: pick({en: info.remedyEn, zh: info.remedyZh}, lang)}
    })
  } catch (e) {
    if (!(e instanceof ProbeAborted)) throw e
  } finally {
    // Log-Off returns the terminal to its usual cash register; pointless (and slow) on a dead link
    if (!linkDead) await terminal.logOff().catch(() => undefined)
  }

  const worst = worstStatus(checks)
  result.verdict = worst === 'pass' || worst === 'skip' ? 'healthy' : worst === 'warn' ? 'warning' : 'problem'
  return result
}

class ProbeAborted extends Error {
  constructor(readonly inner: unknown) {
    super('probe aborted')
  }
}

function pickDefined<T extends object>(o: T, keys: Array<keyof T>): Partial<T> {
  const out: Partial<T> = {}
  for (const k of keys) if (o[k] !== undefined) out[k] = o[k]
  return out
}
