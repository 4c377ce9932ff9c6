import {Flags} from '@oclif/core'

import {BaseCommand} from '../src/cli/base-command.js'
import {terminalFlags} from '../src/cli/terminal-flags.js'
import {runDiagnose, type DiagnoseResult} from '../src/flows/diagnose-command.js'
import {SYMPTOMS} from '../src/flows/symptoms.js'

export default class Diagnose extends BaseCommand {
  static override summary = 'Guided diagnosis: pick what went wrong, posdoc runs the checks and writes a case report'
  static override description = `Asks what went wrong (in the merchant's words), asks only what cannot be measured, runs the checks that fit (device, network, journal, reprint, void, reconciliation), records everything in a case and writes its report (Markdown, JSON, HTML).

Without a TTY, or with --answers / --json, it never prompts: --symptom and a terminal are required, answers come from --answers FILE.json (by question id) and money-moving steps need --yes. The terminal is a terminal flag or the answer "terminal": "serial:/dev/ttyUSB0" (also "serial:COM3", "profile:NAME", "demo", or "tcp" with "tcp": "HOST[:PORT]").

Symptoms: ${SYMPTOMS.map((s) => s.id).join(', ')}.

Exit codes: 0 resolved / healthy, 1 problem found or the acquirer must act, 2 bad input or missing answers, 3 terminal unreachable, 4 aborted (the case stays open: --case ID resumes it).`

  static override examples = [
    '<%= config.bin %> diagnose --demo',
    '<%= config.bin %> diagnose --demo --symptom terminal-offline --json',
    '<%= config.bin %> diagnose --tcp 192.168.1.50 --symptom void-failed --answers answers.json --yes',
    '<%= config.bin %> diagnose --case latest',
  ]

  static override flags = {
    ...terminalFlags,
    symptom: Flags.string({description: 'what went wrong (skips the first question)', options: SYMPTOMS.map((s) => s.id)}),
    answers: Flags.string({description: 'answers by question id (JSON object); no prompts'}),
    case: Flags.string({description: 'resume this case (id, unique prefix or "latest"): its recorded answers are reused'}),
    settlement: Flags.string({description: "the acquirer's settlement file (CSV), to reconcile the payment in question"}),
    'acquirer-scenario': Flags.string({description: 'with --demo: fault scenario of the simulated acquirer host (see `posdoc sim --help`)'}),
    yes: Flags.boolean({description: 'allow money-moving steps (void) without asking', default: false}),
  }

  async run(): Promise<DiagnoseResult> {
    const {flags} = await this.parse(Diagnose)
    return runDiagnose(this, flags, this.config.version)
  }
}
