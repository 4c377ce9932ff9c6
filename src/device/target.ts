import {t} from '../i18n/index.js'
import type {TerminalFlagValues} from '../cli/terminal-flags.js'
import {PosdocError} from '../output/errors.js'
import {ExitCode} from '../output/exit-codes.js'
import {parseHostPort} from '../transport/tcp.js'
import {toPosdocError} from '../output/error-map.js'
import {findTerminalProfile, loadConfig, type PosdocConfig, type TerminalProfile} from '../config/config.js'

export const BAUD_RATES = [9600, 19200, 38400, 57600, 115200] as const

export type TerminalTarget =
  | {kind: 'tcp'; host: string; port: number; label: string}
  | {kind: 'serial'; path: string; baud: number | 'auto'; label: string}
  | {kind: 'demo'; scenario: string; label: string}

const usage = (code: string, message: string, remedy?: string) =>
  new PosdocError({code, exitCode: ExitCode.Usage, message, ...(remedy ? {remedy} : {})})

export interface ResolvedTerminal {
  target: TerminalTarget
  password: string
  /** the config profile the target came from, if --terminal was used */
  profile?: TerminalProfile
}

/**
 * Flags (and, with --terminal NAME, the config profile they refine) -> one target + password.
 * Explicit flags win over the profile.
 */
export function resolveTerminal(flags: TerminalFlagValues, opts: {knownScenarios: readonly string[]; config?: () => PosdocConfig & {file: string}}): ResolvedTerminal {
  let merged = flags
  let profile: TerminalProfile | undefined
  if (flags.terminal !== undefined) {
    profile = findTerminalProfile((opts.config ?? (() => loadConfig()))(), flags.terminal)
    const explicitLink = flags.tcp !== undefined || flags.serial !== undefined || flags.demo
    merged = {
      ...flags,
      ...(explicitLink ? {} : {tcp: profile.tcp, serial: profile.serial}),
      baud: flags.baud ?? (profile.baud === undefined ? undefined : String(profile.baud)),
      password: flags.password ?? profile.password,
    }
  }
  const target = targetFromFlags(merged, opts)
  return {target, password: merged.password ?? '000000', ...(profile ? {profile} : {})}
}

/** Validate the terminal flags into one target; every mistake is a one-line usage error (exit 2). */
export function targetFromFlags(flags: TerminalFlagValues, opts: {knownScenarios: readonly string[]}): TerminalTarget {
  const chosen = [flags.tcp !== undefined, flags.serial !== undefined, flags.demo].filter(Boolean).length
  if (chosen === 0) throw usage('USAGE_NO_TERMINAL', t('USAGE_NO_TERMINAL'), t('USAGE_NO_TERMINAL_REMEDY'))
  if (chosen > 1) throw usage('USAGE_TOO_MANY_TERMINALS', t('USAGE_TOO_MANY_TERMINALS'), t('USAGE_NO_TERMINAL_REMEDY'))
  if (flags.password !== undefined && !/^\d{6}$/.test(flags.password)) throw usage('USAGE_BAD_PASSWORD', t('USAGE_BAD_PASSWORD'), t('USAGE_BAD_PASSWORD_REMEDY'))
  if (flags.scenario !== undefined && !flags.demo) throw usage('USAGE_SCENARIO_NEEDS_DEMO', t('USAGE_SCENARIO_NEEDS_DEMO'))

  if (flags.demo) {
    const scenario = flags.scenario ?? 'healthy'
    if (!opts.knownScenarios.includes(scenario)) {
      throw usage('USAGE_BAD_SCENARIO', t('USAGE_BAD_SCENARIO', {value: scenario, known: opts.knownScenarios.join(', ')}), t('USAGE_BAD_SCENARIO_REMEDY'))
    }
    return {kind: 'demo', scenario, label: `demo simulator (${scenario})`}
  }
  if (flags.tcp !== undefined) {
    try {
      const {host, port} = parseHostPort(flags.tcp, 20007)
      return {kind: 'tcp', host, port, label: host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`}
    } catch (e) {
      throw toPosdocError(e, {target: flags.tcp})
    }
  }
  const path = flags.serial!
  if (path.trim() === '') throw usage('LINK_BAD_ADDRESS', t('LINK_BAD_ADDRESS', {target: path}), t('USAGE_NO_TERMINAL_REMEDY'))
  return {kind: 'serial', path, baud: parseBaud(flags.baud ?? '9600'), label: path}
}

export function parseBaud(value: string): number | 'auto' {
  if (value === 'auto') return 'auto'
  const n = Number(value)
  if (!(BAUD_RATES as readonly number[]).includes(n)) throw usage('USAGE_BAD_BAUD', t('USAGE_BAD_BAUD', {value}), t('USAGE_BAD_BAUD_REMEDY'))
  return n
}
