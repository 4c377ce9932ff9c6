import {open, rename} from 'node:fs/promises'

/** Make a fully written temp file durable, then move it into place (a crash leaves old or new, never half). */
export async function syncAndRename(tmp: string, dest: string): Promise<void> {
  const fh = await open(tmp, 'r+')
  try {
    await fh.sync()
  } finally {
    await fh.close()
  }
  await rename(tmp, dest)
}
