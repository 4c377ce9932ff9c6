// Mutation fuzzing of the ZVT decoders with the real-world ZVT vectors (test/fixtures/zvt) as seeds: whatever the
// bytes, the decoders end with a value or a typed ZvtProtocolError, in bounded time and memory.
// POSDOC_FUZZ_RUNS raises the number of mutants per vector for a longer run (default 300).
import fc from 'fast-check'
import {describe, expect, it} from 'vitest'

import {ApduReassembler, decodeApdu} from '../../src/protocol/zvt/apdu.js'
import {ZvtProtocolError} from '../../src/protocol/zvt/errors.js'
import {Deframer, decodeFrame, encodeFrame} from '../../src/protocol/zvt/framing.js'
import {maskApdu, decodeMessage} from '../../src/protocol/zvt/messages.js'
import {decodeTlv} from '../../src/protocol/zvt/tlv.js'
import {loadVectors} from './vectors.js'

const RUNS = Number(process.env.POSDOC_FUZZ_RUNS ?? 300)
const seeds = loadVectors().map((v) => ({v, bytes: Buffer.from(v.hex, 'hex')}))

/** Only a typed protocol error may escape a decoder. */
function typedOnly(f: () => unknown): void {
  try {
    f()
  } catch (e) {
    if (!(e instanceof ZvtProtocolError)) throw e
  }
}

const mutation = (len: number) =>
  fc.oneof(
    fc.record({kind: fc.constant('flip' as const), at: fc.nat(Math.max(0, len - 1)), bit: fc.integer({min: 0, max: 7})}),
    fc.record({kind: fc.constant('set' as const), at: fc.nat(Math.max(0, len - 1)), value: fc.integer({min: 0, max: 255})}),
    fc.record({kind: fc.constant('insert' as const), at: fc.nat(len), bytes: fc.uint8Array({minLength: 1, maxLength: 8})}),
    fc.record({kind: fc.constant('delete' as const), at: fc.nat(Math.max(0, len - 1)), count: fc.integer({min: 1, max: 8})}),
    fc.record({kind: fc.constant('truncate' as const), at: fc.nat(len)}),
    fc.record({kind: fc.constant('repeat' as const), times: fc.integer({min: 2, max: 4})}),
  )

type Mutation = ReturnType<typeof mutation> extends fc.Arbitrary<infer T> ? T : never

function apply(bytes: Buffer, ms: Mutation[]): Buffer {
  let b = Buffer.from(bytes)
  for (const m of ms) {
    switch (m.kind) {
      case 'flip':
        if (b.length) b[m.at % b.length]! ^= 1 << m.bit
        break
      case 'set':
        if (b.length) b[m.at % b.length] = m.value
        break
      case 'insert':
        b = Buffer.concat([b.subarray(0, m.at), Buffer.from(m.bytes), b.subarray(m.at)])
        break
      case 'delete':
        b = Buffer.concat([b.subarray(0, m.at), b.subarray(m.at + m.count)])
        break
      case 'truncate':
        b = b.subarray(0, m.at)
        break
      case 'repeat':
        b = Buffer.concat(Array.from({length: m.times}, () => b))
        break
    }
  }
  return b
}

describe('mutation fuzzing with the ZVT vectors as seeds', () => {
  for (const {v, bytes} of seeds) {
    it(`${v.kind} ${v.description.slice(0, 60)}`, () => {
      // frames are fuzzed both as serial bytes and through the APDU path; APDUs also inside a valid frame
      const asFrame = v.kind === 'frame' ? bytes : encodeFrame(bytes)
      fc.assert(
        fc.property(fc.array(mutation(asFrame.length), {minLength: 1, maxLength: 4}), fc.integer({min: 1, max: 64}), (ms, chunk) => {
          const wire = apply(asFrame, ms)
          const deframer = new Deframer()
          for (let off = 0; off < wire.length; off += chunk) {
            for (const ev of deframer.push(wire.subarray(off, off + chunk))) {
              if (ev.type === 'frame') typedOnly(() => decodeMessage(decodeApdu(ev.apdu)))
            }
          }
          typedOnly(() => decodeFrame(wire))

          const apduBytes = apply(v.kind === 'frame' ? Buffer.from(String(v.expect.apdu ?? ''), 'hex') : bytes, ms)
          typedOnly(() => {
            const apdu = decodeApdu(apduBytes)
            decodeMessage(apdu)
            // masking must never throw, whatever it is given
            maskApdu(apdu)
          })
          typedOnly(() => decodeTlv(apduBytes))
          const reasm = new ApduReassembler()
          typedOnly(() => {
            for (let off = 0; off < apduBytes.length; off += chunk) {
              for (const a of reasm.push(apduBytes.subarray(off, off + chunk))) typedOnly(() => decodeMessage(a))
            }
          })
          // bounded memory: nothing buffers more than the input it was given
          expect(reasm.pending).toBeLessThanOrEqual(apduBytes.length)
        }),
        {numRuns: RUNS},
      )
    })
  }

  it('a deframer fed endless garbage keeps bounded memory', () => {
    const deframer = new Deframer({maxApdu: 4096})
    const junk = Buffer.alloc(64 * 1024)
    for (let i = 0; i < junk.length; i++) junk[i] = (i * 131 + 7) & 0xff
    junk[0] = 0x10
    junk[1] = 0x02
    let events = 0
    for (let round = 0; round < 32; round++) events += deframer.push(junk).length
    expect(events).toBeGreaterThan(0)
    // a partial frame never grows past the limit: reset() hands back at most maxApdu-ish bytes
    expect(deframer.reset().length).toBeLessThanOrEqual(4096 + 16)
  })
})
