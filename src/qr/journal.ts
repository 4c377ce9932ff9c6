/**
 * The write-ahead journal of QR actions (revoke / close), one append-only JSONL file per
 * platform merchant in dataDir()/journals, on the same durable store as the terminal action
 * journal (one fsynced line per record; a torn last line is skipped). Before posdoc sends a revoke
 * it appends an intent and waits for the fsync; the outcome follows when known. A revoke intent
 * whose outcome is "done" or unknown blocks every further revoke of that order: from then on only
 * queries settle it.
 */
import {randomUUID} from 'node:crypto'
import os from 'node:os'
import {z} from 'zod'

import {terminalKey} from '../config/paths.js'
import {FileJournalStore, journalWriteError, MemoryJournalStore, type JournalStore} from '../store/action-journal.js'
import {journalFile} from '../store/paths.js'

const intentSchema = z.object({
  v: z.literal(1),
  kind: z.literal('qr-intent'),
  id: z.string().min(1),
  ts: z.string(),
  platform: z.string(),
  merchant: z.string(),
  outTradeNo: z.string().min(1),
  action: z.enum(['revoke', 'close']),
  /** the verified state right before the action */
  stateBefore: z.string(),
  platformStatusBefore: z.string().optional(),
  command: z.string(),
  pid: z.number().int(),
  host: z.string(),
})

const outcomeSchema = z.object({
  v: z.literal(1),
  kind: z.literal('qr-outcome'),
  id: z.string().min(1),
  ts: z.string(),
  /** the platform's answer to the action, or 'settled-by-query' when a later query found the order final */
  outcome: z.enum(['done', 'refused-paying', 'refused-paid', 'refused', 'unknown', 'settled-by-query']),
  retry: z.boolean().optional(),
  refunded: z.boolean().optional(),
  platformCode: z.string().optional(),
  stateAfter: z.string().optional(),
  requestId: z.string().optional(),
})

const recordSchema = z.discriminatedUnion('kind', [intentSchema, outcomeSchema])

export type QrIntent = z.infer<typeof intentSchema>
export type QrOutcome = z.infer<typeof outcomeSchema>

export interface QrHistoryEntry {
  intent: QrIntent
  outcomes: QrOutcome[]
}

export class QrJournal {
  private writing: Promise<unknown> = Promise.resolve()

  constructor(
    readonly store: JournalStore,
    private readonly now: () => number = Date.now,
  ) {}

  static forMerchant(platform: string, merchant: string, opts: {env?: NodeJS.ProcessEnv; now?: () => number} = {}): QrJournal {
    return new QrJournal(new FileJournalStore(journalFile(terminalKey({kind: `qr-${platform}`, label: merchant}), opts.env)), opts.now)
  }

  static inMemory(now?: () => number): QrJournal {
    return new QrJournal(new MemoryJournalStore(), now)
  }

  get location(): string {
    return this.store.location
  }

  async history(platform: string, merchant: string, outTradeNo: string): Promise<QrHistoryEntry[]> {
    const text = await this.store.read()
    const intents: QrHistoryEntry[] = []
    const byId = new Map<string, QrHistoryEntry>()
    for (const line of text.split('\n')) {
      if (line.trim() === '') continue
      let parsed: unknown
      try {
        parsed = JSON.parse(line)
      } catch {
        continue // a torn last line: its action was never sent (that waits for the fsync)
      }
      const r = recordSchema.safeParse(parsed)
      if (!r.success) continue
      if (r.data.kind === 'qr-intent') {
        if (r.data.platform !== platform || r.data.merchant !== merchant || r.data.outTradeNo !== outTradeNo) continue
        const entry = {intent: r.data, outcomes: []}
        intents.push(entry)
        byId.set(r.data.id, entry)
      } else byId.get(r.data.id)?.outcomes.push(r.data)
    }
    return intents
  }

  async appendIntent(input: Omit<QrIntent, 'v' | 'kind' | 'id' | 'ts' | 'pid' | 'host'>): Promise<QrIntent> {
    const record = intentSchema.parse({v: 1, kind: 'qr-intent', id: randomUUID(), ts: this.iso(), pid: process.pid, host: os.hostname(), ...input})
    await this.write(record, true)
    return record
  }

  async appendOutcome(input: Omit<QrOutcome, 'v' | 'kind' | 'ts'>): Promise<QrOutcome> {
    const record = outcomeSchema.parse({v: 1, kind: 'qr-outcome', ts: this.iso(), ...input})
    await this.write(record, false)
    return record
  }

  private iso(): string {
    return new Date(this.now()).toISOString()
  }

  private write(record: QrIntent | QrOutcome, intent: boolean): Promise<void> {
    const run = this.writing.then(() => this.store.append(JSON.stringify(record)))
    this.writing = run.catch(() => undefined)
    return run.catch((e: unknown) => {
      throw journalWriteError(this.location, intent, e)
    })
  }
}

/** May posdoc send a revoke for this order? Only if no earlier revoke was done or is in doubt. */
export function revokeAllowed(history: QrHistoryEntry[]): {allowed: boolean; blockingIntent?: QrIntent} {
  for (const h of history) {
    if (h.intent.action !== 'revoke') continue
    const last = h.outcomes.at(-1)
    // only a definite "nothing happened, try later" leaves the door open
    const definiteRefusal = last !== undefined && (last.outcome === 'refused-paying' || (last.outcome === 'refused' && last.retry === true))
    if (!definiteRefusal) return {allowed: false, blockingIntent: h.intent}
  }
  return {allowed: true}
}
