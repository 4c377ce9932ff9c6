import type {DecodeResult, PartialDecode} from '../tools/zvt-decode.js'

/** Human view of a decoded frame: one field per line, amounts also as money. */
export function renderDecode(r: DecodeResult): string {
  const lines: string[] = []
  const crc = r.kind === 'frame' ? (r.crcOk ? '  CRC ok' : `  CRC WRONG (received ${r.crcReceived}, expected ${r.crcComputed})`) : ''
  lines.push(`${r.kind}${crc}`)
  if (r.apduHex) lines.push(`apdu  ${r.apduHex}`)
  lines.push(`${r.command}  ${r.name}  (${r.direction}), ${r.length} data bytes`)
  lines.push(...fieldLines(r.fields))
  return lines.join('\n')
}

/** What was decoded before the error (printed on stdout, the error itself goes to stderr). */
export function renderPartialDecode(p: PartialDecode): string {
  const lines: string[] = [`partial decode${p.command ? `  ${p.command}` : ''}${p.name ? `  ${p.name}` : ''}${p.length !== undefined ? `, ${p.length} data bytes` : ''}`]
  lines.push(...fieldLines(p.fields))
  if (p.undecodedHex) lines.push(`  undecoded from data byte ${p.offset ?? 0}: ${p.undecodedHex}`)
  return lines.join('\n')
}

function fieldLines(fields: Record<string, unknown>): string[] {
  const keys = Object.keys(fields)
  const width = Math.max(0, ...keys.map((k) => k.length))
  return keys.map((k) => {
    const v = fields[k]
    let shown = typeof v === 'object' ? JSON.stringify(v) : String(v)
    if (k === 'amountCents' && typeof v === 'number') shown = `${v}  (${(v / 100).toFixed(2)})`
    if (k === 'resultCode' && typeof v === 'number') shown = `${v.toString(16).padStart(2, '0').toUpperCase()}`
    return `  ${k.padEnd(width)}  ${shown}`
  })
}
