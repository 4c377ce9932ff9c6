/** A minimal zip reader for tests (central directory + stored/deflated entries), so no unzip binary is needed. */
import {inflateRawSync} from 'node:zlib'

export interface ZipEntry {
  name: string
  data: Buffer
  /** UTF-8 name flag (bit 11) */
  utf8: boolean
}

export function readZip(zip: Buffer): ZipEntry[] {
  // end of central directory: signature 0x06054b50, searched from the end (comment may follow)
  let eocd = -1
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 0xffff); i--) {
    if (zip.readUInt32LE(i) === 0x06054b50) {
      eocd = i
      break
    }
  }
  if (eocd < 0) throw new Error('not a zip file')
  const count = zip.readUInt16LE(eocd + 10)
  let p = zip.readUInt32LE(eocd + 16)
  const entries: ZipEntry[] = []
  for (let n = 0; n < count; n++) {
    if (zip.readUInt32LE(p) !== 0x02014b50) throw new Error('bad central directory')
    const flags = zip.readUInt16LE(p + 8)
    const method = zip.readUInt16LE(p + 10)
    const compSize = zip.readUInt32LE(p + 20)
    const nameLen = zip.readUInt16LE(p + 28)
    const extraLen = zip.readUInt16LE(p + 30)
    const commentLen = zip.readUInt16LE(p + 32)
    const local = zip.readUInt32LE(p + 42)
    const name = zip.subarray(p + 46, p + 46 + nameLen).toString('utf8')
    const lNameLen = zip.readUInt16LE(local + 26)
    const lExtraLen = zip.readUInt16LE(local + 28)
    const start = local + 30 + lNameLen + lExtraLen
    const raw = zip.subarray(start, start + compSize)
    const data = method === 0 ? Buffer.from(raw) : method === 8 ? inflateRawSync(raw) : (() => { throw new Error(`method ${method}`) })()
    entries.push({name, data, utf8: Boolean(flags & 0x800)})
    p += 46 + nameLen + extraLen + commentLen
  }
  return entries
}
