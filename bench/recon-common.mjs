// Shared by the recon benchmarks (bench/recon.mjs, bench/recon-foreign.mjs): the DuckDB
// yardstick's installation and child processes that report their own figures as JSON.
import {spawn} from 'node:child_process'
import {createWriteStream} from 'node:fs'
import {stat} from 'node:fs/promises'
import path from 'node:path'
import {fileURLToPath} from 'node:url'
import iconv from 'iconv-lite'

const here = path.dirname(fileURLToPath(import.meta.url))
const DUCKDB_VERSION = '1.5.6-r.1'

/**
 * DuckDB is a yardstick, not a dependency: it is installed on first use into bench/.duckdb (not
 * in package.json: its lock entries name per-platform binaries that not every registry mirror
 * carries, and `npm ci` would fail on them). [] when it cannot be installed.
 */
export async function ensureDuckdb() {
  const prefix = path.join(here, '.duckdb')
  const entry = path.join(prefix, 'node_modules', '@duckdb', 'node-api')
  try {
    await stat(entry)
    return prefix
  } catch {
    console.log(`installing the DuckDB baseline into ${prefix} (once)…`)
    const r = await new Promise((resolve) => {
      const c = spawn(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['install', '--no-save', '--no-package-lock', '--prefix', prefix, `@duckdb/node-api@${DUCKDB_VERSION}`], {stdio: ['ignore', 'ignore', 'inherit']})
      c.on('error', () => resolve(1))
      c.on('close', resolve)
    })
    return r === 0 ? prefix : undefined
  }
}

export function runChild(childArgs) {
  return new Promise((resolve, reject) => {
    const c = spawn(process.execPath, childArgs, {stdio: ['ignore', 'pipe', 'inherit']})
    let out = ''
    c.stdout.on('data', (d) => (out += d))
    c.on('error', reject)
    c.on('close', (code) => (code === 0 ? resolve(JSON.parse(out.trim().split('\n').pop())) : reject(new Error(`child exited ${code}`))))
  })
}

/** Buffered line writer for generated files (GBK encoded with encoding "gbk"), with back pressure. */
export function writer(file, encoding = 'utf8') {
  const s = createWriteStream(file, {highWaterMark: 1 << 20})
  let buf = ''
  let full = false
  const flush = () => {
    if (buf) full = !s.write(encoding === 'gbk' ? iconv.encode(buf, 'gbk') : buf) || full
    buf = ''
  }
  return {
    line(l) {
      buf += l + '\n'
      if (buf.length > 1 << 16) flush()
    },
    full: () => full,
    drain: () => {
      flush()
      return full
        ? new Promise((r) =>
            s.once('drain', () => {
              full = false
              r()
            }),
          )
        : Promise.resolve()
    },
    end: () => {
      flush()
      return new Promise((r) => s.end(r))
    },
  }
}
