/**
 * The terminal's side: connect to the terminal and let it test its own host connection (ZVT
 * Diagnosis 06 70, line diagnosis). The terminal's answer and its diagnosis receipt are the
 * evidence; the verdict compares them with what this PC saw.
 */
import type {Lang} from '../../i18n/index.js'
import {pick} from '../../i18n/index.js'
import {toPosdocError} from '../../output/error-map.js'
import {resultCodeInfo} from '../../protocol/zvt/codes/index.js'
import type {CommandOutcome, Terminal} from '../../terminal/terminal.js'
import {networkText as T} from '../network-text.js'
import type {CheckBody, LayerContext} from '../runner.js'
import type {TerminalFact} from '../types.js'

export interface TerminalConnection {
  terminal: Terminal
  linkLabel: string
  close(): Promise<void>
}

/** Lines of a diagnosis receipt worth showing: the host line and the detail under it. */
function hostLines(o: CommandOutcome): string[] {
  const lines = o.receipts.flatMap((r) => r.lines).map((l) => l.trim()).filter(Boolean)
  const i = lines.findIndex((l) => /^host\b/i.test(l))
  if (i < 0) return []
  const end = lines.findIndex((l, j) => j > i && /^DIAGNOSIS/i.test(l))
  return lines.slice(i, end < 0 ? i + 4 : end)
}

export async function checkTerminalSide(
  connect: () => Promise<TerminalConnection>,
  ctx: LayerContext & {lang: Lang; label: string},
): Promise<{body: CheckBody; fact: TerminalFact}> {
  const {lang} = ctx
  let conn: TerminalConnection | undefined
  const onAbort = () => void conn?.close()
  ctx.signal.addEventListener('abort', onAbort, {once: true})
  try {
    try {
      conn = await connect()
    } catch (e) {
      const err = toPosdocError(e, {target: ctx.label})
      return {
        body: {
          status: 'fail',
          summary: T.terminalUnreachable[lang](err.message),
          evidence: {terminal: ctx.label, reached: false, error: err.code},
          cause: T.terminalUnreachableCause[lang],
          remedy: err.remedy ?? T.terminalUnreachableRemedy[lang],
        },
        fact: {reached: false, ok: false, resultCode: null},
      }
    }
    if (ctx.signal.aborted) await conn.close()
    let registration: number | null = null
    let outcome: CommandOutcome
    try {
      // Registration first, as a cash register does: it asks the PT to send its receipts to us
      registration = (await conn.terminal.register()).resultCode
      outcome = await conn.terminal.diagnosis('line')
    } catch (e) {
      const err = toPosdocError(e, {target: ctx.label})
      return {
        body: {
          status: 'fail',
          summary: T.terminalUnreachable[lang](err.message),
          evidence: {terminal: ctx.label, link: conn.linkLabel, reached: false, error: err.code},
          cause: T.terminalUnreachableCause[lang],
          remedy: err.remedy ?? T.terminalUnreachableRemedy[lang],
        },
        fact: {reached: false, ok: false, resultCode: null},
      }
    }
    await conn.terminal.logOff().catch(() => undefined)
    const info = resultCodeInfo(outcome.resultCode)
    const lines = hostLines(outcome)
    const evidence = {
      terminal: ctx.label,
      link: conn.linkLabel,
      reached: true,
      registrationResult: registration === null ? null : resultCodeInfo(registration).hex,
      resultCode: info.hex,
      resultText: info.en,
      receiptLines: lines,
      terminalDateTime: outcome.terminalDateTime ?? null,
      durationMs: outcome.durationMs,
    }
    const fact: TerminalFact = {reached: true, ok: outcome.ok, resultCode: outcome.resultCode}
    const detail = lines.length > 1 ? `: ${lines.slice(1).join(' ')}` : ''
    if (outcome.ok) return {body: {status: 'pass', summary: T.terminalOk[lang](` (${info.hex})${detail}`), evidence}, fact}
    return {
      body: {
        status: 'fail',
        summary: `${info.hex} ${pick({en: info.en, zh: info.zh}, lang)}${detail}`,
        evidence,
        cause: T.terminalFailCause[lang],
        remedy: pick({en: info.remedyEn, zh: info.remedyZh}, lang),
      },
      fact,
    }
  } finally {
    ctx.signal.removeEventListener('abort', onAbort)
    await conn?.close().catch(() => undefined)
  }
}
