// fast-check properties: round trips, and hostile input never escapes as anything but ZvtProtocolError.
import fc from 'fast-check'
import {describe, expect, it} from 'vitest'
import {ApduReassembler, decodeApdu, encodeApdu} from '../../src/protocol/zvt/apdu.js'
import {decodeBmps} from '../../src/protocol/zvt/bmp.js'
import {ZvtProtocolError} from '../../src/protocol/zvt/errors.js'
import {Deframer, decodeFrame, encodeFrame} from '../../src/protocol/zvt/framing.js'
import {decodeMessage, encodeFields, encodeMessage, maskApdu} from '../../src/protocol/zvt/messages.js'
import {decodeTlv, encodeTlv} from '../../src/protocol/zvt/tlv.js'
import type {Apdu, TlvNode, ZvtFields} from '../../src/protocol/zvt/types.js'

const RUNS = {numRuns: 500}

/** Bytes rich in 10/02/03/06/15 so stuffing and resync paths are exercised. */
const wireByte = fc.oneof(fc.constantFrom(0x10, 0x02, 0x03, 0x06, 0x15, 0xff, 0x00), fc.integer({min: 0, max: 255}))
const wireBytes = (maxLength: number) => fc.array(wireByte, {maxLength}).map((a) => Buffer.from(a))
const data = fc.oneof(wireBytes(40), wireBytes(600))
const apduArb: fc.Arbitrary<Apdu> = fc.record({cls: fc.integer({min: 0, max: 255}), ins: fc.integer({min: 0, max: 255}), data})

/** Split a buffer into chunks at the given relative cut points. */
function chunk(buf: Buffer, cuts: number[]): Buffer[] {
  const points = [...new Set(cuts.map((c) => Math.floor(c * buf.length)))].sort((a, b) => a - b)
  const out: Buffer[] = []
  let prev = 0
  for (const p of points) {
    out.push(buf.subarray(prev, p))
    prev = p
  }
  out.push(buf.subarray(prev))
  return out
}
const cutsArb = fc.array(fc.double({min: 0, max: 1, noNaN: true}), {maxLength: 8})

function onlyZvtErrors(f: () => unknown): void {
  try {
    f()
  } catch (e) {
    if (!(e instanceof ZvtProtocolError)) throw e
  }
}

describe('round trips', () => {
  it('encodeFrame -> Deframer gives the APDU back, in any chunking', () => {
    fc.assert(
      fc.property(apduArb, cutsArb, (a, cuts) => {
        const bytes = encodeApdu(a)
        const frame = encodeFrame(bytes)
        const d = new Deframer()
        const events = chunk(frame, cuts).flatMap((c) => d.push(c))
        expect(events).toHaveLength(1)
        expect(events[0]).toMatchObject({type: 'frame'})
        expect((events[0] as {apdu: Buffer}).apdu.equals(bytes)).toBe(true)
        expect(decodeFrame(frame).apdu.equals(bytes)).toBe(true)
        expect(d.inFrame).toBe(false)
      }),
      RUNS,
    )
  })

  it('encodeApdu -> decodeApdu and the reassembler', () => {
    fc.assert(
      fc.property(fc.array(apduArb, {minLength: 1, maxLength: 4}), cutsArb, (apdus, cuts) => {
        for (const a of apdus) expect(decodeApdu(encodeApdu(a))).toEqual({cls: a.cls, ins: a.ins, data: a.data})
        const stream = Buffer.concat(apdus.map(encodeApdu))
        const r = new ApduReassembler()
        const got = chunk(stream, cuts).flatMap((c) => r.push(c))
        expect(got.map((x) => encodeApdu(x).toString('hex'))).toEqual(apdus.map((x) => encodeApdu(x).toString('hex')))
        expect(r.pending).toBe(0)
      }),
      RUNS,
    )
  })

  it('TLV encode -> decode (1- and 2-byte tags, lengths around 7F/80/FF/100)', () => {
    const primitiveTag = fc.oneof(
      fc.integer({min: 0, max: 255}).filter((b) => (b & 0x20) === 0 && (b & 0x1f) !== 0x1f),
      fc.tuple(fc.integer({min: 0, max: 255}).filter((b) => (b & 0x20) === 0), fc.integer({min: 0, max: 0x7f})).map(([a, b]) => [a | 0x1f, b]),
    )
    const constructedTag = fc.integer({min: 0, max: 255}).filter((b) => (b & 0x20) !== 0 && (b & 0x1f) !== 0x1f)
    const hexOf = (t: number | number[]) => Buffer.from(Array.isArray(t) ? t : [t]).toString('hex').toUpperCase()
    const valueLength = fc.oneof(fc.integer({min: 0, max: 10}), fc.constantFrom(0x7f, 0x80, 0xff, 0x100, 0x101))
    const primitive: fc.Arbitrary<TlvNode> = fc
      .tuple(primitiveTag, valueLength, fc.integer({min: 0, max: 255}))
      .map(([t, len, fill]) => ({tag: hexOf(t), constructed: false, value: Buffer.alloc(len, fill), children: []}))
    const {tree} = fc.letrec<{tree: TlvNode}>((tie) => ({
      tree: fc.oneof(
        {depthSize: 'small', withCrossShrink: true},
        primitive,
        fc.tuple(constructedTag, fc.array(tie('tree'), {maxLength: 3})).map(([t, children]) => ({tag: hexOf(t), constructed: true, value: Buffer.alloc(0), children})),
      ),
    }))
    fc.assert(
      fc.property(fc.array(tree, {maxLength: 4}), (nodes) => {
        const bytes = encodeTlv(nodes)
        const back = decodeTlv(bytes)
        expect(back).toEqual(nodes)
        expect(encodeTlv(back).equals(bytes)).toBe(true)
      }),
      {numRuns: 300},
    )
  })

  it('encodeFields -> decodeBmps for numeric fields, any order', () => {
    const digits = (n: number) => fc.array(fc.integer({min: 0, max: 9}), {minLength: n, maxLength: n}).map((a) => a.join(''))
    const entries: Record<string, fc.Arbitrary<unknown>> = {
      amountCents: fc.integer({min: 0, max: 999_999_999_999}),
      currencyCode: fc.integer({min: 0, max: 9999}),
      traceNumber: fc.integer({min: 0, max: 999_999}),
      originalTraceNumber: fc.integer({min: 0, max: 999_999}),
      receiptNumber: fc.integer({min: 0, max: 9999}),
      turnoverNumber: fc.integer({min: 0, max: 999_999}),
      cardSequenceNumber: fc.integer({min: 0, max: 9999}),
      resultCode: fc.integer({min: 0, max: 255}),
      hostResultCode: fc.integer({min: 0, max: 255}),
      statusByte: fc.integer({min: 0, max: 255}),
      cardType: fc.integer({min: 0, max: 255}),
      cardTypeNetwork: fc.integer({min: 0, max: 255}),
      serviceByte: fc.integer({min: 0, max: 255}),
      timeout: fc.integer({min: 0, max: 255}),
      terminalId: digits(8),
      time: digits(6),
      date: digits(4),
      dateFull: digits(6),
      expiryDate: digits(4),
      password: digits(6),
    }
    // random subset of fields in random order (key order = BMP order on the wire)
    const arb = fc
      .record(entries, {requiredKeys: []})
      .chain((rec) => fc.shuffledSubarray(Object.entries(rec), {minLength: Object.keys(rec).length}).map((pairs) => Object.fromEntries(pairs) as ZvtFields))
    fc.assert(
      fc.property(arb, (fields) => {
        const decoded = decodeBmps(encodeFields(fields))
        expect(decoded).toEqual(fields)
        expect(Object.keys(decoded)).toEqual(Object.keys(fields))
      }),
      RUNS,
    )
  })
})

describe('hostile input', () => {
  const known = [0x04, 0x05, 0x06, 0x08, 0x80, 0x84, 0x0f]
  const ctrl = fc.record({
    cls: fc.oneof(fc.constantFrom(...known), fc.integer({min: 0, max: 255})),
    ins: fc.oneof(fc.constantFrom(0x00, 0x01, 0x0f, 0xff, 0x1e, 0xd1, 0xd3, 0x30, 0x20, 0x50), fc.integer({min: 0, max: 255})),
  })
  // mostly "almost valid": real BMP tags and F-prefixed lengths
  const messageData = fc.oneof(
    wireBytes(60),
    fc.array(fc.oneof(fc.constantFrom(0x04, 0x06, 0x22, 0x23, 0x24, 0x27, 0x29, 0x3c, 0x60, 0x87, 0x8b, 0xf0, 0xf1, 0xf2, 0x81, 0x82, 0x1f), fc.integer({min: 0, max: 255})), {maxLength: 80}).map((a) => Buffer.from(a)),
  )

  it('Deframer never throws and stays bounded', () => {
    fc.assert(
      fc.property(fc.array(wireBytes(200), {maxLength: 6}), fc.integer({min: 1, max: 64}), (chunks, maxApdu) => {
        const d = new Deframer({maxApdu})
        for (const c of chunks) {
          for (const e of d.push(c)) {
            if (e.type === 'frame') expect(e.apdu.length).toBeLessThanOrEqual(maxApdu)
            if (e.type === 'bad-frame' || e.type === 'frame') expect(e.raw.length).toBeLessThanOrEqual(2 * maxApdu + 6)
          }
        }
        expect(d.reset().length).toBeLessThanOrEqual(2 * maxApdu + 6)
      }),
      {numRuns: 1000},
    )
  })

  it('ApduReassembler, decodeApdu, decodeFrame, decodeTlv only throw ZvtProtocolError', () => {
    fc.assert(
      fc.property(wireBytes(300), fc.integer({min: 0, max: 300}), (bytes, maxLength) => {
        onlyZvtErrors(() => new ApduReassembler({maxLength}).push(bytes))
        onlyZvtErrors(() => decodeApdu(bytes))
        onlyZvtErrors(() => decodeApdu(bytes, {allowTrailing: true}))
        onlyZvtErrors(() => decodeFrame(bytes))
        onlyZvtErrors(() => decodeTlv(bytes))
        onlyZvtErrors(() => decodeBmps(bytes))
      }),
      {numRuns: 1000},
    )
  })

  it('decodeMessage only throws ZvtProtocolError; maskApdu never throws and keeps the decode', () => {
    fc.assert(
      fc.property(ctrl, messageData, fc.constantFrom(undefined, '05 01', '06 01'), ({cls, ins}, bytes, request) => {
        const a = {cls, ins, data: bytes}
        const masked = maskApdu(a)
        expect(masked.data).toHaveLength(bytes.length)
        let msg
        try {
          msg = decodeMessage(a, request ? {request} : {})
        } catch (e) {
          if (!(e instanceof ZvtProtocolError)) throw e
          return
        }
        expect(decodeMessage(masked, request ? {request} : {})).toEqual(msg)
        // and whatever decoded can be encoded again or is refused with a typed error
        onlyZvtErrors(() => encodeMessage(msg))
      }),
      {numRuns: 1000},
    )
  })
})
