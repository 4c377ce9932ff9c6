/**
 * The HttpClient over node:https: explicit CA (the simulator's own, or the system's), a hard
 * per-request deadline, and transport failures turned into one error type the providers map to
 * could-not-ask / QR_UNREACHABLE.
 */
import https from 'node:https'

import type {HttpClient, HttpRequest, HttpResponse} from './types.js'

export class QrTransportError extends Error {
  constructor(
    readonly kind: 'unreachable' | 'timeout' | 'tls' | 'dropped',
    message: string,
    options?: {cause?: unknown},
  ) {
    super(message, options)
    this.name = 'QrTransportError'
  }
}

export function nodeHttpClient(opts: {ca?: string; timeoutMs?: number} = {}): HttpClient {
  const timeoutMs = opts.timeoutMs ?? 10_000
  // one keep-alive agent: a query loop reuses its TLS session instead of a handshake per poll
  const agent = new https.Agent({keepAlive: true, maxSockets: 2, ...(opts.ca ? {ca: opts.ca} : {})})
  return {
    request(req: HttpRequest): Promise<HttpResponse> {
      return new Promise((resolve, reject) => {
        const r = https.request(req.url, {method: req.method, headers: req.headers, agent}, (res) => {
          const chunks: Buffer[] = []
          res.on('data', (c: Buffer) => chunks.push(c))
          res.on('error', (e) => reject(new QrTransportError('dropped', e.message, {cause: e})))
          res.on('end', () => {
            const headers: Record<string, string> = {}
            for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) headers[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v
            resolve({status: res.statusCode ?? 0, headers, body: Buffer.concat(chunks).toString('utf8')})
          })
        })
        r.setTimeout(timeoutMs, () => r.destroy(new QrTransportError('timeout', `no answer within ${timeoutMs} ms`)))
        r.on('error', (e: NodeJS.ErrnoException) => {
          if (e instanceof QrTransportError) return reject(e)
          const tls = /CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY/i.test(`${e.code ?? ''} ${e.message}`)
          const dropped = e.code === 'ECONNRESET' || e.code === 'EPIPE' || /socket hang up/.test(e.message)
          reject(new QrTransportError(tls ? 'tls' : dropped ? 'dropped' : 'unreachable', e.message, {cause: e}))
        })
        if (req.body !== undefined) r.write(req.body)
        r.end()
      })
    },
  }
}
