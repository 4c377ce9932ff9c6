import {describe, expect, it} from 'vitest'
import {ack, ecr, pt as ptMsg} from '../../src/protocol/zvt/messages.js'
import {tlvConstructed, tlvPrimitive} from '../../src/protocol/zvt/tlv.js'
import type {ProgressEvent} from '../../src/terminal/terminal.js'
import {SessionError, ZvtSession, type Framing} from '../../src/terminal/zvt/session.js'
import {FakeClock} from '../../src/util/clock.js'
import {FakePt, flush} from './helpers/fake-pt.js'
import {VISA_TEST_CARD} from '../fixtures/test-cards.js'

const START = Date.UTC(2024, 4, 17, 9, 30, 0)

function setup(framing: Framing, opts: {t4Ms?: number} = {}) {
  const clock = new FakeClock(START)
  const {ecrLink, pt} = FakePt.pair(framing)
  const session = new ZvtSession(ecrLink, {framing, clock, ...(opts.t4Ms ? {timeouts: {t4Ms: opts.t4Ms}} : {})})
  const progress: ProgressEvent[] = []
  session.onProgress((e) => progress.push(e))
  return {clock, pt, session, ecrLink, progress}
}

/** Keep a rejection from being reported as unhandled before the test awaits it. */
function settleLater<T>(p: Promise<T>): Promise<T> {
  p.catch(() => undefined)
  return p
}

async function rejection(p: Promise<unknown>): Promise<SessionError> {
  try {
    await p
  } catch (err) {
    expect(err).toBeInstanceOf(SessionError)
    return err as SessionError
  }
  throw new Error('expected a SessionError')
}

const events = (session: ZvtSession) => session.wireLog.entries.filter((e) => e.layer === 'event').map((e) => e.summary)

describe.each<Framing>(['serial', 'tcp'])('ZvtSession over %s', (framing) => {
  it('runs a master flow: 80 00, 04 FF, 04 0F, 06 D1, 06 0F, answering each with 80 00 00', async () => {
    const {pt, session, progress} = setup(framing)
    const run = session.exchange(ecr.reversal({password: '000000', receiptNumber: 42}), {hasCompletion: true})
    await pt.next('06 30')
    await pt.accept80()
    await pt.master(ptMsg.intermediateStatus({status: 0x0e}))
    await pt.master(ptMsg.statusInformation({resultCode: 0, amountCents: 1250, receiptNumber: 42}))
    await pt.master(ptMsg.printLine({attribute: 0x00, text: 'STORNO'}))
    await pt.master(ptMsg.printLine({attribute: 0x81, text: 'END'}))
    await pt.master(ptMsg.completion({}))
    const ex = await run
    expect(ex.command).toBe('06 30')
    expect(ex.firstAnswer?.command).toBe('80 00')
    expect(ex.final?.command).toBe('06 0F')
    expect(ex.messages.map((m) => m.command)).toEqual(['80 00', '04 FF', '04 0F', '06 D1', '06 D1', '06 0F'])
    expect(ex.messages[2]!.message.fields).toMatchObject({resultCode: 0, amountCents: 1250, receiptNumber: 42})
    expect(ex.receipts).toEqual([{type: 'unknown', lines: ['STORNO', 'END']}])
    expect(ex.intermediate).toEqual([{code: 0x0e, text: expect.any(String)}])
    expect(ex.acked).toBe(framing === 'serial' ? true : null)
    expect(ex.phase).toBe('done')
    expect(progress.filter((e) => e.kind === 'print')).toEqual([
      {kind: 'print', line: 'STORNO'},
      {kind: 'print', line: 'END'},
    ])
    expect(progress.some((e) => e.kind === 'intermediate' && e.code === 0x0e)).toBe(true)
    // nothing left over: no extra answers, no timers
    expect(await pt.idle()).toBe(true)
  })

  it('ends at 80 00 00 when the command has no completion', async () => {
    const {pt, session} = setup(framing)
    const run = session.exchange(ecr.logOff(), {hasCompletion: false})
    await pt.next('06 02')
    await pt.accept80()
    const ex = await run
    expect(ex.firstAnswer?.command).toBe('80 00')
    expect(ex.final).toBeUndefined()
    expect(await pt.idle()).toBe(true)
  })

  it('treats 84 xx as a rejection and 84 00 as positive', async () => {
    const {pt, session} = setup(framing)
    const rejected = session.exchange(ecr.endOfDay({password: '000000'}), {hasCompletion: true})
    await pt.next('06 50')
    await pt.send(ack.negative(0x83))
    const ex = await rejected
    expect(ex.firstAnswer?.command).toBe('84 83')
    expect(ex.final).toBeUndefined()
    expect(await pt.idle()).toBe(true) // a response is never answered

    const positive = session.exchange(ecr.endOfDay({password: '000000'}), {hasCompletion: true})
    await pt.next('06 50')
    await pt.send({cls: 0x84, ins: 0x00, data: Buffer.alloc(0)})
    await pt.master(ptMsg.completion({}))
    expect((await positive).final?.command).toBe('06 0F')
  })

  it('ends with 06 1E and answers it with 80 00 00', async () => {
    const {pt, session} = setup(framing)
    const run = session.exchange(ecr.refund({password: '000000', amountCents: 500}), {hasCompletion: true})
    await pt.next('06 31')
    await pt.accept80()
    await pt.master(ptMsg.intermediateStatus({status: 0x0a}))
    await pt.master(ptMsg.abort({resultCode: 0x6c}))
    const ex = await run
    expect(ex.final?.command).toBe('06 1E')
    expect(ex.final?.message.fields.resultCode).toBe(0x6c)
  })

  it('fails with ZVT_T3_TIMEOUT when the PT does not answer within T3', async () => {
    const {pt, session, clock, ecrLink} = setup(framing)
    const run = settleLater(session.exchange(ecr.diagnosis(), {hasCompletion: true}))
    await pt.next('06 70')
    clock.advance(4999)
    await flush()
    clock.advance(1)
    const err = await rejection(run)
    expect(err.code).toBe('ZVT_T3_TIMEOUT')
    expect(err.exchange.firstAnswer).toBeUndefined()
    expect(err.exchange.phase).toBe('await-answer')
    expect(events(session).some((s) => s.startsWith('T3 expired'))).toBe(true)
    await flush()
    // spec: on TCP the sender closes the socket after T3
    expect(ecrLink.isOpen).toBe(framing === 'serial')
  })

  it('takes a per-exchange T3 (commands with their own timeout parameter)', async () => {
    const {pt, session, clock} = setup(framing)
    const run = settleLater(session.exchange(ecr.diagnosis(), {hasCompletion: true, t3Ms: 60_000}))
    await pt.next('06 70')
    clock.advance(59_000)
    await pt.accept80()
    clock.advance(2000)
    await pt.master(ptMsg.completion({}))
    expect((await run).final?.command).toBe('06 0F')
  })

  it('fails with ZVT_T4_TIMEOUT 180 s after 80 00 without a completion', async () => {
    const {pt, session, clock} = setup(framing)
    const run = settleLater(session.exchange(ecr.endOfDay({password: '000000'}), {hasCompletion: true}))
    await pt.next('06 50')
    await pt.accept80()
    clock.advance(179_999)
    await flush()
    clock.advance(1)
    const err = await rejection(run)
    expect(err.code).toBe('ZVT_T4_TIMEOUT')
    expect(err.exchange.firstAnswer?.command).toBe('80 00')
    expect(err.exchange.final).toBeUndefined()
  })

  it('restarts T4 on every 04 FF and 04 0F', async () => {
    const {pt, session, clock} = setup(framing)
    const run = settleLater(session.exchange(ecr.endOfDay({password: '000000'}), {hasCompletion: true}))
    await pt.next('06 50')
    await pt.accept80()
    clock.advance(170_000)
    await pt.master(ptMsg.intermediateStatus({status: 0x0e}))
    clock.advance(170_000)
    await pt.master(ptMsg.statusInformation({resultCode: 0}))
    clock.advance(170_000)
    await pt.master(ptMsg.completion({}))
    const ex = await run
    expect(ex.final?.command).toBe('06 0F')
    expect(ex.timing.durationMs).toBe(510_000)
  })

  it('takes a new T4 from the 04 FF timeout byte (BCD minutes)', async () => {
    const {pt, session, clock} = setup(framing)
    const run = settleLater(session.exchange(ecr.endOfDay({password: '000000'}), {hasCompletion: true}))
    await pt.next('06 50')
    await pt.accept80()
    await pt.master(ptMsg.intermediateStatus({status: 0x04, timeoutMinutes: 2}))
    clock.advance(119_999)
    await flush()
    clock.advance(1)
    const err = await rejection(run)
    expect(err.code).toBe('ZVT_T4_TIMEOUT')
    expect(events(session)).toContain('T4 set to 2 min by 04 FF')
  })

  it('fails with ZVT_LINK_LOST and keeps the partial exchange when the link drops mid-exchange', async () => {
    const {pt, session} = setup(framing)
    const run = settleLater(session.exchange(ecr.reversal({password: '000000', receiptNumber: 7}), {hasCompletion: true}))
    await pt.next('06 30')
    await pt.accept80()
    await pt.master(ptMsg.statusInformation({resultCode: 0, receiptNumber: 7, originalTraceNumber: 12}))
    await pt.link.close()
    const err = await rejection(run)
    expect(err.code).toBe('ZVT_LINK_LOST')
    // "in doubt": the PT accepted the reversal and reported a result, but never completed
    expect(err.exchange.firstAnswer?.command).toBe('80 00')
    expect(err.exchange.messages.map((m) => m.command)).toEqual(['80 00', '04 0F'])
    expect(err.exchange.final).toBeUndefined()
    expect(err.exchange.phase).toBe('await-completion')
    // and later calls fail fast
    const later = await rejection(session.exchange(ecr.logOff(), {hasCompletion: false}))
    expect(later.code).toBe('ZVT_LINK_LOST')
    expect(later.exchange.sends).toBe(0)
  })

  it('answers PT messages that arrive while idle with 84 66 00 and logs them', async () => {
    const {pt, session} = setup(framing)
    await pt.send(ptMsg.intermediateStatus({status: 0x0e}))
    const answer = await pt.next('84 66')
    expect(answer.data.length).toBe(0)
    expect(events(session).some((s) => s.includes('04 FF while no exchange is running'))).toBe(true)
  })

  it('runs concurrent calls one after the other', async () => {
    const {pt, session} = setup(framing)
    const first = session.exchange(ecr.diagnosis(), {hasCompletion: true})
    const second = session.exchange(ecr.logOff(), {hasCompletion: false})
    await pt.next('06 70')
    await pt.accept80()
    expect(await pt.idle()).toBe(true) // 06 02 waits for the running exchange
    await pt.master(ptMsg.completion({}))
    await pt.next('06 02')
    await pt.accept80()
    expect((await first).command).toBe('06 70')
    expect((await second).command).toBe('06 02')
  })

  it('sends 06 B0 out of band while the PT is master; the exchange ends with 06 1E', async () => {
    const {pt, session} = setup(framing)
    const run = session.exchange(ecr.refund({password: '000000', amountCents: 100}), {hasCompletion: true})
    await pt.next('06 31')
    await pt.accept80()
    await pt.master(ptMsg.intermediateStatus({status: 0x0a}))
    const abort = session.abortCurrent()
    await pt.next('06 B0')
    await pt.accept80()
    await pt.master(ptMsg.abort({resultCode: 0x6c}))
    const ex = await run
    expect(await abort).toMatchObject({sent: true, answer: {command: '80 00'}})
    expect(ex.final?.command).toBe('06 1E')
    expect(ex.abort?.answer?.command).toBe('80 00')
    expect(ex.messages.map((m) => m.command)).toEqual(['80 00', '04 FF', '80 00', '06 1E'])
  })

  it('holds an early abort until the PT has taken over, and reports nothing to abort when idle', async () => {
    const {pt, session} = setup(framing)
    expect(await session.abortCurrent()).toEqual({sent: false, answer: undefined})
    const run = session.exchange(ecr.endOfDay({password: '000000'}), {hasCompletion: true})
    await pt.next('06 50')
    const abort = session.abortCurrent()
    expect(await pt.idle()).toBe(true)
    await pt.accept80()
    await pt.next('06 B0')
    await pt.send(ack.negative(0x83)) // too late, the PT carries on
    await pt.master(ptMsg.completion({}))
    expect((await run).final?.command).toBe('06 0F')
    expect(await abort).toMatchObject({sent: true, answer: {command: '84 83'}})
  })

  it('decodes the 06 0F after 05 01 with the request context', async () => {
    const {pt, session} = setup(framing)
    const run = session.exchange(ecr.statusEnquiry({password: '000000', serviceByte: 0x04}), {hasCompletion: true})
    await pt.next('05 01')
    await pt.accept80()
    await pt.master(ptMsg.statusCompletion({swVersion: 'GER-APP-v2.1.3', terminalStatus: 0xb2}))
    const ex = await run
    expect(ex.final?.message.fields).toMatchObject({swVersion: 'GER-APP-v2.1.3', terminalStatus: 0xb2})
    expect(session.wireLog.entries.some((e) => e.summary.includes('terminalStatus=B2'))).toBe(true)
  })

  it('keeps an undecodable PT message, logs it as hex and still answers it', async () => {
    const {pt, session} = setup(framing)
    const run = session.exchange(ecr.diagnosis(), {hasCompletion: true})
    await pt.next('06 70')
    await pt.accept80()
    // 04 0F whose BMP 04 (amount, 6 bytes) is cut short
    await pt.master({cls: 0x04, ins: 0x0f, data: Buffer.from([0x04, 0x00, 0x00])})
    await pt.master(ptMsg.completion({}))
    const ex = await run
    const bad = ex.messages.find((m) => m.command === '04 0F')!
    expect(bad.message.name).toBe('undecodable')
    expect(bad.decodeError).toMatch(/^ZVT_/)
    expect(session.wireLog.entries.some((e) => e.layer === 'apdu' && e.summary.startsWith('undecodable: ZVT_'))).toBe(true)
  })
})

describe('ZvtSession lifecycle', () => {
  it('close() fails the running and the queued exchanges with ZVT_SESSION_CLOSED', async () => {
    const {pt, session, ecrLink} = setup('tcp')
    const running = settleLater(session.exchange(ecr.diagnosis(), {hasCompletion: true}))
    const queued = settleLater(session.exchange(ecr.logOff(), {hasCompletion: false}))
    await pt.next('06 70')
    await session.close()
    expect((await rejection(running)).code).toBe('ZVT_SESSION_CLOSED')
    expect((await rejection(queued)).code).toBe('ZVT_SESSION_CLOSED')
    expect(ecrLink.isOpen).toBe(false)
    expect(session.isOpen).toBe(false)
  })

  it('ignores a stray response while idle and tells listeners about a printed full PAN', async () => {
    const {pt, session, progress} = setup('tcp')
    await pt.send(ack.positive())
    expect(await pt.idle()).toBe(true)
    expect(events(session)).toContain('80 00 while no exchange is running: ignored')
    const run = session.exchange(ecr.printSystemConfiguration(), {hasCompletion: true})
    await pt.next('06 1A')
    await pt.accept80()
    await pt.master(ptMsg.printLine({attribute: 0x81, text: VISA_TEST_CARD.pan}))
    await pt.master(ptMsg.completion({}))
    expect((await run).receipts[0]!.lines).toEqual(['411111******1111'])
    expect(progress.some((e) => e.kind === 'info' && e.text.includes('unmasked card number'))).toBe(true)
  })
})

describe('ZvtSession serial transport', () => {
  it('resends after a NAK and succeeds', async () => {
    const {pt, session, progress} = setup('serial')
    pt.nakNext = 1
    const run = session.exchange(ecr.logOff(), {hasCompletion: false})
    await pt.next('06 02')
    await pt.next('06 02')
    await pt.accept80()
    const ex = await run
    expect(ex.sends).toBe(2)
    expect(ex.acked).toBe(true)
    expect(progress).toContainEqual({kind: 'retry', attempt: 2, reason: 'NAK'})
    expect(session.wireLog.entries.filter((e) => e.dir === 'PT->ECR' && e.layer === 'nak')).toHaveLength(1)
  })

  it('sends a frame at most 3 times without ACK, then fails with ZVT_NO_ACK', async () => {
    const {pt, session, clock} = setup('serial')
    pt.autoAck = false
    const run = settleLater(session.exchange(ecr.logOff(), {hasCompletion: false}))
    await pt.next('06 02')
    clock.advance(5000)
    await pt.next('06 02')
    clock.advance(5000)
    await pt.next('06 02')
    clock.advance(4999)
    expect(await pt.idle()).toBe(true)
    clock.advance(1)
    const err = await rejection(run)
    expect(err.code).toBe('ZVT_NO_ACK')
    expect(err.exchange).toMatchObject({sends: 3, acked: false, firstAnswer: undefined, phase: 'sending'})
    expect(pt.received).toHaveLength(3)
    expect(await pt.idle()).toBe(true)
    expect(events(session).filter((s) => s.includes('resending'))).toHaveLength(2)
  })

  it('NAKs a frame with a byte gap over T1 and accepts the repeat', async () => {
    const {pt, session, clock} = setup('serial')
    const run = session.exchange(ecr.logOff(), {hasCompletion: false})
    await pt.next('06 02')
    const frame = pt.wire(ack.positive())
    await pt.sendRaw(frame.subarray(0, 4))
    clock.advance(150) // within T1: still collecting
    await pt.sendRaw(frame.subarray(4, 6))
    clock.advance(201)
    await flush()
    expect(pt.ecrAcks).toEqual(['nak']) // only the NAK so far
    await pt.sendRaw(frame.subarray(6)) // the rest of the broken frame is noise now
    await pt.sendRaw(frame)
    const ex = await run
    expect(ex.firstAnswer?.command).toBe('80 00')
    expect(pt.ecrAcks).toEqual(['nak', 'ack'])
    expect(session.wireLog.entries.some((e) => e.layer === 'nak' && e.summary.includes('T1'))).toBe(true)
  })

  it('NAKs a frame with a bad CRC before processing anything', async () => {
    const {pt, session} = setup('serial')
    const run = session.exchange(ecr.logOff(), {hasCompletion: false})
    await pt.next('06 02')
    const frame = Buffer.from(pt.wire(ack.positive()))
    frame[frame.length - 1]! ^= 0xff
    await pt.sendRaw(frame)
    expect(pt.ecrAcks).toEqual(['nak'])
    await pt.accept80()
    await run
    expect(pt.ecrAcks).toEqual(['nak', 'ack'])
  })

  it('ends the exchange in doubt at the third corrupted send of the same PT frame instead of waiting out T4', async () => {
    const {pt, session, clock} = setup('serial')
    const run = settleLater(session.exchange(ecr.reversal({password: '000000', receiptNumber: 7}), {hasCompletion: true}))
    await pt.next('06 30')
    await pt.accept80()
    const frame = Buffer.from(pt.wire(ptMsg.statusInformation({resultCode: 0, amountCents: 500, receiptNumber: 7})))
    frame[frame.length - 1]! ^= 0xff
    await pt.sendRaw(frame)
    await pt.sendRaw(frame)
    expect(pt.ecrAcks).toEqual(['ack', 'nak', 'nak'])
    let settled = false
    void run.finally(() => (settled = true)).catch(() => undefined)
    await flush()
    expect(settled).toBe(false) // two NAKs: the PT still has a send left
    const t0 = clock.now()
    await pt.sendRaw(frame)
    const err = await rejection(run)
    expect(clock.now() - t0).toBe(0)
    expect(err.code).toBe('ZVT_LINK_LOST')
    expect(err.message).toMatch(/corrupted 3 times/)
    expect(err.exchange.phase).not.toBe('done')
    expect(pt.ecrAcks).toEqual(['ack', 'nak', 'nak', 'nak'])
  })

  it('counts NAKs only in a row: a good frame in between resets the count', async () => {
    const {pt, session} = setup('serial')
    const run = session.exchange(ecr.reversal({password: '000000', receiptNumber: 7}), {hasCompletion: true})
    await pt.next('06 30')
    await pt.accept80()
    const bad = (apdu: Parameters<typeof pt.wire>[0]) => {
      const f = Buffer.from(pt.wire(apdu))
      f[f.length - 1]! ^= 0xff
      return f
    }
    const intermediate = ptMsg.intermediateStatus({status: 0x0e})
    await pt.sendRaw(bad(intermediate))
    await pt.sendRaw(bad(intermediate))
    await pt.master(intermediate)
    const completion = ptMsg.completion({})
    await pt.sendRaw(bad(completion))
    await pt.sendRaw(bad(completion))
    await pt.master(completion)
    const ex = await run
    expect(ex.final?.command).toBe('06 0F')
    expect(pt.ecrAcks.filter((a) => a === 'nak')).toHaveLength(4)
  })

  it('ACKs a repeated frame again but processes it once', async () => {
    const {pt, session, clock} = setup('serial')
    const run = session.exchange(ecr.reversal({password: '000000', receiptNumber: 3}), {hasCompletion: true})
    await pt.next('06 30')
    await pt.accept80()
    const info = ptMsg.statusInformation({resultCode: 0, receiptNumber: 3})
    pt.ignoreNext = 1 // the PT "missed" our ACK, so it does not take our 80 00 00 either
    await pt.send(info)
    await pt.next('80 00')
    await pt.send(info) // PT repeats after its T2
    expect(await pt.idle()).toBe(true) // acknowledged, but no second 80 00 00
    clock.advance(5000) // our T2 for the unacknowledged 80 00 00
    await pt.next('80 00')
    await pt.master(ptMsg.completion({}))
    const ex = await run
    expect(ex.messages.filter((m) => m.command === '04 0F')).toHaveLength(1)
    // 80 00, 04 0F, 04 0F again, 06 0F: four ACKs
    expect(pt.ecrAcks).toEqual(['ack', 'ack', 'ack', 'ack'])
    expect(events(session).some((s) => s.includes('repeated its last frame'))).toBe(true)
  })

  it('processes identical messages twice when the PT took our answer in between', async () => {
    const {pt, session} = setup('serial')
    const run = session.exchange(ecr.printSystemConfiguration(), {hasCompletion: true})
    await pt.next('06 1A')
    await pt.accept80()
    await pt.master(ptMsg.printLine({attribute: 0x00, text: ''}))
    await pt.master(ptMsg.printLine({attribute: 0x00, text: ''}))
    await pt.master(ptMsg.printLine({attribute: 0x81, text: 'x'}))
    await pt.master(ptMsg.completion({}))
    const ex = await run
    expect(ex.receipts).toEqual([{type: 'unknown', lines: ['', '', 'x']}])
  })

  it('fails with ZVT_NO_ACK in doubt when the PT never acknowledges our 80 00 00 to its 04 0F', async () => {
    const {pt, session, clock} = setup('serial')
    const run = settleLater(session.exchange(ecr.reversal({password: '000000', receiptNumber: 3}), {hasCompletion: true}))
    await pt.next('06 30')
    await pt.accept80()
    pt.autoAck = false
    await pt.send(ptMsg.statusInformation({resultCode: 0, receiptNumber: 3}))
    for (let i = 0; i < 3; i++) {
      await pt.next('80 00')
      clock.advance(5000)
    }
    const err = await rejection(run)
    expect(err.code).toBe('ZVT_NO_ACK')
    expect(err.exchange.phase).toBe('await-completion')
    expect(err.exchange.messages.map((m) => m.command)).toEqual(['80 00', '04 0F'])
  })

  it('takes an answer to the command as its acknowledgement when the ACK byte was lost', async () => {
    const {pt, session, clock} = setup('serial')
    pt.ignoreNext = 1
    const run = session.exchange(ecr.logOff(), {hasCompletion: false})
    await pt.next('06 02')
    await pt.accept80()
    const ex = await run
    expect(ex).toMatchObject({sends: 1, acked: true})
    clock.advance(10_000)
    expect(await pt.idle()).toBe(true) // no resend
  })

  it('logs ACK/NAK bytes and masked APDUs in order', async () => {
    const {pt, session} = setup('serial')
    const run = session.exchange(ecr.logOff(), {hasCompletion: false})
    await pt.next('06 02')
    await pt.accept80()
    await run
    expect(session.wireLog.entries.map((e) => `${e.dir} ${e.layer} ${e.hex}`)).toEqual([
      'ECR->PT apdu 06 02 00',
      'PT->ECR ack 06',
      'ECR->PT ack 06',
      'PT->ECR apdu 80 00 00',
    ])
    expect(session.wireLog.entries[0]!.ts).toBe(new Date(START).toISOString())
  })
})

describe('ZvtSession TCP transport', () => {
  it('reassembles an APDU split across reads and two APDUs in one read', async () => {
    const {pt, session} = setup('tcp')
    const run = session.exchange(ecr.diagnosis(), {hasCompletion: true})
    await pt.next('06 70')
    const both = Buffer.concat([pt.wire(ack.positive()), pt.wire(ptMsg.intermediateStatus({status: 0x0e}))])
    await pt.sendRaw(both, {splitAt: [1, 5], flushBetween: true})
    await pt.next('80 00')
    const tlvInfo = ptMsg.statusInformation({resultCode: 0, tlv: [tlvConstructed('2D', [tlvPrimitive('1C', Buffer.alloc(300, 0x41))])]})
    const bytes = pt.wire(tlvInfo)
    expect(bytes[2]).toBe(0xff) // extended length
    await pt.sendRaw(bytes, {splitAt: [2, 3, 200], flushBetween: true})
    await pt.next('80 00')
    await pt.master(ptMsg.completion({}))
    const ex = await run
    expect(ex.messages.map((m) => m.command)).toEqual(['80 00', '04 FF', '04 0F', '06 0F'])
  })
})
