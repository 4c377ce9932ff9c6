/** `posdoc diagnose --help` in Chinese: every flag the command has is explained, and the text is Chinese. */
import {describe, expect, it} from 'vitest'

import Diagnose from '../../commands/diagnose.js'
import {BaseCommand} from '../../src/cli/base-command.js'
import {ZH_HELP} from '../../src/cli/help-zh.js'
import {runCli} from '../helpers/cli.js'

describe('diagnose --help in zh-CN', () => {
  it('explains every flag of the command', () => {
    const flags = Object.keys({...BaseCommand.baseFlags, ...Diagnose.flags})
    for (const f of flags) expect(ZH_HELP.diagnose, f).toContain(`--${f}`)
  })

  it('is what the CLI prints with --lang zh-CN, with the bilingual exit codes', async () => {
    const res = await runCli(['diagnose', '--help', '--lang', 'zh-CN'])
    expect(res.stdout).toContain('引导式诊断')
    expect(res.stdout).toMatch(/EXIT CODES[\s\S]*用户中止/)
    const en = await runCli(['diagnose', '--help', '--lang', 'en'])
    expect(en.stdout).toMatch(/^Guided diagnosis/)
  })
})
