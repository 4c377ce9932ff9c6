// Positional layouts shared by the decoder and the masker.

/** Commands whose data starts with a 3-byte BCD password, then BMPs. 08 14: Feig Write File capture. */
export const PASSWORD_FIRST: ReadonlySet<string> = new Set(['06 10', '06 20', '06 30', '06 31', '06 50', '06 93', '08 14'])

/** Card complete terminals append `06 04 1F 07 01 0x` (receipt type) to a 06 D1 text; returns its index or -1. */
export function printLineTlvTail(rest: Uint8Array): number {
  const n = rest.length
  if (n >= 6 && rest[n - 6] === 0x06 && rest[n - 5] === 0x04 && rest[n - 4] === 0x1f && rest[n - 3] === 0x07 && rest[n - 2] === 0x01) return n - 6
  return -1
}
