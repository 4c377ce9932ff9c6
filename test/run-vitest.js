// Runs a vitest suite with a private TMPDIR, then the PAN leak scan over everything the suite
// wrote, and prints the plain "N passed, N failed" line CI reads. `--long` picks the long suite
// (fuzzing, soaks, 2 GB streaming: vitest.config.ts); other arguments go to vitest.
import {spawnSync} from 'node:child_process'
import {mkdtempSync, readFileSync, rmSync} from 'node:fs'
import os from 'node:os'
import path from 'node:path'

import {scan} from './pan-scan.js'

const long = process.argv.includes('--long')
const suite = long ? 'long' : 'default'
const out = long ? '.vitest-long.json' : '.vitest.json'
rmSync(out, {force: true})
const tmp = mkdtempSync(path.join(os.tmpdir(), 'posdoc-test-run-'))
const args = ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile=${out}`, ...process.argv.slice(2).filter((a) => a !== '--long')]
const started = Date.now()
const run = spawnSync('npx', args, {stdio: 'inherit', env: {...process.env, TMPDIR: tmp, POSDOC_DATA_DIR: path.join(tmp, 'posdoc-data'), POSDOC_TEST_SUITE: suite}})
const wall = ((Date.now() - started) / 1000).toFixed(0)

let passed = 0
let failed = 0
let skipped = 0
try {
  const r = JSON.parse(readFileSync(out, 'utf8'))
  passed = r.numPassedTests
  failed = r.numFailedTests
  skipped = r.numPendingTests + (r.numTodoTests ?? 0)
  if (r.numTotalTests === 0) {
    console.log('no tests ran')
    process.exit(1)
  }
} catch (e) {
  console.log(`vitest did not write a report: ${e.message}`)
  process.exit(run.status || 1)
}

// everything the suite wrote: its TMPDIR, the working tree (fixtures excluded), the report
const {files, leaks} = scan([tmp, 'src', 'commands', 'test', 'docs', 'bench', 'bin', 'README.md', out])
for (const l of leaks) console.log(`PAN leak: ${l.file}:${l.line} (${l.masked})`)
console.log(`pan-scan: ${files} files scanned, ${leaks.length} Luhn-valid card numbers outside fixtures`)
console.log(`${suite} suite: vitest took ${wall} s`)
if (leaks.length === 0) rmSync(tmp, {recursive: true, force: true})
else console.log(`kept ${tmp} for inspection`)

console.log(`${passed} passed, ${failed + (leaks.length ? 1 : 0)} failed${skipped ? `, ${skipped} skipped` : ''}`)
process.exit(run.status !== 0 ? run.status || 1 : leaks.length ? 1 : 0)
