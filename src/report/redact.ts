/**
 * The redaction gate: every file an export would write (the rendered reports and, for the zip,
 * every evidence file) is scanned for card data before anything is written. Any finding refuses
 * the export (REPORT_CARD_DATA_FOUND, exit 1) and names file, line, column and kind, never the
 * data itself. The scan also hashes each file, so the bundle's manifest covers what was scanned.
 */
import {createHash} from 'node:crypto'
import {createReadStream} from 'node:fs'

import {findCardData, type CardDataKind} from '../case/card-data.js'
import type {Lang} from '../i18n/index.js'
import {PosdocError} from '../output/errors.js'
import {ExitCode} from '../output/exit-codes.js'
import {reportText} from './report-text.js'

export interface RedactionFinding {
  /** the file as it would be named in the export: report.md, evidence/wire-log.jsonl */
  file: string
  /** 1-based */
  line: number
  /** 1-based, in characters of the decoded line */
  column: number
  kind: CardDataKind
}

export type OutgoingFile = {name: string; content: string | Buffer} | {name: string; path: string}

export interface ScanResult {
  findings: RedactionFinding[]
  files: Array<{name: string; size: number; sha256: string}>
}

function decodeLine(bytes: Buffer): string {
  const utf8 = bytes.toString('utf8')
  return utf8.includes('\uFFFD') && !Buffer.from(utf8, 'utf8').equals(bytes) ? bytes.toString('latin1') : utf8
}

/** Scan bytes line by line; `carry` handling lets a file stream in chunks. */
class LineScanner {
  readonly findings: RedactionFinding[] = []
  private carry: Buffer = Buffer.alloc(0)
  private line = 0
  private readonly hash = createHash('sha256')
  size = 0

  constructor(private readonly name: string) {}

  push(chunk: Buffer): void {
    this.hash.update(chunk)
    this.size += chunk.length
    const buf = this.carry.length ? Buffer.concat([this.carry, chunk]) : chunk
    let start = 0
    for (let nl = buf.indexOf(0x0a, start); nl >= 0; nl = buf.indexOf(0x0a, start)) {
      this.scan(buf.subarray(start, nl))
      start = nl + 1
    }
    this.carry = Buffer.from(buf.subarray(start))
    // a binary blob without newlines: scan what we have (a PAN straddling this cut is unlikely)
    if (this.carry.length > 1 << 20) {
      this.scan(this.carry, true)
      this.carry = Buffer.alloc(0)
    }
  }

  end(): {size: number; sha256: string} {
    if (this.carry.length) this.scan(this.carry)
    this.carry = Buffer.alloc(0)
    return {size: this.size, sha256: this.hash.digest('hex')}
  }

  private scan(bytes: Buffer, partial = false): void {
    if (!partial) this.line++
    const text = decodeLine(bytes[bytes.length - 1] === 0x0d ? bytes.subarray(0, -1) : bytes)
    for (const m of findCardData(text)) {
      this.findings.push({file: this.name, line: Math.max(1, this.line), column: [...text.slice(0, m.index)].length + 1, kind: m.kind})
    }
  }
}

export async function scanOutgoing(files: OutgoingFile[]): Promise<ScanResult> {
  const result: ScanResult = {findings: [], files: []}
  for (const f of files) {
    const scanner = new LineScanner(f.name)
    if ('content' in f) scanner.push(Buffer.from(f.content))
    else for await (const chunk of createReadStream(f.path)) scanner.push(chunk as Buffer)
    const {size, sha256} = scanner.end()
    result.findings.push(...scanner.findings)
    result.files.push({name: f.name, size, sha256})
  }
  return result
}

/** "evidence/wire.jsonl:12:40 full card number" — location and kind only. */
export function describeFinding(f: RedactionFinding, lang: Lang): string {
  return `${f.file}:${f.line}:${f.column} ${reportText.kind[f.kind]![lang]}`
}

export function redactionError(findings: RedactionFinding[], lang: Lang): PosdocError {
  const shown = findings.slice(0, 5).map((f) => describeFinding(f, lang))
  const more = findings.length > shown.length ? (lang === 'zh-CN' ? `，另有 ${findings.length - shown.length} 处` : `, +${findings.length - shown.length} more`) : ''
  return new PosdocError({
    code: 'REPORT_CARD_DATA_FOUND',
    exitCode: ExitCode.ProblemFound,
    message: reportText.cardData[lang](findings.length, shown.join(lang === 'zh-CN' ? '；' : '; ') + more),
    remedy: reportText.cardDataRemedy[lang],
    details: {findings},
  })
}
