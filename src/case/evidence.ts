/** Evidence files: copied line by line with card data masked, hashed on the way, renamed into place. */
import {createHash, randomBytes} from 'node:crypto'
import {createReadStream, createWriteStream} from 'node:fs'
import {rm} from 'node:fs/promises'
import {syncAndRename} from '../util/durable.js'
import path from 'node:path'
import {Readable, Transform, type TransformCallback} from 'node:stream'
import {pipeline} from 'node:stream/promises'

import {getLang} from '../i18n/index.js'
import {PosdocError} from '../output/errors.js'
import {ExitCode} from '../output/exit-codes.js'
import {maskCardDataBytes} from './card-data.js'
import {caseText} from './case-text.js'

/** A line longer than this is masked in pieces (binary without newlines). */
const MAX_LINE = 1 << 20

/** evidence/<name>: letters, digits, '.', '_', '-'; no leading dot; at most 100 characters. */
export function safeEvidenceName(name: string): string {
  const base = path.basename(name.replaceAll('\\', '/'))
  const safe = base
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^[._-]+/, '')
    .slice(0, 100)
  return safe || 'evidence'
}

/** Masks card data line by line (a PAN never spans lines); counts what it masked. */
export class MaskingStream extends Transform {
  masked = 0
  private carry: Buffer = Buffer.alloc(0)

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    let buf = this.carry.length > 0 ? Buffer.concat([this.carry, chunk]) : chunk
    let nl = buf.lastIndexOf(0x0a)
    if (nl < 0 && buf.length > MAX_LINE) nl = buf.length - 1
    if (nl < 0) {
      this.carry = buf
      return done()
    }
    const whole = buf.subarray(0, nl + 1)
    this.carry = Buffer.from(buf.subarray(nl + 1))
    buf = whole
    const out: Buffer[] = []
    let start = 0
    while (start < buf.length) {
      const end = buf.indexOf(0x0a, start)
      const stop = end < 0 ? buf.length : end + 1
      const r = maskCardDataBytes(buf.subarray(start, stop))
      this.masked += r.count
      out.push(r.bytes)
      start = stop
    }
    done(null, Buffer.concat(out))
  }

  override _flush(done: TransformCallback): void {
    if (this.carry.length === 0) return done()
    const r = maskCardDataBytes(this.carry)
    this.masked += r.count
    done(null, r.bytes)
  }
}

export class HashingStream extends Transform {
  size = 0
  private readonly hash = createHash('sha256')

  get sha256(): string {
    return this.hash.copy().digest('hex')
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    this.size += chunk.length
    this.hash.update(chunk)
    done(null, chunk)
  }
}

/** Write `source` to `dest` (via a temp file + fsync + rename); returns size, sha256 and the masked count. */
export async function copyEvidence(
  source: {content: string | Buffer} | {file: string},
  dest: string,
  opts: {mask: boolean},
): Promise<{size: number; sha256: string; masked: number}> {
  const tmp = path.join(path.dirname(dest), `.${path.basename(dest)}.${randomBytes(4).toString('hex')}.tmp`)
  const input = 'content' in source ? Readable.from([Buffer.from(source.content)]) : createReadStream(source.file)
  const masker = new MaskingStream()
  const hasher = new HashingStream()
  try {
    const stages: NodeJS.ReadWriteStream[] = opts.mask ? [masker, hasher] : [hasher]
    await pipeline(input, ...(stages as [Transform]), createWriteStream(tmp))
    await syncAndRename(tmp, dest)
  } catch (e) {
    await rm(tmp, {force: true})
    if ('file' in source && (e as NodeJS.ErrnoException).path === source.file) {
      const lang = getLang()
      throw new PosdocError({
        code: 'CASE_EVIDENCE_UNREADABLE',
        exitCode: ExitCode.Usage,
        message: caseText.evidenceUnreadable[lang](source.file, (e as NodeJS.ErrnoException).code ?? String(e)),
        remedy: caseText.evidenceUnreadableRemedy[lang],
        cause: e,
      })
    }
    throw new PosdocError({
      code: 'CASE_WRITE_FAILED',
      exitCode: ExitCode.Usage,
      message: caseText.writeFailed[getLang()](dest, (e as NodeJS.ErrnoException).code ?? String(e)),
      remedy: caseText.writeFailedRemedy[getLang()],
      cause: e,
    })
  }
  return {size: hasher.size, sha256: hasher.sha256, masked: opts.mask ? masker.masked : 0}
}

/** sha256 and size of a file (streamed). */
export async function hashFile(file: string): Promise<{size: number; sha256: string}> {
  const hash = createHash('sha256')
  let size = 0
  for await (const chunk of createReadStream(file)) {
    hash.update(chunk as Buffer)
    size += (chunk as Buffer).length
  }
  return {size, sha256: hash.digest('hex')}
}
