import {SCENARIOS} from '../sim/scenarios.js'
import type {BaseCommand} from '../cli/base-command.js'
import type {TerminalFlagValues} from '../cli/terminal-flags.js'
import {getLang} from '../i18n/index.js'
import {ExitCode} from '../output/exit-codes.js'
import {createProgress} from '../output/progress.js'
import {renderChecks} from '../output/render-checks.js'
import {systemClock} from '../util/clock.js'
import {connectTerminal} from './connect.js'
import {probeTerminal, type ProbeResult} from './probe.js'
import {resolveTerminal} from './target.js'

/** The probe as the CLI runs it: flags -> target -> connect -> probe -> render; sets the exit code. */
export async function runProbe(cmd: BaseCommand, flags: TerminalFlagValues & {'wire-log'?: string | undefined; json?: boolean}): Promise<ProbeResult> {
  const json = cmd.jsonEnabled()
  const progress = createProgress({json})
  const {target, password} = resolveTerminal(flags, {knownScenarios: SCENARIOS})
  ;(cmd as unknown as {errorTarget: string}).errorTarget = target.label
  progress.step(target.label)
  const conn = await connectTerminal(target, {
    password,
    ...(flags['wire-log'] ? {wireLogFile: flags['wire-log']} : {}),
    onStep: (s) => progress.step(s),
  })
  try {
    const result = await probeTerminal(conn.terminal, {
      clock: systemClock,
      target: {kind: target.kind, label: target.label, link: conn.linkLabel, ...(conn.baudRate ? {baudRate: conn.baudRate} : {})},
      onStep: (s) => progress.step(s),
    })
    progress.done()
    if (!json) cmd.log(renderProbe(result))
    process.exitCode = result.verdict === 'problem' ? ExitCode.ProblemFound : ExitCode.Ok
    return result
  } finally {
    await conn.close()
  }
}

export function renderProbe(r: ProbeResult): string {
  const zh = getLang() === 'zh-CN'
  const head: string[] = []
  const id = [r.terminal.terminalId ? `TID ${r.terminal.terminalId}` : undefined, r.terminal.softwareVersion].filter(Boolean).join(', ')
  head.push(`${zh ? '终端' : 'Terminal'}: ${r.target.link}${id ? ` (${id})` : ''}`)
  const verdict = {
    healthy: zh ? '结论：终端正常' : 'Verdict: terminal healthy',
    warning: zh ? '结论：终端可用，但有需要注意的地方' : 'Verdict: terminal works, with warnings',
    problem: zh ? '结论：发现问题' : 'Verdict: problem found',
  }[r.verdict]
  return [...head, '', renderChecks(r.checks), '', verdict].join('\n')
}
