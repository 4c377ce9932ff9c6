import {Flags} from '@oclif/core'

import {BaseCommand} from '../../src/cli/base-command.js'
import {terminalFlags} from '../../src/cli/terminal-flags.js'
import type {PullResult} from '../../src/logs/pull.js'

export default class LogsPull extends BaseCommand {
  static override summary = "Collect the terminal's journal, last transaction, totals and wire log into one folder"
  static override description = `Reads the journal over ZVT (Read File 01 where the terminal offers it, else the journal printout via Repeat Receipt, kept verbatim), the last transaction's status information (no printout), the open batch's turnover totals and posdoc's own masked wire log, and writes one normalised transaction list (time, type sale/void/refund/reversal, amount, currency, masked card number, card type, trace, receipt and turnover numbers, auth code, TID, batch, result code with its meaning, final state) as CSV or JSON, plus the raw evidence files and a manifest with SHA-256 sums.

Default folder: <data dir>/logs/<terminal>/<date-time>. Card numbers are masked everywhere.

Exit codes: 0 everything collected, 1 collected with gaps (no journal file, unreadable rows), 2 bad input, 3 terminal unreachable.`

  static override examples = [
    '<%= config.bin %> logs pull --demo --out ./pull',
    '<%= config.bin %> logs pull --tcp 192.168.1.50 --since 2026-03-01 --format json',
    '<%= config.bin %> logs pull --serial /dev/ttyUSB0 --baud auto --out ./case-123',
  ]

  static override flags = {
    ...terminalFlags,
    since: Flags.string({description: 'only transactions from this date on: YYYY-MM-DD or "YYYY-MM-DD HH:MM" (the evidence files stay complete)'}),
    out: Flags.string({description: 'output folder (created if missing)'}),
    format: Flags.string({description: 'format of the transaction list', options: ['csv', 'json'], default: 'csv'}),
  }

  async run(): Promise<PullResult> {
    const {flags} = await this.parse(LogsPull)
    const {runPull} = await import('../../src/logs/pull-command.js')
    return runPull(this, flags)
  }
}
