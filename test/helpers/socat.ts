import {spawn, spawnSync, type ChildProcess} from 'node:child_process'
import {existsSync, promises as fs} from 'node:fs'
import os from 'node:os'
import path from 'node:path'

export interface PtyPair {
  /** two linked pseudo-terminals: bytes written to one are read from the other */
  a: string
  b: string
  /** socat's pid (tests kill it to simulate an unplugged cable) */
  pid: number
  /** Kills socat (SIGTERM, then SIGKILL), waits for it to exit and removes the temp dir. Idempotent. */
  close(): Promise<void>
}

let socatAvailable: boolean | undefined

// socat outlives a crashed or timed-out test unless it is killed when the worker exits
const running = new Set<ChildProcess>()
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL')
})

/** true when `socat` is on PATH (CI installs it with apt-get install -y socat). */
export function hasSocat(): boolean {
  socatAvailable ??= spawnSync('socat', ['-V'], {stdio: 'ignore'}).status === 0
  return socatAvailable
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve()
  return new Promise((resolve) => child.once('exit', () => resolve()))
}

/**
 * Starts `socat -d -d pty,raw,echo=0,link=DIR/ttyA pty,raw,echo=0,link=DIR/ttyB` in a fresh temp
 * dir and resolves once both links exist. Note: ptys ignore the baud rate (no 9600-baud timing).
 */
export async function createPtyPair(opts: {timeoutMs?: number} = {}): Promise<PtyPair> {
  const timeoutMs = opts.timeoutMs ?? 5000
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'posdoc-pty-'))
  const a = path.join(dir, 'ttyA')
  const b = path.join(dir, 'ttyB')
  const child = spawn('socat', ['-d', '-d', `pty,raw,echo=0,link=${a}`, `pty,raw,echo=0,link=${b}`], {stdio: ['ignore', 'ignore', 'pipe']})
  running.add(child)
  child.once('exit', () => running.delete(child))
  let log = ''
  child.stderr?.setEncoding('utf8')
  child.stderr?.on('data', (s: string) => {
    log += s
  })
  const spawnError = new Promise<Error>((resolve) => child.once('error', resolve))

  let closed: Promise<void> | undefined
  const close = () => {
    closed ??= (async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM')
        const killer = setTimeout(() => child.kill('SIGKILL'), 2000)
        await exited(child)
        clearTimeout(killer)
      }
      await fs.rm(dir, {recursive: true, force: true})
    })()
    return closed
  }

  const deadline = Date.now() + timeoutMs
  for (;;) {
    if (existsSync(a) && existsSync(b)) break
    const failed = await Promise.race([spawnError, new Promise<undefined>((r) => setTimeout(() => r(undefined), 20))])
    if (failed || child.exitCode !== null || Date.now() > deadline) {
      await close()
      const why = failed ? failed.message : child.exitCode !== null ? `socat exited with ${child.exitCode}` : `links not ready after ${timeoutMs} ms`
      throw new Error(`createPtyPair: ${why}\n${log}`)
    }
  }
  return {a, b, pid: child.pid ?? -1, close}
}
