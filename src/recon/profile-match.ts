/**
 * Applying a CSV profile (see profiles.ts): which header holds which field, and the vocabularies
 * for types, states and settlement statuses. No zod here: import worker threads load this.
 */
import type {CsvProfile} from './profiles.js'
import type {SettlementStatus, TxState, TxType} from './record.js'

export const FIELDS = [
  'terminalId',
  'merchantId',
  'traceNumber',
  'receiptNumber',
  'turnoverNumber',
  'batchNumber',
  'batchOpen',
  'dateTime',
  'date',
  'time',
  'type',
  'state',
  'amount',
  'currency',
  'panMasked',
  'cardType',
  'authCode',
  'rrn',
  'resultCode',
  'resultScheme',
  'originalTraceNumber',
  'settlementStatus',
  'settlementDate',
  'fee',
] as const
export type Field = (typeof FIELDS)[number]

/** Headers compare without case, width (NFKC), spaces, underscores, dashes or dots. */
export function normaliseHeader(h: string): string {
  return h.replace(/^\uFEFF/, '').normalize('NFKC').toLowerCase().replace(/[\s_\-.:：]/g, '')
}

/** The same header without a trailing unit in brackets: "交易金额(元)" → "交易金额". */
function headerStem(h: string): string {
  return h.replace(/\([^)]*\)$/, '')
}

export function columnAliases(ref: string | string[] | undefined): string[] {
  if (ref === undefined) return []
  return (Array.isArray(ref) ? ref : [ref]).map(normaliseHeader)
}

/** Field → index of its column in `headers`, for every mapped field found. */
export function mapColumns(profile: CsvProfile, headers: readonly string[]): Partial<Record<Field, number>> {
  const norm = headers.map(normaliseHeader)
  const stems = norm.map(headerStem)
  const out: Partial<Record<Field, number>> = {}
  for (const f of FIELDS) {
    const aliases = columnAliases(profile.columns[f])
    if (aliases.length === 0) continue
    let i = norm.findIndex((h) => aliases.includes(h))
    if (i < 0) i = stems.findIndex((h) => aliases.includes(h) || aliases.map(headerStem).includes(h))
    if (i >= 0) out[f] = i
  }
  return out
}

/** The required fields the header lacks (empty: the profile fits). */
export function missingRequired(profile: CsvProfile, mapped: Partial<Record<Field, number>>): string[] {
  const missing: string[] = []
  if (mapped.terminalId === undefined) missing.push('terminalId')
  if (mapped.amount === undefined) missing.push('amount')
  if (mapped.traceNumber === undefined && mapped.receiptNumber === undefined) missing.push('traceNumber|receiptNumber')
  if (mapped.dateTime === undefined && mapped.date === undefined) missing.push('dateTime|date')
  // a profile that names a column must find it, or a look-alike file would be misread; a
  // settlement file without a status column is the exception: every row in it is settled
  for (const f of ['type', 'state'] as const) if (profile.columns[f] && mapped[f] === undefined) missing.push(f)
  return missing
}

/** Share of the profile's named columns present in the header (0..1). */
export function profileScore(profile: CsvProfile, mapped: Partial<Record<Field, number>>): number {
  const named = FIELDS.filter((f) => profile.columns[f] !== undefined).length
  return named === 0 ? 0 : Object.keys(mapped).length / named
}

// ---- vocabularies (applied after a profile's own maps) -----------------------------------------

const TYPE_WORDS: ReadonlyArray<[RegExp, TxType]> = [
  [/^(消费撤销|撤销|void|cancel(lation)?|storno|annulation)$/i, 'void'],
  [/^(冲正|自动冲正|reversal|auto-?reversal|reversed)$/i, 'reversal'],
  [/^(退货|退款|消费退货|refund|return|credit|gutschrift)$/i, 'refund'],
  [/^(消费|销售|收款|扫码消费|sale|purchase|payment|debit|zahlung)$/i, 'sale'],
]

const STATE_WORDS: ReadonlyArray<[RegExp, TxState]> = [
  [/^(成功|交易成功|approved|ok|success(ful)?|booked|00)$/i, 'approved'],
  [/^(失败|拒绝|交易失败|declined|failed|rejected|refused)$/i, 'declined'],
  [/^(已撤销|撤销|voided|cancelled|canceled)$/i, 'voided'],
  [/^(已冲正|冲正|reversed|auto-?reversed)$/i, 'reversed'],
]

const STATUS_WORDS: ReadonlyArray<[RegExp, SettlementStatus]> = [
  [/^(已清算|已结算|清算成功|结算成功|已入账|已划款|成功|settled|paid|credited|success|done)$/i, 'settled'],
  [/^(冻结|风控|风控冻结|暂缓|暂缓结算|延迟结算|挂起|held|hold|on hold|frozen|risk|risk hold|review)$/i, 'held'],
  [/^(待清算|未清算|待结算|处理中|清算中|pending|processing|in progress|scheduled)$/i, 'pending'],
  [/^(失败|清算失败|退回|拒绝|failed|rejected|returned)$/i, 'failed'],
]

function lookup<T extends string>(raw: string, map: Record<string, T>, words: ReadonlyArray<[RegExp, T]>): T | undefined {
  const s = raw.trim()
  if (s === '') return undefined
  const own = map[s] ?? Object.entries(map).find(([k]) => k.toLowerCase() === s.toLowerCase())?.[1]
  if (own) return own
  return words.find(([re]) => re.test(s))?.[1]
}

/** Vocabulary lookups of one profile, memoised: a column holds a handful of distinct words. */
export function vocabulary(p: CsvProfile): {type(raw: string): TxType | undefined; state(raw: string): TxState | undefined; status(raw: string): SettlementStatus | undefined} {
  const memo = <T extends string>(map: Record<string, T>, words: ReadonlyArray<[RegExp, T]>) => {
    const cache = new Map<string, T | undefined>()
    return (raw: string): T | undefined => {
      if (cache.has(raw)) return cache.get(raw)
      const v = lookup(raw, map, words)
      if (cache.size < 1000) cache.set(raw, v)
      return v
    }
  }
  return {type: memo(p.typeMap, TYPE_WORDS), state: memo(p.stateMap, STATE_WORDS), status: memo(p.statusMap, STATUS_WORDS)}
}

export const mapType = (p: CsvProfile, raw: string) => lookup(raw, p.typeMap, TYPE_WORDS)
export const mapState = (p: CsvProfile, raw: string) => lookup(raw, p.stateMap, STATE_WORDS)
export const mapStatus = (p: CsvProfile, raw: string) => lookup(raw, p.statusMap, STATUS_WORDS)
