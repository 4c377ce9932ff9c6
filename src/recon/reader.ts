/**
 * Stream a CSV file row by row: file chunks → (iconv-lite streaming decoder unless UTF-8) →
 * csv-parse. Never holds more than a chunk. Rows arrive synchronously with their physical line
 * number; broken rows (unclosed quote at the end, bad quoting) are reported, never dropped silently.
 *
 * The parser is never paused (its line counter stays in step with the rows it emits); back
 * pressure from a slow consumer pauses the file stream instead.
 */
import {createReadStream} from 'node:fs'
import {parse, type Parser} from 'csv-parse'
import iconv from 'iconv-lite'

import type {Delimiter, FileEncoding} from './sniff.js'

export interface ReadCsvOptions {
  encoding: FileEncoding
  delimiter: Delimiter
  /** 1-based line to start at (the header line) */
  fromLine?: number
  /** one parsed record: its cells and the physical line it ends on */
  onRow(cells: string[], line: number): void
  /** a record csv-parse could not read */
  onBadRecord(line: number, reason: string): void
  /** called after each chunk; a returned promise pauses reading until it settles (output back pressure) */
  backpressure?: () => Promise<void> | undefined
  /** bytes read so far (progress) */
  onBytes?: (bytes: number) => void
  highWaterMark?: number
}

export async function readCsv(file: string, opts: ReadCsvOptions): Promise<{lines: number; records: number}> {
  const parser: Parser = parse({
    delimiter: opts.delimiter,
    from_line: opts.fromLine ?? 1,
    bom: true,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
  })
  const decoder = opts.encoding === 'utf-8' ? undefined : iconv.getDecoder(opts.encoding)
  let records = 0
  let failure: Error | undefined

  parser.on('data', (cells: string[]) => {
    records++
    opts.onRow(cells, parser.info.lines)
  })
  parser.on('skip', (err: Error & {lines?: number}) => {
    opts.onBadRecord(err.lines ?? parser.info.lines, csvErrorReason(err))
  })

  const done = new Promise<void>((resolve, reject) => {
    parser.on('end', () => resolve())
    parser.on('error', (err) => {
      failure = err
      source.destroy()
      reject(err)
    })
  })
  // observed below; this keeps an early parser error from counting as unhandled meanwhile
  done.catch(() => undefined)

  const source = createReadStream(file, {highWaterMark: opts.highWaterMark ?? 1 << 20})
  let bytes = 0
  await new Promise<void>((resolve, reject) => {
    source.on('data', (chunk) => {
      const buf = chunk as Buffer
      bytes += buf.length
      if (failure) return
      const input = decoder ? decoder.write(buf) : buf
      if (input.length > 0) parser.write(input)
      opts.onBytes?.(bytes)
      const wait = opts.backpressure?.()
      if (wait) {
        source.pause()
        wait.then(
          () => source.resume(),
          (err: unknown) => {
            source.destroy(err as Error)
          },
        )
      }
    })
    source.on('close', () => {
      if (failure) resolve()
    })
    source.on('end', () => {
      const tail = decoder?.end()
      if (tail) parser.write(tail)
      parser.end()
      resolve()
    })
    source.on('error', reject)
  })
  await done
  return {lines: parser.info.lines, records}
}

function csvErrorReason(err: Error & {code?: string}): string {
  switch (err.code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return 'quote not closed (truncated last line?)'
    case 'CSV_INVALID_CLOSING_QUOTE':
      return 'invalid closing quote'
    case 'CSV_RECORD_INCONSISTENT_FIELDS_LENGTH':
      return 'wrong number of columns'
    default:
      return err.message.split('\n')[0] ?? 'unreadable record'
  }
}
