import chalk from 'chalk'

import type {CheckResult, CheckStatus} from '../checks/types.js'
import {getLang} from '../i18n/index.js'
import {displayWidth, padEnd} from './text-width.js'

const SYMBOL: Record<CheckStatus, string> = {pass: '✔', warn: '!', fail: '✘', skip: '–', error: '✘'}
const COLOUR: Record<CheckStatus, (s: string) => string> = {
  pass: chalk.green,
  warn: chalk.yellow,
  fail: chalk.red,
  skip: chalk.dim,
  error: chalk.red,
}

/** One line per check, then cause / remedy lines under anything that did not pass. */
export function renderChecks(checks: CheckResult[]): string {
  const zh = getLang() === 'zh-CN'
  const width = Math.max(...checks.map((c) => displayWidth(c.title)))
  const lines: string[] = []
  for (const c of checks) {
    lines.push(`${COLOUR[c.status](SYMBOL[c.status])} ${padEnd(c.title, width)}  ${c.summary}`)
    if (c.status !== 'pass' && c.status !== 'skip') {
      if (c.cause && !c.summary.includes(c.cause)) lines.push(zh ? `    原因：${c.cause}` : `    cause: ${c.cause}`)
      if (c.remedy) lines.push(zh ? `    处理：${c.remedy}` : `    fix:   ${c.remedy}`)
    }
  }
  return lines.join('\n')
}

