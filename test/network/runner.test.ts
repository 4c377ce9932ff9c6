import {describe, expect, it} from 'vitest'

import {Deadline, runLayer, waitOrAbort, type CheckBody, type LayerSpec} from '../../src/network/runner.js'
import {FakeClock} from '../../src/util/clock.js'

const spec = (clock: FakeClock, budgetMs: number, deadline?: Deadline): LayerSpec => ({
  id: 'network.tls',
  title: 'TLS h:1',
  layer: 'tls',
  host: 'h:1',
  clock,
  budgetMs,
  ...(deadline ? {deadline} : {}),
  onTimeout: (ms): CheckBody => ({status: 'fail', summary: `hung ${ms}`, evidence: {host: 'h:1'}}),
  onNoTime: (): CheckBody => ({status: 'skip', summary: 'no time', evidence: {}}),
  crashRemedy: 'report it',
})

/** Let pending promise callbacks run (no timers involved). */
const settle = () => new Promise((r) => setImmediate(r))

describe('runLayer', () => {
  it('cuts off a check that never finishes at its budget, aborts its signal and marks the deadline hit', async () => {
    const clock = new FakeClock(1000)
    const deadline = new Deadline(clock, 2000)
    let signal: AbortSignal | undefined
    const p = runLayer(spec(clock, 500, deadline), (ctx) => {
      signal = ctx.signal
      return new Promise(() => undefined)
    })
    await settle()
    clock.advance(499)
    await settle()
    expect(signal?.aborted).toBe(false)
    clock.advance(1)
    const r = await p
    expect(r.check).toMatchObject({id: 'network.tls', status: 'fail', summary: 'hung 500', durationMs: 500})
    expect(r.check.evidence).toMatchObject({timedOut: true, budgetMs: 500, host: 'h:1'})
    expect(r.timedOut).toBe(true)
    expect(signal?.aborted).toBe(true)
    expect(deadline.hit).toBe(true)
    expect(deadline.remaining()).toBe(1500)
  })

  it('turns a crash into an error result instead of throwing', async () => {
    const clock = new FakeClock()
    const r = await runLayer(spec(clock, 500), () => Promise.reject(Object.assign(new Error('boom'), {code: 'EBOOM'})))
    expect(r.check).toMatchObject({status: 'error', summary: 'boom', evidence: {error: 'EBOOM'}, remedy: 'report it'})
    expect(r.fact).toBeUndefined()
    expect(clock.pendingTimers()).toBe(0)
  })

  it('passes the result and fact through and clears its timer', async () => {
    const clock = new FakeClock()
    const r = await runLayer<{n: number}>(spec(clock, 500), async () => ({body: {status: 'pass', summary: 'ok', evidence: {}}, fact: {n: 1}}))
    expect(r.check.status).toBe('pass')
    expect(r.fact).toEqual({n: 1})
    expect(clock.pendingTimers()).toBe(0)
  })

  it('skips a check when no time is left, without calling it', async () => {
    const clock = new FakeClock()
    const deadline = new Deadline(clock, 100)
    clock.advance(150)
    let called = false
    const r = await runLayer(spec(clock, deadline.remaining(), deadline), async () => {
      called = true
      return {body: {status: 'pass', summary: '', evidence: {}}}
    })
    expect(called).toBe(false)
    expect(r.check).toMatchObject({status: 'skip', summary: 'no time', evidence: {deadline: true}})
    expect(deadline.hit).toBe(true)
  })

  it('a check reporting its own timeout counts as timed out', async () => {
    const clock = new FakeClock()
    const deadline = new Deadline(clock, 1000)
    const r = await runLayer(spec(clock, 500, deadline), async () => ({body: {status: 'fail', summary: 'x', evidence: {timedOut: true}}}))
    expect(r.timedOut).toBe(true)
    expect(deadline.hit).toBe(true)
  })
})

describe('waitOrAbort', () => {
  it('resolves at the time or at once on abort, leaving no timer behind', async () => {
    const clock = new FakeClock()
    const c = new AbortController()
    let done = false
    const p = waitOrAbort(clock, 1000, c.signal).then(() => (done = true))
    clock.advance(999)
    await settle()
    expect(done).toBe(false)
    c.abort()
    await p
    expect(clock.pendingTimers()).toBe(0)
  })
})
