/**
 * Progress and hints go to stderr, only on a TTY and never under --json, so stdout stays the result.
 * A step that lasts shows its seconds (and, with a limit, the seconds left), redrawn every second:
 * a merchant never watches more than a second of silence.
 */
export interface Progress {
  /** `limitMs`: the longest this step can take; the line counts down to it */
  step(text: string, opts?: {limitMs?: number}): void
  done(text?: string): void
  hint(text: string): void
  readonly enabled: boolean
}

export function createProgress(opts: {json: boolean; stream?: NodeJS.WriteStream; now?: () => number}): Progress {
  const stream = opts.stream ?? process.stderr
  const now = opts.now ?? Date.now
  const enabled = !opts.json && Boolean(stream.isTTY)
  let active = false
  let current: {text: string; started: number; limitMs?: number} | undefined
  let ticker: ReturnType<typeof setInterval> | undefined
  const clear = () => {
    if (active) stream.write('\r\x1b[2K')
    active = false
  }
  const draw = () => {
    if (!current) return
    clear()
    const s = Math.floor((now() - current.started) / 1000)
    const left = current.limitMs === undefined ? undefined : Math.max(0, Math.ceil((current.started + current.limitMs - now()) / 1000))
    const tail = s < 2 ? '' : left === undefined ? ` (${s} s)` : ` (${s} s, ≤ ${left} s)`
    stream.write(`… ${current.text}${tail}`)
    active = true
  }
  const stop = () => {
    if (ticker) clearInterval(ticker)
    ticker = undefined
    current = undefined
  }
  return {
    enabled,
    step(text, o = {}) {
      if (!enabled) return
      current = {text, started: now(), ...(o.limitMs === undefined ? {} : {limitMs: o.limitMs})}
      draw()
      if (!ticker) {
        ticker = setInterval(draw, 1000)
        ticker.unref()
      }
    },
    done(text) {
      if (!enabled) return
      stop()
      clear()
      if (text) stream.write(`${text}\n`)
    },
    hint(text) {
      if (!enabled) return
      clear()
      stream.write(`${text}\n`)
      draw()
    },
  }
}
