import {t, type MessageKey} from '../i18n/index.js'
import {ZvtProtocolError} from '../protocol/zvt/errors.js'
import {LinkError} from '../transport/errors.js'
import {PosdocError} from './errors.js'
import {ExitCode} from './exit-codes.js'

const LINK_KEYS: Record<string, MessageKey> = {
  LINK_PORT_NOT_FOUND: 'LINK_PORT_NOT_FOUND',
  LINK_PORT_BUSY: 'LINK_PORT_BUSY',
  LINK_PERMISSION_DENIED: 'LINK_PERMISSION_DENIED',
  LINK_PORT_VANISHED: 'LINK_PORT_VANISHED',
  LINK_CONNECT_TIMEOUT: 'LINK_CONNECT_TIMEOUT',
  LINK_CONNECTION_REFUSED: 'LINK_CONNECTION_REFUSED',
  LINK_HOST_UNREACHABLE: 'LINK_HOST_UNREACHABLE',
  LINK_HOST_NOT_FOUND: 'LINK_HOST_NOT_FOUND',
  LINK_DISCONNECTED: 'LINK_DISCONNECTED',
  LINK_HALF_OPEN: 'LINK_DISCONNECTED',
  LINK_CLOSED: 'LINK_DISCONNECTED',
  LINK_BAD_ADDRESS: 'LINK_BAD_ADDRESS',
  LINK_ADDRESS_IN_USE: 'LINK_ADDRESS_IN_USE',
  LINK_NOT_A_SERIAL_PORT: 'LINK_NOT_A_SERIAL_PORT',
}

/** Address mistakes are bad input (2); everything else about a link means "unreachable" (3). */
const USAGE_LINK_CODES = new Set(['LINK_BAD_ADDRESS', 'LINK_NOT_A_SERIAL_PORT'])

const SESSION_KEYS: Record<string, MessageKey> = {
  ZVT_NO_ACK: 'ZVT_NO_ACK',
  ZVT_T3_TIMEOUT: 'ZVT_T3_TIMEOUT',
  ZVT_T4_TIMEOUT: 'ZVT_T4_TIMEOUT',
  ZVT_LINK_LOST: 'ZVT_LINK_LOST',
  ZVT_GARBLED: 'ZVT_GARBLED',
}

function fromKey(key: MessageKey, code: string, exitCode: ExitCode, target: string, cause: unknown): PosdocError {
  return new PosdocError({
    code,
    exitCode,
    message: t(key, {target} as never),
    remedy: t(`${key}_REMEDY` as MessageKey, undefined as never),
    details: {target},
    cause,
  })
}

/**
 * Turn anything thrown below the command layer into a PosdocError with a localised one-line
 * message, a stable code, a remedy and the documented exit code. Unknown errors are bugs (exit 10).
 */
export function toPosdocError(err: unknown, ctx: {target?: string} = {}): PosdocError {
  if (err instanceof PosdocError) return err
  const target = ctx.target ?? ''
  if (err instanceof LinkError) {
    const key = LINK_KEYS[err.code]
    const exit = USAGE_LINK_CODES.has(err.code) ? ExitCode.Usage : ExitCode.Unreachable
    if (key) return fromKey(key, err.code, exit, err.target || target, err)
    return new PosdocError({
      code: err.code,
      exitCode: exit,
      message: t('LINK_GENERIC', {target: err.target || target, detail: err.message}),
      remedy: t('LINK_GENERIC_REMEDY'),
      cause: err,
    })
  }
  const named = err as {name?: string; code?: string} | undefined
  if (named && named.name === 'SessionError' && typeof named.code === 'string') {
    const key = SESSION_KEYS[named.code]
    if (key) return fromKey(key, named.code, ExitCode.Unreachable, target, err)
  }
  if (err instanceof ZvtProtocolError) {
    if (err.code === 'ZVT_BAD_HEX') {
      return new PosdocError({code: err.code, exitCode: ExitCode.Usage, message: t('USAGE_BAD_HEX', {detail: err.message}), remedy: t('USAGE_BAD_HEX_REMEDY'), cause: err})
    }
    // zvt decode: what could be decoded before the error travels with it (PartialDecodeError)
    const partial = (err as {partial?: Record<string, unknown>}).partial
    return new PosdocError({
      code: err.code,
      exitCode: ExitCode.Usage,
      message: t('DECODE_FAILED', {detail: err.message}),
      remedy: t('DECODE_FAILED_REMEDY'),
      cause: err,
      ...(partial ? {details: {partial}} : {}),
    })
  }
  if (named && (named.name === 'ExitPromptError' || named.name === 'AbortPromptError')) {
    return new PosdocError({code: 'ABORTED', exitCode: ExitCode.Aborted, message: t('ABORTED')})
  }
  const detail = err instanceof Error ? err.message : String(err)
  return new PosdocError({code: 'INTERNAL', exitCode: ExitCode.Internal, message: t('INTERNAL', {detail}), remedy: t('INTERNAL_REMEDY'), cause: err})
}
