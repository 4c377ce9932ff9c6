import {Args, Flags} from '@oclif/core'

import {BaseCommand} from '../../src/cli/base-command.js'
import {getLang, parseLang} from '../../src/i18n/index.js'
import type {BuildReportResult} from '../../src/report/build.js'

export default class ReportBuild extends BaseCommand {
  static override summary = 'Build the case report for the acquirer (Markdown, JSON, HTML, zip bundle)'
  static override description = `Writes <id>.md (for pasting into a ticket), <id>.json (schema posdoc.case-report/1, see docs/report-schema.md), <id>.html (one self-contained page) and <id>.zip (the three reports, every evidence file and MANIFEST.sha256). Labels are in the case's language unless --lang is given.

Before anything is written, every outgoing file (and, for the zip, every evidence file) is scanned for card data: a full card number, track data, a CVV-like field or a PIN block refuses the export and names the file, line and kind.

Exit codes: 0 written, 1 refused (card data found, or evidence changed while zipping), 2 unknown case id, bad --format, damaged case.json or unwritable --out.`

  static override examples = [
    '<%= config.bin %> report build latest',
    '<%= config.bin %> report build 20261123-1432-void-failed-7f3a --format md,html --out ./reports',
    '<%= config.bin %> report build latest --format zip --lang en --json',
  ]

  static override args = {
    id: Args.string({description: 'case id, a unique start of one, or "latest"', required: true}),
  }

  static override flags = {
    format: Flags.string({description: 'comma-separated: md, json, html, zip', default: 'md,json,html,zip'}),
    out: Flags.string({description: 'folder to write to (default: the case folder\'s report/)'}),
  }

  async run(): Promise<BuildReportResult> {
    const {args, flags} = await this.parse(ReportBuild)
    const {CaseStore} = await import('../../src/case/store.js')
    const {buildCaseReport, parseFormats} = await import('../../src/report/build.js')
    const {reportText} = await import('../../src/report/report-text.js')
    const formats = parseFormats(flags.format)
    const result = await buildCaseReport(new CaseStore(), args.id, {
      formats,
      ...(flags.out ? {outDir: flags.out} : {}),
      ...(flags.lang ? {lang: parseLang(flags.lang)} : {}),
      version: this.config.version,
    })
    if (!this.jsonEnabled()) {
      const lang = getLang()
      this.log(reportText.written[lang])
      for (const f of result.files) this.log(`  ${f.format.padEnd(4)}  ${f.path}`)
      const {changed, missing} = result.evidence
      if (changed.length || missing.length) this.logToStderr(`${reportText.evidenceWarningLabel[lang]}: ${reportText.evidenceWarning[lang](changed, missing)}`)
    }
    return result
  }
}
