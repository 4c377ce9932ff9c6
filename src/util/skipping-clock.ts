/**
 * Virtual time that never waits: the FakeClock, advanced by itself to the next due timer on the
 * next turn of the event loop. For runs where every party reads the same clock (the in-process QR
 * simulator and its client, `--demo`, tests): a 45 s platform window passes in milliseconds.
 */
import {FakeClock, type TimerHandle} from './clock.js'

export class SkippingClock extends FakeClock {
  /** due time of every pending timer (FakeClock keeps its own privately) */
  private readonly dues = new Map<number, number>()
  private scheduled = false

  constructor(start: number = Date.now()) {
    super(start)
  }

  override setTimeout(fn: () => void, ms: number): TimerHandle {
    let id = 0
    const handle = super.setTimeout(() => {
      this.dues.delete(id)
      fn()
    }, ms)
    id = handle.id
    this.dues.set(id, this.now() + Math.max(0, ms))
    this.pump()
    return handle
  }

  override clearTimeout(handle: TimerHandle): void {
    this.dues.delete(handle.id)
    super.clearTimeout(handle)
  }

  private pump(): void {
    if (this.scheduled) return
    this.scheduled = true
    setImmediate(() => {
      this.scheduled = false
      if (this.dues.size === 0) return
      this.advance(Math.max(0, Math.min(...this.dues.values()) - this.now()))
      if (this.dues.size > 0) this.pump()
    })
  }
}
