import {Flags} from '@oclif/core'

import {BaseCommand} from '../src/cli/base-command.js'
import type {ReconResult} from '../src/recon/engine.js'

export default class Recon extends BaseCommand {
  static override summary = 'Reconcile the terminal journal with the acquirer settlement file'
  static override description = `Matches terminal records to settlement records (terminal ID + trace number, receipt number when the file has no trace column, within a day of the transaction date; amount, auth code and card last four checked) and puts every record in one category: settled; approved but not settled; reversed/voided but settled anyway; amount differs; settled but unknown to the terminal; still inside the settlement window (T+1, weekends); no settlement expected; outside the other file's period. Each item carries the most likely reason and what to ask the acquirer; every non-00 code is explained beside it.

Files are streamed (GBK or UTF-8, comma or tab, detected). A file no profile fits is mapped from its header words (中文 or English; yuan or cents and the date order decided from the data); the mapping is shown, --map FIELD=HEADER corrects one. Voids and reversals are linked to their sale (original trace, else RRN, else auth code, same terminal and day). Profiles: see \`posdoc logs import --help\` and docs/csv-profiles.md.

With --payouts BANK.csv the settlement file's daily net totals (gross − fees per merchant ID and settlement date) are checked against the bank statement's credits: paid, late, short, missing (weekends and public holidays of the CN or DE calendar), each with what to ask whom.

Exit codes: 0 reconciled, 1 items need a look (or bad rows were skipped), 2 bad input (nothing usable in a file, unknown profile, bad --date).`

  static override examples = [
    '<%= config.bin %> recon --journal pull/transactions.csv --settlement settlement-29001006-20260305-0012.csv',
    '<%= config.bin %> recon --journal journal.csv --settlement 清算明细.csv --profile cn-acquirer-settlement --date 2026-03-05',
    '<%= config.bin %> recon --journal a.csv --settlement s1.csv --settlement s2.csv --out recon.csv --json',
    '<%= config.bin %> recon --journal terminal-export.csv --settlement 清算明细.csv --payouts 账户明细.csv --calendar CN',
    '<%= config.bin %> recon --journal export.csv --settlement settlement.csv --map traceNumber="Voucher No"',
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
    payouts: Flags.string({description: "the merchant's bank statement (CSV, GBK or UTF-8): check that each day's settled net total (per merchant ID and settlement date) was credited, on time and in full"}),
    calendar: Flags.string({description: 'business days for --payouts: CN or DE (weekends, public holidays; default: the config file\'s payoutCalendar.base, else CN)', options: ['CN', 'DE']}),
    map: Flags.string({description: 'FIELD=HEADER: read FIELD from the column HEADER in every file that has it (overrides a profile or the header words); repeatable', multiple: true}),
  }

  async run(): Promise<ReconResult> {
    const {flags} = await this.parse(Recon)
    // loaded here: csv-parse, iconv-lite and zod are not needed to list commands
    const {runRecon} = await import('../src/recon/recon-command.js')
    return runRecon(this, flags)
  }
}
