/**
 * posdoc's client (ZvtTerminal) against every simulator profile, over both framings: the
 * commands the guided flows use must work whichever way a terminal reads the spec.
 */
import {afterEach, describe, expect, it} from 'vitest'

import {PROFILES, type ProfileName} from '../../src/sim/profiles.js'
import {SimTerminal} from '../../src/sim/terminal.js'
import {ZvtTerminal} from '../../src/terminal/zvt/zvt-terminal.js'
import {createMemoryLinkPair} from '../../src/transport/memory.js'

const closers: Array<() => Promise<void>> = []
afterEach(async () => {
  for (const c of closers.splice(0).reverse()) await c().catch(() => undefined)
})

async function setup(profile: ProfileName, framing: 'serial' | 'tcp', password = '000000') {
  const sim = await SimTerminal.create({seed: 3, profile, timing: {cardWaitMs: 0, hostMs: 0}})
  let opened = 0
  const open = async () => {
    opened++
    const [ecrSide, ptSide] = createMemoryLinkPair(framing)
    sim.attach(ptSide, framing)
    return ecrSide
  }
  const terminal = new ZvtTerminal(await open(), {framing, password, reopen: open})
  closers.push(() => sim.close(), () => terminal.close())
  return {sim, terminal, opened: () => opened}
}

describe.each(PROFILES.flatMap((p) => (['tcp', 'serial'] as const).map((f) => [p, f] as const)))('profile %s over %s', (profile, framing) => {
  it('registration, status, diagnosis, repeat receipt, totals and End-of-Day all succeed', async () => {
    const {terminal, opened} = await setup(profile, framing)
    const reg = await terminal.register({configByte: 0x8e})
    expect(reg).toMatchObject({ok: true, resultCode: 0})
    const status = await terminal.status()
    expect(status).toMatchObject({ok: true, terminalStatus: 0})
    expect(status.swVersion === undefined).toBe(profile === 'terse')
    const diag = await terminal.diagnosis('extended')
    expect(diag.ok).toBe(true)
    expect(diag.terminalDateTime).toBeDefined()
    if (profile === 'card-complete') expect(diag.intermediate.length).toBeGreaterThan(0)
    expect((await terminal.repeatReceipt({which: 'last', resendStatusInfo: true, noPrintout: true})).ok).toBe(true)
    const totals = await terminal.turnoverTotals()
    expect(totals.ok).toBe(true)
    expect(totals.statusInfos[0]?.totals).toBeDefined()
    const eod = await terminal.endOfDay()
    expect(eod.ok).toBe(true)
    expect(eod.receipts.flatMap((r) => r.lines).join('\n')).toMatch(/END OF DAY/)
    // hang-up over TCP: one connection per command; serial links are never reopened
    expect(opened()).toBe(profile === 'hang-up' && framing === 'tcp' ? 6 : 1)
  })

  it('a wrong ECR password: refused unless the profile does not check it', async () => {
    const {terminal} = await setup(profile, framing, '123456')
    const eod = await terminal.endOfDay()
    expect(eod.ok).toBe(profile === 'password-any')
    if (profile !== 'password-any') expect(eod.resultCode).toBe(0x83)
  })
})
