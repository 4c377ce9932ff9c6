/** Receipt texts the simulated PT prints (its own printer) or hands to the ECR (06 D1 / 06 D3). ASCII only, so every charset agrees. */
import {batchTotals, TOTALS_GROUPS} from './seed.js'
import type {ClosedBatch, JournalRecord, SimState} from './types.js'

export const RECEIPT_WIDTH = 24

const pad2 = (n: number) => String(n).padStart(2, '0')

/** Local date/time as the PT's clock shows it. */
export function localParts(ms: number): {yyyy: number; mm: number; dd: number; hh: number; mi: number; ss: number} {
  const d = new Date(ms)
  return {yyyy: d.getFullYear(), mm: d.getMonth() + 1, dd: d.getDate(), hh: d.getHours(), mi: d.getMinutes(), ss: d.getSeconds()}
}

export function formatDateTime(ms: number): string {
  const p = localParts(ms)
  return `${pad2(p.dd)}.${pad2(p.mm)}.${p.yyyy} ${pad2(p.hh)}:${pad2(p.mi)}`
}

export function formatAmount(cents: number, currencyCode = 978): string {
  const cur = currencyCode === 978 ? 'EUR' : String(currencyCode)
  return `${cur} ${(cents / 100).toFixed(2)}`
}

const center = (s: string) => ' '.repeat(Math.max(0, Math.floor((RECEIPT_WIDTH - s.length) / 2))) + s
/** label left, value right within the receipt width (value wins when too long) */
const lr = (label: string, value: string) => label + ' '.repeat(Math.max(1, RECEIPT_WIDTH - label.length - value.length)) + value

/** Printers take 7-bit text here; anything else becomes '?' (host probe details may carry other characters). */
export function ascii(s: string): string {
  return s.replace(/[^\x20-\x7e]/g, '?')
}

function header(state: SimState): string[] {
  return [center(state.merchantName), center('Hauptstr. 1'), center('10115 Berlin'), '']
}

const TYPE_TITLE: Record<JournalRecord['type'], string> = {sale: 'PAYMENT', reversal: 'REVERSAL', refund: 'REFUND'}

export function transactionReceipt(state: SimState, r: JournalRecord, copy: 'merchant' | 'customer', opts: {duplicate?: boolean} = {}): string[] {
  const lines = [...(opts.duplicate ? [center('** DUPLICATE **')] : []), ...header(state)]
  lines.push(center(TYPE_TITLE[r.type]), center(copy === 'merchant' ? 'MERCHANT COPY' : 'CUSTOMER COPY'), '')
  lines.push(formatDateTime(Date.parse(r.time)))
  lines.push(lr('TID', r.terminalId), lr('VU-No.', state.vuNumber.trim()))
  lines.push(lr('Trace', String(r.traceNumber).padStart(6, '0')))
  if (r.receiptNumber !== null) lines.push(lr('Receipt', String(r.receiptNumber).padStart(4, '0')))
  if (r.originalReceiptNumber !== undefined) lines.push(lr('Orig. receipt', String(r.originalReceiptNumber).padStart(4, '0')))
  lines.push(lr('Batch', String(r.batchNumber)))
  lines.push(r.cardName, r.panMasked)
  if (r.authCode) lines.push(lr('Auth code', r.authCode))
  lines.push('', lr('AMOUNT', formatAmount(r.amountCents, r.currencyCode)), '')
  if (r.resultCode === 0) lines.push(center(r.type === 'reversal' ? 'REVERSAL DONE' : 'APPROVED'))
  else lines.push(center('DECLINED'), center(`RESULT ${r.resultCode.toString(16).padStart(2, '0').toUpperCase()}`))
  if (copy === 'merchant' && r.resultCode === 0 && r.type !== 'reversal') lines.push('', 'Signature', '', '________________________')
  return lines.map(ascii)
}

export function totalsLines(records: JournalRecord[]): string[] {
  const t = batchTotals(records)
  const lines: string[] = []
  for (const g of TOTALS_GROUPS) {
    const v = t.groups[g]
    if (v.count > 0) lines.push(lr(`${g} ${v.count}x`, formatAmount(v.amountCents)))
  }
  lines.push('------------------------', lr(`TOTAL ${t.count}x`, formatAmount(t.totalCents)))
  return lines
}

export function endOfDayReceipt(state: SimState, batch: ClosedBatch, records: JournalRecord[], nowMs: number): string[] {
  return [
    ...header(state),
    center('END OF DAY'),
    formatDateTime(nowMs),
    lr('TID', state.terminalId),
    lr('Batch', String(batch.batchNumber)),
    lr('Trace', String(batch.traceNumber).padStart(6, '0')),
    lr('Receipts', `${String(batch.receiptNumberStart).padStart(4, '0')}-${String(batch.receiptNumberEnd).padStart(4, '0')}`),
    '',
    ...totalsLines(records),
    '',
    center('BATCH CLOSED'),
  ].map(ascii)
}

export function turnoverReceipt(state: SimState, records: JournalRecord[], nowMs: number): string[] {
  return [...header(state), center('TURNOVER TOTALS'), formatDateTime(nowMs), lr('TID', state.terminalId), lr('Open batch', String(state.counters.batchNumber)), '', ...totalsLines(records)].map(ascii)
}

export function diagnosisReceipt(state: SimState, nowMs: number, host: {ok: boolean; resultCode?: number; detail: string}): string[] {
  const code = host.ok ? '00' : (host.resultCode ?? 0xa3).toString(16).padStart(2, '0').toUpperCase()
  return [
    ...header(state),
    center('DIAGNOSIS'),
    formatDateTime(nowMs),
    lr('TID', state.terminalId),
    lr('Host', host.ok ? 'OK' : `FAILED ${code}`),
    ...wrap(host.detail),
    '',
    center(host.ok ? 'DIAGNOSIS OK' : 'DIAGNOSIS FAILED'),
  ].map(ascii)
}

export function configurationReceipt(state: SimState, nowMs: number): string[] {
  const hex = (n: number) => n.toString(16).padStart(2, '0').toUpperCase()
  return [
    ...header(state),
    center('SYSTEM CONFIGURATION'),
    formatDateTime(nowMs),
    lr('TID', state.terminalId),
    lr('VU-No.', state.vuNumber.trim()),
    lr('Software', state.swVersion),
    lr('Currency', String(state.currencyCode)),
    lr('ECR config byte', hex(state.config.configByte)),
    lr('Text blocks', state.config.textBlocks ? 'yes' : 'no'),
    lr('Open batch', String(state.counters.batchNumber)),
    lr('Last trace', String(state.counters.traceNumber).padStart(6, '0')),
    lr('Last receipt', String(state.counters.receiptNumber).padStart(4, '0')),
    lr('Journal records', String(state.journal.length)),
    lr('Printer', state.printer.paperOut ? 'NO PAPER' : 'OK'),
    lr('Status', hex(state.terminalStatus)),
  ].map(ascii)
}

/**
 * Journal printout (Repeat Receipt 1F01 = 05): one line per record of the open batch, or with a
 * receipt-number range (1F02/1F03) only the records of that range, named in the header.
 */
export function journalPrintout(state: SimState, records: JournalRecord[], nowMs: number, range?: {from: number; to: number}): string[] {
  const lines = [...header(state), center('JOURNAL'), formatDateTime(nowMs), lr('TID', state.terminalId), lr('Batch', String(state.counters.batchNumber))]
  if (range) lines.push(lr('Receipts', `${String(range.from).padStart(4, '0')}-${String(range.to).padStart(4, '0')}`))
  lines.push('')
  for (const r of records) {
    const rc = r.receiptNumber === null ? '----' : String(r.receiptNumber).padStart(4, '0')
    const kind = r.state === 'declined' ? 'DECL' : r.type === 'sale' ? (r.state === 'reversed' ? 'SALE/R' : r.state === 'auto-reversed' ? 'SALE/A' : 'SALE') : r.type === 'reversal' ? 'REV' : 'REFUND'
    lines.push(`${rc} ${kind.padEnd(6)} ${(r.amountCents / 100).toFixed(2).padStart(10)}`)
  }
  lines.push('', ...totalsLines(records))
  return lines.map(ascii)
}

function wrap(text: string): string[] {
  const out: string[] = []
  const words = text.split(/\s+/).filter(Boolean)
  let line = ''
  for (const w of words) {
    if (line && line.length + 1 + w.length > RECEIPT_WIDTH) {
      out.push(line)
      line = ''
    }
    line = line ? `${line} ${w}` : w.slice(0, RECEIPT_WIDTH)
  }
  if (line) out.push(line)
  return out
}
