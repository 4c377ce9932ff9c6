/** Human rendering of a network check: one line per layer, then the verdict with cause and fix. */
import chalk from 'chalk'

import type {Lang} from '../i18n/index.js'
import {renderChecks} from '../output/render-checks.js'
import {sparkline} from './checks/quality.js'
import {verdictText as V} from './network-text.js'
import type {NetworkCheckResult} from './types.js'

export function renderNetworkCheck(r: NetworkCheckResult, opts: {lang: Lang; tty: boolean}): string {
  const {lang} = opts
  const zh = lang === 'zh-CN'
  const targets = [
    r.hosts.length > 0 ? `${zh ? '收单主机' : 'acquirer host'} ${r.hosts.map((h) => h.label).join(', ')}` : undefined,
    r.terminal ? `${zh ? '终端' : 'terminal'} ${r.terminal.label}` : undefined,
  ].filter(Boolean)
  const head = `${zh ? '网络检测：' : 'Network check: '}${targets.join(zh ? '；' : '; ')}`
  // the latency sparkline is for eyes on a terminal, never for pipes or --json
  const checks = r.checks.map((c) => {
    const samples = c.evidence.samples
    if (!opts.tty || c.id !== 'network.quality' || !Array.isArray(samples) || samples.length < 2) return c
    return {...c, summary: `${c.summary}  ${sparkline(samples as Array<number | null>)}`}
  })
  const colour = {healthy: chalk.green, warning: chalk.yellow, problem: chalk.red, unreachable: chalk.red}[r.verdict.status]
  const lines = [head, '', renderChecks(checks), '', colour(`${V.label[lang]}${zh ? '：' : ': '}${r.verdict.summary}`)]
  if (r.verdict.status !== 'healthy') {
    if (r.verdict.cause) lines.push(`  ${zh ? '原因' : 'cause'}: ${r.verdict.cause}`)
    if (r.verdict.remedy) lines.push(`  ${zh ? '处理' : 'fix'}:   ${r.verdict.remedy}`)
  }
  if (r.deadline.hit) {
    const s = (r.deadline.timeoutMs / 1000).toFixed(1)
    lines.push(zh ? `（已到截止时间 ${s} 秒：未完成的检测已中止）` : `(deadline of ${s} s reached: unfinished checks were stopped)`)
  }
  return lines.join('\n')
}
