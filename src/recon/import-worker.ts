/**
 * Worker thread of a reconciliation lane: imports its files into RecordBlocks and posts them.
 * Blocks live in SharedArrayBuffers: posting shares them without a copy, and the main thread
 * hands each one back when it is done, for reuse. (Transferring plain ArrayBuffers would detach
 * them, and the first detach in a thread makes V8 add detach checks to every typed-array access
 * there: the byte scanner ran about 20 % slower.) Reading pauses while more than
 * `maxQueuedBytes` of blocks wait for the main thread.
 */
import {parentPort, workerData} from 'node:worker_threads'

import {produceBlocks, type WorkerJob, type WorkerMessage} from './block-source.js'
import {blockMessage} from './record-block.js'

const job = workerData as WorkerJob
const port = parentPort!
let unacked = 0
let room: (() => void) | undefined
const pool: ArrayBufferLike[] = []

port.on('message', (m: {type: 'ack'; bytes: number; buffer: SharedArrayBuffer}) => {
  unacked -= m.bytes
  pool.push(m.buffer)
  if (room && unacked <= job.maxQueuedBytes) {
    room()
    room = undefined
  }
})

const post = (m: WorkerMessage) => port.postMessage(m)

try {
  await produceBlocks(
    job.files,
    job,
    (e) => {
      if (e.type === 'block') {
        unacked += e.block.buffer.byteLength
        post({type: 'block', file: e.file, block: blockMessage(e.block)})
      } else post(e)
    },
    () => (unacked > job.maxQueuedBytes ? new Promise<void>((r) => (room = r)) : undefined),
    pool,
    true,
  )
  post({type: 'end'})
} catch (e) {
  const err = e as Error & {code?: string; exitCode?: number; remedy?: string; details?: Record<string, unknown>}
  post({
    type: 'error',
    error: {
      name: err.name ?? 'Error',
      message: err.message ?? String(e),
      ...(err.code === undefined ? {} : {code: err.code}),
      ...(err.exitCode === undefined ? {} : {exitCode: err.exitCode}),
      ...(err.remedy === undefined ? {} : {remedy: err.remedy}),
      ...(err.details === undefined ? {} : {details: err.details}),
    },
  })
}
// the main thread's acknowledgements keep the port referenced; nothing is left to do here
port.close()
