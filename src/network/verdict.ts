/**
 * The verdict: the first layer that went wrong on this PC's side (per host, in layer order),
 * compared with the terminal's own host test, names where the fault is. Pure: facts in, text out.
 */
import type {Lang} from '../i18n/index.js'
import {layerName, verdictText as V} from './network-text.js'
import type {FaultLocation, HostLayer, Layer, LayerRun, LocalFact, TerminalFact, Verdict} from './types.js'

export interface VerdictInput {
  lang: Lang
  /** some host needs traffic beyond this PC */
  offMachine: boolean
  local?: LayerRun<LocalFact>
  hosts: Array<{label: string; runs: Array<LayerRun<unknown>>}>
  terminal?: LayerRun<TerminalFact>
}

interface Finding {
  run: LayerRun<unknown>
  severity: 'fail' | 'warn'
  location: FaultLocation
  /** the host cannot be used at all from this PC (no answer at DNS/TCP/TLS level) */
  unreachable: boolean
}

const LAYER_ORDER: HostLayer[] = ['dns', 'tcp', 'tls', 'quality']

/** What went wrong in a layer, from the check's evidence (a check cut off by the runner timed out). */
export function failureOf(run: LayerRun<unknown>): string | undefined {
  const e = run.check.evidence
  if (typeof e.failure === 'string') return e.failure
  return run.timedOut || e.timedOut === true ? 'timeout' : undefined
}

export function locationOf(layer: Layer, failure: string | undefined): FaultLocation {
  switch (layer) {
    case 'local':
    case 'quality':
      return 'shop-network'
    case 'dns':
      return failure === 'nxdomain' || failure === 'no-address' ? 'host-name' : 'shop-network'
    case 'tcp':
      return failure === 'refused' || failure === 'reset' ? 'acquirer-host' : 'shop-network'
    case 'tls':
      if (failure === 'not-yet-valid') return 'clock'
      if (failure === 'expired' || failure === 'untrusted' || failure === 'hostname' || failure === 'expires-soon') return 'certificate'
      return 'acquirer-host'
    case 'terminal':
      return 'terminal'
  }
}

function isUnreachable(layer: Layer, failure: string | undefined): boolean {
  if (layer === 'dns' || layer === 'tcp' || layer === 'local') return true
  return layer === 'tls' && ['timeout', 'reset', 'refused', 'handshake'].includes(failure ?? 'timeout')
}

function finding(run: LayerRun<unknown>): Finding | undefined {
  const st = run.check.status
  if (st !== 'fail' && st !== 'error' && st !== 'warn') return undefined
  const failure = failureOf(run)
  const severity = st === 'warn' ? 'warn' : 'fail'
  return {run, severity, location: locationOf(run.layer, failure), unreachable: severity === 'fail' && isUnreachable(run.layer, failure)}
}

/** A host's finding: its first failing layer, else its first warning. */
export function hostFinding(runs: Array<LayerRun<unknown>>): Finding | undefined {
  const ordered = [...runs].sort((a, b) => LAYER_ORDER.indexOf(a.layer as HostLayer) - LAYER_ORDER.indexOf(b.layer as HostLayer))
  const all = ordered.map(finding).filter((f): f is Finding => f !== undefined)
  return all.find((f) => f.severity === 'fail') ?? all.find((f) => f.severity === 'warn')
}

export function decideVerdict(input: VerdictInput): Verdict {
  const {lang} = input
  const hostFindings = input.hosts.map((h) => hostFinding(h.runs))
  const localFail = input.local && input.offMachine && input.local.check.status === 'fail' ? finding(input.local) : undefined
  const pc = localFail ?? hostFindings.find((f) => f?.severity === 'fail') ?? hostFindings.find((f) => f?.severity === 'warn')
  const allHostsUnreachable = input.hosts.length > 0 && hostFindings.every((f) => f?.unreachable === true)
  const term = input.terminal
  const termOk = term?.fact?.ok === true

  const describe = (f: Finding, location: FaultLocation, severity = f.severity): Pick<Verdict, 'summary' | 'cause' | 'remedy'> => {
    const layer = layerName[f.run.layer][lang]
    const where = f.run.host ? `${layer} ${f.run.host}` : layer
    const headline = severity === 'warn' ? V.warnHeadline[lang][location] : V.headline[lang][location]
    const summary = lang === 'zh-CN' ? `${headline}——${where}：${f.run.check.summary}` : `${headline} — ${where}: ${f.run.check.summary}`
    if (location === 'this-pc') return {summary, cause: V.thisPcCause[lang], remedy: V.thisPcRemedy[lang]}
    return {summary, ...(f.run.check.cause ? {cause: f.run.check.cause} : {}), ...(f.run.check.remedy ? {remedy: f.run.check.remedy} : {})}
  }
  const base = (f: Finding, status: Verdict['status'], location: FaultLocation): Omit<Verdict, 'summary'> => ({
    status,
    location,
    layer: f.run.layer,
    host: f.run.host,
    hung: f.run.timedOut || f.run.check.evidence.timedOut === true,
  })

  if (pc && pc.severity === 'fail') {
    // the terminal gets through, so the host and the shop's uplink work: this PC's path is the odd one out.
    // Not for quality (one good terminal test says nothing about loss) nor for this PC's clock.
    const location: FaultLocation = termOk && pc.run.layer !== 'quality' && pc.location !== 'clock' ? 'this-pc' : pc.location
    const status = location === 'this-pc' ? 'problem' : localFail || allHostsUnreachable ? 'unreachable' : 'problem'
    return {...base(pc, status, location), ...describe(pc, location)}
  }

  if (term && !termOk) {
    const tf: Finding = {run: term, severity: 'fail', location: 'terminal', unreachable: false}
    // the terminal was still busy at the deadline and this PC saw trouble too (e.g. a slow host): that trouble is the clue
    if (!term.fact && pc) return {...base(pc, 'problem', pc.location), ...describe(pc, pc.location, 'fail')}
    if (term.fact && !term.fact.reached) {
      return {...base(tf, 'unreachable', 'terminal'), summary: joinSummary(lang, V.unreachableTerminal[lang], term.check.summary), ...pickCauseRemedy(term)}
    }
    if (input.hosts.length === 0) {
      return {...base(tf, 'problem', 'terminal'), summary: joinSummary(lang, V.noHostsTerminalFail[lang], term.check.summary), cause: V.terminalCause[lang], remedy: V.terminalRemedy[lang]}
    }
    const d = describe(tf, 'terminal')
    return {...base(tf, 'problem', 'terminal'), summary: d.summary, cause: V.terminalCause[lang], remedy: V.terminalRemedy[lang]}
  }

  if (pc) return {...base(pc, 'warning', pc.location), ...describe(pc, pc.location)}

  const summary = input.hosts.length === 0 && termOk ? V.terminalOnlyChecked[lang] : V.headline[lang].none + (termOk ? V.healthyWithTerminal[lang] : '')
  return {status: 'healthy', location: 'none', layer: null, host: null, hung: false, summary}
}

function joinSummary(lang: Lang, headline: string, detail: string): string {
  return lang === 'zh-CN' ? `${headline}——${detail}` : `${headline} — ${detail}`
}

function pickCauseRemedy(run: LayerRun<unknown>): Pick<Verdict, 'cause' | 'remedy'> {
  return {...(run.check.cause ? {cause: run.check.cause} : {}), ...(run.check.remedy ? {remedy: run.check.remedy} : {})}
}
