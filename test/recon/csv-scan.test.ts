import fc from 'fast-check'
import {parse, type Options} from 'csv-parse/sync'
import {describe, expect, it} from 'vitest'

import {CsvScanner} from '../../src/recon/csv-scan.js'

type Out = {rows: Array<[number, string[]]>; bad: Array<[number, string]>}

/** Scan `input` split into pieces at `cuts` (byte offsets). */
function scan(input: Buffer, cuts: number[] = [], opts: {delimiter?: string; fromLine?: number} = {}): Out {
  const out: Out = {rows: [], bad: []}
  const s = new CsvScanner({
    delimiter: opts.delimiter ?? ',',
    ...(opts.fromLine ? {fromLine: opts.fromLine} : {}),
    onRow: (r) => {
      const cells: string[] = []
      for (let i = 0; i < r.count; i++) cells.push(r.text(i))
      out.rows.push([r.line, cells])
    },
    onBadRecord: (line, reason) => out.bad.push([line, reason]),
  })
  let at = 0
  for (const c of [...new Set(cuts)].filter((c) => c > 0 && c < input.length).sort((a, b) => a - b)) {
    s.push(input.subarray(at, c))
    at = c
  }
  s.push(input.subarray(at))
  s.end()
  return out
}

/** csv-parse with the options the importer used before the scanner existed. */
function reference(input: string, delimiter = ','): Out {
  const out: Out = {rows: [], bad: []}
  const options = {
    delimiter,
    bom: true,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
    on_record: (cells: string[], ctx: {lines: number}) => {
      out.rows.push([ctx.lines, cells])
      return null
    },
    on_skip: (err: Error & {code?: string; lines?: number}) => {
      out.bad.push([err.lines ?? -1, err.code === 'CSV_QUOTE_NOT_CLOSED' ? 'quote-not-closed' : String(err.code)])
    },
  } as unknown as Options
  parse(input, options)
  return out
}

const b = (s: string) => Buffer.from(s, 'utf8')

describe('CsvScanner', () => {
  it('reads cells, quoted cells with delimiters, line breaks and "" inside', () => {
    const text = 'a,b,c\n1,"x,y","say ""hi"""\n2,"two\nlines",z\n'
    expect(scan(b(text)).rows).toEqual([
      [1, ['a', 'b', 'c']],
      [2, ['1', 'x,y', 'say "hi"']],
      [4, ['2', 'two\nlines', 'z']],
    ])
  })

  it('strips a UTF-8 BOM, also when it arrives one byte at a time', () => {
    const input = b('\uFEFF终端号,金额\n29001006,1.00\n')
    const cuts = [...Array(input.length).keys()]
    expect(scan(input, cuts).rows).toEqual([
      [1, ['终端号', '金额']],
      [2, ['29001006', '1.00']],
    ])
  })

  it('skips empty lines, keeps a line of delimiters, reads the last line without a line end', () => {
    expect(scan(b('a,b\n\n\r\n,\nc')).rows).toEqual([
      [1, ['a', 'b']],
      [4, ['', '']],
      [5, ['c']],
    ])
  })

  it('a quote left open at the end is one bad record at the line it opened on', () => {
    expect(scan(b('a,b\nc,"d\ne\n'))).toEqual({rows: [[1, ['a', 'b']]], bad: [[2, 'quote-not-closed']]})
    expect(scan(b('a\n"b\n\nc'))).toEqual({rows: [[1, ['a']]], bad: [[2, 'quote-not-closed']]})
  })

  it('text after a closing quote makes the cell literal, as csv-parse does with relax_quotes', () => {
    expect(scan(b('"abc"x,1\n"a" ,b\n x"y",2\n"a""b"c,3\n"two\n"lines\n')).rows).toEqual([
      [1, ['"abc"x', '1']],
      [2, ['"a" ', 'b']],
      [3, [' x"y"', '2']],
      [4, ['"a"b"c', '3']],
      [6, ['"two\n"lines']],
    ])
  })

  it('ends rows at \\r\\n, and at a lone \\r when that is the first line end', () => {
    expect(scan(b('a,b\r\nc,d\r\n')).rows).toEqual([
      [1, ['a', 'b']],
      [2, ['c', 'd']],
    ])
    expect(scan(b('a\rb\r"c\rd"\re')).rows).toEqual([
      [1, ['a']],
      [2, ['b']],
      [4, ['c\rd']],
      [5, ['e']],
    ])
    // deliberately unlike csv-parse: a \n file with one \r\n line still ends that line there
    expect(scan(b('a,b\nc,d\r\ne,f\n')).rows).toEqual([
      [1, ['a', 'b']],
      [2, ['c', 'd']],
      [3, ['e', 'f']],
    ])
  })

  it('a record longer than maxRecordBytes is one bad record; reading goes on after its line end', () => {
    const out: Out = {rows: [], bad: []}
    const s = new CsvScanner({
      delimiter: ',',
      maxRecordBytes: 64,
      onRow: (r) => out.rows.push([r.line, Array.from({length: r.count}, (_, i) => r.text(i))]),
      onBadRecord: (line, reason) => out.bad.push([line, reason]),
    })
    s.push(b('a,b\n"x\ny'))
    for (let k = 0; k < 10; k++) s.push(Buffer.alloc(32, 0x41))
    s.push(b('z\nc,d\n'))
    s.end()
    expect(out).toEqual({rows: [[1, ['a', 'b']], [4, ['c', 'd']]], bad: [[2, 'record-too-long']]})
  })

  it('other delimiters: tab, semicolon, pipe', () => {
    for (const d of ['\t', ';', '|']) expect(scan(b(`a${d}"b${d}c"${d}d\n`), [], {delimiter: d}).rows).toEqual([[1, ['a', `b${d}c`, 'd']]])
  })

  it('fromLine skips the rows that start above it (a preamble), keeping line numbers physical', () => {
    expect(scan(b('Report\n"title\nsecond"\nx,y\n1,2\n'), [], {fromLine: 4}).rows).toEqual([
      [4, ['x', 'y']],
      [5, ['1', '2']],
    ])
  })

  it('flags rows that may hold U+FFFD only where the bytes are not clean UTF-8', () => {
    const flags: boolean[] = []
    const s = new CsvScanner({delimiter: ',', onRow: (r) => flags.push(r.mayHaveReplacement), onBadRecord: () => undefined})
    s.push(b('a,b\n'))
    s.push(Buffer.concat([b('c,'), Buffer.from([0xc3, 0x28]), b('\n')]))
    s.push(b('d,\uFFFD\n'))
    s.end()
    expect(flags).toEqual([false, true, true])
  })

  it('isBlank and raw byte ranges', () => {
    const seen: Array<[boolean, boolean, string]> = []
    const s = new CsvScanner({
      delimiter: ',',
      onRow: (r) => {
        for (let i = 0; i < r.count; i++) seen.push([r.isBlank(i), r.isRaw(i), r.buf.toString('utf8', r.cellStart(i), r.cellEnd(i))])
      },
      onBadRecord: () => undefined,
    })
    s.push(b(' \t,"",\u3000,"a""b",x\n'))
    s.end()
    expect(seen).toEqual([
      [true, true, ' \t'],
      [true, true, ''],
      [true, true, '\u3000'],
      [false, false, 'a""b'],
      [false, true, 'x'],
    ])
  })

  // the scanner must read every file csv-parse read, the same way, whatever the chunking
  const piece = fc.constantFrom('a', 'bc', '1.00', ' ', '中文', ',', ',', '"', '""', '\n', '\n', '\t', 'é')
  // A first plain line fixes csv-parse's row delimiter. With \r\n line ends csv-parse counts a
  // line break inside a quoted cell as two lines; there only the cells are compared.
  const csvText = fc.tuple(fc.array(piece, {maxLength: 60}), fc.constantFrom('\n', '\r\n')).map(([ps, eol]) => ({text: ('h\n' + ps.join('')).replaceAll('\n', eol), crlf: eol === '\r\n'}))
  const comparable = (o: Out, crlf: boolean) => ({rows: crlf ? o.rows.map(([, cells]) => cells) : o.rows, bad: o.bad.map(([, reason]) => reason)})

  it('matches csv-parse on random input with \n or \r\n line ends, however it is chunked', () => {
    fc.assert(
      fc.property(csvText, fc.array(fc.nat({max: 200}), {maxLength: 6}), ({text, crlf}, cuts) => {
        expect(comparable(scan(b(text), cuts), crlf)).toEqual(comparable(reference(text), crlf))
      }),
      {numRuns: 3000},
    )
  })

  it('matches csv-parse with a tab delimiter and a BOM', () => {
    const tsv = csvText.map(({text, crlf}) => ({text: '\uFEFF' + text.replaceAll(',', '\t'), crlf}))
    fc.assert(
      fc.property(tsv, fc.array(fc.nat({max: 200}), {maxLength: 4}), ({text, crlf}, cuts) => {
        expect(comparable(scan(b(text), cuts, {delimiter: '\t'}), crlf)).toEqual(comparable(reference(text, '\t'), crlf))
      }),
      {numRuns: 1000},
    )
  })
})
