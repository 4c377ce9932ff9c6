/**
 * Many void attempts under random fault schedules (scenario per run, kill -9 at a random point,
 * power loss left dark or restored, two receipts interleaved), against the in-process simulator
 * on a FakeClock. Invariants: at most one successful reversal per receipt on the terminal; every
 * "succeeded" in posdoc's journal matches a reversal the terminal really booked; no 06 30 without
 * an intent before it; no new attempt on a receipt while an earlier one is unresolved; and once the
 * terminal answers again, recovery leaves no unresolved intent. (The simulated PT refuses a second
 * reversal with B4 by itself, so the ordering invariants are what pin posdoc's own behaviour.)
 */
import fc from 'fast-check'
import {describe, expect, it} from 'vitest'

import {CRASH_POINTS, type CrashPoint} from '../../src/actions/crash-points.js'
import {ActionJournal} from '../../src/store/action-journal.js'
import type {ScenarioName, ScenarioOptions} from '../../src/sim/scenarios.js'
import {makeRig, runRecovery, runVoid} from './helpers/rig.js'

type Fault = {scenario: ScenarioName; options?: ScenarioOptions}

const FAULTS: Fault[] = [
  {scenario: 'healthy'},
  {scenario: 'drop-response', options: {dropAt: 'after-ack'}},
  {scenario: 'drop-response', options: {dropAt: 'after-status-info'}},
  {scenario: 'power-loss-mid-reversal'},
  {scenario: 'host-down'},
  {scenario: 'busy'},
  {scenario: 'paper-out'},
]

const stepArb = fc.record({
  fault: fc.constantFrom(...FAULTS),
  crashAt: fc.option(fc.constantFrom<CrashPoint>(...CRASH_POINTS), {nil: undefined, freq: 3}),
  receipt: fc.constantFrom(0, 1),
  /** after a power loss: power back before the next run, or left dark */
  restorePower: fc.boolean(),
})

const scheduleArb = fc.record({framing: fc.constantFrom<'tcp' | 'serial'>('tcp', 'serial'), steps: fc.array(stepArb, {minLength: 1, maxLength: 6})})

describe('void retry under random fault schedules', () => {
  it('never reverses a receipt twice and leaves nothing unresolved once the terminal answers', async () => {
    await fc.assert(
      fc.asyncProperty(scheduleArb, async ({framing, steps}) => {
        const rig = await makeRig({framing})
        const targets = rig.standingSales().slice(-2).map((s) => s.receiptNumber!)
        let reversalsSent = 0
        rig.sim.onEvent((e) => {
          if (e.type === 'rx' && e.hex.startsWith('06 30')) reversalsSent++
        })
        for (const step of steps) {
          if (!rig.sim.poweredOn && step.restorePower) await rig.sim.powerOn()
          if (rig.sim.poweredOn) await rig.sim.setScenario(step.fault.scenario, step.fault.options ?? {})
          const r = await runVoid(rig, targets[step.receipt]!, step.crashAt ? {crashAt: step.crashAt} : {})
          // anything thrown must be a crash we caused or a refusal with a code, never a bug
          if (r.error && !r.crashed) expect(r.error).toHaveProperty('code')
          for (const n of targets) expect(rig.reversalsOf(n).length).toBeLessThanOrEqual(1)
        }
        // the terminal comes back healthy: one more start resolves everything
        if (!rig.sim.poweredOn) await rig.sim.powerOn()
        await rig.sim.setScenario('healthy')
        const report = await runRecovery(rig)
        expect(report.unresolved).toEqual([])
        const journal = new ActionJournal(rig.store)
        expect(await journal.unresolved()).toEqual([])
        const {records} = await journal.read()
        // every 06 30 the terminal received was preceded by an fsynced intent
        expect(reversalsSent).toBeLessThanOrEqual(records.filter((x) => x.kind === 'intent').length)
        for (const n of targets) {
          const reversals = rig.reversalsOf(n)
          expect(reversals.length).toBeLessThanOrEqual(1)
          const sale = rig.records().find((s) => s.type === 'sale' && s.receiptNumber === n)!
          expect(sale.state).toBe(reversals.length === 1 ? 'reversed' : 'booked')
          // posdoc claims a reversal for this receipt exactly when the terminal booked one
          const ids = new Set(records.filter((x) => x.kind === 'intent' && x.receiptNumber === n).map((x) => (x as {id: string}).id))
          const succeeded = records.filter((x) => x.kind === 'outcome' && ids.has(x.id) && x.outcome === 'succeeded')
          expect(succeeded.length).toBe(reversals.length)
          // never a new attempt while an earlier one's outcome is unknown: intent, outcome, intent, outcome ...
          let open: string | undefined
          for (const x of records) {
            if (x.kind === 'intent' && ids.has(x.id)) {
              expect(open).toBeUndefined()
              open = x.id
            } else if (x.kind === 'outcome' && x.id === open) open = undefined
          }
        }
      }),
      {numRuns: Number(process.env.POSDOC_SOAK_RUNS ?? 60), seed: Number(process.env.POSDOC_PROPERTY_SEED ?? 20250314), endOnFailure: true},
    )
  }, Math.max(120_000, Number(process.env.POSDOC_SOAK_RUNS ?? 60) * 1000))
})
