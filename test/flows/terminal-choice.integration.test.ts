/**
 * The terminal named in the --answers file, end to end: `posdoc sim` on one end of a socat pty
 * pair, the real CLI on the other end by path ("terminal": "serial:<pty>"), up to the verdict.
 * A pty never shows in SerialPort.list(): the listing itself is covered by terminal-choice.test.ts.
 */
import {existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import os from 'node:os'
import path from 'node:path'

import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {runCli} from '../helpers/cli.js'
import {startSimProcess, type SimProcess} from '../helpers/sim-process.js'
import {createPtyPair, hasSocat, type PtyPair} from '../helpers/socat.js'

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'posdoc-terminal-choice-'))
const env = {POSDOC_DATA_DIR: dataDir}
afterAll(() => rmSync(dataDir, {recursive: true, force: true}))
const cases = () => (existsSync(path.join(dataDir, 'cases')) ? readdirSync(path.join(dataDir, 'cases')).length : 0)

function answersFile(answers: Record<string, unknown>): string {
  const f = path.join(mkdtempSync(path.join(os.tmpdir(), 'answers-')), 'answers.json')
  writeFileSync(f, JSON.stringify(answers))
  return f
}

interface Result {
  caseId: string
  verdict: {status: string; summary: string}
  findings: Array<{id: string; status: string; summary: string}>
}

describe.skipIf(!hasSocat())('posdoc diagnose: "terminal": "serial:<path>" in --answers (socat pty + posdoc sim)', () => {
  let pty: PtyPair
  let sim: SimProcess
  beforeAll(async () => {
    pty = await createPtyPair()
    sim = await startSimProcess(['--serial', pty.a, '--baud', '9600'])
  })
  afterAll(async () => {
    await sim?.stop()
    await pty?.close()
  })

  it.each([
    ['serial:<path>', (p: string) => ({terminal: `serial:${p}`}), 'en'],
    ['serial + a typed port', (p: string) => ({terminal: 'serial', serial: p}), 'zh-CN'],
  ])('%s reaches the simulator and a verdict (%s)', async (_, answers, lang) => {
    const res = await runCli(['diagnose', '--symptom', 'terminal-offline', '--answers', answersFile(answers(pty.b)), '--json', '--lang', lang], {env, timeoutMs: 30_000})
    expect(res.stderr).toBe('')
    const r = JSON.parse(res.stdout) as Result
    expect(r.verdict.status).toBe('resolved')
    expect(res.code).toBe(0)
    expect(r.findings.find((f) => f.id === 'device.link')).toMatchObject({status: 'pass', summary: `serial ${pty.b} 9600 8N2`})
    expect(r.findings.find((f) => f.id === 'device.status')).toMatchObject({status: 'pass'})
    const kase = JSON.parse(readFileSync(path.join(dataDir, 'cases', r.caseId, 'case.json'), 'utf8')) as {identity: {link: string; terminalId?: string}; lang: string}
    expect(kase.identity).toMatchObject({link: pty.b, terminalId: sim.ready.terminalId})
    expect(kase.lang).toBe(lang)
  })
})

describe('posdoc diagnose: a bad "terminal" answer is exit 2, before any case exists', () => {
  it.each([
    [{terminal: 'serial:'}, 'USAGE_BAD_ANSWER', /answer "serial:" for terminal is not valid/],
    [{terminal: 'usb'}, 'USAGE_BAD_ANSWER', /answer "usb" for terminal is not valid/],
    [{terminal: 'tcp'}, 'USAGE_MISSING_ANSWERS', /missing answers: tcp/],
  ])('%j -> %s', async (answers, code, message) => {
    const before = cases()
    const res = await runCli(['diagnose', '--symptom', 'terminal-offline', '--answers', answersFile(answers)], {env})
    expect(res.code).toBe(2)
    expect(res.stderr).toMatch(new RegExp(`\\[${code}\\]`))
    expect(res.stderr).toMatch(message)
    expect(res.stderr).toMatch(/"serial:\/dev\/ttyUSB0"/) // the remedy names the form
    expect(cases()).toBe(before)
  })

  it('no terminal flag and no "terminal" answer: USAGE_NO_TERMINAL names the answer form', async () => {
    const res = await runCli(['diagnose', '--symptom', 'other', '--answers', answersFile({description: 'x'}), '--json'], {env})
    expect(res.code).toBe(2)
    const err = (JSON.parse(res.stdout) as {error: {code: string; message: string}}).error
    expect(err.code).toBe('USAGE_NO_TERMINAL')
    expect(err.message).toContain('"terminal" answer (e.g. "serial:/dev/ttyUSB0")')
  })

  it('a named port that does not exist is an unreachable terminal (exit 3), recorded in a case', async () => {
    const res = await runCli(['diagnose', '--symptom', 'terminal-offline', '--answers', answersFile({terminal: 'serial:/dev/posdoc-no-such-port'}), '--json'], {env, timeoutMs: 30_000})
    expect(res.code).toBe(3)
    const r = JSON.parse(res.stdout) as Result
    expect(r.findings[0]).toMatchObject({id: 'flow.link', status: 'fail'})
    expect(r.findings[0]!.summary).toContain('/dev/posdoc-no-such-port')
  })
})
