// PAN leak scan: after the test suite ran, look through everything it wrote (its private TMPDIR,
// the repo's working tree outside fixtures, the vitest report) for Luhn-valid card numbers.
// Test inputs that must carry a full test PAN live under a directory named "fixtures".
import {lstatSync, readdirSync, readFileSync} from 'node:fs'
import path from 'node:path'

const MAX_BYTES = 20 * 1024 * 1024
// 13–19 digits starting like a real card (2–6), contiguous or printed in groups of 4+ digits
// ("#### #### #### ####", "####-######-#####"); hex dumps (2-digit groups) are not text PANs
// and would match amounts by chance, so they are left to the wire log's own masking.
// (digits right after a decimal point are fractions, e.g. durations in a test report)
// (runs glued to hex letters are part of a hex string such as a stored APDU, not text)
const CANDIDATE = /(?<![0-9a-fA-F.])[2-6][0-9]{3,}(?:[ -][0-9]{4,})*(?![0-9a-fA-F]|\.[0-9])/g

export function luhnValid(digits) {
  let sum = 0
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48
    if (i % 2 === 1) {
      d *= 2
      if (d > 9) d -= 9
    }
    sum += d
  }
  return sum % 10 === 0
}

export function findPans(text) {
  const hits = []
  for (const m of text.matchAll(CANDIDATE)) {
    const digits = m[0].replace(/[ -]/g, '')
    if (digits.length < 13 || digits.length > 19 || /^(\d)\1+$/.test(digits)) continue
    if (luhnValid(digits)) hits.push({index: m.index, masked: `${digits.slice(0, 6)}${'*'.repeat(digits.length - 10)}${digits.slice(-4)}`})
  }
  return hits
}

const SKIP_DIRS = new Set(['node_modules', '.git', 'fixtures', 'vectors'])

function* walk(dir) {
  let names
  try {
    if (lstatSync(dir).isFile()) {
      yield dir
      return
    }
    names = readdirSync(dir)
  } catch {
    return
  }
  for (const name of names) {
    const full = path.join(dir, name)
    let st
    try {
      st = lstatSync(full)
    } catch {
      continue
    }
    if (st.isDirectory()) {
      if (!SKIP_DIRS.has(name)) yield* walk(full)
    } else if (st.isFile() && st.size <= MAX_BYTES) {
      // never open ptys, sockets or fifos: only regular files
      yield full
    }
  }
}

export function scan(roots) {
  const leaks = []
  let files = 0
  for (const root of roots) {
    for (const file of walk(root)) {
      files++
      let text
      try {
        text = readFileSync(file, 'latin1')
      } catch {
        continue
      }
      for (const hit of findPans(text)) {
        const line = text.slice(0, hit.index).split('\n').length
        leaks.push({file, line, masked: hit.masked})
      }
    }
  }
  return {files, leaks}
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const roots = process.argv.slice(2)
  const {files, leaks} = scan(roots)
  for (const l of leaks) console.log(`PAN leak: ${l.file}:${l.line} (${l.masked})`)
  console.log(`pan-scan: ${files} files scanned, ${leaks.length} Luhn-valid card numbers outside fixtures`)
  process.exit(leaks.length ? 1 : 0)
}
