/**
 * The case store: one directory per case under <dataDir>/cases/<id>/ with case.json (written
 * atomically after every change) and evidence/ (copied files, referenced with size + sha256).
 * One writer per case (a lock directory inside the case); readers never lock, and because every
 * write is an atomic rename they always see a whole case.json.
 */
import {randomBytes} from 'node:crypto'
import {mkdir, readdir, readFile, rename, rm} from 'node:fs/promises'
import path from 'node:path'
import lockfile from 'proper-lockfile'
import writeFileAtomic from 'write-file-atomic'

import type {CheckResult} from '../checks/types.js'
import {dataDir} from '../config/paths.js'
import {getLang, type Lang} from '../i18n/index.js'
import {PosdocError} from '../output/errors.js'
import {ExitCode} from '../output/exit-codes.js'
import {systemClock, type Clock} from '../util/clock.js'
import {maskCardData, maskDeep} from './card-data.js'
import {actionOutcomeText, caseStatusText, caseText, checkStatusText, enumLabels} from './case-text.js'
import {ensureDir} from './dirs.js'
import {copyEvidence, safeEvidenceName} from './evidence.js'
import {formatMoney} from './format.js'
import {
  ActionSchema,
  AnswerSchema,
  CASE_ID_RE,
  CASE_SCHEMA,
  CaseSchema,
  CheckRecordSchema,
  EventSchema,
  EvidenceSchema,
  IdentitySchema,
  TransactionSchema,
  VerdictSchema,
  AcquirerRequestSchema,
  type AcquirerRequest,
  type AnswerValue,
  type CaseAction,
  type CaseData,
  type CaseEventKind,
  type CaseIdentity,
  type CaseStatus,
  type CaseSymptom,
  type CaseTransaction,
  type CaseVerdict,
  type EvidenceKind,
  type EvidenceRecord,
} from './schema.js'

/** Stale after this long without a heartbeat (a crashed writer frees the case). */
const LOCK_STALE_MS = 10_000

export interface NewCase {
  symptom: CaseSymptom
  /** language the flow talks and records in */
  lang: Lang
  terminal?: CaseIdentity
}

/** Transaction as the flow knows it; numbers are accepted for the ZVT numeric references. */
export type TransactionInput = Partial<Omit<CaseTransaction, 'recordedAt' | 'traceNumber' | 'receiptNumber' | 'turnoverNumber' | 'batchNumber'>> & {
  traceNumber?: string | number
  receiptNumber?: string | number
  turnoverNumber?: string | number
  batchNumber?: string | number
}

export type ActionInput = Omit<CaseAction, 'ref' | 'startedAt' | 'outcome'> & {ref?: string; startedAt?: string; outcome?: CaseAction['outcome']}
export type ActionPatch = Partial<Omit<CaseAction, 'ref'>>

/** Evidence content: bytes/text, or a file to copy (may already be evidencePath(name): then it is masked in place). */
export type EvidenceSource = {content: string | Buffer} | {file: string}

export interface CaseSummary {
  id: string
  createdAt: string
  updatedAt: string
  status: CaseStatus
  lang: Lang
  symptom: CaseSymptom
  terminalId?: string
  merchantId?: string
  verdict?: CaseVerdict['outcome']
  counts: {checks: number; transactions: number; actions: number; evidence: number}
}

export interface CaseListResult {
  schema: 'posdoc.case-list/1'
  root: string
  cases: CaseSummary[]
  /** case folders whose case.json could not be read (kept untouched) */
  unreadable: Array<{id: string; code: string; message: string}>
}

export interface CaseStoreOptions {
  /** the cases directory; default <dataDir()>/cases */
  root?: string
  clock?: Clock
  /** 2 random bytes for the id suffix (tests make it deterministic) */
  randomSuffix?: () => string
}

function pad(n: number, w = 2): string {
  return String(n).padStart(w, '0')
}

/** 20261123-1432-void-failed-7f3a (local time: it is what the merchant remembers). */
export function makeCaseId(at: Date, symptomId: string, suffix: string): string {
  const slug =
    symptomId
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 32)
      .replace(/-+$/, '') || 'case'
  return `${at.getFullYear()}${pad(at.getMonth() + 1)}${pad(at.getDate())}-${pad(at.getHours())}${pad(at.getMinutes())}-${slug}-${suffix}`
}

function lang(): Lang {
  return getLang()
}

function notFound(ref: string): PosdocError {
  return new PosdocError({code: 'CASE_NOT_FOUND', exitCode: ExitCode.Usage, message: caseText.notFound[lang()](ref), remedy: caseText.notFoundRemedy[lang()], details: {ref}})
}

function corrupt(id: string, file: string, detail: string): PosdocError {
  return new PosdocError({
    code: 'CASE_CORRUPT',
    exitCode: ExitCode.Usage,
    // JSON.parse quotes the file's text: never echo card data from a hand-edited file
    message: caseText.corrupt[lang()](id, maskCardData(detail).text),
    remedy: caseText.corruptRemedy[lang()](file),
    details: {id, file},
  })
}

function writeFailed(file: string, e: unknown): PosdocError {
  const err = e as NodeJS.ErrnoException
  return new PosdocError({
    code: 'CASE_WRITE_FAILED',
    exitCode: ExitCode.Usage,
    message: caseText.writeFailed[lang()](file, err.code ?? err.message),
    remedy: caseText.writeFailedRemedy[lang()],
    details: {file},
    cause: e,
  })
}

/** Parse case.json text; refuse (CASE_CORRUPT / CASE_NEWER_SCHEMA, exit 2) anything that is not a valid v1 case. */
export function parseCaseJson(raw: string, id: string, file: string): CaseData {
  let json: unknown
  try {
    json = JSON.parse(raw)
  } catch (e) {
    throw corrupt(id, file, (e as Error).message.split('\n')[0]!)
  }
  const schema = (json as {schema?: unknown} | null)?.schema
  if (typeof schema === 'string' && /^posdoc\.case\/\d+$/.test(schema) && schema !== CASE_SCHEMA) {
    throw new PosdocError({code: 'CASE_NEWER_SCHEMA', exitCode: ExitCode.Usage, message: caseText.newer[lang()](id, schema), remedy: caseText.newerRemedy[lang()], details: {id, schema}})
  }
  const parsed = CaseSchema.safeParse(json)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!
    throw corrupt(id, file, `${issue.path.join('.') || 'document'}: ${issue.message}`)
  }
  // the folder name is the id (a copied case folder keeps working)
  return {...parsed.data, id}
}

export class CaseStore {
  readonly root: string
  private readonly clock: Clock
  private readonly randomSuffix: () => string

  constructor(opts: CaseStoreOptions = {}) {
    this.root = opts.root ?? path.join(dataDir(), 'cases')
    this.clock = opts.clock ?? systemClock
    this.randomSuffix = opts.randomSuffix ?? (() => randomBytes(2).toString('hex'))
  }

  dir(id: string): string {
    return path.join(this.root, id)
  }

  /** Start a case: writes case.json, locks it, and returns the writer. */
  async create(init: NewCase): Promise<CaseHandle> {
    const now = this.clock.now()
    const iso = new Date(now).toISOString()
    try {
      await ensureDir(this.root)
    } catch (e) {
      throw writeFailed(this.root, e)
    }
    for (let attempt = 0; ; attempt++) {
      const id = makeCaseId(new Date(now), init.symptom.id, this.randomSuffix())
      const data: CaseData = CaseSchema.parse(
        maskDeep({
          schema: CASE_SCHEMA,
          id,
          createdAt: iso,
          updatedAt: iso,
          status: 'open',
          lang: init.lang,
          timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
          symptom: init.symptom,
          identity: init.terminal ?? {},
          answers: {},
          timeline: [],
          checks: [],
          transactions: [],
          actions: [],
          evidence: [],
        }).value,
      )
      // build the case in a hidden folder and rename it into place: no reader ever sees half a case
      const tmp = path.join(this.root, `.new-${id}-${randomBytes(4).toString('hex')}`)
      try {
        await mkdir(tmp)
        await mkdir(path.join(tmp, 'evidence'))
        await writeFileAtomic(path.join(tmp, 'case.json'), `${JSON.stringify(data, null, 2)}\n`)
      } catch (e) {
        await rm(tmp, {recursive: true, force: true})
        throw writeFailed(tmp, e)
      }
      try {
        await rename(tmp, this.dir(id))
      } catch (e) {
        await rm(tmp, {recursive: true, force: true})
        const code = (e as NodeJS.ErrnoException).code
        if ((code === 'EEXIST' || code === 'ENOTEMPTY' || code === 'EPERM') && attempt < 20) continue
        throw writeFailed(this.dir(id), e)
      }
      return this.lockAndWrap(id, data)
    }
  }

  /** Open a case for writing (resume): takes the case lock; CASE_LOCKED (exit 2) when another process holds it. */
  async open(ref: string): Promise<CaseHandle> {
    const {id, data} = await this.read(ref)
    const handle = await this.lockAndWrap(id, data)
    // re-read under the lock: the previous writer may have written after our first read
    try {
      const fresh = await this.readById(id)
      handle.replaceState(fresh.data)
    } catch (e) {
      await handle.close()
      throw e
    }
    return handle
  }

  /** A read-only snapshot (no lock). */
  async read(ref: string): Promise<{id: string; dir: string; file: string; data: CaseData}> {
    return this.readById(await this.resolveId(ref))
  }

  private async readById(id: string): Promise<{id: string; dir: string; file: string; data: CaseData}> {
    const dir = this.dir(id)
    const file = path.join(dir, 'case.json')
    let raw: string
    try {
      raw = await readFile(file, 'utf8')
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code
      throw corrupt(id, file, code === 'ENOENT' ? 'case.json is missing' : (code ?? String(e)))
    }
    return {id, dir, file, data: parseCaseJson(raw, id, file)}
  }

  /** Exact id, `latest`, or a unique start of an id; CASE_NOT_FOUND / CASE_AMBIGUOUS (exit 2) otherwise. */
  async resolveId(ref: string): Promise<string> {
    const wanted = ref.trim()
    const ids = await this.caseIds()
    if (wanted === 'latest') {
      const {cases} = await this.list()
      if (cases[0]) return cases[0].id
      if (ids[0]) return ids[0]
      throw notFound(ref)
    }
    if (!/^[A-Za-z0-9-]{1,80}$/.test(wanted)) throw notFound(ref)
    if (ids.includes(wanted)) return wanted
    const hits = ids.filter((id) => id.startsWith(wanted.toLowerCase()))
    if (hits.length === 1) return hits[0]!
    if (hits.length > 1) {
      throw new PosdocError({code: 'CASE_AMBIGUOUS', exitCode: ExitCode.Usage, message: caseText.ambiguous[lang()](ref, hits), remedy: caseText.ambiguousRemedy[lang()], details: {ref, matches: hits}})
    }
    throw notFound(ref)
  }

  /** Every case, newest first; unreadable case folders are listed apart, never touched. */
  async list(): Promise<CaseListResult> {
    const ids = await this.caseIds()
    const cases: CaseSummary[] = []
    const unreadable: CaseListResult['unreadable'] = []
    const read = async (id: string) => {
      try {
        cases.push(summarize((await this.readById(id)).data))
      } catch (e) {
        if (e instanceof PosdocError) unreadable.push({id, code: e.code, message: e.message})
        else throw e
      }
    }
    for (let i = 0; i < ids.length; i += 32) await Promise.all(ids.slice(i, i + 32).map(read))
    cases.sort((a, b) => (a.createdAt === b.createdAt ? (a.id < b.id ? 1 : -1) : a.createdAt < b.createdAt ? 1 : -1))
    unreadable.sort((a, b) => (a.id < b.id ? 1 : -1))
    return {schema: 'posdoc.case-list/1', root: this.root, cases, unreadable}
  }

  /** Case folder names, newest first by name. */
  private async caseIds(): Promise<string[]> {
    let entries: Array<{name: string; isDirectory(): boolean}>
    try {
      entries = await readdir(this.root, {withFileTypes: true})
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return []
      throw e
    }
    return entries
      .filter((e) => e.isDirectory() && CASE_ID_RE.test(e.name))
      .map((e) => e.name)
      .sort()
      .reverse()
  }

  private async lockAndWrap(id: string, data: CaseData): Promise<CaseHandle> {
    const dir = this.dir(id)
    let compromised: Error | undefined
    let release: () => Promise<void>
    try {
      release = await lockfile.lock(dir, {
        lockfilePath: path.join(dir, '.lock'),
        realpath: false,
        retries: 0,
        stale: LOCK_STALE_MS,
        // proper-lockfile throws from a timer by default, which would kill the process mid-flow
        onCompromised: (err) => {
          compromised = err
        },
      })
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ELOCKED') {
        throw new PosdocError({code: 'CASE_LOCKED', exitCode: ExitCode.Usage, message: caseText.locked[lang()](id), remedy: caseText.lockedRemedy[lang()], details: {id}})
      }
      throw writeFailed(path.join(dir, '.lock'), e)
    }
    return new CaseHandle({id, dir, data, clock: this.clock, release, compromised: () => compromised})
  }
}

export function summarize(d: CaseData): CaseSummary {
  return {
    id: d.id,
    createdAt: d.createdAt,
    updatedAt: d.updatedAt,
    status: d.status,
    lang: d.lang,
    symptom: d.symptom,
    ...(d.identity.terminalId ? {terminalId: d.identity.terminalId} : {}),
    ...(d.identity.merchantId ? {merchantId: d.identity.merchantId} : {}),
    ...(d.verdict ? {verdict: d.verdict.outcome} : {}),
    counts: {checks: d.checks.length, transactions: d.transactions.length, actions: d.actions.length, evidence: d.evidence.length},
  }
}

const REF_NUMBERS = ['traceNumber', 'receiptNumber', 'turnoverNumber', 'batchNumber'] as const

/**
 * The writer of one case. Every method changes the case in memory at once (so calls keep their
 * order even without await) and resolves when case.json is on disk. Everything recorded is
 * masked first: a full PAN, track data, CVV or PIN block never reaches the disk.
 */
export class CaseHandle {
  readonly id: string
  readonly dir: string
  private state: CaseData
  private readonly clock: Clock
  private readonly releaseLock: () => Promise<void>
  private readonly isCompromised: () => Error | undefined
  private chain: Promise<void> = Promise.resolve()
  private closed = false

  constructor(opts: {id: string; dir: string; data: CaseData; clock: Clock; release: () => Promise<void>; compromised: () => Error | undefined}) {
    this.id = opts.id
    this.dir = opts.dir
    this.state = opts.data
    this.clock = opts.clock
    this.releaseLock = opts.release
    this.isCompromised = opts.compromised
  }

  /** A copy of the case as it is now. */
  get data(): CaseData {
    return structuredClone(this.state)
  }

  get file(): string {
    return path.join(this.dir, 'case.json')
  }

  /** @internal used by CaseStore.open after taking the lock */
  replaceState(data: CaseData): void {
    this.state = data
  }

  /** Where an evidence file of this name lives (a wire log can be written there directly, then addEvidence(name, {file: evidencePath(name)})). */
  evidencePath(name: string): string {
    return path.join(this.dir, 'evidence', safeEvidenceName(name))
  }

  /** Append a timeline event (question asked, note, error...). */
  async event(kind: CaseEventKind, text: string, ref?: string): Promise<void> {
    this.pushEvent(kind, text, ref)
    return this.persist()
  }

  async note(text: string, ref?: string): Promise<void> {
    return this.event('note', text, ref)
  }

  /** The answer to question `questionId` (replaces an earlier answer); adds an 'answer' event. */
  async recordAnswer(questionId: string, value: AnswerValue, opts: {question?: string; display?: string} = {}): Promise<void> {
    const answer = AnswerSchema.parse(this.masked({value, at: this.nowIso(), ...opts}))
    this.state.answers[questionId] = answer
    const shown = opts.display ?? (Array.isArray(value) ? value.join(', ') : String(value))
    this.pushEvent('answer', `${opts.question ? `${opts.question} ` : ''}→ ${shown}`, `answer:${questionId}`)
    return this.persist()
  }

  /** A check result, as it lands; adds a 'check' event. A check run twice is kept twice (before / after a fix). */
  async recordCheck(result: CheckResult): Promise<void> {
    const rec = CheckRecordSchema.parse(this.masked({...result, at: this.nowIso()}))
    this.state.checks.push(rec)
    this.pushEvent('check', `${checkStatusText[rec.status][this.state.lang]}: ${rec.title}: ${rec.summary}`, `check:${rec.id}`)
    return this.persist()
  }

  /**
   * A transaction involved in the case. With the `ref` of one already recorded the fields are
   * merged into it (the flow learns a transaction's real state step by step). Returns its ref.
   */
  async recordTransaction(tx: TransactionInput): Promise<string> {
    const existing = tx.ref ? this.state.transactions.findIndex((t) => t.ref === tx.ref) : -1
    const normalized: Record<string, unknown> = {...tx}
    for (const k of REF_NUMBERS) if (typeof tx[k] === 'number') normalized[k] = String(tx[k])
    if (existing >= 0) {
      const merged = TransactionSchema.parse(this.masked({...this.state.transactions[existing], ...dropUndefined(normalized)}))
      this.state.transactions[existing] = merged
      await this.persist()
      return merged.ref
    }
    const ref = tx.ref ?? this.nextRef('tx', this.state.transactions)
    const rec = TransactionSchema.parse(this.masked({...dropUndefined(normalized), ref, recordedAt: this.nowIso()}))
    this.state.transactions.push(rec)
    const L = this.state.lang
    const what = [
      rec.type ? enumLabels.txType[rec.type][L] : undefined,
      rec.amountCents !== undefined ? formatMoney(rec.amountCents, rec.currency) : undefined,
      rec.receiptNumber ? `#${rec.receiptNumber}` : undefined,
      rec.state ? enumLabels.txState[rec.state][L] : undefined,
    ]
      .filter(Boolean)
      .join(' ')
    this.pushEvent('note', caseText.txNote[this.state.lang](what || ref), `tx:${ref}`)
    await this.persist()
    return ref
  }

  async updateTransaction(ref: string, patch: TransactionInput): Promise<string> {
    if (!this.state.transactions.some((t) => t.ref === ref)) throw new Error(`no transaction ${ref} in case ${this.id}`)
    return this.recordTransaction({...patch, ref})
  }

  /** An action started or done (reprint, void...); adds an 'action' event. Returns its ref. */
  async recordAction(a: ActionInput): Promise<string> {
    if (a.ref && this.state.actions.some((x) => x.ref === a.ref)) return this.updateAction(a.ref, a)
    const ref = a.ref ?? this.nextRef('a', this.state.actions)
    const rec = ActionSchema.parse(this.masked({outcome: 'pending', startedAt: this.nowIso(), ...dropUndefined(a), ref}))
    this.state.actions.push(rec)
    this.pushEvent('action', this.actionLine(rec), `action:${ref}`)
    await this.persist()
    return ref
  }

  /** The outcome (or other details) of an action recorded earlier; a changed outcome adds an 'action' event. */
  async updateAction(ref: string, patch: ActionPatch): Promise<string> {
    const i = this.state.actions.findIndex((x) => x.ref === ref)
    if (i < 0) throw new Error(`no action ${ref} in case ${this.id}`)
    const before = this.state.actions[i]!
    const ended = patch.outcome && patch.outcome !== 'pending' && !patch.endedAt && !before.endedAt ? {endedAt: this.nowIso()} : {}
    const rec = ActionSchema.parse(this.masked({...before, ...dropUndefined(patch), ...ended, ref}))
    this.state.actions[i] = rec
    if (rec.outcome !== before.outcome) this.pushEvent('action', this.actionLine(rec), `action:${ref}`)
    await this.persist()
    return ref
  }

  /**
   * Copy (or write) an evidence file into evidence/<name>, masking card data in text on the way
   * (`mask: false` for binary such as photos), and reference it with size + sha256. The same
   * name again replaces the file (a wire log that grew).
   */
  async addEvidence(name: string, source: EvidenceSource, opts: {kind: EvidenceKind; description?: string; mask?: boolean}): Promise<EvidenceRecord> {
    this.assertWritable()
    const safe = safeEvidenceName(name)
    const dest = path.join(this.dir, 'evidence', safe)
    const {size, sha256, masked} = await copyEvidence(source, dest, {mask: opts.mask ?? opts.kind !== 'photo'})
    const rec = EvidenceSchema.parse(
      this.masked({name: safe, path: `evidence/${safe}`, kind: opts.kind, size, sha256, addedAt: this.nowIso(), masked, ...(opts.description ? {description: opts.description} : {})}),
    )
    const i = this.state.evidence.findIndex((e) => e.name === safe)
    if (i >= 0) this.state.evidence[i] = rec
    else this.state.evidence.push(rec)
    await this.persist()
    return rec
  }

  /** Merchant / terminal identity; merges, undefined fields are ignored. */
  async setIdentity(patch: CaseIdentity): Promise<void> {
    this.state.identity = IdentitySchema.parse(this.masked({...this.state.identity, ...dropUndefined(patch)}))
    return this.persist()
  }

  async setVerdict(v: CaseVerdict): Promise<void> {
    this.state.verdict = VerdictSchema.parse(this.masked(v))
    return this.persist()
  }

  async setAcquirerRequest(r: AcquirerRequest): Promise<void> {
    this.state.acquirerRequest = AcquirerRequestSchema.parse(this.masked(r))
    return this.persist()
  }

  async setStatus(status: CaseStatus): Promise<void> {
    if (status !== this.state.status) {
      this.state.status = status
      this.pushEvent('note', caseText.closedNote[this.state.lang](caseStatusText[status][this.state.lang]))
    }
    return this.persist()
  }

  /** The flow's own resume state (which step it reached...); opaque to the store and the report. */
  async setFlowState(state: Record<string, unknown>): Promise<void> {
    this.state.flowState = this.masked(state)
    return this.persist()
  }

  /** Wait for pending writes, optionally set the final status, and release the case lock. Idempotent. */
  async close(status?: CaseStatus): Promise<void> {
    if (this.closed) return
    try {
      if (status) await this.setStatus(status)
      await this.chain
    } finally {
      this.closed = true
      try {
        await this.releaseLock()
      } catch {
        // already released or compromised: nothing left to free
      }
    }
  }

  private actionLine(a: CaseAction): string {
    const code = a.resultCode ? ` (${a.resultCode}${a.resultText ? ` ${a.resultText}` : ''})` : ''
    return `${a.summary}: ${actionOutcomeText[a.outcome][this.state.lang]}${code}`
  }

  private nextRef(prefix: string, items: Array<{ref: string}>): string {
    let n = items.length + 1
    while (items.some((x) => x.ref === `${prefix}${n}`)) n++
    return `${prefix}${n}`
  }

  private pushEvent(kind: CaseEventKind, text: string, ref?: string): void {
    this.assertWritable()
    this.state.timeline.push(EventSchema.parse(this.masked({ts: this.nowIso(), kind, text, ...(ref ? {ref} : {})})))
  }

  private masked<T>(v: T): T {
    return maskDeep(v).value
  }

  private nowIso(): string {
    return new Date(this.clock.now()).toISOString()
  }

  private assertWritable(): void {
    if (this.closed) throw new Error(`case ${this.id} is closed`)
    if (this.isCompromised()) {
      throw new PosdocError({code: 'CASE_LOCK_LOST', exitCode: ExitCode.Usage, message: caseText.lockLost[lang()](this.id), remedy: caseText.lockedRemedy[lang()], details: {id: this.id}})
    }
  }

  /** Snapshot now (keeps call order), write after the previous write; atomic rename, fsync'd. */
  private persist(): Promise<void> {
    this.assertWritable()
    this.state.updatedAt = this.nowIso()
    const doc = CaseSchema.parse(maskDeep(this.state).value)
    this.state = doc
    const body = `${JSON.stringify(doc, null, 2)}\n`
    const file = this.file
    const write = this.chain.then(() => writeFileAtomic(file, body))
    this.chain = write.catch(() => undefined)
    return write.catch((e) => {
      throw writeFailed(file, e)
    })
  }
}

function dropUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>
}
