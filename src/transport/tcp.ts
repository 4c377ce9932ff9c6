import net from 'node:net'

import {LinkError, errnoCode} from './errors.js'
import type {Link, LinkErrorCode} from './link.js'
import {LinkListeners} from './listeners.js'

/** ZVT over TCP/IP: the ECR connects to the PT on this port unless configured otherwise [SPEC16 §2.2]. */
export const ZVT_TCP_PORT = 20007

export interface TcpLinkOptions {
  host: string
  port: number
  /** give up connecting after this long (LINK_CONNECT_TIMEOUT) */
  connectTimeoutMs?: number
  /** idle time before the first TCP keepalive probe */
  keepAliveMs?: number
  /**
   * Test seam: replaces `net.connect`. Used to simulate a connect that never completes and a
   * failing DNS lookup without touching the network.
   */
  connect?: (opts: net.TcpNetConnectOpts) => net.Socket
}

/** "127.0.0.1:20007", "[::1]:20007", "pt.example:20007" */
export function formatHostPort(host: string, port: number): string {
  return net.isIPv6(host) ? `[${host}]:${port}` : `${host}:${port}`
}

const HOSTNAME = /^(?=.{1,253}\.?$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\.?$/

/**
 * Parses a terminal address as typed by a user: `host`, `host:port`, `[v6]:port`, `[v6]` or a bare
 * IPv6 literal (`::1`, which then uses the default port). Throws LinkError LINK_BAD_ADDRESS.
 */
export function parseHostPort(text: string, defaultPort: number = ZVT_TCP_PORT): {host: string; port: number} {
  const input = text.trim()
  function bad(why: string): never {
    throw new LinkError('LINK_BAD_ADDRESS', text, `invalid address "${text}": ${why}`)
  }
  if (input === '') bad('empty')

  let host: string
  let portText: string | undefined
  if (input.startsWith('[')) {
    const m = /^\[([^\]]*)\](?::(.*))?$/.exec(input)
    if (!m) bad('expected [IPv6] or [IPv6]:port')
    host = m[1] ?? ''
    portText = m[2]
    if (!net.isIPv6(host)) bad(`"${host}" is not an IPv6 address`)
  } else if (input.indexOf(':') !== input.lastIndexOf(':')) {
    // two or more colons and no brackets: only a bare IPv6 literal makes sense
    if (!net.isIPv6(input)) bad('an IPv6 address with a port must be written as [address]:port')
    host = input
  } else {
    const colon = input.indexOf(':')
    host = colon === -1 ? input : input.slice(0, colon)
    portText = colon === -1 ? undefined : input.slice(colon + 1)
    if (host === '') bad('host is missing')
    if (/^[\d.]+$/.test(host)) {
      if (!net.isIPv4(host)) bad(`"${host}" is not an IPv4 address`)
    } else if (!HOSTNAME.test(host)) {
      bad(`"${host}" is not a valid host name`)
    }
  }

  let port = defaultPort
  if (portText !== undefined) {
    if (!/^\d{1,5}$/.test(portText)) bad('port must be a number from 1 to 65535')
    port = Number(portText)
  }
  if (!Number.isInteger(port) || port < 1 || port > 65535) bad('port must be a number from 1 to 65535')
  return {host, port}
}

/** Maps a connect-phase socket error to a LinkError. Exported for tests. */
export function mapConnectError(err: unknown, target: string): LinkError {
  const code = errnoCode(err)
  const table: Record<string, [LinkErrorCode, string]> = {
    ECONNREFUSED: ['LINK_CONNECTION_REFUSED', 'connection refused (nothing listens on that port)'],
    ETIMEDOUT: ['LINK_CONNECT_TIMEOUT', 'connect timed out'],
    EHOSTUNREACH: ['LINK_HOST_UNREACHABLE', 'host unreachable'],
    ENETUNREACH: ['LINK_HOST_UNREACHABLE', 'network unreachable'],
    EHOSTDOWN: ['LINK_HOST_UNREACHABLE', 'host is down'],
    ENOTFOUND: ['LINK_HOST_NOT_FOUND', 'host name not found'],
    EAI_AGAIN: ['LINK_HOST_NOT_FOUND', 'host name lookup failed (DNS not reachable)'],
    EAI_NONAME: ['LINK_HOST_NOT_FOUND', 'host name not found'],
    EADDRNOTAVAIL: ['LINK_HOST_UNREACHABLE', 'address not available'],
    ECONNRESET: ['LINK_DISCONNECTED', 'connection reset while connecting'],
  }
  const hit = code ? table[code] : undefined
  if (hit) return new LinkError(hit[0], target, `${target}: ${hit[1]}`, err)
  const msg = err instanceof Error ? err.message : String(err)
  return new LinkError('LINK_IO', target, `${target}: ${msg}`, err)
}

/** Maps an error on an established connection; every one of them means the peer is gone. */
function mapSocketError(err: Error | undefined, target: string): LinkError {
  const code = errnoCode(err)
  const why =
    code === 'ECONNRESET' ? 'connection reset by peer'
    : code === 'EPIPE' ? 'connection broken (peer gone)'
    : code === 'ETIMEDOUT' ? 'peer stopped answering (keepalive/retransmission timeout)'
    : err ? `connection lost: ${err.message}`
    : 'peer closed the connection'
  return new LinkError('LINK_DISCONNECTED', target, `${target}: ${why}`, err)
}

/** How long close() lets queued bytes flush before it destroys the socket. */
const CLOSE_GRACE_MS = 2000

/** Wraps a connected socket (ours or an accepted one) as a Link. */
function socketLink(socket: net.Socket, target: string, description: string): Link {
  const listeners = new LinkListeners()
  let lastError: Error | undefined
  let closing: Promise<void> | undefined

  socket.on('data', (chunk: Buffer) => listeners.emitData(chunk))
  socket.on('error', (err) => {
    lastError = err
  })
  socket.on('close', () => {
    // a close we did not ask for is a failure: FIN from the peer, RST, or a dead connection
    listeners.markClosed(mapSocketError(lastError, target))
    listeners.notifyClosed()
  })

  const closedError = (): LinkError => {
    const err = listeners.closeError
    if (err instanceof LinkError) return new LinkError(err.code, target, `link is closed: ${err.message}`, err)
    return new LinkError('LINK_CLOSED', target, `${target}: link is closed`)
  }

  return {
    kind: 'tcp',
    description,
    get isOpen() {
      return !listeners.closed
    },
    write(bytes) {
      if (listeners.closed || socket.destroyed) return Promise.reject(closedError())
      return new Promise<void>((resolve, reject) => {
        socket.write(Buffer.from(bytes), (err) => {
          if (!err) resolve()
          else if (listeners.closed && !listeners.closeError) reject(closedError())
          else reject(mapSocketError(err, target))
        })
      })
    },
    onData: listeners.onData,
    onClose: listeners.onClose,
    close() {
      if (closing) return closing
      if (listeners.closed) return Promise.resolve()
      listeners.markClosed()
      closing = new Promise<void>((resolve) => {
        const grace = setTimeout(() => socket.destroy(), CLOSE_GRACE_MS)
        grace.unref()
        socket.once('close', () => {
          clearTimeout(grace)
          listeners.notifyClosed()
          resolve()
        })
        // FIN after queued writes are flushed, then release the fd without waiting for the peer
        socket.once('finish', () => socket.destroy())
        socket.end()
      })
      return closing
    },
  }
}

/** Connects to a terminal over TCP. Rejects with LinkError (refused, timeout, unreachable, not found). */
export function openTcpLink(opts: TcpLinkOptions): Promise<Link> {
  const {host, port, connectTimeoutMs = 5000, keepAliveMs = 5000} = opts
  const target = formatHostPort(host, port)
  const connect = opts.connect ?? ((o: net.TcpNetConnectOpts) => net.connect(o))

  return new Promise<Link>((resolve, reject) => {
    let socket: net.Socket
    try {
      socket = connect({host, port})
    } catch (err) {
      reject(mapConnectError(err, target))
      return
    }
    const fail = () => {
      cleanup()
      socket.on('error', () => {}) // late errors of an abandoned socket must not crash the process
      socket.destroy()
    }
    const timer = setTimeout(() => {
      fail()
      reject(new LinkError('LINK_CONNECT_TIMEOUT', target, `${target}: no connection after ${connectTimeoutMs} ms`))
    }, connectTimeoutMs)
    const onError = (err: Error) => {
      fail()
      reject(mapConnectError(err, target))
    }
    const onConnect = () => {
      cleanup()
      socket.setNoDelay(true)
      socket.setKeepAlive(true, keepAliveMs)
      resolve(socketLink(socket, target, `tcp ${target}`))
    }
    function cleanup() {
      clearTimeout(timer)
      socket.off('error', onError)
      socket.off('connect', onConnect)
    }
    socket.once('error', onError)
    socket.once('connect', onConnect)
  })
}

export interface TcpListener {
  host: string
  port: number
  /** Stops listening and closes every link accepted so far. */
  close(): Promise<void>
}

/**
 * Listens for connections (the simulator's side: it plays the terminal). Each accepted socket
 * becomes a Link handed to onLink. Rejects with LinkError if the address cannot be bound.
 */
export function listenTcp(opts: {host?: string; port?: number; keepAliveMs?: number}, onLink: (link: Link) => void): Promise<TcpListener> {
  const {host = '127.0.0.1', port = 0, keepAliveMs = 5000} = opts
  const target = formatHostPort(host, port)
  const links = new Set<Link>()
  const server = net.createServer((socket) => {
    socket.setNoDelay(true)
    socket.setKeepAlive(true, keepAliveMs)
    const peer = formatHostPort(socket.remoteAddress ?? '?', socket.remotePort ?? 0)
    const link = socketLink(socket, peer, `tcp ${peer} (accepted)`)
    links.add(link)
    link.onClose(() => links.delete(link))
    onLink(link)
  })

  return new Promise<TcpListener>((resolve, reject) => {
    server.once('error', (err) => {
      const code = errnoCode(err)
      if (code === 'EADDRINUSE') reject(new LinkError('LINK_ADDRESS_IN_USE', target, `${target}: address already in use`, err))
      else if (code === 'EACCES') reject(new LinkError('LINK_PERMISSION_DENIED', target, `${target}: not allowed to listen here`, err))
      else if (code === 'EADDRNOTAVAIL') reject(new LinkError('LINK_BAD_ADDRESS', target, `${target}: not a local address`, err))
      else reject(mapConnectError(err, target))
    })
    server.listen({host, port}, () => {
      const addr = server.address() as net.AddressInfo
      resolve({
        host: addr.address,
        port: addr.port,
        async close() {
          const stopped = new Promise<void>((res) => server.close(() => res()))
          await Promise.all([...links].map((l) => l.close()))
          await stopped
        },
      })
    })
  })
}
