/**
 * posdoc's ZVT client against real terminals' captures (test/fixtures/zvt-replay, provenance
 * there), played byte for byte by the replay terminal over TCP on 127.0.0.1: the client must
 * complete each conversation, acknowledge every PT message with 80 00 00 and decode what it got.
 */
import {afterEach, describe, expect, it} from 'vitest'

import type {CommandOutcome, TerminalStatus} from '../../src/terminal/terminal.js'
import {outcomeFromExchange, ZvtTerminal} from '../../src/terminal/zvt/zvt-terminal.js'
import {openTcpLink} from '../../src/transport/tcp.js'
import {VISA_TEST_CARD} from '../fixtures/test-cards.js'
import {loadCaptures, splitApdus, startReplay, type ReplayCapture, type ReplayRun} from './helpers/replay-pt.js'

const captures = loadCaptures()
let replay: ReplayRun | undefined
let terminal: ZvtTerminal | undefined

afterEach(async () => {
  await terminal?.close().catch(() => undefined)
  await replay?.close()
  replay = terminal = undefined
})

/** fields of the final 06 0F / 06 1E of the last 'exchange' capture */
let finalFields: Record<string, unknown> | undefined

async function run(capture: ReplayCapture, t: ZvtTerminal): Promise<CommandOutcome> {
  const e = capture.ecr
  switch (e.method) {
    case 'register':
      return t.register()
    case 'status':
      return t.status()
    case 'endOfDay':
      return t.endOfDay()
    case 'printSystemConfiguration':
      return t.printSystemConfiguration()
    case 'exchange': {
      const b = Buffer.from(e.command, 'hex')
      const ex = await t.exchange({cls: b[0]!, ins: b[1]!, data: splitApdus(b)[0]!.subarray(b[2] === 0xff ? 5 : 3)}, {hasCompletion: e.hasCompletion})
      finalFields = ex.final?.message.fields as Record<string, unknown> | undefined
      return outcomeFromExchange(ex)
    }
  }
}

const COMMAND_OF: Record<string, string> = {register: '0600', status: '0501', endOfDay: '0650', printSystemConfiguration: '061A'}

describe('replay terminal: captures of real terminals', () => {
  it('holds captures of both terminals', () => {
    expect(captures.length).toBeGreaterThanOrEqual(10)
    expect(new Set(captures.map((c) => c.terminal.split(' ')[0]))).toEqual(new Set(['CCV', 'Feig']))
    // every PT message names where it came from
    for (const c of captures) for (const s of c.steps) expect(s.source.length).toBeGreaterThan(3)
  })

  it.each(captures.map((c) => [c.name, c] as const))('%s', async (_name, capture) => {
    replay = await startReplay(capture)
    terminal = new ZvtTerminal(await openTcpLink({host: '127.0.0.1', port: replay.port}), {framing: 'tcp', timeouts: {t3Ms: 3000, t4Ms: 5000}})
    const outcome = await run(capture, terminal)
    await replay.done

    // the command posdoc sent, then one 80 00 00 per PT message after the first answer
    const sent = replay.received
    const cmd = capture.ecr.method === 'exchange' ? capture.ecr.command.slice(0, 4) : COMMAND_OF[capture.ecr.method]!
    expect(sent[0]!.slice(0, 4)).toBe(cmd)
    const ptMessages = capture.steps.flatMap((s) => splitApdus(Buffer.from(s.pt, 'hex'))).filter((a) => a[0] !== 0x80 && a[0] !== 0x84)
    expect(sent.slice(1)).toEqual(ptMessages.map(() => '800000'))

    const want = capture.expect
    expect(outcome.ok).toBe(want.ok)
    if (want.resultCode !== undefined) expect(outcome.resultCode).toBe(want.resultCode)
    if (want.completion) expect(outcome.completion).toMatchObject(want.completion as object)
    if (want.terminalStatus !== undefined) expect((outcome as TerminalStatus).terminalStatus).toBe(want.terminalStatus)
    if (want.swVersion !== undefined) expect((outcome as TerminalStatus).swVersion).toBe(want.swVersion)
    if (want.terminalId !== undefined) expect((outcome as TerminalStatus).terminalId).toBe(want.terminalId)
    if (want.statusInfo) expect(outcome.statusInfos.at(-1)).toMatchObject(want.statusInfo as object)
    if (want.intermediateCodes) expect(outcome.intermediate.map((i) => i.code)).toEqual(want.intermediateCodes)
    if (want.receiptTypes) expect(outcome.receipts.map((r) => r.type)).toEqual(want.receiptTypes)
    if (want.receiptContains) expect(outcome.receipts.flatMap((r) => r.lines).join('\n')).toContain(want.receiptContains)
    if (want.finalFields) {
      // the final message as the session decoded it
      expect(finalFields).toMatchObject(want.finalFields as object)
    }
    // nothing the client could not decode, and no card number in clear anywhere it keeps
    const log = JSON.stringify(terminal.wireLog.entries)
    expect(log).not.toContain('undecodable')
    expect(log).not.toContain(VISA_TEST_CARD.pan)
    // (an AID such as A0000000041010 is no card number: digits after a letter do not count)
    expect(JSON.stringify(outcome)).not.toMatch(/\b\d{13,19}\b/)
  })
})
