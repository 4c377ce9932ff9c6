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
import {getLang, pick, type Lang} from '../i18n/index.js'
import {toPosdocError} from '../output/error-map.js'
import {PosdocError} from '../output/errors.js'
import {ExitCode} from '../output/exit-codes.js'
import {createProgress} from '../output/progress.js'
import {renderChecks} from '../output/render-checks.js'
import {buildCaseReport} from '../report/build.js'
import {ACQUIRER_SCENARIOS, isAcquirerScenario, type AcquirerScenario} from '../sim/acquirer/scenarios.js'
import {SCENARIOS} from '../sim/scenarios.js'
import {systemClock} from '../util/clock.js'
import {check, type FlowOutcome} from './engine.js'
import {flowText as T} from './flow-text.js'
import {InquirerPrompter} from './inquirer-prompter.js'
import {applicableIntake, missingAnswerIds} from './intake.js'
import {AnswersPrompter, BadAnswer, MissingAnswers, type Prompter, type Question} from './prompter.js'
import {isSymptomId, symptom as symptomOf, SYMPTOMS, type SymptomId} from './symptoms.js'
import {askTerminal} from './terminal-choice.js'
import {TREES} from './trees.js'

export interface DiagnoseFlags extends TerminalFlagValues {
  symptom?: string | undefined
  answers?: string | undefined
  case?: string | undefined
  settlement?: string | undefined
  'acquirer-scenario'?: string | undefined
  yes: boolean
}

export interface DiagnoseResult {
  schema: 'posdoc.diagnose/1'
  caseId: string
  symptom: SymptomId
  verdict: {status: FlowOutcome['outcome']; summary: string}
  findings: CheckResult[]
  actions: CaseData['actions']
  acquirerRequest?: {summary: string; items: string[]}
  report: {md?: string; json?: string; html?: string}
}

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
async function terminalFromAnswers(answers: Record<string, unknown>, flags: DiagnoseFlags, lang: Lang): Promise<void> {
  try {
    await askTerminal(new AnswersPrompter(answers), flags, {lang, answered: answers.terminal})
  } catch (e) {
    if (e instanceof BadAnswer) throw usage('USAGE_BAD_ANSWER', e.message, T.terminalAnswerRemedy[lang])
    if (e instanceof MissingAnswers) throw usage('USAGE_MISSING_ANSWERS', T.missingAnswers[lang](e.ids.join(', ')), T.terminalAnswerRemedy[lang])
    throw e
  }
}

export async function runDiagnose(cmd: BaseCommand, flags: DiagnoseFlags, version: string): Promise<DiagnoseResult> {
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
    if (!hasTerminal) {
      if (interactive) await askTerminal(prompter, flags, {lang, onStep: (x) => progress.step(x)})
      else if (Object.hasOwn(answers, 'terminal')) await terminalFromAnswers(answers, flags, lang)
      else throw usage('USAGE_NO_TERMINAL', T.needsTerminal[lang], T.needsTerminalRemedy[lang])
    }
    const {target, password, profile} = resolveTerminal(flags, {knownScenarios: SCENARIOS})
    // validated before any case exists or anything is sent
    const hostScenario = acquirerScenario(flags, target.kind === 'demo')
    ;(cmd as unknown as {errorTarget: string}).errorTarget = target.label
    if (flags.settlement !== undefined) statSync(flags.settlement)

    // ---- the case: interactively it exists before the first question, so Ctrl-C leaves the answers so far ----
    const s = symptomOf(sid)
    const openCase = async () => (kase ??= await store.create({symptom: {id: sid, en: s.en, zh: s.zh}, lang, terminal: {link: target.label, ...(profile ? {profile: profile.name} : {})}}))
    const recordAnswer = async (k: CaseHandle, q: Question, value: unknown) => {
      if (k.data.answers[q.id]?.value === value) return
      const display = q.kind === 'select' ? q.choices?.find((c) => c.value === value)?.[L(lang)] : undefined
      await k.recordAnswer(q.id, value as string | number | boolean, {question: q.message[L(lang)], ...(display ? {display} : {})})
    }
    if (interactive) await openCase()

    // intake: given answers are coerced by the same rules as prompts; the rest is asked
    const given = new AnswersPrompter(answers)
    const intake: Array<{q: Question; value: unknown}> = []
    const sofar: Record<string, unknown> = {}
    for (const q of applicableIntake(sid, answers)) {
      let value: unknown
      try {
        value = Object.hasOwn(answers, q.id) || !interactive ? await given.ask(q) : await prompter.ask(q)
      } catch (e) {
        if (e instanceof BadAnswer) throw usage('USAGE_BAD_ANSWER', e.message, T.badAnswersRemedy[lang])
        throw e
      }
      sofar[q.id] = value
      intake.push({q, value})
      if (kase) await recordAnswer(kase, q, value)
    }
    const k = await openCase()
    for (const {q, value} of intake) await recordAnswer(k, q, value)
    kase = k
    human(T.caseLine[lang](kase.id))

    const onCheck = (c: CheckResult) => human(renderChecks([c]))
    let outcome: FlowOutcome
    let exitCode: ExitCode | undefined
    const wireLogFile = kase.evidencePath('wire-log.jsonl')
    try {
      progress.step(target.label)
      conn = await connectTerminal(target, {
        password,
        clock: systemClock,
        command: 'posdoc diagnose',
        lock: sid === 'void-failed' || sid === 'receipt-unusable' ? 'required' : 'best-effort',
        wireLogFile,
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
      exitCode = ExitCode.Unreachable
    }
    if (conn) {
      const c = conn
      outcome = await TREES[sid]({lang, symptom: sid, answers: sofar, prompter, kase, conn: c, target, password, profile, yes: flags.yes, settlementFile: flags.settlement, clock: systemClock, onCheck, onStep: (x) => progress.step(x)})
      progress.done()
      if (c.terminal.session.isOpen) await c.terminal.logOff().catch(() => undefined)
      conn = undefined
      await c.close()
      if (statSync(wireLogFile, {throwIfNoEntry: false})?.size) await kase.addEvidence('wire-log.jsonl', {file: wireLogFile}, {kind: 'wire-log'})
    } else {
      outcome = {outcome: 'problem-found', summary: `${T.offline[lang]} ${T.linkDownRemedy[lang]}`}
    }

    // ---- verdict, case, report ----
    const data = kase.data
    const findings = data.checks.filter((c) => c.status !== 'pass' && c.status !== 'skip').map((c) => ({text: c.summary, ref: `check:${c.id}`}))
    await kase.setVerdict({outcome: outcome.outcome, summary: outcome.summary, ...(outcome.cause ? {cause: outcome.cause} : {}), findings})
    if (outcome.acquirerRequest) await kase.setAcquirerRequest(outcome.acquirerRequest)
    // a problem the merchant fixes (network, end-of-day, confirmation) leaves the case open to resume
    const status = outcome.acquirerRequest ? 'needs-acquirer' : outcome.outcome === 'resolved' || outcome.outcome === 'no-problem-found' ? 'resolved' : undefined
    await kase.close(status)
    closed = true
    const report = await buildCaseReport(store, kase.id, {formats: ['md', 'json', 'html'], version})
    const final = (await store.read(kase.id)).data
    const result: DiagnoseResult = {
      schema: 'posdoc.diagnose/1',
      caseId: kase.id,
      symptom: sid,
      verdict: {status: outcome.outcome, summary: outcome.summary},
      findings: final.checks.map(({at: _at, ...c}) => c),
      actions: final.actions,
      ...(outcome.acquirerRequest ? {acquirerRequest: outcome.acquirerRequest} : {}),
      report: report.outputs,
    }
    human(renderVerdict(result, lang))
    process.exitCode = exitCode ?? (outcome.outcome === 'resolved' || outcome.outcome === 'no-problem-found' ? ExitCode.Ok : ExitCode.ProblemFound)
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
  const out = ['', `${T.verdictLabel[lang]}: ${r.verdict.summary}`]
  if (r.actions.length > 0) {
    out.push(`${T.actionsLabel[lang]}:`)
    for (const a of r.actions) out.push(`  - ${a.summary}: ${a.outcome}${a.detail ? ` — ${a.detail}` : ''}`)
  }
  if (r.acquirerRequest) {
    out.push(`${T.acquirerLabel[lang]}: ${r.acquirerRequest.summary}`)
    for (const i of r.acquirerRequest.items) out.push(`  - ${i}`)
  }
  out.push(`${T.caseLine[lang](r.caseId)} — ${T.reportLabel[lang]}: ${r.report.md ?? ''}`)
  return out.join('\n')
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
