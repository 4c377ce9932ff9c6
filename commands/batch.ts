import {Args, Flags} from '@oclif/core'

import {runBatchCommand} from '../src/batch/command.js'
import type {BatchResult} from '../src/batch/run.js'
import {BaseCommand} from '../src/cli/base-command.js'

export default class Batch extends BaseCommand {
  static override summary = 'Check many terminals from a CSV fleet file'
  static override description = `One row per terminal. Columns (by header): name, tcp (HOST[:PORT]) or serial (PATH) with baud, password, host (acquirer HOST:PORT, several separated by ";"), tid, mid.
Checks run with bounded concurrency and a deadline per terminal; one unreachable terminal never stalls the run. A progress bar shows on a TTY.

Exit codes: 0 every terminal healthy (warnings allowed), 1 at least one terminal has a failing check or is unreachable, 2 the fleet file cannot be used.`

  static override examples = [
    '<%= config.bin %> batch fleet.csv',
    '<%= config.bin %> batch fleet.csv --checks status --concurrency 32 --json',
    '<%= config.bin %> batch fleet.csv --junit results.xml --csv results.csv',
  ]

  static override args = {file: Args.string({description: 'fleet CSV file', required: true})}

  static override flags = {
    checks: Flags.string({description: 'comma-separated: device, status, network', default: 'device'}),
    concurrency: Flags.integer({description: 'terminals checked at the same time', default: 16, min: 1, max: 256}),
    timeout: Flags.integer({description: 'deadline per terminal, seconds', default: 20, min: 1, max: 600}),
    junit: Flags.string({description: 'also write JUnit XML to this file'}),
    csv: Flags.string({description: 'also write one CSV row per terminal to this file'}),
  }

  async run(): Promise<BatchResult> {
    const {args, flags} = await this.parse(Batch)
    return runBatchCommand(this, args.file, flags)
  }
}
