import {Command, Help} from '@oclif/core'

import {EXIT_CODE_TABLE} from '../output/exit-codes.js'

/** oclif help plus the one exit-code map, so scripts can rely on what --help says. */
export default class PosdocHelp extends Help {
  override async showRootHelp(): Promise<void> {
    await super.showRootHelp()
    this.log(exitCodeSection())
  }

  override async showCommandHelp(command: Command.Loadable): Promise<void> {
    await super.showCommandHelp(command)
    this.log(exitCodeSection())
  }
}

export function exitCodeSection(): string {
  const rows = EXIT_CODE_TABLE.map((r) => `  ${String(r.code).padStart(2)}  ${r.en} / ${r.zh}`)
  return ['EXIT CODES', ...rows, ''].join('\n')
}
