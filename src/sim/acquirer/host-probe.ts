/**
 * The simulated terminal's own host test (ZVT Diagnosis): a real TLS connection to the acquirer
 * host, verified against its CA like a terminal would, then one echo round trip.
 */
import {randomBytes} from 'node:crypto'
import tls from 'node:tls'

import type {HostProbe} from '../types.js'
import type {AcquirerEndpoint} from './server.js'

/** ZVT result codes the terminal reports for a failed host test (PA00P015 §10). */
const NO_CONNECTION = 0xa3
const HOST_NOT_RESPONDING = 0xa1
const COMMUNICATION_FAULT = 0x9b

export const DEFAULT_HOST_PROBE_TIMEOUT_MS = 3000

export function createTlsHostProbe(endpoint: AcquirerEndpoint, opts: {timeoutMs?: number} = {}): HostProbe {
  const timeoutMs = opts.timeoutMs ?? DEFAULT_HOST_PROBE_TIMEOUT_MS
  const where = `${endpoint.host.includes(':') ? `[${endpoint.host}]` : endpoint.host}:${endpoint.port}`
  return {
    probe: () =>
      new Promise((resolve) => {
        const started = Date.now()
        const token = `posdoc-diagnosis ${randomBytes(6).toString('hex')}\n`
        let stage: 'tcp' | 'tls' | 'echo' = 'tcp'
        let received = ''
        let done = false
        const finish = (r: {ok: boolean; resultCode?: number; detail: string}) => {
          if (done) return
          done = true
          clearTimeout(timer)
          socket.destroy()
          resolve(r)
        }
        const socket = tls.connect({host: endpoint.host, port: endpoint.port, servername: endpoint.servername, ca: [endpoint.ca], rejectUnauthorized: true})
        const timer = setTimeout(() => {
          const what = stage === 'tcp' ? 'no TCP connection' : stage === 'tls' ? 'no TLS answer' : 'no echo'
          finish({ok: false, resultCode: HOST_NOT_RESPONDING, detail: `host ${where}: ${what} within ${timeoutMs} ms`})
        }, timeoutMs)
        timer.unref()
        socket.once('connect', () => (stage = 'tls'))
        socket.once('secureConnect', () => {
          stage = 'echo'
          socket.write(token)
        })
        socket.on('data', (chunk: Buffer) => {
          received += chunk.toString('latin1')
          if (received.length < token.length) return
          if (received.startsWith(token)) finish({ok: true, detail: `host ${where} OK via ${socket.getProtocol() ?? 'TLS'} in ${Date.now() - started} ms`})
          else finish({ok: false, resultCode: COMMUNICATION_FAULT, detail: `host ${where}: unexpected answer`})
        })
        socket.on('error', (err: NodeJS.ErrnoException) => {
          const code = err.code ?? 'ERROR'
          if (code === 'ECONNREFUSED') return finish({ok: false, resultCode: NO_CONNECTION, detail: `host ${where}: connection refused`})
          if (code === 'ECONNRESET' || /socket hang up/i.test(err.message)) return finish({ok: false, resultCode: NO_CONNECTION, detail: `host ${where}: connection reset by the host`})
          // certificate problems: the terminal refuses the host, like a real one would
          finish({ok: false, resultCode: COMMUNICATION_FAULT, detail: `host ${where}: certificate or TLS error ${code}`})
        })
        socket.on('close', () => finish({ok: false, resultCode: NO_CONNECTION, detail: `host ${where}: connection closed during ${stage.toUpperCase()}`}))
      }),
  }
}
