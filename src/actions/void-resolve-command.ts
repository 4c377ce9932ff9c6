import type {BaseCommand} from '../cli/base-command.js'
import type {TerminalFlagValues} from '../cli/terminal-flags.js'
import {getLang, type Lang} from '../i18n/index.js'
import {ExitCode} from '../output/exit-codes.js'
import {PosdocError} from '../output/errors.js'
import type {ActionOutcome} from '../store/action-journal.js'
import {isInteractive, promptConfirm} from './common.js'
import {resolveText as T} from './resolve-text.js'
import {allJournalRefs, hasTerminalFlags, journalRef} from './void-pending.js'
import {checkEvidence, resolveByHand, type ResolveResult} from './void-resolve.js'

export interface ResolveFlags extends TerminalFlagValues {
  intent: string
  outcome: ActionOutcome
  evidence: string
  yes: boolean
  'journal-key'?: string | undefined
}

/** flags -> checks (nothing written on a refusal) -> journal(s) -> confirm -> lock -> record -> render. Never connects. */
export async function runVoidResolve(cmd: BaseCommand, flags: ResolveFlags): Promise<ResolveResult> {
  const lang = getLang()
  checkEvidence(flags.evidence, lang)
  const interactive = isInteractive()
  if (!interactive && !flags.yes) throw new PosdocError({code: 'USAGE_NEEDS_YES', exitCode: ExitCode.Usage, message: T.needsYes[lang]})
  // without terminal flags the id is looked for in every journal (ids are UUIDs)
  const one = flags['journal-key'] !== undefined || hasTerminalFlags(flags)
  const refs = one ? [journalRef({flags, journalKey: flags['journal-key']})] : await allJournalRefs()
  const result = await resolveByHand(
    {intentId: flags.intent, outcome: flags.outcome, evidence: flags.evidence},
    {refs, scope: one ? 'one' : 'all', confirm: flags.yes ? undefined : promptConfirm, lang},
  )
  if (!cmd.jsonEnabled()) cmd.log(renderResolve(result, lang))
  process.exitCode = result.exitCode
  return result
}

export function renderResolve(r: ResolveResult, lang: Lang): string {
  const out = [r.message]
  if (r.outcome) out.push(`  ${r.meaning}`, `  ${T.evidenceLabel[lang]}: ${r.outcome.evidence ?? ''}`, `  ${r.journal.file}`)
  return out.join('\n')
}
