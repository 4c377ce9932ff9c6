import {Flags} from '@oclif/core'

/** Terminal selection flags shared by every command that talks to a terminal. */
export const terminalFlags = {
  tcp: Flags.string({description: 'terminal reachable over TCP/IP: HOST[:PORT] (default port 20007)', helpGroup: 'TERMINAL'}),
  serial: Flags.string({description: 'terminal on a serial port, e.g. /dev/ttyUSB0 or COM3', helpGroup: 'TERMINAL'}),
  baud: Flags.string({description: 'serial baud rate: 9600 (default), 19200, 38400, 57600, 115200 or auto', helpGroup: 'TERMINAL'}),
  password: Flags.string({description: 'ZVT password of the terminal (6 digits; default 000000)', helpGroup: 'TERMINAL'}),
  terminal: Flags.string({description: 'a terminal profile from the config file (see docs/config.md)', helpGroup: 'TERMINAL'}),
  demo: Flags.boolean({description: 'use the built-in terminal simulator (no hardware needed)', default: false, helpGroup: 'TERMINAL'}),
  scenario: Flags.string({description: 'with --demo: the simulator fault scenario (see `posdoc sim --help`)', helpGroup: 'TERMINAL'}),
}

export interface TerminalFlagValues {
  tcp?: string | undefined
  serial?: string | undefined
  baud?: string | undefined
  password?: string | undefined
  terminal?: string | undefined
  demo: boolean
  scenario?: string | undefined
}
