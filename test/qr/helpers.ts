/** The QR simulator on loopback HTTPS and providers pointed at it, on one skipping clock. */
import {nodeHttpClient} from '../../src/qr/http.js'
import {createProvider, type ProviderConfig} from '../../src/qr/providers/index.js'
import type {HttpClient, QrPlatform, QrProvider} from '../../src/qr/types.js'
import type {QrScenario} from '../../src/sim/qr/scenarios.js'
import {startQrSim, type RunningQrSim} from '../../src/sim/qr/server.js'
import {SkippingClock} from '../../src/util/skipping-clock.js'

export interface QrRig {
  sim: RunningQrSim
  clock: SkippingClock
  http: HttpClient
  provider(platform: QrPlatform, patch?: (cfg: ProviderConfig) => ProviderConfig): QrProvider
  config(platform: QrPlatform): ProviderConfig
}

export async function qrRig(scenario: QrScenario = 'healthy', opts: {failingQueries?: number} = {}): Promise<QrRig> {
  const clock = new SkippingClock(Date.parse('2026-12-02T06:00:00Z'))
  const sim = await startQrSim({scenario, clock, ...(opts.failingQueries !== undefined ? {failingQueries: opts.failingQueries} : {})})
  const http = nodeHttpClient({ca: sim.ca, timeoutMs: 5000})
  const config = (platform: QrPlatform): ProviderConfig => (platform === 'wechat' ? {platform, wechat: {...sim.profiles.wechat}} : {platform, alipay: {...sim.profiles.alipay}})
  return {
    sim,
    clock,
    http,
    config,
    provider: (platform, patch) => createProvider(patch ? patch(config(platform)) : config(platform), {http, clock}),
  }
}
