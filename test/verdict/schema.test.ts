/** docs/verdict.schema.json is the verdict contract the code produces; every corpus verdict meets it. */
import {readFileSync, writeFileSync} from 'node:fs'
import {fileURLToPath} from 'node:url'

import fc from 'fast-check'
import {describe, expect, it} from 'vitest'

import {decide} from '../../src/verdict/index.js'
import {VerdictJsonSchema, verdictJsonSchema} from '../../src/verdict/schema.js'
import {factsArb} from './arbitraries.js'
import {factsOf, loadCorpus} from './corpus.js'

const file = fileURLToPath(new URL('../../docs/verdict.schema.json', import.meta.url))

describe('verdict schema', () => {
  it('docs/verdict.schema.json is the schema the code produces (regenerate with UPDATE_VERDICT_SCHEMA=1)', () => {
    const json = `${JSON.stringify(verdictJsonSchema(), null, 2)}\n`
    if (process.env.UPDATE_VERDICT_SCHEMA === '1') writeFileSync(file, json)
    expect(readFileSync(file, 'utf8')).toBe(json)
  })

  it('every corpus verdict, per status, has the fields its status requires', () => {
    const seen = new Set<string>()
    for (const s of loadCorpus()) {
      for (const lang of ['en', 'zh-CN'] as const) {
        const v = decide(factsOf(s, lang))
        VerdictJsonSchema.parse(v)
        seen.add(v.status)
        if (v.status === 'acquirer-action') {
          expect(v.acquirerRequest?.items.length, s.id).toBeGreaterThan(0)
          expect(v.acquirerRequest!.items.join(' '), s.id).toMatch(/29001006/)
        }
        if (v.status === 'wait') expect(v.expectedDate ?? v.waitSeconds, s.id).toBeDefined()
        if (v.status === 'merchant-action') expect(v.nextSteps.length, s.id).toBeGreaterThan(0)
        if (v.status === 'in-doubt') expect(v.doNot.length, s.id).toBeGreaterThan(0)
      }
    }
    expect([...seen].sort()).toEqual(['acquirer-action', 'in-doubt', 'inconclusive', 'merchant-action', 'resolved', 'wait'])
  })

  it('any generated verdict meets the schema', () => {
    fc.assert(
      fc.property(factsArb, (f) => {
        VerdictJsonSchema.parse(decide(f))
      }),
      {numRuns: 300},
    )
  })
})
