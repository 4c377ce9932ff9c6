// Cold start of `posdoc --help` and `posdoc --version` against `node -e 0` on the same machine.
// Target: ratio <= 1.5 (issue 7). Run after `npm run build`.
import {fileURLToPath} from 'node:url'

import {median, report, timeCommand} from './lib.mjs'

const bin = fileURLToPath(new URL('../bin/run.js', import.meta.url))
const runs = Number(process.env.BENCH_RUNS ?? 30)
const floor = median(timeCommand(process.execPath, ['-e', '0'], {runs}))
const version = median(timeCommand(process.execPath, [bin, '--version'], {runs}))
const help = median(timeCommand(process.execPath, [bin, '--help'], {runs}))
const probeHelp = median(timeCommand(process.execPath, [bin, 'device', 'probe', '--help'], {runs: Math.ceil(runs / 3)}))
const r = (x) => Math.round((x / floor) * 100) / 100
report('startup', [
  {label: 'node -e 0 (floor), median', value: floor.toFixed(1), unit: 'ms'},
  {label: 'posdoc --version, median', value: version.toFixed(1), unit: 'ms'},
  {label: 'posdoc --version / floor', value: r(version), unit: 'x', target: '<= 1.5x', ok: r(version) <= 1.5},
  {label: 'posdoc --help, median', value: help.toFixed(1), unit: 'ms'},
  {label: 'posdoc --help / floor', value: r(help), unit: 'x', target: '<= 1.5x', ok: r(help) <= 1.5},
  {label: 'posdoc device probe --help (loads oclif), median', value: probeHelp.toFixed(1), unit: 'ms'},
])
