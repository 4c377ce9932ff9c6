/**
 * `posdoc report build`: case → model → md / json / html (+ zip bundle), through the redaction
 * gate. Order matters: evidence is re-hashed (integrity) and, for the zip, scanned; the reports
 * are rendered and scanned; only when nothing was found is anything written (temp + rename).
 */
import path from 'node:path'
import writeFileAtomic from 'write-file-atomic'

import type {CaseData} from '../case/schema.js'
import {ensureDir} from '../case/dirs.js'
import {hashFile} from '../case/evidence.js'
import type {CaseStore} from '../case/store.js'
import {getLang, type Lang} from '../i18n/index.js'
import {PosdocError} from '../output/errors.js'
import {ExitCode} from '../output/exit-codes.js'
import {systemClock, type Clock} from '../util/clock.js'
import {BundleChangedError, writeBundle} from './bundle.js'
import {buildReportModel, CaseReportSchema, type CaseReport, type EvidenceIntegrity} from './model.js'
import {redactionError, scanOutgoing, type OutgoingFile, type RedactionFinding} from './redact.js'
import {renderHtml} from './render-html.js'
import {renderMarkdown} from './render-md.js'
import {reportText} from './report-text.js'

export const REPORT_FORMATS = ['md', 'json', 'html', 'zip'] as const
export type ReportFormat = (typeof REPORT_FORMATS)[number]

export interface BuildReportOptions {
  /** default: all four */
  formats?: readonly ReportFormat[]
  /** default: <case folder>/report */
  outDir?: string
  /** labels language; default: the case's language */
  lang?: Lang
  /** posdoc version, for the generator field */
  version: string
  clock?: Clock
}

export interface BuildReportResult {
  schema: 'posdoc.report-build/1'
  caseId: string
  lang: Lang
  outDir: string
  /** absolute path per written format */
  outputs: Partial<Record<ReportFormat, string>>
  files: Array<{format: ReportFormat; path: string; size: number; sha256: string}>
  evidence: {count: number; changed: string[]; missing: string[]}
  redaction: {scannedFiles: number; findings: RedactionFinding[]}
}

export interface RenderedReport {
  model: CaseReport
  md: string
  json: string
  html: string
}

/** "md,html" → ['md', 'html']; REPORT_BAD_FORMAT (exit 2) for anything else. */
export function parseFormats(value: string | undefined): ReportFormat[] {
  if (value === undefined || value.trim() === '' || value.trim() === 'all') return [...REPORT_FORMATS]
  const out: ReportFormat[] = []
  for (const raw of value.split(',')) {
    const v = raw.trim().toLowerCase().replace(/^markdown$/, 'md')
    if (!(REPORT_FORMATS as readonly string[]).includes(v)) {
      throw new PosdocError({code: 'REPORT_BAD_FORMAT', exitCode: ExitCode.Usage, message: reportText.badFormat[getLang()](raw.trim()), remedy: reportText.badFormatRemedy[getLang()]})
    }
    if (!out.includes(v as ReportFormat)) out.push(v as ReportFormat)
  }
  return out
}

/** Model and all three renderings, in memory (the flow can show the Markdown on screen). */
export function renderCaseReport(data: CaseData, opts: {lang?: Lang; version: string; generatedAt: string; integrity?: Record<string, EvidenceIntegrity>}): RenderedReport {
  const model = buildReportModel(data, {lang: opts.lang ?? data.lang, generatedAt: opts.generatedAt, version: opts.version, ...(opts.integrity ? {integrity: opts.integrity} : {})})
  // self-check against the published contract: a mismatch is a bug, never a file on disk
  CaseReportSchema.parse(model)
  return {model, md: renderMarkdown(model), json: `${JSON.stringify(model, null, 2)}\n`, html: renderHtml(model)}
}

function outDirError(dir: string, e: unknown): PosdocError {
  const lang = getLang()
  const err = e as NodeJS.ErrnoException
  return new PosdocError({code: 'REPORT_OUT_DIR', exitCode: ExitCode.Usage, message: reportText.outDir[lang](dir, err.code ?? err.message), remedy: reportText.outDirRemedy[lang], details: {dir}, cause: e})
}

export async function buildCaseReport(store: CaseStore, ref: string, opts: BuildReportOptions): Promise<BuildReportResult> {
  const formats = opts.formats && opts.formats.length ? [...opts.formats] : [...REPORT_FORMATS]
  const clock = opts.clock ?? systemClock
  const {id, dir, data} = await store.read(ref)
  const lang = opts.lang ?? data.lang
  const outDir = path.resolve(opts.outDir ?? path.join(dir, 'report'))
  const wantZip = formats.includes('zip')

  // 1. evidence: integrity (and, for the zip, the gate's scan; one read per file)
  const integrity: Record<string, EvidenceIntegrity> = {}
  const present: Array<{name: string; path: string}> = []
  for (const e of data.evidence) {
    const file = path.join(dir, ...e.path.split('/'))
    try {
      const h = wantZip ? undefined : await hashFile(file)
      present.push({name: e.path, path: file})
      if (h) integrity[e.name] = h.sha256 === e.sha256 ? 'ok' : 'changed'
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err
      integrity[e.name] = 'missing'
    }
  }
  const evidenceScan = wantZip ? await scanOutgoing(present.map((p) => ({name: p.name, path: p.path}))) : {findings: [], files: []}
  for (const f of evidenceScan.files) {
    const rec = data.evidence.find((e) => e.path === f.name)
    if (rec) integrity[rec.name] = f.sha256 === rec.sha256 ? 'ok' : 'changed'
  }

  // 2. render and scan what would go out
  const rendered = renderCaseReport(data, {lang, version: opts.version, generatedAt: new Date(clock.now()).toISOString(), integrity})
  const texts: Array<{format: 'md' | 'json' | 'html'; name: string; content: Buffer}> = [
    {format: 'md', name: 'report.md', content: Buffer.from(rendered.md)},
    {format: 'json', name: 'report.json', content: Buffer.from(rendered.json)},
    {format: 'html', name: 'report.html', content: Buffer.from(rendered.html)},
  ]
  const outgoingTexts: OutgoingFile[] = texts.filter((t) => wantZip || formats.includes(t.format)).map((t) => ({name: t.name, content: t.content}))
  const textScan = await scanOutgoing(outgoingTexts)
  const findings = [...textScan.findings, ...evidenceScan.findings]
  if (findings.length) throw redactionError(findings, getLang())

  // 3. write (nothing above touched the output folder)
  try {
    await ensureDir(outDir)
  } catch (e) {
    throw outDirError(outDir, e)
  }
  const result: BuildReportResult = {
    schema: 'posdoc.report-build/1',
    caseId: id,
    lang,
    outDir,
    outputs: {},
    files: [],
    evidence: {
      count: data.evidence.length,
      changed: Object.entries(integrity).filter(([, v]) => v === 'changed').map(([k]) => k),
      missing: Object.entries(integrity).filter(([, v]) => v === 'missing').map(([k]) => k),
    },
    redaction: {scannedFiles: textScan.files.length + evidenceScan.files.length, findings: []},
  }
  // the bundle first: if evidence changes under us, nothing at all is left behind
  if (wantZip) {
    const file = path.join(outDir, `${id}.zip`)
    try {
      await writeBundle(file, {
        folder: id,
        files: texts.map((t) => ({name: t.name, content: t.content})),
        evidence: present.map((p) => ({...p, sha256: evidenceScan.files.find((f) => f.name === p.name)!.sha256})),
        date: new Date(rendered.model.generatedAt),
      })
    } catch (e) {
      if (e instanceof BundleChangedError) {
        const lang2 = getLang()
        throw new PosdocError({code: 'REPORT_EVIDENCE_CHANGED', exitCode: ExitCode.ProblemFound, message: reportText.changedDuringExport[lang2](e.file), remedy: reportText.changedDuringExportRemedy[lang2]})
      }
      throw outDirError(outDir, e)
    }
    const h = await hashFile(file)
    result.outputs.zip = file
    result.files.push({format: 'zip', path: file, size: h.size, sha256: h.sha256})
  }
  for (const t of texts) {
    if (!formats.includes(t.format)) continue
    const file = path.join(outDir, `${id}.${t.format}`)
    try {
      await writeFileAtomic(file, t.content)
    } catch (e) {
      throw outDirError(outDir, e)
    }
    const scanned = textScan.files.find((f) => f.name === t.name)!
    result.outputs[t.format] = file
    result.files.push({format: t.format, path: file, size: scanned.size, sha256: scanned.sha256})
  }
  result.files.sort((a, b) => REPORT_FORMATS.indexOf(a.format) - REPORT_FORMATS.indexOf(b.format))
  result.outputs = Object.fromEntries(result.files.map((f) => [f.format, f.path]))
  return result
}
