// Time to verdict of the guided flow (scripted, terminal-offline symptom: device probe + network
// check from the PC and from the terminal) on the demo simulator: healthy, and with the acquirer
// host blackholed (accepts TCP, never answers TLS). Targets: <= 3 s and <= 10 s. And a void whose
// terminal loses power mid-way: an in-doubt verdict within 60 s.
import {spawnSync} from 'node:child_process'
import {mkdtempSync, readFileSync, writeFileSync} from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {fileURLToPath} from 'node:url'

import {median, report} from './lib.mjs'

const bin = fileURLToPath(new URL('../bin/run.js', import.meta.url))
const runs = Number(process.env.BENCH_RUNS ?? 5)
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'posdoc-bench-flow-'))

function timeToVerdict(extra, symptom = 'terminal-offline', n = runs) {
  const times = []
  let verdict
  for (let i = 0; i < n; i++) {
    const t0 = process.hrtime.bigint()
    const r = spawnSync(process.execPath, [bin, 'diagnose', '--demo', '--symptom', symptom, '--json', ...extra], {encoding: 'utf8', env: {...process.env, POSDOC_DATA_DIR: dataDir}})
    times.push(Number(process.hrtime.bigint() - t0) / 1e6)
    verdict = JSON.parse(r.stdout).verdict?.status ?? JSON.parse(r.stdout).error?.code
  }
  return {ms: median(times), verdict}
}

const healthy = timeToVerdict([])
const blackhole = timeToVerdict(['--acquirer-scenario', 'blackhole'])
// the terminal loses power in the middle of a void: the guided flow must end in doubt, in plain words, within a minute
// the demo's latest approved sale (the seeded journal follows the time of day)
const pulled = path.join(dataDir, 'pull')
spawnSync(process.execPath, [bin, 'logs', 'pull', '--demo', '--format', 'json', '--out', pulled, '--json'], {encoding: 'utf8', env: {...process.env, POSDOC_DATA_DIR: dataDir}})
const sales = JSON.parse(readFileSync(path.join(pulled, 'transactions.json'), 'utf8')).transactions.filter((t) => t.type === 'sale' && t.state === 'approved')
const answers = path.join(dataDir, 'void-answers.json')
writeFileSync(answers, JSON.stringify({receipt: String(sales.at(-1).receiptNumber)}))
const powerLoss = timeToVerdict(['--scenario', 'power-loss-mid-reversal', '--answers', answers, '--yes'], 'void-failed', 1)
report('flow', [
  {label: 'healthy: verdict', value: healthy.verdict},
  {label: 'healthy: time to verdict, median', value: (healthy.ms / 1000).toFixed(2), unit: 's', target: '<= 3 s', ok: healthy.ms <= 3000},
  {label: 'acquirer blackholed: verdict', value: blackhole.verdict},
  {label: 'acquirer blackholed: time to verdict, median', value: (blackhole.ms / 1000).toFixed(2), unit: 's', target: '<= 10 s', ok: blackhole.ms <= 10000},
  {label: 'void, power lost mid-void: verdict', value: powerLoss.verdict},
  {label: 'void, power lost mid-void: time to verdict', value: (powerLoss.ms / 1000).toFixed(2), unit: 's', target: '<= 60 s, in-doubt', ok: powerLoss.ms <= 60000 && powerLoss.verdict === 'in-doubt'},
])
