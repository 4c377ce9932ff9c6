/** Human output of `posdoc case list` and `posdoc case show` (plain text, CJK-aware columns). */
import type {Lang} from '../i18n/index.js'
import {actionOutcomeText, caseStatusText, caseText as T, checkStatusText, enumLabels} from './case-text.js'
import {formatBytes, formatMoney, formatTime, padEnd, textTable} from './format.js'
import type {CaseData} from './schema.js'
import type {CaseListResult} from './store.js'

function symptomText(s: CaseData['symptom'], lang: Lang): string {
  return (lang === 'zh-CN' ? (s.zh ?? s.en) : (s.en ?? s.zh)) ?? s.id
}

export function renderCaseList(r: CaseListResult, lang: Lang): string {
  const out: string[] = []
  if (r.cases.length === 0 && r.unreadable.length === 0) return T.noCases[lang]
  if (r.cases.length) {
    out.push(
      textTable(
        [T.col.id[lang], T.col.created[lang], T.col.symptom[lang], T.col.status[lang], T.col.tid[lang]],
        r.cases.map((c) => [c.id, formatTime(c.createdAt, undefined, {seconds: false}), symptomText(c.symptom, lang), caseStatusText[c.status][lang], c.terminalId ?? '—']),
      ),
    )
  }
  return out.join('\n')
}

/** Unreadable case folders (stderr: they are a warning, not the result). */
export function renderUnreadable(r: CaseListResult, lang: Lang): string | undefined {
  if (r.unreadable.length === 0) return undefined
  return [T.unreadableCases[lang](r.unreadable.length), ...r.unreadable.map((u) => `  ${u.id}: ${u.message}`)].join('\n')
}

export function renderCaseShow(d: CaseData, dir: string, lang: Lang): string {
  const S = T.show
  const tz = d.timeZone
  const time = (iso: string) => formatTime(iso, tz)
  const out: string[] = []
  const row = (k: string, v: string | undefined) => {
    if (v) out.push(`${k}: ${v}`)
  }
  row(S.case[lang], d.id)
  row(S.status[lang], caseStatusText[d.status][lang])
  row(S.symptom[lang], symptomText(d.symptom, lang))
  row(S.words[lang], d.symptom.merchantWords)
  row(S.created[lang], `${time(d.createdAt)} (${tz ?? 'UTC'})`)
  row(S.updated[lang], time(d.updatedAt))
  const id = d.identity
  row(S.terminal[lang], [id.terminalId ? `TID ${id.terminalId}` : undefined, id.model, id.serialNumber ? `SN ${id.serialNumber}` : undefined, id.softwareVersion, id.link].filter(Boolean).join(', '))
  row(S.merchant[lang], [id.merchantId ? `MID ${id.merchantId}` : undefined, id.merchantName, id.acquirer].filter(Boolean).join(', '))
  row(S.folder[lang], dir)
  if (d.verdict) row(S.verdict[lang], `${d.verdict.summary}${d.verdict.cause ? ` — ${d.verdict.cause}` : ''}`)
  if (d.acquirerRequest) row(S.request[lang], d.acquirerRequest.summary)

  const section = (title: string, lines: string[]) => {
    out.push('', `${title}:`)
    if (lines.length === 0) out.push(`  ${S.none[lang]}`)
    else out.push(...lines.map((l) => `  ${l}`))
  }
  section(
    S.checks[lang],
    d.checks.map((c) => `[${checkStatusText[c.status][lang]}] ${c.title}: ${c.summary}`),
  )
  section(
    S.transactions[lang],
    d.transactions.map((t) =>
      [
        t.ref,
        t.type ? enumLabels.txType[t.type][lang] : undefined,
        t.time,
        t.amountCents !== undefined ? formatMoney(t.amountCents, t.currency) : undefined,
        t.panMasked,
        t.receiptNumber ? `${T.show.receipt[lang]} ${t.receiptNumber}` : undefined,
        t.traceNumber ? `${T.show.trace[lang]} ${t.traceNumber}` : undefined,
        t.resultCode ? `rc ${t.resultCode}${t.resultText ? ` ${t.resultText}` : ''}` : undefined,
        t.state ? enumLabels.txState[t.state][lang] : undefined,
      ]
        .filter(Boolean)
        .join('  '),
    ),
  )
  section(
    S.actions[lang],
    d.actions.map((a) => `${time(a.startedAt)}  ${a.summary}: ${actionOutcomeText[a.outcome][lang]}${a.resultCode ? ` (${a.resultCode})` : ''}`),
  )
  section(
    S.timeline[lang],
    d.timeline.map((e) => `${time(e.ts)}  ${padEnd(enumLabels.eventKind[e.kind][lang], 8)} ${e.text}`),
  )
  section(
    S.evidence[lang],
    d.evidence.map((e) => `${e.path}  ${enumLabels.evidenceKind[e.kind][lang]}  ${formatBytes(e.size)}  sha256 ${e.sha256.slice(0, 16)}…`),
  )
  out.push('', S.report[lang](d.id))
  return out.join('\n')
}
