/** `posdoc network check` as the CLI runs it: flags -> hosts/terminal -> run -> render; sets the exit code. */
import type {BaseCommand} from '../cli/base-command.js'
import type {TerminalFlagValues} from '../cli/terminal-flags.js'
import {findTerminalProfile, loadConfig, type PosdocConfig, type TerminalProfile} from '../config/config.js'
import {connectTerminal, type ConnectedTerminal} from '../device/connect.js'
import {resolveTerminal, type ResolvedTerminal} from '../device/target.js'
import {getLang} from '../i18n/index.js'
import {PosdocError} from '../output/errors.js'
import {ExitCode} from '../output/exit-codes.js'
import {createProgress} from '../output/progress.js'
import {ACQUIRER_SCENARIOS, isAcquirerScenario} from '../sim/acquirer/scenarios.js'
import {SCENARIOS} from '../sim/scenarios.js'
import {formatHostPort} from '../transport/tcp.js'
import {inputText as I} from './network-text.js'
import {renderNetworkCheck} from './render.js'
import {DEFAULT_TIMEOUT_MS, runNetworkCheck} from './service.js'
import {parseDnsServer, parseHostTarget, parseTimeoutSeconds, readCaFiles} from './targets.js'
import type {HostTarget, NetworkCheckResult} from './types.js'

export interface NetworkCheckFlags extends TerminalFlagValues {
  host?: string[] | undefined
  count: number
  timeout?: string | undefined
  'dns-server'?: string[] | undefined
  ca?: string[] | undefined
  'acquirer-scenario'?: string | undefined
}

export async function runNetworkCheckCommand(cmd: BaseCommand, flags: NetworkCheckFlags): Promise<NetworkCheckResult> {
  const lang = getLang()
  const json = cmd.jsonEnabled()
  const progress = createProgress({json})
  const usage = (code: string, message: string, remedy: string) => new PosdocError({code, exitCode: ExitCode.Usage, message, remedy})

  // ---- input: every mistake is exit 2 before anything touches the network ----
  const timeoutMs = flags.timeout === undefined ? DEFAULT_TIMEOUT_MS : parseTimeoutSeconds(flags.timeout, lang)
  let hosts: HostTarget[] = (flags.host ?? []).map((h) => parseHostTarget(h, 'flag', lang))
  const dnsServers = (flags['dns-server'] ?? []).map((s) => parseDnsServer(s, lang))
  const ca = readCaFiles(flags.ca ?? [], lang)
  const acquirerScenario = flags['acquirer-scenario']
  if (acquirerScenario !== undefined) {
    if (!flags.demo) throw usage('USAGE_ACQUIRER_SCENARIO_NEEDS_DEMO', I.acquirerScenarioNeedsDemo[lang], I.acquirerScenarioRemedy[lang])
    if (!isAcquirerScenario(acquirerScenario)) throw usage('USAGE_BAD_ACQUIRER_SCENARIO', I.badAcquirerScenario[lang](acquirerScenario, ACQUIRER_SCENARIOS.join(', ')), I.acquirerScenarioRemedy[lang])
  }
  let config: (PosdocConfig & {file: string}) | undefined
  let profile: TerminalProfile | undefined
  if (flags.terminal !== undefined) {
    config = loadConfig()
    profile = findTerminalProfile(config, flags.terminal)
    if (hosts.length === 0) hosts = (profile.acquirer?.hosts ?? []).map((h) => parseHostTarget(h, 'profile', lang, config!.file))
  }
  // terminal-only flags without a terminal are a mistake to report, not to ignore
  const terminalFlagGiven = [flags.tcp, flags.serial, flags.baud, flags.password, flags.scenario].some((v) => v !== undefined) || flags.demo
  const wantsTerminal = terminalFlagGiven || profile?.tcp !== undefined || profile?.serial !== undefined
  const resolved: ResolvedTerminal | undefined = wantsTerminal
    ? resolveTerminal(flags, {knownScenarios: SCENARIOS, ...(config ? {config: () => config!} : {})})
    : undefined
  if (!resolved && hosts.length === 0) throw usage('USAGE_NOTHING_TO_CHECK', I.noTarget[lang], I.noTargetRemedy[lang])

  // ---- run ----
  let demo: ConnectedTerminal | undefined
  if (resolved?.target.kind === 'demo') {
    // the demo terminal and its acquirer host live in this process; the host is what we test
    demo = await connectTerminal(resolved.target, {password: resolved.password, command: 'posdoc network check', demoAcquirer: {scenario: acquirerScenario ?? 'healthy'}})
    const acq = demo.demoAcquirer
    if (acq) {
      if (hosts.length === 0) hosts = [{label: formatHostPort(acq.host, acq.port), host: acq.host, port: acq.port, source: 'demo'}]
      ca.push(acq.ca)
    }
  }
  try {
    const target = resolved?.target
    const result = await runNetworkCheck({
      hosts,
      count: flags.count,
      timeoutMs,
      ...(dnsServers.length > 0 ? {dnsServers} : {}),
      ...(ca.length > 0 ? {ca} : {}),
      ...(resolved && target
        ? {
            terminal: {
              label: target.label,
              // the demo terminal is closed below, together with its acquirer host (still under test)
              connect: async () =>
                demo ? {terminal: demo.terminal, linkLabel: demo.linkLabel, close: async () => undefined} : connectTerminal(target, {password: resolved.password, command: 'posdoc network check'}),
            },
          }
        : {}),
      lang,
      onStep: (s) => progress.step(s),
    })
    progress.done()
    if (!json) cmd.log(renderNetworkCheck(result, {lang, tty: Boolean(process.stdout.isTTY)}))
    process.exitCode = exitCodeFor(result)
    return result
  } finally {
    await demo?.close()
  }
}

export function exitCodeFor(r: NetworkCheckResult): ExitCode {
  switch (r.verdict.status) {
    case 'unreachable':
      return ExitCode.Unreachable
    case 'problem':
      return ExitCode.ProblemFound
    default:
      return ExitCode.Ok
  }
}
