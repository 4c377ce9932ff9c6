// `npm run bench`: every benchmark in turn; each prints its own summary block and writes bench/results/*.json.
import {spawnSync} from 'node:child_process'
import {existsSync} from 'node:fs'
import {fileURLToPath} from 'node:url'

const only = process.argv.slice(2)
const all = ['startup', 'batch', 'recon', 'serial-pull', 'flow', 'qr']
let failed = 0
for (const name of only.length ? only : all) {
  const file = fileURLToPath(new URL(`./${name}.mjs`, import.meta.url))
  if (!existsSync(file)) {
    console.log(`== ${name} == (no benchmark script yet)`)
    continue
  }
  const r = spawnSync(process.execPath, ['--expose-gc', file], {stdio: 'inherit'})
  if (r.status !== 0) failed++
}
process.exit(failed ? 1 : 0)
