/**
 * Closing intents by hand: the journal's manual outcome, `void pending` / `void resolve` as
 * services on real files in a temp data directory, and what `void retry` does afterwards
 * (in-process simulator).
 */
import {mkdtemp, readFile, rm, writeFile, mkdir} from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import {afterEach, describe, expect, it} from 'vitest'

import {checkEvidence, resolveByHand, scrubEvidence, type ResolveContext} from '../../src/actions/void-resolve.js'
import {allJournalRefs, journalRef, listPending, type JournalRef} from '../../src/actions/void-pending.js'
import {terminalKey} from '../../src/config/paths.js'
import {resolveTerminal} from '../../src/device/target.js'
import {PosdocError} from '../../src/output/errors.js'
import {SCENARIOS} from '../../src/sim/scenarios.js'
import {ActionJournal, FileJournalStore, type IntentInput} from '../../src/store/action-journal.js'
import {journalFile} from '../../src/store/paths.js'
import {acquireTerminalLock} from '../../src/store/terminal-lock.js'
import {VISA_TEST_CARD} from '../fixtures/test-cards.js'
import {makeRig, runVoid, type Rig} from './helpers/rig.js'

const dirs: string[] = []
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, {recursive: true, force: true})
})
async function dataEnv(): Promise<NodeJS.ProcessEnv> {
  const d = await mkdtemp(path.join(os.tmpdir(), 'posdoc-resolve-'))
  dirs.push(d)
  return {POSDOC_DATA_DIR: d}
}

const T0 = Date.UTC(2025, 2, 14, 15)
const intent = (receiptNumber: number, over: Partial<IntentInput> = {}): IntentInput => ({
  action: 'reversal',
  terminal: {key: 'tcp-192.168.1.50-20007-x', label: '192.168.1.50:20007', terminalId: '29001006'},
  receiptNumber,
  amountCents: 1230,
  original: {traceNumber: 100 + receiptNumber, batchNumber: 7, amountCents: 1230},
  attempt: 1,
  apdu: `06 30 06 ** ** ** 87 00 ${String(receiptNumber).padStart(2, '0')}`,
  command: 'void retry',
  ...over,
})

/** The journal `void retry --tcp 192.168.1.50` writes, in a temp data dir. */
async function tcpJournal(env: NodeJS.ProcessEnv, now = () => T0): Promise<{ref: JournalRef; journal: ActionJournal}> {
  const ref = journalRef({flags: {tcp: '192.168.1.50', demo: false}}, env)
  return {ref, journal: new ActionJournal(new FileJournalStore(ref.file), now)}
}

const ctxFor = (refs: JournalRef[], env: NodeJS.ProcessEnv, over: Partial<ResolveContext> = {}): ResolveContext => ({refs, scope: 'one', confirm: undefined, user: 'agent', env, lang: 'en', ...over})

async function codeOf(p: Promise<unknown>): Promise<{code: string; exitCode: number; message: string}> {
  try {
    await p
  } catch (e) {
    if (e instanceof PosdocError) return {code: e.code, exitCode: e.exitCode, message: e.message}
    throw e
  }
  throw new Error('expected a PosdocError')
}

describe('action journal: outcomes closed by hand', () => {
  it('a manual outcome round-trips with its evidence, user, host and pid, and resolves exactly its intent', async () => {
    const env = await dataEnv()
    const {journal} = await tcpJournal(env)
    const a = await journal.appendIntent(intent(42))
    const b = await journal.appendIntent(intent(43))
    const written = await journal.appendManualOutcome({id: a.id, outcome: 'succeeded', evidence: 'acquirer ticket 4711', user: 'agent'})
    expect(written).toEqual({v: 1, kind: 'outcome', id: a.id, ts: new Date(T0).toISOString(), outcome: 'succeeded', resolvedBy: 'manual', evidence: 'acquirer ticket 4711', user: 'agent', host: os.hostname(), pid: process.pid})
    const again = new ActionJournal(journal.store)
    expect((await again.read()).records.at(-1)).toEqual(written)
    expect((await again.unresolved()).map((i) => i.id)).toEqual([b.id])
    expect(await again.history(42)).toEqual([{intent: a, outcome: written}])
  })

  it('journals written before "manual" existed still read; a manual outcome without evidence is no record (the intent stays open)', async () => {
    const env = await dataEnv()
    const {ref, journal} = await tcpJournal(env)
    await mkdir(path.dirname(ref.file), {recursive: true})
    const old = [
      '{"v":1,"kind":"intent","id":"i1","ts":"2025-03-14T15:00:00.000Z","action":"reversal","terminal":{"key":"k","label":"l","terminalId":"29001006"},"receiptNumber":86,"amountCents":1760,"original":{"traceNumber":172},"lastTraceBefore":172,"attempt":1,"apdu":"06 30 06 ** ** ** 87 00 86","command":"void retry","pid":8020,"host":"shop-pc"}',
      '{"v":1,"kind":"outcome","id":"i1","ts":"2025-03-14T15:00:05.000Z","outcome":"succeeded","resolvedBy":"check","evidence":"last-status-info","booking":{"receiptNumber":87,"traceNumber":173,"authCode":"875487"}}',
      '{"v":1,"kind":"intent","id":"i2","ts":"2025-03-14T15:01:00.000Z","action":"reversal","terminal":{"key":"k","label":"l"},"receiptNumber":85,"attempt":1,"apdu":"06 30","command":"void retry","pid":8021,"host":"shop-pc"}',
      '{"v":1,"kind":"outcome","id":"i2","ts":"2025-03-14T15:02:00.000Z","outcome":"succeeded","resolvedBy":"manual","evidence":"  "}',
      '{"v":1,"kind":"note","ts":"2025-03-14T15:03:00.000Z","topic":"reprint-unavailable","data":{"receiptNumber":80}}',
    ]
    await writeFile(ref.file, old.join('\n') + '\n')
    const read = await journal.read()
    expect(read.records.map((r) => r.kind)).toEqual(['intent', 'outcome', 'intent', 'note'])
    expect(read.skipped).toEqual([{line: 4, reason: expect.stringContaining('evidence')}])
    expect((await journal.unresolved()).map((i) => i.id)).toEqual(['i2'])
    // and the writer refuses to produce such a record
    await expect(journal.appendOutcome({id: 'i2', outcome: 'succeeded', resolvedBy: 'manual'})).rejects.toThrow()
  })
})

describe('evidence', () => {
  it('card data is masked before anything is written (contiguous, grouped, CVV), the rest kept', () => {
    const {pan, masked} = VISA_TEST_CARD
    const grouped = pan.replace(/(\d{4})(?=\d)/g, '$1 ')
    const out = scrubEvidence(`slip shows ${pan}, statement ${grouped} cvv 123, ticket 4711 of 2026-11-23`)
    expect(out).toBe(`slip shows ${masked}, statement 4111 11** **** 1111 cvv ***, ticket 4711 of 2026-11-23`)
    expect(out).not.toContain(pan)
    expect(checkEvidence(`  ${pan}  `, 'en')).toBe(masked)
  })

  it('empty, blank or over-long evidence is a usage error that never echoes the text', () => {
    for (const bad of ['', '   \n\t']) expect(() => checkEvidence(bad, 'en')).toThrow(expect.objectContaining({code: 'USAGE_EVIDENCE_EMPTY', exitCode: 2}))
    const long = `${VISA_TEST_CARD.pan} ${'x'.repeat(1000)}`
    let err: PosdocError | undefined
    try {
      checkEvidence(long, 'en')
    } catch (e) {
      err = e as PosdocError
    }
    expect(err).toMatchObject({code: 'USAGE_EVIDENCE_TOO_LONG', exitCode: 2})
    expect(err!.message).not.toContain(VISA_TEST_CARD.pan.slice(0, 8))
    expect(checkEvidence('x'.repeat(1000), 'en')).toHaveLength(1000)
  })
})

describe('void pending: which journal, what is listed', () => {
  it('terminal flags name the journal void retry writes: --tcp HOST is HOST:20007, --terminal profile the same', async () => {
    const env = await dataEnv()
    const viaRetry = terminalKey(resolveTerminal({tcp: '192.168.1.50:20007', demo: false}, {knownScenarios: SCENARIOS}).target)
    expect(journalRef({flags: {tcp: '192.168.1.50', demo: false}}, env).key).toBe(viaRetry)
    expect(journalRef({flags: {tcp: '192.168.1.50', demo: false}}, env).file).toBe(journalFile(viaRetry, env))
    const profile = {file: 'c.json', terminals: [{name: 'till-1', tcp: '192.168.1.50'}]}
    const viaProfile = resolveTerminal({terminal: 'till-1', demo: false}, {knownScenarios: SCENARIOS, config: () => profile as never}).target
    expect(terminalKey(viaProfile)).toBe(viaRetry)
    expect(journalRef({flags: {serial: '/dev/ttyUSB0', baud: 'auto', demo: false}}, env).key).toBe(terminalKey({kind: 'serial', label: '/dev/ttyUSB0'}))
    expect(journalRef({flags: {serial: '/dev/ttyUSB0', baud: '38400', demo: false}}, env).key).toBe(terminalKey({kind: 'serial', label: '/dev/ttyUSB0'}))
  })

  it('refuses --demo, no selection, two selections, a key with a path in it, an unknown key (exit 2)', async () => {
    const env = await dataEnv()
    const code = (f: () => unknown) => {
      try {
        f()
      } catch (e) {
        return [(e as PosdocError).code, (e as PosdocError).exitCode]
      }
      return undefined
    }
    expect(code(() => journalRef({flags: {demo: true}}, env))).toEqual(['USAGE_DEMO_NO_JOURNAL', 2])
    expect(code(() => journalRef({flags: {demo: false}}, env))).toEqual(['USAGE_NO_TERMINAL', 2])
    expect(code(() => journalRef({flags: {tcp: '10.0.0.1', demo: false}, journalKey: 'k'}, env))).toEqual(['USAGE_TOO_MANY_TERMINALS', 2])
    expect(code(() => journalRef({flags: {demo: false}, journalKey: '../locks/x'}, env))).toEqual(['USAGE_BAD_JOURNAL_KEY', 2])
    expect(code(() => journalRef({flags: {demo: false}, journalKey: 'tcp-nowhere'}, env))).toEqual(['JOURNAL_NOT_FOUND', 2])
  })

  it('lists unresolved intents newest first with their attempts; none is exit 0; --all covers every journal', async () => {
    const env = await dataEnv()
    let t = T0
    const {ref, journal} = await tcpJournal(env, () => (t += 60_000))
    const first = await journal.appendIntent(intent(42))
    await journal.appendOutcome({id: first.id, outcome: 'not-done', resolvedBy: 'answer', resultCode: 'A0'})
    const second = await journal.appendIntent(intent(42, {attempt: 2}))
    const other = await journal.appendIntent(intent(43))
    const r = await listPending([ref], 'terminal')
    expect(r).toMatchObject({schema: 'posdoc.void-pending/1', scope: 'terminal', count: 2, exitCode: 1, journals: [{key: ref.key, file: ref.file, label: '192.168.1.50:20007', exists: true, pending: 2, skippedLines: 0}]})
    expect(r.pending.map((p) => p.id)).toEqual([other.id, second.id])
    expect(r.pending[1]).toEqual({
      id: second.id,
      journalKey: ref.key,
      action: 'reversal',
      receiptNumber: 42,
      amountCents: 1230,
      startedAt: second.ts,
      attempt: 2,
      attemptsOnReceipt: 2,
      terminalLabel: '192.168.1.50:20007',
      terminalId: '29001006',
      original: {traceNumber: 142, batchNumber: 7, amountCents: 1230},
      apdu: '06 30 06 ** ** ** 87 00 42',
      command: 'void retry',
      host: os.hostname(),
      pid: process.pid,
    })

    // a second terminal's journal, older intent; --all sees both, newest first across journals
    const ref2 = journalRef({flags: {tcp: '192.168.1.51', demo: false}}, env)
    const j2 = new ActionJournal(new FileJournalStore(ref2.file), () => T0)
    const old = await j2.appendIntent(intent(7))
    const all = await listPending(await allJournalRefs(env), 'all')
    expect(all.pending.map((p) => p.id)).toEqual([other.id, second.id, old.id])
    expect(all.journals.map((j) => j.pending).sort()).toEqual([1, 2])

    await j2.appendManualOutcome({id: old.id, outcome: 'not-done', evidence: 'acquirer: nothing received', user: 'agent'})
    expect(await listPending([ref2], 'terminal')).toMatchObject({count: 0, exitCode: 0, pending: []})
    // a terminal posdoc never voided on: no file, nothing pending
    const none = await listPending([journalRef({flags: {tcp: '10.9.9.9', demo: false}}, env)], 'terminal')
    expect(none).toMatchObject({count: 0, exitCode: 0, journals: [{exists: false, pending: 0}]})
    expect(await listPending(await allJournalRefs({POSDOC_DATA_DIR: path.join(env.POSDOC_DATA_DIR!, 'nothing-here')}), 'all')).toMatchObject({count: 0, journals: []})
  })
})

describe('void resolve (service)', () => {
  it('records a manual outcome under the lock; the id is found in any journal when no terminal is named', async () => {
    const env = await dataEnv()
    const {ref, journal} = await tcpJournal(env)
    const a = await journal.appendIntent(intent(42))
    const r = await resolveByHand({intentId: ` ${a.id} `, outcome: 'succeeded', evidence: `acquirer ticket 4711, card ${VISA_TEST_CARD.pan}`}, ctxFor(await allJournalRefs(env), env, {scope: 'all'}))
    expect(r).toMatchObject({schema: 'posdoc.void-resolve/1', status: 'recorded', exitCode: 0, journal: {key: ref.key, file: ref.file}, intent: {id: a.id, receiptNumber: 42}})
    expect(r.meaning).toMatch(/never send it again/)
    const text = await readFile(ref.file, 'utf8')
    expect(text).not.toContain(VISA_TEST_CARD.pan)
    const last = JSON.parse(text.trim().split('\n').at(-1)!)
    expect(last).toEqual({v: 1, kind: 'outcome', id: a.id, ts: expect.any(String), outcome: 'succeeded', resolvedBy: 'manual', evidence: `acquirer ticket 4711, card ${VISA_TEST_CARD.masked}`, user: 'agent', host: os.hostname(), pid: process.pid})
    // the lock was released
    const lock = await acquireTerminalLock(ref.key, {command: 'test', label: 'x', env})
    await lock.release()
  })

  it('refuses an unknown id, a resolved intent, "already-reversed" for a refund (exit 2, nothing written)', async () => {
    const env = await dataEnv()
    const {ref, journal} = await tcpJournal(env)
    const a = await journal.appendIntent(intent(42))
    await journal.appendOutcome({id: a.id, outcome: 'succeeded', resolvedBy: 'recovery', evidence: 'journal'})
    const refund = await journal.appendIntent(intent(44, {action: 'refund'}))
    const before = await readFile(ref.file, 'utf8')
    const ctx = ctxFor([ref], env)
    expect(await codeOf(resolveByHand({intentId: 'no-such-id', outcome: 'not-done', evidence: 'x'}, ctx))).toMatchObject({code: 'INTENT_UNKNOWN', exitCode: 2, message: expect.stringContaining(ref.file)})
    expect(await codeOf(resolveByHand({intentId: a.id, outcome: 'not-done', evidence: 'x'}, ctx))).toMatchObject({
      code: 'INTENT_ALREADY_RESOLVED',
      exitCode: 2,
      message: expect.stringMatching(/already has an outcome: succeeded \(asking the terminal on a later start/),
    })
    expect(await codeOf(resolveByHand({intentId: refund.id, outcome: 'already-reversed', evidence: 'x'}, ctx))).toMatchObject({code: 'USAGE_OUTCOME_NOT_FOR_REFUND', exitCode: 2})
    expect(await codeOf(resolveByHand({intentId: refund.id, outcome: 'succeeded', evidence: ' '}, ctx))).toMatchObject({code: 'USAGE_EVIDENCE_EMPTY', exitCode: 2})
    expect(await readFile(ref.file, 'utf8')).toBe(before)
  })

  it('an id found in two journals (a copied file) is refused until the journal is named', async () => {
    const env = await dataEnv()
    const {ref, journal} = await tcpJournal(env)
    const a = await journal.appendIntent(intent(42))
    const copy = journalRef({flags: {tcp: '192.168.1.51', demo: false}}, env)
    await mkdir(path.dirname(copy.file), {recursive: true})
    await writeFile(copy.file, await readFile(ref.file, 'utf8'))
    const refs = await allJournalRefs(env)
    expect(await codeOf(resolveByHand({intentId: a.id, outcome: 'not-done', evidence: 'x'}, ctxFor(refs, env, {scope: 'all'})))).toMatchObject({code: 'INTENT_AMBIGUOUS', exitCode: 2})
    expect(await resolveByHand({intentId: a.id, outcome: 'not-done', evidence: 'x'}, ctxFor([copy], env))).toMatchObject({status: 'recorded', journal: {key: copy.key}})
    expect(await journal.unresolved()).toHaveLength(1)
  })

  it('shows what it records and writes nothing when not confirmed (exit 4)', async () => {
    const env = await dataEnv()
    const {ref, journal} = await tcpJournal(env)
    const a = await journal.appendIntent(intent(42))
    const before = await readFile(ref.file, 'utf8')
    const asked: string[] = []
    const r = await resolveByHand({intentId: a.id, outcome: 'not-done', evidence: 'acquirer: no reversal received'}, ctxFor([ref], env, {confirm: async (q) => (asked.push(q), false)}))
    expect(r).toMatchObject({status: 'declined', exitCode: 4})
    expect(r.outcome).toBeUndefined()
    expect(asked[0]).toContain(a.id)
    expect(asked[0]).toContain('evidence "acquirer: no reversal received", by agent@')
    expect(asked[0]).toMatch(/"not-done": no money moved; the next `posdoc void retry` of that receipt may void it again/)
    expect(await readFile(ref.file, 'utf8')).toBe(before)
  })

  it('cannot race a running void retry: a held lock is TERMINAL_LOCKED (exit 3); an outcome that lands meanwhile wins', async () => {
    const env = await dataEnv()
    const {ref, journal} = await tcpJournal(env)
    const a = await journal.appendIntent(intent(42))
    const before = await readFile(ref.file, 'utf8')
    const held = await acquireTerminalLock(ref.key, {command: 'void retry', label: '192.168.1.50:20007', env})
    try {
      expect(await codeOf(resolveByHand({intentId: a.id, outcome: 'succeeded', evidence: 'x'}, ctxFor([ref], env)))).toMatchObject({code: 'TERMINAL_LOCKED', exitCode: 3})
    } finally {
      await held.release()
    }
    expect(await readFile(ref.file, 'utf8')).toBe(before)
    // recovery settles the intent while the agent reads the question: the check under the lock sees it
    const confirm = async () => {
      await journal.appendOutcome({id: a.id, outcome: 'not-done', resolvedBy: 'recovery', evidence: 'journal'})
      return true
    }
    expect(await codeOf(resolveByHand({intentId: a.id, outcome: 'succeeded', evidence: 'x'}, ctxFor([ref], env, {confirm})))).toMatchObject({code: 'INTENT_ALREADY_RESOLVED'})
    expect((await journal.read()).records.filter((r) => r.kind === 'outcome')).toHaveLength(1)
  })
})

describe('void retry after an intent was closed by hand', () => {
  const latestSale = (rig: Rig) => rig.standingSales().at(-1)!

  async function openIntent(rig: Rig, over: Partial<IntentInput> = {}) {
    const sale = latestSale(rig)
    const j = new ActionJournal(rig.store)
    const i = await j.appendIntent({
      action: 'reversal',
      terminal: {key: 'memory-sim', label: 'sim', terminalId: rig.sim.state.terminalId},
      receiptNumber: sale.receiptNumber!,
      original: {traceNumber: sale.traceNumber},
      attempt: 1,
      apdu: '06 30',
      command: 'void retry',
      ...over,
    })
    return {sale, j, i}
  }

  it('while open it blocks, and says how to close it by hand', async () => {
    const rig = await makeRig()
    // an attempt the terminal cannot account for (its journal no longer holds that trace)
    const {sale, i} = await openIntent(rig, {original: {traceNumber: 999_998}})
    const r = await runVoid(rig, sale.receiptNumber!)
    expect(r.result).toMatchObject({status: 'blocked', exitCode: 1, pending: {intentId: i.id}})
    expect(r.result!.remedy).toContain(`posdoc void resolve --intent ${i.id}`)
  })

  it.each(['succeeded', 'already-reversed'] as const)('%s: reported as voided, nothing sent, even though the terminal shows the sale standing', async (outcome) => {
    const rig = await makeRig()
    const {sale, j, i} = await openIntent(rig)
    await j.appendManualOutcome({id: i.id, outcome, evidence: 'acquirer ticket 4711', user: 'agent'})
    const before = rig.records().length
    const r = await runVoid(rig, sale.receiptNumber!)
    expect(r.result).toMatchObject({status: 'already-reversed', exitCode: 0, attempts: [], apdus: [], closedByHand: {intentId: i.id, outcome, evidence: 'acquirer ticket 4711', user: 'agent'}})
    expect(r.result!.message).toMatch(/closed by hand as done \(agent@/)
    expect(r.result!.remedy).toMatch(/still shows the sale as standing/)
    expect(rig.reversalsOf(sale.receiptNumber!)).toHaveLength(0)
    expect(rig.records()).toHaveLength(before)
  })

  it('succeeded, and the terminal lost its journal: still reported as voided rather than an unknown receipt', async () => {
    const rig = await makeRig({journalSize: 0})
    const j = new ActionJournal(rig.store)
    const i = await j.appendIntent({action: 'reversal', terminal: {key: 'memory-sim', label: 'sim', terminalId: rig.sim.state.terminalId}, receiptNumber: 86, original: {traceNumber: 172}, attempt: 1, apdu: '06 30', command: 'void retry'})
    await j.appendManualOutcome({id: i.id, outcome: 'succeeded', evidence: 'printed slip 0087', user: 'agent'})
    const r = await runVoid(rig, 86)
    expect(r.result).toMatchObject({status: 'already-reversed', exitCode: 0, attempts: [], closedByHand: {intentId: i.id}})
    expect(r.result!.remedy).toBeUndefined()
  })

  it('not-done: the next void goes ahead with a new intent of its own, exactly once', async () => {
    const rig = await makeRig()
    const {sale, j, i} = await openIntent(rig)
    await j.appendManualOutcome({id: i.id, outcome: 'not-done', evidence: 'acquirer: no reversal received', user: 'agent'})
    const r = await runVoid(rig, sale.receiptNumber!)
    expect(r.result).toMatchObject({status: 'reversed', exitCode: 0})
    expect(r.result!.attempts).toHaveLength(1)
    expect(r.result!.attempts[0]!.intentId).not.toBe(i.id)
    expect(rig.reversalsOf(sale.receiptNumber!)).toHaveLength(1)
    expect(await j.unresolved()).toEqual([])
  })

  it('a hand-closed attempt of another sale under the same receipt number (another trace) does not stand for this one', async () => {
    const rig = await makeRig()
    const {sale, j, i} = await openIntent(rig, {original: {traceNumber: 999_998}})
    await j.appendManualOutcome({id: i.id, outcome: 'succeeded', evidence: 'acquirer ticket 4711', user: 'agent'})
    const r = await runVoid(rig, sale.receiptNumber!)
    expect(r.result).toMatchObject({status: 'reversed'})
    expect(r.result!.closedByHand).toBeUndefined()
    expect(rig.reversalsOf(sale.receiptNumber!)).toHaveLength(1)
  })

  it('one closed by hand on another terminal (TID) is no proof for this one: the recorded success contradicts the terminal, nothing sent', async () => {
    const rig = await makeRig()
    const {sale, j, i} = await openIntent(rig, {terminal: {key: 'memory-sim', label: 'sim', terminalId: '99990000'}})
    await j.appendManualOutcome({id: i.id, outcome: 'succeeded', evidence: 'old terminal, acquirer ticket 4711', user: 'agent'})
    const r = await runVoid(rig, sale.receiptNumber!)
    expect(r.result).toMatchObject({status: 'failed', exitCode: 1, attempts: []})
    expect(r.result!.closedByHand).toBeUndefined()
    expect(rig.reversalsOf(sale.receiptNumber!)).toHaveLength(0)
  })

  it('a refund closed by hand as succeeded: reported as refunded, nothing sent', async () => {
    const rig = await makeRig()
    const {sale, j, i} = await openIntent(rig, {action: 'refund', amountCents: 500})
    await j.appendManualOutcome({id: i.id, outcome: 'succeeded', evidence: 'statement line 12', user: 'agent'})
    const r = await runVoid(rig, sale.receiptNumber!)
    expect(r.result).toMatchObject({status: 'refunded', exitCode: 0, attempts: [], closedByHand: {action: 'refund'}})
    expect(rig.reversalsOf(sale.receiptNumber!)).toHaveLength(0)
  })
})
