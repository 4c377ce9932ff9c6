#!/usr/bin/env node
// The column-store baseline for bench/recon.mjs: the same reconciliation written as one DuckDB
// query over the same two CSV files (typed columns from read_csv, hash join on terminal ID +
// trace number with the ±3-day date rule as a residual filter, amount / auth code / last-four
// checks, per-day × category totals). Run as its own process so its peak RSS is its own.
//
//   node bench/recon-duckdb.mjs JOURNAL SETTLEMENT [--threads N]
// Prints one JSON line: {wallMs, maxRssKB, threads, categories}.
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
const sql = `
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
const result = await con.runAndReadAll(sql)
const categories = {}
for (const r of result.getRowObjectsJson()) categories[r.category] = (categories[r.category] ?? 0) + Number(r.n)
const wallMs = performance.now() - started
const used = (await con.runAndReadAll('SELECT current_setting(\'threads\') AS t')).getRowObjectsJson()[0].t
process.stdout.write(JSON.stringify({wallMs, maxRssKB: process.resourceUsage().maxRSS, threads: Number(used), categories}) + '\n')
