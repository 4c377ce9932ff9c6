#!/usr/bin/env node
// The column-store baseline for bench/recon.mjs: the same reconciliation written as one DuckDB
// query over the same two CSV files (typed columns from read_csv, hash join on terminal ID +
// trace number with the ±3-day date rule as a residual filter, amount / auth code / last-four
// checks, per-day × category totals). Run as its own process so its peak RSS is its own.
//
//   node bench/recon-duckdb.mjs JOURNAL SETTLEMENT [--threads N] [--foreign]
// Prints one JSON line: {wallMs, maxRssKB, threads, categories} (and, with --foreign, the keys of
// every exception).
//
// --foreign: the layouts of bench/recon-foreign.mjs (issue 14): the English terminal export and the
// settlement file after `iconv -f GBK -t UTF-8` (DuckDB reads UTF-8 only; the caller times the
// conversion as part of DuckDB's path). Key: TID + transaction date + trace (+ type); a VOID row
// names its sale by Orig Trace No on the same terminal and day.
//
// Written by hand for this benchmark; it is a yardstick, not a second implementation: posdoc's
// recon does more per row (bad-row accounting with line numbers, PAN masking at the door,
// vocabularies, reasons per item), which this query leaves out.
import {performance} from 'node:perf_hooks'

const args = process.argv.slice(2)
const [journal, settlement] = args
const ti = args.indexOf('--threads')
const threads = ti >= 0 ? Number(args[ti + 1]) : undefined
const quote = (p) => `'${p.replaceAll("'", "''")}'`

const {DuckDBInstance} = await import('@duckdb/node-api')
const started = performance.now()
const instance = await DuckDBInstance.create(':memory:')
const con = await instance.connect()
if (threads) await con.run(`SET threads = ${threads}`)
const ownSql = `
WITH j AS (SELECT row_number() OVER () AS jrow, terminal_id::VARCHAR AS tid, trace_number::BIGINT AS trace, time::TIMESTAMP AS ts,
                  CAST(round(amount * 100) AS BIGINT) AS cents, state, upper(auth_code::VARCHAR) AS auth, right(pan_masked, 4) AS l4
           FROM read_csv(${quote(journal)}, header = true)),
     s AS (SELECT row_number() OVER () AS srow, terminal_id::VARCHAR AS tid, trace_number::BIGINT AS trace, txn_time::TIMESTAMP AS ts,
                  amount_cents::BIGINT AS cents, status, upper(auth_code::VARCHAR) AS auth, right(pan_masked, 4) AS l4
           FROM read_csv(${quote(settlement)}, header = true)),
     pairs AS (SELECT j.jrow, s.srow FROM j JOIN s USING (tid, trace) WHERE abs(date_diff('day', j.ts, s.ts)) <= 3),
     jcls AS (SELECT j.ts::DATE AS d, CASE
                WHEN p.srow IS NULL AND j.state = 'approved' THEN 'missing'
                WHEN p.srow IS NULL THEN 'not-expected'
                WHEN s.status <> 'settled' THEN 'missing'
                WHEN j.state IN ('voided', 'reversed') THEN 'reversed-but-settled'
                WHEN j.cents <> s.cents THEN 'amount-mismatch'
                ELSE 'settled' END AS category,
                j.cents AS jc, coalesce(s.cents, 0) AS sc, (j.auth IS DISTINCT FROM s.auth) AS auth_differs, (j.l4 IS DISTINCT FROM s.l4) AS pan_differs
              FROM j LEFT JOIN pairs p ON p.jrow = j.jrow LEFT JOIN s ON s.srow = p.srow),
     scls AS (SELECT s.ts::DATE AS d, 'unknown-to-terminal' AS category, 0 AS jc, s.cents AS sc, false AS auth_differs, false AS pan_differs
              FROM s WHERE s.srow NOT IN (SELECT srow FROM pairs))
SELECT d, category, count(*) AS n, sum(jc) AS jc, sum(sc) AS sc, sum(auth_differs::INT) AS auth_differs, sum(pan_differs::INT) AS pan_differs
FROM (SELECT * FROM jcls UNION ALL SELECT * FROM scls) GROUP BY ALL ORDER BY ALL`
const foreignSql = `
CREATE TEMP TABLE cls AS
WITH j AS (SELECT row_number() OVER () AS jrow, "TID" AS tid, strptime("Date", '%d/%m/%Y')::DATE AS d, "Trace No"::INT AS trace,
                  upper("Type") AS typ, CAST(round("Amount"::DECIMAL(14, 2) * 100) AS BIGINT) AS cents, "Response" AS resp, TRY_CAST("Orig Trace No" AS INT) AS orig
           FROM read_csv(${quote(journal)}, header = true, all_varchar = true)),
     voided AS (SELECT DISTINCT s.jrow FROM j s JOIN j v ON v.typ = 'VOID' AND v.resp = '00' AND s.typ = 'SALE' AND v.tid = s.tid AND v.d = s.d AND v.orig = s.trace),
     s AS (SELECT row_number() OVER () AS srow, "终端编号" AS tid, strptime("交易日期", '%Y%m%d')::DATE AS d, "凭证号"::INT AS trace,
                  CASE WHEN "交易类型" = '消费' THEN 'SALE' ELSE 'VOID' END AS typ, CAST(round("交易金额"::DECIMAL(14, 2) * 100) AS BIGINT) AS cents
           FROM read_csv(${quote(settlement)}, header = true, skip = 2, all_varchar = true) WHERE "商户编号" NOT LIKE '合计%'),
     pairs AS (SELECT j.jrow, s.srow, s.cents AS scents FROM j JOIN s ON s.tid = j.tid AND s.d = j.d AND s.trace = j.trace AND s.typ = j.typ),
     jm AS (SELECT j.*, p.srow, p.scents, vd.jrow IS NOT NULL AS is_voided FROM j LEFT JOIN pairs p USING (jrow) LEFT JOIN voided vd USING (jrow)),
     void_settled AS (SELECT DISTINCT tid, d, orig FROM jm WHERE typ = 'VOID' AND srow IS NOT NULL)
SELECT jm.tid, jm.d, jm.trace, CASE
         WHEN jm.typ = 'VOID' THEN CASE WHEN srow IS NULL THEN 'not-expected' WHEN cents <> scents THEN 'amount-mismatch' ELSE 'settled' END
         WHEN resp <> '00' THEN CASE WHEN srow IS NULL THEN 'not-expected' ELSE 'reversed-but-settled' END
         WHEN is_voided THEN CASE WHEN srow IS NULL THEN 'not-expected' WHEN vs.orig IS NOT NULL THEN 'settled' ELSE 'reversed-but-settled' END
         WHEN srow IS NULL THEN 'missing'
         WHEN cents <> scents THEN 'amount-mismatch'
         ELSE 'settled' END AS category
FROM jm LEFT JOIN void_settled vs ON vs.tid = jm.tid AND vs.d = jm.d AND vs.orig = jm.trace
UNION ALL
SELECT s.tid, s.d, s.trace, 'unknown-to-terminal' FROM s WHERE s.srow NOT IN (SELECT srow FROM pairs)`
const categories = {}
const keys = {}
if (args.includes('--foreign')) {
  await con.run(foreignSql)
  for (const r of (await con.runAndReadAll('SELECT category, count(*) AS n FROM cls GROUP BY ALL')).getRowObjectsJson()) categories[r.category] = Number(r.n)
  for (const r of (await con.runAndReadAll("SELECT category, tid || '|' || strftime(d, '%Y-%m-%d') || '|' || trace AS k FROM cls WHERE category NOT IN ('settled', 'not-expected') ORDER BY k")).getRowObjectsJson()) (keys[r.category] ??= []).push(r.k)
} else {
  for (const r of (await con.runAndReadAll(ownSql)).getRowObjectsJson()) categories[r.category] = (categories[r.category] ?? 0) + Number(r.n)
}
const wallMs = performance.now() - started
const used = (await con.runAndReadAll('SELECT current_setting(\'threads\') AS t')).getRowObjectsJson()[0].t
const usage = process.resourceUsage()
process.stdout.write(JSON.stringify({wallMs, maxRssKB: usage.maxRSS, cpuMicros: usage.userCPUTime + usage.systemCPUTime, threads: Number(used), categories, ...(args.includes('--foreign') ? {keys} : {})}) + '\n')
