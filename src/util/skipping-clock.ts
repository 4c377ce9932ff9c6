/**
 * Virtual time that never waits: a timer fires on the next turn of the event loop with now()
 * moved to its due time. For runs where every party reads the same clock (the in-process QR
 * simulator and its client, `--demo`, tests): a 45 s platform window passes in milliseconds.
 */
import type {Clock, TimerHandle} from './clock.js'

let nextId = 1

export class SkippingClock implements Clock {
  private current: number
  private readonly timers = new Map<number, {due: number; fn: () => void}>()
  private scheduled = false

  constructor(start: number = Date.now()) {
    this.current = start
  }

  now(): number {
    return this.current
  }

  setTimeout(fn: () => void, ms: number): TimerHandle {
    const id = nextId++
    this.timers.set(id, {due: this.current + Math.max(0, ms), fn})
    this.pump()
    return {id}
  }

  clearTimeout(handle: TimerHandle): void {
    this.timers.delete(handle.id)
  }

  private pump(): void {
    if (this.scheduled) return
    this.scheduled = true
    setImmediate(() => {
      this.scheduled = false
      let first: [number, {due: number; fn: () => void}] | undefined
      for (const entry of this.timers) if (!first || entry[1].due < first[1].due) first = entry
      if (!first) return
      this.timers.delete(first[0])
      this.current = Math.max(this.current, first[1].due)
      first[1].fn()
      if (this.timers.size > 0) this.pump()
    })
  }
}
