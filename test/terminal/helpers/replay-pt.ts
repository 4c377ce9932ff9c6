/**
 * Replay terminal: plays the PT side of a captured conversation (test/fixtures/zvt-replay) over a
 * real TCP socket on 127.0.0.1, byte for byte, and records what the cash register sent. It shares
 * no code with src/protocol (its own length-prefix reader), so a client bug cannot hide in it.
 */
import {readdirSync, readFileSync} from 'node:fs'
import net from 'node:net'

export interface ReplayStep {
  /** hex of one or more PT APDUs, sent in one write */
  pt: string
  source: string
  note?: string
}

export interface ReplayCapture {
  name: string
  terminal: string
  framing: 'tcp'
  ecr: {method: 'register' | 'status' | 'endOfDay' | 'printSystemConfiguration'} | {method: 'exchange'; command: string; hasCompletion: boolean}
  steps: ReplayStep[]
  expect: Record<string, unknown>
}

export const REPLAY_DIR = new URL('../../fixtures/zvt-replay/', import.meta.url)

export function loadCaptures(): ReplayCapture[] {
  return readdirSync(REPLAY_DIR)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => JSON.parse(readFileSync(new URL(f, REPLAY_DIR), 'utf8')) as ReplayCapture)
}

/** APDUs in a byte string: CLASS INSTR LEN (FF lo hi) data. */
export function splitApdus(bytes: Buffer): Buffer[] {
  const out: Buffer[] = []
  let i = 0
  while (i < bytes.length) {
    const len = bytes[i + 2] === 0xff ? bytes[i + 3]! | (bytes[i + 4]! << 8) : bytes[i + 2]!
    const head = bytes[i + 2] === 0xff ? 5 : 3
    out.push(bytes.subarray(i, i + head + len))
    i += head + len
  }
  return out
}

export interface ReplayRun {
  port: number
  /** the cash register's APDUs in order, hex (first: its command, then its answers) */
  received: string[]
  /** resolves when every step went out and each PT message got its answer, or rejects with why not */
  done: Promise<void>
  close(): Promise<void>
}

/**
 * Serve one connection: wait for the ECR's command, then send each step; after every PT message
 * other than the first 80 00 / 84 xx wait for the ECR's answer before the next step.
 */
export async function startReplay(capture: ReplayCapture, opts: {answerTimeoutMs?: number} = {}): Promise<ReplayRun> {
  const received: string[] = []
  let buf = Buffer.alloc(0)
  let waiter: ((apdu: string) => void) | undefined
  const queue: string[] = []
  const sockets = new Set<net.Socket>()
  let resolveDone!: () => void
  let rejectDone!: (e: Error) => void
  const done = new Promise<void>((res, rej) => ((resolveDone = res), (rejectDone = rej)))
  done.catch(() => undefined)

  const next = (what: string): Promise<string> =>
    new Promise((resolve, reject) => {
      const q = queue.shift()
      if (q !== undefined) return resolve(q)
      const timer = setTimeout(() => reject(new Error(`${capture.name}: no ${what} from the cash register`)), opts.answerTimeoutMs ?? 3000)
      waiter = (a) => {
        clearTimeout(timer)
        resolve(a)
      }
    })

  const server = net.createServer((socket) => {
    sockets.add(socket)
    socket.on('data', (chunk: Buffer) => {
      buf = Buffer.concat([buf, chunk])
      for (;;) {
        if (buf.length < 3) break
        const head = buf[2] === 0xff ? 5 : 3
        if (buf.length < head) break
        const len = buf[2] === 0xff ? buf[3]! | (buf[4]! << 8) : buf[2]!
        if (buf.length < head + len) break
        const apdu = buf.subarray(0, head + len).toString('hex').toUpperCase()
        buf = buf.subarray(head + len)
        received.push(apdu)
        const w = waiter
        waiter = undefined
        if (w) w(apdu)
        else queue.push(apdu)
      }
    })
    socket.on('error', () => undefined)
    void (async () => {
      await next('command')
      for (const step of capture.steps) {
        const bytes = Buffer.from(step.pt, 'hex')
        socket.write(bytes)
        for (const apdu of splitApdus(bytes)) {
          // the PT's own answer to the command is not answered
          if (apdu[0] === 0x80 || apdu[0] === 0x84) continue
          await next(`answer to ${apdu.subarray(0, 2).toString('hex')}`)
        }
      }
    })().then(resolveDone, rejectDone)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as net.AddressInfo).port
  return {
    port,
    received,
    done,
    close: async () => {
      for (const s of sockets) s.destroy()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}
