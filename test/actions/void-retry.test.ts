/** The void service against the in-process simulator: every scenario of the issue, crash points, recovery. */
import {describe, expect, it} from 'vitest'

import {PosdocError} from '../../src/output/errors.js'
import {makeRig, runRecovery, runVoid, type Rig} from './helpers/rig.js'

const latestSale = (rig: Rig) => rig.standingSales().at(-1)!

async function unresolved(rig: Rig) {
  const {ActionJournal} = await import('../../src/store/action-journal.js')
  return new ActionJournal(rig.store).unresolved()
}

describe('void retry: state first', () => {
  it('healthy: reverses once, records intent then outcome, the terminal printed the slip', async () => {
    const rig = await makeRig()
    const sale = latestSale(rig)
    const printedBefore = rig.sim.state.printer.printed.length
    const {result} = await runVoid(rig, sale.receiptNumber!)
    expect(result).toMatchObject({status: 'reversed', exitCode: 0, original: {receiptNumber: sale.receiptNumber, traceNumber: sale.traceNumber, amountCents: sale.amountCents, state: 'booked', onTerminal: 'yes'}})
    expect(result!.attempts).toEqual([expect.objectContaining({n: 1, action: 'reversal', resultCode: '00', outcome: 'succeeded', resolvedBy: 'answer'})])
    const reversals = rig.reversalsOf(sale.receiptNumber!)
    expect(reversals).toHaveLength(1)
    expect(result!.booking).toMatchObject({receiptNumber: reversals[0]!.receiptNumber, traceNumber: reversals[0]!.traceNumber})
    expect(rig.sim.state.printer.printed.length).toBeGreaterThan(printedBefore) // the PT printed its own slip
    const lines = rig.store.text.trim().split('\n').map((l) => JSON.parse(l))
    expect(lines.map((l) => l.kind)).toEqual(['intent', 'outcome'])
    expect(lines[0]).toMatchObject({action: 'reversal', receiptNumber: sale.receiptNumber, original: {traceNumber: sale.traceNumber}, apdu: expect.stringMatching(/^06 30 .. \*\* \*\* \*\* 87/)})
    expect(lines[1]).toMatchObject({id: lines[0].id, outcome: 'succeeded', resolvedBy: 'answer', resultCode: '00'})
  })

  it('a second run finds the reversal and sends nothing', async () => {
    const rig = await makeRig()
    const sale = latestSale(rig)
    await runVoid(rig, sale.receiptNumber!)
    const {result} = await runVoid(rig, sale.receiptNumber!)
    expect(result).toMatchObject({status: 'already-reversed', exitCode: 0, attempts: []})
    expect(rig.reversalsOf(sale.receiptNumber!)).toHaveLength(1)
  })

  it('already-reversed scenario: success, nothing sent', async () => {
    const rig = await makeRig({scenario: 'already-reversed'})
    const reversed = rig.records().find((r) => r.type === 'sale' && r.state === 'reversed')!
    const before = rig.records().length
    const {result} = await runVoid(rig, reversed.receiptNumber!)
    expect(result).toMatchObject({status: 'already-reversed', exitCode: 0, attempts: [], booking: {receiptNumber: reversed.reversedBy}})
    expect(rig.records()).toHaveLength(before)
    expect(rig.store.text).toBe('')
  })

  it('after-eod: refund path, only with --refund; then exactly one refund', async () => {
    const rig = await makeRig({scenario: 'after-eod'})
    const sale = rig.records().filter((r) => r.type === 'sale' && r.state === 'booked').at(-1)!
    const before = rig.records().length
    const needed = await runVoid(rig, sale.receiptNumber!)
    expect(needed.result).toMatchObject({status: 'refund-needed', exitCode: 1, original: {onTerminal: 'no'}})
    expect(needed.result!.remedy).toContain(`--refund --amount ${(sale.amountCents / 100).toFixed(2)}`)
    expect(rig.records()).toHaveLength(before)
    // a refund larger than the sale is bad input
    await expect(runVoid(rig, sale.receiptNumber!, {refund: true, amountCents: sale.amountCents + 1}).then((r) => Promise.reject(r.error))).rejects.toMatchObject({code: 'REFUND_TOO_LARGE', exitCode: 2})
    const refunded = await runVoid(rig, sale.receiptNumber!, {refund: true, amountCents: sale.amountCents})
    expect(refunded.result).toMatchObject({status: 'refunded', exitCode: 0})
    expect(rig.records().filter((r) => r.type === 'refund')).toHaveLength(1)
    // posdoc remembers: a rerun does not refund twice
    const again = await runVoid(rig, sale.receiptNumber!, {refund: true, amountCents: sale.amountCents})
    expect(again.result).toMatchObject({status: 'refunded', attempts: []})
    expect(rig.records().filter((r) => r.type === 'refund')).toHaveLength(1)
  })

  it('paper-out: the void succeeded, only the slip is missing; its text is delivered', async () => {
    const rig = await makeRig({scenario: 'paper-out'})
    const sale = latestSale(rig)
    const {result} = await runVoid(rig, sale.receiptNumber!)
    expect(result).toMatchObject({status: 'reversed', exitCode: 0, printer: {ready: false, resultCode: 'CC'}})
    expect(result!.attempts[0]).toMatchObject({resultCode: 'CC', outcome: 'succeeded'})
    expect(result!.slip!.lines.join('\n')).toMatch(/REVERSAL/)
    expect(result!.remedy).toMatch(/receipt reprint --receipt \d+/)
    expect(rig.reversalsOf(sale.receiptNumber!)).toHaveLength(1)
  })

  it.each(['after-ack', 'after-status-info'] as const)('drop-response (%s): in doubt, resolved by asking, no second reversal', async (dropAt) => {
    const rig = await makeRig({scenario: 'drop-response', scenarioOptions: {dropAt}})
    const sale = latestSale(rig)
    const {result} = await runVoid(rig, sale.receiptNumber!)
    expect(result).toMatchObject({status: 'reversed', exitCode: 0})
    expect(result!.attempts).toEqual([expect.objectContaining({outcome: 'succeeded', resolvedBy: 'check'})])
    expect(rig.reversalsOf(sale.receiptNumber!)).toHaveLength(1)
    expect(await unresolved(rig)).toEqual([])
  })

  it.each(['tcp', 'serial'] as const)('power-loss-mid-reversal over %s: in doubt (exit 3), intent kept; after power returns the recovery proves it happened', async (framing) => {
    const rig = await makeRig({scenario: 'power-loss-mid-reversal', framing})
    const sale = latestSale(rig)
    const first = await runVoid(rig, sale.receiptNumber!)
    expect(first.result).toMatchObject({status: 'in-doubt', exitCode: 3, pending: {intentId: expect.any(String)}})
    expect(await unresolved(rig)).toHaveLength(1)
    // still dark: a new run cannot resolve and sends nothing
    const blocked = await runVoid(rig, sale.receiptNumber!)
    expect(blocked.result?.status ?? (blocked.error as PosdocError).code).not.toBe('reversed')
    expect(rig.reversalsOf(sale.receiptNumber!)).toHaveLength(1)
    await rig.sim.powerOn()
    const recovery = await runRecovery(rig)
    expect(recovery.resolved).toEqual([expect.objectContaining({receiptNumber: sale.receiptNumber, outcome: 'succeeded', evidence: 'journal'})])
    expect(await unresolved(rig)).toEqual([])
    const after = await runVoid(rig, sale.receiptNumber!)
    expect(after.result).toMatchObject({status: 'already-reversed'})
    expect(rig.reversalsOf(sale.receiptNumber!)).toHaveLength(1)
  })

  it('a terminal that stays dark: recovery gives up after the one unanswered registration, not once per pending intent', async () => {
    // serial: a dark PT sends nothing at all, not even the NAK or a closed socket
    const rig = await makeRig({scenario: 'power-loss-mid-reversal', framing: 'serial'})
    const sale = latestSale(rig)
    await runVoid(rig, sale.receiptNumber!)
    const {ActionJournal} = await import('../../src/store/action-journal.js')
    // a second pending intent (another receipt) from an earlier crash
    await new ActionJournal(rig.store).appendIntent({action: 'reversal', terminal: {key: 'memory-sim', label: 'sim'}, receiptNumber: sale.receiptNumber! - 1, attempt: 1, apdu: '06 30', command: 'void retry'})
    expect(await unresolved(rig)).toHaveLength(2)
    const t0 = rig.clock.now()
    const report = await runRecovery(rig)
    const elapsed = rig.clock.now() - t0
    expect(report.checked).toBe(2)
    expect(report.resolved).toEqual([])
    expect(report.unresolved).toEqual([expect.objectContaining({reason: expect.stringMatching(/did not answer/)}), expect.objectContaining({reason: expect.stringMatching(/did not answer/)})])
    // 3 sends × T2 (5 s) for the registration; each further query would cost as much again, with retries
    expect(elapsed).toBeLessThanOrEqual(16_000)
    expect(await unresolved(rig)).toHaveLength(2)
  })

  it('host-down: transient, retried with backoff up to the bound, no money moved', async () => {
    const rig = await makeRig({scenario: 'host-down'})
    const sale = latestSale(rig)
    const start = rig.clock.now()
    const {result} = await runVoid(rig, sale.receiptNumber!, {attempts: 3})
    expect(result).toMatchObject({status: 'failed', exitCode: 3})
    expect(result!.attempts.map((a) => [a.resultCode, a.outcome])).toEqual([
      ['A3', 'not-done'],
      ['A3', 'not-done'],
      ['A3', 'not-done'],
    ])
    // backoff 2 s + 4 s on the injected clock
    expect(rig.clock.now() - start).toBeGreaterThanOrEqual(6000)
    expect(rig.reversalsOf(sale.receiptNumber!)).toHaveLength(0)
    expect(await unresolved(rig)).toEqual([])
  })

  it('busy: nothing is sent, exit 3', async () => {
    const rig = await makeRig({scenario: 'busy'})
    const sale = latestSale(rig)
    const {result} = await runVoid(rig, sale.receiptNumber!)
    expect(result).toMatchObject({status: 'failed', exitCode: 3, attempts: []})
    expect(rig.store.text).toBe('')
  })

  it('dry run and a declined confirmation send nothing', async () => {
    const rig = await makeRig()
    const sale = latestSale(rig)
    const before = rig.records().length
    const dry = await runVoid(rig, sale.receiptNumber!, {dryRun: true})
    expect(dry.result).toMatchObject({status: 'dry-run', exitCode: 0})
    expect(dry.result!.apdus).toEqual([{command: '06 30', hex: expect.stringMatching(/^06 30 06 \*\* \*\* \*\* 87 /), decoded: expect.stringContaining(`receipt=${String(sale.receiptNumber).padStart(4, '0')}`)}])
    const declined = await runVoid(rig, sale.receiptNumber!, {confirm: false})
    expect(declined.result).toMatchObject({status: 'declined', exitCode: 4})
    expect(rig.records()).toHaveLength(before)
    expect(rig.store.text).toBe('')
  })
})

describe('void retry: bad input (exit 2, nothing sent)', () => {
  const cases: Array<[string, (rig: Rig) => {receipt: number; opts?: Parameters<typeof runVoid>[2]}, string]> = [
    ['unknown receipt', () => ({receipt: 9999}), 'UNKNOWN_RECEIPT'],
    ['amount differs from the original', (rig) => ({receipt: latestSale(rig).receiptNumber!, opts: {amountCents: latestSale(rig).amountCents + 100}}), 'AMOUNT_MISMATCH'],
    ['receipt of another terminal (--tid)', (rig) => ({receipt: latestSale(rig).receiptNumber!, opts: {expectedTerminalId: '11112222'}}), 'TID_MISMATCH'],
  ]
  it.each(cases)('%s', async (_name, pick, code) => {
    const rig = await makeRig()
    const {receipt, opts} = pick(rig)
    const before = JSON.stringify(rig.records())
    const r = await runVoid(rig, receipt, opts)
    expect(r.error).toBeInstanceOf(PosdocError)
    expect(r.error).toMatchObject({code, exitCode: 2})
    expect(JSON.stringify(rig.records())).toBe(before)
    expect(rig.store.text).toBe('')
  })

  it('a reversal receipt is not a sale', async () => {
    const rig = await makeRig()
    const sale = latestSale(rig)
    await runVoid(rig, sale.receiptNumber!)
    const reversal = rig.reversalsOf(sale.receiptNumber!)[0]!
    const r = await runVoid(rig, reversal.receiptNumber!)
    expect(r.error).toMatchObject({code: 'NOT_A_SALE', exitCode: 2})
  })

  it('the right amount is accepted and sent along', async () => {
    const rig = await makeRig()
    const sale = latestSale(rig)
    const {result} = await runVoid(rig, sale.receiptNumber!, {amountCents: sale.amountCents})
    expect(result).toMatchObject({status: 'reversed'})
    expect(result!.apdus[0]!.decoded).toContain(`amount=${(sale.amountCents / 100).toFixed(2)}`)
  })
})

describe('void retry: kill -9 at each point, then restart', () => {
  it.each([
    ['after-intent', 0],
    ['after-send', 0],
    ['after-status-info', 1],
  ] as const)('%s: the restart recovers the truth (%i reversal on the terminal) and never reverses twice', async (point, reversedByCrashedRun) => {
    const rig = await makeRig()
    const sale = latestSale(rig)
    const crashed = await runVoid(rig, sale.receiptNumber!, {crashAt: point})
    expect(crashed.crashed).toBe(true)
    // let the PT notice the dead ECR (ack timeout) and settle its booking
    await runRecovery(rig).catch(() => undefined)
    expect(rig.reversalsOf(sale.receiptNumber!)).toHaveLength(reversedByCrashedRun)
    const restart = await runVoid(rig, sale.receiptNumber!)
    expect(await unresolved(rig)).toEqual([])
    expect(restart.result!.status).toBe(reversedByCrashedRun ? 'already-reversed' : 'reversed')
    expect(rig.reversalsOf(sale.receiptNumber!)).toHaveLength(1)
  })

  it('an unresolved intent blocks the receipt while the terminal cannot answer', async () => {
    const rig = await makeRig()
    const sale = latestSale(rig)
    await runVoid(rig, sale.receiptNumber!, {crashAt: 'after-intent'})
    await rig.setScenario('busy')
    const r = await runVoid(rig, sale.receiptNumber!)
    expect(r.recovery.unresolved).toHaveLength(1)
    // busy refuses the registration, so nothing at all is sent; the intent is still open
    expect(r.result!.attempts).toEqual([])
    expect(await unresolved(rig)).toHaveLength(1)
    await rig.setScenario('healthy')
    const ok = await runVoid(rig, sale.receiptNumber!)
    expect(ok.recovery.resolved).toEqual([expect.objectContaining({outcome: 'not-done'})])
    expect(ok.result).toMatchObject({status: 'reversed'})
    expect(rig.reversalsOf(sale.receiptNumber!)).toHaveLength(1)
  })
})

describe('void retry: posdoc journal vs terminal', () => {
  it('an intent the terminal cannot account for blocks the receipt (exit 1), nothing sent', async () => {
    const rig = await makeRig()
    const sale = latestSale(rig)
    const {ActionJournal} = await import('../../src/store/action-journal.js')
    // an attempt on a sale the terminal's journal does not hold (e.g. a journal that was cleared)
    await new ActionJournal(rig.store).appendIntent({
      action: 'reversal',
      terminal: {key: 'memory-sim', label: 'sim'},
      receiptNumber: sale.receiptNumber!,
      original: {traceNumber: 999_998},
      attempt: 1,
      apdu: '06 30',
      command: 'void retry',
    })
    const r = await runVoid(rig, sale.receiptNumber!)
    expect(r.recovery.unresolved).toEqual([expect.objectContaining({receiptNumber: sale.receiptNumber, reason: expect.stringMatching(/no longer in the terminal's journal/)})])
    expect(r.result).toMatchObject({status: 'blocked', exitCode: 1, attempts: [], pending: {intentId: expect.any(String)}})
    expect(rig.reversalsOf(sale.receiptNumber!)).toHaveLength(0)
  })

  it('a recorded success that the terminal contradicts stops everything', async () => {
    const rig = await makeRig()
    const sale = latestSale(rig)
    const {ActionJournal} = await import('../../src/store/action-journal.js')
    const j = new ActionJournal(rig.store)
    const intent = await j.appendIntent({action: 'reversal', terminal: {key: 'memory-sim', label: 'sim'}, receiptNumber: sale.receiptNumber!, original: {traceNumber: sale.traceNumber}, attempt: 1, apdu: '06 30', command: 'void retry'})
    await j.appendOutcome({id: intent.id, outcome: 'succeeded', resolvedBy: 'answer'})
    const r = await runVoid(rig, sale.receiptNumber!)
    expect(r.result).toMatchObject({status: 'failed', exitCode: 1, attempts: []})
    expect(r.result!.message).toMatch(/recorded receipt .* as voided/)
    expect(rig.reversalsOf(sale.receiptNumber!)).toHaveLength(0)
  })

  it('recovery never trusts another terminal\'s records (a swapped device at the same address)', async () => {
    const rig = await makeRig()
    const sale = latestSale(rig)
    const {ActionJournal} = await import('../../src/store/action-journal.js')
    await new ActionJournal(rig.store).appendIntent({
      action: 'reversal',
      terminal: {key: 'memory-sim', label: 'sim', terminalId: '99990000'},
      receiptNumber: sale.receiptNumber!,
      original: {traceNumber: sale.traceNumber},
      attempt: 1,
      apdu: '06 30',
      command: 'void retry',
    })
    const report = await runRecovery(rig)
    expect(report.resolved).toEqual([])
    expect(report.unresolved).toEqual([expect.objectContaining({reason: expect.stringMatching(/another terminal answers at this address/)})])
  })
})
