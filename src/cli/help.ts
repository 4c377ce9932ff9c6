import {Command, Help} from '@oclif/core'

import {detectLang, parseLang} from '../i18n/index.js'
import {EXIT_CODE_TABLE} from '../output/exit-codes.js'
import {ZH_HELP} from './help-zh.js'

/** --lang on the command line, else the environment's language. */
function helpLang(argv: readonly string[] = process.argv): 'en' | 'zh-CN' {
  const i = argv.findIndex((a) => a === '--lang' || a.startsWith('--lang='))
  if (i >= 0) {
    const v = argv[i]!.includes('=') ? argv[i]!.split('=')[1] : argv[i + 1]
    if (v) return parseLang(v)
  }
  return detectLang()
}

/** oclif help plus the one exit-code map, so scripts can rely on what --help says. */
export default class PosdocHelp extends Help {
  override async showRootHelp(): Promise<void> {
    await super.showRootHelp()
    this.log(exitCodeSection())
  }

  override async showCommandHelp(command: Command.Loadable): Promise<void> {
    const zh = helpLang() === 'zh-CN' ? ZH_HELP[command.id] : undefined
    if (zh) this.log(zh)
    else await super.showCommandHelp(command)
    this.log(exitCodeSection())
  }
}

export function exitCodeSection(): string {
  const rows = EXIT_CODE_TABLE.map((r) => `  ${String(r.code).padStart(2)}  ${r.en} / ${r.zh}`)
  return ['EXIT CODES', ...rows, ''].join('\n')
}
