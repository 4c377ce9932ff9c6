import {LinkError} from './errors.js'
import type {Link} from './link.js'

type Side = {
  dataListeners: Set<(chunk: Buffer) => void>
  closeListeners: Set<(err?: Error) => void>
  open: boolean
}

/**
 * Two connected in-memory links for unit tests and --demo. Delivery is asynchronous
 * (queueMicrotask) so callers see the same re-entrancy as with real sockets.
 */
export function createMemoryLinkPair(kind: 'serial' | 'tcp' | 'memory' = 'memory'): [Link, Link] {
  const a: Side = {dataListeners: new Set(), closeListeners: new Set(), open: true}
  const b: Side = {dataListeners: new Set(), closeListeners: new Set(), open: true}

  const closeBoth = (err?: Error) => {
    for (const side of [a, b]) {
      if (!side.open) continue
      side.open = false
      for (const l of [...side.closeListeners]) l(err)
    }
  }

  const make = (self: Side, peer: Side, name: string): Link => ({
    kind,
    description: `memory ${name}`,
    get isOpen() {
      return self.open
    },
    write(bytes: Uint8Array) {
      if (!self.open) return Promise.reject(new LinkError('LINK_CLOSED', name, 'link is closed'))
      const copy = Buffer.from(bytes)
      queueMicrotask(() => {
        if (!peer.open) return
        for (const l of [...peer.dataListeners]) l(copy)
      })
      return Promise.resolve()
    },
    onData(listener) {
      self.dataListeners.add(listener)
      return () => self.dataListeners.delete(listener)
    },
    onClose(listener) {
      self.closeListeners.add(listener)
      return () => self.closeListeners.delete(listener)
    },
    close() {
      queueMicrotask(() => closeBoth())
      self.open = false
      for (const l of [...self.closeListeners]) l()
      return Promise.resolve()
    },
  })

  return [make(a, b, 'ecr'), make(b, a, 'pt')]
}
