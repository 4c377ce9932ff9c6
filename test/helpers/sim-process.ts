import {spawn, type ChildProcess} from 'node:child_process'
import {fileURLToPath} from 'node:url'

const bin = fileURLToPath(new URL('../../bin/run.js', import.meta.url))

export interface SimProcess {
  child: ChildProcess
  ready: {event: 'ready'; tcp?: {host: string; port: number}; serial?: {path: string; baudRate: number}; scenario: string; terminalId: string; pid: number}
  stderr: () => string
  /** SIGTERM and wait for a clean exit; resolves with the exit code */
  stop(): Promise<number | null>
}

const running = new Set<ChildProcess>()
process.once('exit', () => {
  for (const c of running) c.kill('SIGKILL')
})

/** Start `posdoc sim ... --json` as a separate process and wait for its one ready line. */
export function startSimProcess(args: string[], timeoutMs = 10_000): Promise<SimProcess> {
  const child = spawn(process.execPath, [bin, 'sim', ...args, '--json'], {stdio: ['ignore', 'pipe', 'pipe'], env: {...process.env, NO_COLOR: '1'}})
  running.add(child)
  let out = ''
  let err = ''
  child.stderr!.on('data', (d) => (err += d))
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
  exited.then(() => running.delete(child))
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`posdoc sim did not get ready in ${timeoutMs} ms: ${out} ${err}`))
    }, timeoutMs)
    let settled = false
    child.once('exit', (code) => {
      clearTimeout(timer)
      if (!settled) reject(new Error(`posdoc sim exited with ${code} before ready: ${out} ${err}`))
    })
    child.stdout!.on('data', (d) => {
      out += d
      const nl = out.indexOf('\n')
      if (nl < 0 || settled) return
      settled = true
      clearTimeout(timer)
      resolve({
        child,
        ready: JSON.parse(out.slice(0, nl)),
        stderr: () => err,
        stop: async () => {
          child.kill('SIGTERM')
          const t = setTimeout(() => child.kill('SIGKILL'), 5000)
          const code = await exited
          clearTimeout(t)
          return code
        },
      })
    })
  })
}
