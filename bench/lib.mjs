// Shared helpers for benchmark scripts: timing, summary block, JSON results.
import {mkdirSync, writeFileSync} from 'node:fs'
import {spawnSync} from 'node:child_process'

export function median(xs) {
  const s = [...xs].sort((a, b) => a - b)
  const m = Math.floor(s.length / 2)
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2
}

export function percentile(xs, p) {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]
}

/** Wall time of a command in ms, n runs after w warm-ups. */
export function timeCommand(cmd, args, {runs = 20, warmup = 3, cwd} = {}) {
  const times = []
  for (let i = 0; i < warmup + runs; i++) {
    const t0 = process.hrtime.bigint()
    const r = spawnSync(cmd, args, {cwd, stdio: 'ignore'})
    const ms = Number(process.hrtime.bigint() - t0) / 1e6
    if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}`)
    if (i >= warmup) times.push(ms)
  }
  return times
}

/**
 * Print the final summary block (one line per figure, with its target) and write the figures
 * as JSON to bench/results/<name>.json so runs can be compared.
 */
export function report(name, figures) {
  const lines = [`== ${name} ==`]
  for (const f of figures) {
    const target = f.target ? `  (target ${f.target}${f.ok === undefined ? '' : f.ok ? ': met' : ': NOT met'})` : ''
    lines.push(`${f.label.padEnd(44)} ${String(f.value).padStart(12)} ${f.unit ?? ''}${target}`)
  }
  console.log(lines.join('\n'))
  const dir = new URL('./results/', import.meta.url)
  mkdirSync(dir, {recursive: true})
  writeFileSync(new URL(`${name}.json`, dir), JSON.stringify({name, at: new Date().toISOString(), node: process.version, figures}, null, 2) + '\n')
}
