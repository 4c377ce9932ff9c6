/**
 * One cell of a CSV file posdoc writes. Every CSV output goes through here: quoting per RFC 4180,
 * and a guard against formula injection (OWASP "CSV injection"): a fleet, journal or settlement
 * file can carry a cell like `=HYPERLINK(...)`, and the operator opens our output in a spreadsheet.
 * A text cell that begins with = + - @ tab or CR is prefixed with ' so the spreadsheet shows it as
 * text. Plain numbers ("-12.50") stay numbers: a spreadsheet cannot run them.
 */
const PLAIN_NUMBER = /^-?\d+(?:\.\d+)?$/
const FORMULA_START = /^[=+\-@\t\r]/

export function csvCell(v: string | number | null | undefined): string {
  if (v === null || v === undefined) return ''
  let s = String(v)
  if (typeof v === 'string' && FORMULA_START.test(s) && !PLAIN_NUMBER.test(s)) s = `'${s}`
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s
}

export function csvLine(cells: ReadonlyArray<string | number | null | undefined>): string {
  return cells.map(csvCell).join(',')
}
