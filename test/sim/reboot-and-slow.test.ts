/**
 * Scenarios the guided diagnosis needs (issue 12 point 10): reboot-mid-transaction, and slow
 * staying usable (a slow terminal must not look like a clock skew in the probe's 04 01 check).
 */
import {describe, expect, it} from 'vitest'

import {clockSkew, terminalClock} from '../../src/device/probe.js'
import {SimTerminal} from '../../src/sim/terminal.js'
import {ZvtTerminal} from '../../src/terminal/zvt/zvt-terminal.js'
import {createMemoryLinkPair} from '../../src/transport/memory.js'
import {FakeClock} from '../../src/util/clock.js'
import {advance, rig} from './helpers/setup.js'
import {bmps, dataOf, settle} from './helpers/raw-ecr.js'

const AUTH_10_EUR = '06010704000000001000'

describe('reboot-mid-transaction', () => {
  it('books the sale, drops the link, is dark for 5 s, then answers with the booking (Repeat Receipt service 03)', async () => {
    const {ecr, clock, terminal, connect} = await rig({journalSize: 0, scenario: 'reboot-mid-transaction', framing: 'tcp'})
    const traceBefore = terminal.state.counters.traceNumber
    await ecr.sendApdu(Buffer.from(AUTH_10_EUR, 'hex'))
    await settle()
    expect(ecr.closed).toBe(true)
    const booked = terminal.state.journal.at(-1)!
    expect(booked).toMatchObject({type: 'sale', state: 'booked', amountCents: 1000})
    expect(booked.traceNumber).toBeGreaterThan(traceBefore)
    expect(terminal.poweredOn).toBe(false)

    // still dark after 4 s: a new connection is dropped at once
    await advance(clock, 4000, 500)
    const early = connect('tcp')
    await settle()
    expect(early.closed).toBe(true)

    await advance(clock, 1500, 500)
    expect(terminal.poweredOn).toBe(true)
    const later = connect('tcp')
    const msgs = await later.exchange('062005' + '000000' + '0303')
    expect(msgs[0]).toBe('800000')
    const status = msgs.find((m) => m.startsWith('040f'))!
    const f = bmps(dataOf(status))
    expect(parseInt(f.get('0b')!.toString('hex'), 10)).toBe(booked.traceNumber)
    expect(msgs.at(-1)).toBe('060f00')
    // the fault fires once: the next sale completes
    expect((await later.exchange(AUTH_10_EUR)).at(-1)).toBe('060f00')
  })

  it('a reversal too: committed, then the reboot', async () => {
    const {ecr, terminal} = await rig({journalSize: 3, framing: 'tcp'})
    const sale = terminal.state.journal.filter((r) => r.type === 'sale' && r.state === 'booked' && r.batchNumber === terminal.state.counters.batchNumber).at(-1)!
    await terminal.setScenario('reboot-mid-transaction')
    const receipt = String(sale.receiptNumber).padStart(4, '0')
    await ecr.sendApdu(Buffer.from('063006' + '000000' + '87' + receipt, 'hex'))
    await settle()
    expect(ecr.closed).toBe(true)
    expect(terminal.state.journal.at(-1)).toMatchObject({type: 'reversal', state: 'booked', originalTraceNumber: sale.traceNumber})
  })
})

describe('slow stays usable for the guided flow', () => {
  it('a terminal that answers 45 s late per message does not show as a clock skew (04 01 vs round trip)', async () => {
    const delayMs = 45_000
    const clock = new FakeClock(Date.UTC(2025, 2, 14, 15, 0, 0))
    const sim = await SimTerminal.create({seed: 1, clock, scenario: 'slow', scenarioOptions: {slowDelayMs: delayMs}, timing: {cardWaitMs: 0, hostMs: 0}})
    const [ecrLink, ptLink] = createMemoryLinkPair('tcp')
    sim.attach(ptLink, 'tcp')
    const terminal = new ZvtTerminal(ecrLink, {framing: 'tcp', clock, timeouts: {t3Ms: 120_000}})
    let done = false
    const run = terminal.register({configByte: 0x8e}).then(() => terminal.diagnosis('extended')).finally(() => (done = true))
    while (!done) {
      clock.advance(1000)
      await settle(5)
    }
    const outcome = await run
    expect(outcome.ok).toBe(true)
    const dt = outcome.terminalDateTime!
    expect(dt.roundTripMs).toBeGreaterThanOrEqual(delayMs)
    expect(outcome.receipts.flatMap((r) => r.lines).length).toBeGreaterThan(5)
    // the receipt and the completion came after the 04 01, each 45 s late
    expect(clock.now() - dt.receivedAtMs!).toBeGreaterThanOrEqual(2 * delayMs)
    const when = terminalClock(dt)!
    const {skewSeconds} = clockSkew(when, dt, clock.now())
    // the sim's clock is ours: what is left is the half of the delay a round trip cannot place
    expect(Math.abs(skewSeconds)).toBeLessThanOrEqual(delayMs / 2000 + 1)
    // the probe passes up to 120 s; before, "now" was the end of the Diagnosis: 135 s behind, a warning
    expect(Math.abs(skewSeconds)).toBeLessThan(120)
    const naive = Math.round((when.getTime() - clock.now()) / 1000)
    expect(naive).toBeLessThan(-120)
    await terminal.close()
    await sim.close()
  })
})
