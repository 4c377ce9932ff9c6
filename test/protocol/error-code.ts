import {expect} from 'vitest'

import {ZvtProtocolError} from '../../src/protocol/zvt/errors.js'

/** The ZvtProtocolError code f throws (failing the test if it throws anything else), or undefined. */
export function errorCode(f: () => unknown): string | undefined {
  try {
    f()
  } catch (e) {
    expect(e).toBeInstanceOf(ZvtProtocolError)
    return (e as ZvtProtocolError).code
  }
  return undefined
}
