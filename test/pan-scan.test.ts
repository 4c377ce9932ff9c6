import {mkdirSync, mkdtempSync, writeFileSync} from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {describe, expect, it} from 'vitest'

// @ts-expect-error plain JS test tool without types
import {findPans, scan} from './pan-scan.js'
import {VISA_TEST_CARD} from './fixtures/test-cards.js'

describe('PAN leak scan', () => {
  it('finds contiguous and 4-grouped card numbers, not masked ones, hex dumps or timestamps', () => {
    const grouped = VISA_TEST_CARD.pan.replace(/(\d{4})(?=\d)/g, '$1 ')
    expect(findPans(`pan=${VISA_TEST_CARD.pan};`)).toHaveLength(1)
    expect(findPans(`card ${grouped} ok`)).toHaveLength(1)
    expect(findPans(`card ${VISA_TEST_CARD.masked}`)).toHaveLength(0)
    expect(findPans(VISA_TEST_CARD.bcdHexSpaced)).toHaveLength(0)
    expect(findPans('ts 1763900000000 1763900000001 1763900000002')).toHaveLength(0)
    expect(findPans('"duration":450.4927289999996,')).toHaveLength(0)
  })

  it('scans files and single-file roots, skips fixtures directories and reports file:line', () => {
    // planted leaks live below a "fixtures" directory so the suite-wide scan after the run skips them
    mkdirSync(path.join(os.tmpdir(), 'fixtures'), {recursive: true})
    const dir = mkdtempSync(path.join(os.tmpdir(), 'fixtures', 'posdoc-panscan-'))
    mkdirSync(path.join(dir, 'fixtures'))
    writeFileSync(path.join(dir, 'fixtures', 'input.csv'), `pan\n${VISA_TEST_CARD.pan}\n`)
    writeFileSync(path.join(dir, 'report.md'), `line one\nleaked ${VISA_TEST_CARD.pan}\n`)
    writeFileSync(path.join(dir, 'clean.md'), `masked ${VISA_TEST_CARD.masked}\n`)
    const {leaks} = scan([dir])
    expect(leaks).toEqual([{file: path.join(dir, 'report.md'), line: 2, masked: VISA_TEST_CARD.masked}])
    expect(scan([path.join(dir, 'report.md')]).leaks).toHaveLength(1)
  })
})
