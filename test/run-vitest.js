// Runs the vitest suite and prints the plain "N passed, N failed" line CI reads.
import {spawnSync} from 'node:child_process'
import {readFileSync, rmSync} from 'node:fs'

const out = '.vitest.json'
rmSync(out, {force: true})
const args = ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile=${out}`, ...process.argv.slice(2)]
const run = spawnSync('npx', args, {stdio: 'inherit'})
let summary = 'vitest did not write a report'
try {
  const r = JSON.parse(readFileSync(out, 'utf8'))
  summary = `${r.numPassedTests} passed, ${r.numFailedTests} failed` + (r.numPendingTests ? `, ${r.numPendingTests} skipped` : '')
  if (r.numTotalTests === 0) {
    console.log('no tests ran')
    process.exit(1)
  }
} catch (e) {
  console.log(summary, e.message)
  process.exit(run.status || 1)
}
console.log(summary)
process.exit(run.status ?? 1)
