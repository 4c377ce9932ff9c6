import {Flags} from '@oclif/core'

import {BaseCommand} from '../../src/cli/base-command.js'
import {terminalFlags} from '../../src/cli/terminal-flags.js'
import {runVoidResolve} from '../../src/actions/void-resolve-command.js'
import {MANUAL_OUTCOMES, type ResolveResult} from '../../src/actions/void-resolve.js'

export default class VoidResolve extends BaseCommand {
  static override summary = 'Close by hand an intent the terminal can never prove, with proof from elsewhere'
  static override description = `For support agents: an intent without an outcome blocks its receipt for good when the terminal can never tell what happened (replaced, journal lost, batch closed). With proof from elsewhere (the acquirer's records, a printed slip), record its outcome: succeeded (the void happened; posdoc never sends it again), already-reversed (the sale had been voided before), not-done (no money moved; the next \`void retry\` may void it again). The record is final, carries the evidence (card numbers masked), user, host and pid, and is written under the terminal's lock. Never talks to the terminal. Without terminal flags the id is looked for in every journal.

Exit codes: 0 recorded, 2 bad input / unknown id / already resolved (nothing written), 3 another posdoc holds the terminal, 4 not confirmed.`

  static override examples = [
    '<%= config.bin %> void resolve --intent 3f1c9a52-7d0e-4c1b-9e2a-5b8d1c0f4a17 --outcome succeeded --evidence "acquirer ticket 4711: reversal of trace 000172 approved"',
    '<%= config.bin %> void resolve --tcp 192.168.1.50 --intent 3f1c9a52-7d0e-4c1b-9e2a-5b8d1c0f4a17 --outcome not-done --evidence "acquirer: no reversal received" --yes --json',
  ]

  static override flags = {
    ...terminalFlags,
    'journal-key': Flags.string({description: 'the journal by its key, as `void pending --all` shows it'}),
    intent: Flags.string({description: 'id of the intent, as `void pending` shows it', required: true}),
    outcome: Flags.option({description: 'what really happened', options: MANUAL_OUTCOMES, required: true})(),
    evidence: Flags.string({description: 'what proves it: acquirer ticket, statement line, slip (card numbers are masked)', required: true}),
    yes: Flags.boolean({char: 'y', description: 'record without asking (required when not on a TTY)', default: false}),
  }

  async run(): Promise<ResolveResult> {
    const {flags} = await this.parse(VoidResolve)
    return runVoidResolve(this, flags)
  }
}
