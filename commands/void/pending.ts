import {Flags} from '@oclif/core'

import {BaseCommand} from '../../src/cli/base-command.js'
import {terminalFlags} from '../../src/cli/terminal-flags.js'
import {runVoidPending} from '../../src/actions/void-pending-command.js'
import type {PendingResult} from '../../src/actions/void-pending.js'

export default class VoidPending extends BaseCommand {
  static override summary = "List the voids and refunds whose outcome posdoc does not know (they block that receipt)"
  static override description = `Reads the terminal's action journal, the one \`void retry\` writes (same terminal flags), and lists every intent without an outcome, newest first: id, action, receipt, amount, when it started, attempts, the TID recorded and the APDU as recorded (masked). It reads files only: the terminal need not be reachable and nothing is sent. --all lists every terminal's journal.

Exit codes: 0 none pending, 1 some pending (that receipt is blocked until its outcome is known), 2 bad input.`

  static override examples = [
    '<%= config.bin %> void pending --tcp 192.168.1.50',
    '<%= config.bin %> void pending --all --json',
    '<%= config.bin %> void pending --journal-key tcp-192.168.1.50-20007-1a2b3c4d',
  ]

  static override flags = {
    ...terminalFlags,
    'journal-key': Flags.string({description: 'the journal by its key (file name without .jsonl), as --all shows it'}),
    all: Flags.boolean({description: "every terminal's journal in the data directory", default: false}),
  }

  async run(): Promise<PendingResult> {
    const {flags} = await this.parse(VoidPending)
    return runVoidPending(this, flags)
  }
}
