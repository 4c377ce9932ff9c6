/**
 * Where the simulated PT keeps its flash: in memory, or `--state DIR/state.json` written
 * atomically (write-file-atomic) after every change the PT commits, so a killed simulator
 * restarts with the truth (power-loss scenario).
 */
import {mkdir, readFile} from 'node:fs/promises'
import {join} from 'node:path'
import writeFileAtomic from 'write-file-atomic'
import {z} from 'zod'
import type {SimState} from './types.js'

export const STATE_FILE = 'state.json'

const record = z.object({
  receiptNumber: z.number().int().nullable(),
  traceNumber: z.number().int(),
  turnoverNumber: z.number().int().nullable(),
  batchNumber: z.number().int(),
  time: z.string(),
  type: z.enum(['sale', 'reversal', 'refund']),
  amountCents: z.number().int().nonnegative(),
  currencyCode: z.number().int(),
  panMasked: z.string().regex(/^\d{0,6}\*{3,}\d{0,4}$/, 'PAN must be masked'),
  cardType: z.number().int(),
  cardName: z.string(),
  authCode: z.string().nullable(),
  terminalId: z.string(),
  resultCode: z.number().int().min(0).max(255),
  state: z.enum(['booked', 'declined', 'reversed', 'auto-reversed']),
  reversedBy: z.number().int().optional(),
  originalReceiptNumber: z.number().int().optional(),
  originalTraceNumber: z.number().int().optional(),
})

const printed = z.object({time: z.string(), kind: z.enum(['merchant', 'customer', 'end-of-day', 'diagnosis', 'configuration', 'journal', 'totals']), lines: z.array(z.string())})

const stateSchema = z.object({
  version: z.literal(1),
  terminalId: z.string().regex(/^\d{8}$/),
  vuNumber: z.string().max(15),
  merchantName: z.string(),
  password: z.string().regex(/^\d{6}$/),
  currencyCode: z.number().int(),
  swVersion: z.string(),
  seed: z.number(),
  counters: z.object({traceNumber: z.number().int(), receiptNumber: z.number().int(), turnoverNumber: z.number().int(), batchNumber: z.number().int()}),
  journal: z.array(record),
  batches: z.array(
    z.object({
      batchNumber: z.number().int(),
      closedAt: z.string(),
      traceNumber: z.number().int(),
      receiptNumberStart: z.number().int(),
      receiptNumberEnd: z.number().int(),
      count: z.number().int(),
      totalCents: z.number().int(),
    }),
  ),
  terminalStatus: z.number().int().min(0).max(255),
  printer: z.object({paperOut: z.boolean(), printed: z.array(printed)}),
  config: z.object({
    configByte: z.number().int().min(0).max(255),
    serviceByte: z.number().int().min(0).max(255),
    ecrCurrencyCode: z.number().int().nullable(),
    tlvAllowed: z.boolean(),
    textBlocks: z.boolean(),
    charset: z.number().int().min(0).max(255).optional(),
    printerWidth: z.number().int().min(1).max(99).optional(),
    maxApduLength: z.number().int().min(0).optional(),
  }),
  lastStatusInfoHex: z.string().nullable(),
  lastReceipt: printed.nullable(),
  lastEndOfDayReceipt: printed.nullable(),
})

export class SimStateError extends Error {
  constructor(message: string, options?: {cause?: unknown}) {
    super(message, options)
    this.name = 'SimStateError'
  }
}

/** Keeps the PT's printer log bounded. */
export const MAX_PRINTED = 50

export class SimStore {
  private writing: Promise<void> = Promise.resolve()

  private constructor(
    readonly state: SimState,
    /** absolute directory, or undefined for in-memory */
    readonly dir: string | undefined,
  ) {}

  static inMemory(state: SimState): SimStore {
    return new SimStore(state, undefined)
  }

  /** Load DIR/state.json, or create it from `seed()` when absent. Throws SimStateError on a corrupt file. */
  static async open(dir: string, seed: () => SimState): Promise<{store: SimStore; created: boolean}> {
    await mkdir(dir, {recursive: true})
    const file = join(dir, STATE_FILE)
    let text: string | undefined
    try {
      text = await readFile(file, 'utf8')
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw new SimStateError(`cannot read ${file}: ${(err as Error).message}`, {cause: err})
    }
    if (text === undefined) {
      const store = new SimStore(seed(), dir)
      await store.commit()
      return {store, created: true}
    }
    let parsed: unknown
    try {
      parsed = JSON.parse(text)
    } catch (err) {
      throw new SimStateError(`${file} is not valid JSON`, {cause: err})
    }
    const result = stateSchema.safeParse(parsed)
    if (!result.success) throw new SimStateError(`${file} is not a simulator state: ${result.error.issues[0]?.path.join('.')} ${result.error.issues[0]?.message}`)
    return {store: new SimStore(result.data as SimState, dir), created: false}
  }

  get file(): string | undefined {
    return this.dir === undefined ? undefined : join(this.dir, STATE_FILE)
  }

  /** Persist the current state (serialised: writes never overlap). In-memory: no-op. */
  commit(): Promise<void> {
    const file = this.file
    if (file === undefined) return Promise.resolve()
    const json = JSON.stringify(this.state)
    this.writing = this.writing.catch(() => undefined).then(() => writeFileAtomic(file, json + '\n'))
    return this.writing
  }
}
