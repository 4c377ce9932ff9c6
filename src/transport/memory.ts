import {LinkError} from './errors.js'
import type {Link} from './link.js'
import {LinkListeners} from './listeners.js'

/**
 * Two connected in-memory links for unit tests and --demo. Delivery is asynchronous
 * (queueMicrotask) so callers see the same re-entrancy as with real sockets. Closing one side
 * closes the other with LINK_DISCONNECTED, as a TCP peer would see it.
 */
export function createMemoryLinkPair(kind: 'serial' | 'tcp' | 'memory' = 'memory'): [Link, Link] {
  const a = new LinkListeners()
  const b = new LinkListeners()

  const make = (self: LinkListeners, peer: LinkListeners, name: string): Link => ({
    kind,
    description: `memory ${name}`,
    get isOpen() {
      return !self.closed
    },
    write(bytes: Uint8Array) {
      if (self.closed) {
        const cause = self.closeError
        return Promise.reject(
          cause instanceof LinkError ? new LinkError(cause.code, name, `link is closed: ${cause.message}`, cause) : new LinkError('LINK_CLOSED', name, 'link is closed'),
        )
      }
      const copy = Buffer.from(bytes)
      queueMicrotask(() => peer.emitData(copy))
      return Promise.resolve()
    },
    onData: self.onData,
    onClose: self.onClose,
    close() {
      if (!self.markClosed()) return Promise.resolve()
      self.notifyClosed()
      queueMicrotask(() => {
        if (peer.markClosed(new LinkError('LINK_DISCONNECTED', name, `${name}: peer closed the link`))) peer.notifyClosed()
      })
      return Promise.resolve()
    },
  })

  return [make(a, b, 'ecr'), make(b, a, 'pt')]
}
