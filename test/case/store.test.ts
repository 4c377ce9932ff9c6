import {createHash} from 'node:crypto'
import {existsSync, mkdirSync, readdirSync, readFileSync, utimesSync, writeFileSync} from 'node:fs'
import path from 'node:path'
import {describe, expect, it} from 'vitest'

import {findCardData} from '../../src/case/card-data.js'
import {ensureDir} from '../../src/case/dirs.js'
import {CaseSchema, CASE_ID_RE} from '../../src/case/schema.js'
import {CaseStore, makeCaseId} from '../../src/case/store.js'
import {PosdocError} from '../../src/output/errors.js'
import {FakeClock} from '../../src/util/clock.js'
import {VISA_TEST_CARD} from '../fixtures/test-cards.js'
import {buildVoidFailedCase, storeIn, T0, tempDataDir} from './helpers/sample-case.js'

const PAN = VISA_TEST_CARD.pan
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex')

async function posdocError(p: Promise<unknown>): Promise<PosdocError> {
  try {
    await p
  } catch (e) {
    expect(e).toBeInstanceOf(PosdocError)
    return e as PosdocError
  }
  throw new Error('expected a PosdocError')
}

const symptom = {id: 'void-failed', en: 'void failed', zh: '撤销消费失败'}

describe('ensureDir', () => {
  it('creates nested folders and fails fast where the file system cannot create any (/proc)', async () => {
    const base = tempDataDir()
    await ensureDir(path.join(base, 'a', 'b', 'c'))
    await ensureDir(path.join(base, 'a', 'b', 'c'))
    expect(existsSync(path.join(base, 'a', 'b', 'c'))).toBe(true)
    writeFileSync(path.join(base, 'file'), '')
    await expect(ensureDir(path.join(base, 'file'))).rejects.toMatchObject({code: 'EEXIST'})
    if (existsSync('/proc/self')) await expect(ensureDir('/proc/posdoc-test/x')).rejects.toMatchObject({code: 'ENOENT'})
  })
})

describe('case ids', () => {
  it('are readable, sortable and safe in paths', () => {
    const id = makeCaseId(new Date(2026, 10, 23, 14, 32), 'void-failed', '7f3a')
    expect(id).toBe('20261123-1432-void-failed-7f3a')
    expect(makeCaseId(new Date(2026, 0, 2, 3, 4), '../Etc/Passwd !!', '0001')).toBe('20260102-0304-etc-passwd-0001')
    expect(makeCaseId(new Date(2026, 0, 2, 3, 4), '---', '0001')).toBe('20260102-0304-case-0001')
    expect(makeCaseId(new Date(2026, 0, 2, 3, 4), 'x'.repeat(80), 'abcd')).toMatch(CASE_ID_RE)
  })
})

describe('CaseStore: create, record, read back', () => {
  it('creates a case folder with a valid case.json and evidence/, status open, locked', async () => {
    const data = tempDataDir()
    const store = storeIn(data)
    const c = await store.create({symptom, lang: 'zh-CN', terminal: {terminalId: '52500038'}})
    expect(c.id).toMatch(CASE_ID_RE)
    expect(c.id).toContain('-void-failed-')
    expect(c.dir).toBe(path.join(data, 'cases', c.id))
    const disk = CaseSchema.parse(JSON.parse(readFileSync(path.join(c.dir, 'case.json'), 'utf8')))
    expect(disk).toMatchObject({schema: 'posdoc.case/1', status: 'open', lang: 'zh-CN', identity: {terminalId: '52500038'}, createdAt: new Date(T0).toISOString()})
    expect(existsSync(path.join(c.dir, 'evidence'))).toBe(true)
    expect(existsSync(path.join(c.dir, '.lock'))).toBe(true)
    await c.close()
    expect(existsSync(path.join(c.dir, '.lock'))).toBe(false)
  })

  it('two cases in the same minute with the same random suffix get different ids', async () => {
    const data = tempDataDir()
    const suffixes = ['aaaa', 'aaaa', 'bbbb']
    const store = new CaseStore({root: path.join(data, 'cases'), clock: new FakeClock(T0), randomSuffix: () => suffixes.shift()!})
    const a = await store.create({symptom, lang: 'en'})
    const b = await store.create({symptom, lang: 'en'})
    expect(a.id.endsWith('-aaaa')).toBe(true)
    expect(b.id.endsWith('-bbbb')).toBe(true)
    await Promise.all([a.close(), b.close()])
    expect(readdirSync(path.join(data, 'cases')).sort()).toEqual([a.id, b.id].sort())
  })

  it('persists everything the flow records, in order, and reads it back identically', async () => {
    const clock = new FakeClock(T0)
    const store = storeIn(tempDataDir(), clock)
    const c = await buildVoidFailedCase(store, {clock})
    const back = await store.read(c.id)
    expect(back.data).toEqual(c.data)
    const d = back.data
    expect(d.status).toBe('needs-acquirer')
    expect(d.identity).toMatchObject({merchantId: '104110053110001', terminalId: '52500038', model: 'Ingenico Move/5000', softwareVersion: 'GER-APP-3.2.1'})
    expect(Object.keys(d.answers)).toEqual(['amount', 'paid-at', 'receipt'])
    expect(d.checks.map((x) => [x.id, x.status])).toEqual([
      ['device.status', 'pass'],
      ['network.quality', 'warn'],
      ['device.host', 'pass'],
      ['tx.original-state', 'fail'],
    ])
    expect(d.transactions.map((t) => [t.ref, t.type, t.state])).toEqual([
      ['tx1', 'sale', 'approved'],
      ['tx2', 'void', 'declined'],
    ])
    expect(d.transactions[0]).toMatchObject({turnoverNumber: '117', receiptNumber: '0042', panMasked: VISA_TEST_CARD.masked})
    expect(d.actions).toEqual([expect.objectContaining({ref: 'a1', kind: 'void', outcome: 'failed', resultCode: 'B5', txRef: 'tx1', endedAt: expect.any(String)})])
    // the timeline tells the story: answers, checks, the transaction, the void started and failed, closed
    expect(d.timeline.map((e) => e.kind)).toEqual(['answer', 'answer', 'answer', 'check', 'check', 'check', 'note', 'check', 'action', 'action', 'note', 'note'])
    expect(d.timeline.map((e) => e.ts)).toEqual([...d.timeline.map((e) => e.ts)].sort())
    expect(d.timeline[8]!.text).toContain('进行中')
    expect(d.timeline[9]!.text).toContain('失败 (B5')
    expect(d.verdict?.outcome).toBe('needs-acquirer')
    expect(d.acquirerRequest?.items).toHaveLength(3)
    expect(d.updatedAt > d.createdAt).toBe(true)
  })

  it('keeps call order without awaiting each call (one write after the other, last state wins)', async () => {
    const store = storeIn(tempDataDir())
    const c = await store.create({symptom, lang: 'en'})
    const writes = Array.from({length: 40}, (_, i) => c.note(`note ${i}`))
    await Promise.all(writes)
    await c.close('resolved')
    const d = (await store.read(c.id)).data
    expect(d.timeline.slice(0, 40).map((e) => e.text)).toEqual(Array.from({length: 40}, (_, i) => `note ${i}`))
    expect(d.status).toBe('resolved')
  })

  it('merges transactions and actions by ref; unknown refs are a bug', async () => {
    const store = storeIn(tempDataDir())
    const c = await store.create({symptom, lang: 'en'})
    const ref = await c.recordTransaction({type: 'sale', amountCents: 1250, state: 'in-doubt'})
    await c.updateTransaction(ref, {state: 'reversed', resultCode: '00', note: undefined})
    expect(c.data.transactions).toEqual([expect.objectContaining({ref: 'tx1', type: 'sale', amountCents: 1250, state: 'reversed', resultCode: '00'})])
    const a = await c.recordAction({kind: 'reprint', summary: 'Reprint receipt 0042'})
    expect(c.data.actions[0]).toMatchObject({outcome: 'pending'})
    expect(c.data.actions[0]!.endedAt).toBeUndefined()
    await c.updateAction(a, {outcome: 'success'})
    expect(c.data.actions[0]).toMatchObject({outcome: 'success', endedAt: expect.any(String)})
    await expect(c.updateAction('a9', {outcome: 'failed'})).rejects.toThrow(/no action a9/)
    await expect(c.updateTransaction('tx9', {})).rejects.toThrow(/no transaction tx9/)
    // invalid values never reach the disk
    await expect(c.recordAction({kind: 'teleport' as never, summary: 'x'})).rejects.toThrow()
    expect(c.data.actions).toHaveLength(1)
    await c.close()
  })

  it('masks card data in everything it writes: symptom words, answers, notes, checks, transactions, identity', async () => {
    const store = storeIn(tempDataDir())
    const c = await store.create({symptom: {...symptom, merchantWords: `卡号 ${PAN} 撤销失败`}, lang: 'zh-CN'})
    await c.recordAnswer('card', PAN)
    await c.note(`customer read out ${PAN}, cvv 123`)
    await c.recordCheck({id: 'x', title: 't', status: 'pass', summary: 's', evidence: {nested: {track: `;${PAN}=2512101000?`}, list: [PAN]}, durationMs: 1})
    await c.recordTransaction({panMasked: PAN, note: `pin block: 0123456789ABCDEF`})
    await c.setIdentity({merchantName: `shop ${PAN}`})
    await c.setFlowState({step: 'x', pan: PAN})
    await c.close()
    const raw = readFileSync(path.join(c.dir, 'case.json'), 'utf8')
    expect(raw).not.toContain(PAN)
    expect(findCardData(raw)).toEqual([])
    expect(raw).toContain(VISA_TEST_CARD.masked)
    expect(JSON.parse(raw).transactions[0].panMasked).toBe(VISA_TEST_CARD.masked)
  })
})

describe('evidence', () => {
  it('copies content and files into evidence/, masked, with size and sha256 of what is on disk', async () => {
    const data = tempDataDir()
    const store = storeIn(data)
    const c = await store.create({symptom, lang: 'en'})
    const src = path.join(data, 'journal-export.csv')
    writeFileSync(src, `pan,amount\n${PAN},12.50\n${VISA_TEST_CARD.masked},3.00\n`)
    const rec = await c.addEvidence('journal export.csv', {file: src}, {kind: 'journal', description: 'pulled journal'})
    expect(rec).toMatchObject({name: 'journal-export.csv', path: 'evidence/journal-export.csv', kind: 'journal', masked: 1})
    const onDisk = readFileSync(path.join(c.dir, 'evidence', 'journal-export.csv'))
    expect(onDisk.toString()).toBe(`pan,amount\n${VISA_TEST_CARD.masked},12.50\n${VISA_TEST_CARD.masked},3.00\n`)
    expect(rec.size).toBe(onDisk.length)
    expect(rec.sha256).toBe(sha256(onDisk))
    // the source is never modified
    expect(readFileSync(src, 'utf8')).toContain(PAN)
    await c.close()
  })

  it('replaces evidence of the same name (a wire log that grew), in place too', async () => {
    const store = storeIn(tempDataDir())
    const c = await store.create({symptom, lang: 'en'})
    const file = c.evidencePath('wire-log.jsonl')
    writeFileSync(file, '{"n":1}\n')
    await c.addEvidence('wire-log.jsonl', {file}, {kind: 'wire-log'})
    writeFileSync(file, `{"n":1}\n{"n":2,"s":"${PAN}"}\n`)
    const rec = await c.addEvidence('wire-log.jsonl', {file}, {kind: 'wire-log'})
    expect(c.data.evidence).toHaveLength(1)
    expect(readFileSync(file, 'utf8')).toBe(`{"n":1}\n{"n":2,"s":"${VISA_TEST_CARD.masked}"}\n`)
    expect(rec.sha256).toBe(sha256(readFileSync(file)))
    await c.close()
  })

  it('keeps names inside evidence/, leaves binary photos byte-exact, and names an unreadable source', async () => {
    const store = storeIn(tempDataDir())
    const c = await store.create({symptom, lang: 'en'})
    const rec = await c.addEvidence('../../../etc/passwd', {content: 'x'}, {kind: 'other'})
    expect(rec.path).toBe('evidence/passwd')
    const photo = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff]), Buffer.from(`\n${PAN}\n`)])
    const p = await c.addEvidence('slip.jpg', {content: photo}, {kind: 'photo'})
    expect(readFileSync(path.join(c.dir, p.path))).toEqual(photo)
    expect(p.masked).toBe(0)
    const err = await posdocError(c.addEvidence('x.csv', {file: '/nonexistent/x.csv'}, {kind: 'journal'}))
    expect(err.code).toBe('CASE_EVIDENCE_UNREADABLE')
    expect(err.exitCode).toBe(2)
    await c.close()
  })
})

describe('one writer per case', () => {
  it('a second writer gets CASE_LOCKED (exit 2) until the first closes', async () => {
    const store = storeIn(tempDataDir())
    const c = await store.create({symptom, lang: 'en'})
    const err = await posdocError(store.open(c.id))
    expect(err.code).toBe('CASE_LOCKED')
    expect(err.exitCode).toBe(2)
    expect(err.message).toContain(c.id)
    // readers are never blocked
    expect((await store.read(c.id)).data.id).toBe(c.id)
    await c.close()
    const again = await store.open(c.id)
    await again.note('resumed')
    await again.close()
    expect((await store.read(c.id)).data.timeline.at(-1)?.text).toBe('resumed')
  })

  it('a lock left by a crashed writer goes stale and the case can be resumed', async () => {
    const store = storeIn(tempDataDir())
    const c = await store.create({symptom, lang: 'en'})
    await c.close()
    const lock = path.join(c.dir, '.lock')
    mkdirSync(lock)
    const old = new Date(Date.now() - 60_000)
    utimesSync(lock, old, old)
    const resumed = await store.open(c.id)
    await resumed.close()
  })

  it('a closed handle refuses writes', async () => {
    const store = storeIn(tempDataDir())
    const c = await store.create({symptom, lang: 'en'})
    await c.close()
    await c.close()
    await expect(c.note('late')).rejects.toThrow(/closed/)
  })
})

describe('finding cases; damaged files', () => {
  it('resolves exact ids, unique prefixes and "latest"; refuses unknown, ambiguous and path-like refs (exit 2)', async () => {
    const clock = new FakeClock(T0)
    const store = storeIn(tempDataDir(), clock)
    const a = await store.create({symptom, lang: 'en'})
    await a.close()
    clock.advance(120_000)
    const b = await store.create({symptom: {id: 'terminal-offline'}, lang: 'en'})
    await b.close()
    expect(await store.resolveId(a.id)).toBe(a.id)
    expect(await store.resolveId('latest')).toBe(b.id)
    expect(await store.resolveId(b.id.slice(0, 22))).toBe(b.id)
    expect((await posdocError(store.resolveId(a.id.slice(0, 9)))).code).toBe('CASE_AMBIGUOUS')
    for (const bad of ['nope', '../../etc/passwd', '', `${a.id}/../x`]) {
      const e = await posdocError(store.resolveId(bad))
      expect(e.code).toBe('CASE_NOT_FOUND')
      expect(e.exitCode).toBe(2)
      expect(e.remedy).toContain('posdoc case list')
    }
    expect((await posdocError(storeIn(tempDataDir()).resolveId('latest'))).code).toBe('CASE_NOT_FOUND')
  })

  it('lists newest first; a damaged case.json is reported apart and left byte-for-byte as it was', async () => {
    const clock = new FakeClock(T0)
    const store = storeIn(tempDataDir(), clock)
    const ids: string[] = []
    for (const s of ['void-failed', 'receipt-unusable', 'terminal-offline']) {
      const c = await store.create({symptom: {id: s}, lang: 'en', terminal: {terminalId: '29001006'}})
      ids.push(c.id)
      await c.close()
      clock.advance(60_000)
    }
    const damaged = path.join(store.dir(ids[1]!), 'case.json')
    const broken = Buffer.from('{"schema": "posdoc.case/1", "id": ')
    writeFileSync(damaged, broken)
    const list = await store.list()
    expect(list.cases.map((c) => c.id)).toEqual([ids[2], ids[0]])
    expect(list.cases[0]).toMatchObject({status: 'open', terminalId: '29001006', counts: {checks: 0, transactions: 0, actions: 0, evidence: 0}})
    expect(list.unreadable).toEqual([{id: ids[1], code: 'CASE_CORRUPT', message: expect.stringContaining('case.json')}])
    const err = await posdocError(store.open(ids[1]!))
    expect(err.code).toBe('CASE_CORRUPT')
    expect(err.exitCode).toBe(2)
    expect(err.message.split('\n')).toHaveLength(1)
    expect(readFileSync(damaged)).toEqual(broken)
    expect(existsSync(path.join(store.dir(ids[1]!), '.lock'))).toBe(false)
  })

  it('never echoes card data from a damaged file in its error', async () => {
    const store = storeIn(tempDataDir())
    const c = await store.create({symptom, lang: 'en'})
    await c.close()
    writeFileSync(path.join(c.dir, 'case.json'), `pan ${PAN}`)
    const e = await posdocError(store.read(c.id))
    expect(e.code).toBe('CASE_CORRUPT')
    expect(e.message).toContain(VISA_TEST_CARD.masked)
    expect(e.message).not.toContain(PAN)
  })

  it('refuses valid JSON that is not a case, and a case from a newer posdoc', async () => {
    const store = storeIn(tempDataDir())
    const c = await store.create({symptom, lang: 'en'})
    await c.close()
    const file = path.join(c.dir, 'case.json')
    const good = JSON.parse(readFileSync(file, 'utf8'))
    writeFileSync(file, JSON.stringify({...good, status: 'exploded'}))
    const e1 = await posdocError(store.read(c.id))
    expect(e1.code).toBe('CASE_CORRUPT')
    expect(e1.message).toContain('status')
    writeFileSync(file, JSON.stringify({...good, schema: 'posdoc.case/2'}))
    const e2 = await posdocError(store.read(c.id))
    expect(e2.code).toBe('CASE_NEWER_SCHEMA')
    writeFileSync(file, JSON.stringify({...good, futureField: {kept: true}}))
    const open = await store.open(c.id)
    await open.note('x')
    await open.close()
    expect(JSON.parse(readFileSync(file, 'utf8')).futureField).toEqual({kept: true})
  })
})
