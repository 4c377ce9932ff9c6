import {Args, Flags} from '@oclif/core'

import {BaseCommand} from '../../src/cli/base-command.js'
import type {ImportResult} from '../../src/logs/import-command.js'

export default class LogsImport extends BaseCommand {
  static override summary = 'Read a journal or settlement CSV export and normalise it'
  static override description = `Streams the file (never loaded whole): encoding detected (BOM → UTF-8; not valid UTF-8 → GB18030/GBK) or --encoding, delimiter detected (comma, tab, semicolon, pipe), header line found, profile chosen by the header (or --profile); when no profile fits, the columns are recognised from their header words (中文 or English: TID/终端号, Trace No/凭证号/流水号, Amount/交易金额, 清算日期, …), amounts in yuan or cents and the date order decided from the data, and the mapping is shown (--map FIELD=HEADER corrects one). Every bad row is reported with its line number and reason and counted; every non-00 result code is explained.

Built-in profiles: posdoc-journal, posdoc-settlement, posdoc-sim-journal, posdoc-sim-settlement, cn-acquirer-settlement (GBK, 中文 headers, yuan), en-acquirer-settlement (tab/comma, cents). Add your own under "csvProfiles" in the config file (docs/csv-profiles.md).

Exit codes: 0 all rows read, 1 some rows could not be read (counted and listed), 2 nothing usable (empty file, header only, unknown columns, unreadable).`

  static override examples = [
    '<%= config.bin %> logs import 清算明细_20260305.csv',
    '<%= config.bin %> logs import export.tsv --profile en-acquirer-settlement --out normalised.csv',
    '<%= config.bin %> logs import journal.csv --kind journal --json',
    '<%= config.bin %> logs import export.csv --map traceNumber="Voucher No" --map terminalId=Kasse',
  ]

  static override args = {
    file: Args.string({description: 'the CSV file', required: true}),
  }

  static override flags = {
    profile: Flags.string({description: 'CSV profile to use instead of detection'}),
    kind: Flags.string({description: 'only consider profiles of this kind', options: ['journal', 'settlement']}),
    encoding: Flags.string({description: 'file encoding (default: detected)', options: ['auto', 'utf-8', 'gb18030', 'gbk', 'utf-16le']}),
    out: Flags.string({description: "write the normalised records to this file (posdoc's transaction list: .csv or .json)"}),
    format: Flags.string({description: 'format of --out (default: from the extension, else csv)', options: ['csv', 'json']}),
    map: Flags.string({description: 'FIELD=HEADER: read FIELD from the column HEADER (overrides a profile or the header words); repeatable, e.g. --map traceNumber=凭证号', multiple: true}),
  }

  async run(): Promise<ImportResult> {
    const {args, flags} = await this.parse(LogsImport)
    const {runImport} = await import('../../src/logs/import-command.js')
    return runImport(this, args.file, flags)
  }
}
