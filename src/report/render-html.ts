/**
 * The report as one self-contained HTML page: inline CSS, inline SVG, no scripts and no external
 * assets (a Content-Security-Policy of default-src 'none' makes sure); readable on a phone,
 * printable, CJK-safe (UTF-8, lang attribute, CJK font fallbacks, long ids wrap).
 */
import {formatBytes, formatTime} from '../case/format.js'
import {latencySvg} from './latency.js'
import type {CaseReport} from './model.js'
import {transactionRows, txLine} from './render-md.js'
import {enumText, fieldText as F, reportText, sectionText as S} from './report-text.js'

export function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;'})[c]!)
}

const CSS = `
:root{--fg:#1d2430;--muted:#5b6573;--bg:#f6f7f9;--card:#fff;--line:#e1e4e8;--pass:#1a7f37;--warn:#9a6700;--fail:#cf222e;--skip:#6e7781;--accent:#0b5cad;--accent-bg:#eef5fd}
@media (prefers-color-scheme:dark){:root{--fg:#e6e8eb;--muted:#9aa4b2;--bg:#111418;--card:#1a1f25;--line:#2d333b;--pass:#3fb950;--warn:#d29922;--fail:#f85149;--skip:#8b949e;--accent:#58a6ff;--accent-bg:#15233a}}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;background:var(--bg);color:var(--fg);font:16px/1.55 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,"PingFang SC","Hiragino Sans GB","Microsoft YaHei","Noto Sans CJK SC","Source Han Sans SC","WenQuanYi Micro Hei",sans-serif;overflow-wrap:anywhere;word-break:normal;line-break:auto}
main{max-width:880px;margin:0 auto;padding:16px}
header.head{padding:8px 0 4px}
.eyebrow{margin:0;color:var(--muted);font-size:.85rem;letter-spacing:.02em}
h1{font-size:1.45rem;line-height:1.3;margin:.25rem 0 .5rem}
h2{font-size:1.1rem;margin:0 0 .6rem}
h3{font-size:1rem;margin:0 0 .5rem}
section{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:14px 16px;margin:12px 0}
section.request{border-color:var(--accent);background:var(--accent-bg)}
.muted{color:var(--muted)}
.badge{display:inline-block;border-radius:999px;padding:1px 9px;font-size:.8rem;font-weight:600;border:1px solid currentColor;white-space:nowrap}
.st-pass{color:var(--pass)}.st-warn{color:var(--warn)}.st-fail,.st-error{color:var(--fail)}.st-skip{color:var(--skip)}.st-info{color:var(--accent)}
.pills{display:flex;flex-wrap:wrap;gap:6px;margin:.4rem 0 0}
dl.kv{display:grid;grid-template-columns:minmax(8em,max-content) 1fr;gap:4px 14px;margin:0}
dl.kv dt{color:var(--muted)}dl.kv dd{margin:0}
code,.mono{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,"Liberation Mono",monospace;font-size:.9em}
blockquote{margin:.5rem 0 0;padding:.4rem .8rem;border-left:4px solid var(--line);color:var(--fg)}
article.tx{border-top:1px solid var(--line);padding-top:10px;margin-top:10px}
article.tx:first-of-type{border-top:0;padding-top:0;margin-top:0}
ul.checks{list-style:none;margin:0;padding:0}
ul.checks>li{padding:8px 0;border-top:1px solid var(--line)}
ul.checks>li:first-child{border-top:0}
.check-head{display:flex;gap:8px;align-items:baseline;flex-wrap:wrap}
.cause,.remedy{margin:.25rem 0 0;font-size:.95rem}
details{margin-top:.3rem}summary{cursor:pointer;color:var(--muted);font-size:.85rem}
pre{overflow-x:auto;background:var(--bg);border-radius:6px;padding:8px;font-size:.8rem;margin:.3rem 0 0;white-space:pre-wrap}
ol.timeline{list-style:none;margin:0;padding:0 0 0 14px;border-left:2px solid var(--line)}
ol.timeline li{position:relative;padding:4px 0 8px 10px}
ol.timeline li::before{content:"";position:absolute;left:-21px;top:11px;width:10px;height:10px;border-radius:50%;background:var(--card);border:2px solid var(--muted)}
ol.timeline li.k-check::before{border-color:var(--accent)}ol.timeline li.k-action::before{border-color:var(--warn)}ol.timeline li.k-error::before{border-color:var(--fail)}ol.timeline li.k-answer::before,ol.timeline li.k-question::before{border-color:var(--pass)}
ol.timeline li.day{padding:2px 0 6px 10px;font-weight:600;color:var(--muted)}ol.timeline li.day::before{display:none}
ol.timeline time{font-variant-numeric:tabular-nums;color:var(--muted);margin-right:6px}
.kind{font-size:.75rem;text-transform:uppercase;letter-spacing:.04em;color:var(--muted);margin-right:6px}
.scroll{overflow-x:auto}
table{border-collapse:collapse;width:100%;font-size:.9rem}
th,td{text-align:left;padding:6px 8px;border-bottom:1px solid var(--line);vertical-align:top}
th{color:var(--muted);font-weight:600}
svg.chart{display:block;max-width:100%;height:auto}
svg .grid{stroke:var(--line);stroke-width:1}svg .axis{fill:var(--muted);font-size:11px}
svg .line{fill:none;stroke:var(--accent);stroke-width:2}svg .dot{fill:var(--accent)}
svg .median{stroke:var(--pass);stroke-dasharray:5 4;stroke-width:1.5}svg .lost{fill:var(--fail);font-size:14px;font-weight:700}
figure{margin:0 0 10px}figcaption{font-size:.9rem;color:var(--muted)}
footer{color:var(--muted);font-size:.85rem;text-align:center;padding:8px 0 24px}
@media (max-width:560px){main{padding:10px}section{padding:12px}dl.kv{grid-template-columns:1fr}dl.kv dt{margin-top:6px}h1{font-size:1.25rem}}
@media print{body{background:#fff}section{break-inside:avoid;border-color:#ccc}details{display:none}}
`.trim()

/** Pretty JSON with arrays of plain values kept on one line (latency samples stay readable). */
export function compactJson(v: unknown): string {
  // a raw newline only ever occurs between JSON tokens, never inside a string
  return JSON.stringify(v, null, 2).replace(/\[\n\s+([^[\]{}]*?)\n\s*\]/g, (_m, inner: string) => `[${inner.replace(/,\n\s*/g, ', ')}]`)
}

function kv(rows: Array<[string, string | undefined, boolean?]>): string {
  const shown = rows.filter(([, v]) => v !== undefined && v !== '')
  return `<dl class="kv">${shown.map(([k, v, mono]) => `<dt>${esc(k)}</dt><dd${mono ? ' class="mono"' : ''}>${esc(v!)}</dd>`).join('')}</dl>`
}

function badge(text: string, cls: string): string {
  return `<span class="badge ${cls}">${esc(text)}</span>`
}

const CASE_STATUS_CLASS: Record<string, string> = {open: 'st-info', resolved: 'st-pass', 'needs-acquirer': 'st-warn', aborted: 'st-skip'}
const OUTCOME_CLASS: Record<string, string> = {success: 'st-pass', failed: 'st-fail', 'in-doubt': 'st-warn', pending: 'st-info', skipped: 'st-skip', 'dry-run': 'st-skip', 'declined-by-user': 'st-skip'}
const VERDICT_CLASS: Record<string, string> = {resolved: 'st-pass', 'no-problem-found': 'st-pass', 'problem-found': 'st-fail', 'needs-acquirer': 'st-warn', 'acquirer-action': 'st-warn', 'merchant-action': 'st-fail', 'in-doubt': 'st-fail', wait: 'st-info', inconclusive: 'st-skip'}
const TX_STATE_CLASS: Record<string, string> = {approved: 'st-pass', declined: 'st-fail', reversed: 'st-warn', voided: 'st-warn', refunded: 'st-warn', 'in-doubt': 'st-fail', 'not-found': 'st-fail'}

export function renderHtml(r: CaseReport): string {
  const L = r.lang
  const tz = r.case.timeZone
  const time = (iso: string) => formatTime(iso, tz)
  const parts: string[] = []

  const c = r.counts.checks
  const pills = (['fail', 'error', 'warn', 'pass', 'skip'] as const)
    .filter((k) => c[k] > 0)
    .map((k) => badge(`${c[k]} ${enumText.checkStatus[k][L]}`, `st-${k}`))
    .join('')
  parts.push(
    `<header class="head"><p class="eyebrow">${esc(S.title[L])} · <span class="mono">${esc(r.case.id)}</span></p>`,
    `<h1>${esc(r.headline)}</h1>`,
    `<p>${badge(r.case.statusText, CASE_STATUS_CLASS[r.case.status] ?? 'st-info')} <span class="muted">${esc(F.created[L])} ${esc(time(r.case.createdAt))} · ${esc(F.updated[L])} ${esc(time(r.case.updatedAt))} · ${esc(tz ?? 'UTC')}</span></p>`,
    pills ? `<div class="pills">${pills}</div>` : '',
    `</header>`,
  )

  parts.push(`<section class="request"><h2>${esc(S.request[L])}</h2>`)
  if (r.acquirerRequest) {
    parts.push(`<p>${esc(r.acquirerRequest.summary)}</p>`)
    if (r.acquirerRequest.items.length) parts.push(`<ul>${r.acquirerRequest.items.map((i) => `<li>${esc(i)}</li>`).join('')}</ul>`)
  } else parts.push(`<p class="muted">${esc(S.noRequest[L])}</p>`)
  parts.push(`</section>`)

  parts.push(
    `<section><h2>${esc(S.identity[L])}</h2>`,
    kv([
      [F.merchantId[L], r.merchant.merchantId, true],
      [F.merchantName[L], r.merchant.merchantName],
      [F.terminalId[L], r.terminal.terminalId, true],
      [F.serialNumber[L], r.terminal.serialNumber, true],
      [F.model[L], r.terminal.model],
      [F.softwareVersion[L], r.terminal.softwareVersion, true],
      [F.acquirer[L], r.terminal.acquirer],
      [F.link[L], r.terminal.link, true],
    ]),
    `</section>`,
  )

  parts.push(`<section><h2>${esc(S.symptom[L])}</h2><p><strong>${esc(r.symptom.label)}</strong></p>`)
  if (r.symptom.merchantWords) parts.push(`<blockquote>${esc(r.symptom.merchantWords)}</blockquote>`)
  parts.push(`</section>`)

  parts.push(`<section><h2>${esc(S.verdict[L])}</h2>`)
  if (r.verdict) {
    parts.push(`<p>${badge(r.verdict.outcomeText, VERDICT_CLASS[r.verdict.outcome] ?? 'st-info')} ${esc(r.verdict.summary)}</p>`)
    if (r.verdict.cause) parts.push(`<p class="cause"><span class="muted">${esc(S.cause[L])}:</span> ${esc(r.verdict.cause)}</p>`)
    const v = r.verdict
    if (v.transaction) parts.push(`<p><span class="muted">${esc(S.verdictTx[L])}:</span> ${esc(txLine(v.transaction))}</p>`)
    if (v.candidates?.length) parts.push(`<p class="muted">${esc(S.candidates[L])}</p><ul>${v.candidates.map((c) => `<li>${esc(txLine(c))}</li>`).join('')}</ul>`)
    if (v.nextSteps?.length) parts.push(`<h3>${esc(S.nextSteps[L])}</h3><ol>${v.nextSteps.map((x) => `<li>${esc(x.text)} <code>${esc(x.code)}</code></li>`).join('')}</ol>`)
    if (v.doNot?.length) parts.push(`<h3>${esc(S.doNot[L])}</h3><ul>${v.doNot.map((x) => `<li>✗ ${esc(x.text)} <code>${esc(x.code)}</code></li>`).join('')}</ul>`)
    if (v.customerMessage) parts.push(`<p><span class="muted">${esc(S.customer[L])}:</span> ${esc(v.customerMessage)}</p>`)
    if (v.receiptText?.length) parts.push(`<h3>${esc(S.slip[L])}</h3><pre>${esc(v.receiptText.join('\n'))}</pre>`)
    if (r.verdict.findings.length) parts.push(`<ul>${r.verdict.findings.map((f) => `<li>${esc(f.text)}</li>`).join('')}</ul>`)
  } else parts.push(`<p class="muted">${esc(S.noVerdict[L])}</p>`)
  parts.push(`</section>`)

  parts.push(`<section><h2>${esc(S.transactions[L])}</h2>`)
  if (r.transactions.length === 0) parts.push(`<p class="muted">${esc(S.none[L])}</p>`)
  for (const t of r.transactions) {
    const title = `${F.transaction[L]} ${t.ref}${t.typeText ? ` — ${t.typeText}` : ''}${t.amountText ? `, ${t.amountText}` : ''}`
    parts.push(`<article class="tx"><h3>${esc(title)} ${t.stateText ? badge(t.stateText, TX_STATE_CLASS[t.state ?? ''] ?? 'st-info') : ''}</h3>`, kv(transactionRows(t, L)), `</article>`)
  }
  parts.push(`</section>`)

  parts.push(`<section><h2>${esc(S.checks[L])}</h2>`)
  if (r.checks.length === 0) parts.push(`<p class="muted">${esc(S.none[L])}</p>`)
  else {
    parts.push(`<ul class="checks">`)
    for (const ch of r.checks) {
      parts.push(
        `<li><div class="check-head">${badge(ch.statusText, `st-${ch.status}`)} <strong>${esc(ch.title)}</strong> <span>${esc(ch.summary)}</span> <span class="muted">${esc(time(ch.at))} · ${ch.durationMs} ms</span></div>`,
        ch.cause ? `<p class="cause"><span class="muted">${esc(S.cause[L])}:</span> ${esc(ch.cause)}</p>` : '',
        ch.remedy ? `<p class="remedy"><span class="muted">${esc(F.remedy[L])}:</span> ${esc(ch.remedy)}</p>` : '',
        Object.keys(ch.evidence).length ? `<details><summary>${esc(S.evidenceDetails[L])} · <span class="mono">${esc(ch.id)}</span></summary><pre>${esc(compactJson(ch.evidence))}</pre></details>` : '',
        `</li>`,
      )
    }
    parts.push(`</ul>`)
  }
  parts.push(`</section>`)

  if (r.latency.length) {
    parts.push(`<section><h2>${esc(S.latency[L])}</h2>`)
    for (const l of r.latency) {
      const ms = (v: number | undefined) => (v === undefined ? '—' : `${v} ms`)
      parts.push(
        `<figure>${latencySvg(l, {title: `${S.latency[L]}: ${l.title}`, lost: F.lost[L], median: F.median[L]})}`,
        `<figcaption><strong>${esc(l.title)}</strong> — ${esc(reportText.latencySummary[L](l.stats.count, l.stats.lost, ms(l.stats.minMs), ms(l.stats.medianMs), ms(l.stats.p95Ms)))}</figcaption></figure>`,
      )
    }
    parts.push(`</section>`)
  }

  parts.push(`<section><h2>${esc(S.actions[L])}</h2>`)
  if (r.actions.length === 0) parts.push(`<p class="muted">${esc(S.none[L])}</p>`)
  else {
    parts.push(`<ul class="checks">`)
    for (const a of r.actions) {
      const result = [a.resultCode, a.resultText].filter(Boolean).join(' ')
      parts.push(
        `<li><div class="check-head">${badge(a.outcomeText, OUTCOME_CLASS[a.outcome] ?? 'st-info')} <strong>${esc(a.kindText)}</strong> <span>${esc(a.summary)}</span> <span class="muted">${esc(time(a.startedAt))}</span></div>`,
        result ? `<p class="cause"><span class="muted">${esc(F.result[L])}:</span> <span class="mono">${esc(result)}</span></p>` : '',
        a.detail ? `<p class="remedy">${esc(a.detail)}</p>` : '',
        `</li>`,
      )
    }
    parts.push(`</ul>`)
  }
  parts.push(`</section>`)

  parts.push(`<section><h2>${esc(S.timeline[L])}</h2>`)
  if (r.timeline.length === 0) parts.push(`<p class="muted">${esc(S.none[L])}</p>`)
  else {
    parts.push(`<ol class="timeline">`)
    let day = ''
    for (const e of r.timeline) {
      const [d, t] = time(e.ts).split(' ')
      if (d !== day) {
        day = d ?? ''
        parts.push(`<li class="day">${esc(day)}</li>`)
      }
      parts.push(`<li class="k-${e.kind}"><time datetime="${esc(e.ts)}">${esc(t ?? e.ts)}</time><span class="kind">${esc(e.kindText)}</span>${esc(e.text)}</li>`)
    }
    parts.push(`</ol>`)
  }
  parts.push(`</section>`)

  if (r.answers.length) {
    parts.push(`<section><h2>${esc(S.answers[L])}</h2>`, kv(r.answers.map((a) => [a.question ?? a.questionId, a.display] as [string, string])), `</section>`)
  }

  parts.push(`<section><h2>${esc(S.evidence[L])}</h2>`)
  if (r.evidence.length === 0) parts.push(`<p class="muted">${esc(S.none[L])}</p>`)
  else {
    parts.push(
      `<div class="scroll"><table><thead><tr><th>${esc(F.file[L])}</th><th>${esc(F.kind[L])}</th><th>${esc(F.size[L])}</th><th>${esc(F.sha256[L])}</th><th>${esc(F.integrity[L])}</th></tr></thead><tbody>`,
      ...r.evidence.map(
        (e) =>
          `<tr><td class="mono">${esc(e.path)}</td><td>${esc(e.kindText)}</td><td>${esc(formatBytes(e.size))}</td><td class="mono">${esc(e.sha256)}</td><td class="${e.integrity === 'ok' ? 'st-pass' : 'st-fail'}">${esc(e.integrityText)}</td></tr>`,
      ),
      `</tbody></table></div><p class="muted">${esc(S.bundleNote[L])}</p>`,
    )
  }
  parts.push(`</section>`)

  parts.push(`<footer>${esc(F.generated[L])}: ${esc(reportText.generatedBy[L](r.generator.version, formatTime(r.generatedAt, tz, {offset: true})))}</footer>`)

  return [
    '<!doctype html>',
    `<html lang="${r.lang}">`,
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`,
    `<meta name="generator" content="posdoc ${esc(r.generator.version)}">`,
    `<title>${esc(S.title[L])}: ${esc(r.headline)}</title>`,
    `<style>${CSS}</style>`,
    '</head>',
    '<body><main>',
    ...parts.filter(Boolean),
    '</main></body>',
    '</html>',
    '',
  ].join('\n')
}
