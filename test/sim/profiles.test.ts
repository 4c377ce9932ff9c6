/**
 * Simulator strictness and terminal profiles, driven by the independent raw ECR (no src/protocol
 * on the ECR side): what a real PT refuses, and how real PTs differ (src/sim/profiles.ts).
 */
import {describe, expect, it} from 'vitest'

import {hex, settle} from './helpers/raw-ecr.js'
import {advance, rig} from './helpers/setup.js'

const AUTH_10_EUR = '06010704000000001000'
/** 06 00 PW 000000, config 8E (ECR prints via 06 D1, wants 04 FF) */
const REGISTER_8E = '060004' + '000000' + '8e'

describe('strict where the spec is clear', () => {
  it('an unknown BMP (here 5A, not in SPEC15 §3.1.1) -> 84 83 00, nothing booked', async () => {
    const {ecr, terminal} = await rig({journalSize: 0})
    const before = terminal.state.journal.length
    // 06 01: 04 amount, then 5A xx (no such BMP: the PT cannot know its length)
    expect(await ecr.exchange('06010904000000001000' + '5a01')).toEqual(['848300'])
    expect(terminal.state.journal.length).toBe(before)
  })

  it('a truncated BMP is a protocol error: 84 9A 00', async () => {
    const {ecr} = await rig({journalSize: 0})
    expect(await ecr.exchange('0601040400000000')).toEqual(['849a00'])
  })
})

describe('profiles', () => {
  it('standard checks the password (06 1E 83), password-any does not', async () => {
    const strict = await rig({journalSize: 0})
    expect(await strict.ecr.exchange('065003123456')).toEqual(['800000', '061e0183'])
    const lax = await rig({journalSize: 0, profile: 'password-any'})
    expect((await lax.ecr.exchange('065003123456')).at(-1)).toBe('060f00')
  })

  it('terse: no SW version in the 05 01 completion, only the terminal status', async () => {
    const standard = await rig({journalSize: 0})
    const withSw = await standard.ecr.exchange('050103000000')
    expect(withSw.at(-1)!.startsWith('060f')).toBe(true)
    expect(withSw.at(-1)!.slice(6, 8)).toBe('f0') // LLLVAR prefix F0 Fx Fx
    const terse = await rig({journalSize: 0, profile: 'terse'})
    expect(await terse.ecr.exchange('050103000000')).toEqual(['800000', '060f0100'])
  })

  it('card-complete: 04 FF FF with a T4 and TLV 24 texts even unasked, 06 D1 lines with the 1F07 tail', async () => {
    const {ecr} = await rig({journalSize: 0, profile: 'card-complete'})
    // config 86: no intermediate status asked for (bit 3 clear)
    expect((await ecr.exchange('060004' + '000000' + '86')).at(-1)!.startsWith('060f')).toBe(true)
    const msgs = await ecr.exchange(AUTH_10_EUR)
    const statuses = msgs.filter((m) => m.startsWith('04ff'))
    expect(statuses.length).toBeGreaterThan(0)
    // 04 FF len FF <T4 03 min> 06 len 24 len 07 len text
    for (const m of statuses) expect(m.slice(6, 10)).toBe('ff03')
    expect(Buffer.from(statuses[0]!.slice(20), 'hex').toString('latin1').toLowerCase()).toContain('card')
    const lines = msgs.filter((m) => m.startsWith('06d1'))
    expect(lines.length).toBeGreaterThan(2)
    expect(lines.every((m) => /06041f0701(01|02)$/.test(m))).toBe(true)
    expect(msgs.at(-1)).toBe('060f00')
  })

  it('card-complete refuses a second TCP cash register; standard serves both in turn', async () => {
    const cc = await rig({journalSize: 0, profile: 'card-complete', framing: 'tcp'})
    const second = cc.connect('tcp')
    await settle()
    expect(second.closed).toBe(true)
    expect(cc.ecr.closed).toBe(false)
    const std = await rig({journalSize: 0, framing: 'tcp'})
    const other = std.connect('tcp')
    expect((await other.exchange('050103000000')).at(-1)!.startsWith('060f')).toBe(true)
  })

  it('hang-up: after the 80 00 00 to the final message the PT closes the TCP connection', async () => {
    const {ecr} = await rig({journalSize: 0, profile: 'hang-up', framing: 'tcp'})
    expect((await ecr.exchange(REGISTER_8E)).at(-1)!.startsWith('060f')).toBe(true)
    await settle()
    expect(ecr.closed).toBe(true)
  })
})

describe('TCP inter-byte timeout', () => {
  it('a half-sent APDU followed by silence is dropped (84 9A 00); the next whole command works', async () => {
    const {ecr, clock} = await rig({journalSize: 0, framing: 'tcp'})
    // 05 01 03 00 00 | (the last password byte never comes)
    await ecr.sendRaw(Buffer.from('0501030000', 'hex'))
    await settle()
    expect(ecr.pending).toBe(0)
    await advance(clock, 1100, 100)
    expect(hex(await ecr.next())).toBe('849a00')
    // without the drop these bytes would complete the stale half
    expect((await ecr.exchange('050103000000')).at(-1)!.startsWith('060f')).toBe(true)
  })
})
