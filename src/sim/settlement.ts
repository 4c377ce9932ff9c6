/**
 * The simulated acquirer's settlement file, written when a batch is closed by End-of-Day.
 *
 * Format (stable, versioned by the header line): UTF-8 CSV without BOM, LF line ends, one
 * header line, then one line per settled item of the batch, in transaction order:
 *
 *   settlement_date,merchant_id,terminal_id,batch_number,trace_number,receipt_number,txn_time,
 *   txn_type,amount_cents,fee_cents,net_cents,currency_code,pan_masked,card_name,auth_code,rrn,
 *   response_code,status,remark
 *
 * - settlement_date: value date YYYY-MM-DD, T+1 business days after the batch close (Friday,
 *   Saturday and Sunday closes pay out on Monday); empty for held items
 * - txn_time: local "YYYY-MM-DD HH:MM:SS" (the acquirer and the shop share a wall clock)
 * - txn_type: sale | refund (voided and reversed sales are not settled: they net out in the batch)
 * - amounts in cents; fee 0.6 % of a sale (MDR), refunds carry no fee; net = amount − fee (refunds: −amount)
 * - rrn: YYMMDD of the transaction + trace number (12 digits); response_code: ISO 8583 field 39
 * - status: settled | held (risk hold, not paid out)
 *
 * Faults on purpose, deterministic per seed and batch, so `posdoc recon` has a story to tell:
 * - t-plus-1: the batch's last approved item was made after the acquirer's cut-off and is left
 *   out of this file (it belongs to the next one)
 * - risk-hold: one sale is listed with status held and no settlement date
 * - amount-difference: one sale is settled 1.00 less than the terminal booked (min. 0.10 left)
 */
import {existsSync} from 'node:fs'
import {mkdir} from 'node:fs/promises'
import path from 'node:path'
import writeFileAtomic from 'write-file-atomic'

import {deriveRng, intBetween} from './prng.js'
import {localParts} from './receipts.js'
import type {ClosedBatch, JournalRecord, SimState} from './types.js'

export const SETTLEMENT_CSV_COLUMNS = [
  'settlement_date',
  'merchant_id',
  'terminal_id',
  'batch_number',
  'trace_number',
  'receipt_number',
  'txn_time',
  'txn_type',
  'amount_cents',
  'fee_cents',
  'net_cents',
  'currency_code',
  'pan_masked',
  'card_name',
  'auth_code',
  'rrn',
  'response_code',
  'status',
  'remark',
] as const

/** 0.6 %: a usual merchant discount rate for card sales */
const FEE_RATE = 0.006
const ADJUSTMENT_CENTS = 100

export type SettlementFaultKind = 't-plus-1' | 'risk-hold' | 'amount-difference'

export interface SettlementFault {
  kind: SettlementFaultKind
  traceNumber: number
  receiptNumber: number | null
  amountCents: number
  /** amount-difference: what the file says */
  settledCents?: number
}

export interface SettlementFile {
  /** settlement-<TID>-<YYYYMMDD>-<batch>.csv */
  name: string
  csv: Buffer
  rows: number
  faults: SettlementFault[]
}

const p2 = (n: number) => String(n).padStart(2, '0')

function localDate(ms: number): string {
  const p = localParts(ms)
  return `${p.yyyy}-${p2(p.mm)}-${p2(p.dd)}`
}

function localDateTime(ms: number): string {
  const p = localParts(ms)
  return `${p.yyyy}-${p2(p.mm)}-${p2(p.dd)} ${p2(p.hh)}:${p2(p.mi)}:${p2(p.ss)}`
}

/** T+1 business day after a local date (weekends skipped; holidays are not simulated). */
export function valueDate(closedAtMs: number): string {
  const p = localParts(closedAtMs)
  const d = new Date(Date.UTC(p.yyyy, p.mm - 1, p.dd))
  do d.setUTCDate(d.getUTCDate() + 1)
  while (d.getUTCDay() === 0 || d.getUTCDay() === 6)
  return d.toISOString().slice(0, 10)
}

export function settlementFileName(terminalId: string, batch: ClosedBatch): string {
  return `settlement-${terminalId}-${localDate(Date.parse(batch.closedAt)).replace(/-/g, '')}-${String(batch.batchNumber).padStart(4, '0')}.csv`
}

function cell(v: string | number | null | undefined): string {
  if (v === null || v === undefined) return ''
  const s = String(v)
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s
}

/** Build the settlement file of one closed batch. `records` are the batch's journal records. */
export function buildSettlement(state: SimState, batch: ClosedBatch, records: readonly JournalRecord[], opts: {faults?: boolean} = {}): SettlementFile {
  const withFaults = opts.faults ?? true
  const standing = records.filter((r) => r.state === 'booked' && (r.type === 'sale' || r.type === 'refund')).sort((a, b) => Date.parse(a.time) - Date.parse(b.time))
  const faults: SettlementFault[] = []
  let included = standing
  const held = new Set<JournalRecord>()
  const adjusted = new Map<JournalRecord, number>()
  if (withFaults && standing.length > 0) {
    // the last approved item came in after the cut-off: next file
    const late = standing[standing.length - 1]!
    included = standing.slice(0, -1)
    faults.push({kind: 't-plus-1', traceNumber: late.traceNumber, receiptNumber: late.receiptNumber, amountCents: late.amountCents})
    const sales = included.filter((r) => r.type === 'sale')
    const rng = deriveRng(state.seed, `settlement:${batch.batchNumber}`)
    if (sales.length > 0) {
      const h = sales[intBetween(rng, 0, sales.length - 1)]!
      held.add(h)
      faults.push({kind: 'risk-hold', traceNumber: h.traceNumber, receiptNumber: h.receiptNumber, amountCents: h.amountCents})
      const rest = sales.filter((r) => r !== h)
      if (rest.length > 0) {
        const a = rest[intBetween(rng, 0, rest.length - 1)]!
        const settledCents = Math.max(10, a.amountCents - ADJUSTMENT_CENTS)
        adjusted.set(a, settledCents)
        faults.push({kind: 'amount-difference', traceNumber: a.traceNumber, receiptNumber: a.receiptNumber, amountCents: a.amountCents, settledCents})
      }
    }
  }
  const value = valueDate(Date.parse(batch.closedAt))
  const lines = [SETTLEMENT_CSV_COLUMNS.join(',')]
  for (const r of included) {
    const t = Date.parse(r.time)
    const amount = adjusted.get(r) ?? r.amountCents
    const fee = r.type === 'sale' ? Math.round(amount * FEE_RATE) : 0
    const net = r.type === 'sale' ? amount - fee : -amount
    const isHeld = held.has(r)
    const yymmdd = localDate(t).slice(2).replace(/-/g, '')
    lines.push(
      [
        isHeld ? '' : value,
        state.vuNumber,
        r.terminalId,
        r.batchNumber,
        r.traceNumber,
        r.receiptNumber,
        localDateTime(t),
        r.type,
        amount,
        fee,
        net,
        r.currencyCode,
        r.panMasked,
        r.cardName,
        r.authCode,
        `${yymmdd}${String(r.traceNumber).padStart(6, '0')}`,
        '00',
        isHeld ? 'held' : 'settled',
        isHeld ? 'risk review' : adjusted.has(r) ? 'adjusted' : '',
      ]
        .map(cell)
        .join(','),
    )
  }
  return {name: settlementFileName(state.terminalId, batch), csv: Buffer.from(lines.join('\n') + '\n', 'utf8'), rows: included.length, faults}
}

/** Write (atomically) into dir; returns the file's path. */
export async function writeSettlementFile(dir: string, file: SettlementFile): Promise<string> {
  await mkdir(dir, {recursive: true})
  const target = path.join(dir, file.name)
  await writeFileAtomic(target, file.csv)
  return target
}

export function settlementFileExists(dir: string, terminalId: string, batch: ClosedBatch): boolean {
  return existsSync(path.join(dir, settlementFileName(terminalId, batch)))
}
