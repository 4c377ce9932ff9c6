import {readFileSync} from 'node:fs'
import {parse} from 'csv-parse/sync'

import {PosdocError} from '../output/errors.js'
import {ExitCode} from '../output/exit-codes.js'

/** One terminal of a fleet file row. */
export interface FleetEntry {
  /** 1-based line number in the CSV (for messages) */
  line: number
  name: string
  tcp?: string
  serial?: string
  baud?: string
  password?: string
  /** acquirer hosts (HOST:PORT) for the network check */
  hosts: string[]
  terminalId?: string
  merchantId?: string
}

export interface FleetRowError {
  line: number
  name?: string
  reason: string
}

const HEADER_ALIASES: Record<string, keyof FleetEntry | 'host'> = {
  name: 'name',
  terminal: 'name',
  tcp: 'tcp',
  address: 'tcp',
  serial: 'serial',
  port: 'serial',
  baud: 'baud',
  password: 'password',
  host: 'host',
  hosts: 'host',
  acquirer_host: 'host',
  tid: 'terminalId',
  terminal_id: 'terminalId',
  mid: 'merchantId',
  merchant_id: 'merchantId',
}

/**
 * Read the fleet CSV (small: one row per terminal). Columns by header name: name, tcp or serial
 * (+ baud), password, host (several separated by ";"), tid, mid. Rows that cannot be used are
 * returned as errors with their line numbers, never dropped silently.
 */
export function readFleet(file: string): {entries: FleetEntry[]; errors: FleetRowError[]} {
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (e) {
    throw new PosdocError({code: 'BATCH_FILE_UNREADABLE', exitCode: ExitCode.Usage, message: `cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, remedy: 'Check the path of the fleet CSV'})
  }
  let records: string[][]
  try {
    records = parse(text, {bom: true, skip_empty_lines: true, relax_column_count: true, trim: true, delimiter: text.includes('\t') && !text.split('\n')[0]!.includes(',') ? '\t' : ','})
  } catch (e) {
    throw new PosdocError({code: 'BATCH_FILE_MALFORMED', exitCode: ExitCode.Usage, message: `${file} is not valid CSV: ${(e as Error).message.split('\n')[0]}`, remedy: 'Fix the quoting on the line named; see `posdoc batch --help` for the columns'})
  }
  const [header, ...rows] = records
  if (!header || rows.length === 0) {
    throw new PosdocError({code: 'BATCH_FILE_EMPTY', exitCode: ExitCode.Usage, message: `${file} has no terminal rows`, remedy: 'Add a header line (name,tcp,serial,baud,password,host,tid) and one row per terminal'})
  }
  const columns = header.map((h) => HEADER_ALIASES[h.toLowerCase().replace(/[\s-]+/g, '_')])
  if (!columns.includes('name') || (!columns.includes('tcp') && !columns.includes('serial'))) {
    throw new PosdocError({
      code: 'BATCH_FILE_COLUMNS',
      exitCode: ExitCode.Usage,
      message: `${file}: header must name at least "name" and "tcp" or "serial" (found: ${header.join(', ')})`,
      remedy: 'Columns: name,tcp,serial,baud,password,host,tid,mid',
    })
  }
  const entries: FleetEntry[] = []
  const errors: FleetRowError[] = []
  const seen = new Set<string>()
  rows.forEach((row, i) => {
    const line = i + 2
    const e: FleetEntry = {line, name: '', hosts: []}
    columns.forEach((col, c) => {
      const v = row[c]?.trim()
      if (!col || !v) return
      if (col === 'host') e.hosts.push(...v.split(/[;\s]+/).filter(Boolean))
      else (e as unknown as Record<string, string>)[col] = v
    })
    if (!e.name) return errors.push({line, reason: 'no name'})
    if (seen.has(e.name)) return errors.push({line, name: e.name, reason: `duplicate name "${e.name}"`})
    seen.add(e.name)
    if (!e.tcp && !e.serial) return errors.push({line, name: e.name, reason: 'neither tcp nor serial given'})
    if (e.tcp && e.serial) return errors.push({line, name: e.name, reason: 'both tcp and serial given'})
    entries.push(e)
  })
  return {entries, errors}
}
