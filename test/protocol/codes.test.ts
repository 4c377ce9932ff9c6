import {readFileSync} from 'node:fs'
import {fileURLToPath} from 'node:url'
import {describe, expect, it} from 'vitest'

import {
  cardTypeName,
  CARD_TYPE_SEE_TLV41,
  type CodeInfo,
  INTERMEDIATE_STATUS_CODES,
  intermediateStatusInfo,
  isHostResultCode,
  RESULT_CODES,
  resultCodeInfo,
  TERMINAL_STATUS_CODES,
  terminalStatusInfo,
} from '../../src/protocol/zvt/codes/index.js'

// A copy of /work/shared/docs/zvt-notes.md in test/fixtures/shared (see PROVENANCE.md).
const NOTES = readFileSync(fileURLToPath(new URL('../fixtures/shared/zvt-notes.md', import.meta.url)), 'utf8')

function section(heading: string): string {
  const start = NOTES.indexOf(`## ${heading}`)
  if (start < 0) throw new Error(`section "${heading}" not found in zvt-notes.md`)
  const end = NOTES.indexOf('\n## ', start + 3)
  return NOTES.slice(start, end < 0 ? undefined : end)
}

/** "01/02", "F1 / F2 / F3", "6A–6D", "01–63" -> list of byte values */
function codesIn(cell: string): number[] {
  const out: number[] = []
  for (const part of cell.split('/').map((p) => p.trim())) {
    const range = /^([0-9A-F]{2})\s*[–-]\s*([0-9A-F]{2})$/.exec(part)
    if (range) {
      for (let c = parseInt(range[1]!, 16); c <= parseInt(range[2]!, 16); c++) out.push(c)
    } else if (/^[0-9A-F]{2}$/.test(part)) {
      out.push(parseInt(part, 16))
    }
  }
  return out
}

const CJK = /[\u4e00-\u9fff]/
const hex = (c: number) => c.toString(16).toUpperCase().padStart(2, '0')

function expectComplete(info: CodeInfo): void {
  expect(info.en.trim(), `en ${info.hex}`).not.toBe('')
  expect(info.zh, `zh ${info.hex}`).toMatch(CJK)
  expect(info.remedyEn.trim(), `remedyEn ${info.hex}`).not.toBe('')
  expect(info.remedyZh, `remedyZh ${info.hex}`).toMatch(CJK)
  expect(info.hex).toMatch(/^[0-9A-F]{2}$/)
  expect(info.hex).toBe(hex(info.code))
}

describe('result codes (notes §9)', () => {
  const sec9 = section('9. Result')
  const rows = [...sec9.matchAll(/^\| ([0-9A-F]{2}(?:–[0-9A-F]{2})?) \|/gm)].map((m) => m[1]!)
  const documented = rows.flatMap(codesIn)

  it('the notes table parses into a plausible list', () => {
    expect(rows).toContain('01–63')
    expect(documented.length).toBeGreaterThan(150)
  })

  it('every documented code is present with en/zh/remedies', () => {
    const known = new Set(RESULT_CODES.map((e) => e.code))
    const missing = documented.filter((c) => !known.has(c)).map(hex)
    expect(missing).toEqual([])
    for (const c of documented) {
      const info = resultCodeInfo(c)
      // FF "other error" is deliberately unclassified; everything else must say how to treat it
      if (c !== 0xff) expect(info.cls, hex(c)).not.toBe('unknown')
      expectComplete(info)
    }
  })

  it('the table holds nothing the notes do not list', () => {
    const doc = new Set(documented)
    expect(RESULT_CODES.filter((e) => !doc.has(e.code)).map((e) => e.hex)).toEqual([])
  })

  it('is sorted, unique and frozen', () => {
    const codes = RESULT_CODES.map((e) => e.code)
    expect(codes).toEqual([...new Set(codes)].sort((a, b) => a - b))
    expect(Object.isFrozen(RESULT_CODES)).toBe(true)
  })

  it.each([
    [0x00, 'success'],
    [0xcc, 'printer'],
    [0xb4, 'already-reversed'],
    [0xb5, 'reversal-not-possible'],
    [0xa3, 'transient'],
    [0xa0, 'transient'],
    [0xa1, 'transient'],
    [0x9c, 'transient'],
    [0x9b, 'transient'],
    [0x7d, 'transient'],
    [0x05, 'host'],
    [0x01, 'host'],
    [0x63, 'host'],
    [0x64, 'card'],
    [0x78, 'card'],
    [0x6c, 'operator'],
    [0xf0, 'operator'],
    [0x6b, 'config'],
    [0x85, 'config'],
    [0x89, 'device'],
    [0x9a, 'protocol'],
  ] as const)('code %s is classed %s', (code, cls) => {
    expect(resultCodeInfo(code).cls).toBe(cls)
  })

  it('host codes carry the decimal host code in the text', () => {
    expect(isHostResultCode(0x05)).toBe(true)
    expect(isHostResultCode(0x64)).toBe(false)
    expect(resultCodeInfo(0x05).en).toContain('05')
    expect(resultCodeInfo(0x33).en).toContain('code 51') // 0x33 = host code 51 (insufficient funds)
    expect(resultCodeInfo(0x33).zh).toContain('51')
    expect(resultCodeInfo(0x02).en).toContain('code 02')
  })

  it('key texts a merchant will see', () => {
    expect(resultCodeInfo(0xcc).zh).toContain('打印机')
    expect(resultCodeInfo(0xb4).zh).toContain('已撤销')
    expect(resultCodeInfo(0xb5).zh).toContain('不能撤销')
    expect(resultCodeInfo(0xb5).remedyEn.toLowerCase()).toContain('refund')
    expect(resultCodeInfo(0xcc).remedyEn.toLowerCase()).toContain('reprint')
  })

  it('unlisted and odd values give a generic unknown entry, never throw', () => {
    for (const c of [0x69, 0x80, 0xa2, 0xc7, 0xf9]) {
      const info = resultCodeInfo(c)
      expect(info.cls).toBe('unknown')
      expect(info.hex).toBe(hex(c))
      expect(info.en).toContain(hex(c))
      expectComplete(info)
    }
    for (const odd of [-1, 256, 1.5, Number.NaN]) {
      const info = resultCodeInfo(odd)
      expect(info.cls).toBe('unknown')
      expect(info.hex).toBe('??')
    }
  })
})

describe('terminal status codes (notes end of §9)', () => {
  const sec9 = section('9. Result')
  const para = sec9.slice(sec9.indexOf('**Terminal status codes**')).replace(/\s+/g, ' ')
  const documented = [...para.matchAll(/(?:^|[;:])\s*([0-9A-F]{2}) [A-Za-z]/g)].map((m) => parseInt(m[1]!, 16))

  it('every documented status is present with en/zh/remedies', () => {
    expect(documented.length).toBeGreaterThanOrEqual(22)
    const known = new Set(TERMINAL_STATUS_CODES.map((e) => e.code))
    expect(documented.filter((c) => !known.has(c)).map(hex)).toEqual([])
    for (const c of documented) expectComplete(terminalStatusInfo(c))
  })

  it('classes and remedies point at the fixing command', () => {
    expect(terminalStatusInfo(0x00).cls).toBe('success')
    expect(terminalStatusInfo(0xcc).cls).toBe('printer')
    expect(terminalStatusInfo(0x51).remedyEn).toContain('06 93')
    expect(terminalStatusInfo(0x62).remedyEn).toContain('06 91')
    expect(terminalStatusInfo(0xb1).remedyEn).toContain('06 50')
    expect(terminalStatusInfo(0xb2).remedyEn).toContain('08 11')
    expect(terminalStatusInfo(0xc2).remedyEn).toContain('06 70')
    expect(terminalStatusInfo(0xf0).remedyZh).toContain('结算')
  })

  it('unknown status gives a generic entry', () => {
    const info = terminalStatusInfo(0x77)
    expect(info.cls).toBe('unknown')
    expectComplete(info)
  })
})

describe('intermediate status (notes §10)', () => {
  const sec10 = section('10. Intermediate')
  const documented = [...sec10.matchAll(/^\|(.*)\|\s*$/gm)]
    .map((m) => m[1]!.split('|').map((c) => c.trim()))
    .flatMap((cells) => [cells[0] ?? '', cells[2] ?? ''])
    .flatMap(codesIn)

  it('every documented status has en and zh', () => {
    expect(documented.length).toBeGreaterThanOrEqual(90)
    const known = new Set(INTERMEDIATE_STATUS_CODES.map((e) => e.code))
    expect(documented.filter((c) => !known.has(c)).map(hex)).toEqual([])
    for (const c of documented) {
      const info = intermediateStatusInfo(c)
      expect(info.en.trim()).not.toBe('')
      expect(info.zh).toMatch(CJK)
      expect(info.hex).toBe(hex(c))
    }
  })

  it('screen texts', () => {
    expect(intermediateStatusInfo(0x0a).zh).toBe('请插卡')
    expect(intermediateStatusInfo(0x04).zh).toContain('主机')
    expect(intermediateStatusInfo(0x55).zh).toContain('密码错误')
    expect(intermediateStatusInfo(0x55).zh).toContain('请取卡')
    expect(intermediateStatusInfo(0x4b).zh).toBe('请取卡')
  })

  it('vendor extras are opt-in; unknown never throws', () => {
    expect(intermediateStatusInfo(0xa2, {vendor: 'ingenico'}).en).toContain('Cancellation successful')
    const generic = intermediateStatusInfo(0xa2)
    expect(generic.hex).toBe('A2')
    expect(generic.zh).toMatch(CJK)
    expect(intermediateStatusInfo(300).hex).toBe('??')
  })
})

describe('card types (notes §11)', () => {
  it('common IDs from the notes', () => {
    const sec11 = section('11. Card-type')
    const listed = [...sec11.matchAll(/(\d+) (?:\(0x[0-9A-F]+\) )?([A-Za-z][\w -]*?)(?=[,.(]|$)/gm)]
    expect(listed.length).toBeGreaterThanOrEqual(13)
    for (const m of listed) expect(cardTypeName(Number(m[1])), m[0]).toBeDefined()
  })

  it('names', () => {
    expect(cardTypeName(5)).toBe('girocard')
    expect(cardTypeName(46)).toBe('Maestro')
    expect(cardTypeName(0x61)).toBe('Alipay')
    expect(cardTypeName(261)).toBe('WeChat Pay')
    expect(cardTypeName(261, 'zh')).toContain('微信支付')
    expect(cardTypeName(10, 'zh')).toContain('Visa')
    expect(cardTypeName(CARD_TYPE_SEE_TLV41)).toContain('41')
    expect(cardTypeName(4)).toBeUndefined()
    expect(cardTypeName(9999)).toBeUndefined()
  })
})
