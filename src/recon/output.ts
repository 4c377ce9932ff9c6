/**
 * Streaming writers for record files (--out): CSV (UTF-8 with BOM, so Excel shows 中文 right) or
 * one JSON document. Written to FILE.tmp and renamed at the end, so a crash never leaves a
 * half file under the real name. Back pressure is passed up so a million rows never pile up in memory.
 */
import {accessSync, constants, createWriteStream, type WriteStream} from 'node:fs'
import {rename, rm} from 'node:fs/promises'
import path from 'node:path'

import {PosdocError} from '../output/errors.js'
import {ExitCode} from '../output/exit-codes.js'
import {csvLine} from '../output/csv-cell.js'
import type {ItemSink, ReconItem} from './engine.js'
import type {Lang} from '../i18n/index.js'
import {importText as IT, tr} from './recon-text.js'
import {TRANSACTION_COLUMNS, transactionCsvLine, transactionJson, type TxRecord} from './record.js'
import {formatCents} from './values.js'

export type OutFormat = 'csv' | 'json'

/** --format wins; else the file extension; else CSV. */
export function outFormat(file: string, format: string | undefined): OutFormat {
  if (format === 'csv' || format === 'json') return format
  return path.extname(file).toLowerCase() === '.json' ? 'json' : 'csv'
}

export interface LineWriter {
  write(text: string): void
  backpressure(): Promise<void> | undefined
  /** finish, rename into place; resolves with the final path */
  close(): Promise<string>
  abort(): Promise<void>
}

export function openLineWriter(file: string): LineWriter {
  const tmp = `${file}.tmp`
  // fail before an hour-long run, not after it
  try {
    accessSync(path.dirname(file), constants.W_OK)
  } catch (e) {
    throw cannotWrite(file, e)
  }
  const stream: WriteStream = createWriteStream(tmp, {highWaterMark: 1 << 20})
  let failure: Error | undefined
  stream.on('error', (e) => (failure = e))
  let full = false
  return {
    write(text) {
      if (!stream.write(text)) full = true
    },
    backpressure() {
      if (failure) return Promise.reject(cannotWrite(file, failure))
      if (!full) return undefined
      return new Promise<void>((resolve) =>
        stream.once('drain', () => {
          full = false
          resolve()
        }),
      )
    },
    async close() {
      await new Promise<void>((resolve, reject) => {
        stream.end(() => (failure ? reject(cannotWrite(file, failure)) : resolve()))
        stream.once('error', (e) => reject(cannotWrite(file, e)))
      })
      await rename(tmp, file)
      return file
    },
    async abort() {
      stream.destroy()
      await rm(tmp, {force: true})
    },
  }
}

function cannotWrite(file: string, e: unknown): PosdocError {
  return new PosdocError({code: 'OUTPUT_NOT_WRITABLE', exitCode: ExitCode.Usage, message: tr(IT.cannotWrite)(file, (e as Error).message), remedy: tr(IT.cannotWriteRemedy)})
}

export const RECON_COLUMNS = [
  'category',
  'reason',
  'date',
  'time',
  'terminal_id',
  'trace_number',
  'receipt_number',
  'batch_number',
  'type',
  'journal_state',
  'journal_amount',
  'settlement_amount',
  'difference',
  'currency',
  'pan_masked',
  'auth_code',
  'rrn',
  'settlement_status',
  'settlement_date',
  'result_code',
  'result_text',
  'result_advice',
  'journal_file',
  'journal_line',
  'settlement_file',
  'settlement_line',
  'explanation',
  'ask',
  'notes',
] as const

const cents = (v: number | null) => (v === null ? '' : formatCents(v))

export function reconCsvLine(i: ReconItem): string {
  return csvLine([
    i.category,
    i.reason,
    i.date,
    i.time,
    i.terminalId,
    i.traceNumber,
    i.receiptNumber,
    i.batchNumber,
    i.type,
    i.journalState,
    cents(i.journalAmountCents),
    cents(i.settlementAmountCents),
    cents(i.differenceCents),
    i.currency,
    i.panMasked,
    i.authCode,
    i.rrn,
    i.settlementStatus,
    i.settlementDate,
    i.resultCode,
    i.resultText,
    i.resultAdvice,
    i.journal ? path.basename(i.journal.file) : '',
    i.journal?.line,
    i.settlement ? path.basename(i.settlement.file) : '',
    i.settlement?.line,
    i.explanation,
    i.ask,
    i.notes.join('; '),
  ])
}

/** A sink for every classified record of a reconciliation. */
export function openReconSink(file: string, format: OutFormat): ItemSink & {close(): Promise<{file: string; records: number}>; abort(): Promise<void>} {
  const w = openLineWriter(file)
  let records = 0
  if (format === 'csv') w.write(`\uFEFF${RECON_COLUMNS.join(',')}\n`)
  else w.write('{"schema":"posdoc.recon-records/1","records":[\n')
  return {
    write(item) {
      if (format === 'csv') w.write(`${reconCsvLine(item)}\n`)
      else w.write(`${records === 0 ? '' : ',\n'}${JSON.stringify(item)}`)
      records++
    },
    backpressure: () => w.backpressure(),
    async close() {
      if (format === 'json') w.write('\n]}\n')
      return {file: await w.close(), records}
    },
    abort: () => w.abort(),
  }
}

/** posdoc's transaction list (TRANSACTION_COLUMNS CSV, or one JSON document), streamed. */
export function openTransactionSink(
  file: string,
  format: OutFormat,
  lang: Lang,
  meta: Record<string, unknown> = {},
): {write(r: TxRecord): void; backpressure(): Promise<void> | undefined; close(): Promise<{file: string; records: number}>; abort(): Promise<void>} {
  const w = openLineWriter(file)
  let records = 0
  if (format === 'csv') w.write(`\uFEFF${TRANSACTION_COLUMNS.join(',')}\n`)
  else w.write(`${JSON.stringify({schema: 'posdoc.transactions/1', ...meta}).slice(0, -1)},"transactions":[\n`)
  return {
    write(r) {
      if (format === 'csv') w.write(`${transactionCsvLine(r, lang)}\n`)
      else w.write(`${records === 0 ? '' : ',\n'}${JSON.stringify(transactionJson(r, lang))}`)
      records++
    },
    backpressure: () => w.backpressure(),
    async close() {
      if (format === 'json') w.write('\n]}\n')
      return {file: await w.close(), records}
    },
    abort: () => w.abort(),
  }
}
