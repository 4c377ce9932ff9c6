import {mkdir, stat} from 'node:fs/promises'
import path from 'node:path'

/**
 * mkdir -p without `recursive: true`: Node 20's recursive mkdir never returns for a path under
 * /proc or /sys (it retries ENOENT forever), and --out is user input.
 */
export async function ensureDir(dir: string, depth = 0): Promise<void> {
  try {
    await mkdir(dir)
    return
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code
    if (code === 'EEXIST') {
      if ((await stat(dir)).isDirectory()) return
      throw e
    }
    const parent = path.dirname(dir)
    if (code !== 'ENOENT' || parent === dir || depth > 64) throw e
    await ensureDir(parent, depth + 1)
    // once: a second ENOENT means this file system will not create it
    await mkdir(dir).catch(async (e2: NodeJS.ErrnoException) => {
      if (e2.code !== 'EEXIST' || !(await stat(dir)).isDirectory()) throw e2
    })
  }
}
