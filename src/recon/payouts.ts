/**
 * The payout leg: the settlement file's daily net totals (gross − fees, per merchant ID and
 * settlement date) against the credits on the merchant's bank statement. Answers "the acquirer
 * settled it — did the money reach the account?": each payout is paid, late (credited after its
 * business day), short (credited with less), missing, or not due yet (after the statement's last
 * day). Business days come from a CN or DE calendar (calendar.ts).
 *
 * Bank statements are small (one line per booking), so the file is read whole: GBK or UTF-8,
 * header words such as 交易日期 / 贷方发生额 / 收入金额 / 对方户名 / 摘要 or Date / Credit /
 * Counterparty / Remark. A row that cannot be read is counted and listed, never dropped.
 */
import {readFile} from 'node:fs/promises'
import iconv from 'iconv-lite'

import type {Lang} from '../i18n/index.js'
import {PosdocError} from '../output/errors.js'
import {ExitCode} from '../output/exit-codes.js'
import {scrubPanText} from '../terminal/wire-log.js'
import type {BusinessCalendar} from './calendar.js'
import {csvRows} from './import.js'
import {normaliseHeader} from './profile-match.js'
import {sniffFile} from './sniff.js'
import {dayToIso, formatCents, parseAmount, parseDate} from './values.js'

/** One expected payout: what the acquirer settled for a merchant ID on a settlement date. */
export interface ExpectedPayout {
  merchantId: string
  settlementDay: number
  grossCents: number
  feeCents: number
  netCents: number
  rows: number
}

export type PayoutStatus = 'paid' | 'late' | 'short' | 'missing' | 'not-due' | 'nothing-due'
export const PAYOUT_EXCEPTIONS: ReadonlySet<PayoutStatus> = new Set(['late', 'short', 'missing'])

export interface PayoutItem {
  status: PayoutStatus
  merchantId: string
  settlementDate: string
  /** the business day the credit was due (settlement date, or the next business day) */
  dueDate: string
  expectedCents: number
  grossCents: number
  feeCents: number
  creditedCents: number | null
  creditDate: string | null
  differenceCents: number | null
  businessDaysLate: number | null
  bankLine: number | null
  explanation: string
  ask: string
}

export interface PayoutReport {
  file: string
  encoding: string
  headerLine: number
  columns: Record<string, string>
  calendar: {name: string; source: string}
  rows: number
  credits: number
  bad: number
  badRows: Array<{line: number; reason: string}>
  statementPeriod: {from: string; to: string} | null
  counts: Record<PayoutStatus, number>
  /** every payout, in settlement-date order */
  items: PayoutItem[]
  /** credits that are no payout of these merchants (interest, other payers), for a look */
  otherCredits: Array<{line: number; date: string; cents: number; counterparty: string; remark: string}>
}

/** Daily net totals as the settlement rows stream past (key: merchant + settlement day). */
export class PayoutTotals {
  private readonly byKey = new Map<string, ExpectedPayout>()
  /** settled rows without a settlement date: they cannot be placed on a payout day */
  undated = 0

  add(merchantId: string, settlementDay: number | null, signedCents: number, feeCents: number): void {
    if (settlementDay === null) {
      this.undated++
      return
    }
    const key = `${merchantId}|${settlementDay}`
    let p = this.byKey.get(key)
    if (!p) this.byKey.set(key, (p = {merchantId, settlementDay, grossCents: 0, feeCents: 0, netCents: 0, rows: 0}))
    p.grossCents += signedCents
    p.feeCents += feeCents
    p.netCents += signedCents - feeCents
    p.rows++
  }

  list(): ExpectedPayout[] {
    return [...this.byKey.values()].sort((a, b) => a.settlementDay - b.settlementDay || a.merchantId.localeCompare(b.merchantId))
  }
}

interface Credit {
  line: number
  day: number
  cents: number
  counterparty: string
  remark: string
  used: boolean
}

const BANK_WORDS: ReadonlyArray<[string, readonly string[]]> = [
  ['date', ['交易日期', '记账日期', '入账日期', '日期', 'Date', 'Datum', 'Booking Date', 'Value Date', 'Transaction Date', 'Buchungstag', 'Valuta', 'Wertstellung']],
  ['credit', ['贷方发生额', '收入金额', '贷方金额', '收入', '存入', 'Credit', 'Credit Amount', 'Haben', 'Gutschrift']],
  ['debit', ['借方发生额', '支出金额', '借方金额', '支出', 'Debit', 'Debit Amount', 'Soll', 'Lastschrift']],
  ['amount', ['交易金额', '金额', 'Amount', 'Betrag']],
  ['counterparty', ['对方户名', '对方名称', '对方账户名称', '收/付方名称', 'Counterparty', 'Payer', 'Name', 'Auftraggeber', 'Zahlungspflichtiger', 'Beguenstigter/Zahlungspflichtiger']],
  ['remark', ['摘要', '用途', '附言', '备注', '交易附言', 'Remark', 'Description', 'Reference', 'Memo', 'Verwendungszweck', 'Buchungstext']],
]

function bankError(code: string, message: string, remedy: string, details?: Record<string, unknown>): PosdocError {
  return new PosdocError({code, exitCode: ExitCode.Usage, message, remedy, ...(details ? {details} : {})})
}

const T = {
  unknownColumns: {
    en: (f: string, missing: string, seen: string) => `${f}: not a bank statement posdoc can read: no column for ${missing} (headers seen: ${seen})`,
    'zh-CN': (f: string, missing: string, seen: string) => `${f}：无法识别为银行流水：找不到 ${missing} 对应的列(看到的列名：${seen})`,
  },
  unknownRemedy: {
    en: 'Export the account statement as CSV with a date column and a credit (贷方/收入) or amount column',
    'zh-CN': '请从网银导出带“交易日期”和“贷方发生额/收入金额”列的 CSV 账户明细',
  },
  noMerchant: {
    en: (f: string, credits: number, mids: string) => `${f}: none of its ${credits} credits is a payout for merchant ID ${mids} (no remark names it, no amount equals a daily net total): the statement of another account?`,
    'zh-CN': (f: string, credits: number, mids: string) => `${f}：${credits} 笔入账中没有一笔是商户号 ${mids} 的结算款(摘要未提及商户号，金额也不等于任何一天的清算净额)：是否是其他账户的流水？`,
  },
  noMerchantRemedy: {
    en: 'Export the statement of the account the acquirer pays this merchant ID into (see the merchant agreement), for the same period',
    'zh-CN': '请导出收单机构为该商户号结算入账的那个银行账户、同一时期的流水(见商户协议)',
  },
  noCredits: {
    en: (f: string) => `${f}: no credit at all in the statement`,
    'zh-CN': (f: string) => `${f}：流水中没有任何入账`,
  },
}

/** Read the bank statement: credits with their line numbers, bad rows counted. */
export async function readBankStatement(file: string, lang: Lang): Promise<{credits: Credit[]; rows: number; bad: Array<{line: number; reason: string}>; badCount: number; encoding: string; headerLine: number; columns: Record<string, string>}> {
  let sniffed
  try {
    sniffed = await sniffFile(file)
  } catch (e) {
    throw bankError('PAYOUT_FILE_UNREADABLE', `${file}: ${(e as Error).message}`, T.unknownRemedy[lang])
  }
  const text = iconv.decode(await readFile(file), sniffed.encoding === 'utf-8' ? 'utf8' : sniffed.encoding)
  const rows = csvRows(text, sniffed.delimiter)
  let header: {row: {cells: string[]; line: number}; col: Record<string, number>} | undefined
  let closest: {missing: string[]; cells: string[]; found: number} | undefined
  for (const row of rows.slice(0, 30)) {
    const norm = row.cells.map((c) => normaliseHeader(c).replace(/\([^)]*\)$/, ''))
    const col: Record<string, number> = {}
    for (const [field, words] of BANK_WORDS) {
      for (const w of words.map(normaliseHeader)) {
        const i = norm.findIndex((h, k) => h === w && !Object.values(col).includes(k))
        if (i >= 0) {
          col[field] = i
          break
        }
      }
    }
    const missing = [col.date === undefined ? 'date' : '', col.credit === undefined && col.amount === undefined ? 'credit|amount' : ''].filter(Boolean)
    if (missing.length === 0) {
      header = {row, col}
      break
    }
    const found = Object.keys(col).length
    if (!closest || found > closest.found) closest = {missing, cells: row.cells, found}
  }
  if (!header) {
    const seen = scrubPanText((closest?.cells ?? []).map((c) => c.trim()).filter(Boolean).slice(0, 20).join(' | ')).slice(0, 300)
    throw bankError('PAYOUT_UNKNOWN_COLUMNS', T.unknownColumns[lang](file, (closest?.missing ?? ['date', 'credit|amount']).join(', '), seen), T.unknownRemedy[lang])
  }
  const {row: head, col} = header
  const credits: Credit[] = []
  const bad: Array<{line: number; reason: string}> = []
  let badCount = 0
  let count = 0
  const get = (cells: string[], f: string) => (col[f] === undefined ? '' : (cells[col[f]!] ?? '').trim().replace(/^="?|"$/g, ''))
  for (const r of rows) {
    if (r.line <= head.line) continue
    if (r.cells.every((c) => c.trim() === '')) continue
    if (/^(合计|总计|小计|本页合计|Total|Summe)/.test((r.cells.find((c) => c.trim() !== '') ?? '').trim())) continue
    count++
    const fail = (reason: string) => {
      badCount++
      if (bad.length < 100) bad.push({line: r.line, reason: scrubPanText(reason)})
    }
    const rawDate = get(r.cells, 'date')
    const date = parseDate(rawDate.split(/[\sT]/)[0] ?? '', 'YMD')
    if (!date.ok) {
      fail(`date "${rawDate}": ${date.reason}`)
      continue
    }
    let cents: number
    if (col.credit !== undefined) {
      const raw = get(r.cells, 'credit')
      if (raw === '') continue // a debit line
      const a = parseAmount(raw, 'major')
      if (!a.ok) {
        fail(`credit "${raw}": ${a.reason}`)
        continue
      }
      cents = a.value
    } else {
      const raw = get(r.cells, 'amount')
      const a = parseAmount(raw, 'major')
      if (!a.ok) {
        fail(`amount "${raw}": ${a.reason}`)
        continue
      }
      cents = a.value
    }
    if (cents <= 0) continue
    credits.push({line: r.line, day: date.value, cents, counterparty: get(r.cells, 'counterparty'), remark: get(r.cells, 'remark'), used: false})
  }
  const columns: Record<string, string> = {}
  for (const [f, i] of Object.entries(col)) columns[f] = (head.cells[i] ?? '').trim()
  return {credits, rows: count, bad, badCount, encoding: sniffed.encoding, headerLine: head.line, columns}
}

/** How many business days a late credit may come after its due day and still be this payout. */
const LATE_WINDOW = 10

/** Match expected payouts to credits. */
export async function reconcilePayouts(file: string, expected: readonly ExpectedPayout[], cal: BusinessCalendar, lang: Lang): Promise<PayoutReport> {
  const zh = lang === 'zh-CN'
  const bank = await readBankStatement(file, lang)
  const credits = bank.credits
  const from = credits.length > 0 ? Math.min(...credits.map((c) => c.day)) : null
  const to = credits.length > 0 ? Math.max(...credits.map((c) => c.day)) : null
  const mids = [...new Set(expected.map((p) => p.merchantId).filter((m) => m !== ''))]
  const mentions = (c: Credit, mid: string) => mid !== '' && (c.remark.includes(mid) || c.counterparty.includes(mid))
  // statements whose remarks name the merchant ID: only those credits are this merchant's payouts
  const referenced = credits.some((c) => mids.some((m) => mentions(c, m)))
  const counts: Record<PayoutStatus, number> = {paid: 0, late: 0, short: 0, missing: 0, 'not-due': 0, 'nothing-due': 0}
  const items: PayoutItem[] = []
  const money = (c: number) => `${formatCents(c)}`

  for (const p of expected) {
    const due = cal.onOrAfter(p.settlementDay)
    const settleIso = dayToIso(p.settlementDay)
    const compact = settleIso.replaceAll('-', '')
    const base = {merchantId: p.merchantId, settlementDate: settleIso, dueDate: dayToIso(due), expectedCents: p.netCents, grossCents: p.grossCents, feeCents: p.feeCents}
    const push = (status: PayoutStatus, c: Credit | undefined, explanation: string, ask: string) => {
      if (c) c.used = true
      counts[status]++
      items.push({
        status,
        ...base,
        creditedCents: c ? c.cents : null,
        creditDate: c ? dayToIso(c.day) : null,
        differenceCents: c ? c.cents - p.netCents : null,
        businessDaysLate: c ? Math.max(0, cal.businessDaysBetween(due, c.day)) : null,
        bankLine: c ? c.line : null,
        explanation,
        ask,
      })
    }
    if (p.netCents <= 0) {
      push('nothing-due', undefined, zh ? `当日净额 ${money(p.netCents)}：无需划款` : `net ${money(p.netCents)}: nothing to pay out`, '')
      continue
    }
    const namesDate = (c: Credit) => c.remark.includes(compact) || c.remark.includes(settleIso)
    // a remark that names another settlement date is another day's payout, whatever its amount
    const otherDate = (c: Credit) => !namesDate(c) && /(?<!\d)20\d\d-?[01]\d-?[0-3]\d(?!\d)/.test(c.remark)
    const pool = credits.filter((c) => !c.used && (!referenced || mentions(c, p.merchantId)) && !otherDate(c))
    const window = (c: Credit) => c.day >= p.settlementDay - 1 && c.day <= cal.addBusinessDays(due, LATE_WINDOW)
    const exact = pool.filter((c) => c.cents === p.netCents && window(c)).sort((a, b) => Number(namesDate(b)) - Number(namesDate(a)) || a.day - b.day)
    const onTime = exact.find((c) => c.day <= due)
    if (onTime) {
      push('paid', onTime, '', '')
      continue
    }
    if (exact[0]) {
      const c = exact[0]
      const n = cal.businessDaysBetween(due, c.day)
      push(
        'late',
        c,
        zh ? `商户号 ${p.merchantId} 清算日 ${settleIso} 的结算款 ${money(p.netCents)} 应于 ${dayToIso(due)} 到账，实际 ${dayToIso(c.day)} 到账(晚 ${n} 个工作日)` : `the payout of ${money(p.netCents)} for MID ${p.merchantId}, settled ${settleIso}, was due ${dayToIso(due)} and arrived ${dayToIso(c.day)} (${n} business day(s) late)`,
        zh ? `向收单机构询问延迟原因(风控暂缓？划款批次？)，并确认以后的到账时间` : 'Ask the acquirer why it was late (risk hold? payout batch?) and when future payouts will arrive',
      )
      continue
    }
    // same merchant and settlement date named, another amount: short (or over) payment
    const named = referenced ? pool.filter((c) => window(c) && namesDate(c)) : []
    const near = named[0] ?? (referenced ? pool.filter((c) => window(c) && c.day === due)[0] : undefined)
    if (near && near.cents < p.netCents) {
      const diff = p.netCents - near.cents
      push(
        'short',
        near,
        zh ? `商户号 ${p.merchantId} 清算日 ${settleIso} 应到账 ${money(p.netCents)}(交易 ${money(p.grossCents)} − 手续费 ${money(p.feeCents)})，${dayToIso(near.day)} 实际到账 ${money(near.cents)}，少 ${money(diff)}` : `MID ${p.merchantId}, settled ${settleIso}: ${money(p.netCents)} due (gross ${money(p.grossCents)} − fees ${money(p.feeCents)}), ${money(near.cents)} credited on ${dayToIso(near.day)}: ${money(diff)} short`,
        zh ? `向收单机构索取当日扣款明细(调单/拒付、退货抵扣、手续费调整)，核对少付的 ${money(diff)}` : `Ask the acquirer for the deductions of that day (chargeback, refund offset, fee adjustment) that make up the ${money(diff)}`,
      )
      continue
    }
    if (to === null || due > to) {
      push('not-due', undefined, zh ? `应于 ${dayToIso(due)} 到账，在流水截止日之后` : `due ${dayToIso(due)}, after the statement's last day`, zh ? '导出更新的银行流水后再核对' : 'Check again with a statement that covers that day')
      continue
    }
    push(
      'missing',
      undefined,
      zh ? `商户号 ${p.merchantId} 清算日 ${settleIso} 的结算款 ${money(p.netCents)} 应于 ${dayToIso(due)} 到账，流水中没有这笔入账(截至 ${dayToIso(to)})` : `the payout of ${money(p.netCents)} for MID ${p.merchantId}, settled ${settleIso}, was due ${dayToIso(due)}: no such credit on the statement (up to ${dayToIso(to)})`,
      zh ? `向收单机构索取该笔划款的凭证(划款日期、流水号、收款账号)；若已划出，请开户行按该凭证查询入账` : 'Ask the acquirer for the transfer record of this payout (date sent, reference, beneficiary account); if it was sent, ask your bank to trace it with that reference',
    )
  }

  const payouts = expected.filter((p) => p.netCents > 0).length
  if (payouts > 0 && credits.length > 0 && counts.paid + counts.late + counts.short === 0 && !referenced) {
    throw bankError('PAYOUT_NO_MERCHANT', T.noMerchant[lang](file, credits.length, mids.join(', ') || '?'), T.noMerchantRemedy[lang], {credits: credits.length, merchantIds: mids})
  }
  if (payouts > 0 && credits.length === 0 && bank.badCount === 0) throw bankError('PAYOUT_NO_CREDITS', T.noCredits[lang](file), T.noMerchantRemedy[lang])
  return {
    file,
    encoding: bank.encoding,
    headerLine: bank.headerLine,
    columns: bank.columns,
    calendar: {name: cal.name, source: cal.source},
    rows: bank.rows,
    credits: credits.length,
    bad: bank.badCount,
    badRows: bank.bad,
    statementPeriod: from === null || to === null ? null : {from: dayToIso(from), to: dayToIso(to)},
    counts,
    items,
    otherCredits: credits.filter((c) => !c.used).map((c) => ({line: c.line, date: dayToIso(c.day), cents: c.cents, counterparty: c.counterparty, remark: c.remark})),
  }
}
