import type {BaseCommand} from '../cli/base-command.js'
import type {TerminalFlagValues} from '../cli/terminal-flags.js'
import {getLang, type Lang} from '../i18n/index.js'
import {resolveText as T} from './resolve-text.js'
import {allJournalRefs, checkSelection, journalRef, listPending, type PendingResult} from './void-pending.js'

export interface PendingFlags extends TerminalFlagValues {
  'journal-key'?: string | undefined
  all: boolean
}

/** flags -> journal(s) -> unresolved intents -> render; exit 1 when any are pending. Never connects. */
export async function runVoidPending(cmd: BaseCommand, flags: PendingFlags): Promise<PendingResult> {
  const lang = getLang()
  checkSelection({flags, journalKey: flags['journal-key'], all: flags.all}, lang)
  const result = flags.all
    ? await listPending(await allJournalRefs(), 'all')
    : await listPending([journalRef({flags, journalKey: flags['journal-key']})], flags['journal-key'] === undefined ? 'terminal' : 'journal-key')
  if (!cmd.jsonEnabled()) cmd.log(renderPending(result, lang))
  process.exitCode = result.exitCode
  return result
}

export function renderPending(r: PendingResult, lang: Lang): string {
  const out: string[] = []
  const shown = r.scope === 'all' ? r.journals.filter((j) => j.pending > 0 || j.skippedLines > 0) : r.journals
  for (const j of shown) {
    out.push(T.journalLine[lang](j.label ?? j.key, j.file))
    if (!j.exists) out.push(`  ${T.noJournalYet[lang]}`)
    if (j.skippedLines > 0) out.push(`  ${T.skipped[lang](j.skippedLines)}`)
  }
  if (r.count === 0) {
    out.push(r.scope === 'all' ? T.noneAll[lang](r.journals.length) : T.none[lang])
    return out.join('\n')
  }
  out.push('', T.count[lang](r.count))
  for (const p of r.pending) {
    out.push(`  ${p.id}`)
    out.push(`    ${T.item[lang](T.what[lang](p), p.startedAt, p.attempt, p.attemptsOnReceipt, p.terminalId ? `TID ${p.terminalId}` : `${p.terminalLabel} (${T.unknownTerminal[lang]})`)}`)
    out.push(`    ${p.apdu}`)
    out.push(`    ${T.by[lang](p.command, p.host, p.pid)}${r.scope === 'all' ? ` [${p.journalKey}]` : ''}`)
  }
  out.push('', T.pendingHint[lang])
  return out.join('\n')
}
