// Batch over 1,000 and then 10,000 simulated terminals (one simulator process serving one port
// per terminal) with status checks: wall time and peak RSS of `posdoc batch` at each size.
// Targets: 1,000 terminals <= 15 s; 10,000 within 10x the 1,000-terminal wall time, peak RSS <= 300 MB.
// BENCH_TERMINALS=500,5000 picks other sizes, BENCH_CHECKS other families.
import {spawn, spawnSync} from 'node:child_process'
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import readline from 'node:readline'
import {fileURLToPath} from 'node:url'

import {report} from './lib.mjs'

const sizes = (process.env.BENCH_TERMINALS ?? '1000,10000').split(',').map(Number)
const checks = process.env.BENCH_CHECKS ?? 'status'
const bin = fileURLToPath(new URL('../bin/run.js', import.meta.url))
const dir = mkdtempSync(path.join(os.tmpdir(), 'posdoc-bench-batch-'))

const serverStarted = process.hrtime.bigint()
const server = spawn(process.execPath, [fileURLToPath(new URL('./fleet-server.mjs', import.meta.url)), String(Math.max(...sizes))], {stdio: ['ignore', 'pipe', 'inherit']})
const {ports} = JSON.parse(await new Promise((resolve) => readline.createInterface({input: server.stdout}).once('line', resolve)))
const serverMs = Number(process.hrtime.bigint() - serverStarted) / 1e6

function runBatch(n) {
  const fleet = path.join(dir, `fleet-${n}.csv`)
  writeFileSync(fleet, ['name,tcp,host', ...ports.slice(0, n).map((p, i) => `t${i},127.0.0.1:${p},127.0.0.1:${p}`)].join('\n') + '\n')
  // a data directory of its own: 10,000 terminal locks and journals do not belong in the user's
  const env = {...process.env, POSDOC_DATA_DIR: path.join(dir, `data-${n}`)}
  const t0 = process.hrtime.bigint()
  // GNU time reports the child's peak RSS (KiB) on stderr
  const r = spawnSync('/usr/bin/time', ['-f', '%M', process.execPath, bin, 'batch', fleet, '--checks', checks, '--concurrency', '64', '--timeout', '20', '--json'], {encoding: 'utf8', env, maxBuffer: 1024 * 1024 * 1024})
  const wallMs = Number(process.hrtime.bigint() - t0) / 1e6
  const out = JSON.parse(r.stdout)
  return {n, wallMs, healthy: out.summary.healthy, peakMiB: Number(r.stderr.trim().split('\n').pop()) / 1024}
}

let runs
try {
  runs = sizes.map(runBatch)
} finally {
  server.kill('SIGTERM')
  rmSync(dir, {recursive: true, force: true})
}
const [small, large] = runs
const figures = [
  {label: 'checks', value: checks},
  {label: `simulator start (${Math.max(...sizes)} terminals)`, value: (serverMs / 1000).toFixed(1), unit: 's'},
]
for (const r of runs) {
  figures.push(
    {label: `${r.n} terminals: healthy`, value: r.healthy, ...(r.healthy === r.n ? {} : {target: `${r.n}`, ok: false})},
    {label: `${r.n} terminals: wall time`, value: (r.wallMs / 1000).toFixed(2), unit: 's', ...(r === small ? {target: '<= 15 s', ok: r.wallMs <= 15000} : {})},
    {label: `${r.n} terminals: terminals per second`, value: Math.round(r.n / (r.wallMs / 1000))},
    {label: `${r.n} terminals: peak RSS of posdoc batch`, value: r.peakMiB.toFixed(1), unit: 'MiB', ...(r === large ? {target: '<= 300 MB', ok: r.peakMiB * 1.048576 <= 300} : {})},
  )
}
if (small && large) {
  const ratio = large.wallMs / small.wallMs
  const scale = large.n / small.n
  figures.push({label: `wall ${large.n} / wall ${small.n}`, value: ratio.toFixed(2), unit: 'x', target: `<= ${scale}x`, ok: ratio <= scale})
}
report('batch', figures)
