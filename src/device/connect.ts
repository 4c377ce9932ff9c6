import {appendFileSync} from 'node:fs'

import {t} from '../i18n/index.js'
import {PosdocError} from '../output/errors.js'
import {ExitCode} from '../output/exit-codes.js'
import {WireLog} from '../terminal/wire-log.js'
import {ZvtTerminal} from '../terminal/zvt/zvt-terminal.js'
import type {Link} from '../transport/link.js'
import {createMemoryLinkPair} from '../transport/memory.js'
import {openSerialLink} from '../transport/serial.js'
import {openTcpLink} from '../transport/tcp.js'
import {systemClock, type Clock} from '../util/clock.js'
import {BAUD_RATES, type TerminalTarget} from './target.js'

export interface ConnectedTerminal {
  terminal: ZvtTerminal
  link: Link
  /** human description of the link, e.g. "serial /dev/ttyUSB0 9600 8N2" */
  linkLabel: string
  baudRate?: number
  wireLog: WireLog
  close(): Promise<void>
}

export interface ConnectOptions {
  password: string
  clock?: Clock
  /** append every wire-log entry as one JSON line to this file */
  wireLogFile?: string
  onStep?: (text: string) => void
}

/** Auto-baud probes with short waits: a terminal at the right rate ACKs within milliseconds. */
const AUTO_BAUD_TIMEOUTS = {t2Ms: 700, t3Ms: 1500}

export async function connectTerminal(target: TerminalTarget, opts: ConnectOptions): Promise<ConnectedTerminal> {
  const clock = opts.clock ?? systemClock
  const wireLog = new WireLog({clock})
  if (opts.wireLogFile) {
    const file = opts.wireLogFile
    wireLog.addSink((entry) => appendFileSync(file, `${JSON.stringify(entry)}\n`))
  }
  const make = (link: Link, framing: 'serial' | 'tcp', baudRate?: number): ConnectedTerminal => {
    const terminal = new ZvtTerminal(link, {framing, password: opts.password, clock, wireLog})
    return {
      terminal,
      link,
      linkLabel: link.description,
      ...(baudRate ? {baudRate} : {}),
      wireLog,
      close: async () => {
        await terminal.close().catch(() => undefined)
        await link.close().catch(() => undefined)
      },
    }
  }

  switch (target.kind) {
    case 'demo': {
      // Lazy: the simulator is only loaded for --demo. Serial framing so the demo exercises
      // ACK/NAK and the garble scenario like a real RS-232 terminal would.
      const {SimTerminal} = await import('../sim/terminal.js')
      const sim = await SimTerminal.create({seed: 1, scenario: target.scenario as never, clock})
      const [ecrSide, ptSide] = createMemoryLinkPair('serial')
      sim.attach(ptSide, 'serial')
      ecrSide.onClose(() => void sim.close())
      const c = make(ecrSide, 'serial')
      c.linkLabel = `demo simulator (${target.scenario})`
      return c
    }
    case 'tcp': {
      opts.onStep?.(target.label)
      const link = await openTcpLink({host: target.host, port: target.port})
      return make(link, 'tcp')
    }
    case 'serial': {
      if (target.baud !== 'auto') {
        const link = await openSerialLink({path: target.path, baudRate: target.baud})
        return make(link, 'serial', target.baud)
      }
      const baud = await detectBaud(target.path, opts, clock)
      const link = await openSerialLink({path: target.path, baudRate: baud})
      return make(link, 'serial', baud)
    }
  }
}

/**
 * Try each standard rate with a Status-Enquiry; the first rate at which the terminal answers
 * with a well-formed frame wins. Port errors (missing, busy) end the search at once.
 */
export async function detectBaud(path: string, opts: ConnectOptions, clock: Clock, open = openSerialLink): Promise<number> {
  for (const baudRate of BAUD_RATES) {
    opts.onStep?.(`${path} @ ${baudRate}`)
    const link = await open({path, baudRate})
    const terminal = new ZvtTerminal(link, {framing: 'serial', password: opts.password, clock, timeouts: AUTO_BAUD_TIMEOUTS, maxSends: 2})
    try {
      await terminal.status()
      return baudRate
    } catch (e) {
      const code = (e as {code?: string}).code
      if (code !== 'ZVT_NO_ACK' && code !== 'ZVT_T3_TIMEOUT') throw e
    } finally {
      await terminal.close().catch(() => undefined)
      await link.close().catch(() => undefined)
    }
  }
  throw new PosdocError({
    code: 'BAUD_NOT_FOUND',
    exitCode: ExitCode.Unreachable,
    message: t('BAUD_NOT_FOUND', {target: path, tried: BAUD_RATES.join('/')}),
    remedy: t('BAUD_NOT_FOUND_REMEDY'),
  })
}
