// CONTRACT STUB (protocol helper implements). CRC-16/KERMIT: poly 0x1021 reflected (0x8408), init 0, no xorout.
export function crc16Kermit(_data: Uint8Array, _init = 0): number {
  throw new Error('not implemented')
}
