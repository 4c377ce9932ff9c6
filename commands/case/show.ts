import {Args} from '@oclif/core'

import {BaseCommand} from '../../src/cli/base-command.js'
import type {CaseData} from '../../src/case/schema.js'
import {getLang} from '../../src/i18n/index.js'

export interface CaseShowResult {
  schema: 'posdoc.case-show/1'
  dir: string
  case: CaseData
}

export default class CaseShow extends BaseCommand {
  static override summary = 'Show one case: identity, symptom, checks, transactions, actions and timeline'
  static override description = `ID is a case id from \`posdoc case list\`, a unique start of one, or \`latest\`. --json prints the whole case record (card data is always masked).

Exit codes: 0 shown, 2 unknown or ambiguous id, or a damaged case.json (the file is left as it is).`

  static override examples = ['<%= config.bin %> case show latest', '<%= config.bin %> case show 20261123-1432-void-failed-7f3a --json', '<%= config.bin %> case show 20261123-1432']

  static override args = {
    id: Args.string({description: 'case id, a unique start of one, or "latest"', required: true}),
  }

  async run(): Promise<CaseShowResult> {
    const {args} = await this.parse(CaseShow)
    const {CaseStore} = await import('../../src/case/store.js')
    const {renderCaseShow} = await import('../../src/case/render.js')
    const {id, dir, data} = await new CaseStore().read(args.id)
    this.errorTarget = id
    if (!this.jsonEnabled()) this.log(renderCaseShow(data, dir, getLang()))
    return {schema: 'posdoc.case-show/1', dir, case: data}
  }
}
