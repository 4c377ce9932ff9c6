import {Flags} from '@oclif/core'

import {BaseCommand} from '../../src/cli/base-command.js'
import {terminalFlags} from '../../src/cli/terminal-flags.js'
import {runVoidRetry} from '../../src/actions/void-command.js'
import type {VoidResult} from '../../src/actions/void-retry.js'

export default class VoidRetry extends BaseCommand {
  static override summary = 'Void (reverse) a card sale safely, after finding out what really happened to it'
  static override description = `State first, never blind: reads the terminal's journal and last result before sending anything. An already reversed sale is reported and nothing is sent; a sale of a closed batch needs a refund (--refund --amount, with confirmation). Every reversal is written to the action journal (fsync) before it is sent; a reversal whose answer is lost is resolved by asking the terminal, never by sending it again. Only one posdoc drives a terminal at a time.

Exit codes: 0 voided / already voided / dry run, 1 not done (refused, refund needed, outcome still unknown from an earlier run), 2 bad input (nothing sent), 3 terminal unreachable or busy, or the outcome is in doubt, 4 not confirmed.`

  static override examples = [
    '<%= config.bin %> void retry --demo --receipt 40 --dry-run',
    '<%= config.bin %> void retry --tcp 192.168.1.50 --password 123456 --receipt 42',
    '<%= config.bin %> void retry --serial /dev/ttyUSB0 --password 123456 --receipt 42 --amount 12.30 --yes --json',
    '<%= config.bin %> void retry --tcp 192.168.1.50 --password 123456 --receipt 42 --refund --amount 12.30',
  ]

  static override flags = {
    ...terminalFlags,
    receipt: Flags.string({description: 'receipt number of the sale to void (Receipt / 凭证号 on the slip)', required: true}),
    amount: Flags.string({description: 'amount of the sale as on the slip, e.g. 12.30; checked against the terminal before anything is sent (refund: the amount to give back)'}),
    refund: Flags.boolean({description: 'if the sale can no longer be voided (batch closed), refund --amount to the card instead', default: false}),
    'dry-run': Flags.boolean({description: 'show exactly what would be sent; send nothing that moves money', default: false}),
    yes: Flags.boolean({char: 'y', description: 'confirm without asking (required when not on a TTY)', default: false}),
    tid: Flags.string({description: 'terminal ID printed on the slip: refuse if the terminal is a different one'}),
    attempts: Flags.integer({description: 'attempts when the terminal answers "busy / no connection" (with pauses)', default: 3, min: 1, max: 5}),
    timeout: Flags.integer({description: 'seconds to wait for the terminal to finish the reversal (ZVT T4)', default: 180, min: 1, max: 900}),
    'wire-log': Flags.string({description: 'append the masked wire log (one JSON line per exchange) to this file'}),
  }

  async run(): Promise<VoidResult> {
    const {flags} = await this.parse(VoidRetry)
    return runVoidRetry(this, flags)
  }
}
