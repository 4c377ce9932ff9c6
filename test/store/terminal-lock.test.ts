import {spawn, spawnSync} from 'node:child_process'
import {mkdir, mkdtemp, rm, utimes, writeFile} from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import {afterEach, describe, expect, it} from 'vitest'

import {acquireTerminalLock} from '../../src/store/terminal-lock.js'

const dirs: string[] = []
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, {recursive: true, force: true})
})
async function env(): Promise<NodeJS.ProcessEnv> {
  const d = await mkdtemp(path.join(os.tmpdir(), 'posdoc-lock-'))
  dirs.push(d)
  return {POSDOC_DATA_DIR: d}
}
const KEY = 'tcp-127.0.0.1-20007-abcd1234'

async function plantLock(e: NodeJS.ProcessEnv, owner: {pid: number; host: string}): Promise<void> {
  const dir = path.join(e.POSDOC_DATA_DIR!, 'locks')
  await mkdir(path.join(dir, `${KEY}.lock`), {recursive: true})
  await writeFile(path.join(dir, `${KEY}.owner.json`), JSON.stringify({...owner, command: 'void retry', since: '2025-03-14T15:00:00.000Z'}))
}

describe('terminal lock', () => {
  it('one holder at a time; a second gets a clear TERMINAL_LOCKED (exit 3) naming the holder', async () => {
    const e = await env()
    const lock = await acquireTerminalLock(KEY, {command: 'void retry', label: '127.0.0.1:20007', env: e})
    const err = await acquireTerminalLock(KEY, {command: 'device probe', label: '127.0.0.1:20007', env: e}).catch((x: unknown) => x)
    expect(err).toMatchObject({code: 'TERMINAL_LOCKED', exitCode: 3})
    expect((err as Error).message).toMatch(new RegExp(`^Another posdoc is driving the terminal 127\\.0\\.0\\.1:20007 \\(pid ${process.pid}, \`void retry\``))
    await lock.release()
    const again = await acquireTerminalLock(KEY, {command: 'device probe', label: '127.0.0.1:20007', env: e})
    expect(again.compromised).toBe(false)
    await again.release()
  })

  it('a lock left by a killed posdoc on this host is taken over at once', async () => {
    const e = await env()
    const dead = spawnSync(process.execPath, ['-e', '0']).pid!
    await plantLock(e, {pid: dead, host: os.hostname()})
    const lock = await acquireTerminalLock(KEY, {command: 'void retry', label: 'x', env: e})
    await lock.release()
  })

  it('a live holder keeps it', async () => {
    const e = await env()
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 20000)'], {stdio: 'ignore'})
    try {
      await plantLock(e, {pid: child.pid!, host: os.hostname()})
      await expect(acquireTerminalLock(KEY, {command: 'void retry', label: 'x', env: e})).rejects.toMatchObject({code: 'TERMINAL_LOCKED'})
    } finally {
      child.kill('SIGKILL')
    }
  })

  it('a holder on another host keeps it until the lock goes stale (not refreshed for 10 s)', async () => {
    const e = await env()
    await plantLock(e, {pid: 1, host: 'another-pc'})
    await expect(acquireTerminalLock(KEY, {command: 'void retry', label: 'x', env: e})).rejects.toMatchObject({code: 'TERMINAL_LOCKED'})
    const old = new Date(Date.now() - 60_000)
    await utimes(path.join(e.POSDOC_DATA_DIR!, 'locks', `${KEY}.lock`), old, old)
    const lock = await acquireTerminalLock(KEY, {command: 'void retry', label: 'x', env: e})
    await lock.release()
  })

  it('an unusable data directory is LOCK_FAILED, not a crash', async () => {
    const d = await mkdtemp(path.join(os.tmpdir(), 'posdoc-lock-'))
    dirs.push(d)
    const file = path.join(d, 'not-a-dir')
    await writeFile(file, '')
    await expect(acquireTerminalLock(KEY, {command: 'x', label: 'x', env: {POSDOC_DATA_DIR: file}})).rejects.toMatchObject({code: 'LOCK_FAILED'})
  })
})
