import iconv from 'iconv-lite'
import {describe, expect, it} from 'vitest'

import {Gb18030ToUtf8} from '../../src/recon/gb-transcode.js'

/** Feed `bytes` split at `at` and return the text. */
function transcode(bytes: Buffer, at: number[]): string {
  const t = new Gb18030ToUtf8()
  const parts: Buffer[] = []
  let from = 0
  for (const cut of [...at, bytes.length]) {
    parts.push(Buffer.from(t.write(bytes.subarray(from, cut))))
    from = cut
  }
  parts.push(t.end())
  return Buffer.concat(parts).toString('utf8')
}

describe('GB18030 → UTF-8 byte transcoder', () => {
  const text = '商户编号,终端编号,交易类型\n102310045110001,29100000,消费撤销\n合计,,\n€ 㐀 𠀀 ·, ok\n'
  const gb = iconv.encode(text, 'gb18030')

  it('gives what iconv-lite gives, split at every offset (2- and 4-byte sequences across chunks)', () => {
    for (let cut = 0; cut <= gb.length; cut++) expect(transcode(gb, [cut])).toBe(text)
    expect(transcode(gb, [1, 2, 3, 5, 8, 13, 21, 34, 55])).toBe(text)
  })

  it('broken bytes become U+FFFD and never swallow a delimiter or a line end', () => {
    const broken = Buffer.concat([Buffer.from([0x81, 0x2c]), Buffer.from('a\n'), Buffer.from([0xff, 0x81, 0x30, 0x0a]), Buffer.from('b\n')])
    const out = transcode(broken, [])
    expect(out.split('\n')).toHaveLength(4)
    expect(out.startsWith('\uFFFD,a\n')).toBe(true)
    expect(out).toContain('b\n')
  })
})
