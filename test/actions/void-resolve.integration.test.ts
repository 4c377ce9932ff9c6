/**
 * `posdoc void pending` / `posdoc void resolve` as a support agent runs them (the built CLI, its
 * own data directory), on intents left in doubt the real way against `posdoc sim` in its own
 * process; then `void retry` does what the recorded outcome says, proved by the simulator's
 * state.json and posdoc's wire log.
 */
import {mkdtemp, readFile, rm} from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import {fileURLToPath} from 'node:url'
import {afterEach, describe, expect, it} from 'vitest'

import {terminalKey} from '../../src/config/paths.js'
import {ActionJournal} from '../../src/store/action-journal.js'
import {acquireTerminalLock} from '../../src/store/terminal-lock.js'
import type {SimState} from '../../src/sim/types.js'
import {VISA_TEST_CARD} from '../fixtures/test-cards.js'
import {runCli, type CliResult} from '../helpers/cli.js'
import {startSimProcess} from '../helpers/sim-process.js'
import {hasTmux, TmuxSession} from '../helpers/tmux.js'
import {CliRig, json, reversalsOf, standingSale} from './helpers/cli-rig.js'

let rigs: CliRig[] = []
afterEach(async () => {
  for (const r of rigs) await r.close()
  rigs = []
})

async function rig(scenario: string): Promise<CliRig> {
  const r = await CliRig.create('tcp')
  rigs.push(r)
  await r.start(scenario)
  return r
}

const VOID = (n: number, ...more: string[]) => ['void', 'retry', '--receipt', String(n), '--password', '000000', '--yes', '--timeout', '2', ...more]
const RESOLVE = (id: string, outcome: string, evidence: string, ...more: string[]) => ['void', 'resolve', '--intent', id, '--outcome', outcome, '--evidence', evidence, ...more]

async function journalText(r: CliRig): Promise<string> {
  return readFile(path.join(r.dataDir, 'journals', `${terminalKey({kind: 'tcp', label: `127.0.0.1:${r.port}`})}.jsonl`), 'utf8')
}

describe('closing an intent by hand', () => {
  it('power lost mid-reversal, terminal then swapped: pending lists it, resolve records it (masked), void retry sends nothing', async () => {
    const r = await rig('power-loss-mid-reversal')
    const sale = standingSale(await r.state())
    const inDoubt = await r.run([...VOID(sale.receiptNumber!), '--json'], {timeoutMs: 60_000})
    expect(inDoubt.code).toBe(3)
    const id: string = json(inDoubt).pending.intentId

    // the terminal is dark: pending reads the journal only
    const pending = await r.run(['void', 'pending', '--json'])
    expect(pending.code).toBe(1)
    const key = terminalKey({kind: 'tcp', label: `127.0.0.1:${r.port}`})
    expect(json(pending)).toEqual({
      schema: 'posdoc.void-pending/1',
      scope: 'terminal',
      journals: [{key, file: path.join(r.dataDir, 'journals', `${key}.jsonl`), label: `127.0.0.1:${r.port}`, exists: true, pending: 1, skippedLines: 0}],
      pending: [
        {
          id,
          journalKey: key,
          action: 'reversal',
          receiptNumber: sale.receiptNumber,
          amountCents: sale.amountCents,
          startedAt: expect.any(String),
          attempt: 1,
          attemptsOnReceipt: 1,
          terminalLabel: `127.0.0.1:${r.port}`,
          terminalId: '29001006',
          original: expect.objectContaining({traceNumber: sale.traceNumber}),
          apdu: `06 30 06 ** ** ** 87 ${String(sale.receiptNumber).padStart(4, '0').replace(/(..)(..)/, '$1 $2')}`,
          command: 'void retry',
          host: expect.any(String),
          pid: expect.any(Number),
        },
      ],
      count: 1,
      exitCode: 1,
    })
    // the same list by key and across all journals; the human form names the id
    const byKey = await runPlain(r, ['void', 'pending', '--journal-key', key, '--json'])
    expect(json(byKey).pending.map((p: {id: string}) => p.id)).toEqual([id])
    const all = await runPlain(r, ['void', 'pending', '--all', '--json'])
    expect(all.code).toBe(1)
    expect(json(all)).toMatchObject({scope: 'all', count: 1, pending: [{id, journalKey: key}]})
    const human = await r.run(['void', 'pending', '--lang', 'zh-CN'])
    expect(human.code).toBe(1)
    expect(human.stdout).toContain(id)
    expect(human.stdout).toContain('1 个结果未知的操作意图')

    const before = await journalText(r)
    // refused: no --yes without a TTY, empty evidence, unknown id; nothing written by any of them
    const noYes = await r.run(RESOLVE(id, 'succeeded', 'acquirer ticket 4711'))
    expect(noYes.code).toBe(2)
    expect(noYes.stderr).toMatch(/^Error \[USAGE_NEEDS_YES\]: .*add --yes/)
    expect(noYes.stderr.trim().split('\n')).toHaveLength(1)
    const empty = await r.run([...RESOLVE(id, 'succeeded', ''), '--yes', '--json'])
    expect(empty.code).toBe(2)
    expect(json(empty).error.code).toBe('USAGE_EVIDENCE_EMPTY')
    const badOutcome = await r.run([...RESOLVE(id, 'maybe', 'x'), '--yes'])
    expect(badOutcome.code).toBe(2)
    expect(badOutcome.stderr).toMatch(/^Error \[USAGE\]: Expected --outcome=maybe to be one of: succeeded, not-done, already-reversed/)
    const unknown = await r.run([...RESOLVE('00000000-0000-0000-0000-000000000000', 'succeeded', 'x'), '--yes'])
    expect(unknown.code).toBe(2)
    expect(unknown.stderr).toMatch(/^Error \[INTENT_UNKNOWN\]/)
    // another posdoc holds the terminal
    const held = await acquireTerminalLock(key, {command: 'void retry', label: `127.0.0.1:${r.port}`, env: r.env()})
    try {
      const locked = await r.run([...RESOLVE(id, 'succeeded', 'x'), '--yes', '--json'])
      expect(locked.code).toBe(3)
      expect(json(locked).error.code).toBe('TERMINAL_LOCKED')
    } finally {
      await held.release()
    }
    expect(await journalText(r)).toBe(before)

    // recorded; without terminal flags the id is found in whichever journal holds it
    const evidence = `acquirer ticket 4711: reversal approved, card ${VISA_TEST_CARD.pan}`
    const done = await runPlain(r, [...RESOLVE(id, 'succeeded', evidence), '--yes', '--json'])
    expect(done.code).toBe(0)
    expect(done.stdout).not.toContain(VISA_TEST_CARD.pan)
    expect(json(done)).toMatchObject({schema: 'posdoc.void-resolve/1', status: 'recorded', exitCode: 0, journal: {key}, intent: {id}, outcome: {resolvedBy: 'manual'}})
    const text = await journalText(r)
    expect(text.startsWith(before)).toBe(true)
    expect(text).not.toContain(VISA_TEST_CARD.pan)
    const last = JSON.parse(text.trim().split('\n').at(-1)!)
    expect(last).toEqual({
      v: 1,
      kind: 'outcome',
      id,
      ts: expect.any(String),
      outcome: 'succeeded',
      resolvedBy: 'manual',
      evidence: `acquirer ticket 4711: reversal approved, card ${VISA_TEST_CARD.masked}`,
      user: expect.any(String),
      host: expect.any(String),
      pid: expect.any(Number),
    })

    const twice = await r.run([...RESOLVE(id, 'not-done', 'changed my mind'), '--yes'])
    expect(twice.code).toBe(2)
    expect(twice.stderr).toMatch(/^Error \[INTENT_ALREADY_RESOLVED\]: .*succeeded \(closed by hand/)
    const after = await r.run(['void', 'pending', '--json'])
    expect(after.code).toBe(0)
    expect(json(after)).toMatchObject({count: 0, pending: []})

    // a replacement terminal at the same address, same TID, whose journal never saw the reversal:
    // the sale stands there and it would accept a 06 30, but posdoc sends none
    await r.stopSim()
    const freshState = path.join(r.dir, 'sim-replacement')
    r.sim = await startSimProcess(['--tcp', String(r.port), '--state', freshState])
    const wireLog = path.join(r.dir, 'wire.jsonl')
    const retry = await r.run([...VOID(sale.receiptNumber!), '--wire-log', wireLog, '--json'])
    expect(retry.code).toBe(0)
    expect(json(retry)).toMatchObject({status: 'already-reversed', attempts: [], apdus: [], closedByHand: {intentId: id, outcome: 'succeeded'}})
    const fresh = JSON.parse(await readFile(path.join(freshState, 'state.json'), 'utf8')) as SimState
    expect(fresh.journal.find((x) => x.type === 'sale' && x.receiptNumber === sale.receiptNumber)!.state).toBe('booked')
    expect(reversalsOf(fresh, sale.receiptNumber!)).toEqual([])
    const sent = (await readFile(wireLog, 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as {dir: string; hex: string})
    expect(sent.some((e) => e.dir === 'ECR->PT')).toBe(true)
    expect(sent.filter((e) => e.dir === 'ECR->PT' && e.hex.startsWith('06 30'))).toEqual([])
  }, 120_000)

  it('killed after the intent, terminal dark: resolved as not-done, the next void retry goes ahead once with a new intent', async () => {
    const r = await rig('healthy')
    const sale = standingSale(await r.state())
    await r.killAt('after-intent', VOID(sale.receiptNumber!))
    await r.stopSim()
    const pending = await r.run(['void', 'pending', '--json'])
    expect(pending.code).toBe(1)
    const id: string = json(pending).pending[0].id
    // the killed posdoc left its lock behind: resolve takes it over (dead pid on this host)
    const done = await r.run([...RESOLVE(id, 'not-done', 'acquirer: no reversal received for this trace'), '--yes'])
    expect(done.code).toBe(0)
    expect(done.stdout).toMatch(/closed by hand as not-done/)
    expect((await r.run(['void', 'pending'])).code).toBe(0)

    await r.start('healthy')
    const retry = await r.run([...VOID(sale.receiptNumber!), '--json'])
    expect(retry.code).toBe(0)
    const out = json(retry)
    expect(out).toMatchObject({status: 'reversed', attempts: [expect.objectContaining({outcome: 'succeeded'})]})
    expect(out.recovery).toBeUndefined()
    expect(out.attempts[0].intentId).not.toBe(id)
    expect(reversalsOf(await r.state(), sale.receiptNumber!)).toHaveLength(1)
    const lines = await r.actionJournal()
    expect(lines.filter((l) => l.kind === 'intent').map((l) => l.id)).toEqual([id, out.attempts[0].intentId])
    expect(await r.unresolvedIntents()).toEqual([])
  }, 90_000)
})

describe.skipIf(!hasTmux())('void resolve asks on a TTY, showing what it records', () => {
  it.each([
    ['n', 4],
    ['y', 0],
  ] as const)('answer %s: exit %i', async (answer, exit) => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'posdoc-resolve-tty-'))
    const session: {s?: TmuxSession} = {}
    try {
      const env = {POSDOC_DATA_DIR: path.join(dir, 'data')}
      const key = terminalKey({kind: 'tcp', label: '192.168.1.50:20007'})
      const journal = ActionJournal.forTerminal(key, {env})
      const intent = await journal.appendIntent({action: 'reversal', terminal: {key, label: '192.168.1.50:20007', terminalId: '29001006'}, receiptNumber: 86, amountCents: 1760, attempt: 1, apdu: '06 30 06 ** ** ** 87 00 86', command: 'void retry'})
      const before = await readFile(journal.location, 'utf8')
      const bin = fileURLToPath(new URL('../../bin/run.js', import.meta.url))
      session.s = new TmuxSession(`'${process.execPath}' '${bin}' void resolve --tcp 192.168.1.50 --intent ${intent.id} --outcome succeeded --evidence 'acquirer ticket 4711'`, {cwd: dir, env: {...env, NO_COLOR: '1'}, width: 200})
      const screen = await session.s.waitFor(/Record this outcome\? \(y\/N\)/)
      expect(screen).toMatch(/Closing by hand the void of receipt 0086 over 17\.60 on terminal 29001006/)
      expect(screen).toMatch(/outcome succeeded, evidence "acquirer ticket 4711", by .+@/)
      expect(screen).toMatch(/posdoc will never send it again/)
      session.s.keys(answer, {literal: true})
      session.s.keys('Enter')
      const end = await session.s.exit()
      expect(end.code).toBe(exit)
      const after = await readFile(journal.location, 'utf8')
      if (answer === 'n') {
        expect(end.screen).toMatch(/Not confirmed: nothing was written/)
        expect(after).toBe(before)
      } else {
        expect(end.screen).toMatch(/closed by hand as succeeded/)
        expect(JSON.parse(after.trim().split('\n').at(-1)!)).toMatchObject({id: intent.id, resolvedBy: 'manual', outcome: 'succeeded'})
      }
    } finally {
      session.s?.kill()
      await rm(dir, {recursive: true, force: true})
    }
  }, 60_000)
})

/** posdoc without the rig's terminal flags (same data directory). */
function runPlain(r: CliRig, args: string[]): Promise<CliResult> {
  return runCli(args, {env: r.env(), timeoutMs: 30_000})
}
