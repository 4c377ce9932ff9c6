/**
 * The confirmation before a money step, on a real terminal (tmux gives posdoc a TTY): "n" sends
 * nothing and exits 4, "y" voids.
 */
import {spawnSync} from 'node:child_process'
import {fileURLToPath} from 'node:url'
import {afterEach, describe, expect, it} from 'vitest'

import {CliRig, reversalsOf, standingSale} from './helpers/cli-rig.js'

const hasTmux = spawnSync('tmux', ['-V'], {stdio: 'ignore'}).status === 0
const bin = fileURLToPath(new URL('../../bin/run.js', import.meta.url))
const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`

let cleanup: Array<() => Promise<void> | void> = []
afterEach(async () => {
  for (const c of cleanup.reverse()) await c()
  cleanup = []
})

function tmux(...args: string[]): string {
  return spawnSync('tmux', args, {encoding: 'utf8'}).stdout ?? ''
}

async function waitFor(session: string, re: RegExp, timeoutMs = 20_000): Promise<string> {
  const until = Date.now() + timeoutMs
  for (;;) {
    const screen = tmux('capture-pane', '-p', '-t', session)
    if (re.test(screen)) return screen
    if (Date.now() > until) throw new Error(`tmux: ${re} not on screen within ${timeoutMs} ms:\n${screen}`)
    await new Promise((r) => setTimeout(r, 100))
  }
}

describe.skipIf(!hasTmux)('void retry asks before moving money (TTY)', () => {
  it.each([
    ['n', 4, 0],
    ['y', 0, 1],
  ] as const)('answer %s: exit %i, %i reversal(s) on the terminal', async (answer, exit, reversals) => {
    const r = await CliRig.create('tcp')
    cleanup.push(() => r.close())
    await r.start()
    const sale = standingSale(await r.state())
    const session = `posdoc-confirm-${process.pid}-${answer}`
    const cmd = [
      'env',
      `POSDOC_DATA_DIR=${quote(r.dataDir)}`,
      'LANG=C.UTF-8',
      'NO_COLOR=1',
      quote(process.execPath),
      quote(bin),
      'void retry',
      `--receipt ${sale.receiptNumber}`,
      '--password 000000',
      `--tcp 127.0.0.1:${r.port}`,
    ].join(' ')
    tmux('new-session', '-d', '-s', session, '-x', '160', '-y', '40', `${cmd}; echo EXIT=$?; sleep 30`)
    cleanup.push(() => void tmux('kill-session', '-t', session))
    const screen = await waitFor(session, /Void receipt \d{4} over \d+\.\d\d EUR .* on terminal 29001006\?/)
    expect(screen).toMatch(/\(y\/N\)/)
    tmux('send-keys', '-t', session, answer, 'Enter')
    const done = await waitFor(session, /EXIT=\d+/)
    expect(done).toContain(`EXIT=${exit}`)
    expect(done).toMatch(answer === 'n' ? /Not confirmed: nothing was sent/ : /is voided/)
    expect(reversalsOf(await r.state(), sale.receiptNumber!)).toHaveLength(reversals)
  }, 60_000)
})
