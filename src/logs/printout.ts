/**
 * Best-effort reading of a journal printout (Repeat Receipt, TLV 1F01 = 05) when the terminal
 * offers no journal file. Printouts differ by vendor; what we look for is one line per booking
 * with a receipt number, a kind word and an amount, e.g. "0042 SALE        12.50", plus the
 * TID, batch and date lines of the header. The printout itself is kept verbatim as evidence.
 */
import {emptyRecord, type TxRecord, type TxState, type TxType} from '../recon/record.js'
import {civilDay, parseAmount} from '../recon/values.js'

const ENTRY = /^\s*(\d{1,6}|-{2,})\s+([A-Za-z][A-Za-z/.]*)\s+(-?\d+[.,]\d{2})\s*$/

/** kind word → type and final state ("SALE/R": voided later, "SALE/A": reversed by the terminal) */
const KINDS: ReadonlyArray<[RegExp, TxType, TxState]> = [
  [/^(SALE|KAUF|ZAHLUNG|PURCHASE)$/i, 'sale', 'approved'],
  [/^SALE\/R$/i, 'sale', 'voided'],
  [/^SALE\/A$/i, 'sale', 'reversed'],
  [/^(DECL|DECLINED|ABGELEHNT)$/i, 'sale', 'declined'],
  [/^(REV|VOID|STORNO)$/i, 'void', 'approved'],
  [/^(REFUND|GUTSCHRIFT|RETURN)$/i, 'refund', 'approved'],
]

export interface ParsedPrintout {
  records: TxRecord[]
  terminalId?: string
  batchNumber?: number
  /** civil day printed in the header */
  day?: number
}

export function parseJournalPrintout(lines: readonly string[], ctx: {terminalId?: string; currency?: string} = {}): ParsedPrintout {
  const out: ParsedPrintout = {records: []}
  for (const l of lines) {
    const tid = /\bTID\b\D*(\d{8})\b/.exec(l)
    if (tid && !out.terminalId) out.terminalId = tid[1]
    const batch = /\b(?:Batch|Batch-Nr\.?|批次号?)\s*:?\s*(\d{1,6})\b/i.exec(l)
    if (batch && out.batchNumber === undefined) out.batchNumber = Number(batch[1])
    const date = /\b(\d{2})\.(\d{2})\.(\d{4})\b/.exec(l)
    if (date && out.day === undefined) out.day = civilDay(Number(date[3]), Number(date[2]), Number(date[1]))
  }
  lines.forEach((l, idx) => {
    const m = ENTRY.exec(l)
    if (!m) return
    const kind = KINDS.find(([re]) => re.test(m[2]!))
    const amount = parseAmount(m[3]!, 'major')
    if (!amount.ok) return
    const r = emptyRecord(idx + 1)
    r.receiptNumber = /^\d+$/.test(m[1]!) ? Number(m[1]) : null
    r.type = kind?.[1] ?? 'other'
    r.state = kind?.[2] ?? 'unknown'
    r.amountCents = Math.abs(amount.value)
    r.terminalId = out.terminalId ?? ctx.terminalId ?? ''
    r.batchNumber = out.batchNumber ?? null
    r.day = out.day ?? null
    r.currency = ctx.currency ?? ''
    r.resultCode = r.state === 'declined' ? '' : '00'
    r.source = 'printout'
    out.records.push(r)
  })
  return out
}
