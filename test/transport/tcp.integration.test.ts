import net from 'node:net'

import {describe, expect, it} from 'vitest'

import {LinkError} from '../../src/transport/errors.js'
import type {Link} from '../../src/transport/link.js'
import {listenTcp, mapConnectError, openTcpLink} from '../../src/transport/tcp.js'
import {collect, describeLinkContract, nextClose, type LinkPair} from './link-contract.js'

// Everything here talks to 127.0.0.1 or ::1 only.

async function tcpPair(host: string): Promise<LinkPair> {
  let accepted: (l: Link) => void = () => {}
  const gotB = new Promise<Link>((r) => (accepted = r))
  const server = await listenTcp({host, port: 0}, (l) => accepted(l))
  const a = await openTcpLink({host: server.host, port: server.port})
  const b = await gotB
  return {
    a,
    b,
    async cleanup() {
      await a.close()
      await server.close()
    },
  }
}

const hasIpv6Loopback = await new Promise<boolean>((resolve) => {
  const s = net.createServer()
  s.once('error', () => resolve(false))
  s.listen(0, '::1', () => s.close(() => resolve(true)))
})

describeLinkContract('tcp 127.0.0.1', () => tcpPair('127.0.0.1'), {kind: 'tcp', peerClose: {code: 'LINK_DISCONNECTED'}})

describe.skipIf(!hasIpv6Loopback)('tcp over ::1', () => {
  it('connects to an IPv6 literal and describes it with brackets', async () => {
    const pair = await tcpPair('::1')
    try {
      expect(pair.a.description).toMatch(/^tcp \[::1\]:\d+$/)
      const got = collect(pair.b, 3)
      await pair.a.write(Uint8Array.of(6, 0, 0))
      expect([...(await got)]).toEqual([6, 0, 0])
    } finally {
      await pair.cleanup()
    }
  })
})

/** a port on 127.0.0.1 that was just free (bound, then released) */
async function closedPort(): Promise<number> {
  const s = net.createServer()
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r))
  const {port} = s.address() as net.AddressInfo
  await new Promise<void>((r) => s.close(() => r()))
  return port
}

async function codeOf(p: Promise<unknown>): Promise<string> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(err).toBeInstanceOf(LinkError)
  return (err as LinkError).code
}

describe('tcp failures', () => {
  it('connection refused -> LINK_CONNECTION_REFUSED', async () => {
    const port = await closedPort()
    expect(await codeOf(openTcpLink({host: '127.0.0.1', port, connectTimeoutMs: 2000}))).toBe('LINK_CONNECTION_REFUSED')
  })

  it.skipIf(!hasIpv6Loopback)('connection refused on ::1 -> LINK_CONNECTION_REFUSED', async () => {
    const port = await closedPort()
    expect(await codeOf(openTcpLink({host: '::1', port, connectTimeoutMs: 2000}))).toBe('LINK_CONNECTION_REFUSED')
  })

  // There is no reliable way to make a loopback connect hang (the kernel answers at once), so a
  // socket that never connects is injected through the `connect` seam.
  it('connect timeout -> LINK_CONNECT_TIMEOUT, and the socket is destroyed', async () => {
    let fake: net.Socket | undefined
    const t0 = Date.now()
    const code = await codeOf(
      openTcpLink({
        host: '127.0.0.1',
        port: 20007,
        connectTimeoutMs: 100,
        connect: () => (fake = new net.Socket()),
      }),
    )
    expect(code).toBe('LINK_CONNECT_TIMEOUT')
    expect(Date.now() - t0).toBeLessThan(2000)
    expect(fake?.destroyed).toBe(true)
  })

  it('unknown host -> LINK_HOST_NOT_FOUND (lookup stubbed, no DNS traffic)', async () => {
    const lookup = ((_host: string, _opts: unknown, cb: (err: Error | null, address?: string, family?: number) => void) => {
      cb(Object.assign(new Error('getaddrinfo ENOTFOUND pt.invalid'), {code: 'ENOTFOUND'}))
    }) as unknown as net.LookupFunction
    const code = await codeOf(
      openTcpLink({host: 'pt.invalid', port: 20007, connectTimeoutMs: 2000, connect: (o) => net.connect({...o, lookup})}),
    )
    expect(code).toBe('LINK_HOST_NOT_FOUND')
  })

  it('maps connect errors by errno code', () => {
    const cases: Array<[string, string]> = [
      ['ECONNREFUSED', 'LINK_CONNECTION_REFUSED'],
      ['ETIMEDOUT', 'LINK_CONNECT_TIMEOUT'],
      ['EHOSTUNREACH', 'LINK_HOST_UNREACHABLE'],
      ['ENETUNREACH', 'LINK_HOST_UNREACHABLE'],
      ['ENOTFOUND', 'LINK_HOST_NOT_FOUND'],
      ['EAI_AGAIN', 'LINK_HOST_NOT_FOUND'],
      ['EWHATEVER', 'LINK_IO'],
    ]
    for (const [errno, code] of cases) {
      const e = mapConnectError(Object.assign(new Error(errno), {code: errno}), '10.0.0.1:20007')
      expect(e.code, errno).toBe(code)
      expect(e.target).toBe('10.0.0.1:20007')
      expect(e.message).not.toMatch(/\n/)
    }
    // happy-eyeballs connects fail with an AggregateError whose members carry the code
    const agg = Object.assign(new AggregateError([Object.assign(new Error('x'), {code: 'EHOSTUNREACH'})], 'all failed'))
    expect(mapConnectError(agg, 'pt:20007').code).toBe('LINK_HOST_UNREACHABLE')
  })

  it('peer closes -> onClose(LINK_DISCONNECTED), then write rejects with LINK_DISCONNECTED', async () => {
    const server = net.createServer((s) => s.end())
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
    try {
      const link = await openTcpLink({host: '127.0.0.1', port: (server.address() as net.AddressInfo).port})
      const err = await nextClose(link)
      expect(err).toBeInstanceOf(LinkError)
      expect((err as LinkError).code).toBe('LINK_DISCONNECTED')
      expect(link.isOpen).toBe(false)
      expect(await codeOf(link.write(Uint8Array.of(1)))).toBe('LINK_DISCONNECTED')
    } finally {
      await new Promise<void>((r) => server.close(() => r()))
    }
  })

  it('peer resets (RST) -> onClose(LINK_DISCONNECTED) mentioning the reset', async () => {
    // reset only once the client is surely connected (a reset racing the handshake fails open() instead)
    const server = net.createServer((s) => s.once('data', () => s.resetAndDestroy()))
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
    try {
      const link = await openTcpLink({host: '127.0.0.1', port: (server.address() as net.AddressInfo).port})
      const closed = nextClose(link)
      await link.write(Uint8Array.of(0x06, 0x00, 0x00))
      const err = (await closed) as LinkError
      expect(err.code).toBe('LINK_DISCONNECTED')
      expect(err.message).toMatch(/reset/)
    } finally {
      await new Promise<void>((r) => server.close(() => r()))
    }
  })

  it('writing into a connection the peer has torn down rejects with LINK_DISCONNECTED', async () => {
    // the peer is gone but we have not read its FIN/RST yet: the write itself must fail
    let peer: net.Socket | undefined
    const server = net.createServer((s) => (peer = s))
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
    try {
      const link = await openTcpLink({host: '127.0.0.1', port: (server.address() as net.AddressInfo).port})
      await expect.poll(() => peer).toBeDefined()
      peer!.resetAndDestroy()
      const closed = nextClose(link)
      let failure: unknown
      for (let i = 0; i < 50 && failure === undefined; i++) {
        failure = await link.write(new Uint8Array(1024)).then(
          () => undefined,
          (e: unknown) => e,
        )
      }
      expect(failure).toBeInstanceOf(LinkError)
      expect((failure as LinkError).code).toBe('LINK_DISCONNECTED')
      expect(((await closed) as LinkError).code).toBe('LINK_DISCONNECTED')
    } finally {
      await new Promise<void>((r) => server.close(() => r()))
    }
  })

  it('listenTcp on a port in use -> LINK_ADDRESS_IN_USE', async () => {
    const first = await listenTcp({port: 0}, () => {})
    try {
      expect(await codeOf(listenTcp({host: first.host, port: first.port}, () => {}))).toBe('LINK_ADDRESS_IN_USE')
    } finally {
      await first.close()
    }
  })

  it('listener close() also closes accepted links', async () => {
    let accepted: Link | undefined
    const server = await listenTcp({}, (l) => (accepted = l))
    const link = await openTcpLink({host: server.host, port: server.port})
    await expect.poll(() => accepted).toBeDefined()
    const clientClosed = nextClose(link)
    await server.close()
    expect(accepted!.isOpen).toBe(false)
    expect(((await clientClosed) as LinkError).code).toBe('LINK_DISCONNECTED')
  })
})
