import type {Link} from './link.js'

/**
 * Listener bookkeeping shared by the socket and serial links: fan-out of data chunks and a
 * close notification that fires exactly once. A close listener added after the link has
 * closed is still called (on a microtask), so a port that vanished between open() and
 * subscribing is never missed.
 */
export class LinkListeners {
  private readonly data = new Set<(chunk: Buffer) => void>()
  private readonly close = new Set<(err?: Error) => void>()
  private closedWith: {err: Error | undefined} | undefined

  get closed(): boolean {
    return this.closedWith !== undefined
  }

  /** the failure the link closed with (undefined after a normal close or while open) */
  get closeError(): Error | undefined {
    return this.closedWith?.err
  }

  onData: Link['onData'] = (listener) => {
    // wrap so that subscribing the same function twice gives two independent subscriptions
    const entry = (chunk: Buffer) => listener(chunk)
    this.data.add(entry)
    return () => {
      this.data.delete(entry)
    }
  }

  onClose: Link['onClose'] = (listener) => {
    if (this.closedWith) {
      const {err} = this.closedWith
      let active = true
      queueMicrotask(() => {
        if (active) listener(err)
      })
      return () => {
        active = false
      }
    }
    const entry = (err?: Error) => listener(err)
    this.close.add(entry)
    return () => {
      this.close.delete(entry)
    }
  }

  emitData(chunk: Buffer): void {
    if (this.closedWith) return
    for (const l of [...this.data]) l(chunk)
  }

  /** Marks the link closed; returns false if it already was. */
  markClosed(err?: Error): boolean {
    if (this.closedWith) return false
    this.closedWith = {err}
    return true
  }

  /** Calls (once) every close listener registered so far, then forgets all listeners. */
  notifyClosed(): void {
    const err = this.closedWith?.err
    const listeners = [...this.close]
    this.close.clear()
    this.data.clear()
    for (const l of listeners) l(err)
  }
}
