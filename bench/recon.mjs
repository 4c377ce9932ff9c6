#!/usr/bin/env node
// Reconciliation benchmark (not a test): generates 1,000,000 journal rows and 1,000,000
// settlement rows into a temp dir, then reconciles them in a fresh child process through the
// same code as `posdoc recon` (dist/, so run `npx tsc -p tsconfig.json` first): as posdoc runs
// (both files read in worker threads on a machine with two cores), and on one thread. Prints
// wall time, rows/s and peak RSS, and writes the figures to bench/results/recon.json.
//
//   node bench/recon.mjs [--rows N] [--out] [--keep] [--no-duckdb]
//     --rows N      rows per side (default 1,000,000)
//     --out         also write every classified record to a CSV (like `posdoc recon --out`)
//     --keep        keep the generated files
//     --no-duckdb   skip the column-store baseline (bench/recon-duckdb.mjs, DuckDB on all
//                   cores and on one; the target is posdoc within 2× of it)
import {performance} from 'node:perf_hooks'
import {mkdir, mkdtemp, readFile, rm, stat, writeFile} from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import {fileURLToPath} from 'node:url'

import {ensureDuckdb, runChild, writer} from './recon-common.mjs'

const here = path.dirname(fileURLToPath(import.meta.url))
const dist = path.join(here, '..', 'dist', 'src', 'recon')
const args = process.argv.slice(2)
const opt = (name) => args.includes(name)
const num = (name, dflt) => {
  const i = args.indexOf(name)
  return i >= 0 ? Number(args[i + 1]) : dflt
}

if (opt('--child')) await child()
else if (opt('--floor')) await floor()
else await main()

async function main() {
  const rows = num('--rows', 1_000_000)
  const dir = await mkdtemp(path.join(os.tmpdir(), 'posdoc-bench-recon-'))
  const journal = path.join(dir, 'journal.csv')
  const settlement = path.join(dir, 'settlement.csv')
  const started = performance.now()
  const expected = await generate(rows, journal, settlement)
  const genMs = performance.now() - started
  const sizes = {journalBytes: (await stat(journal)).size, settlementBytes: (await stat(settlement)).size}
  console.log(`generated ${rows.toLocaleString('en')} + ${rows.toLocaleString('en')} rows in ${(genMs / 1000).toFixed(1)} s (${mb(sizes.journalBytes)} + ${mb(sizes.settlementBytes)}) in ${dir}`)

  const childArgs = [fileURLToPath(import.meta.url), '--child', journal, settlement]
  if (opt('--out')) childArgs.push('--out', path.join(dir, 'recon.csv'))
  // best of two, like the DuckDB runs below; the peak RSS is the higher of the two
  const runs = [await runChild(childArgs), await runChild(childArgs)]
  const figures = {...runs.reduce((a, b) => (a.wallMs <= b.wallMs ? a : b)), maxRssKB: Math.max(...runs.map((r) => r.maxRssKB))}
  // the same reconciliation on one thread (no worker threads)
  const serial = await runChild([...childArgs, '--serial'])
  // what csv-parse alone costs on the same files (same options, no normalising, no matching)
  const parseOnly = await runChild([fileURLToPath(import.meta.url), '--floor', journal, settlement])
  // the column-store yardstick: DuckDB on all cores and on one (posdoc's recon runs on one)
  const duckdb = opt('--no-duckdb') ? [] : await duckdbRuns(journal, settlement)
  const total = rows * 2
  const result = {
    date: new Date().toISOString(),
    node: process.version,
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    rowsPerSide: rows,
    ...sizes,
    withOut: opt('--out'),
    parallel: figures.parallel,
    wallSeconds: round(figures.wallMs / 1000, 2),
    serialWallSeconds: round(serial.wallMs / 1000, 2),
    serialPeakRssMB: round(serial.maxRssKB / 1024, 1),
    rowsPerSecond: Math.round(total / (figures.wallMs / 1000)),
    peakRssMB: round(figures.maxRssKB / 1024, 1),
    journalIndexMB: round(figures.indexBytes / 1_048_576, 1),
    csvParseOnlySeconds: round(parseOnly.wallMs / 1000, 2),
    duckdb: duckdb.map((d) => ({threads: d.threads, wallSeconds: round(d.wallMs / 1000, 2), peakRssMB: round(d.maxRssKB / 1024, 1), sameCategories: sameCounts(d.categories, figures.categories)})),
    categories: figures.categories,
    expected,
    checks: {
      missingOk: figures.categories.missing === expected.missing + expected.held,
      mismatchOk: figures.categories['amount-mismatch'] === expected.amountDiffs,
      unknownOk: figures.categories['unknown-to-terminal'] === expected.unknown,
    },
  }
  console.log(`categories: ${JSON.stringify(result.categories)}`)
  console.log(`checks against the generator: ${JSON.stringify(result.checks)}`)
  await mkdir(path.join(here, 'results'), {recursive: true})
  await writeFile(path.join(here, 'results', 'recon.json'), JSON.stringify(result, null, 2) + '\n')

  const lines = [
    [`recon wall time (1M journal × 1M settlement)${result.parallel ? ', files read in 2 threads' : ''}`, `${result.wallSeconds} s`],
    ['rows per second (both files)', result.rowsPerSecond.toLocaleString('en')],
    ['peak RSS', `${result.peakRssMB} MB`, 'target ≤ 400 MB', result.peakRssMB <= 400],
    ['the same on one thread: wall / peak RSS', `${result.serialWallSeconds} s / ${result.serialPeakRssMB} MB`],
    ['csv-parse alone on the same files (old reader)', `${result.csvParseOnlySeconds} s`],
  ]
  for (const d of result.duckdb) {
    lines.push([`DuckDB, ${d.threads} thread(s): wall / peak RSS`, `${d.wallSeconds} s / ${d.peakRssMB} MB${d.sameCategories ? '' : ' (counts differ!)'}`])
    // the target compares each engine as it runs (every core); one thread against one thread is shown too
    if (d.threads > 1) lines.push([`posdoc ÷ DuckDB, both on ${d.threads} cores`, `${round(result.wallSeconds / d.wallSeconds, 2)}×`, 'target ≤ 2×', result.wallSeconds / d.wallSeconds <= 2])
    else lines.push(['posdoc ÷ DuckDB, both on one thread', `${round(result.serialWallSeconds / d.wallSeconds, 2)}×`])
  }
  if (duckdb.length === 0) lines.push(['DuckDB baseline', opt('--no-duckdb') ? 'skipped (--no-duckdb)' : 'unavailable (npm could not install @duckdb/node-api)'])
  console.log('\n== recon benchmark ==')
  const width = Math.max(...lines.map(([label]) => label.length))
  for (const [label, value, target, ok] of lines) console.log(`${label.padEnd(width)} ${value.padStart(16)}${target ? `  (${target}: ${ok ? 'met' : 'NOT met'})` : ''}`)
  if (!opt('--keep')) await rm(dir, {recursive: true, force: true})
}

/** The measured run: a fresh process, so its peak RSS is the reconciliation's alone. */
async function child() {
  const [journal, settlement] = args.slice(1, 3)
  const outIdx = args.indexOf('--out')
  const {reconcile} = await import(path.join(dist, 'engine.js'))
  const {BUILT_IN_PROFILES} = await import(path.join(dist, 'profiles.js'))
  const {openReconSink} = await import(path.join(dist, 'output.js'))
  const {JournalIndex} = await import(path.join(dist, 'journal-index.js'))
  const sink = outIdx >= 0 ? openReconSink(args[outIdx + 1], 'csv') : undefined
  const started = performance.now()
  const parallel = opt('--serial') ? false : 'auto'
  const r = await reconcile({journalFiles: [journal], settlementFiles: [settlement], profiles: BUILT_IN_PROFILES, lang: 'en', parallel, ...(sink ? {sink} : {})})
  if (sink) await sink.close()
  const wallMs = performance.now() - started
  const categories = Object.fromEntries(Object.entries(r.totals.byCategory).map(([k, v]) => [k, v.count]))
  // the index's own footprint for 1M rows (estimate: same column layout, empty)
  const indexBytes = new JournalIndex(r.journal[0].usable).bytes
  process.stdout.write(JSON.stringify({wallMs, maxRssKB: process.resourceUsage().maxRSS, categories, indexBytes, parallel: parallel === 'auto' && os.availableParallelism() > 1}) + '\n')
}

/** csv-parse over both files with the options the importer uses, nothing else. */
async function floor() {
  const [journal, settlement] = args.slice(1, 3)
  const {parse} = await import('csv-parse')
  const {createReadStream} = await import('node:fs')
  const started = performance.now()
  for (const file of [journal, settlement]) {
    await new Promise((resolve, reject) => {
      const p = parse({bom: true, relax_column_count: true, relax_quotes: true, skip_empty_lines: true, skip_records_with_error: true})
      p.on('data', () => undefined)
      p.on('end', resolve)
      p.on('error', reject)
      createReadStream(file, {highWaterMark: 1 << 20}).pipe(p)
    })
  }
  process.stdout.write(JSON.stringify({wallMs: performance.now() - started, maxRssKB: process.resourceUsage().maxRSS}) + '\n')
}

/** DuckDB on every core, then on one; [] when it is not available. */
async function duckdbRuns(journal, settlement) {
  const prefix = await ensureDuckdb()
  if (!prefix) return []
  const script = path.join(prefix, 'recon-duckdb.mjs')
  // run from inside the prefix so `import '@duckdb/node-api'` resolves there
  await writeFile(script, await readFile(path.join(here, 'recon-duckdb.mjs')))
  const runs = []
  for (const threads of [os.cpus().length, 1]) {
    // best of two: the first run also pays for loading the engine from disk
    const a = await runChild([script, journal, settlement, '--threads', String(threads)])
    const b = await runChild([script, journal, settlement, '--threads', String(threads)])
    runs.push(a.wallMs <= b.wallMs ? a : b)
  }
  return runs
}

/** DuckDB's query computes the core categories; the counts must agree with posdoc's. */
function sameCounts(duck, ours) {
  return Object.entries(duck).every(([k, v]) => ours[k] === v)
}

/**
 * Deterministic data: 50 terminals, 30 days, traces counting per terminal. Journal in posdoc's
 * transaction-list format, settlement in the simulator's settlement format. The settlement leaves
 * out 0.3 % of approved items, holds 0.1 %, changes the amount of 0.2 %, and is filled up to the
 * same row count with items the journal does not know.
 */
async function generate(rows, journalFile, settlementFile) {
  let seed = 42
  const rnd = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 4294967296)
  const jw = writer(journalFile)
  const sw = writer(settlementFile)
  jw.line('\uFEFFtime,type,amount,currency,pan_masked,card_type,trace_number,receipt_number,turnover_number,auth_code,rrn,terminal_id,merchant_id,batch_number,batch_open,result_code,result_scheme,result_text,result_advice,state,original_trace_number,source,settlement_status,settlement_date,fee')
  sw.line('settlement_date,merchant_id,terminal_id,batch_number,trace_number,receipt_number,txn_time,txn_type,amount_cents,fee_cents,net_cents,currency_code,pan_masked,card_name,auth_code,rrn,response_code,status,remark')
  const p2 = (n) => String(n).padStart(2, '0')
  const expected = {missing: 0, held: 0, amountDiffs: 0, unknown: 0}
  const terminals = 50
  const traces = new Array(terminals).fill(0)
  let sRows = 0
  const day0 = Date.UTC(2026, 1, 2)
  for (let i = 0; i < rows; i++) {
    const t = i % terminals
    const tid = String(29_000_000 + t)
    const trace = ++traces[t]
    const ms = day0 + Math.floor((i / rows) * 30) * 86_400_000 + 8 * 3_600_000 + Math.floor(rnd() * 12 * 3_600_000)
    const d = new Date(ms)
    const date = `${d.getUTCFullYear()}-${p2(d.getUTCMonth() + 1)}-${p2(d.getUTCDate())}`
    const time = `${date} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}`
    const cents = 300 + Math.floor(rnd() * 30_000)
    const roll = rnd()
    const declined = roll < 0.02
    const voided = roll >= 0.02 && roll < 0.03
    const refund = roll >= 0.03 && roll < 0.04
    const type = refund ? 'refund' : 'sale'
    const state = declined ? 'declined' : voided ? 'voided' : 'approved'
    const code = declined ? '51' : '00'
    const pan = `622588******${String(1000 + Math.floor(rnd() * 9000))}`
    const auth = String(Math.floor(rnd() * 1_000_000)).padStart(6, '0')
    const batch = Math.floor((i / rows) * 30) + 1
    jw.line(`${time},${type},${(cents / 100).toFixed(2)},CNY,${pan},UnionPay,${trace},${trace % 10_000},${trace},${auth},,${tid},102310045110001,${batch},no,${code},iso8583,,,${state},,read-file,,,`)
    if (state !== 'approved') continue
    const s = rnd()
    if (s < 0.003) {
      expected.missing++
      continue
    }
    const held = s >= 0.003 && s < 0.004
    const diff = s >= 0.004 && s < 0.006
    if (held) expected.held++
    if (diff) expected.amountDiffs++
    const amount = diff ? cents - 100 : cents
    const fee = refund ? 0 : Math.round(amount * 0.006)
    sw.line(`${held ? '' : date},102310045110001,${tid},${batch},${trace},${trace % 10_000},${time},${type},${amount},${fee},${refund ? -amount : amount - fee},156,${pan},UnionPay,${auth},${date.slice(2).replace(/-/g, '')}${String(trace).padStart(6, '0')},00,${held ? 'held' : 'settled'},`)
    sRows++
    if (jw.full() || sw.full()) await Promise.all([jw.drain(), sw.drain()])
  }
  // fill up with items the terminals never booked (trace numbers beyond theirs)
  for (let k = 0; sRows < rows; k++, sRows++) {
    const t = k % terminals
    const trace = rows + k
    const date = '2026-02-15'
    sw.line(`2026-02-16,102310045110001,${29_000_000 + t},15,${trace},1,${date} 12:00:00,sale,1000,6,994,156,622588******0000,UnionPay,000000,260215${String(trace % 1_000_000).padStart(6, '0')},00,settled,`)
    expected.unknown++
    if (sw.full()) await sw.drain()
  }
  await Promise.all([jw.end(), sw.end()])
  return expected
}

function mb(bytes) {
  return `${(bytes / 1_048_576).toFixed(0)} MB`
}

function round(n, d) {
  return Math.round(n * 10 ** d) / 10 ** d
}
