/**
 * The verdict corpus through the decision layer: every situation in test/fixtures/verdicts/, in
 * both languages (the same situations run through the real CLI in corpus-cli.test.ts).
 */
import {describe, expect, it} from 'vitest'

import {decide} from '../../src/verdict/index.js'
import {checkLanguage, checkVerdict, factsOf, loadCorpus} from './corpus.js'

const corpus = loadCorpus()

describe('verdict corpus', () => {
  it('holds at least 80 situations, each id once, every symptom covered', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(80)
    expect(new Set(corpus.map((s) => s.id)).size).toBe(corpus.length)
    expect(new Set(corpus.map((s) => s.symptom))).toEqual(new Set(['credit-info-lost', 'scan-no-notice', 'paid-not-credited', 'receipt-unusable', 'void-failed', 'terminal-offline', 'other']))
  })

  describe.each(['en', 'zh-CN'] as const)('%s', (lang) => {
    it.each(corpus.map((s) => [s.id, s] as const))('%s', (_id, s) => {
      const v = decide(factsOf(s, lang))
      checkVerdict(v, s.expect)
      checkLanguage(v, lang)
    })
  })
})
