import {createMemoryLinkPair} from '../../../src/transport/memory.js'
import {FakeClock} from '../../../src/util/clock.js'
import type {ScenarioName, ScenarioOptions} from '../../../src/sim/scenarios.js'
import {SimTerminal, type CreateSimTerminalOptions} from '../../../src/sim/terminal.js'
import {RawEcr, settle, type RawEcrOptions} from './raw-ecr.js'

/** 14 March 2025, 15:00 UTC: the simulated "now" of every test. */
export const NOW = Date.UTC(2025, 2, 14, 15, 0, 0)

export interface Rig {
  clock: FakeClock
  terminal: SimTerminal
  ecr: RawEcr
  /** another ECR connection to the same terminal */
  connect(framing?: 'serial' | 'tcp', opts?: RawEcrOptions): RawEcr
}

/**
 * A terminal on a FakeClock that nobody advances unless the test does: the card/host waits
 * default to 0 so flows run straight through and no timeout can fire by accident.
 */
export async function rig(
  opts: {framing?: 'serial' | 'tcp'; scenario?: ScenarioName; scenarioOptions?: ScenarioOptions; ecr?: RawEcrOptions} & Omit<CreateSimTerminalOptions, 'clock' | 'scenario' | 'scenarioOptions'> = {},
): Promise<Rig> {
  const clock = new FakeClock(NOW)
  const {framing = 'tcp', ecr: ecrOpts, ...rest} = opts
  const terminal = await SimTerminal.create({seed: 1, ...rest, clock, timing: {cardWaitMs: 0, hostMs: 0, ...rest.timing}})
  const connect = (f: 'serial' | 'tcp' = framing, o: RawEcrOptions = {}) => {
    const [ecrLink, ptLink] = createMemoryLinkPair(f)
    terminal.attach(ptLink, f)
    return new RawEcr(ecrLink, f, o)
  }
  return {clock, terminal, ecr: connect(framing, ecrOpts), connect}
}

/** Advance the fake clock in steps, letting the simulator react between steps. */
export async function advance(clock: FakeClock, ms: number, step = 50): Promise<void> {
  for (let t = 0; t < ms; t += step) {
    clock.advance(Math.min(step, ms - t))
    await settle(5)
  }
}
