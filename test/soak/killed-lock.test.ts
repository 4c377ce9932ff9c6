/**
 * What the soak found about the terminal lock: a posdoc SIGKILLed between taking the lock (mkdir)
 * and naming itself (owner file), or while releasing it, left a lock nobody could claim for 10 s
 * (TERMINAL_LOCKED, exit 3). These pin the fix in src/store/terminal-lock.ts without the soak's
 * timing: a nameless lock is taken over after OWNERLESS_GRACE_MS, a holder that names itself in
 * that time keeps it.
 */
import {spawn} from 'node:child_process'
import {mkdir, mkdtemp, rm, writeFile} from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import {afterEach, describe, expect, it} from 'vitest'

import {acquireTerminalLock, OWNERLESS_GRACE_MS} from '../../src/store/terminal-lock.js'

const KEY = 'tcp-127.0.0.1-20007-abcd1234'
const dirs: string[] = []
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, {recursive: true, force: true})
})

async function dataDir(): Promise<string> {
  const d = await mkdtemp(path.join(os.tmpdir(), 'posdoc-killed-lock-'))
  dirs.push(d)
  return d
}

describe('a lock left by a posdoc killed while taking it', () => {
  it('without an owner file it is taken over after the grace period, not after 10 s', async () => {
    const d = await dataDir()
    // what a kill between proper-lockfile's mkdir and the owner file leaves
    await mkdir(path.join(d, 'locks', `${KEY}.lock`), {recursive: true})
    const started = Date.now()
    const lock = await acquireTerminalLock(KEY, {command: 'void retry', label: '127.0.0.1:20007', env: {POSDOC_DATA_DIR: d}})
    const waited = Date.now() - started
    await lock.release()
    expect(waited).toBeGreaterThanOrEqual(OWNERLESS_GRACE_MS - 50)
    expect(waited).toBeLessThan(5_000)
  })

  it('a live holder that names itself within the grace period keeps it', async () => {
    const d = await dataDir()
    const locks = path.join(d, 'locks')
    await mkdir(path.join(locks, `${KEY}.lock`), {recursive: true})
    const holder = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 20000)'], {stdio: 'ignore'})
    try {
      // the holder is slow to write its name (a loaded machine), but alive
      const named = new Promise<void>((resolve) =>
        setTimeout(() => {
          void writeFile(path.join(locks, `${KEY}.owner.json`), JSON.stringify({pid: holder.pid, host: os.hostname(), command: 'void retry', since: new Date().toISOString()})).then(() => resolve())
        }, OWNERLESS_GRACE_MS / 3),
      )
      await expect(acquireTerminalLock(KEY, {command: 'device probe', label: '127.0.0.1:20007', env: {POSDOC_DATA_DIR: d}})).rejects.toMatchObject({code: 'TERMINAL_LOCKED', exitCode: 3})
      await named
    } finally {
      holder.kill('SIGKILL')
    }
  })
})
