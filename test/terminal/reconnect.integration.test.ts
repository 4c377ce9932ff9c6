/**
 * A PT that closes TCP between transactions (PA00P016 §5.2.5: the initiator may reconnect):
 * posdoc's client over real TCP on 127.0.0.1 against the simulator's hang-up profile. Every
 * command reconnects, not only void retry.
 */
import {afterEach, describe, expect, it} from 'vitest'

import {startSimulator, type RunningSimulator} from '../../src/sim/server.js'
import {ZvtTerminal} from '../../src/terminal/zvt/zvt-terminal.js'
import {openTcpLink} from '../../src/transport/tcp.js'

let sim: RunningSimulator | undefined
let terminal: ZvtTerminal | undefined

afterEach(async () => {
  await terminal?.close().catch(() => undefined)
  await sim?.close()
  sim = terminal = undefined
})

async function until(cond: () => boolean, ms = 3000): Promise<void> {
  const end = Date.now() + ms
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met in time')
    await new Promise((r) => setTimeout(r, 10))
  }
}

/** A simulator on loopback and a client that reopens TCP through a counted open(). */
async function clientOf(profile?: 'hang-up'): Promise<{opened: () => number}> {
  sim = await startSimulator({tcp: {port: 0}, ...(profile ? {profile} : {}), timing: {cardWaitMs: 0, hostMs: 0}})
  const {host, port} = sim.tcpAddress!
  let opened = 0
  const open = async () => {
    opened++
    return openTcpLink({host, port})
  }
  terminal = new ZvtTerminal(await open(), {framing: 'tcp', reopen: open})
  return {opened: () => opened}
}

describe('TCP reconnect between transactions', () => {
  it('status, registration, diagnosis, totals and a reprint each run on a fresh connection after the PT hung up', async () => {
    const {opened} = await clientOf('hang-up')
    const connects: number[] = []
    sim!.terminal.onEvent((e) => e.type === 'connect' && connects.push(e.connection))

    const t = terminal!
    expect((await t.status()).ok).toBe(true)
    await until(() => !t.session.isOpen)
    expect((await t.register()).ok).toBe(true)
    await until(() => !t.session.isOpen)
    expect((await t.diagnosis()).ok).toBe(true)
    await until(() => !t.session.isOpen)
    expect((await t.turnoverTotals()).ok).toBe(true)
    await until(() => !t.session.isOpen)
    expect((await t.repeatReceipt({which: 'last', resendStatusInfo: true, noPrintout: true})).ok).toBe(true)
    expect(opened()).toBe(5)
    expect(connects).toHaveLength(4)
    const notes = t.wireLog.entries.filter((e) => e.layer === 'event' && /connecting again/.test(e.summary))
    expect(notes).toHaveLength(4)
  })

  it('without reopen a closed link fails the next command with ZVT_LINK_LOST (nothing is sent)', async () => {
    sim = await startSimulator({tcp: {port: 0}, profile: 'hang-up'})
    const {host, port} = sim.tcpAddress!
    terminal = new ZvtTerminal(await openTcpLink({host, port}), {framing: 'tcp'})
    expect((await terminal.status()).ok).toBe(true)
    await until(() => !terminal!.session.isOpen)
    await expect(terminal.status()).rejects.toMatchObject({code: 'ZVT_LINK_LOST'})
  })

  it('a PT that keeps the connection is not reconnected', async () => {
    const {opened} = await clientOf()
    for (let i = 0; i < 3; i++) expect((await terminal!.status()).ok).toBe(true)
    expect(opened()).toBe(1)
  })
})
