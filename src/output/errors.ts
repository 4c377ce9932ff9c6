import {ExitCode} from './exit-codes.js'

/**
 * A user-facing failure: one-line message, stable code (e.g. LINK_PORT_BUSY), the exit code,
 * and a remedy the user can act on. Messages are already localised when constructed
 * (see i18n/), so services stay free of output concerns.
 */
export class PosdocError extends Error {
  readonly code: string
  readonly exitCode: ExitCode
  readonly remedy: string | undefined
  readonly details: Record<string, unknown> | undefined

  constructor(opts: {
    code: string
    message: string
    exitCode: ExitCode
    remedy?: string
    details?: Record<string, unknown>
    cause?: unknown
  }) {
    super(opts.message, opts.cause === undefined ? undefined : {cause: opts.cause})
    this.name = 'PosdocError'
    this.code = opts.code
    this.exitCode = opts.exitCode
    this.remedy = opts.remedy
    this.details = opts.details
  }

  toJSON(): Record<string, unknown> {
    return {code: this.code, message: this.message, remedy: this.remedy, exitCode: this.exitCode, ...(this.details ? {details: this.details} : {})}
  }
}

export function isPosdocError(e: unknown): e is PosdocError {
  return e instanceof PosdocError
}
