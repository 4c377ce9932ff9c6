/** The report as Markdown for pasting into a ticket: headings, tables and lists only (no HTML). */
import {formatBytes, formatTime} from '../case/format.js'
import type {Lang} from '../i18n/index.js'
import type {CaseReport, ReportTransaction} from './model.js'
import {enumText, fieldText as F, reportText, sectionText as S} from './report-text.js'

/** Escape what would turn text into markup (emphasis, HTML, table cells). */
export function mdText(s: string): string {
  return s.replace(/[\\`*_<>|[\]]/g, (c) => `\\${c}`).replace(/\r?\n/g, '  \n')
}

function cell(s: string | undefined): string {
  return s === undefined || s === '' ? '—' : mdText(s).replace(/ {2}\n/g, ' ')
}

function code(s: string | undefined): string {
  return s === undefined || s === '' ? '—' : `\`${s.replace(/`/g, "'")}\``
}

function table(head: string[], rows: string[][]): string[] {
  return [`| ${head.map(cell).join(' | ')} |`, `| ${head.map(() => '---').join(' | ')} |`, ...rows.map((r) => `| ${r.join(' | ')} |`)]
}

/** Transaction fields in the order an acquirer reads them. */
export function transactionRows(t: ReportTransaction, lang: Lang): Array<[string, string | undefined, boolean]> {
  return [
    [F.type[lang], t.typeText, false],
    [F.role[lang], t.roleText, false],
    [F.time[lang], t.time, false],
    [F.amount[lang], t.amountText, false],
    [F.panMasked[lang], t.panMasked, true],
    [F.cardType[lang], t.cardType, false],
    [F.entryMode[lang], t.entryMode, false],
    [F.traceNumber[lang], t.traceNumber, true],
    [F.receiptNumber[lang], t.receiptNumber, true],
    [F.turnoverNumber[lang], t.turnoverNumber, true],
    [F.authCode[lang], t.authCode, true],
    [F.batchNumber[lang], t.batchNumber, true],
    [F.rrn[lang], t.rrn, true],
    [F.terminalId[lang], t.terminalId, true],
    [F.orderNumber[lang], t.orderNumber, true],
    [F.platformTransactionId[lang], t.platformTransactionId, true],
    [F.result[lang], [t.resultCode, t.resultText].filter(Boolean).join(' ') || undefined, false],
    [F.state[lang], t.stateText, false],
    [F.source[lang], t.source ? enumText.txSource[t.source][lang] : undefined, false],
    [F.original[lang], t.originalRef, false],
    [F.note[lang], t.note, false],
  ]
}

export function renderMarkdown(r: CaseReport): string {
  const L = r.lang
  const tz = r.case.timeZone
  const time = (iso: string) => formatTime(iso, tz)
  const out: string[] = []
  const kv = (rows: Array<[string, string | undefined, boolean?]>) =>
    table([F.field[L], F.value[L]], rows.filter(([, v]) => v !== undefined && v !== '').map(([k, v, isCode]) => [cell(k), isCode ? code(v) : cell(v)]))

  out.push(`# ${mdText(S.title[L])}: ${mdText(r.headline)}`, '')
  out.push(
    ...kv([
      [F.caseId[L], r.case.id, true],
      [F.status[L], r.case.statusText],
      [F.created[L], time(r.case.createdAt)],
      [F.updated[L], time(r.case.updatedAt)],
      [F.timeZone[L], `${tz ?? 'UTC'} (${formatTime(r.case.createdAt, tz, {offset: true}).split(' ').pop()})`],
    ]),
    '',
  )

  out.push(`## ${mdText(S.request[L])}`, '')
  if (r.acquirerRequest) {
    out.push(mdText(r.acquirerRequest.summary), '')
    for (const item of r.acquirerRequest.items) out.push(`- ${mdText(item)}`)
    if (r.acquirerRequest.items.length) out.push('')
  } else out.push(mdText(S.noRequest[L]), '')

  out.push(`## ${mdText(S.identity[L])}`, '')
  out.push(
    ...kv([
      [F.merchantId[L], r.merchant.merchantId, true],
      [F.merchantName[L], r.merchant.merchantName],
      [F.terminalId[L], r.terminal.terminalId, true],
      [F.serialNumber[L], r.terminal.serialNumber, true],
      [F.model[L], r.terminal.model],
      [F.softwareVersion[L], r.terminal.softwareVersion, true],
      [F.acquirer[L], r.terminal.acquirer],
      [F.link[L], r.terminal.link, true],
    ]),
    '',
  )

  out.push(`## ${mdText(S.symptom[L])}`, '')
  out.push(`**${mdText(r.symptom.label)}**`, '')
  if (r.symptom.merchantWords) out.push(`> ${mdText(r.symptom.merchantWords).replace(/ {2}\n/g, '  \n> ')}`, '')

  out.push(`## ${mdText(S.verdict[L])}`, '')
  if (r.verdict) {
    out.push(`**${mdText(r.verdict.outcomeText)}**: ${mdText(r.verdict.summary)}`, '')
    if (r.verdict.cause) out.push(`${mdText(S.cause[L])}: ${mdText(r.verdict.cause)}`, '')
    const v = r.verdict
    if (v.transaction) out.push(`${mdText(S.verdictTx[L])}: ${mdText(txLine(v.transaction))}`, '')
    else if (v.transactionReason) out.push(`${mdText(S.verdictTx[L])}: — ${mdText(v.transactionReason)}`, '')
    if (v.candidates?.length) out.push(`${mdText(S.candidates[L])}:`, '', ...v.candidates.map((c) => `- ${mdText(txLine(c))}`), '')
    if (v.nextSteps?.length) out.push(`**${mdText(S.nextSteps[L])}**`, '', ...v.nextSteps.map((x, i) => `${i + 1}. ${mdText(x.text)} \`${x.code}\``), '')
    if (v.doNot?.length) out.push(`**${mdText(S.doNot[L])}**`, '', ...v.doNot.map((x) => `- ✗ ${mdText(x.text)} \`${x.code}\``), '')
    if (v.expectedDate) out.push(`${mdText(S.expected[L])}: ${mdText(v.expectedDate)}`, '')
    if (v.customerMessage) out.push(`${mdText(S.customer[L])}: ${mdText(v.customerMessage)}`, '')
    if (v.receiptText?.length) out.push(`${mdText(S.slip[L])}:`, '', '```', ...v.receiptText, '```', '')
    for (const f of r.verdict.findings) out.push(`- ${mdText(f.text)}`)
    if (r.verdict.findings.length) out.push('')
  } else out.push(mdText(S.noVerdict[L]), '')

  out.push(`## ${mdText(S.transactions[L])}`, '')
  if (r.transactions.length === 0) out.push(mdText(S.none[L]), '')
  for (const t of r.transactions) {
    out.push(`### ${mdText(F.transaction[L])} ${mdText(t.ref)}${t.typeText ? ` — ${mdText(t.typeText)}` : ''}${t.amountText ? `, ${mdText(t.amountText)}` : ''}`, '')
    out.push(...kv(transactionRows(t, L)), '')
  }

  out.push(`## ${mdText(S.checks[L])}`, '')
  if (r.checks.length === 0) out.push(mdText(S.none[L]), '')
  else {
    out.push(
      ...table(
        [F.status[L], F.check[L], F.measured[L], S.cause[L], F.remedy[L], F.time[L]],
        r.checks.map((c) => [`**${cell(c.statusText)}**`, cell(c.title), cell(c.summary), cell(c.cause), cell(c.remedy), cell(time(c.at))]),
      ),
      '',
    )
  }
  if (r.latency.length) {
    out.push(`### ${mdText(S.latency[L])}`, '')
    for (const l of r.latency) {
      const ms = (v: number | undefined) => (v === undefined ? '—' : `${v} ms`)
      out.push(`- ${mdText(l.title)} (${code(l.checkId)}): ${mdText(reportText.latencySummary[L](l.stats.count, l.stats.lost, ms(l.stats.minMs), ms(l.stats.medianMs), ms(l.stats.p95Ms)))}`)
    }
    out.push('')
  }

  out.push(`## ${mdText(S.actions[L])}`, '')
  if (r.actions.length === 0) out.push(mdText(S.none[L]), '')
  else {
    out.push(
      ...table(
        [F.time[L], F.action[L], F.outcome[L], F.result[L], F.detail[L]],
        r.actions.map((a) => [
          cell(time(a.startedAt)),
          `${cell(a.kindText)}: ${cell(a.summary)}`,
          `**${cell(a.outcomeText)}**`,
          cell([a.resultCode, a.resultText].filter(Boolean).join(' ') || undefined),
          cell([a.detail, a.txRef ? `${F.transaction[L]} ${a.txRef}` : undefined].filter(Boolean).join('; ') || undefined),
        ]),
      ),
      '',
    )
  }

  out.push(`## ${mdText(S.timeline[L])}`, '')
  if (r.timeline.length === 0) out.push(mdText(S.none[L]), '')
  else out.push(...table([F.time[L], F.kind[L], F.what[L]], r.timeline.map((e) => [cell(time(e.ts)), cell(e.kindText), cell(e.text)])), '')

  if (r.answers.length) {
    out.push(`## ${mdText(S.answers[L])}`, '')
    out.push(...table([F.question[L], F.answer[L]], r.answers.map((a) => [cell(a.question ?? a.questionId), cell(a.display)])), '')
  }

  out.push(`## ${mdText(S.evidence[L])}`, '')
  if (r.evidence.length === 0) out.push(mdText(S.none[L]), '')
  else {
    out.push(
      ...table(
        [F.file[L], F.kind[L], F.size[L], F.sha256[L], F.integrity[L]],
        r.evidence.map((e) => [code(e.path), cell(e.kindText), cell(formatBytes(e.size)), code(e.sha256), e.integrity === 'ok' ? cell(e.integrityText) : `**${cell(e.integrityText)}**`]),
      ),
      '',
      mdText(S.bundleNote[L]),
      '',
    )
  }

  out.push('---', '', `${mdText(F.generated[L])}: ${mdText(reportText.generatedBy[L](r.generator.version, formatTime(r.generatedAt, tz, {offset: true})))}`, '')
  return out.join('\n')
}

/** One line for a verdict's transaction: every identifier it has, values as recorded. */
export function txLine(t: Record<string, unknown>): string {
  const keys = ['terminalId', 'traceNumber', 'receiptNumber', 'rrn', 'authCode', 'batchNumber', 'amountCents', 'currency', 'localTime', 'panMasked', 'state', 'source', 'orderNumber']
  return keys
    .filter((k) => t[k] !== undefined && t[k] !== null)
    .map((k) => `${k} ${k === 'amountCents' ? (Number(t[k]) / 100).toFixed(2) : String(t[k])}`)
    .join(' · ')
}
