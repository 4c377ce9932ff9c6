/**
 * The intents of the action journals whose outcome posdoc does not know (`posdoc void pending`),
 * and where a journal is. Reads files only: the terminal need not be reachable and nothing is sent.
 *
 * A terminal's journal is dataDir()/journals/<terminalKey(target)>.jsonl, the key made from the
 * resolved target exactly as connectTerminal() makes it, so `--tcp 192.168.1.50` finds what
 * `void retry --tcp 192.168.1.50` (= 192.168.1.50:20007) wrote.
 */
import {existsSync} from 'node:fs'
import {readdir} from 'node:fs/promises'
import path from 'node:path'

import type {TerminalFlagValues} from '../cli/terminal-flags.js'
import {terminalKey} from '../config/paths.js'
import {resolveTerminal} from '../device/target.js'
import {getLang, type Lang} from '../i18n/index.js'
import {ExitCode} from '../output/exit-codes.js'
import {PosdocError} from '../output/errors.js'
import {SCENARIOS} from '../sim/scenarios.js'
import {ActionJournal, FileJournalStore, type IntentRecord, type JournalRecord, type OutcomeRecord} from '../store/action-journal.js'
import {journalFile, journalsDir} from '../store/paths.js'
import {resolveText as T} from './resolve-text.js'

export interface JournalRef {
  key: string
  file: string
  /** what the user calls the terminal ("192.168.1.50:20007"), when known */
  label?: string
}

export interface PendingIntent {
  id: string
  journalKey: string
  action: IntentRecord['action']
  receiptNumber?: number
  amountCents?: number
  startedAt: string
  /** this intent's attempt number within its `void retry` run */
  attempt: number
  /** intents of the same action on the same receipt in this journal, this one included */
  attemptsOnReceipt: number
  terminalLabel: string
  /** the TID the terminal reported when the intent was written */
  terminalId?: string
  original?: IntentRecord['original']
  /** as recorded: card data masked, password as ** ** ** */
  apdu: string
  command: string
  host: string
  pid: number
}

export interface PendingJournal {
  key: string
  file: string
  label?: string
  exists: boolean
  pending: number
  /** lines that are no journal record (a torn last line after a crash, damage) */
  skippedLines: number
}

export interface PendingResult {
  schema: 'posdoc.void-pending/1'
  scope: 'terminal' | 'journal-key' | 'all'
  journals: PendingJournal[]
  /** newest first */
  pending: PendingIntent[]
  count: number
  exitCode: ExitCode
}

/** Where a journal is named from: the terminal flags (as `void retry` takes them) or a key as `--all` shows it. */
export interface JournalSelector {
  flags: TerminalFlagValues
  journalKey?: string | undefined
  /** every journal (`void pending --all`) */
  all?: boolean
}

const KEY = /^[A-Za-z0-9_-][A-Za-z0-9._-]*$/

const usage = (code: string, message: string, remedy?: string) => new PosdocError({code, exitCode: ExitCode.Usage, message, ...(remedy ? {remedy} : {})})

export function hasTerminalFlags(flags: TerminalFlagValues): boolean {
  return flags.tcp !== undefined || flags.serial !== undefined || flags.terminal !== undefined || flags.demo
}

/** Terminal flags, --journal-key and --all each name the journal(s): only one of them. */
export function checkSelection(sel: JournalSelector, lang: Lang = getLang()): void {
  if ([hasTerminalFlags(sel.flags), sel.journalKey !== undefined, sel.all === true].filter(Boolean).length > 1) {
    throw usage('USAGE_TOO_MANY_TERMINALS', T.tooManySelectors[lang], T.needsTerminalRemedy[lang])
  }
}

/** The one journal the flags name; usage errors (exit 2) for --demo, a bad key or an unknown key. */
export function journalRef(sel: JournalSelector, env: NodeJS.ProcessEnv = process.env, lang: Lang = getLang()): JournalRef {
  checkSelection(sel, lang)
  if (sel.journalKey !== undefined) {
    const key = sel.journalKey.trim().replace(/\.jsonl$/, '')
    if (!KEY.test(key)) throw usage('USAGE_BAD_JOURNAL_KEY', T.badKey[lang](sel.journalKey), T.listKeysRemedy[lang])
    const file = journalFile(key, env)
    if (!existsSync(file)) throw usage('JOURNAL_NOT_FOUND', T.noSuchJournal[lang](key, file), T.listKeysRemedy[lang])
    return {key, file}
  }
  if (!hasTerminalFlags(sel.flags)) throw usage('USAGE_NO_TERMINAL', T.needsTerminal[lang], T.needsTerminalRemedy[lang])
  const {target} = resolveTerminal(sel.flags, {knownScenarios: SCENARIOS})
  // --demo: a private in-process simulator whose journal lives in memory for one run
  if (target.kind === 'demo') throw usage('USAGE_DEMO_NO_JOURNAL', T.demoNoJournal[lang], T.demoNoJournalRemedy[lang])
  const key = terminalKey(target)
  return {key, file: journalFile(key, env), label: target.label}
}

/** Every journal in the data directory, by key. */
export async function allJournalRefs(env: NodeJS.ProcessEnv = process.env): Promise<JournalRef[]> {
  const dir = journalsDir(env)
  const names = await readdir(dir).catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'ENOENT') return [] as string[]
    throw e
  })
  return names
    .filter((n) => n.endsWith('.jsonl'))
    .sort()
    .map((n) => ({key: n.slice(0, -'.jsonl'.length), file: path.join(dir, n)}))
}

export interface JournalState {
  ref: JournalRef
  exists: boolean
  records: JournalRecord[]
  skippedLines: number
  outcomes: Map<string, OutcomeRecord>
  intents: IntentRecord[]
}

export async function readJournal(ref: JournalRef): Promise<JournalState> {
  const journal = new ActionJournal(new FileJournalStore(ref.file))
  const exists = existsSync(ref.file)
  const {records, skipped} = await journal.read()
  const outcomes = new Map<string, OutcomeRecord>()
  for (const r of records) if (r.kind === 'outcome' && !outcomes.has(r.id)) outcomes.set(r.id, r)
  const intents = records.filter((r): r is IntentRecord => r.kind === 'intent')
  const label = ref.label ?? intents[0]?.terminal.label
  return {ref: {...ref, ...(label ? {label} : {})}, exists, records, skippedLines: skipped.length, outcomes, intents}
}

/** One intent as `void pending` shows it. */
export function pendingView(intent: IntentRecord, state: JournalState): PendingIntent {
  const onReceipt = state.intents.filter((i) => i.action === intent.action && i.receiptNumber === intent.receiptNumber).length
  return {
    id: intent.id,
    journalKey: state.ref.key,
    action: intent.action,
    ...(intent.receiptNumber === undefined ? {} : {receiptNumber: intent.receiptNumber}),
    ...(intent.amountCents === undefined ? {} : {amountCents: intent.amountCents}),
    startedAt: intent.ts,
    attempt: intent.attempt,
    attemptsOnReceipt: onReceipt,
    terminalLabel: intent.terminal.label,
    ...(intent.terminal.terminalId ? {terminalId: intent.terminal.terminalId} : {}),
    ...(intent.original ? {original: intent.original} : {}),
    apdu: intent.apdu,
    command: intent.command,
    host: intent.host,
    pid: intent.pid,
  }
}

/** The unresolved intents of these journals, newest first; exit 1 when there are any. */
export async function listPending(refs: JournalRef[], scope: PendingResult['scope']): Promise<PendingResult> {
  const journals: PendingJournal[] = []
  const pending: PendingIntent[] = []
  for (const ref of refs) {
    const state = await readJournal(ref)
    const open = state.intents.filter((i) => !state.outcomes.has(i.id))
    journals.push({key: ref.key, file: ref.file, ...(state.ref.label ? {label: state.ref.label} : {}), exists: state.exists, pending: open.length, skippedLines: state.skippedLines})
    // file order is write order: reversed, it is newest first when timestamps tie
    pending.push(...open.reverse().map((i) => pendingView(i, state)))
  }
  pending.sort((a, b) => (a.startedAt < b.startedAt ? 1 : a.startedAt > b.startedAt ? -1 : 0))
  return {schema: 'posdoc.void-pending/1', scope, journals, pending, count: pending.length, exitCode: pending.length > 0 ? ExitCode.ProblemFound : ExitCode.Ok}
}
