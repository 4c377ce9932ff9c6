// Positional layouts shared by the decoder and the masker.

/**
 * Commands whose data starts with a 3-byte BCD password, then BMPs [SPEC15 §2.7 06 21, §2.46 06 1B,
 * §2.47 06 51, §2.25 06 91, §2.55 08 01 (optional)]. 08 14: Feig Write File capture.
 * 06 12 (password from [to]) and 06 95 (old new) have their own positional layouts.
 */
export const PASSWORD_FIRST: ReadonlySet<string> = new Set(['06 10', '06 1B', '06 20', '06 21', '06 30', '06 31', '06 50', '06 51', '06 91', '06 93', '08 01', '08 14'])

/** Commands whose password sits in the first 3 data bytes (PASSWORD_FIRST plus own layouts); 06 95 also has the new one at 3..5. */
export const PASSWORD_AT_START: ReadonlySet<string> = new Set([...PASSWORD_FIRST, '06 00', '05 01', '06 12', '06 95'])

/** Card complete terminals append `06 04 1F 07 01 0x` (receipt type) to a 06 D1 text; returns its index or -1. */
export function printLineTlvTail(rest: Uint8Array): number {
  const n = rest.length
  if (n >= 6 && rest[n - 6] === 0x06 && rest[n - 5] === 0x04 && rest[n - 4] === 0x1f && rest[n - 3] === 0x07 && rest[n - 2] === 0x01) return n - 6
  return -1
}
