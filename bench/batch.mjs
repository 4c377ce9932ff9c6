// Batch over 1,000 simulated terminals (one simulator process serving 1,000 ports) with status
// (+ network when available) checks: wall time (target <= 15 s) and peak RSS of `posdoc batch`.
import {spawn, spawnSync} from 'node:child_process'
import {mkdtempSync, writeFileSync} from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import readline from 'node:readline'
import {fileURLToPath} from 'node:url'

import {report} from './lib.mjs'

const N = Number(process.env.BENCH_TERMINALS ?? 1000)
const checks = process.env.BENCH_CHECKS ?? 'status'
const bin = fileURLToPath(new URL('../bin/run.js', import.meta.url))
const server = spawn(process.execPath, [fileURLToPath(new URL('./fleet-server.mjs', import.meta.url)), String(N)], {stdio: ['ignore', 'pipe', 'inherit']})
const {ports} = JSON.parse(await new Promise((resolve) => readline.createInterface({input: server.stdout}).once('line', resolve)))
const dir = mkdtempSync(path.join(os.tmpdir(), 'posdoc-bench-batch-'))
const fleet = path.join(dir, 'fleet.csv')
writeFileSync(fleet, ['name,tcp,host', ...ports.map((p, i) => `t${i},127.0.0.1:${p},127.0.0.1:${p}`)].join('\n') + '\n')

const t0 = process.hrtime.bigint()
// GNU time reports the child's peak RSS (KiB) on stderr
const r = spawnSync('/usr/bin/time', ['-f', '%M', process.execPath, bin, 'batch', fleet, '--checks', checks, '--concurrency', '64', '--timeout', '20', '--json'], {encoding: 'utf8', maxBuffer: 256 * 1024 * 1024})
const wallMs = Number(process.hrtime.bigint() - t0) / 1e6
server.kill('SIGTERM')
const out = JSON.parse(r.stdout)
const peakKiB = Number(r.stderr.trim().split('\n').pop())
report('batch', [
  {label: 'terminals', value: N},
  {label: 'checks', value: checks},
  {label: 'healthy', value: out.summary.healthy},
  {label: 'wall time', value: (wallMs / 1000).toFixed(2), unit: 's', target: '<= 15 s', ok: wallMs <= 15000},
  {label: 'terminals per second', value: Math.round(N / (wallMs / 1000))},
  {label: 'peak RSS of posdoc batch', value: (peakKiB / 1024).toFixed(1), unit: 'MiB'},
])
