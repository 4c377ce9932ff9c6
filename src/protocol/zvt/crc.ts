// CRC-16/KERMIT: poly 0x1021 processed LSB-first (table constant 0x8408), init 0, reflected, no final XOR.
// ZVT serial frames carry it over the unstuffed APDU + ETX, low byte first (PA00P016 §3.3).
const TABLE = (() => {
  const t = new Uint16Array(256)
  for (let i = 0; i < 256; i++) {
    let c = i
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0x8408 : c >>> 1
    t[i] = c
  }
  return t
})()

export function crc16Kermit(data: Uint8Array, init = 0): number {
  let crc = init & 0xffff
  for (const b of data) crc = (crc >>> 8) ^ TABLE[(crc ^ b) & 0xff]!
  return crc
}
