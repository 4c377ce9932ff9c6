/**
 * The case bundle: one zip with the rendered reports, every evidence file and MANIFEST.sha256
 * (`sha256sum -c` format, paths relative to the bundle folder). Evidence is hashed again as it
 * is zipped; if a file no longer matches what the redaction gate scanned, the bundle is dropped.
 */
import {createHash, randomBytes} from 'node:crypto'
import {createReadStream, createWriteStream} from 'node:fs'
import {rm} from 'node:fs/promises'
import {syncAndRename} from '../util/durable.js'
import path from 'node:path'

import {HashingStream} from '../case/evidence.js'

export interface BundleInput {
  /** top folder inside the zip (the case id) */
  folder: string
  /** files written from memory: report.md, report.json, report.html */
  files: Array<{name: string; content: Buffer}>
  /** files streamed from disk, with the sha256 the redaction gate saw */
  evidence: Array<{name: string; path: string; sha256: string}>
  /** entry timestamps (the report's generatedAt): the same case gives the same entries */
  date: Date
}

export class BundleChangedError extends Error {
  constructor(readonly file: string) {
    super(`${file} changed while the bundle was written`)
    this.name = 'BundleChangedError'
  }
}

export function manifest(entries: Array<{name: string; sha256: string}>): string {
  return entries.map((e) => `${e.sha256}  ${e.name}\n`).join('')
}

/** Write the zip to `dest` atomically (temp file, fsync, rename); returns the manifest text. */
export async function writeBundle(dest: string, input: BundleInput): Promise<{manifest: string}> {
  const {ZipArchive} = await import('archiver')
  const tmp = path.join(path.dirname(dest), `.${path.basename(dest)}.${randomBytes(4).toString('hex')}.tmp`)
  const out = createWriteStream(tmp)
  const archive = new ZipArchive({zlib: {level: 9}})
  const closed = new Promise<void>((resolve, reject) => {
    out.on('close', resolve)
    out.on('error', reject)
    archive.on('error', reject)
  })
  // awaited only on success; a failure path must not leave an unhandled rejection behind
  closed.catch(() => undefined)
  archive.pipe(out)
  try {
    const entries: Array<{name: string; sha256: string}> = []
    for (const f of input.files) {
      archive.append(f.content, {name: `${input.folder}/${f.name}`, date: input.date})
      entries.push({name: f.name, sha256: createHash('sha256').update(f.content).digest('hex')})
    }
    const hashed: Array<Promise<void>> = []
    for (const e of input.evidence) {
      const hasher = new HashingStream()
      const src = createReadStream(e.path)
      src.on('error', (err) => hasher.destroy(err))
      src.pipe(hasher)
      hashed.push(
        new Promise<void>((resolve, reject) => {
          hasher.on('end', () => (hasher.sha256 === e.sha256 ? resolve() : reject(new BundleChangedError(e.name))))
          hasher.on('error', reject)
        }),
      )
      archive.append(hasher, {name: `${input.folder}/${e.name}`, date: input.date})
      entries.push({name: e.name, sha256: e.sha256})
    }
    // the manifest goes last, once every evidence stream was zipped and proved unchanged
    await Promise.all(hashed)
    const text = manifest(entries)
    archive.append(Buffer.from(text), {name: `${input.folder}/MANIFEST.sha256`, date: input.date})
    await archive.finalize()
    await closed
    await syncAndRename(tmp, dest)
    return {manifest: text}
  } catch (e) {
    archive.abort()
    out.destroy()
    await rm(tmp, {force: true})
    throw e
  }
}
