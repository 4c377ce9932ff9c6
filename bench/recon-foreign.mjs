#!/usr/bin/env node
// Reconciliation benchmark on the files merchants really have (issue 14): an English terminal
// export and a GBK Chinese settlement file without a status column (222 terminals, 30 days,
// traces restarting daily, T+1), planted faults of every category (bench/recon-foreign-gen.mjs).
// Side by side in one run, on this machine's cores:
//   posdoc: the whole CLI as a user runs it (`node bin/run.js recon --journal J --settlement S
//           --json`, no profile written by hand), peak RSS from the process itself
//           (bench/recon-rss-probe.mjs, worker threads included);
//   DuckDB: `iconv -f GBK -t UTF-8` of the settlement file, then the same rules in SQL
//           (bench/recon-duckdb.mjs --foreign), both timed.
// Wall time and CPU time (user + system, all threads) of each: on a machine others share, the CPU
// seconds say more than the wall clock.
// Both answers are checked against the planted faults (counts and keys). Build first (npm run build).
//
//   node bench/recon-foreign.mjs [--rows N] [--keep] [--runs N]
import {spawn} from 'node:child_process'
import {mkdir, mkdtemp, readFile, rm, stat, writeFile} from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import {performance} from 'node:perf_hooks'
import {fileURLToPath} from 'node:url'

import {generateForeign} from './recon-foreign-gen.mjs'
import {ensureDuckdb, runChild} from './recon-common.mjs'

const here = path.dirname(fileURLToPath(import.meta.url))
const root = path.join(here, '..')
const args = process.argv.slice(2)
const num = (name, dflt) => {
  const i = args.indexOf(name)
  return i >= 0 ? Number(args[i + 1]) : dflt
}
const rows = num('--rows', 1_000_000)
const runs = num('--runs', 2)
const round = (n, d = 2) => Math.round(n * 10 ** d) / 10 ** d
const mb = (b) => `${(b / 1_048_576).toFixed(0)} MB`

const dir = await mkdtemp(path.join(os.tmpdir(), 'posdoc-bench-foreign-'))
const t0 = performance.now()
const scale = rows / 1_000_000
const faults = {missing: Math.max(3, Math.round(300 * scale)), amountMismatch: Math.max(2, Math.round(200 * scale)), voidedSettled: Math.max(4, Math.round(500 * scale)), declinedSettled: Math.max(2, Math.round(50 * scale)), unknown: Math.max(3, Math.round(300 * scale))}
const g = await generateForeign(dir, {rows, faults})
const sizes = {journal: (await stat(g.journalFile)).size, settlement: (await stat(g.settlementFile)).size}
console.log(`generated ${g.counts.journalRows.toLocaleString('en')} journal + ${g.counts.settlementRows.toLocaleString('en')} settlement rows (${mb(sizes.journal)} + ${mb(sizes.settlement)} GBK) in ${round((performance.now() - t0) / 1000, 1)} s in ${dir}`)

const expectedCounts = {
  missing: g.expected.missing.length,
  'amount-mismatch': g.expected.amountMismatch.length,
  'reversed-but-settled': g.expected.voidedSettled.length + g.expected.declinedSettled.length,
  'unknown-to-terminal': g.expected.unknown.length,
  'not-expected': g.counts.declined + g.counts.voidedNotSettled + g.counts.voidRows - g.counts.voidNetted,
  settled: g.counts.settled + 2 * g.counts.voidNetted,
}
const expectedKeys = {
  missing: [...g.expected.missing].sort(),
  'amount-mismatch': [...g.expected.amountMismatch].sort(),
  'reversed-but-settled': [...g.expected.voidedSettled, ...g.expected.declinedSettled].sort(),
  'unknown-to-terminal': [...g.expected.unknown].sort(),
}
const exact = (categories, keys) =>
  Object.entries(expectedCounts).every(([k, v]) => (categories[k] ?? 0) === v) && Object.entries(expectedKeys).every(([k, v]) => JSON.stringify([...(keys[k] ?? [])].sort()) === JSON.stringify(v))

/** posdoc's CLI, as a user runs it; wall time from spawn to exit. */
async function posdoc() {
  const rssFile = path.join(dir, 'rss.txt')
  const cliArgs = ['--import', path.join(here, 'recon-rss-probe.mjs'), path.join(root, 'bin', 'run.js'), 'recon', '--journal', g.journalFile, '--settlement', g.settlementFile, '--json', '--max-items', '100000']
  const started = performance.now()
  const out = await new Promise((resolve, reject) => {
    const c = spawn(process.execPath, cliArgs, {env: {...process.env, POSDOC_BENCH_RSS: rssFile, POSDOC_CONFIG: path.join(dir, 'none.json')}, stdio: ['ignore', 'pipe', 'inherit']})
    let text = ''
    c.stdout.on('data', (d) => (text += d))
    c.on('error', reject)
    c.on('close', (code) => (code === 0 || code === 1 ? resolve(text) : reject(new Error(`posdoc exited ${code}`))))
  })
  const wallMs = performance.now() - started
  const r = JSON.parse(out)
  const categories = Object.fromEntries(Object.entries(r.totals.byCategory).map(([k, v]) => [k, v.count]))
  const keys = {}
  for (const i of r.items) (keys[i.category] ??= []).push(`${i.terminalId}|${i.date}|${i.traceNumber}`)
  const probe = JSON.parse(await readFile(rssFile, 'utf8'))
  return {wallMs, maxRssKB: probe.maxRssKB, cpuMs: probe.cpuMicros / 1000, categories, keys, mapping: {journal: r.journal[0].profile, settlement: r.settlement[0].profile}}
}

/** iconv GBK → UTF-8, then DuckDB on the same rules; wall time of both. */
async function duckdb(prefix, threads) {
  const script = path.join(prefix, 'recon-duckdb.mjs')
  await writeFile(script, await readFile(path.join(here, 'recon-duckdb.mjs')))
  const utf8 = path.join(dir, 'settlement-utf8.csv')
  const started = performance.now()
  // bash's `times` gives the CPU time of iconv (its child)
  const iconvCpuMs = await new Promise((resolve, reject) => {
    const c = spawn('bash', ['-c', 'iconv -f GBK -t UTF-8 "$1" > "$2" && times', 'bash', g.settlementFile, utf8], {stdio: ['ignore', 'pipe', 'inherit']})
    let text = ''
    c.stdout.on('data', (d) => (text += d))
    c.on('error', reject)
    c.on('close', (code) => {
      if (code !== 0) return reject(new Error(`iconv exited ${code}`))
      // second line: children's user and system time, e.g. "0m1.020s 0m0.130s"
      const secs = (text.trim().split('\n')[1] ?? '').split(/\s+/).map((t) => {
        const m = /(\d+)m([\d.]+)s/.exec(t)
        return m ? Number(m[1]) * 60 + Number(m[2]) : 0
      })
      resolve((secs[0] + secs[1]) * 1000)
    })
  })
  const iconvMs = performance.now() - started
  const r = await runChild([script, g.journalFile, utf8, '--threads', String(threads), '--foreign'])
  const wallMs = performance.now() - started
  await rm(utf8, {force: true})
  return {...r, wallMs, iconvMs, queryMs: r.wallMs, cpuMs: iconvCpuMs + r.cpuMicros / 1000}
}

const best = (xs) => ({...xs.reduce((a, b) => (a.wallMs <= b.wallMs ? a : b)), maxRssKB: Math.max(...xs.map((x) => x.maxRssKB))})
const cores = os.availableParallelism()
// interleaved, so both see the same machine load
const p = []
const d = []
const prefix = await ensureDuckdb()
for (let k = 0; k < runs; k++) {
  p.push(await posdoc())
  if (prefix) d.push(await duckdb(prefix, cores))
}
const P = best(p)
const D = d.length > 0 ? best(d) : undefined
const total = g.counts.journalRows + g.counts.settlementRows
const result = {
  date: new Date().toISOString(),
  node: process.version,
  cpus: cores,
  rows: {journal: g.counts.journalRows, settlement: g.counts.settlementRows},
  bytes: sizes,
  posdoc: {wallSeconds: round(P.wallMs / 1000), cpuSeconds: round(P.cpuMs / 1000), rowsPerSecond: Math.round(total / (P.wallMs / 1000)), peakRssMB: round(P.maxRssKB / 1024, 1), exact: exact(P.categories, P.keys), mapping: P.mapping, categories: P.categories},
  duckdb: D && {wallSeconds: round(D.wallMs / 1000), cpuSeconds: round(D.cpuMs / 1000), iconvSeconds: round(D.iconvMs / 1000), querySeconds: round(D.queryMs / 1000), rowsPerSecond: Math.round(total / (D.wallMs / 1000)), peakRssMB: round(D.maxRssKB / 1024, 1), threads: D.threads, exact: exact(D.categories, D.keys), categories: D.categories},
  expected: expectedCounts,
}
await mkdir(path.join(here, 'results'), {recursive: true})
await writeFile(path.join(here, 'results', 'recon-foreign.json'), JSON.stringify(result, null, 2) + '\n')

const lines = [
  ['posdoc recon (whole CLI, no profile written): wall', `${result.posdoc.wallSeconds} s`],
  ['posdoc rows per second (both files)', result.posdoc.rowsPerSecond.toLocaleString('en')],
  ['posdoc CPU time (user + system, all threads)', `${result.posdoc.cpuSeconds} s`],
  ['posdoc peak RSS', `${result.posdoc.peakRssMB} MB`, 'target ≤ 400 MB', result.posdoc.peakRssMB <= 400],
  ['posdoc exact (counts and keys of every planted fault)', String(result.posdoc.exact), 'target exact', result.posdoc.exact],
]
if (D) {
  lines.push(['DuckDB + iconv: wall (iconv / query)', `${result.duckdb.wallSeconds} s (${result.duckdb.iconvSeconds} / ${result.duckdb.querySeconds})`])
  lines.push(['DuckDB rows per second / peak RSS', `${result.duckdb.rowsPerSecond.toLocaleString('en')} / ${result.duckdb.peakRssMB} MB`])
  lines.push(['DuckDB + iconv CPU time (user + system, all threads)', `${result.duckdb.cpuSeconds} s`])
  lines.push(['DuckDB exact', String(result.duckdb.exact)])
  const ratio = result.posdoc.wallSeconds / result.duckdb.wallSeconds
  lines.push([`posdoc ÷ DuckDB wall, ${cores} core(s)`, `${round(ratio)}×`, 'target ≤ 1.0×', ratio <= 1])
  lines.push(['posdoc ÷ DuckDB CPU time', `${round(result.posdoc.cpuSeconds / result.duckdb.cpuSeconds)}×`])
  lines.push(['load average (1 min) at the end', os.loadavg()[0].toFixed(1)])
} else lines.push(['DuckDB baseline', 'unavailable (npm could not install @duckdb/node-api)'])
console.log(`\ncategories posdoc: ${JSON.stringify(P.categories)}`)
if (D) console.log(`categories DuckDB: ${JSON.stringify(D.categories)}`)
console.log(`expected:          ${JSON.stringify(expectedCounts)}`)
console.log('\n== recon benchmark, foreign layouts ==')
const width = Math.max(...lines.map(([l]) => l.length))
for (const [label, value, target, ok] of lines) console.log(`${label.padEnd(width)} ${value.padStart(22)}${target ? `  (${target}: ${ok ? 'met' : 'NOT met'})` : ''}`)
if (!args.includes('--keep')) await rm(dir, {recursive: true, force: true})
