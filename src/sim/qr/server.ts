/**
 * The QR platform simulator on loopback HTTPS (certificate from the acquirer simulator's own CA):
 * WeChat Pay v3 under /v3/…, Alipay under /gateway.do, and GET /__sim/orders (the demo's list of
 * the day, sim-only). Both platforms answer from one server; profiles point at its base URL.
 */
import {existsSync, mkdirSync, readFileSync} from 'node:fs'
import https from 'node:https'
import path from 'node:path'
import writeFileAtomic from 'write-file-atomic'
import type net from 'node:net'

import type {AlipayConfig} from '../../qr/providers/alipay.js'
import type {WechatV3Config} from '../../qr/providers/wechat-v3.js'
import {publicKeyOf} from '../../qr/crypto/rsa.js'
import {systemClock, type Clock} from '../../util/clock.js'
import {generateAcquirerCertificates} from '../acquirer/certs.js'
import {ALIPAY_GATEWAY_PATH, handleAlipay} from './alipay.js'
import {SIM_ALIPAY_APP_KEY, SIM_ALIPAY_PLATFORM_KEY, SIM_WECHAT_MERCHANT_KEY, SIM_WECHAT_PLATFORM_KEY} from './demo-keys.js'
import {viewOrder} from './orders.js'
import {QrPlatformContext, SIM_IDS, type SimRequest, type SimResponse} from './platform.js'
import {behaviourOf, type QrScenario} from './scenarios.js'
import {seedQrDay} from './seed.js'
import {loadSimState, restoreSimState, saveSimState} from './state-file.js'
import {handleWechat} from './wechat.js'

export interface StartQrSimOptions {
  port?: number
  scenario?: QrScenario
  /** system-error-on-query: how many queries fail first */
  failingQueries?: number
  clock?: Clock
  seed?: number
  /** false: an empty order book (tests add their own orders) */
  seedDay?: boolean
  /** keep the platform's orders and counters in this directory across processes (see state-file.ts) */
  stateDir?: string
  /** reuse the simulator's TLS certificate from this file (generating one takes ~1 s on a busy PC) */
  certCache?: string
}

/** The acquirer simulator's CA and a leaf for 127.0.0.1, cached while valid for another day. */
async function simCertificates(cache: string | undefined): Promise<{caCert: string; cert: string; key: string}> {
  if (cache && existsSync(cache)) {
    try {
      const c = JSON.parse(readFileSync(cache, 'utf8')) as {caCert: string; cert: string; key: string; notAfter: string}
      if (Date.parse(c.notAfter) > Date.now() + 86_400_000) return c
    } catch {
      // a damaged cache is regenerated
    }
  }
  const certs = await generateAcquirerCertificates({profile: 'valid', now: Date.now()})
  if (cache) {
    mkdirSync(path.dirname(cache), {recursive: true})
    writeFileAtomic.sync(cache, JSON.stringify({caCert: certs.caCert, cert: certs.cert, key: certs.key, notAfter: certs.notAfter.toISOString()}), {mode: 0o600})
  }
  return certs
}

/** The demo merchant's credentials for both platforms, pointing at this simulator. */
export interface QrSimProfiles {
  wechat: WechatV3Config
  alipay: AlipayConfig
}

export interface RunningQrSim {
  baseUrl: string
  port: number
  /** the CA certificate (PEM) a client must trust */
  ca: string
  scenario: QrScenario
  ctx: QrPlatformContext
  profiles: QrSimProfiles
  close(): Promise<void>
}

export function simProfiles(baseUrl: string): QrSimProfiles {
  const w = SIM_IDS.wechat
  return {
    wechat: {baseUrl, mode: 'partner', appid: w.appid, mchid: w.spMchid, subMchid: w.subMchid, serialNo: w.merchantSerial, privateKey: SIM_WECHAT_MERCHANT_KEY, platformKeys: {[w.platformKeyId]: publicKeyOf(SIM_WECHAT_PLATFORM_KEY)}},
    alipay: {gateway: `${baseUrl}${ALIPAY_GATEWAY_PATH}`, appId: SIM_IDS.alipay.appId, privateKey: SIM_ALIPAY_APP_KEY, alipayPublicKey: publicKeyOf(SIM_ALIPAY_PLATFORM_KEY)},
  }
}

export function dispatchQr(ctx: QrPlatformContext, req: SimRequest): SimResponse {
  const path = req.url.split('?')[0]
  if (path === ALIPAY_GATEWAY_PATH) return handleAlipay(ctx, req)
  if (path?.startsWith('/v3/')) return handleWechat(ctx, req)
  if (path === '/__sim/orders' && req.method === 'GET') {
    const now = ctx.now()
    const orders = ctx.book.all().map((o) => ({platform: o.platform, merchant: o.merchant, outTradeNo: o.outTradeNo, platformNo: o.platformNo, amountCents: o.amountCents, createdAt: new Date(o.createdAt).toISOString(), status: viewOrder(o, now).status}))
    return {status: 200, headers: {'content-type': 'application/json'}, body: JSON.stringify({orders})}
  }
  return {status: 404, headers: {'content-type': 'text/plain'}, body: 'not found'}
}

export async function startQrSim(opts: StartQrSimOptions = {}): Promise<RunningQrSim> {
  const clock = opts.clock ?? systemClock
  const scenario = opts.scenario ?? 'healthy'
  const ctx = new QrPlatformContext(clock, behaviourOf(scenario, opts.failingQueries === undefined ? {} : {failingQueries: opts.failingQueries}))
  const saved = opts.stateDir ? loadSimState(opts.stateDir) : undefined
  if (saved) restoreSimState(ctx, saved)
  else if (opts.seedDay !== false) seedQrDay(ctx, opts.seed ?? 1)
  if (opts.stateDir) saveSimState(opts.stateDir, ctx)
  const certs = await simCertificates(opts.certCache)
  const sockets = new Set<net.Socket>()
  const server = https.createServer({key: certs.key, cert: certs.cert}, (req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const headers: Record<string, string> = {}
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers[k] = v
      let out: SimResponse
      try {
        out = dispatchQr(ctx, {method: req.method ?? 'GET', url: req.url ?? '/', headers, body: Buffer.concat(chunks).toString('utf8')})
      } catch (e) {
        out = {status: 500, headers: {'content-type': 'text/plain'}, body: `simulator error: ${(e as Error).message}`}
      }
      if (opts.stateDir) saveSimState(opts.stateDir, ctx)
      // drop-response: the action is done, the answer never leaves
      if ('drop' in out) return req.socket.destroy()
      res.writeHead(out.status, out.headers).end(out.body)
    })
  })
  server.on('connection', (s: net.Socket) => {
    sockets.add(s)
    s.on('close', () => sockets.delete(s))
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve())
  })
  const port = (server.address() as net.AddressInfo).port
  const baseUrl = `https://127.0.0.1:${port}`
  return {
    baseUrl,
    port,
    ca: certs.caCert,
    scenario,
    ctx,
    profiles: simProfiles(baseUrl),
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy()
        server.close(() => resolve())
      }),
  }
}
