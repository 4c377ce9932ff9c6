/**
 * Progress and hints go to stderr, only on a TTY and never under --json, so stdout stays the result.
 */
export interface Progress {
  step(text: string): void
  done(text?: string): void
  hint(text: string): void
  readonly enabled: boolean
}

export function createProgress(opts: {json: boolean; stream?: NodeJS.WriteStream}): Progress {
  const stream = opts.stream ?? process.stderr
  const enabled = !opts.json && Boolean(stream.isTTY)
  let active = false
  const clear = () => {
    if (active) stream.write('\r\x1b[2K')
    active = false
  }
  return {
    enabled,
    step(text) {
      if (!enabled) return
      clear()
      stream.write(`… ${text}`)
      active = true
    },
    done(text) {
      if (!enabled) return
      clear()
      if (text) stream.write(`${text}\n`)
    },
    hint(text) {
      if (!enabled) return
      clear()
      stream.write(`${text}\n`)
    },
  }
}
