/** Time source for everything that waits: sessions, retries, simulator pacing. Tests inject FakeClock. */
export interface Clock {
  now(): number
  setTimeout(fn: () => void, ms: number): TimerHandle
  clearTimeout(handle: TimerHandle): void
}

export interface TimerHandle {
  readonly id: number
}

let nextId = 1

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout(fn, ms) {
    const t = setTimeout(fn, ms)
    return Object.assign({id: nextId++}, {t}) as TimerHandle
  },
  clearTimeout(handle) {
    const t = (handle as unknown as {t?: ReturnType<typeof setTimeout>}).t
    if (t) clearTimeout(t)
  },
}

/** Deterministic clock: timers fire only when advance() passes their due time. */
export class FakeClock implements Clock {
  private current: number
  private timers = new Map<number, {due: number; fn: () => void}>()

  constructor(start = 0) {
    this.current = start
  }

  now(): number {
    return this.current
  }

  setTimeout(fn: () => void, ms: number): TimerHandle {
    const id = nextId++
    this.timers.set(id, {due: this.current + Math.max(0, ms), fn})
    return {id}
  }

  clearTimeout(handle: TimerHandle): void {
    this.timers.delete(handle.id)
  }

  /** Move time forward, firing due timers in order (timers set by fired timers also fire if due). */
  advance(ms: number): void {
    const target = this.current + ms
    for (;;) {
      let nextIdDue: number | undefined
      let nextDue = Infinity
      for (const [id, t] of this.timers) {
        if (t.due <= target && t.due < nextDue) {
          nextDue = t.due
          nextIdDue = id
        }
      }
      if (nextIdDue === undefined) break
      const timer = this.timers.get(nextIdDue)!
      this.timers.delete(nextIdDue)
      this.current = timer.due
      timer.fn()
    }
    this.current = target
  }

  pendingTimers(): number {
    return this.timers.size
  }
}

export function sleep(clock: Clock, ms: number): Promise<void> {
  return new Promise((resolve) => clock.setTimeout(resolve, ms))
}
