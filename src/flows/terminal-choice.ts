/**
 * "Which terminal?" in `posdoc diagnose`: configured profiles, the serial ports this PC has (a
 * merchant does not know that the terminal is /dev/ttyUSB0 or COM3), the demo, a TCP address, or a
 * serial port typed by hand. The same question answers agent mode: {"terminal": "serial:/dev/ttyUSB0"}.
 */
import nodePath from 'node:path'

import type {TerminalFlagValues} from '../cli/terminal-flags.js'
import {loadConfig} from '../config/config.js'
import {getLang, type Lang} from '../i18n/index.js'
import {listSerialPorts, type PortInfo} from '../transport/ports.js'
import {systemClock, type Clock, type TimerHandle} from '../util/clock.js'
import {flowText as T} from './flow-text.js'
import type {Prompter, Question} from './prompter.js'

/** SerialPort.list() spawns udevadm; should that hang, the merchant gets today's choices instead. */
export const LIST_PORTS_TIMEOUT_MS = 3000

const SERIAL_PREFIX = 'serial:'
/** the terminal is not connected to this PC: the merchant reads what it shows */
export const NOT_CONNECTED = 'none'

export interface TerminalChoiceOptions {
  lang?: Lang
  /** lists the serial ports (default listSerialPorts); only asked when a human answers */
  listPorts?: () => Promise<PortInfo[]>
  /** configured profile names (default: from the config file; an unreadable config shows none) */
  profiles?: () => string[]
  /** agent mode: the raw "terminal" answer, so that "serial:<path>" is accepted for any path */
  answered?: unknown
  clock?: Clock
  listTimeoutMs?: number
  onStep?: (text: string) => void
}

function configuredProfiles(): string[] {
  try {
    return loadConfig().terminals.map((p) => p.name)
  } catch {
    // an unreadable config only hides the profiles here; `posdoc device list` reports it
    return []
  }
}

/** What the port is, in a few words: the USB-id hint, plus the manufacturer when it adds something. */
export function portDescription(p: PortInfo): string {
  const parts = p.hint ? [p.hint] : []
  const m = p.manufacturer?.trim()
  // Linux often reports the vendor id as manufacturer ("1a86"); "FTDI" adds nothing to "FTDI FT232R ..."
  const firstWord = m?.split(/[\s,]+/)[0]?.toLowerCase() ?? ''
  if (m && !/^[0-9a-f]{4}$/i.test(m) && !(p.hint ?? '').toLowerCase().includes(firstWord)) parts.push(m)
  return parts.join(', ')
}

const isUsb = (p: PortInfo) => p.vendorId !== undefined || /^tty(USB|ACM)\d+$/.test(nodePath.basename(p.path))
const looksLikeTerminal = (p: PortInfo) => p.hint?.startsWith('payment terminal') === true

/**
 * The port to preselect: the one port whose USB id is a payment terminal's, else the one USB
 * serial port (the usual counter: one adapter, and the terminal behind it). Built-in RS-232 ports
 * are on most PCs whether a terminal is there or not, so they are never preselected.
 */
export function likelyPort(ports: PortInfo[]): PortInfo | undefined {
  const terminals = ports.filter(looksLikeTerminal)
  if (terminals.length > 0) return terminals.length === 1 ? terminals[0] : undefined
  const usb = ports.filter(isUsb)
  return usb.length === 1 ? usb[0] : undefined
}

/**
 * The `terminal` question. Values: "profile:NAME", "serial:PATH" (one per port found), "demo", "tcp"
 * (then asks `tcp`), "serial" (then asks `serial`, a typed path) and "none" (not connected to this
 * PC). Default: the first profile, else the likely port, else "none" — never the demo.
 */
export function terminalQuestion(profiles: string[], ports: PortInfo[], answered?: unknown): Question<string> {
  const portChoices = ports.map((p) => {
    const what = portDescription(p)
    return {value: `${SERIAL_PREFIX}${p.path}`, en: T.serialPortChoice.en(p.path, what), zh: T.serialPortChoice['zh-CN'](p.path, what)}
  })
  const choices = [
    ...profiles.map((p) => ({value: `profile:${p}`, en: `${T.terminalProfile.en} ${p}`, zh: `${T.terminalProfile['zh-CN']} ${p}`})),
    ...portChoices,
    {value: 'tcp', en: T.terminalTcp.en, zh: T.terminalTcp['zh-CN']},
    ports.length > 0
      ? {value: 'serial', en: T.terminalSerialOther.en, zh: T.terminalSerialOther['zh-CN']}
      : {value: 'serial', en: T.terminalSerial.en, zh: T.terminalSerial['zh-CN']},
    // most small merchants' terminals are not cabled to the PC: a first-class path, not an error
    {value: NOT_CONNECTED, en: T.terminalNone.en, zh: T.terminalNone['zh-CN']},
    {value: 'demo', en: T.terminalDemo.en, zh: T.terminalDemo['zh-CN']},
  ]
  // agent mode names any port (ptys, ports udev cannot see): accept "serial:<path>" as given
  if (typeof answered === 'string' && answered.startsWith(SERIAL_PREFIX) && answered.slice(SERIAL_PREFIX.length).trim() !== '' && !choices.some((c) => c.value === answered)) {
    const path = answered.slice(SERIAL_PREFIX.length).trim()
    choices.push({value: answered, en: path, zh: path})
  }
  const likely = likelyPort(ports)
  // never the demo: Enter on a real counter must not give a simulated "healthy"
  const fallback = likely ? `${SERIAL_PREFIX}${likely.path}` : NOT_CONNECTED
  return {
    id: 'terminal',
    kind: 'select',
    message: {en: T.pickTerminal.en, zh: T.pickTerminal['zh-CN']},
    choices,
    default: profiles.length > 0 ? `profile:${profiles[0]}` : fallback,
  }
}

/** Lists ports within the time limit; a failure, a hang or nothing found all give []. */
export async function listPortsWithin(list: () => Promise<PortInfo[]>, clock: Clock, ms: number): Promise<PortInfo[]> {
  let timer: TimerHandle | undefined
  const late = new Promise<PortInfo[]>((resolve) => {
    timer = clock.setTimeout(() => resolve([]), ms)
  })
  try {
    return await Promise.race([Promise.resolve().then(list).catch(() => [] as PortInfo[]), late])
  } finally {
    if (timer) clock.clearTimeout(timer)
  }
}

/** Asks which terminal and sets the matching terminal flag (--terminal, --serial, --tcp or --demo). Returns the choice. */
export async function askTerminal(prompter: Prompter, flags: TerminalFlagValues, opts: TerminalChoiceOptions = {}): Promise<string> {
  const lang = opts.lang ?? getLang()
  const profiles = (opts.profiles ?? configuredProfiles)()
  let ports: PortInfo[] = []
  if (prompter.interactive) {
    opts.onStep?.(T.lookingForPorts[lang])
    ports = await listPortsWithin(opts.listPorts ?? (() => listSerialPorts()), opts.clock ?? systemClock, opts.listTimeoutMs ?? LIST_PORTS_TIMEOUT_MS)
  }
  const pick = await prompter.ask<string>(terminalQuestion(profiles, ports, opts.answered))
  if (pick === NOT_CONNECTED) return pick
  if (pick === 'demo') flags.demo = true
  else if (pick.startsWith('profile:')) flags.terminal = pick.slice('profile:'.length)
  else if (pick.startsWith(SERIAL_PREFIX)) flags.serial = pick.slice(SERIAL_PREFIX.length).trim()
  else if (pick === 'tcp') flags.tcp = await prompter.ask<string>({id: 'tcp', kind: 'input', message: {en: T.askTcp.en, zh: T.askTcp['zh-CN']}})
  else flags.serial = await prompter.ask<string>({id: 'serial', kind: 'input', message: {en: T.askSerial.en, zh: T.askSerial['zh-CN']}})
  return pick
}
