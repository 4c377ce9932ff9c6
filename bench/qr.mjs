// issue 13: `posdoc qr query --demo` wall time against `node -e 0` (target <= 2x plus the loopback
// round trip), and `qr resolve` through a full 45 s WeChat / 60 s Alipay window on the simulator
// in virtual time (target <= 2 s wall). Run after `npm run build`.
import {performance} from 'node:perf_hooks'
import {fileURLToPath} from 'node:url'

import {median, report, timeCommand} from './lib.mjs'

const bin = fileURLToPath(new URL('../bin/run.js', import.meta.url))
const runs = Number(process.env.BENCH_RUNS ?? 15)
const floor = median(timeCommand(process.execPath, ['-e', '0'], {runs}))
const query = median(timeCommand(process.execPath, [bin, 'qr', 'query', '--demo', '--order', 'QRDEMO0001', '--json'], {runs}))

// the loopback round trip and the in-process resolve, measured in this process
const {startQrSim} = await import('../dist/src/sim/qr/server.js')
const {nodeHttpClient} = await import('../dist/src/qr/http.js')
const {createProvider} = await import('../dist/src/qr/providers/index.js')
const {QrJournal} = await import('../dist/src/qr/journal.js')
const {runResolveLoop} = await import('../dist/src/qr/resolve.js')
const {SkippingClock} = await import('../dist/src/util/skipping-clock.js')

async function resolveWall(platform, scenario) {
  const clock = new SkippingClock(Date.now())
  const sim = await startQrSim({scenario, clock})
  const http = nodeHttpClient({ca: sim.ca})
  const provider = createProvider(platform === 'wechat' ? {platform, wechat: sim.profiles.wechat} : {platform, alipay: sim.profiles.alipay}, {http, clock})
  const rtts = []
  for (let i = 0; i < 10; i++) {
    const t = performance.now()
    await provider.query({outTradeNo: 'QRDEMO0001'})
    rtts.push(performance.now() - t)
  }
  const t0 = performance.now()
  const v0 = clock.now()
  const r = await runResolveLoop({provider, merchant: 'bench', ref: {outTradeNo: 'QRDEMO0001'}, createdAt: clock.now() - 5000, journal: QrJournal.inMemory(), clock, confirm: async () => true})
  const wall = performance.now() - t0
  await sim.close()
  return {wall, virtual: (clock.now() - v0) / 1000, rtt: median(rtts), state: r.state, queries: r.queries.length}
}

const wx = await resolveWall('wechat', 'user-abandons')
const ali = await resolveWall('alipay', 'user-abandons')
const ratio = Math.round((query / floor) * 100) / 100
const budget = 2 * floor + wx.rtt
report('qr', [
  {label: 'node -e 0 (floor), median', value: floor.toFixed(1), unit: 'ms'},
  {label: 'posdoc qr query --demo, median', value: query.toFixed(1), unit: 'ms'},
  {label: 'qr query --demo / floor', value: ratio, unit: 'x'},
  {label: 'loopback HTTPS query round trip (keep-alive), median', value: wx.rtt.toFixed(1), unit: 'ms'},
  {label: 'qr query --demo vs 2x floor + round trip', value: query.toFixed(1), unit: 'ms', target: `<= ${budget.toFixed(1)} ms`, ok: query <= budget},
  {label: `qr resolve WeChat user-abandons (${wx.virtual.toFixed(0)} s virtual, ${wx.queries} queries, ${wx.state}) wall`, value: wx.wall.toFixed(0), unit: 'ms', target: '<= 2000 ms', ok: wx.wall <= 2000},
  {label: `qr resolve Alipay user-abandons (${ali.virtual.toFixed(0)} s virtual, ${ali.queries} queries + cancel, ${ali.state}) wall`, value: ali.wall.toFixed(0), unit: 'ms', target: '<= 2000 ms', ok: ali.wall <= 2000},
])
