#!/usr/bin/env node
// `posdoc --version` and `posdoc --help` are answered without loading oclif (the root help text
// is rendered by oclif at build time into dist/root-help.txt): a merchant's slow shop PC gets
// an answer in about the time node itself needs to start.
import {readdirSync, readFileSync, statSync} from 'node:fs'

const argv = process.argv.slice(2)
// POSDOC_NO_FAST_PATH=1 always goes through oclif (tests compare both paths)
const fresh = !process.env.POSDOC_NO_FAST_PATH && isBuildFresh()
if (argv.length === 1 && argv[0] === '--version') {
  const {name, version} = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'))
  process.stdout.write(`${name}/${version} ${process.platform}-${process.arch} node-${process.version}\n`)
} else if (argv.length === 1 && argv[0] === '--help' && fresh) {
  process.stdout.write(readFileSync(new URL('../dist/root-help.txt', import.meta.url), 'utf8'))
} else {
  if (!fresh && !process.env.POSDOC_NO_FAST_PATH) {
    // a manifest older than the compiled commands would hide or mis-parse them (a dev build with
    // plain tsc): rebuild it once; if that is impossible (read-only install) oclif still runs
    const {spawnSync} = await import('node:child_process')
    spawnSync(process.execPath, [new URL('./manifest.js', import.meta.url).pathname], {stdio: 'ignore'})
  }
  const {execute} = await import('@oclif/core')
  await execute({dir: import.meta.url})
}

/** True when oclif.manifest.json and dist/root-help.txt are newer than every compiled command. */
function isBuildFresh() {
  try {
    const built = Math.min(mtime('../oclif.manifest.json'), mtime('../dist/root-help.txt'))
    const dir = new URL('../dist/commands/', import.meta.url)
    return readdirSync(dir, {recursive: true}).every((f) => !String(f).endsWith('.js') || statSync(new URL(String(f), dir)).mtimeMs <= built)
  } catch {
    return false
  }
}

function mtime(rel) {
  return statSync(new URL(rel, import.meta.url)).mtimeMs
}
