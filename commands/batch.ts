import {Args, Flags} from '@oclif/core'

import {runBatchCommand} from '../src/batch/command.js'
import {familyIds} from '../src/batch/families.js'
import type {BatchResult} from '../src/batch/run.js'
import {BaseCommand} from '../src/cli/base-command.js'

export default class Batch extends BaseCommand {
  static override summary = 'Check many terminals from a CSV fleet file'
  static override description = `One row per terminal. Columns (by header): name, tcp (HOST[:PORT]) or serial (PATH) with baud, password, host (acquirer HOST[:PORT], several separated by ";"; the network checks need it), tid, mid.
Checks run with bounded concurrency and a deadline per terminal; one unreachable terminal never stalls the run. A row with the address of an earlier row is reported as a duplicate and its terminal checked once. A terminal that answers but does not finish by the deadline is "slow"; one that does not answer at all is "unreachable". A progress bar shows on a TTY.
--shard K/N checks the share of the file whose terminal addresses hash to K (stable when rows are added); N runs with K = 1..N check every terminal once. --jsonl writes one JSON line per terminal as it finishes (concatenate the shards' output). See docs/batch.md.

Exit codes: 0 every terminal healthy (warnings allowed), 1 at least one terminal has a failing check or is slow, or a row is unusable, 3 the only trouble is terminals that did not answer, 2 bad flags or the fleet file cannot be used.`

  static override examples = [
    '<%= config.bin %> batch fleet.csv',
    '<%= config.bin %> batch fleet.csv --checks status --concurrency 32 --json',
    '<%= config.bin %> batch fleet.csv --junit results.xml --csv results.csv',
    '<%= config.bin %> batch fleet.csv --checks status,network --shard 3/8 --jsonl >> results.jsonl',
  ]

  static override args = {file: Args.string({description: 'fleet CSV file', required: true})}

  static override flags = {
    checks: Flags.string({description: `comma-separated check families: ${familyIds().join(', ')}`, default: 'device'}),
    concurrency: Flags.integer({description: 'terminals checked at the same time', default: 16, min: 1, max: 256}),
    timeout: Flags.integer({description: 'deadline per terminal, seconds', default: 20, min: 1, max: 600}),
    junit: Flags.string({description: 'also write JUnit XML to this file'}),
    csv: Flags.string({description: 'also write one CSV row per terminal to this file'}),
    shard: Flags.string({description: 'check only share K of N of the fleet (K/N, 1-based; by terminal address hash)'}),
    jsonl: Flags.boolean({description: 'write one JSON line per terminal to stdout as it finishes (nothing else on stdout)', exclusive: ['json']}),
  }

  // A 10,000-terminal result is tens of MB: oclif's colourising tokenizer would hold it several
  // times over (~180 MB more peak RSS), so the batch result is written as plain indented JSON.
  override logJson(json: unknown): void {
    process.stdout.write(`${JSON.stringify(json, null, 2)}\n`)
  }

  async run(): Promise<BatchResult> {
    const {args, flags} = await this.parse(Batch)
    return runBatchCommand(this, args.file, flags)
  }
}
