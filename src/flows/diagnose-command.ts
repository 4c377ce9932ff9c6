/**
 * `posdoc diagnose` as the CLI runs it: symptom + answers (prompts, or --answers) -> case ->
 * one terminal connection -> the symptom's decision tree -> verdict -> report.
 * All input mistakes are exit 2 before a case is created or anything is sent.
 */
import {readFileSync, statSync} from 'node:fs'

import {isInteractive} from '../actions/common.js'
import {recoveryLines} from '../actions/recovery.js'
import type {CaseData} from '../case/schema.js'
import {CaseStore, type CaseHandle} from '../case/store.js'
import type {CheckResult} from '../checks/types.js'
import type {BaseCommand} from '../cli/base-command.js'
import type {TerminalFlagValues} from '../cli/terminal-flags.js'
import {connectTerminal, type ConnectedTerminal} from '../device/connect.js'
import {resolveTerminal} from '../device/target.js'
import {getLang, pick, setLang, type Lang} from '../i18n/index.js'
import {toPosdocError} from '../output/error-map.js'
import {enumLabels as enumText} from '../case/case-text.js'
import {identifierLines} from '../verdict/index.js'
import {PosdocError} from '../output/errors.js'
import {ExitCode} from '../output/exit-codes.js'
import {createProgress} from '../output/progress.js'
import {renderChecks} from '../output/render-checks.js'
import {buildCaseReport} from '../report/build.js'
import {ACQUIRER_SCENARIOS, isAcquirerScenario, type AcquirerScenario} from '../sim/acquirer/scenarios.js'
import {SCENARIOS} from '../sim/scenarios.js'
import {systemClock} from '../util/clock.js'
import {check, type FlowContext} from './engine.js'
import {flowText as T} from './flow-text.js'
import {InquirerPrompter} from './inquirer-prompter.js'
import {AnswersPrompter, BadAnswer, MissingAnswers, type Prompter, type Question} from './prompter.js'
import {isSymptomId, symptom as symptomOf, SYMPTOMS, type SymptomId} from './symptoms.js'
import {askTerminal, NOT_CONNECTED} from './terminal-choice.js'
import {FLOW_VOID_T4_MS, TREES, type FlowFacts} from './trees.js'
import {chosen, decide, type Facts, type Verdict} from '../verdict/index.js'
import {calendarFacts} from './calendar-facts.js'
import {loadConfig} from '../config/config.js'
import type {TerminalTarget} from '../device/target.js'
import {cleanPath, INTAKE, missingAnswerIds} from './intake.js'

export interface DiagnoseFlags extends TerminalFlagValues {
  symptom?: string | undefined
  answers?: string | undefined
  case?: string | undefined
  settlement?: string | undefined
  'acquirer-scenario'?: string | undefined
  yes: boolean
}

export interface DiagnoseResult {
  schema: 'posdoc.diagnose/2'
  caseId: string
  symptom: SymptomId
  /** the decision layer's verdict (docs/verdict.md, docs/verdict.schema.json) */
  verdict: Verdict
  findings: CheckResult[]
  actions: CaseData['actions']
  acquirerRequest?: {summary: string; items: string[]}
  report: {md?: string; json?: string; html?: string}
}

/** the longest a guided run waits for the terminal's answer to its Log-Off */
const LOGOFF_WAIT_MS = 3000

const usage = (code: string, message: string, remedy?: string) => new PosdocError({code, exitCode: ExitCode.Usage, message, ...(remedy ? {remedy} : {})})
const isAbort = (e: unknown) => (e as {name?: string})?.name === 'ExitPromptError'
const L = (lang: Lang) => (lang === 'zh-CN' ? 'zh' : 'en')

function readAnswers(file: string, lang: Lang): Record<string, unknown> {
  let parsed: unknown
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'))
  } catch (e) {
    throw usage('USAGE_BAD_ANSWERS', T.badAnswers[lang](file, (e as Error).message.split('\n')[0] ?? ''), T.badAnswersRemedy[lang])
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw usage('USAGE_BAD_ANSWERS', T.badAnswers[lang](file, 'not an object'), T.badAnswersRemedy[lang])
  return parsed as Record<string, unknown>
}

/** Agent mode: the terminal from the answers file, by the interactive question's rules (exit 2 on a bad or missing answer). */
async function terminalFromAnswers(answers: Record<string, unknown>, flags: DiagnoseFlags, lang: Lang): Promise<string> {
  try {
    return await askTerminal(new AnswersPrompter(answers), flags, {lang, answered: answers.terminal})
  } catch (e) {
    if (e instanceof BadAnswer) throw usage('USAGE_BAD_ANSWER', e.message, T.terminalAnswerRemedy[lang])
    if (e instanceof MissingAnswers) throw usage('USAGE_MISSING_ANSWERS', T.missingAnswers[lang](e.ids.join(', ')), T.terminalAnswerRemedy[lang])
    throw e
  }
}

export async function runDiagnose(cmd: BaseCommand, flags: DiagnoseFlags, version: string): Promise<DiagnoseResult> {
  // a resumed case keeps its language unless --lang says otherwise
  const explicitLang = process.argv.some((a) => a === '--lang' || a.startsWith('--lang='))
  const resumedLang = flags.case !== undefined && !explicitLang ? await new CaseStore().read(flags.case).then((c) => c.data.lang, () => undefined) : undefined
  if (resumedLang) setLang(resumedLang)
  const lang = getLang()
  const json = cmd.jsonEnabled()
  const interactive = isInteractive() && flags.answers === undefined && !json
  const progress = createProgress({json})
  const human = (text: string) => {
    if (json) return
    progress.done()
    cmd.log(text)
  }
  // prompts and the progress line share stderr: stop the line before each question
  const inner: Prompter = interactive ? new InquirerPrompter(lang) : new AnswersPrompter({})
  const prompter: Prompter = {interactive, ask: (q) => (progress.done(), inner.ask(q))}
  const store = new CaseStore()
  let kase: CaseHandle | undefined
  let closed = false
  let conn: ConnectedTerminal | undefined
  try {
    // ---- input: everything refusable is refused here (exit 2), before a case exists ----
    let answers: Record<string, unknown> = flags.answers === undefined ? {} : readAnswers(flags.answers, lang)
    if (flags.symptom !== undefined && !isSymptomId(flags.symptom)) throw usage('USAGE_BAD_SYMPTOM', T.badSymptom[lang](flags.symptom), `${T.symptomRemedy[lang]}: ${SYMPTOMS.map((s) => s.id).join(', ')}`)
    let symptomId = flags.symptom as SymptomId | undefined
    if (flags.case !== undefined) {
      kase = await store.open(flags.case)
      const d = kase.data
      if (symptomId !== undefined && symptomId !== d.symptom.id) throw usage('USAGE_CASE_SYMPTOM', T.symptomMismatch[lang](kase.id, d.symptom.id))
      if (!isSymptomId(d.symptom.id)) throw usage('USAGE_BAD_SYMPTOM', T.badSymptom[lang](d.symptom.id))
      symptomId = d.symptom.id
      // resume: recorded answers count as given; new ones from --answers win
      answers = {...Object.fromEntries(Object.entries(d.answers).map(([k, v]) => [k, v.value])), ...answers}
    }
    if (symptomId === undefined) {
      if (!interactive) throw usage('USAGE_NO_SYMPTOM', T.needsSymptom[lang], `--symptom ${SYMPTOMS.map((s) => s.id).join(' | ')}`)
      symptomId = await prompter.ask<SymptomId>({
        id: 'symptom',
        kind: 'select',
        message: {en: T.pickSymptom.en, zh: T.pickSymptom['zh-CN']},
        choices: SYMPTOMS.map((s) => ({value: s.id, en: s.en, zh: s.zh})),
        default: SYMPTOMS[0].id,
      })
    }
    const sid: SymptomId = symptomId
    if (!interactive) {
      const missing = missingAnswerIds(sid, answers)
      if (missing.length > 0) throw usage('USAGE_MISSING_ANSWERS', T.missingAnswers[lang](missing.join(', ')), T.missingRemedy[lang](flags.answers ?? '--answers FILE.json'))
    }
    const hasTerminal = flags.tcp !== undefined || flags.serial !== undefined || flags.demo || flags.terminal !== undefined
    let choice: string | undefined
    if (!hasTerminal) {
      // a resumed case remembers its terminal; otherwise a person picks it, or the answers file names it
      if (Object.hasOwn(answers, 'terminal') && (flags.case !== undefined || !interactive)) choice = await terminalFromAnswers(answers, flags, lang)
      else if (interactive) choice = await askTerminal(prompter, flags, {lang, onStep: (x) => progress.step(x)})
      else if (Object.hasOwn(answers, 'terminal')) choice = await terminalFromAnswers(answers, flags, lang)
      else throw usage('USAGE_NO_TERMINAL', T.needsTerminal[lang], T.needsTerminalRemedy[lang])
    }
    const notConnected = choice === NOT_CONNECTED
    if (notConnected) answers = {...answers, terminal: NOT_CONNECTED}
    const resolved = notConnected ? undefined : resolveTerminal(flags, {knownScenarios: SCENARIOS})
    const target: TerminalTarget = resolved?.target ?? {kind: 'none', label: T.terminalNone[lang]} as unknown as TerminalTarget
    const password = resolved?.password ?? ''
    const profile = resolved?.profile
    // validated before any case exists or anything is sent
    const hostScenario = acquirerScenario(flags, target.kind === 'demo')
    ;(cmd as unknown as {errorTarget: string}).errorTarget = target.label
    if (flags.settlement !== undefined && !statSync(cleanPath(flags.settlement), {throwIfNoEntry: false})?.isFile()) {
      throw usage('USAGE_SETTLEMENT_NOT_FOUND', T.settlementMissing[lang](flags.settlement), T.settlementRemedy[lang])
    }

    // ---- the case: interactively it exists before the first question, so Ctrl-C leaves the answers so far ----
    const s = symptomOf(sid)
    const openCase = async () =>
      (kase ??= await store.create({
        symptom: {id: sid, en: s.en, zh: s.zh},
        lang,
        // what the profile knows about merchant and terminal goes into the report the acquirer reads
        terminal: {
          link: target.label,
          ...(profile ? {profile: profile.name} : {}),
          ...(profile?.merchantId ? {merchantId: profile.merchantId} : {}),
          ...(profile?.merchantName ? {merchantName: profile.merchantName} : {}),
          ...(profile?.terminalId ? {terminalId: profile.terminalId} : {}),
          ...(profile?.serialNumber ? {serialNumber: profile.serialNumber} : {}),
          ...(profile?.model ? {model: profile.model} : {}),
          ...(profile?.acquirer?.name ? {acquirer: profile.acquirer.name} : {}),
        },
      }))
    const recordAnswer = async (k: CaseHandle, q: Question, value: unknown) => {
      if (k.data.answers[q.id]?.value === value) return
      const display = q.kind === 'select' ? q.choices?.find((c) => c.value === value)?.[L(lang)] : undefined
      await k.recordAnswer(q.id, value as string | number | boolean, {question: q.message[L(lang)], ...(display ? {display} : {})})
    }
    if (interactive) await openCase()
    // a resumed case remembers how the terminal was reached
    const rememberTerminal = async (k: CaseHandle) => {
      if (choice === undefined) return
      if (k.data.answers.terminal?.value !== choice) await k.recordAnswer('terminal', choice, {question: T.pickTerminal[lang]})
      if (choice === 'tcp' && flags.tcp && k.data.answers.tcp?.value !== flags.tcp) await k.recordAnswer('tcp', flags.tcp, {question: T.askTcp[lang]})
      if (choice === 'serial' && flags.serial && k.data.answers.serial?.value !== flags.serial) await k.recordAnswer('serial', flags.serial, {question: T.askSerial[lang]})
    }
    if (kase) await rememberTerminal(kase)

    // intake: given answers are coerced by the same rules as prompts; the rest is asked
    const given = new AnswersPrompter(answers)
    const intake: Array<{q: Question; value: unknown}> = []
    const sofar: Record<string, unknown> = notConnected ? {terminal: NOT_CONNECTED} : {}
    // conditions see the answers given so far (a question may depend on the one just answered)
    for (const q of INTAKE[sid]) {
      if (q.when && !q.when({...answers, ...sofar})) continue
      let value: unknown
      try {
        value = Object.hasOwn(answers, q.id) || !interactive ? await given.ask(q) : await prompter.ask(q)
      } catch (e) {
        // a settlement path that does not open is not a reason to stop: it is judged without it
        if (e instanceof BadAnswer && q.id === 'settlementFile') value = ''
        else if (e instanceof BadAnswer) throw usage('USAGE_BAD_ANSWER', e.message, T.badAnswersRemedy[lang])
        else throw e
      }
      sofar[q.id] = value
      intake.push({q, value})
      if (kase) await recordAnswer(kase, q, value)
    }
    const k = await openCase()
    await rememberTerminal(k)
    for (const {q, value} of intake) await recordAnswer(k, q, value)
    kase = k
    human(T.caseLine[lang](kase.id))

    const onCheck = (c: CheckResult) => human(renderChecks([c]))
    let exitCode: ExitCode | undefined
    let linkState: 'unreachable' | 'not-connected' = 'not-connected'
    const wireLogFile = kase.evidencePath('wire-log.jsonl')
    const settlementAnswer = cleanPath(String(sofar.settlementFile ?? ''))
    const settlementFile = flags.settlement !== undefined ? cleanPath(flags.settlement) : settlementAnswer || undefined
    if (settlementAnswer && !statSync(settlementAnswer, {throwIfNoEntry: false})?.isFile()) {
      await kase.recordCheck(check('flow.settlement', T.checkRecon[lang], 'warn', T.settlementMissing[lang](settlementAnswer), {path: settlementAnswer}))
    }
    if (!notConnected) {
      try {
        progress.step(target.label)
        conn = await connectTerminal(target, {
          password,
          clock: systemClock,
          command: 'posdoc diagnose',
          lock: sid === 'void-failed' || sid === 'receipt-unusable' ? 'required' : 'best-effort',
          wireLogFile,
          // a guided void that meets a silent terminal ends in doubt within a minute, not after T4's 180 s
          ...(sid === 'void-failed' ? {timeouts: {t4Ms: FLOW_VOID_T4_MS}} : {}),
          ...(target.kind === 'demo' ? {demoAcquirer: {scenario: hostScenario}} : {}),
          onStep: (x) => progress.step(x),
          onRecovery: (r) => {
            if (!json) for (const line of recoveryLines(r, lang)) process.stderr.write(`${line}\n`)
          },
        })
      } catch (e) {
        // an unreachable terminal is a finding (recorded, reported, exit 3), not a crash
        const pe = toPosdocError(e, {target: target.label})
        if (pe.exitCode !== ExitCode.Unreachable) throw e
        const c = check('flow.link', T.checkLink[lang], 'fail', T.linkDown[lang](target.label, pe.message), {code: pe.code}, {cause: pe.message, remedy: pe.remedy ?? T.linkDownRemedy[lang]})
        await kase.recordCheck(c)
        onCheck(c)
        linkState = 'unreachable'
        exitCode = ExitCode.Unreachable
      }
    }
    const ctx: FlowContext = {
      lang, symptom: sid, answers: sofar, prompter, kase, conn, linkState, timeZone: localZone(), target, password, profile, yes: flags.yes, settlementFile, clock: systemClock, onCheck, onStep: (x) => progress.step(x),
    }
    let flowFacts: FlowFacts
    try {
      flowFacts = await TREES[sid](ctx)
    } finally {
      await ctx.cleanupJournal?.()
    }
    progress.done()
    if (conn) {
      const c = conn
      // Log-Off is a courtesy: a terminal that stopped answering must not cost the merchant another 15 s
      if (c.terminal.session.isOpen && flowFacts.void?.outcome !== 'in-doubt' && !flowFacts.void?.linkLost) {
        await Promise.race([c.terminal.logOff().catch(() => undefined), new Promise((r) => setTimeout(r, LOGOFF_WAIT_MS).unref())])
      }
      conn = undefined
      await c.close()
      if (statSync(wireLogFile, {throwIfNoEntry: false})?.size) await kase.addEvidence('wire-log.jsonl', {file: wireLogFile}, {kind: 'wire-log'})
    }

    // ---- verdict: facts in, the decision layer decides ----
    const recorded = kase.data.checks.map((c) => ({id: c.id, status: c.status, summary: c.summary}))
    const factChecks = new Map([...recorded, ...flowFacts.checks].map((c) => [c.id, c]))
    const nowMs = systemClock.now()
    const sale = chosen(flowFacts.search)
    let override: {base?: 'CN' | 'DE'; holidays?: string[]; workdays?: string[]} | undefined
    try {
      override = loadConfig().payoutCalendar
    } catch {
      // an unreadable config costs only its calendar additions here; `posdoc recon` reports it
    }
    const cal = calendarFacts({...(sale?.currency ? {currency: sale.currency} : {}), timeZone: ctx.timeZone, nowMs, ...(override ? {override} : {})})
    const facts: Facts = {
      holidays: cal.holidays,
      workdays: cal.workdays,
      ...flowFacts,
      checks: [...factChecks.values()],
      terminal: {...identityFacts(kase.data.identity), ...flowFacts.terminal},
      symptom: sid,
      lang,
      now: new Date(nowMs).toISOString(),
      timeZone: ctx.timeZone,
    }
    const verdict = decide(facts)
    const data = kase.data
    const findings = data.checks.filter((c) => c.status !== 'pass' && c.status !== 'skip').map((c) => ({text: c.summary, ref: `check:${c.id}`}))
    const {schema: _schema, status: vstatus, acquirerRequest, ...rest} = verdict
    await kase.setVerdict({outcome: vstatus, findings, ...rest})
    if (acquirerRequest) await kase.setAcquirerRequest(acquirerRequest)
    // only a resolved case or one that waits for the acquirer is closed; the rest stays open to resume
    const caseStatus = vstatus === 'resolved' ? 'resolved' : vstatus === 'acquirer-action' ? 'needs-acquirer' : undefined
    await kase.close(caseStatus)
    closed = true
    const report = await buildCaseReport(store, kase.id, {formats: ['md', 'json', 'html'], version})
    const final = (await store.read(kase.id)).data
    const result: DiagnoseResult = {
      schema: 'posdoc.diagnose/2',
      caseId: kase.id,
      symptom: sid,
      verdict,
      findings: final.checks.map(({at: _at, ...c}) => c),
      actions: final.actions,
      ...(acquirerRequest ? {acquirerRequest} : {}),
      report: report.outputs,
    }
    human(renderVerdict(result, lang))
    process.exitCode = exitCode ?? (vstatus === 'resolved' ? ExitCode.Ok : ExitCode.ProblemFound)
    return result
  } catch (e) {
    progress.done()
    if (isAbort(e)) {
      if (kase) process.stderr.write(`\n${T.aborted[lang](kase.id)}\n`)
      throw new PosdocError({code: 'ABORTED', exitCode: ExitCode.Aborted, message: kase ? T.aborted[lang](kase.id) : 'aborted'})
    }
    throw e
  } finally {
    await conn?.close().catch(() => undefined)
    // Ctrl-C or an error: the case stays open and resumable (close() without a status)
    if (kase && !closed) await kase.close().catch(() => undefined)
  }
}

export function renderVerdict(r: DiagnoseResult, lang: Lang): string {
  const v = r.verdict
  const colon = lang === 'zh-CN' ? '：' : ': '
  const out = ['', lang === 'zh-CN' ? `${T.verdictLabel[lang]}【${enumText.verdict[v.status][lang]}】：${v.summary}` : `${T.verdictLabel[lang]} [${enumText.verdict[v.status][lang]}]: ${v.summary}`]
  if (v.transaction) out.push(`${T.transactionLabel[lang]}${colon}${identifierLines({terminal: {}}, v.transaction, lang).join(lang === 'zh-CN' ? '；' : '; ')}`)
  if (v.candidates?.length) {
    out.push(`${T.candidatesLabel[lang]}${colon}`)
    for (const c of v.candidates) out.push(`  - ${identifierLines({terminal: {}}, c, lang).join(lang === 'zh-CN' ? '；' : '; ')}`)
  }
  if (v.nextSteps.length) {
    out.push(`${T.nextLabel[lang]}${colon}`)
    v.nextSteps.forEach((s, i) => out.push(`  ${i + 1}. ${s.text}`))
  }
  if (v.doNot.length) {
    out.push(`${T.dontLabel[lang]}${colon}`)
    for (const s of v.doNot) out.push(`  ✗ ${s.text}`)
  }
  if (v.receiptText?.length) {
    out.push(`${T.slipLabel[lang]}${colon}`, '  ----------------------------------------')
    for (const l of v.receiptText) out.push(`  ${l}`)
    out.push('  ----------------------------------------')
  }
  out.push(`${T.customerLabel[lang]}${colon}${v.customerMessage}`)
  if (r.actions.length > 0) {
    out.push(`${T.actionsLabel[lang]}${colon}`)
    for (const a of r.actions) out.push(`  - ${a.summary}: ${enumText.actionOutcome[a.outcome][lang]}${a.detail ? ` — ${a.detail}` : ''}`)
  }
  if (r.acquirerRequest) {
    out.push(`${T.acquirerLabel[lang]}${colon}${r.acquirerRequest.summary}`)
    for (const i of r.acquirerRequest.items) out.push(`  - ${i}`)
  }
  out.push(`${T.caseLine[lang](r.caseId)} — ${T.reportLabel[lang]}${colon}${r.report.md ?? ''}`)
  return out.join('\n')
}

function localZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC'
}

/** What the case knows about merchant and terminal (the profile's values were copied in when it was opened). */
function identityFacts(id: CaseData['identity']): Facts['terminal'] {
  return {
    ...(id.terminalId ? {terminalId: id.terminalId} : {}),
    ...(id.merchantId ? {merchantId: id.merchantId} : {}),
    ...(id.merchantName ? {merchantName: id.merchantName} : {}),
    ...(id.serialNumber ? {serialNumber: id.serialNumber} : {}),
    ...(id.acquirer ? {acquirer: id.acquirer} : {}),
  }
}

/** --acquirer-scenario: only with --demo, and only a scenario the simulated acquirer host knows. */
function acquirerScenario(flags: DiagnoseFlags, demo: boolean): AcquirerScenario {
  const s = flags['acquirer-scenario']
  if (s === undefined) return 'healthy'
  if (!demo) {
    throw new PosdocError({code: 'USAGE_ACQUIRER_SCENARIO_NEEDS_DEMO', exitCode: ExitCode.Usage, message: pick({en: '--acquirer-scenario only applies with --demo', zh: '--acquirer-scenario 只能与 --demo 一起使用'})})
  }
  if (!isAcquirerScenario(s)) {
    throw new PosdocError({
      code: 'USAGE_BAD_ACQUIRER_SCENARIO',
      exitCode: ExitCode.Usage,
      message: pick({en: `unknown acquirer scenario "${s}" (known: ${ACQUIRER_SCENARIOS.join(', ')})`, zh: `未知的收单主机场景 "${s}"（可选：${ACQUIRER_SCENARIOS.join(', ')}）`}),
    })
  }
  return s
}
