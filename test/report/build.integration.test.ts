import {createHash} from 'node:crypto'
import {appendFileSync, existsSync, readdirSync, readFileSync} from 'node:fs'
import path from 'node:path'
import {describe, expect, it} from 'vitest'

import {FakeClock} from '../../src/util/clock.js'
import {VISA_TEST_CARD} from '../fixtures/test-cards.js'
import {runCli} from '../helpers/cli.js'
import {buildVoidFailedCase, storeIn, T0, tempDataDir} from '../case/helpers/sample-case.js'
import {readZip} from './helpers/unzip.js'

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex')

async function setup(lang: 'zh-CN' | 'en' = 'zh-CN') {
  const dataDir = tempDataDir()
  const clock = new FakeClock(T0)
  const c = await buildVoidFailedCase(storeIn(dataDir, clock), {clock, lang})
  return {id: c.id, dir: c.dir, env: {POSDOC_DATA_DIR: dataDir}}
}

describe('posdoc report build', () => {
  it('writes md, json, html and the zip into the case folder by default; --json lists the paths', async () => {
    const {id, dir, env} = await setup()
    const r = await runCli(['report', 'build', id, '--json'], {env})
    expect(r.code).toBe(0)
    expect(r.stderr).toBe('')
    const out = JSON.parse(r.stdout)
    expect(out).toMatchObject({schema: 'posdoc.report-build/1', caseId: id, lang: 'zh-CN', outDir: path.join(dir, 'report'), redaction: {scannedFiles: 6, findings: []}, evidence: {count: 3, changed: [], missing: []}})
    expect(Object.keys(out.outputs)).toEqual(['md', 'json', 'html', 'zip'])
    for (const f of out.files) {
      const bytes = readFileSync(f.path)
      expect(f.size).toBe(bytes.length)
      expect(f.sha256).toBe(sha256(bytes))
    }
    const report = JSON.parse(readFileSync(out.outputs.json, 'utf8'))
    expect(report).toMatchObject({schema: 'posdoc.case-report/1', lang: 'zh-CN', case: {id}})
    expect(readFileSync(out.outputs.md, 'utf8')).toContain('## 对收单机构的请求')
    expect(readFileSync(out.outputs.html, 'utf8')).toContain('<html lang="zh-CN">')
  })

  it('the zip holds the three reports, every evidence file and a manifest whose hashes are right', async () => {
    const {id, dir, env} = await setup('en')
    const outDir = path.join(tempDataDir(), 'reports')
    const r = await runCli(['report', 'build', id, '--format', 'zip', '--out', outDir, '--json'], {env})
    expect(r.code).toBe(0)
    const out = JSON.parse(r.stdout)
    expect(readdirSync(outDir)).toEqual([`${id}.zip`])
    const entries = readZip(readFileSync(out.outputs.zip))
    expect(entries.map((e) => e.name)).toEqual([
      `${id}/report.md`,
      `${id}/report.json`,
      `${id}/report.html`,
      `${id}/evidence/wire-log.jsonl`,
      `${id}/evidence/journal.csv`,
      `${id}/evidence/receipt-0042.txt`,
      `${id}/MANIFEST.sha256`,
    ])
    const byName = new Map(entries.map((e) => [e.name.slice(id.length + 1), e.data]))
    // sha256sum format: "<64 hex><two spaces><path>", one line per file, covering everything else
    const manifest = byName.get('MANIFEST.sha256')!.toString('utf8')
    const lines = manifest.trimEnd().split('\n')
    expect(lines).toHaveLength(6)
    for (const line of lines) {
      const m = /^([0-9a-f]{64}) {2}(\S+)$/.exec(line)
      expect(m, line).not.toBeNull()
      expect(sha256(byName.get(m![2]!)!), m![2]).toBe(m![1])
    }
    // evidence in the bundle is byte-identical to the case's copy, and masked
    expect(byName.get('evidence/journal.csv')).toEqual(readFileSync(path.join(dir, 'evidence', 'journal.csv')))
    expect(byName.get('evidence/journal.csv')!.toString()).toContain(VISA_TEST_CARD.masked)
    for (const data of byName.values()) expect(data.toString('latin1')).not.toContain(VISA_TEST_CARD.pan)
    const report = JSON.parse(byName.get('report.json')!.toString('utf8'))
    expect(report.evidence.map((e: {sha256: string; path: string}) => [e.path, e.sha256])).toEqual(lines.slice(3).map((l) => l.split('  ').reverse()))
  })

  it('--format md,html --lang en on a zh-CN case: English labels, Chinese texts, only those files', async () => {
    const {id, env} = await setup('zh-CN')
    const outDir = path.join(tempDataDir(), 'out')
    const r = await runCli(['report', 'build', id.slice(0, 20), '--format', 'md,html', '--out', outDir, '--lang', 'en'], {env})
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/^Report written:\n {2}md {4}\S+\.md\n {2}html {2}\S+\.html\n$/)
    expect(readdirSync(outDir).sort()).toEqual([`${id}.html`, `${id}.md`])
    const md = readFileSync(path.join(outDir, `${id}.md`), 'utf8')
    expect(md).toContain('## Request to the acquirer')
    expect(md).toContain('请协助为凭证号 0042')
  })

  it('refuses an export with card data in the evidence: exit 1, where and what, no secret, nothing written', async () => {
    const {id, dir, env} = await setup('en')
    appendFileSync(path.join(dir, 'evidence', 'wire-log.jsonl'), `{"summary":"print line ${VISA_TEST_CARD.pan}"}\n`)
    const outDir = path.join(tempDataDir(), 'out')
    const r = await runCli(['report', 'build', id, '--out', outDir], {env})
    expect(r.code).toBe(1)
    expect(r.stdout).toBe('')
    expect(r.stderr.split('\n')[0]).toBe('Error [REPORT_CARD_DATA_FOUND]: export refused: card data found in 1 place(s): evidence/wire-log.jsonl:3:24 full card number; nothing was written')
    expect(r.stderr).not.toContain(VISA_TEST_CARD.pan)
    expect(existsSync(outDir)).toBe(false)
    const j = await runCli(['report', 'build', id, '--out', outDir, '--json'], {env})
    expect(j.code).toBe(1)
    expect(JSON.parse(j.stdout).error).toMatchObject({code: 'REPORT_CARD_DATA_FOUND', exitCode: 1, details: {findings: [{file: 'evidence/wire-log.jsonl', line: 3, column: 24, kind: 'pan'}]}})
  })

  it('bad input is exit 2: unknown case, unknown format', async () => {
    const {id, env} = await setup('en')
    const unknown = await runCli(['report', 'build', 'nope'], {env})
    expect(unknown.code).toBe(2)
    expect(unknown.stderr).toContain('Error [CASE_NOT_FOUND]')
    const fmt = await runCli(['report', 'build', id, '--format', 'md,pdf'], {env})
    expect(fmt.code).toBe(2)
    expect(fmt.stderr.split('\n')[0]).toBe('Error [REPORT_BAD_FORMAT]: unknown report format "pdf"')
    const out = await runCli(['report', 'build', id, '--out', '/proc/posdoc-cannot-write-here'], {env})
    expect(out.code).toBe(2)
    expect(out.stderr).toContain('Error [REPORT_OUT_DIR]')
  })
})
