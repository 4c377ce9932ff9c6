/**
 * Card-number-shaped test data built at run time from public test PANs (test/fixtures), so no
 * full PAN literal lives outside test/fixtures.
 */
import {luhnValid} from '../../../src/case/card-data.js'

/** prefix + the Luhn check digit */
export function luhnComplete(prefix: string): string {
  for (let d = 0; d <= 9; d++) if (luhnValid(prefix + d)) return prefix + d
  throw new Error('unreachable')
}

/** 4-4-4-4 with the given separator */
export function grouped(pan: string, sep: string): string {
  return pan.match(/.{1,4}/g)!.join(sep)
}
