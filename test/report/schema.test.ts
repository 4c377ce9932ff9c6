/**
 * The report's JSON contract. docs/report.schema.json is the published schema: it must equal
 * the one generated from the model (regenerate with UPDATE_REPORT_SCHEMA=1 after an additive
 * change), every generated report must validate against the published file, and a report
 * frozen when /1 was published must still validate (a breaking change fails here).
 */
import {readFileSync, writeFileSync} from 'node:fs'
import {fileURLToPath} from 'node:url'
import {describe, expect, it} from 'vitest'
import {z} from 'zod'

import type {CaseData} from '../../src/case/schema.js'
import {renderCaseReport} from '../../src/report/build.js'
import {CaseReportSchema, reportJsonSchema} from '../../src/report/model.js'
import {FakeClock} from '../../src/util/clock.js'
import {buildVoidFailedCase, storeIn, T0, tempDataDir} from '../case/helpers/sample-case.js'

const schemaFile = fileURLToPath(new URL('../../docs/report.schema.json', import.meta.url))
const frozenFile = fileURLToPath(new URL('./fixtures/case-report-v1.json', import.meta.url))

if (process.env.UPDATE_REPORT_SCHEMA === '1') writeFileSync(schemaFile, `${JSON.stringify(reportJsonSchema(), null, 2)}\n`)

const published = JSON.parse(readFileSync(schemaFile, 'utf8')) as Record<string, unknown>
const validator = z.fromJSONSchema(published as never)

function validate(doc: unknown): string[] {
  const r = validator.safeParse(doc)
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`)
}

async function reports(): Promise<unknown[]> {
  const out: unknown[] = []
  for (const lang of ['zh-CN', 'en'] as const) {
    const clock = new FakeClock(T0)
    const c = await buildVoidFailedCase(storeIn(tempDataDir(), clock), {lang, clock})
    for (const labels of ['zh-CN', 'en'] as const) out.push(JSON.parse(renderCaseReport(c.data, {lang: labels, version: '0.1.0', generatedAt: new Date(T0).toISOString()}).json))
  }
  const empty: CaseData = {
    schema: 'posdoc.case/1',
    id: '20261123-1432-scan-no-notice-0001',
    createdAt: new Date(T0).toISOString(),
    updatedAt: new Date(T0).toISOString(),
    status: 'aborted',
    lang: 'en',
    symptom: {id: 'scan-no-notice'},
    identity: {},
    answers: {},
    timeline: [],
    checks: [],
    transactions: [],
    actions: [],
    evidence: [],
  }
  out.push(JSON.parse(renderCaseReport(empty, {version: '0.1.0', generatedAt: new Date(T0).toISOString()}).json))
  return out
}

describe('report JSON schema (posdoc.case-report/1)', () => {
  it('docs/report.schema.json is the schema the code produces (regenerate with UPDATE_REPORT_SCHEMA=1)', () => {
    expect(published).toEqual(reportJsonSchema())
    expect(published.$schema).toBe('https://json-schema.org/draft/2020-12/schema')
  })

  it('every generated report validates against the published file', async () => {
    for (const r of await reports()) expect(validate(r)).toEqual([])
  })

  it('the validator is not a rubber stamp: unknown, missing and mistyped fields fail', async () => {
    const [r] = (await reports()) as Array<Record<string, unknown>>
    expect(validate({...r, surprise: 1})).not.toEqual([])
    const {checks: _checks, ...noChecks} = r!
    expect(validate(noChecks)).not.toEqual([])
    expect(validate({...r, schema: 'posdoc.case-report/2'})).not.toEqual([])
    const tx = (r!.transactions as Array<Record<string, unknown>>)[0]!
    expect(validate({...r, transactions: [{...tx, amountCents: '12.50'}]})).not.toEqual([])
    const ev = (r!.evidence as Array<Record<string, unknown>>)[0]!
    expect(validate({...r, evidence: [{...ev, sha256: 'abc'}]})).not.toEqual([])
  })

  it('a report frozen when /1 was published still validates (no breaking change)', () => {
    const frozen = JSON.parse(readFileSync(frozenFile, 'utf8'))
    expect(frozen.schema).toBe('posdoc.case-report/1')
    expect(validate(frozen)).toEqual([])
    expect(CaseReportSchema.safeParse(frozen).success).toBe(true)
  })
})
