import {Flags} from '@oclif/core'

import {BaseCommand} from '../../src/cli/base-command.js'
import {terminalFlags} from '../../src/cli/terminal-flags.js'
import {runReprint} from '../../src/actions/reprint-command.js'
import type {ReprintResult} from '../../src/actions/reprint.js'

export default class ReceiptReprint extends BaseCommand {
  static override summary = 'Reprint a lost or unusable slip, and deliver it as text'
  static override description = `Asks the terminal for the slip (ZVT Repeat Receipt) and captures every line as text, then prints it on the terminal's printer. A printer that is not ready is named with its fix, and the text is still delivered (--save writes it as an e-receipt). A slip the terminal no longer holds (batch closed by end-of-day) must come from the acquirer: posdoc lists what to ask for.

A terminal that stops answering in the middle (it rebooted) is given up on after --timeout seconds (default 180, the ZVT T4).

Exit codes: 0 printed (or text delivered with --no-paper), 1 not printed (printer not ready, slip no longer on the terminal), 2 bad input, 3 terminal unreachable or busy, or silent for --timeout seconds.`

  static override examples = [
    '<%= config.bin %> receipt reprint --demo --last',
    '<%= config.bin %> receipt reprint --tcp 192.168.1.50 --receipt 42 --copy merchant',
    '<%= config.bin %> receipt reprint --serial /dev/ttyUSB0 --last --save slip.txt --json',
    '<%= config.bin %> receipt reprint --tcp 192.168.1.50 --last --timeout 30',
  ]

  static override flags = {
    ...terminalFlags,
    last: Flags.boolean({description: 'the most recent slip', default: false}),
    receipt: Flags.string({description: 'receipt number of the slip (Receipt / 凭证号)'}),
    copy: Flags.string({description: 'which copy', options: ['customer', 'merchant'], default: 'customer'}),
    save: Flags.string({description: 'also write the slip text to this file (an e-receipt for the customer)'}),
    paper: Flags.boolean({description: "print on the terminal's printer (--no-paper: text only)", default: true, allowNo: true}),
    tid: Flags.string({description: 'terminal ID printed on the slip: refuse if the terminal is a different one'}),
    timeout: Flags.integer({description: 'seconds to wait for the terminal to finish a command (ZVT T4), e.g. a terminal that rebooted in the middle', default: 180, min: 1, max: 900}),
    'wire-log': Flags.string({description: 'append the masked wire log (one JSON line per exchange) to this file'}),
  }

  async run(): Promise<ReprintResult> {
    const {flags} = await this.parse(ReceiptReprint)
    return runReprint(this, flags)
  }
}
