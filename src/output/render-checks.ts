import chalk from 'chalk'

import type {CheckResult, CheckStatus} from '../checks/types.js'
import {getLang} from '../i18n/index.js'

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
    const pad = ' '.repeat(Math.max(0, width - displayWidth(c.title)))
    lines.push(`${COLOUR[c.status](SYMBOL[c.status])} ${c.title}${pad}  ${c.summary}`)
    if (c.status !== 'pass' && c.status !== 'skip') {
      if (c.cause && !c.summary.includes(c.cause)) lines.push(`    ${zh ? '原因' : 'cause'}: ${c.cause}`)
      if (c.remedy) lines.push(`    ${zh ? '处理' : 'fix'}:   ${c.remedy}`)
    }
  }
  return lines.join('\n')
}

/** CJK characters take two columns on a terminal. */
export function displayWidth(s: string): number {
  let w = 0
  for (const ch of s) w += /[\u1100-\u115F\u2E80-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6]/.test(ch) ? 2 : 1
  return w
}
