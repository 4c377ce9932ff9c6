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
