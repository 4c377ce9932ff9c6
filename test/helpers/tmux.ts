import {execFileSync, spawnSync} from 'node:child_process'
import {randomBytes} from 'node:crypto'

/** true when tmux is on PATH (CI installs it with apt-get install -y tmux). */
export function hasTmux(): boolean {
  return spawnSync('tmux', ['-V'], {stdio: 'ignore'}).status === 0
}

/**
 * A real pseudo-terminal session (tmux) running a command, for end-to-end tests of interactive
 * prompts: type keys, wait for text on the screen, read the final screen. The pane stays after
 * the program exits (remain-on-exit) so its last screen and exit status can be read.
 */
export class TmuxSession {
  readonly name = `posdoc-${randomBytes(4).toString('hex')}`

  constructor(command: string, opts: {cwd: string; env?: Record<string, string>; width?: number; height?: number}) {
    const env = Object.entries({LANG: 'C.UTF-8', ...opts.env}).map(([k, v]) => `${k}=${shellQuote(v)}`)
    const shell = `cd ${shellQuote(opts.cwd)} && env ${env.join(' ')} ${command}; echo "[exit=$?]"`
    execFileSync('tmux', ['new-session', '-d', '-s', this.name, '-x', String(opts.width ?? 120), '-y', String(opts.height ?? 40), shell])
    execFileSync('tmux', ['set-option', '-t', this.name, 'remain-on-exit', 'on'])
  }

  screen(): string {
    return execFileSync('tmux', ['capture-pane', '-p', '-J', '-S', '-200', '-t', this.name], {encoding: 'utf8'})
  }

  /** Send keys by tmux name (Enter, Down, Up, C-c) or literal text with {literal: true}. */
  keys(keys: string, opts: {literal?: boolean} = {}): void {
    execFileSync('tmux', ['send-keys', '-t', this.name, ...(opts.literal ? ['-l'] : []), keys])
  }

  async waitFor(pattern: RegExp, timeoutMs = 15_000): Promise<string> {
    const until = Date.now() + timeoutMs
    for (;;) {
      const s = this.screen()
      if (pattern.test(s)) return s
      if (Date.now() > until) throw new Error(`timed out waiting for ${pattern} on screen:\n${s}`)
      await new Promise((r) => setTimeout(r, 100))
    }
  }

  /** Wait for the program to end; returns its exit status and final screen. */
  async exit(timeoutMs = 30_000): Promise<{code: number; screen: string}> {
    const s = await this.waitFor(/\[exit=\d+\]/, timeoutMs)
    return {code: Number(/\[exit=(\d+)\]/.exec(s)![1]), screen: s}
  }

  kill(): void {
    spawnSync('tmux', ['kill-session', '-t', this.name], {stdio: 'ignore'})
  }
}

function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`
}
