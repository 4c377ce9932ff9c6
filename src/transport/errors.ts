import type {LinkErrorCode} from './link.js'

/** A transport failure with a stable code; the CLI maps it to a localised message, remedy and exit code 3 (or 2 for bad addresses). */
export class LinkError extends Error {
  readonly code: LinkErrorCode
  /** what we tried to reach, e.g. "/dev/ttyUSB0" or "127.0.0.1:20007" */
  readonly target: string

  constructor(code: LinkErrorCode, target: string, message: string, cause?: unknown) {
    super(message, cause === undefined ? undefined : {cause})
    this.name = 'LinkError'
    this.code = code
    this.target = target
  }
}

export function isLinkError(e: unknown, code?: LinkErrorCode): e is LinkError {
  return e instanceof LinkError && (code === undefined || e.code === code)
}

/** errno-style code of a Node error (also looks inside AggregateError from happy-eyeballs connects). */
export function errnoCode(e: unknown): string | undefined {
  if (typeof e !== 'object' || e === null) return undefined
  const code = (e as {code?: unknown}).code
  if (typeof code === 'string') return code
  const inner = (e as {errors?: unknown}).errors
  if (Array.isArray(inner)) for (const x of inner) {
    const c = errnoCode(x)
    if (c) return c
  }
  return undefined
}
