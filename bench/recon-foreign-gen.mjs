// Generator of "foreign-layout" reconciliation files (issue 14): what merchants really have, not
// posdoc's own formats. Deterministic for a seed; used by test/recon (small sizes, exact counts
// and key sets) and by bench/recon-foreign.mjs (1M x 1M).
//
//  - journal: an English terminal export, UTF-8, comma:
//      Date,Time,TID,Batch No,Trace No,Receipt No,Type,Amount,Card No,Auth Code,RRN,Response,Orig Trace No
//    dates DD/MM/YYYY, amounts in yuan ("12.50"), trace numbers restarting at 1 every day,
//    a voided sale is a SALE row plus a VOID row whose Orig Trace No names it (or, with
//    voidLink 'rrn', no Orig Trace No column and the VOID row carries the sale's RRN and auth code).
//  - settlement: a GBK Chinese acquirer file with two title lines, no status column, T+1:
//      商户编号,终端编号,交易日期,交易时间,交易类型,批次号,凭证号,参考号,卡号,交易金额,手续费,清算金额,清算日期
//    dates YYYYMMDD, times HHMMSS, a 合计 line at the end.
//  - bank (optional): a GBK bank statement 交易日期,交易时间,借方发生额,贷方发生额,余额,对方户名,摘要
//    with one credit per merchant ID and settlement date on its payout day.
//
// Planted faults (exact keys returned in `expected`, key = TID|YYYY-MM-DD|trace):
//   missing            approved sale absent from the settlement file
//   amountMismatch     settled 1.00 short
//   voidedSettled      sale voided on the terminal (VOID row), the sale settled, the void not
//   declinedSettled    declined sale (Response 51) that the acquirer settled
//   unknown            settlement row whose trace the terminal never used that day (but often on
//                      the neighbouring days: traces restart daily)
// Benign noise that must not be flagged: declined sales, voided-and-not-settled sales, the VOID
// rows themselves, voided sales whose void settled too (they net out), title and 合计 lines.
// Payout faults (keys MID|settlement date): payoutMissing, payoutLate (two business days late),
// payoutShort (12.34 short); benign: debits, interest credits, payouts rolled over holidays.
import path from 'node:path'

import {writer} from './recon-common.mjs'

const DAY_MS = 86_400_000
const p2 = (n) => String(n).padStart(2, '0')
const iso = (ms) => {
  const d = new Date(ms)
  return `${d.getUTCFullYear()}-${p2(d.getUTCMonth() + 1)}-${p2(d.getUTCDate())}`
}
const yuan = (cents) => `${cents < 0 ? '-' : ''}${Math.floor(Math.abs(cents) / 100)}.${p2(Math.abs(cents) % 100)}`

/** 15-digit merchant ID starting with 1 (never mistaken for a card number). */
const mid = (m) => `10231004511${String(m).padStart(4, '0')}`

/**
 * @param {string} dir
 * @param {object} [o]
 */
export async function generateForeign(dir, o = {}) {
  const terminals = o.terminals ?? 222
  const days = o.days ?? 30
  const rows = o.rows ?? 1_000_000
  const merchants = o.merchants ?? 12
  const start = Date.UTC(...(o.start ?? [2026, 8, 15]))
  const voidLink = o.voidLink ?? 'orig-trace'
  const faults = {missing: 3, amountMismatch: 2, voidedSettled: 4, declinedSettled: 2, unknown: 3, ...(o.faults ?? {})}
  const payoutFaults = {payoutMissing: 1, payoutLate: 1, payoutShort: 1, ...(o.payoutFaults ?? {})}
  let seed = o.seed ?? 7
  const rnd = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 4294967296)
  const perDay = Math.max(2, Math.round(rows / (terminals * days)))

  const journalFile = path.join(dir, 'terminal-export.csv')
  const settlementFile = path.join(dir, '清算明细.csv')
  const jw = writer(journalFile, 'utf8')
  const sw = writer(settlementFile, 'gbk')
  const origCol = voidLink === 'orig-trace'
  jw.line(`Date,Time,TID,Batch No,Trace No,Receipt No,Type,Amount,Card No,Auth Code,RRN,Response${origCol ? ',Orig Trace No' : ''}`)
  sw.line('商户交易明细')
  // (dates with dashes: two 8-digit dates joined by '-' can read as a card number to a PAN scan)
  sw.line(`起止日期：${iso(start)} 至 ${iso(start + (days - 1) * DAY_MS)}`)
  sw.line('商户编号,终端编号,交易日期,交易时间,交易类型,批次号,凭证号,参考号,卡号,交易金额,手续费,清算金额,清算日期')

  // the sales of every terminal-day, counted first so faults can be placed at exact positions
  const counts = []
  let sales = 0
  for (let d = 0; d < days; d++) {
    for (let t = 0; t < terminals; t++) {
      const n = Math.max(2, perDay + Math.floor((rnd() - 0.5) * perDay * 0.2))
      counts.push(n)
      sales += n
    }
  }
  // faults: distinct sale positions, never on the last day (its after-cut-off rules are another story)
  const lastDayFrom = (days - 1) * terminals
  let salesBeforeLastDay = 0
  for (let k = 0; k < lastDayFrom; k++) salesBeforeLastDay += counts[k]
  const fault = new Map()
  if (faults.unknown > lastDayFrom || Object.values(faults).reduce((a, b) => a + b, 0) > salesBeforeLastDay / 2) throw new Error('too many faults for so few rows')
  for (const [name, n] of Object.entries(faults)) {
    if (name === 'unknown') continue
    for (let k = 0; k < n; k++) {
      let at
      do at = Math.floor(rnd() * salesBeforeLastDay)
      while (fault.has(at))
      fault.set(at, name)
    }
  }
  // unknown settlement rows: terminal-day slots (before the last day)
  const unknownAt = new Map()
  for (let k = 0; k < faults.unknown; k++) {
    let at
    do at = Math.floor(rnd() * lastDayFrom)
    while (unknownAt.has(at))
    unknownAt.set(at, k)
  }

  const expected = {missing: [], amountMismatch: [], voidedSettled: [], declinedSettled: [], unknown: []}
  const counts2 = {journalRows: 0, settlementRows: 0, sales, declined: 0, voidedNotSettled: 0, voidNetted: 0, voidRows: 0, settled: 0}
  /** net per MID|settlement date, in cents (gross - fees) */
  const net = new Map()
  let sTotalCents = 0
  let sFeeCents = 0
  let saleIndex = 0
  let slot = 0
  for (let d = 0; d < days; d++) {
    const dayMs = start + d * DAY_MS
    const dIso = iso(dayMs)
    const [yy, mm, dd] = dIso.split('-')
    const jDate = `${dd}/${mm}/${yy}`
    const sDate = dIso.replaceAll('-', '')
    const settleIso = iso(dayMs + DAY_MS)
    const settleDate = settleIso.replaceAll('-', '')
    for (let t = 0; t < terminals; t++, slot++) {
      const n = counts[slot]
      const tid = String(29_100_000 + t)
      const m = mid(t % merchants)
      const batch = d + 1
      let trace = 0
      // times spread from 08:00 over the day, increasing
      let sec = 8 * 3600
      const step = Math.max(1, Math.floor((13 * 3600) / (n * 1.1 + 2)))
      const settle = (traceNo, time, typeZh, cents, pan, rrn, fee) => {
        sw.line(`${m},${tid},${sDate},${time.replaceAll(':', '')},${typeZh},${p2(batch).padStart(6, '0')},${String(traceNo).padStart(6, '0')},${rrn},${pan},${yuan(cents)},${yuan(fee)},${yuan((typeZh === '消费' ? cents : -cents) - fee)},${settleDate}`)
        counts2.settlementRows++
        const k = `${m}|${settleIso}`
        net.set(k, (net.get(k) ?? 0) + (typeZh === '消费' ? cents : -cents) - fee)
        sTotalCents += cents
        sFeeCents += fee
      }
      for (let s = 0; s < n; s++, saleIndex++) {
        sec += step - Math.floor(rnd() * step * 0.3)
        const time = `${p2(Math.floor(sec / 3600))}:${p2(Math.floor(sec / 60) % 60)}:${p2(sec % 60)}`
        const cents = 500 + Math.floor(rnd() * 50_000)
        const pan = `622588******${String(1000 + Math.floor(rnd() * 9000))}`
        const auth = String(Math.floor(rnd() * 1_000_000)).padStart(6, '0')
        trace++
        const rrn = `${sDate.slice(2)}${String(t).padStart(3, '0')}${String(trace).padStart(3, '0')}`
        const key = `${tid}|${dIso}|${trace}`
        const f = fault.get(saleIndex)
        const roll = rnd()
        const declined = f === 'declinedSettled' || (!f && roll < 0.02)
        const voided = f === 'voidedSettled' || (!f && roll >= 0.02 && roll < 0.035)
        const voidSettledToo = voided && !f && roll >= 0.03
        jw.line(`${jDate},${time},${tid},${p2(batch).padStart(6, '0')},${trace},${trace},SALE,${yuan(cents)},${pan},${declined ? '' : auth},${rrn},${declined ? '51' : '00'}${origCol ? ',' : ''}`)
        counts2.journalRows++
        const fee = Math.round(cents * 0.0038)
        if (declined) {
          if (f) {
            expected.declinedSettled.push(key)
            settle(trace, time, '消费', cents, pan, rrn, fee)
          } else counts2.declined++
        } else if (voided) {
          const saleTrace = trace
          trace++
          sec += 30
          const vtime = `${p2(Math.floor(sec / 3600))}:${p2(Math.floor(sec / 60) % 60)}:${p2(sec % 60)}`
          const vrrn = voidLink === 'rrn' ? rrn : `${sDate.slice(2)}${String(t).padStart(3, '0')}${String(trace).padStart(3, '0')}`
          jw.line(`${jDate},${vtime},${tid},${p2(batch).padStart(6, '0')},${trace},${trace},VOID,${yuan(cents)},${pan},${auth},${vrrn},00${origCol ? `,${saleTrace}` : ''}`)
          counts2.journalRows++
          counts2.voidRows++
          if (f) {
            expected.voidedSettled.push(key)
            settle(saleTrace, time, '消费', cents, pan, rrn, fee)
          } else if (voidSettledToo) {
            counts2.voidNetted++
            settle(saleTrace, time, '消费', cents, pan, rrn, fee)
            settle(trace, vtime, '消费撤销', cents, pan, vrrn, 0)
          } else counts2.voidedNotSettled++
        } else if (f === 'missing') expected.missing.push(key)
        else if (f === 'amountMismatch') {
          expected.amountMismatch.push(key)
          settle(trace, time, '消费', cents - 100, pan, rrn, Math.round((cents - 100) * 0.0038))
        } else {
          counts2.settled++
          settle(trace, time, '消费', cents, pan, rrn, fee)
        }
      }
      const u = unknownAt.get(slot)
      if (u !== undefined) {
        // the next trace number this terminal did not reach today (used on other days, often)
        const ut = trace + 1 + u
        const cents = 1000 + u
        settle(ut, '12:00:00', '消费', cents, '622588******0000', `${sDate.slice(2)}9${String(t).padStart(3, '0')}${String(u).padStart(2, '0')}`, 4)
        expected.unknown.push(`${tid}|${dIso}|${ut}`)
      }
      if (jw.full() || sw.full()) await Promise.all([jw.drain(), sw.drain()])
    }
  }
  sw.line(`合计,,,,,,,,,${yuan(sTotalCents)},${yuan(sFeeCents)},,`)
  await Promise.all([jw.end(), sw.end()])

  let bank
  if (o.payoutDue) bank = await bankStatement(dir, net, o.payoutDue, payoutFaults, rnd)
  return {journalFile, settlementFile, ...(bank ? {bankFile: bank.file} : {}), expected, counts: counts2, net, ...(bank ? {payouts: bank.expected} : {})}
}

/** The bank account's statement: one credit per MID and settlement date, on its payout day. */
async function bankStatement(dir, net, payoutDue, faults, rnd) {
  const file = path.join(dir, '账户明细.csv')
  const w = writer(file, 'gbk')
  w.line('账户明细查询')
  w.line('账号：6222****0042,币种：人民币')
  w.line('交易日期,交易时间,借方发生额,贷方发生额,余额,对方户名,摘要')
  const keys = [...net.keys()].sort((a, b) => a.split('|')[1].localeCompare(b.split('|')[1]) || a.localeCompare(b))
  // faults on distinct payouts, not the last few settlement dates (late ones must land in the file)
  const lastDate = keys.map((k) => k.split('|')[1]).sort().at(-1)
  const eligible = keys.filter((k) => k.split('|')[1] < iso(Date.parse(lastDate) - 6 * DAY_MS))
  const fault = new Map()
  const wanted = Object.values(faults).reduce((a, b) => a + b, 0)
  if (wanted > eligible.length) throw new Error(`${wanted} payout faults need more settlement dates (have ${eligible.length} eligible)`)
  for (const [name, n] of Object.entries(faults)) {
    for (let k = 0; k < n; k++) {
      let key
      do key = eligible[Math.floor(rnd() * eligible.length)]
      while (fault.has(key))
      fault.set(key, name)
    }
  }
  const expected = {payoutMissing: [], payoutLate: [], payoutShort: [], paid: 0}
  const credits = []
  for (const key of keys) {
    const [m, settleIso] = key.split('|')
    const due = payoutDue(settleIso)
    const cents = net.get(key)
    const remark = `POS结算款 商户号${m} 清算日${settleIso.replaceAll('-', '')}`
    const f = fault.get(key)
    if (f === 'payoutMissing') expected.payoutMissing.push(key)
    else if (f === 'payoutLate') {
      expected.payoutLate.push(key)
      credits.push({date: payoutDue(iso(Date.parse(payoutDue(iso(Date.parse(due) + DAY_MS))) + DAY_MS)), cents, remark})
    } else if (f === 'payoutShort') {
      expected.payoutShort.push(key)
      credits.push({date: due, cents: cents - 1234, remark})
    } else {
      expected.paid++
      credits.push({date: due, cents, remark})
    }
  }
  // noise: rent (debit) and interest (credit) every few days
  const dates = [...new Set(credits.map((c) => c.date))].sort()
  dates.forEach((d, i) => {
    if (i % 5 === 0) credits.push({date: d, debit: 350_000 + i, remark: '房租'})
    if (i % 9 === 4) credits.push({date: d, cents: 123 + i, remark: '利息', counterparty: '本行'})
  })
  credits.sort((a, b) => a.date.localeCompare(b.date))
  let balance = 5_000_000
  for (const c of credits) {
    balance += (c.cents ?? 0) - (c.debit ?? 0)
    const time = `${p2(9 + Math.floor(rnd() * 8))}:${p2(Math.floor(rnd() * 60))}:00`
    w.line(`${c.date.replaceAll('-', '')},${time},${c.debit ? yuan(c.debit) : ''},${c.cents ? yuan(c.cents) : ''},${yuan(balance)},${c.counterparty ?? (c.debit ? '某某物业公司' : '银联商务股份有限公司')},${c.remark}`)
  }
  await w.end()
  return {file, expected}
}
