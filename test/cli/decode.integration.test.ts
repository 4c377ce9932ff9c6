import {describe, expect, it} from 'vitest'

import {VISA_TEST_CARD} from '../fixtures/test-cards.js'
import {runCli} from '../helpers/cli.js'
import {loadVectors} from '../protocol/vectors.js'

const vectors = loadVectors()

describe('posdoc zvt decode (real CLI)', () => {
  it('decodes a serial frame from another implementation, CRC checked, JSON shape stable', async () => {
    const r = await runCli(['zvt', 'decode', '1002060006123456ba0978100324c3', '--json'])
    expect(r.code).toBe(0)
    const out = JSON.parse(r.stdout)
    expect(out).toMatchObject({kind: 'frame', crcOk: true, command: '06 00', name: 'Registration', fields: {password: '123456', configByte: 0xba, currencyCode: 978}})
    expect(r.stderr).toBe('')
  })

  it('decodes a bare APDU: Status-Information with amount, trace, receipt, TID', async () => {
    const v = vectors.find((x) => x.expect.bmp22_hex)!
    const r = await runCli(['zvt', 'decode', v.hex, '--json'])
    expect(r.code).toBe(0)
    const out = JSON.parse(r.stdout)
    expect(out).toMatchObject({kind: 'apdu', command: '04 0F', fields: {amountCents: 4000, currencyCode: 978, traceNumber: 613995, receiptNumber: 175, terminalId: '60099914', resultCode: 0}})
    // the vector carries an unmasked 10-digit girocard EF_ID with a D separator: showing first 6 +
    // last 4 would reveal all 10 digits, so only the last 4 may show
    expect(out.fields.panMasked).toBe('******6666')
    expect(r.stdout).not.toMatch(/5966666666/)
  })

  it('masks a full test card number in a Status-Information', async () => {
    const apdu = Buffer.concat([Buffer.from('040f', 'hex'), Buffer.from([VISA_TEST_CARD.bmp22.length + 2]), Buffer.from('2700', 'hex'), VISA_TEST_CARD.bmp22])
    for (const json of [true, false]) {
      const r = await runCli(['zvt', 'decode', apdu.toString('hex'), ...(json ? ['--json'] : [])])
      expect(r.code).toBe(0)
      expect(r.stdout).toContain(VISA_TEST_CARD.masked)
      expect(r.stdout + r.stderr).not.toContain(VISA_TEST_CARD.pan)
    }
  })

  it('a wrong CRC still shows the frame, says so on stderr and exits 1', async () => {
    const r = await runCli(['zvt', 'decode', '10 02 05 01 03 12 34 56 10 03 E0 44'])
    expect(r.code).toBe(1)
    expect(r.stdout).toContain('CRC WRONG')
    expect(r.stderr).toMatch(/CRC mismatch/)
    const j = await runCli(['zvt', 'decode', '10 02 05 01 03 12 34 56 10 03 E0 44', '--json'])
    expect(j.code).toBe(1)
    expect(JSON.parse(j.stdout)).toMatchObject({crcOk: false, crcReceived: '44E0', crcComputed: '43E0'})
  })

  it.each([
    ['invalid hex', ['zvt', 'decode', 'zz'], 'ZVT_BAD_HEX'],
    ['odd digit count', ['zvt', 'decode', '060'], 'ZVT_BAD_HEX'],
    ['truncated frame', ['zvt', 'decode', '100206'], 'ZVT_TRUNCATED'],
    ['truncated APDU (extended length declares 256)', ['zvt', 'decode', '0602ff000100'], 'ZVT_TRUNCATED'],
    ['unknown command', ['zvt', 'decode', '0777020000'], 'ZVT_UNKNOWN_COMMAND'],
  ])('%s: one-line error, exit 2, JSON error object', async (_name, args, code) => {
    const r = await runCli(args)
    expect(r.code).toBe(2)
    const lines = r.stderr.trim().split('\n')
    expect(lines[0]).toMatch(new RegExp(`^Error \\[${code}\\]: `))
    expect(lines[1]).toMatch(/^ {2}Try: /)
    expect(r.stdout).toBe('')
    const j = await runCli([...args, '--json'])
    expect(j.code).toBe(2)
    expect(JSON.parse(j.stdout).error).toMatchObject({code, exitCode: 2})
  })

  it('a serial frame also shows its unstuffed APDU (zvt-notes §1: 10 10 is one 10 in the APDU)', async () => {
    const r = await runCli(['zvt', 'decode', '10 02 06 01 07 04 00 00 00 00 00 10 10 10 03 66 81', '--json'])
    expect(r.code).toBe(0)
    expect(JSON.parse(r.stdout)).toMatchObject({kind: 'frame', crcOk: true, apduHex: '06 01 07 04 00 00 00 00 00 10', fields: {amountCents: 10}})
    const text = await runCli(['zvt', 'decode', '10 02 06 01 07 04 00 00 00 00 00 10 10 10 03 66 81'])
    expect(text.stdout).toContain('apdu  06 01 07 04 00 00 00 00 00 10')
  })

  it('06 D1 is attribute + text; --charset picks the text charset (TLV 14 values, SPEC15 §9.4.2)', async () => {
    const hex = '06 D1 07 00 48 C4 4E 44 4C 45'
    const cp437 = JSON.parse((await runCli(['zvt', 'decode', hex, '--json'])).stdout)
    expect(cp437.fields).toEqual({attribute: 0, text: 'H─NDLE'})
    const latin1 = JSON.parse((await runCli(['zvt', 'decode', hex, '--charset', 'iso8859-1', '--json'])).stdout)
    expect(latin1.fields.text).toBe('HÄNDLE')
    const zvt7 = JSON.parse((await runCli(['zvt', 'decode', '06 D1 07 00 48 5B 4E 44 4C 45', '--charset', 'zvt7', '--json'])).stdout)
    expect(zvt7.fields.text).toBe('HÄNDLE')
    const bad = await runCli(['zvt', 'decode', hex, '--charset', 'ebcdic'])
    expect(bad.code).toBe(2)
    expect(bad.stderr).toMatch(/^Error \[USAGE_BAD_CHARSET\]/)
  })

  it('--command decodes a bare data block as that command', async () => {
    const r = await runCli(['zvt', 'decode', '1E 19 50', '--command', '06 C0', '--json'])
    expect(r.code).toBe(0)
    expect(JSON.parse(r.stdout)).toMatchObject({kind: 'data', command: '06 C0', name: 'Read Card', fields: {timeout: 30, readCardType: 0x50, readCardTypeText: 'chip + magstripe'}})
  })

  it('on a decode error it shows what could be decoded: header, fields so far, the masked rest (no PAN)', async () => {
    // 04 0F: 27 00, 04 amount 12.50, then an unknown BMP 5A, then the test card as BMP 22
    const data = Buffer.concat([Buffer.from('2700040000000012505a01', 'hex'), VISA_TEST_CARD.bmp22])
    const apdu = Buffer.concat([Buffer.from([0x04, 0x0f, data.length]), data]).toString('hex')
    const r = await runCli(['zvt', 'decode', apdu])
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/^Error \[ZVT_UNKNOWN_BMP\]/)
    expect(r.stdout).toContain('partial decode  04 0F  Status-Information')
    expect(r.stdout).toMatch(/amountCents\s+1250/)
    expect(r.stdout).toContain('undecoded from data byte 9: 5A 01 22')
    const j = await runCli(['zvt', 'decode', apdu, '--json'])
    expect(j.code).toBe(2)
    const err = JSON.parse(j.stdout).error
    expect(err).toMatchObject({code: 'ZVT_UNKNOWN_BMP', details: {partial: {command: '04 0F', offset: 9, fields: {resultCode: 0, amountCents: 1250}}}})
    for (const out of [r.stdout + r.stderr, j.stdout + j.stderr]) {
      expect(out).not.toContain(VISA_TEST_CARD.pan)
      // nor as BCD hex in the undecoded rest
      expect(out.replace(/ /g, '').toLowerCase()).not.toContain(VISA_TEST_CARD.pan)
    }
  })

  it('speaks Chinese with --lang zh-CN', async () => {
    const r = await runCli(['zvt', 'decode', 'zz', '--lang', 'zh-CN'])
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/错误 \[ZVT_BAD_HEX\]/)
    expect(r.stderr).toMatch(/建议/)
  })
})
