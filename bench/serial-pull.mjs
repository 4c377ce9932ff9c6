// Serial journal pull over a socat pty pair, the simulator pacing its bytes like a real UART:
// effective journal payload bytes/s as a share of the line rate (8N2 = 11 bits a byte; 9600 baud
// carries at most 872 bytes/s). Target >= 90 %. BENCH_BAUD (default 38400) and BENCH_RECORDS
// (default 800) trade run time for size; the share does not depend on the rate.
import {spawn, spawnSync} from 'node:child_process'
import {existsSync, mkdtempSync} from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import readline from 'node:readline'
import {fileURLToPath} from 'node:url'

import {report} from './lib.mjs'

const baud = Number(process.env.BENCH_BAUD ?? 38400)
const records = Number(process.env.BENCH_RECORDS ?? 800)
const bin = fileURLToPath(new URL('../bin/run.js', import.meta.url))
const dir = mkdtempSync(path.join(os.tmpdir(), 'posdoc-bench-serial-'))
const [a, b] = [path.join(dir, 'ttyPT'), path.join(dir, 'ttyECR')]
const socat = spawn('socat', [`pty,raw,echo=0,link=${a}`, `pty,raw,echo=0,link=${b}`], {stdio: 'ignore'})
for (let i = 0; i < 100 && !(existsSync(a) && existsSync(b)); i++) await new Promise((r) => setTimeout(r, 50))
const sim = spawn(process.execPath, [bin, 'sim', '--serial', a, '--baud', String(baud), '--pace', '--journal-size', String(records), '--json'], {stdio: ['ignore', 'pipe', 'inherit']})
await new Promise((resolve) => readline.createInterface({input: sim.stdout}).once('line', resolve))

const out = path.join(dir, 'pull')
const t0 = process.hrtime.bigint()
const r = spawnSync(process.execPath, [bin, 'logs', 'pull', '--serial', b, '--baud', String(baud), '--out', out, '--json'], {encoding: 'utf8', env: {...process.env, POSDOC_DATA_DIR: path.join(dir, 'data')}})
const wallMs = Number(process.hrtime.bigint() - t0) / 1e6
sim.kill('SIGTERM')
socat.kill('SIGTERM')
const res = JSON.parse(r.stdout)
if (!res.journal) throw new Error(`logs pull failed: ${r.stdout} ${r.stderr}`)
const lineRate = baud / 11
const payload = res.journal.bytes
const share = payload / (wallMs / 1000) / lineRate
report('serial-pull', [
  {label: 'line', value: `${baud} 8N2`},
  {label: 'line rate', value: lineRate.toFixed(0), unit: 'bytes/s'},
  {label: 'journal records / payload bytes', value: `${res.journal.records} / ${payload}`},
  {label: 'whole pull (register..log-off) wall time', value: (wallMs / 1000).toFixed(2), unit: 's'},
  {label: 'effective payload rate', value: (payload / (wallMs / 1000)).toFixed(0), unit: 'bytes/s'},
  {label: 'share of line rate (whole pull)', value: `${(share * 100).toFixed(1)}`, unit: '%', target: '>= 90 %', ok: share >= 0.9},
])
