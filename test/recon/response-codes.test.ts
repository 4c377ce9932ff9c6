import {describe, expect, it} from 'vitest'

import {explainResult, hostResultCodeAs, RESPONSE_CODES, responseCodeInfo, zvtHostCodeToIso} from '../../src/knowledge/index.js'

// the codes the issue names, and the classes it asks for
const REQUIRED = ['00', '03', '05', '12', '13', '14', '22', '25', '30', '40', '51', '55', '58', '61', '64', '65', '94', '96', '97', '98', '99', 'A0']

describe('ISO 8583 / CUP response codes', () => {
  it.each(REQUIRED)('%s is explained in en and zh-CN with a retry class and a remedy', (code) => {
    const info = responseCodeInfo(code)
    expect(info.known).toBe(true)
    expect(info.en.length).toBeGreaterThan(5)
    expect(info.zh).toMatch(/[\u4e00-\u9fff]/)
    expect(info.remedyEn.length).toBeGreaterThan(10)
    expect(info.remedyZh).toMatch(/[\u4e00-\u9fff]/)
    expect(['none', 'retry-later', 'do-not-retry', 'operator-must-act']).toContain(info.retry)
  })

  it('every table entry has both languages and only 00 needs nothing', () => {
    for (const code of RESPONSE_CODES) {
      const info = responseCodeInfo(code)
      expect(info.zh, code).toMatch(/[\u4e00-\u9fff]/)
      expect(info.retry === 'none', code).toBe(code === '00')
    }
  })

  it('classes follow the meaning: 96 retry later, 05/51 do not retry, 03/97/98/A0 need someone to act', () => {
    expect(responseCodeInfo('96').retry).toBe('retry-later')
    expect(responseCodeInfo('05').retry).toBe('do-not-retry')
    expect(responseCodeInfo('51').retry).toBe('do-not-retry')
    for (const c of ['03', '97', '98', 'A0', '99', '94', '64']) expect(responseCodeInfo(c).retry, c).toBe('operator-must-act')
  })

  it('12 and 22 on a void: check the original, never repeat blindly', () => {
    for (const code of ['12', '22']) {
      const e = explainResult(code, 'iso8583', {lang: 'en', context: 'void'})
      expect(e.remedy).toMatch(/original's real state/)
      expect(e.remedy).toMatch(/[Nn]ever repeat the void blindly/)
      expect(explainResult(code, 'iso8583', {lang: 'zh-CN', context: 'void'}).remedy).toMatch(/切勿盲目重复撤销/)
    }
  })

  it('25 asks for trace, batch and date; 64 for the exact original amount; 94 names the duplicate trace', () => {
    expect(responseCodeInfo('25').remedyEn).toMatch(/trace.*batch number, date/)
    expect(explainResult('64', 'iso8583', {lang: 'en', context: 'void'}).remedy).toMatch(/must equal the original amount/)
    expect(responseCodeInfo('94').en).toMatch(/[Dd]uplicate.*trace/)
  })

  it('98: outcome unknown, let the reversal run and verify before charging again', () => {
    const r = responseCodeInfo('98').remedyEn
    expect(r).toMatch(/reversal run/)
    expect(r).toMatch(/verify/)
  })

  it('A0 and 99: sign on again to refresh the keys', () => {
    for (const c of ['A0', '99']) {
      expect(responseCodeInfo(c).remedyEn).toMatch(/[Ss]ign the terminal on again/)
      expect(responseCodeInfo(c).remedyZh).toMatch(/重新签到/)
    }
  })

  it('acquirer-specific codes say so', () => {
    expect(responseCodeInfo('77').acquirerSpecific).toBe(true)
    expect(explainResult('87', 'iso8583', {lang: 'en'}).text).toMatch(/acquirer-specific/)
  })

  it('normalises "5" and "a0"; an unknown code gets a generic entry instead of an error', () => {
    expect(responseCodeInfo('5').code).toBe('05')
    expect(responseCodeInfo('a0').code).toBe('A0')
    const unknown = responseCodeInfo('Q7')
    expect(unknown.known).toBe(false)
    expect(unknown.en).toMatch(/Q7/)
  })
})

describe('ZVT codes through the same explanation', () => {
  it('host codes 01-63 travel in one byte as their decimal value: 0x33 is "51"', () => {
    expect(zvtHostCodeToIso(0x33)).toBe('51')
    expect(zvtHostCodeToIso(0x05)).toBe('05')
    expect(zvtHostCodeToIso(0x6c)).toBeUndefined()
    const e = explainResult('33', 'zvt', {lang: 'en'})
    expect(e).toMatchObject({code: '51', scheme: 'iso8583', retry: 'do-not-retry'})
    expect(e.text).toMatch(/Insufficient funds/)
  })

  it('ZVT-only codes keep the ZVT table: 6C aborted, A3 no connection (retry later)', () => {
    expect(explainResult('6C', 'zvt', {lang: 'en'})).toMatchObject({code: '6C', scheme: 'zvt', approved: false})
    expect(explainResult('A3', 'zvt', {lang: 'en'}).retry).toBe('retry-later')
    expect(explainResult('00', 'zvt', {lang: 'en'}).approved).toBe(true)
  })

  it('BMP A0 (result code AS) is shown as two hex digits: 0xA0 is the MAC error', () => {
    expect(hostResultCodeAs(0xa0)).toBe('A0')
    expect(explainResult(hostResultCodeAs(0xa0), 'iso8583', {lang: 'en'}).text).toMatch(/MAC/)
  })
})
