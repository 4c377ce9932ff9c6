/**
 * One posdoc per terminal: a lock in dataDir()/locks/ (proper-lockfile: an atomic mkdir of
 * <key>.lock, kept fresh while held) plus <key>.owner.json saying who holds it. A posdoc killed
 * with SIGKILL leaves its lock behind: on the same host a dead owner pid frees it at once, a lock
 * whose holder never named itself (killed between the mkdir and the owner file) after 1 s, and
 * proper-lockfile treats any lock not refreshed for 10 s as stale. Release removes the lock before
 * the owner file, so a kill in between leaves no lock at all.
 */
import {existsSync} from 'node:fs'
import {mkdir, readFile, rm, rmdir} from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import lockfile from 'proper-lockfile'
import writeFileAtomic from 'write-file-atomic'

import {getLang} from '../i18n/index.js'
import {ExitCode} from '../output/exit-codes.js'
import {PosdocError} from '../output/errors.js'
import {locksDir} from './paths.js'
import {storeText, type LockOwner} from './store-text.js'

/** A lock not refreshed for this long belongs to a dead process (proper-lockfile's own rule). */
export const LOCK_STALE_MS = 10_000
/** A posdoc names itself (owner file) right after taking the lock; a lock still nameless after this was left by one killed in between. */
export const OWNERLESS_GRACE_MS = 1_000

export interface TerminalLock {
  readonly key: string
  readonly file: string
  /** true if another process took the lock away (it was not refreshed in time): send nothing that moves money */
  readonly compromised: boolean
  release(): Promise<void>
}

export interface LockOptions {
  /** shown to a second posdoc that finds the terminal busy, e.g. "void retry" */
  command: string
  /** what the user calls the terminal, for the message */
  label: string
  env?: NodeJS.ProcessEnv
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (e) {
    // EPERM: it exists but belongs to someone else
    return (e as NodeJS.ErrnoException).code === 'EPERM'
  }
}

async function readOwner(file: string): Promise<LockOwner | undefined> {
  try {
    const o = JSON.parse(await readFile(file, 'utf8')) as Partial<LockOwner>
    if (typeof o.pid === 'number' && typeof o.host === 'string') return {pid: o.pid, host: o.host, command: String(o.command ?? 'posdoc'), since: String(o.since ?? '')}
  } catch {
    // missing or half-written: the holder is between mkdir and writing its owner file
  }
  return undefined
}

/**
 * The holder of a lock, waiting up to OWNERLESS_GRACE_MS for it to name itself; undefined: it never
 * did (killed between taking the lock and writing its name). A lock released meanwhile counts as
 * held by nobody alive.
 */
async function waitForOwner(ownerFile: string, lockDir: string): Promise<LockOwner | undefined> {
  for (let waited = 0; ; waited += 100) {
    const owner = await readOwner(ownerFile)
    if (owner) return owner
    if (waited >= OWNERLESS_GRACE_MS) return undefined
    await new Promise((resolve) => setTimeout(resolve, 100))
    if (!existsSync(lockDir)) return undefined
  }
}

export async function acquireTerminalLock(key: string, opts: LockOptions): Promise<TerminalLock> {
  const dir = locksDir(opts.env)
  const file = path.join(dir, key)
  const ownerFile = `${file}.owner.json`
  const lang = getLang()
  try {
    await mkdir(dir, {recursive: true})
  } catch (e) {
    throw new PosdocError({code: 'LOCK_FAILED', exitCode: ExitCode.ProblemFound, message: storeText.lockFailed[lang](dir, (e as Error).message), remedy: storeText.lockFailedRemedy[lang], cause: e})
  }
  let compromised = false
  const lockOpts = {
    realpath: false,
    stale: LOCK_STALE_MS,
    retries: 0,
    onCompromised: () => {
      compromised = true
    },
  }
  let release: () => Promise<void>
  try {
    release = await lockfile.lock(file, lockOpts)
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ELOCKED') {
      throw new PosdocError({code: 'LOCK_FAILED', exitCode: ExitCode.ProblemFound, message: storeText.lockFailed[lang](dir, (e as Error).message), remedy: storeText.lockFailedRemedy[lang], cause: e})
    }
    const owner = await waitForOwner(ownerFile, `${file}.lock`)
    if (owner === undefined || (owner.host === os.hostname() && owner.pid !== process.pid && !isAlive(owner.pid))) {
      // left behind by a posdoc that was killed: take it over now rather than after LOCK_STALE_MS
      await rmdir(`${file}.lock`).catch(() => undefined)
      try {
        release = await lockfile.lock(file, lockOpts)
      } catch {
        throw lockedError(opts.label, await readOwner(ownerFile))
      }
    } else {
      throw lockedError(opts.label, owner)
    }
  }
  const me: LockOwner = {pid: process.pid, host: os.hostname(), command: opts.command, since: new Date().toISOString()}
  try {
    await writeFileAtomic(ownerFile, `${JSON.stringify(me)}\n`)
  } catch (e) {
    // a nameless lock is taken over after OWNERLESS_GRACE_MS: never hold one
    await release().catch(() => undefined)
    throw new PosdocError({code: 'LOCK_FAILED', exitCode: ExitCode.ProblemFound, message: storeText.lockFailed[lang](dir, (e as Error).message), remedy: storeText.lockFailedRemedy[lang], cause: e})
  }
  let released = false
  return {
    key,
    file,
    get compromised() {
      return compromised
    },
    async release() {
      if (released) return
      released = true
      // the lock first: killed in between, a stale owner file without a lock blocks nobody
      await release().catch(() => undefined)
      const current = await readOwner(ownerFile)
      if (current?.pid === me.pid && current.host === me.host) await rm(ownerFile, {force: true}).catch(() => undefined)
    },
  }
}

function lockedError(label: string, owner: LockOwner | undefined): PosdocError {
  const lang = getLang()
  return new PosdocError({
    code: 'TERMINAL_LOCKED',
    exitCode: ExitCode.Unreachable,
    message: storeText.locked[lang](label, owner),
    remedy: storeText.lockedRemedy[lang],
    details: owner ? {owner} : {},
  })
}
