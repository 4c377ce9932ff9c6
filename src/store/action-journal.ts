/**
 * The write-ahead action journal: one append-only JSONL file per terminal
 * (dataDir()/journals/<terminalKey>.jsonl). Before posdoc sends anything that moves money (06 30
 * reversal, 06 31 refund) it appends an *intent* and fsyncs it; when the outcome is known it
 * appends an *outcome* with the intent's id. An intent without an outcome is *unresolved*: its
 * money step may or may not have happened, and nothing for the same receipt is sent again until
 * the terminal has been asked (src/actions/recovery.ts).
 *
 * Crash safety: every append is one write of one complete line followed by fsync, so a kill -9
 * leaves either the whole line or a torn last line; a torn line never had its money step sent
 * (that only happens after the fsync returned), so readers skip it and the next append starts on
 * a fresh line.
 */
import {randomUUID} from 'node:crypto'
import {mkdir, open, readFile} from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import {z} from 'zod'

import {ExitCode} from '../output/exit-codes.js'
import {PosdocError} from '../output/errors.js'
import {getLang} from '../i18n/index.js'
import {journalFile} from './paths.js'
import {storeText} from './store-text.js'

export type MoneyAction = 'reversal' | 'refund'

/** succeeded: money moved by this intent; already-reversed: nothing to do, the sale was reversed before; not-done: no money moved */
export type ActionOutcome = 'succeeded' | 'already-reversed' | 'not-done'

const intentSchema = z.object({
  v: z.literal(1),
  kind: z.literal('intent'),
  id: z.string().min(1),
  ts: z.string(),
  action: z.enum(['reversal', 'refund']),
  terminal: z.object({key: z.string(), label: z.string(), terminalId: z.string().optional()}),
  /** reversal: the sale's receipt number; refund: the original sale's receipt, if known */
  receiptNumber: z.number().int().optional(),
  amountCents: z.number().int().optional(),
  /** what the terminal's records said about the original before we acted */
  original: z
    .object({traceNumber: z.number().int().optional(), batchNumber: z.number().int().optional(), amountCents: z.number().int().optional(), time: z.string().optional()})
    .optional(),
  /** the terminal's newest trace number before the intent: later records are candidates for our booking */
  lastTraceBefore: z.number().int().optional(),
  attempt: z.number().int().min(1),
  /** the APDU as sent, masked (card data, password) */
  apdu: z.string(),
  command: z.string(),
  pid: z.number().int(),
  host: z.string(),
})

const outcomeSchema = z
  .object({
    v: z.literal(1),
    kind: z.literal('outcome'),
    id: z.string().min(1),
    ts: z.string(),
    outcome: z.enum(['succeeded', 'already-reversed', 'not-done']),
    /** answer: the terminal's own answer to the command; check: asked right after a doubtful end; recovery: asked on a later start; manual: closed by hand */
    resolvedBy: z.enum(['answer', 'check', 'recovery', 'manual']),
    resultCode: z.string().optional(),
    resultText: z.string().optional(),
    /** what the outcome rests on: a source ('journal', 'last-status-info', …), or for manual the agent's proof (card numbers masked) */
    evidence: z.string().optional(),
    booking: z.object({receiptNumber: z.number().int().optional(), traceNumber: z.number().int().optional(), authCode: z.string().optional()}).optional(),
    note: z.string().optional(),
    /** manual: who closed the intent, where (as an intent records its pid and host) */
    user: z.string().optional(),
    host: z.string().optional(),
    pid: z.number().int().optional(),
  })
  // a hand-closed intent without its proof is not a record: it stays unresolved (blocking), the safe side
  .refine((r) => r.resolvedBy !== 'manual' || (r.evidence !== undefined && r.evidence.trim() !== ''), {message: 'a manual outcome needs its evidence', path: ['evidence']})

const noteSchema = z.object({
  v: z.literal(1),
  kind: z.literal('note'),
  ts: z.string(),
  topic: z.string(),
  data: z.record(z.string(), z.unknown()),
})

export type IntentRecord = z.infer<typeof intentSchema>
export type OutcomeRecord = z.infer<typeof outcomeSchema>
export type NoteRecord = z.infer<typeof noteSchema>
export type JournalRecord = IntentRecord | OutcomeRecord | NoteRecord

const recordSchema = z.discriminatedUnion('kind', [intentSchema, outcomeSchema, noteSchema])

/** Where the lines live: a file (fsync per append) or memory (--demo, unit tests). */
export interface JournalStore {
  readonly location: string
  /** Append one line durably; resolves only once it is on disk. */
  append(line: string): Promise<void>
  /** Everything written so far ('' when nothing). */
  read(): Promise<string>
}

export class FileJournalStore implements JournalStore {
  constructor(readonly location: string) {}

  async append(line: string): Promise<void> {
    const dir = path.dirname(this.location)
    await mkdir(dir, {recursive: true})
    const fh = await open(this.location, 'a+')
    let created = false
    try {
      const {size} = await fh.stat()
      created = size === 0
      let prefix = ''
      if (size > 0) {
        // a torn last line (kill -9 mid-write) must not swallow this one
        const last = Buffer.alloc(1)
        await fh.read(last, 0, 1, size - 1)
        if (last[0] !== 0x0a) prefix = '\n'
      }
      await fh.write(`${prefix}${line}\n`)
      await fh.sync()
    } finally {
      await fh.close()
    }
    // a new file's directory entry must be durable too
    if (created) await syncDir(dir)
  }

  async read(): Promise<string> {
    try {
      return await readFile(this.location, 'utf8')
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return ''
      throw e
    }
  }
}

async function syncDir(dir: string): Promise<void> {
  try {
    const fh = await open(dir, 'r')
    try {
      await fh.sync()
    } finally {
      await fh.close()
    }
  } catch {
    // some platforms (Windows) cannot fsync a directory; the file's own fsync still holds
  }
}

export class MemoryJournalStore implements JournalStore {
  readonly location = 'memory'
  text = ''

  async append(line: string): Promise<void> {
    if (this.text.length > 0 && !this.text.endsWith('\n')) this.text += '\n'
    this.text += `${line}\n`
  }

  async read(): Promise<string> {
    return this.text
  }
}

export interface JournalRead {
  records: JournalRecord[]
  /** lines that are not valid records (a torn last line after a crash, or damage) */
  skipped: Array<{line: number; reason: string}>
}

export type IntentInput = Omit<IntentRecord, 'v' | 'kind' | 'id' | 'ts' | 'pid' | 'host'>
export type OutcomeInput = Omit<OutcomeRecord, 'v' | 'kind' | 'ts'>

export class ActionJournal {
  private writing: Promise<unknown> = Promise.resolve()

  constructor(
    readonly store: JournalStore,
    private readonly now: () => number = Date.now,
  ) {}

  /** The journal of one terminal in the data directory. */
  static forTerminal(terminalKey: string, opts: {env?: NodeJS.ProcessEnv; now?: () => number} = {}): ActionJournal {
    return new ActionJournal(new FileJournalStore(journalFile(terminalKey, opts.env)), opts.now)
  }

  static inMemory(now?: () => number): ActionJournal {
    return new ActionJournal(new MemoryJournalStore(), now)
  }

  get location(): string {
    return this.store.location
  }

  async read(): Promise<JournalRead> {
    const text = await this.store.read()
    const records: JournalRecord[] = []
    const skipped: JournalRead['skipped'] = []
    const lines = text.split('\n')
    lines.forEach((line, i) => {
      if (line.trim() === '') return
      let parsed: unknown
      try {
        parsed = JSON.parse(line)
      } catch {
        skipped.push({line: i + 1, reason: i === lines.length - 1 ? 'torn last line (interrupted write)' : 'not JSON'})
        return
      }
      const r = recordSchema.safeParse(parsed)
      if (r.success) records.push(r.data)
      else skipped.push({line: i + 1, reason: `not a journal record: ${r.error.issues[0]?.path.join('.')} ${r.error.issues[0]?.message}`})
    })
    return {records, skipped}
  }

  /** Intents without an outcome, oldest first. */
  async unresolved(): Promise<IntentRecord[]> {
    const {records} = await this.read()
    const done = new Set(records.filter((r): r is OutcomeRecord => r.kind === 'outcome').map((r) => r.id))
    return records.filter((r): r is IntentRecord => r.kind === 'intent' && !done.has(r.id))
  }

  /** Intents (with their outcome, if any) about one receipt. */
  async history(receiptNumber: number): Promise<Array<{intent: IntentRecord; outcome: OutcomeRecord | undefined}>> {
    const {records} = await this.read()
    const outcomes = new Map(records.filter((r): r is OutcomeRecord => r.kind === 'outcome').map((r) => [r.id, r]))
    return records
      .filter((r): r is IntentRecord => r.kind === 'intent' && r.receiptNumber === receiptNumber)
      .map((intent) => ({intent, outcome: outcomes.get(intent.id)}))
  }

  /** Write the intent and wait until it is on disk. Only then may the money step be sent. */
  async appendIntent(input: IntentInput): Promise<IntentRecord> {
    const record: IntentRecord = intentSchema.parse({v: 1, kind: 'intent', id: randomUUID(), ts: this.iso(), pid: process.pid, host: os.hostname(), ...input})
    await this.write(record)
    return record
  }

  async appendOutcome(input: OutcomeInput): Promise<OutcomeRecord> {
    const record: OutcomeRecord = outcomeSchema.parse({v: 1, kind: 'outcome', ts: this.iso(), ...input})
    await this.write(record)
    return record
  }

  /** A support agent's outcome for an intent the terminal can never prove (`posdoc void resolve`); the caller masks the evidence. */
  async appendManualOutcome(input: {id: string; outcome: ActionOutcome; evidence: string; user: string}): Promise<OutcomeRecord> {
    return this.appendOutcome({id: input.id, outcome: input.outcome, resolvedBy: 'manual', evidence: input.evidence, user: input.user, host: os.hostname(), pid: process.pid})
  }

  async appendNote(topic: string, data: Record<string, unknown>): Promise<NoteRecord> {
    const record: NoteRecord = {v: 1, kind: 'note', ts: this.iso(), topic, data}
    await this.write(record)
    return record
  }

  private iso(): string {
    return new Date(this.now()).toISOString()
  }

  private write(record: JournalRecord): Promise<void> {
    const line = JSON.stringify(record)
    // appends from one process never interleave
    const run = this.writing.then(() => this.store.append(line))
    this.writing = run.catch(() => undefined)
    return run.catch((e: unknown) => {
      if (e instanceof PosdocError) throw e
      throw journalWriteError(this.location, record.kind === 'intent', e)
    })
  }
}

/** A failed append: an intent that is not on disk means its money step is never sent; a lost outcome is recovered later. */
export function journalWriteError(location: string, intent: boolean, cause: unknown): PosdocError {
  const lang = getLang()
  return new PosdocError({
    code: 'JOURNAL_WRITE_FAILED',
    exitCode: ExitCode.ProblemFound,
    message: (intent ? storeText.journalFailed : storeText.outcomeFailed)[lang](location, (cause as Error).message),
    remedy: (intent ? storeText.journalFailedRemedy : storeText.outcomeFailedRemedy)[lang],
    cause,
  })
}
