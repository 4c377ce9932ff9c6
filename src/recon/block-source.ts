/**
 * Where the reconciliation's records come from: one "lane" per side (journal files, settlement
 * files), each file imported into RecordBlocks. A lane runs in-process, or in a worker thread so
 * that both files are parsed at the same time on two cores while the main thread only indexes
 * and matches. Either way the consumer sees the same events in the same order, and a lane never
 * runs more than `maxQueuedBytes` of blocks ahead of its consumer (memory stays bounded).
 */
import {existsSync} from 'node:fs'
import {fileURLToPath} from 'node:url'
import {Worker} from 'node:worker_threads'

import type {Lang} from '../i18n/index.js'
import {PosdocError} from '../output/errors.js'
import type {ExitCode} from '../output/exit-codes.js'
import {importFile, type FileKind, type ImportLayout, type ImportStats} from './import.js'
import type {MapOverrides} from './auto-map.js'
import type {CsvProfile} from './profiles.js'
import {BLOCK_ROWS, BlockWriter, reviveBlock, ROW_BYTES, type BlockMessage, type RecordBlock} from './record-block.js'
import type {FileEncoding} from './sniff.js'

export interface LaneOptions {
  kind: FileKind
  profiles: readonly CsvProfile[]
  profile?: CsvProfile
  encoding?: FileEncoding | 'gbk'
  /** --map FIELD=HEADER overrides (plain data: it goes to the worker) */
  map?: MapOverrides
  lang: Lang
  maxBadRows: number
  /** civil days, inclusive: rows outside are counted, not passed on */
  dateFrom?: number
  dateTo?: number
}

export type LaneEvent =
  | {type: 'layout'; file: number; layout: ImportLayout}
  | {type: 'block'; file: number; block: RecordBlock}
  | {type: 'progress'; file: number; bytes: number; total: number}
  | {type: 'done'; file: number; stats: ImportStats; filteredOut: number}

export interface Lane extends AsyncIterable<LaneEvent> {
  readonly mode: 'in-process' | 'worker'
  /** bytes of blocks read but not yet taken by the consumer */
  readonly queuedBytes: number
  /** stop early (another lane failed): terminates the worker, drops what is queued */
  stop(): Promise<void>
}

/** The worker's instructions (structured-cloned). */
export interface WorkerJob extends LaneOptions {
  files: string[]
  maxQueuedBytes: number
}

/** Messages from the worker. */
export type WorkerMessage =
  | {type: 'layout'; file: number; layout: ImportLayout}
  | {type: 'block'; file: number; block: BlockMessage}
  | {type: 'progress'; file: number; bytes: number; total: number}
  | {type: 'done'; file: number; stats: ImportStats; filteredOut: number}
  | {type: 'end'}
  | {type: 'error'; error: {name: string; message: string; code?: string; exitCode?: number; remedy?: string; details?: Record<string, unknown>}}

/**
 * Import `files` one after the other into blocks, handing each event to `emit`; `wait()` is
 * consulted after every chunk of input and pauses reading while it returns a promise.
 */
export async function produceBlocks(files: readonly string[], opts: LaneOptions, emit: (e: LaneEvent) => void, wait: () => Promise<void> | undefined, pool: ArrayBufferLike[] = [], inWorker = false): Promise<void> {
  const inRange = (day: number | null) => day === null || ((opts.dateFrom === undefined || day >= opts.dateFrom) && (opts.dateTo === undefined || day <= opts.dateTo))
  for (const [fi, file] of files.entries()) {
    const writer = new BlockWriter(BLOCK_ROWS, pool, inWorker)
    let filteredOut = 0
    const {stats} = await importFile(file, {
      profiles: opts.profiles,
      kind: opts.kind,
      ...(opts.profile ? {profile: opts.profile} : {}),
      ...(opts.encoding ? {encoding: opts.encoding} : {}),
      ...(opts.map ? {map: opts.map} : {}),
      lang: opts.lang,
      maxBadRows: opts.maxBadRows,
      // each record is packed into the block before the next row is read
      reuseRecords: true,
      // a worker has nothing else to do while it waits for the disk
      blockingReads: inWorker,
      onLayout: (layout) => emit({type: 'layout', file: fi, layout}),
      onRecord: (r) => {
        if (!inRange(r.day)) {
          filteredOut++
          return
        }
        writer.add(r)
        if (writer.full) emit({type: 'block', file: fi, block: writer.take()})
      },
      backpressure: wait,
      onBytes: (bytes, total) => emit({type: 'progress', file: fi, bytes, total}),
    })
    if (writer.size > 0) emit({type: 'block', file: fi, block: writer.take()})
    emit({type: 'done', file: fi, stats, filteredOut})
  }
}

const blockBytes = (e: LaneEvent) => (e.type === 'block' ? e.block.buffer.byteLength : 0)

/** A pull queue with a byte budget: the producer waits while the consumer is behind. */
class EventQueue {
  private readonly items: LaneEvent[] = []
  queued = 0
  private failure: unknown
  private ended = false
  private wake: (() => void) | undefined
  private room: {promise: Promise<void>; resolve: () => void} | undefined

  constructor(private readonly maxBytes: number) {}

  push(e: LaneEvent): void {
    this.items.push(e)
    this.queued += blockBytes(e)
    this.wake?.()
  }

  end(): void {
    this.ended = true
    this.wake?.()
  }

  fail(e: unknown): void {
    if (this.failure === undefined) this.failure = e
    this.ended = true
    this.wake?.()
  }

  /** A promise while the queue is over budget. */
  full(): Promise<void> | undefined {
    if (this.queued <= this.maxBytes) return undefined
    if (!this.room) {
      let resolve!: () => void
      const promise = new Promise<void>((r) => (resolve = r))
      this.room = {promise, resolve}
    }
    return this.room.promise
  }

  /** Events in order; `onDone` gets each one back once the consumer asks for the next. */
  async *drain(onDone: (e: LaneEvent) => void): AsyncGenerator<LaneEvent> {
    for (;;) {
      // a failure wins over what is still queued: the import it came from is broken
      if (this.failure !== undefined) throw this.failure
      const e = this.items.shift()
      if (e !== undefined) {
        this.queued -= blockBytes(e)
        if (this.room && this.queued <= this.maxBytes) {
          this.room.resolve()
          this.room = undefined
        }
        yield e
        onDone(e)
        continue
      }
      if (this.ended) return
      await new Promise<void>((r) => (this.wake = r))
      this.wake = undefined
    }
  }
}

/** An in-process lane: starts reading when first pulled. */
export function inProcessLane(files: readonly string[], opts: LaneOptions, maxQueuedBytes = 4 * BLOCK_ROWS * ROW_BYTES): Lane {
  const queue = new EventQueue(maxQueuedBytes)
  const pool: ArrayBufferLike[] = []
  let started = false
  let stopped = false
  return {
    mode: 'in-process',
    get queuedBytes() {
      return queue.queued
    },
    async stop() {
      stopped = true
      queue.end()
    },
    [Symbol.asyncIterator]() {
      if (!started) {
        started = true
        // once stopped, the next pause point ends the import (nobody reads what it would queue)
        produceBlocks(files, opts, (e) => queue.push(e), () => (stopped ? Promise.reject(new Error('lane stopped')) : queue.full()), pool).then(
          () => queue.end(),
          (e: unknown) => queue.fail(e),
        )
      }
      return queue.drain((e) => {
        if (e.type === 'block') pool.push(e.block.buffer)
      })[Symbol.asyncIterator]()
    },
  }
}

/**
 * The compiled worker script. Under the test runner this module is TypeScript source; the worker
 * runs the build output of the same source (npm test builds first).
 */
export function workerScript(): string | undefined {
  const here = fileURLToPath(import.meta.url)
  const candidates = here.endsWith('.ts') ? [here.replace(/([\\/])src([\\/]recon[\\/])block-source\.ts$/, '$1dist$1src$2import-worker.js')] : [here.replace(/block-source\.js$/, 'import-worker.js')]
  return candidates.find((c) => existsSync(c))
}

/** A worker-thread lane: starts at once, so it reads while the other side is being read. */
export function workerLane(files: readonly string[], opts: LaneOptions, maxQueuedBytes: number, script = workerScript()): Lane {
  if (!script) throw new Error('recon worker script not found (build first: npx tsc -p tsconfig.json)')
  const queue = new EventQueue(Number.POSITIVE_INFINITY)
  const job: WorkerJob = {...opts, files: [...files], maxQueuedBytes}
  const worker = new Worker(script, {workerData: job})
  let finished = false
  worker.on('message', (m: WorkerMessage) => {
    switch (m.type) {
      case 'block':
        queue.push({type: 'block', file: m.file, block: reviveBlock(m.block)})
        break
      case 'end':
        finished = true
        queue.end()
        break
      case 'error':
        finished = true
        queue.fail(reviveError(m.error))
        break
      default:
        queue.push(m)
    }
  })
  worker.on('error', (e) => queue.fail(e))
  worker.on('exit', (code) => {
    if (!finished) queue.fail(new Error(`recon worker stopped with exit code ${code}`))
  })
  return {
    mode: 'worker',
    get queuedBytes() {
      return queue.queued
    },
    async stop() {
      finished = true
      queue.end()
      await worker.terminate()
    },
    [Symbol.asyncIterator]() {
      // each block done with goes back to the worker: its bytes off the read-ahead count, its buffer for reuse
      return queue.drain((e) => {
        if (e.type === 'block') worker.postMessage({type: 'ack', bytes: e.block.buffer.byteLength, buffer: e.block.buffer})
      })[Symbol.asyncIterator]()
    },
  }
}

function reviveError(e: Extract<WorkerMessage, {type: 'error'}>['error']): Error {
  if (e.name === 'PosdocError' && e.code !== undefined && e.exitCode !== undefined) {
    return new PosdocError({code: e.code, exitCode: e.exitCode as ExitCode, message: e.message, ...(e.remedy === undefined ? {} : {remedy: e.remedy}), ...(e.details ? {details: e.details} : {})})
  }
  const err = new Error(e.message)
  err.name = e.name
  return err
}
