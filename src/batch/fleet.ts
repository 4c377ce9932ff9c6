import {readFileSync} from 'node:fs'
import {parse} from 'csv-parse/sync'

import {PosdocError} from '../output/errors.js'
import {ExitCode} from '../output/exit-codes.js'
import {DEFAULT_HOST_PORT} from '../network/targets.js'
import {formatHostPort, parseHostPort, ZVT_TCP_PORT} from '../transport/tcp.js'

/** One terminal of a fleet file row. */
export interface FleetEntry {
  /** 1-based line number in the CSV (for messages) */
  line: number
  name: string
  /** the terminal's address as one key ("tcp 10.0.0.7:20007", "serial /dev/ttyUSB0"): duplicates and shards go by it */
  address: string
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

/** A row whose terminal address an earlier row already has: reported, checked once (under the first row). */
export interface FleetDuplicate {
  line: number
  name: string
  address: string
  firstLine: number
  firstName: string
}

export interface Fleet {
  entries: FleetEntry[]
  errors: FleetRowError[]
  duplicates: FleetDuplicate[]
  /** the file has a host column (the network family needs one) */
  hasHostColumn: boolean
}

/** Same terminal, same key: host names compare without case, a missing port is the ZVT default. */
function addressOf(e: {tcp?: string; serial?: string}): string {
  if (e.serial) return `serial ${e.serial}`
  const {host, port} = parseHostPort(e.tcp!, ZVT_TCP_PORT)
  return `tcp ${formatHostPort(host.toLowerCase(), port)}`
}

function badHosts(hosts: string[]): string[] {
  return hosts.filter((h) => {
    try {
      parseHostPort(h, DEFAULT_HOST_PORT)
      return false
    } catch {
      return true
    }
  })
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
 * Read the fleet CSV (one row per terminal). Columns by header name: name, tcp or serial
 * (+ baud), password, host (acquirer HOST[:PORT], several separated by ";"), tid, mid. Rows that
 * cannot be used are returned as errors with their line numbers, never dropped silently; a row
 * with the address of an earlier row is a duplicate (the terminal is checked once, under the
 * first row: two connections to one terminal would lock each other out).
 */
export function readFleet(file: string): Fleet {
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
  const duplicates: FleetDuplicate[] = []
  const seen = new Set<string>()
  const byAddress = new Map<string, FleetEntry>()
  rows.forEach((row, i) => {
    const line = i + 2
    const e: FleetEntry = {line, name: '', address: '', hosts: []}
    columns.forEach((col, c) => {
      const v = row[c]?.trim()
      if (!col || !v) return
      if (col === 'host') e.hosts.push(...v.split(/[;\s]+/).filter(Boolean))
      else (e as unknown as Record<string, string>)[col] = v
    })
    if (!e.name) return errors.push({line, reason: 'no name'})
    if (!e.tcp && !e.serial) return errors.push({line, name: e.name, reason: 'neither tcp nor serial given'})
    if (e.tcp && e.serial) return errors.push({line, name: e.name, reason: 'both tcp and serial given'})
    try {
      e.address = addressOf(e)
    } catch (err) {
      return errors.push({line, name: e.name, reason: (err as Error).message})
    }
    const bad = badHosts(e.hosts)
    if (bad.length > 0) return errors.push({line, name: e.name, reason: `invalid acquirer host "${bad[0]}" (HOST[:PORT], several separated by ";")`})
    const first = byAddress.get(e.address)
    if (first) return duplicates.push({line, name: e.name, address: e.address, firstLine: first.line, firstName: first.name})
    if (seen.has(e.name)) return errors.push({line, name: e.name, reason: `duplicate name "${e.name}"`})
    seen.add(e.name)
    byAddress.set(e.address, e)
    entries.push(e)
  })
  return {entries, errors, duplicates, hasHostColumn: columns.includes('host')}
}
