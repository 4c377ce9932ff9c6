import {Command, Flags, Interfaces} from '@oclif/core'

import {parseLang, setLang, t} from '../i18n/index.js'
import {toPosdocError} from '../output/error-map.js'
import {PosdocError} from '../output/errors.js'
import {ExitCode} from '../output/exit-codes.js'
import {createProgress, type Progress} from '../output/progress.js'

export type BaseFlags<T extends typeof Command> = Interfaces.InferredFlags<(typeof BaseCommand)['baseFlags'] & T['flags']>

/**
 * Every posdoc command: --json (stdout holds only the result), --lang, one error style
 * (one line + remedy on stderr, or {error} JSON on stdout) and the documented exit codes.
 */
export abstract class BaseCommand extends Command {
  static override enableJsonFlag = true

  static override baseFlags = {
    lang: Flags.string({
      description: 'language of messages: en or zh-CN (default: from POSDOC_LANG / LANG)',
      helpGroup: 'GLOBAL',
      options: ['en', 'zh-CN', 'zh'],
    }),
  }

  protected progress!: Progress
  /** what the command was talking to, for error messages */
  protected errorTarget: string | undefined

  override async init(): Promise<void> {
    await super.init()
    // --lang must take effect before flag parsing errors are rendered, so read it from argv directly.
    const i = this.argv.findIndex((a) => a === '--lang' || a.startsWith('--lang='))
    if (i >= 0) {
      const v = this.argv[i]!.includes('=') ? this.argv[i]!.split('=')[1] : this.argv[i + 1]
      if (v) setLang(parseLang(v))
    }
    this.progress = createProgress({json: this.jsonEnabled()})
  }

  /** Set the exit code for a run that completed but found a problem (1) etc.; the result is still printed. */
  protected setExitCode(code: ExitCode): void {
    process.exitCode = code
  }

  override async catch(err: Error & {oclif?: {exit?: number}}): Promise<void> {
    let error: PosdocError
    if (err.oclif?.exit === 0 || (err as {code?: string}).code === 'EEXIT') throw err
    if (err.oclif?.exit === 2 || /Parse|Flag|Arg|Validation/.test(err.name ?? '')) {
      error = new PosdocError({code: 'USAGE', exitCode: ExitCode.Usage, message: err.message.split('\n')[0] ?? err.message, remedy: `posdoc ${this.id?.replaceAll(':', ' ') ?? ''} --help`.trim()})
    } else {
      error = toPosdocError(err, {target: this.errorTarget})
    }
    process.exitCode = error.exitCode
    if (this.jsonEnabled()) {
      this.logJson({error: error.toJSON()})
    } else {
      process.stderr.write(`${t('ERROR_LABEL')} [${error.code}]: ${error.message}\n`)
      if (error.remedy) process.stderr.write(`  ${t('REMEDY_LABEL')}: ${error.remedy}\n`)
      if (error.exitCode === ExitCode.Internal && process.env.DEBUG) process.stderr.write(`${(error.cause as Error)?.stack ?? error.stack}\n`)
    }
  }

  /** Bad flag values etc.: exit 2. */
  protected usageError(code: string, message: string, remedy?: string): PosdocError {
    return new PosdocError({code, exitCode: ExitCode.Usage, message, ...(remedy ? {remedy} : {})})
  }
}
