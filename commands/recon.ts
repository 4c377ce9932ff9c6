import {Flags} from '@oclif/core'

import {BaseCommand} from '../src/cli/base-command.js'
import type {ReconResult} from '../src/recon/engine.js'

export default class Recon extends BaseCommand {
  static override summary = 'Reconcile the terminal journal with the acquirer settlement file'
  static override description = `Matches terminal records to settlement records (terminal ID + trace number, receipt number when the file has no trace column, within a day of the transaction date; amount, auth code and card last four checked) and puts every record in one category: settled; approved but not settled; reversed/voided but settled anyway; amount differs; settled but unknown to the terminal; still inside the settlement window (T+1, weekends); no settlement expected; outside the other file's period. Each item carries the most likely reason and what to ask the acquirer; every non-00 code is explained beside it.

Files are streamed (GBK or UTF-8, comma or tab, detected); profiles: see \`posdoc logs import --help\` and docs/csv-profiles.md.

Exit codes: 0 reconciled, 1 items need a look (or bad rows were skipped), 2 bad input (nothing usable in a file, unknown profile, bad --date).`

  static override examples = [
    '<%= config.bin %> recon --journal pull/transactions.csv --settlement settlement-29001006-20260305-0012.csv',
    '<%= config.bin %> recon --journal journal.csv --settlement 清算明细.csv --profile cn-acquirer-settlement --date 2026-03-05',
    '<%= config.bin %> recon --journal a.csv --settlement s1.csv --settlement s2.csv --out recon.csv --json',
  ]

  static override flags = {
    journal: Flags.string({description: 'terminal journal CSV (posdoc logs pull output, simulator journal, or a profile of kind journal); repeatable', required: true, multiple: true}),
    settlement: Flags.string({description: 'acquirer settlement CSV; repeatable (several days)', required: true, multiple: true}),
    profile: Flags.string({description: 'CSV profile to use instead of detection (one per kind); repeatable', multiple: true}),
    date: Flags.string({description: 'only transactions of this date or range: YYYY-MM-DD or FROM..TO'}),
    out: Flags.string({description: 'write every classified record to this file (.csv or .json)'}),
    format: Flags.string({description: 'format of --out (default: from the extension, else csv)', options: ['csv', 'json']}),
    'tolerance-days': Flags.integer({description: 'how many days the journal and settlement dates may differ for one transaction', default: 1, min: 0, max: 7}),
    'max-items': Flags.integer({description: 'how many items needing attention to list in the output (all are counted)', default: 200, min: 0}),
    encoding: Flags.string({description: 'file encoding (default: detected)', options: ['auto', 'utf-8', 'gb18030', 'gbk', 'utf-16le']}),
  }

  async run(): Promise<ReconResult> {
    const {flags} = await this.parse(Recon)
    // loaded here: csv-parse, iconv-lite and zod are not needed to list commands
    const {runRecon} = await import('../src/recon/recon-command.js')
    return runRecon(this, flags)
  }
}
