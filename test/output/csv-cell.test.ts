import {parse} from 'csv-parse/sync'
import fc from 'fast-check'
import {describe, expect, it} from 'vitest'

import {csvCell, csvLine} from '../../src/output/csv-cell.js'

describe('csvCell', () => {
  it('neutralises cells a spreadsheet would run as a formula', () => {
    expect(csvCell('=HYPERLINK("http://x","y")')).toBe(`"'=HYPERLINK(""http://x"",""y"")"`)
    expect(csvCell('+1+1')).toBe("'+1+1")
    expect(csvCell('-2+3')).toBe("'-2+3")
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)")
    expect(csvCell('\tcmd')).toBe("'\tcmd")
    expect(csvCell('\rcmd')).toBe(`"'\rcmd"`)
  })
  it('keeps numbers and ordinary text as they are', () => {
    expect(csvCell(-12.5)).toBe('-12.5')
    expect(csvCell('-12.50')).toBe('-12.50')
    expect(csvCell('收银台 1')).toBe('收银台 1')
    expect(csvCell(null)).toBe('')
    expect(csvCell(undefined)).toBe('')
  })
  it('round-trips through a CSV parser (the guard adds at most one leading quote)', () => {
    fc.assert(
      fc.property(fc.array(fc.string(), {minLength: 1, maxLength: 6}), (cells) => {
        const [row] = parse(csvLine(cells) + '\n', {relax_column_count: true}) as string[][]
        expect(row).toHaveLength(cells.length)
        row!.forEach((got, i) => {
          const want = cells[i]!
          expect(got === want || got === `'${want}`).toBe(true)
          expect(/^[=+@\t\r]/.test(got) || (/^-/.test(got) && !/^-?\d+(?:\.\d+)?$/.test(got))).toBe(false)
        })
      }),
    )
  })
})
