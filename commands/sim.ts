import {Flags} from '@oclif/core'

import {BaseCommand} from '../src/cli/base-command.js'
import {runSimulatorUntilSignal} from '../src/cli/sim-runner.js'
import {parseBaud} from '../src/device/target.js'
import {t} from '../src/i18n/index.js'
import {PosdocError} from '../src/output/errors.js'
import {ExitCode} from '../src/output/exit-codes.js'
import {ACQUIRER_SCENARIO_DESCRIPTIONS, ACQUIRER_SCENARIOS} from '../src/sim/acquirer/scenarios.js'
import {PROFILE_DESCRIPTIONS, PROFILES} from '../src/sim/profiles.js'
import {DROP_AT} from '../src/sim/scenarios.js'
import {QR_SCENARIOS} from '../src/sim/qr/scenarios.js'

export default class Sim extends BaseCommand {
  static override summary = 'Run the ZVT payment-terminal simulator'
  static override description = 'Plays a ZVT terminal on TCP and/or a serial port (e.g. one end of a socat pty pair) until Ctrl-C / SIGTERM. Prints one ready line with its address (--json: one JSON line). Faults are injected with --scenario. With --acquirer PORT it also runs a simulated acquirer host (TLS on loopback, certificate from its own CA written to acquirer.caFile) that the terminal\'s Diagnosis connects to; --acquirer-scenario makes that host misbehave.'
  static override examples = [
    '<%= config.bin %> sim --tcp 0',
    '<%= config.bin %> sim --tcp 20007 --state ./sim-state --seed 7',
    '<%= config.bin %> sim --serial /tmp/ttyPT --scenario paper-out',
    '<%= config.bin %> sim --tcp 0 --scenario drop-response --drop-at after-status-info',
    '<%= config.bin %> sim --tcp 0 --profile card-complete',
    '<%= config.bin %> sim --tcp 0 --acquirer 0 --acquirer-scenario host-down-terminal-only',
    '<%= config.bin %> sim --acquirer 4433 --acquirer-scenario expired-cert',
    '<%= config.bin %> sim --qr wechat --tcp 0 --scenario user-paying',
  ]

  static override flags = {
    tcp: Flags.integer({description: 'TCP port to listen on (0 = pick a free port); default 20007 unless --serial is given', min: 0, max: 65535}),
    bind: Flags.string({description: 'address to listen on', default: '127.0.0.1'}),
    serial: Flags.string({description: 'serial port (or pty) to play the terminal on'}),
    pace: Flags.boolean({description: 'with --serial: send no faster than a real UART at --baud (ptys move bytes instantly)', default: false}),
    baud: Flags.string({description: 'serial baud rate: 9600, 19200, 38400, 57600 or 115200', default: '9600'}),
    state: Flags.string({description: 'directory for the persistent journal and counters (default: in memory)'}),
    seed: Flags.integer({description: 'seed for the generated day of sales', default: 1}),
    scenario: Flags.string({description: 'fault scenario', default: 'healthy'}),
    'drop-at': Flags.option({
      description: 'with --scenario drop-response: where the terminal goes silent after booking; after-ack (default): 80 00 00, then nothing; after-status-info: the 04 0F is acknowledged, then nothing',
      options: DROP_AT,
    })(),
    profile: Flags.option({
      description: `how the terminal reads the spec where real terminals differ: ${PROFILES.map((p) => `${p} (${PROFILE_DESCRIPTIONS[p]})`).join('; ')}`,
      options: PROFILES,
      default: 'standard',
    })(),
    tid: Flags.string({description: 'terminal ID (8 digits)'}),
    password: Flags.string({description: 'ZVT password the terminal accepts', default: '000000'}),
    'journal-size': Flags.integer({description: 'number of seeded journal records', min: 0}),
    acquirer: Flags.integer({description: 'also run the simulated acquirer host (TLS on loopback, echo) on this port (0 = a free port); the terminal\'s Diagnosis then really connects to it. Alone (no --tcp/--serial) it runs only the host', min: 0, max: 65535}),
    'acquirer-scenario': Flags.string({
      description: `acquirer host fault: ${ACQUIRER_SCENARIOS.map((s) => `${s} (${ACQUIRER_SCENARIO_DESCRIPTIONS[s]})`).join('; ')}`,
    }),
    qr: Flags.option({description: `run the QR platform simulator instead (HTTPS on --tcp, default a free port); --scenario: ${QR_SCENARIOS.join(', ')}`, options: ['wechat', 'alipay'] as const})(),
  }

  async run(): Promise<void> {
    const {flags} = await this.parse(Sim)
    if (flags.qr) {
      // loaded only for --qr: the terminal simulator starts without the QR platform code
      const {runQrSimUntilSignal} = await import('../src/sim/qr/sim-command.js')
      return runQrSimUntilSignal({platform: flags.qr, port: flags.tcp ?? 0, scenario: flags.scenario, seed: flags.seed, dir: flags.state}, {json: this.jsonEnabled(), write: (line: string) => process.stdout.write(`${line}\n`)})
    }
    await runSimulatorUntilSignal(
      {
        tcpPort: flags.tcp ?? (flags.serial || flags.acquirer !== undefined ? undefined : 20007),
        bind: flags.bind,
        serialPath: flags.serial,
        pace: flags.pace,
        baudRate: simBaud(flags.baud),
        stateDir: flags.state,
        seed: flags.seed,
        scenario: flags.scenario,
        dropAt: flags['drop-at'],
        profile: flags.profile,
        terminalId: flags.tid,
        password: flags.password,
        journalSize: flags['journal-size'],
        acquirerPort: flags.acquirer,
        acquirerScenario: flags['acquirer-scenario'],
      },
      {json: this.jsonEnabled(), write: (line: string) => process.stdout.write(`${line}\n`), progress: this.progress},
    )
  }
}

function simBaud(value: string): number {
  // the simulator plays one fixed rate, like a real terminal configured for it: no "auto" here
  const baud = parseBaud(value)
  if (baud === 'auto') throw new PosdocError({code: 'USAGE_BAD_BAUD', exitCode: ExitCode.Usage, message: t('USAGE_BAD_BAUD', {value}), remedy: t('USAGE_BAD_BAUD_REMEDY')})
  return baud
}
