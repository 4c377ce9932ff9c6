// Loaded with `node --import` into the measured posdoc process: writes its peak RSS (KB) and CPU
// time (µs, user + system; both with the worker threads) to $POSDOC_BENCH_RSS when it exits, so
// the CLI runs exactly as a user runs it.
import {writeFileSync} from 'node:fs'

const out = process.env.POSDOC_BENCH_RSS
if (out) {
  process.on('exit', () => {
    const u = process.resourceUsage()
    writeFileSync(out, JSON.stringify({maxRssKB: u.maxRSS, cpuMicros: u.userCPUTime + u.systemCPUTime}))
  })
}
