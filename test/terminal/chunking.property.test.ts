import fc from 'fast-check'
import {describe, expect, it} from 'vitest'
import {ack, pt as ptMsg} from '../../src/protocol/zvt/messages.js'
import {tlvConstructed, tlvPrimitive} from '../../src/protocol/zvt/tlv.js'
import type {Apdu} from '../../src/protocol/zvt/types.js'
import type {CommandOutcome} from '../../src/terminal/terminal.js'
import type {Framing} from '../../src/terminal/zvt/session.js'
import {ZvtTerminal} from '../../src/terminal/zvt/zvt-terminal.js'
import {FakeClock} from '../../src/util/clock.js'
import {VISA_TEST_CARD} from '../fixtures/test-cards.js'
import {FakePt} from './helpers/fake-pt.js'

// One reversal as the PT sends it; every message after 80 00 00 waits for the ECR's answer.
const PT_MESSAGES: Apdu[] = [
  ack.positive(),
  ptMsg.intermediateStatus({status: 0x0e, timeoutMinutes: 3, tlv: [tlvConstructed('24', [tlvPrimitive('07', Buffer.from('BITTE WARTEN'))])]}),
  {
    cls: 0x04,
    ins: 0x0f,
    // 0x10 bytes inside (amount 10.10, receipt 0010) exercise DLE stuffing on serial
    data: Buffer.concat([Buffer.from('2700041000000010108700102910101010', 'hex'), VISA_TEST_CARD.bmp22]),
  },
  ptMsg.printLine({attribute: 0x00, text: 'STORNO'}),
  ptMsg.printLine({attribute: 0x00, text: ''}),
  ptMsg.printLine({attribute: 0x81, text: 'EUR 10,10'}),
  ptMsg.printTextBlock({receiptType: 2, lines: [{text: 'KUNDENBELEG'}, {text: 'EUR 10,10'}], endAttribute: 0xff}),
  ptMsg.completion({terminalId: '10101010'}),
]

interface Delivery {
  cuts: number[]
  flushBetween: boolean
}

async function runOnce(framing: Framing, deliveries: Delivery[] | undefined, mergeFirstTwo: boolean): Promise<{outcome: CommandOutcome; log: string[]}> {
  const clock = new FakeClock(0)
  const {ecrLink, pt} = FakePt.pair(framing)
  const terminal = new ZvtTerminal(ecrLink, {framing, clock})
  const run = terminal.reversal({receiptNumber: 10})
  await pt.next('06 30')
  // TCP: 80 00 00 and the next APDU may arrive in one read (the PT needs no answer to 80 00 00)
  const turns: Apdu[][] = mergeFirstTwo ? [[PT_MESSAGES[0]!, PT_MESSAGES[1]!], ...PT_MESSAGES.slice(2).map((m) => [m])] : PT_MESSAGES.map((m) => [m])
  for (const [i, turn] of turns.entries()) {
    const bytes = Buffer.concat(turn.map((m) => pt.wire(m)))
    const d = deliveries?.[i]
    await pt.sendRaw(bytes, d ? {splitAt: d.cuts.map((c) => c % (bytes.length + 1)), flushBetween: d.flushBetween} : {})
    const last = turn[turn.length - 1]!
    if (last.cls !== 0x80) await pt.next('80 00')
  }
  const outcome = await run
  const log = terminal.wireLog.entries.filter((e) => e.layer !== 'event').map((e) => `${e.dir} ${e.layer} ${e.hex} ${e.summary}`)
  return {outcome, log}
}

const deliveryArb = fc.record({cuts: fc.array(fc.nat(400), {maxLength: 12}), flushBetween: fc.boolean()})

describe.each<Framing>(['serial', 'tcp'])('chunking over %s', (framing) => {
  it('gives the same outcome and wire log however the PT bytes are chunked', async () => {
    const reference = await runOnce(framing, undefined, false)
    expect(reference.outcome.ok).toBe(true)
    expect(reference.outcome.receipts).toHaveLength(2)
    await fc.assert(
      fc.asyncProperty(fc.array(deliveryArb, {minLength: PT_MESSAGES.length, maxLength: PT_MESSAGES.length}), fc.boolean(), async (deliveries, merge) => {
        const got = await runOnce(framing, deliveries, framing === 'tcp' && merge)
        expect(got.outcome).toEqual(reference.outcome)
        expect(got.log).toEqual(reference.log)
      }),
      {numRuns: 60},
    )
  })
})
