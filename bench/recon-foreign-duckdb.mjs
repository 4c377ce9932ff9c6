#!/usr/bin/env node
// DuckDB applying posdoc's rules to the foreign layouts (bench/recon-foreign.mjs): the English
// terminal export and the settlement file after `iconv -f GBK -t UTF-8` (DuckDB reads UTF-8
// only; the conversion is timed by the caller as part of DuckDB's path). Key: TID + transaction
// date + trace (+ type); a VOID row names its sale by Orig Trace No on the same terminal and day.
//
//   node recon-foreign-duckdb.mjs JOURNAL SETTLEMENT_UTF8 [--threads N]
// Prints one JSON line: {wallMs, maxRssKB, threads, categories, keys}.
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
const sql = `
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
await con.run(sql)
const categories = {}
for (const r of (await con.runAndReadAll('SELECT category, count(*) AS n FROM cls GROUP BY ALL')).getRowObjectsJson()) categories[r.category] = Number(r.n)
const keys = {}
for (const r of (await con.runAndReadAll("SELECT category, tid || '|' || strftime(d, '%Y-%m-%d') || '|' || trace AS k FROM cls WHERE category NOT IN ('settled', 'not-expected') ORDER BY k")).getRowObjectsJson()) (keys[r.category] ??= []).push(r.k)
const wallMs = performance.now() - started
const used = (await con.runAndReadAll("SELECT current_setting('threads') AS t")).getRowObjectsJson()[0].t
process.stdout.write(JSON.stringify({wallMs, maxRssKB: process.resourceUsage().maxRSS, threads: Number(used), categories, keys}) + '\n')
