import {describe, expect, it} from 'vitest'
import {crc16Kermit} from '../../src/protocol/zvt/crc.js'
import {Deframer, decodeFrame, encodeFrame, frameCrc, type SerialEvent} from '../../src/protocol/zvt/framing.js'
import {parseHex, toHex} from '../../src/protocol/zvt/hex.js'
import {loadVectors} from './vectors.js'
import {errorCode} from './error-code.js'

const frameVectors = loadVectors().filter((v) => v.kind === 'frame')

function feed(chunks: Uint8Array[], d = new Deframer()): SerialEvent[] {
  return chunks.flatMap((c) => d.push(c))
}

/** Noise events depend on chunking; merge adjacent ones so results can be compared. */
function normalise(events: SerialEvent[]): unknown[] {
  const out: unknown[] = []
  for (const e of events) {
    const prev = out.at(-1) as {type: string; bytes?: string} | undefined
    if (e.type === 'noise' && prev?.type === 'noise') prev.bytes += toHex(e.bytes, '')
    else if (e.type === 'noise') out.push({type: 'noise', bytes: toHex(e.bytes, '')})
    else if (e.type === 'frame') out.push({type: 'frame', apdu: toHex(e.apdu, ''), raw: toHex(e.raw, '')})
    else if (e.type === 'bad-frame') out.push({type: 'bad-frame', reason: e.reason, raw: toHex(e.raw, '')})
    else out.push(e)
  }
  return out
}


describe('CRC-16/KERMIT', () => {
  it('has the catalogue check value 0x2189', () => {
    expect(crc16Kermit(Buffer.from('123456789', 'ascii'))).toBe(0x2189)
  })
  it('is not the MSB-first XMODEM CRC (Log-Off gives CCB9, XMODEM would give 799A)', () => {
    expect(frameCrc(parseHex('06 02 00'))).toBe(0xccb9)
  })
  it('can be continued from a previous value', () => {
    const all = crc16Kermit(Buffer.from('123456789'))
    expect(crc16Kermit(Buffer.from('6789'), crc16Kermit(Buffer.from('12345')))).toBe(all)
  })
})

describe('encodeFrame', () => {
  it('Log-Off worked example', () => {
    expect(toHex(encodeFrame(parseHex('06 02 00')))).toBe('10 02 06 02 00 10 03 B9 CC')
  })
  it('0.10 EUR authorization: trailing 10 is doubled before DLE ETX', () => {
    expect(toHex(encodeFrame(parseHex('06 01 07 04 00 00 00 00 00 10')))).toBe('10 02 06 01 07 04 00 00 00 00 00 10 10 10 03 66 81')
  })
  it('positive response 80 00 00', () => {
    expect(toHex(encodeFrame(parseHex('80 00 00')))).toBe('10 02 80 00 00 10 03 F5 1F')
  })
  it('does not stuff CRC bytes', () => {
    // find an APDU whose CRC contains a 10 byte and check it is sent once
    let apdu = Buffer.alloc(0)
    for (let i = 0; i < 65536; i++) {
      apdu = Buffer.from([0x80, 0x00, 0x02, i & 0xff, i >> 8])
      const crc = frameCrc(apdu)
      if ((crc & 0xff) === 0x10 || crc >> 8 === 0x10) break
    }
    const frame = encodeFrame(apdu)
    const crc = frameCrc(apdu)
    expect([...frame.subarray(-2)]).toEqual([crc & 0xff, crc >> 8])
    expect(decodeFrame(frame).crcOk).toBe(true)
  })
})

describe('decodeFrame', () => {
  for (const v of frameVectors) {
    it(`decodes ${v.description.slice(0, 70)}`, () => {
      const f = decodeFrame(Buffer.from(v.hex, 'hex'))
      expect(f.crcOk).toBe(true)
      expect(toHex(f.apdu, '').toLowerCase()).toBe(v.expect.apdu)
      expect(f.crcReceived).toBe((v.expect.crc_low as number) | ((v.expect.crc_high as number) << 8))
    })
  }
  it('reports a CRC mismatch without throwing', () => {
    const f = decodeFrame(parseHex('10 02 06 02 00 10 03 B9 CD'))
    expect(f.crcOk).toBe(false)
    expect(f.crcComputed).toBe(0xccb9)
    expect(f.crcReceived).toBe(0xcdb9)
  })
  it('rejects broken frames with typed errors', () => {
    expect(errorCode(() => decodeFrame(parseHex('06 02 00')))).toBe('ZVT_BAD_FRAME')
    expect(errorCode(() => decodeFrame(parseHex('10')))).toBe('ZVT_TRUNCATED')
    expect(errorCode(() => decodeFrame(parseHex('10 02 06 02 00')))).toBe('ZVT_TRUNCATED')
    expect(errorCode(() => decodeFrame(parseHex('10 02 06 02 00 10 03 B9')))).toBe('ZVT_TRUNCATED')
    expect(errorCode(() => decodeFrame(parseHex('10 02 06 02 00 10 03 B9 CC 06')))).toBe('ZVT_TRAILING_BYTES')
    // an unstuffed 10 inside the APDU
    expect(errorCode(() => decodeFrame(parseHex('10 02 04 0F 07 27 6C 29 29 00 10 06 10 03 B2 57')))).toBe('ZVT_BAD_FRAME')
  })
})

describe('Deframer', () => {
  it('emits every vector frame whole, byte by byte, and split at every offset', () => {
    for (const v of frameVectors) {
      const bytes = Buffer.from(v.hex, 'hex')
      const whole = normalise(feed([bytes]))
      expect(whole).toEqual([{type: 'frame', apdu: String(v.expect.apdu).toUpperCase(), raw: v.hex.toUpperCase()}])
      expect(normalise(feed([...bytes].map((b) => Uint8Array.of(b))))).toEqual(whole)
      for (let cut = 0; cut <= bytes.length; cut++) {
        expect(normalise(feed([bytes.subarray(0, cut), bytes.subarray(cut)]))).toEqual(whole)
      }
    }
  })

  it('splits two frames in one chunk and reports ACK/NAK bytes between them', () => {
    const a = encodeFrame(parseHex('80 00 00'))
    const b = encodeFrame(parseHex('06 0F 00'))
    const events = normalise(feed([Buffer.concat([Buffer.from([0x06]), a, Buffer.from([0x15]), b, Buffer.from([0x06])])]))
    expect(events).toEqual([
      {type: 'ack'},
      {type: 'frame', apdu: '800000', raw: toHex(a, '')},
      {type: 'nak'},
      {type: 'frame', apdu: '060F00', raw: toHex(b, '')},
      {type: 'ack'},
    ])
  })

  it('reports garbage outside frames as noise and still finds the next frame', () => {
    const frame = encodeFrame(parseHex('06 02 00'))
    const events = normalise(feed([parseHex('FF 00 10 41 10'), frame]))
    expect(events).toEqual([
      {type: 'noise', bytes: 'FF00104110'},
      {type: 'frame', apdu: '060200', raw: toHex(frame, '')},
    ])
  })

  it('a DLE DLE before STX: the second DLE starts the frame', () => {
    const frame = encodeFrame(parseHex('06 02 00'))
    expect(normalise(feed([Buffer.concat([Buffer.from([0x10]), frame])]))).toEqual([
      {type: 'noise', bytes: '10'},
      {type: 'frame', apdu: '060200', raw: toHex(frame, '')},
    ])
  })

  it('reports a bad CRC as bad-frame "crc" and continues', () => {
    const bad = parseHex('10 02 06 02 00 10 03 B9 CD')
    const good = encodeFrame(parseHex('80 00 00'))
    expect(normalise(feed([Buffer.concat([bad, good])]))).toEqual([
      {type: 'bad-frame', reason: 'crc', raw: toHex(bad, '')},
      {type: 'frame', apdu: '800000', raw: toHex(good, '')},
    ])
  })

  it('handles an APDU ending in 10 (10 10 10 03 on the wire) in every chunking', () => {
    const apdu = parseHex('06 01 07 04 00 00 00 00 00 10')
    const wire = encodeFrame(apdu)
    for (let cut = 0; cut <= wire.length; cut++) {
      const ev = feed([wire.subarray(0, cut), wire.subarray(cut)])
      expect(ev).toHaveLength(1)
      expect(ev[0]!.type).toBe('frame')
      expect(toHex((ev[0] as {apdu: Buffer}).apdu)).toBe(toHex(apdu))
    }
  })

  it('CRC bytes equal to 10 or 06 are read raw after DLE ETX', () => {
    for (let i = 0; i < 4000; i++) {
      const apdu = Buffer.from([0x80, 0x00, 0x02, i & 0xff, i >> 8])
      const crc = frameCrc(apdu)
      if ((crc & 0xff) !== 0x10 && crc >> 8 !== 0x10 && (crc & 0xff) !== 0x06) continue
      const ev = feed([...encodeFrame(apdu)].map((b) => Uint8Array.of(b)))
      expect(ev.map((e) => e.type)).toEqual(['frame'])
    }
  })

  it('DLE + other byte inside a frame -> bad-frame "framing"; the rest of that frame is noise, not ACK', () => {
    // a sender that forgot to double the 10 in TID 29 00 10 06
    const broken = parseHex('10 02 04 0F 07 27 6C 29 29 00 10 06 10 03 B2 57')
    const d = new Deframer()
    const events = normalise(feed([broken, Uint8Array.of(0x06)], d))
    expect(events).toEqual([
      {type: 'bad-frame', reason: 'framing', raw: '1002040F07276C2929001006'},
      {type: 'noise', bytes: '1003B257'},
      {type: 'ack'},
    ])
    expect(d.inFrame).toBe(false)
  })

  it('DLE STX inside a frame restarts (resync)', () => {
    const good = encodeFrame(parseHex('06 02 00'))
    const events = normalise(feed([Buffer.concat([parseHex('10 02 04 FF'), good])]))
    expect(events).toEqual([
      {type: 'bad-frame', reason: 'framing', raw: '100204FF'},
      {type: 'frame', apdu: '060200', raw: toHex(good, '')},
    ])
  })

  it('resyncs on DLE STX while skipping a broken frame', () => {
    const good = encodeFrame(parseHex('80 00 00'))
    const events = normalise(feed([parseHex('10 02 04 10 41 06 06'), good]))
    expect(events).toEqual([
      {type: 'bad-frame', reason: 'framing', raw: '1002041041'},
      {type: 'noise', bytes: '0606'},
      {type: 'frame', apdu: '800000', raw: toHex(good, '')},
    ])
  })

  it('bounds memory: a frame longer than maxApdu -> bad-frame "too-long", then skips to its end', () => {
    const d = new Deframer({maxApdu: 8})
    const long = encodeFrame(Buffer.alloc(20, 0x41))
    const ok = encodeFrame(parseHex('80 00 00'))
    const events = normalise(feed([long, Uint8Array.of(0x06), ok], d))
    expect(events[0]).toMatchObject({type: 'bad-frame', reason: 'too-long'})
    expect((events[0] as {raw: string}).raw.length).toBeLessThanOrEqual((2 + 9) * 2)
    expect(events.slice(-2)).toEqual([{type: 'ack'}, {type: 'frame', apdu: '800000', raw: toHex(ok, '')}])
  })

  it('inFrame and reset() for T1 handling', () => {
    const d = new Deframer()
    expect(d.inFrame).toBe(false)
    expect(d.push(parseHex('10 02 06 02'))).toEqual([])
    expect(d.inFrame).toBe(true)
    expect(toHex(d.reset())).toBe('10 02 06 02')
    expect(d.inFrame).toBe(false)
    // after a reset the next frame decodes normally
    expect(d.push(encodeFrame(parseHex('06 02 00'))).map((e) => e.type)).toEqual(['frame'])
    // a lone DLE between frames is not a started frame
    d.push(Uint8Array.of(0x10))
    expect(d.inFrame).toBe(false)
    expect(toHex(d.reset())).toBe('10')
  })

  it('accepts the largest APDU by default (FF lo hi + 65535 data bytes)', () => {
    const apdu = Buffer.concat([parseHex('06 D3 FF FF FF'), Buffer.alloc(65535, 0x10)])
    const ev = new Deframer().push(encodeFrame(apdu))
    expect(ev.map((e) => e.type)).toEqual(['frame'])
  })

  it('reset() while skipping a broken frame returns nothing (already reported)', () => {
    const d = new Deframer()
    expect(d.push(parseHex('10 02 04 10 41 42')).map((e) => e.type)).toEqual(['bad-frame', 'noise'])
    expect(d.inFrame).toBe(true)
    expect(d.reset()).toHaveLength(0)
    expect(d.push(Uint8Array.of(0x06))).toEqual([{type: 'ack'}])
  })

  it('empty pushes are harmless', () => {
    const d = new Deframer()
    expect(d.push(new Uint8Array())).toEqual([])
  })
})
