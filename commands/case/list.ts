import {BaseCommand} from '../../src/cli/base-command.js'
import type {CaseListResult} from '../../src/case/store.js'
import {getLang} from '../../src/i18n/index.js'

export default class CaseList extends BaseCommand {
  static override summary = 'List the diagnosis cases on this PC, newest first'
  static override description = `Every \`posdoc diagnose\` run is a case in posdoc's data folder (POSDOC_DATA_DIR overrides it). Shows id, when it was opened, the symptom, its status and the terminal ID. A case folder whose case.json cannot be read is named on stderr and left untouched.

Exit codes: 0 listed (also when there are no cases).`

  static override examples = ['<%= config.bin %> case list', '<%= config.bin %> case list --json', '<%= config.bin %> case list --lang zh-CN']

  async run(): Promise<CaseListResult> {
    await this.parse(CaseList)
    // heavy modules (zod, locks) load only when the command runs
    const {CaseStore} = await import('../../src/case/store.js')
    const {renderCaseList, renderUnreadable} = await import('../../src/case/render.js')
    const result = await new CaseStore().list()
    if (!this.jsonEnabled()) {
      this.log(renderCaseList(result, getLang()))
      const warning = renderUnreadable(result, getLang())
      if (warning) this.logToStderr(warning)
    }
    return result
  }
}
