import writeFileAtomic from 'write-file-atomic'

import type {BaseCommand} from '../cli/base-command.js'
import {PosdocError} from '../output/errors.js'
import {ExitCode} from '../output/exit-codes.js'
import {systemClock} from '../util/clock.js'
import {CHECK_FAMILIES, pickFamilies} from './families.js'
import {readFleet} from './fleet.js'
import {jsonLines, renderBatch, toCsv, toJUnit} from './output.js'
import {batchExitCode, runBatch, type BatchResult} from './run.js'
import {parseShard, selectShard} from './shard.js'

export interface BatchFlags {
  checks: string
  concurrency: number
  timeout: number
  junit?: string | undefined
  csv?: string | undefined
  shard?: string | undefined
  jsonl?: boolean | undefined
}

const usage = (code: string, message: string, remedy: string) => new PosdocError({code, exitCode: ExitCode.Usage, message, remedy})

export async function runBatchCommand(cmd: BaseCommand, file: string, flags: BatchFlags): Promise<BatchResult> {
  const names = flags.checks.split(',').map((s) => s.trim()).filter(Boolean)
  const {families, unknown} = pickFamilies(names)
  if (unknown.length > 0 || names.length === 0) {
    throw usage(
      'USAGE_BAD_CHECKS',
      `unknown check family: ${unknown.join(', ') || '(none given)'}; known: ${CHECK_FAMILIES.map((f) => f.id).join(', ')}`,
      `Use a comma-separated list of: ${CHECK_FAMILIES.map((f) => `${f.id} (${f.description})`).join('; ')}`,
    )
  }
  const shard = flags.shard === undefined ? undefined : parseShard(flags.shard)
  const whole = readFleet(file)
  if (whole.entries.length === 0) {
    throw usage(
      'BATCH_NO_USABLE_ROWS',
      `${file}: no usable terminal rows (${whole.errors.map((e) => `line ${e.line}: ${e.reason}`).join('; ')})`,
      'Each row needs a name and either tcp or serial',
    )
  }
  if (families.some((f) => f.needs === 'acquirer-host') && !whole.hasHostColumn) {
    throw usage('BATCH_NO_HOST_COLUMN', `${file}: the network checks need the acquirer host of each terminal, and the file has no host column`, 'Add a "host" column (HOST:PORT, several separated by ";"), or leave network out of --checks')
  }
  const fleet = selectShard(whole, shard)

  const jsonl = Boolean(flags.jsonl)
  const line = (doc: unknown) => process.stdout.write(`${JSON.stringify(doc)}\n`)
  const tty = !cmd.jsonEnabled() && !jsonl && Boolean(process.stderr.isTTY)
  const bar = (done: number, total: number) => {
    const width = 30
    const filled = total === 0 ? width : Math.round((done / total) * width)
    process.stderr.write(`\r[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${done}/${total}`)
  }
  // the fleet file's own findings are known before any terminal answers
  if (jsonl) for (const doc of jsonLines.fleet(fleet)) line(doc)
  if (tty) bar(0, fleet.entries.length)
  const result = await runBatch(fleet, {
    families,
    concurrency: flags.concurrency,
    timeoutMs: flags.timeout * 1000,
    clock: systemClock,
    ...(shard ? {shard: `${shard.index}/${shard.count}`} : {}),
    onReport: (report, done, total) => {
      if (jsonl) line(jsonLines.terminal(report))
      if (tty) bar(done, total)
    },
  })
  if (tty) process.stderr.write('\r\x1b[2K')
  if (flags.junit) await writeFileAtomic(flags.junit, toJUnit(result))
  if (flags.csv) await writeFileAtomic(flags.csv, toCsv(result))
  if (!cmd.jsonEnabled() && !jsonl) cmd.log(renderBatch(result))
  process.exitCode = batchExitCode(result.summary)
  return result
}
