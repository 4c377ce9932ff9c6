import {describe, expect, it} from 'vitest'

import {classifyMoneyStep} from '../../src/actions/classify.js'
import type {ZvtFields} from '../../src/protocol/zvt/types.js'
import type {CommandOutcome} from '../../src/terminal/terminal.js'

const booking: ZvtFields = {resultCode: 0, amountCents: 1230, traceNumber: 301, receiptNumber: 44, originalTraceNumber: 300}

function outcome(o: Partial<CommandOutcome>): CommandOutcome {
  return {ok: false, resultCode: 0, resultText: '', rejected: false, statusInfos: [], completion: undefined, receipts: [], intermediate: [], durationMs: 0, ...o}
}

describe('money-step classification (one mapping: the knowledge base ResultClass)', () => {
  it.each<[string, Partial<CommandOutcome>, string]>([
    ['06 0F after the booking', {ok: true, statusInfos: [booking], completion: {}}, 'booked'],
    ['CC after a 04 0F with result 00: booked, only the slip is missing', {resultCode: 0xcc, statusInfos: [booking]}, 'booked-no-slip'],
    ['6C after a 04 0F with result 00: in doubt (ask the terminal)', {resultCode: 0x6c, statusInfos: [booking]}, 'in-doubt'],
    ['B4 already reversed', {resultCode: 0xb4}, 'already-reversed'],
    ['B5 reversal not possible', {resultCode: 0xb5}, 'not-possible'],
    ['A3 no connection', {resultCode: 0xa3}, 'retry'],
    ['9C please wait', {resultCode: 0x9c}, 'retry'],
    ['84 A0 receiver not ready (rejected, never started)', {resultCode: 0xa0, rejected: true}, 'retry'],
    ['83 function not possible', {resultCode: 0x83}, 'stop'],
    ['B7 amount wrong', {resultCode: 0xb7}, 'stop'],
    ['an unknown code', {resultCode: 0xd0}, 'stop'],
    ['CC without any booking 04 0F: a refusal, not a booking', {resultCode: 0xcc}, 'stop'],
    ['a host decline 04 0F (result 05) then 06 1E 05', {resultCode: 0x05, statusInfos: [{...booking, resultCode: 0x05}]}, 'stop'],
  ])('%s', (_name, o, kind) => {
    expect(classifyMoneyStep(outcome(o)).kind).toBe(kind)
  })

  it('unknown codes are reported with their class', () => {
    expect(classifyMoneyStep(outcome({resultCode: 0xd0}))).toEqual({kind: 'stop', resultCode: 0xd0, cls: 'unknown'})
  })
})
