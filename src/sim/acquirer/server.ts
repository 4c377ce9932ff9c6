/**
 * The simulated acquirer host on loopback: TCP listeners on 127.0.0.1 (and ::1 when the machine
 * has it) that hand every accepted connection to AcquirerHost, which decides per scenario
 * whether it gets a TLS handshake (with the simulator's own certificates), a delay, silence or
 * a reset. The application protocol is an echo.
 */
import {writeFileSync} from 'node:fs'
import net from 'node:net'
import tls from 'node:tls'

import {LinkError} from '../../transport/errors.js'
import {systemClock, type Clock} from '../../util/clock.js'
import {ACQUIRER_HOSTNAME, generateAcquirerCertificates} from './certs.js'
import {AcquirerHost, type AcquirerEvent} from './host.js'
import {certificateProfile, type AcquirerScenario, type AcquirerScenarioOptions} from './scenarios.js'

export interface StartAcquirerOptions {
  /** TCP port on loopback; 0 (default) = any free port */
  port?: number
  scenario?: AcquirerScenario
  options?: AcquirerScenarioOptions
  clock?: Clock
  /** also write the CA certificate (PEM) to this file, for `posdoc network check --ca FILE` */
  caFile?: string
  onEvent?: (e: AcquirerEvent) => void
}

/** Where a client reaches the host, and what it needs to verify it. */
export interface AcquirerEndpoint {
  host: string
  port: number
  /** the CA certificate (PEM) that signed the host's certificate */
  ca: string
  /** the name to verify the certificate against (SNI) */
  servername: string
}

export interface RunningAcquirer {
  scenario: AcquirerScenario
  /** how this PC reaches the host */
  endpoint: AcquirerEndpoint
  /**
   * How the simulated terminal reaches the host: the same endpoint, except in
   * host-down-terminal-only, where it is a path that resets every connection.
   */
  terminalEndpoint: AcquirerEndpoint
  /** loopback addresses actually listening (empty for refuse) */
  listening: string[]
  caFile?: string
  certificate: {names: string[]; notBefore: string; notAfter: string}
  core: AcquirerHost
  close(): Promise<void>
}

export async function startAcquirerSim(opts: StartAcquirerOptions = {}): Promise<RunningAcquirer> {
  const clock = opts.clock ?? systemClock
  const scenario = opts.scenario ?? 'healthy'
  const certs = await generateAcquirerCertificates({profile: certificateProfile(scenario), now: clock.now()})
  if (opts.caFile) writeFileSync(opts.caFile, certs.caCert)
  const core = new AcquirerHost({scenario, options: opts.options, clock})
  if (opts.onEvent) core.onEvent(opts.onEvent)
  const secureContext = tls.createSecureContext({key: certs.key, cert: certs.cert})

  const servers: net.Server[] = []
  const sockets = new Set<net.Socket>()
  const serve = (path: 'main' | 'terminal') => (socket: net.Socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
    socket.on('error', () => undefined)
    core.accept({
      path,
      reset: () => socket.resetAndDestroy(),
      startTls: () => {
        if (socket.destroyed) return
        // the socket was accepted paused, so the ClientHello still waits in the kernel for us
        const secure = new tls.TLSSocket(socket, {isServer: true, secureContext})
        sockets.add(secure)
        secure.on('close', () => sockets.delete(secure))
        secure.on('error', () => secure.destroy())
        secure.on('data', (chunk: Buffer) => secure.write(core.answer(chunk)))
      },
    })
  }
  const close = async () => {
    core.close()
    for (const s of sockets) s.destroy()
    await Promise.all(servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))))
  }

  let port = opts.port ?? 0
  const listening: string[] = []
  let terminalPort: number | undefined
  try {
    if (core.listens) {
      const v4 = await listen(serve('main'), '127.0.0.1', port)
      servers.push(v4)
      port = (v4.address() as net.AddressInfo).port
      listening.push('127.0.0.1')
      // "localhost" may resolve to ::1 first; serve it too where the machine has IPv6 loopback
      const v6 = await listen(serve('main'), '::1', port).catch(() => undefined)
      if (v6) {
        servers.push(v6)
        listening.push('::1')
      }
    } else if (port === 0) {
      // refuse: take a free port and give it back, so connections to it are refused
      const probe = await listen(() => undefined, '127.0.0.1', 0)
      port = (probe.address() as net.AddressInfo).port
      await new Promise<void>((resolve) => probe.close(() => resolve()))
    }
    if (core.separateTerminalPath) {
      const t = await listen(serve('terminal'), '127.0.0.1', 0)
      servers.push(t)
      terminalPort = (t.address() as net.AddressInfo).port
    }
  } catch (err) {
    await close()
    throw err
  }

  const endpoint: AcquirerEndpoint = {host: ACQUIRER_HOSTNAME, port, ca: certs.caCert, servername: ACQUIRER_HOSTNAME}
  return {
    scenario,
    endpoint,
    terminalEndpoint: terminalPort === undefined ? endpoint : {...endpoint, host: '127.0.0.1', port: terminalPort},
    listening,
    ...(opts.caFile ? {caFile: opts.caFile} : {}),
    certificate: {names: certs.names, notBefore: certs.notBefore.toISOString(), notAfter: certs.notAfter.toISOString()},
    core,
    close,
  }
}

function listen(onConnection: (s: net.Socket) => void, host: string, port: number): Promise<net.Server> {
  return new Promise((resolve, reject) => {
    const server = net.createServer({pauseOnConnect: true}, onConnection)
    server.once('error', (err: NodeJS.ErrnoException) => {
      const target = host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`
      reject(err.code === 'EADDRINUSE' ? new LinkError('LINK_ADDRESS_IN_USE', target, `${target}: address already in use`, err) : err)
    })
    server.listen({host, port, exclusive: true}, () => resolve(server))
  })
}
