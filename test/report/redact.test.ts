import {appendFileSync, existsSync, readdirSync, readFileSync, writeFileSync} from 'node:fs'
import path from 'node:path'
import {describe, expect, it} from 'vitest'

import type {CaseStore} from '../../src/case/store.js'
import {PosdocError} from '../../src/output/errors.js'
import {buildCaseReport} from '../../src/report/build.js'
import {scanOutgoing, type RedactionFinding} from '../../src/report/redact.js'
import {FakeClock} from '../../src/util/clock.js'
import {VISA_TEST_CARD} from '../fixtures/test-cards.js'
import {buildVoidFailedCase, storeIn, T0, tempDataDir} from '../case/helpers/sample-case.js'
import {grouped, luhnComplete} from '../case/helpers/luhn.js'

const PAN = VISA_TEST_CARD.pan

/** Each kind as it shows up in real files; none of them may leave in an export. */
const PLANTS: Array<{kind: RedactionFinding['kind']; line: string; column: number}> = [
  {kind: 'pan', line: `2026-11-23 14:30:12,sale,12.50,${PAN},000123`, column: 32},
  {kind: 'pan', line: `card no: ${grouped(PAN, ' ')}`, column: 10},
  {kind: 'pan', line: `amex ${luhnComplete('37828224631000')}`, column: 6},
  {kind: 'track2', line: `{"t2":";${PAN}=25121010000012300000?"}`, column: 9},
  {kind: 'track2', line: `35 25 ${PAN}D2512101000001230000F`, column: 7},
  {kind: 'track1', line: `raw %B${PAN}^DOE/JOHN^2512101000000000000000123000000?`, column: 5},
  {kind: 'cvv', line: 'card_cvv2=4567', column: 11},
  {kind: 'cvv', line: '{"cvc": "123"}', column: 10},
  {kind: 'pin-block', line: 'pinBlock: 0412AC89ABCDEF01', column: 11},
]

async function refused(p: Promise<unknown>): Promise<PosdocError> {
  try {
    await p
  } catch (e) {
    expect(e).toBeInstanceOf(PosdocError)
    return e as PosdocError
  }
  throw new Error('expected the export to be refused')
}

async function sampleCase(): Promise<{store: CaseStore; id: string; dir: string}> {
  const clock = new FakeClock(T0)
  const store = storeIn(tempDataDir(), clock)
  const c = await buildVoidFailedCase(store, {clock, lang: 'en'})
  return {store, id: c.id, dir: c.dir}
}

describe('redaction scan', () => {
  it.each(PLANTS.map((p, i) => ({...p, n: i + 1})))('catches $kind (sample $n) at its line and column', async ({kind, line, column}) => {
    const content = `header\nclean ${VISA_TEST_CARD.masked}\n${line}\nfooter\n`
    const {findings} = await scanOutgoing([{name: 'evidence/x.txt', content}])
    expect(findings).toEqual([{file: 'evidence/x.txt', line: 3, column, kind}])
  })

  it('counts lines across chunks and CRLF files, and columns in characters (CJK)', async () => {
    const dir = tempDataDir()
    const file = path.join(dir, 'big.csv')
    const filler = 'x'.repeat(200) + '\r\n'
    writeFileSync(file, filler.repeat(5000) + `备注：卡号 ${PAN}\r\n`)
    const {findings, files} = await scanOutgoing([{name: 'evidence/big.csv', path: file}])
    expect(findings).toEqual([{file: 'evidence/big.csv', line: 5001, column: 7, kind: 'pan'}])
    expect(files[0]!.size).toBe(readFileSync(file).length)
  })

  it('lets masked data, receipts and ordinary numbers through', async () => {
    const content = [VISA_TEST_CARD.masked, '4111 11** **** 1111', 'trace 000123 rrn 632514000123', 'cvv: ***', 'order 20261123143205123', 'AID A0000000041010'].join('\n')
    expect((await scanOutgoing([{name: 'a', content}])).findings).toEqual([])
  })
})

describe('report build through the redaction gate', () => {
  it('a clean case exports, and the gate scanned every outgoing file', async () => {
    const {store, id} = await sampleCase()
    const out = path.join(tempDataDir(), 'out')
    const r = await buildCaseReport(store, id, {outDir: out, version: '1'})
    expect(r.redaction).toEqual({scannedFiles: 6, findings: []})
    expect(readdirSync(out).sort()).toEqual([`${id}.html`, `${id}.json`, `${id}.md`, `${id}.zip`])
  })

  it.each(PLANTS.map((p, i) => ({...p, n: i + 1})))('refuses (exit 1) when evidence carries $kind (sample $n), names file/line/kind, never the data, writes nothing', async ({kind, line}) => {
    const {store, id, dir} = await sampleCase()
    // a file changed behind the store's back (edited, or copied in by hand)
    appendFileSync(path.join(dir, 'evidence', 'journal.csv'), `${line}\n`)
    const out = path.join(tempDataDir(), 'out')
    const err = await refused(buildCaseReport(store, id, {outDir: out, version: '1'}))
    expect(err.code).toBe('REPORT_CARD_DATA_FOUND')
    expect(err.exitCode).toBe(1)
    expect(err.details?.findings).toEqual([expect.objectContaining({file: 'evidence/journal.csv', line: 3, kind})])
    expect(err.message).toMatch(/^export refused: card data found in 1 place\(s\): evidence\/journal\.csv:3:\d+ /)
    expect(err.message.split('\n')).toHaveLength(1)
    expect(err.message).not.toMatch(/\d{7,}/)
    expect(JSON.stringify(err.toJSON())).not.toContain(PAN.slice(6, 12))
    expect(existsSync(out)).toBe(false)
  })

  it('only what goes out is scanned: an md-only export does not carry the evidence', async () => {
    const {store, id, dir} = await sampleCase()
    appendFileSync(path.join(dir, 'evidence', 'journal.csv'), `${PAN}\n`)
    const out = path.join(tempDataDir(), 'out')
    const r = await buildCaseReport(store, id, {outDir: out, formats: ['md'], version: '1'})
    expect(Object.keys(r.outputs)).toEqual(['md'])
    expect(r.evidence.changed).toEqual(['journal.csv'])
    expect(readFileSync(r.outputs.md!, 'utf8')).toContain('CHANGED since captured')
  })

  it('a hand-edited case.json with card data is caught in the rendered report itself', async () => {
    const {store, id, dir} = await sampleCase()
    const file = path.join(dir, 'case.json')
    const doc = JSON.parse(readFileSync(file, 'utf8'))
    doc.symptom.merchantWords = `card ${PAN}`
    doc.timeline.push({ts: doc.updatedAt, kind: 'note', text: 'cvv 123'})
    writeFileSync(file, JSON.stringify(doc))
    const err = await refused(buildCaseReport(store, id, {outDir: path.join(tempDataDir(), 'out'), formats: ['md', 'html'], version: '1'}))
    const found = (err.details!.findings as RedactionFinding[]).map((f) => `${f.file}:${f.kind}`)
    expect(found).toEqual(['report.md:pan', 'report.md:cvv', 'report.html:pan', 'report.html:cvv'])
  })

  it('lists at most five places in the message, all of them in details', async () => {
    const {store, id, dir} = await sampleCase()
    appendFileSync(path.join(dir, 'evidence', 'wire-log.jsonl'), PLANTS.map((p) => p.line).join('\n'))
    const err = await refused(buildCaseReport(store, id, {outDir: path.join(tempDataDir(), 'out'), version: '1', formats: ['zip']}))
    expect(err.details!.findings).toHaveLength(PLANTS.length)
    expect(err.message).toContain(`+${PLANTS.length - 5} more`)
  })
})
