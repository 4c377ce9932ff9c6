import writeFileAtomic from 'write-file-atomic'

import type {BaseCommand} from '../cli/base-command.js'
import {PosdocError} from '../output/errors.js'
import {ExitCode} from '../output/exit-codes.js'
import {systemClock} from '../util/clock.js'
import {readFleet} from './fleet.js'
import {renderBatch, toCsv, toJUnit} from './output.js'
import {BATCH_CHECKS, runBatch, type BatchCheck, type BatchResult} from './run.js'

export async function runBatchCommand(
  cmd: BaseCommand,
  file: string,
  flags: {checks: string; concurrency: number; timeout: number; junit?: string | undefined; csv?: string | undefined},
): Promise<BatchResult> {
  const checks = flags.checks.split(',').map((s) => s.trim()).filter(Boolean)
  const unknown = checks.filter((c) => !(BATCH_CHECKS as readonly string[]).includes(c))
  if (unknown.length > 0 || checks.length === 0) {
    throw new PosdocError({code: 'USAGE_BAD_CHECKS', exitCode: ExitCode.Usage, message: `unknown check(s): ${unknown.join(', ') || '(none given)'}`, remedy: `Use a comma-separated list of ${BATCH_CHECKS.join(', ')}`})
  }
  const {entries, errors} = readFleet(file)
  if (entries.length === 0) {
    throw new PosdocError({
      code: 'BATCH_NO_USABLE_ROWS',
      exitCode: ExitCode.Usage,
      message: `${file}: no usable terminal rows (${errors.map((e) => `line ${e.line}: ${e.reason}`).join('; ')})`,
      remedy: 'Each row needs a name and either tcp or serial',
    })
  }
  const tty = !cmd.jsonEnabled() && Boolean(process.stderr.isTTY)
  const bar = (done: number, total: number) => {
    const width = 30
    const filled = Math.round((done / total) * width)
    process.stderr.write(`\r[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${done}/${total}`)
  }
  if (tty) bar(0, entries.length)
  const result = await runBatch(entries, errors, {
    checks: checks as BatchCheck[],
    concurrency: flags.concurrency,
    timeoutMs: flags.timeout * 1000,
    clock: systemClock,
    ...(tty ? {onProgress: (d: number, t: number) => bar(d, t)} : {}),
  })
  if (tty) process.stderr.write('\r\x1b[2K')
  if (flags.junit) await writeFileAtomic(flags.junit, toJUnit(result))
  if (flags.csv) await writeFileAtomic(flags.csv, toCsv(result))
  if (!cmd.jsonEnabled()) cmd.log(renderBatch(result))
  const s = result.summary
  process.exitCode = s.problem + s.unreachable + s.error > 0 ? ExitCode.ProblemFound : ExitCode.Ok
  return result
}
