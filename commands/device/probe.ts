import {Flags} from '@oclif/core'

import {BaseCommand} from '../../src/cli/base-command.js'
import {terminalFlags} from '../../src/cli/terminal-flags.js'
import {runProbe} from '../../src/device/probe-command.js'
import type {ProbeResult} from '../../src/device/probe.js'

export default class DeviceProbe extends BaseCommand {
  static override summary = 'Connect to a terminal and report its status'
  static override description = `Registers with the terminal, asks its status and lets it test its own host connection (ZVT Diagnosis). Reports terminal ID, software version, terminal clock vs this PC, printer, host connection, open batch and the last transaction, each as a check with evidence and a fix.

Exit codes: 0 healthy (warnings allowed), 1 problem found, 2 bad input, 3 terminal unreachable.`

  static override examples = [
    '<%= config.bin %> device probe --demo',
    '<%= config.bin %> device probe --tcp 192.168.1.50',
    '<%= config.bin %> device probe --serial /dev/ttyUSB0 --baud auto --json',
    '<%= config.bin %> device probe --demo --scenario paper-out --lang zh-CN',
  ]

  static override flags = {
    ...terminalFlags,
    'wire-log': Flags.string({description: 'append the masked wire log (one JSON line per exchange) to this file'}),
  }

  async run(): Promise<ProbeResult> {
    const {flags} = await this.parse(DeviceProbe)
    return runProbe(this, flags)
  }
}
