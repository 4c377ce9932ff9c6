import {spawnSync} from 'node:child_process'
import {readFileSync, writeFileSync} from 'node:fs'
import path from 'node:path'
import {fileURLToPath} from 'node:url'
import {describe, expect, it} from 'vitest'

import {FakeClock} from '../../src/util/clock.js'
import {VISA_TEST_CARD} from '../fixtures/test-cards.js'
import {runCli} from '../helpers/cli.js'
import {buildVoidFailedCase, storeIn, T0, tempDataDir} from './helpers/sample-case.js'

const distStore = fileURLToPath(new URL('../../dist/src/case/store.js', import.meta.url))

/** A data dir with three cases: void-failed (zh, closed), receipt-unusable (en), terminal-offline (en, newest). */
async function fleet() {
  const dataDir = tempDataDir()
  const clock = new FakeClock(T0)
  const store = storeIn(dataDir, clock)
  const voidCase = await buildVoidFailedCase(store, {clock, lang: 'zh-CN'})
  clock.advance(3600_000)
  const receipt = await store.create({symptom: {id: 'receipt-unusable', en: 'slip lost or unusable', zh: '小票丢失或不可用'}, lang: 'en', terminal: {terminalId: '29001006'}})
  await receipt.close()
  clock.advance(3600_000)
  const offline = await store.create({symptom: {id: 'terminal-offline', en: 'terminal offline or not responding', zh: 'POS机无法联网 / 无响应'}, lang: 'en'})
  await offline.close('aborted')
  return {dataDir, store, ids: [offline.id, receipt.id, voidCase.id], env: {POSDOC_DATA_DIR: dataDir}}
}

describe('posdoc case list', () => {
  it('says there are no cases yet (exit 0), and --json gives an empty list', async () => {
    const env = {POSDOC_DATA_DIR: tempDataDir()}
    const r = await runCli(['case', 'list'], {env})
    expect(r.code).toBe(0)
    expect(r.stdout.trim()).toBe('No cases yet. `posdoc diagnose` starts one.')
    const j = await runCli(['case', 'list', '--json'], {env})
    expect(JSON.parse(j.stdout)).toMatchObject({schema: 'posdoc.case-list/1', cases: [], unreadable: []})
  })

  it('shows id, created, symptom, status and TID, newest first, in the chosen language', async () => {
    const {ids, env} = await fleet()
    const r = await runCli(['case', 'list'], {env})
    expect(r.code).toBe(0)
    const lines = r.stdout.trim().split('\n')
    expect(lines[0]).toMatch(/^ID\s+Created\s+Symptom\s+Status\s+TID$/)
    expect(lines.slice(2).map((l) => l.split(/\s{2,}/)[0])).toEqual(ids)
    expect(lines[2]).toMatch(/terminal offline or not responding\s+aborted\s+—$/)
    expect(lines[4]).toMatch(/void \(cancel a sale\) failed\s+needs the acquirer\s+52500038$/)
    const zh = await runCli(['case', 'list', '--lang', 'zh-CN'], {env})
    expect(zh.stdout).toMatch(/编号\s+创建时间\s+问题\s+状态\s+终端号/)
    expect(zh.stdout).toMatch(/撤销消费失败\s+需收单机构处理\s+52500038/)
    const j = JSON.parse((await runCli(['case', 'list', '--json'], {env})).stdout)
    expect(j.cases.map((c: {id: string}) => c.id)).toEqual(ids)
    expect(j.cases[2]).toMatchObject({status: 'needs-acquirer', terminalId: '52500038', verdict: 'needs-acquirer', counts: {checks: 4, transactions: 2, actions: 1, evidence: 3}})
  })

  it('names a damaged case on stderr and still lists the others (exit 0)', async () => {
    const {ids, env, store} = await fleet()
    writeFileSync(path.join(store.dir(ids[1]!), 'case.json'), 'not json')
    const r = await runCli(['case', 'list'], {env})
    expect(r.code).toBe(0)
    expect(r.stdout).toContain(ids[0])
    expect(r.stdout).not.toContain(ids[1])
    expect(r.stderr).toContain('1 case folder(s) could not be read')
    expect(r.stderr).toContain(ids[1])
  })
})

describe('posdoc case show', () => {
  it('shows identity, symptom, checks, transactions, actions, timeline and evidence', async () => {
    const {ids, env} = await fleet()
    const r = await runCli(['case', 'show', ids[2]!], {env})
    expect(r.code).toBe(0)
    const out = r.stdout
    expect(out).toContain(`Case: ${ids[2]}`)
    expect(out).toContain('Status: needs the acquirer')
    expect(out).toContain("Merchant's words: 顾客要求取消刚才那笔 12.50 的消费")
    expect(out).toContain('Terminal: TID 52500038, Ingenico Move/5000, SN SN-2231-0042, GER-APP-3.2.1')
    expect(out).toContain('[fail] 原交易状态: 原交易所在批次已结算')
    expect(out).toMatch(/tx1 {2}sale {2}2026-11-23T14:30:12 {2}12\.50 EUR {2}411111\*{6}1111 {2}receipt 0042 {2}trace 000123 {2}rc 00 approved {2}approved/)
    expect(out).toMatch(/撤销凭证号 0042 的消费（12\.50 EUR）: failed \(B5\)/)
    expect(out).toMatch(/Timeline:\n( {2}.+\n){12}/)
    expect(out).toContain('evidence/journal.csv')
    expect(out).toContain(`posdoc report build ${ids[2]}`)
    expect(out).not.toContain(VISA_TEST_CARD.pan)
  })

  it('--json gives the whole case record; "latest" and unique prefixes work', async () => {
    const {ids, env} = await fleet()
    const j = JSON.parse((await runCli(['case', 'show', ids[2]!.slice(0, 27), '--json'], {env})).stdout)
    expect(j.schema).toBe('posdoc.case-show/1')
    expect(j.case.id).toBe(ids[2])
    expect(j.case.timeline).toHaveLength(12)
    expect(j.case.transactions[0].panMasked).toBe(VISA_TEST_CARD.masked)
    const latest = JSON.parse((await runCli(['case', 'show', 'latest', '--json'], {env})).stdout)
    expect(latest.case.id).toBe(ids[0])
  })

  it('an unknown or malformed id is one line + how to find ids, exit 2', async () => {
    const {env} = await fleet()
    for (const bad of ['20991231-0000-nope-0000', '../../etc/passwd']) {
      const r = await runCli(['case', 'show', bad], {env})
      expect(r.code).toBe(2)
      expect(r.stdout).toBe('')
      const lines = r.stderr.trim().split('\n')
      expect(lines).toHaveLength(2)
      expect(lines[0]).toBe(`Error [CASE_NOT_FOUND]: no case "${bad}"`)
      expect(lines[1]).toContain('posdoc case list')
    }
    const j = await runCli(['case', 'show', 'nope', '--json', '--lang', 'zh-CN'], {env})
    expect(j.code).toBe(2)
    expect(JSON.parse(j.stdout).error).toMatchObject({code: 'CASE_NOT_FOUND', exitCode: 2, message: '找不到案例“nope”'})
  })

  it('a damaged case.json: exit 2, one line, and the file is left exactly as it was', async () => {
    const {ids, env, store} = await fleet()
    const file = path.join(store.dir(ids[2]!), 'case.json')
    const truncated = readFileSync(file).subarray(0, 300)
    writeFileSync(file, truncated)
    const r = await runCli(['case', 'show', ids[2]!], {env})
    expect(r.code).toBe(2)
    expect(r.stderr.split('\n')[0]).toMatch(new RegExp(`^Error \\[CASE_CORRUPT\\]: case ${ids[2]}: case\\.json is damaged \\(.+\\); nothing was changed$`))
    expect(r.stderr).toContain(file)
    const rep = await runCli(['report', 'build', ids[2]!], {env})
    expect(rep.code).toBe(2)
    expect(readFileSync(file)).toEqual(truncated)
  })
})

describe('one writer per case, across processes', () => {
  it('a second process opening a case being written gets CASE_LOCKED; after close it can', async () => {
    const dataDir = tempDataDir()
    const store = storeIn(dataDir)
    const c = await store.create({symptom: {id: 'void-failed'}, lang: 'en'})
    const script = `
      import {CaseStore} from ${JSON.stringify(distStore)}
      try { const h = await new CaseStore({root: ${JSON.stringify(path.join(dataDir, 'cases'))}}).open(${JSON.stringify(c.id)}); await h.note('second'); await h.close(); console.log('OPENED') }
      catch (e) { console.log(e.code) }`
    const run = () => spawnSync(process.execPath, ['--input-type=module', '-e', script], {encoding: 'utf8', timeout: 10_000})
    expect(run().stdout.trim()).toBe('CASE_LOCKED')
    await c.note('first')
    await c.close()
    expect(run().stdout.trim()).toBe('OPENED')
    expect((await store.read(c.id)).data.timeline.map((e) => e.text)).toEqual(['first', 'second'])
  })
})
