import type {DecodeResult} from '../tools/zvt-decode.js'

/** Human view of a decoded frame: one field per line, amounts also as money. */
export function renderDecode(r: DecodeResult): string {
  const lines: string[] = []
  const crc = r.kind === 'frame' ? (r.crcOk ? '  CRC ok' : `  CRC WRONG (received ${r.crcReceived}, expected ${r.crcComputed})`) : ''
  lines.push(`${r.kind}${crc}`)
  lines.push(`${r.command}  ${r.name}  (${r.direction}), ${r.length} data bytes`)
  const keys = Object.keys(r.fields)
  const width = Math.max(0, ...keys.map((k) => k.length))
  for (const k of keys) {
    const v = r.fields[k]
    let shown = typeof v === 'object' ? JSON.stringify(v) : String(v)
    if (k === 'amountCents' && typeof v === 'number') shown = `${v}  (${(v / 100).toFixed(2)})`
    if (k === 'resultCode' && typeof v === 'number') shown = `${v.toString(16).padStart(2, '0').toUpperCase()}`
    lines.push(`  ${k.padEnd(width)}  ${shown}`)
  }
  return lines.join('\n')
}
