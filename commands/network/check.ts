import {Flags} from '@oclif/core'

import {BaseCommand} from '../../src/cli/base-command.js'
import {terminalFlags} from '../../src/cli/terminal-flags.js'
import {runNetworkCheckCommand} from '../../src/network/check-command.js'
import {DEFAULT_COUNT} from '../../src/network/service.js'
import type {NetworkCheckResult} from '../../src/network/types.js'

export default class NetworkCheck extends BaseCommand {
  static override summary = 'Find where a network fault is: shop network, terminal, acquirer host, certificate or clock'
  static override description = `Tests the way to the acquirer host layer by layer from this PC (local network, DNS, TCP, TLS, connection quality) and, when a terminal is given, lets the terminal test its own host connection (ZVT Diagnosis); the verdict compares both sides and names the fault location. Independent checks run at the same time; the whole check ends within --timeout.

Hosts come from --host HOST:PORT (repeatable; port 443 when left out) or from the acquirer.hosts of a --terminal profile (docs/network.md).

Exit codes: 0 healthy (warnings allowed), 1 problem found, 2 bad input, 3 host or terminal unreachable.`

  static override examples = [
    '<%= config.bin %> network check --demo',
    '<%= config.bin %> network check --host pos.acquirer.example:443',
    '<%= config.bin %> network check --terminal till-1 --count 20',
    '<%= config.bin %> network check --tcp 192.168.1.50 --host pos.acquirer.example:443 --json',
    '<%= config.bin %> network check --host localhost:4433 --ca /tmp/posdoc-acquirer/ca.pem --timeout 2',
    '<%= config.bin %> network check --demo --acquirer-scenario blackhole --lang zh-CN',
  ]

  static override flags = {
    host: Flags.string({description: 'acquirer host to test, HOST:PORT (repeatable; default port 443)', multiple: true}),
    count: Flags.integer({description: 'connection probes per host for the quality layer', default: DEFAULT_COUNT, min: 1, max: 100}),
    timeout: Flags.string({description: 'deadline for the whole check in seconds (default 10)'}),
    'dns-server': Flags.string({description: 'ask this DNS server (IP[:PORT]) instead of the system resolver (repeatable)', multiple: true}),
    ca: Flags.string({description: "trust this CA certificate (PEM file) in addition to the system's, e.g. the acquirer's own CA (repeatable)", multiple: true}),
    'acquirer-scenario': Flags.string({description: 'with --demo: fault scenario of the simulated acquirer host (see `posdoc sim --help`)'}),
    ...terminalFlags,
  }

  async run(): Promise<NetworkCheckResult> {
    const {flags} = await this.parse(NetworkCheck)
    return runNetworkCheckCommand(this, flags)
  }
}
