// Loaded with `node --import` into the measured posdoc process: writes its peak RSS (KB, worker
// threads included) to $POSDOC_BENCH_RSS when it exits, so the CLI runs exactly as a user runs it.
import {writeFileSync} from 'node:fs'

const out = process.env.POSDOC_BENCH_RSS
if (out) process.on('exit', () => writeFileSync(out, String(process.resourceUsage().maxRSS)))
