/**
 * The built CLI (dist/) as users run it: `qr … --demo` output and exit codes, `qr resolve` under
 * SIGKILL at each journal step (no duplicate revoke, no lost outcome), and profiles against
 * `posdoc sim --qr` in its own process (real HTTPS on loopback), secrets in the encrypted file.
 */
import {spawn} from 'node:child_process'
import {mkdtempSync, readFileSync, statSync, existsSync} from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {fileURLToPath} from 'node:url'
import {afterAll, describe, expect, it, vi} from 'vitest'

import {STOP_MARKER} from '../../src/actions/crash-points.js'
import type {SimStateFile} from '../../src/sim/qr/state-file.js'
import type {QrSimReady} from '../../src/sim/qr/sim-command.js'
import {SIM_ALIPAY_APP_KEY} from '../../src/sim/qr/demo-keys.js'
import {runCli} from '../helpers/cli.js'
import {startSimProcess, type SimProcess} from '../helpers/sim-process.js'

// every case runs the CLI several times; on a loaded 2-core PC one run takes seconds
vi.setConfig({testTimeout: 90_000})

const bin = fileURLToPath(new URL('../../bin/run.js', import.meta.url))
const tmp = () => mkdtempSync(path.join(os.tmpdir(), 'posdoc-qr-test-'))
const json = (s: string) => JSON.parse(s) as Record<string, unknown> & {order: {state: string; platformStatus?: string; errors: Array<{code: string}>}}

describe('qr … --demo', () => {
  it('query: one JSON document on stdout, nothing on stderr off a TTY, exit 0 for paid', async () => {
    for (const platform of ['wechat', 'alipay']) {
      const r = await runCli(['qr', 'query', '--demo', '--platform', platform, '--order', 'QRDEMO0001', '--amount', '12.30', '--json'])
      expect(r.code).toBe(0)
      expect(r.stderr).toBe('')
      expect(json(r.stdout).order).toMatchObject({state: 'paid', amountCents: 1230, verified: true})
    }
  })

  it.each([
    ['user-abandons', 1, 'pending', undefined],
    ['maintenance', 3, 'could-not-ask', 'QR_PLATFORM_BUSY'],
    ['limit-exceeded', 3, 'could-not-ask', 'QR_RATE_LIMITED'],
    ['clock-skew', 1, 'could-not-ask', 'QR_CLOCK_SKEW'],
    ['wrong-sub-merchant', 1, 'not-found', 'QR_ORDER_NOT_FOUND'],
    ['sign-probe', 1, 'uncertain', 'QR_RESPONSE_UNVERIFIED'],
  ])('query, scenario %s: exit %i, state %s', async (scenario, code, state, error) => {
    const r = await runCli(['qr', 'query', '--demo', '--scenario', scenario, '--order', 'QRDEMO0001', '--json'])
    expect(r.code).toBe(code)
    const out = json(r.stdout)
    expect(out.order.state).toBe(state)
    if (error) expect(out.order.errors[0]?.code).toBe(error)
  })

  it('not found: the identity decides the advice (R9 only when proven with a known order)', async () => {
    const unknown = await runCli(['qr', 'query', '--demo', '--order', 'NOSUCHORDER', '--json'])
    expect(JSON.parse(unknown.stdout)).toMatchObject({order: {state: 'not-found'}, identity: {signatureAccepted: true, proven: false}, advice: {rule: 'R10'}})
    const proven = await runCli(['qr', 'query', '--demo', '--order', 'NOSUCHORDER', '--known-order', 'QRDEMO0003', '--json'])
    expect(JSON.parse(proven.stdout)).toMatchObject({identity: {knownOrderFound: true, proven: true}, advice: {rule: 'R9'}})
    const wrongSub = await runCli(['qr', 'query', '--demo', '--scenario', 'wrong-sub-merchant', '--order', 'QRDEMO0001', '--known-order', 'QRDEMO0003', '--json'])
    expect(JSON.parse(wrongSub.stdout)).toMatchObject({identity: {knownOrderFound: false, proven: false}, advice: {rule: 'R10'}})
  })

  it('--watch waits out the customer (user-paying) in simulated time: pending answers, then paid ~20 s later', async () => {
    const r = await runCli(['qr', 'query', '--demo', '--scenario', 'user-paying', '--order', 'QRDEMO0001', '--watch', '--json'])
    expect(r.code).toBe(0)
    const seen = (JSON.parse(r.stdout) as {seen: Array<{at: string; state: string}>}).seen
    expect(seen[0]!.state).toBe('pending')
    expect(seen.at(-1)!.state).toBe('paid')
    expect(Date.parse(seen.at(-1)!.at) - Date.parse(seen[0]!.at)).toBeGreaterThanOrEqual(10_000)
  })

  it('the merchant text is complete in zh-CN', async () => {
    const r = await runCli(['qr', 'query', '--demo', '--order', 'QRDEMO0001', '--lang', 'zh-CN'])
    expect(r.code).toBe(0)
    expect(r.stdout).toContain('已支付')
    expect(r.stdout).toContain('告诉顾客')
    expect(r.stdout).not.toMatch(/\bDo:|Tell the customer|order|paid at/)
  })

  it('bad input: one-line error with a stable code and a remedy, exit 2', async () => {
    const cases: Array<[string[], string]> = [
      [['qr', 'query', '--demo', '--order', 'x y'], 'USAGE_QR_BAD_ORDER_NO'],
      [['qr', 'query', '--demo'], 'USAGE_QR_NO_ORDER'],
      [['qr', 'query', '--order', 'QRDEMO0001'], 'USAGE_QR_NO_PROFILE'],
      [['qr', 'query', '--demo', '--scenario', 'nope', '--order', 'QRDEMO0001'], 'USAGE_BAD_SCENARIO'],
      [['qr', 'query', '--demo', '--order', 'QRDEMO0001', '--amount', '12.345'], 'USAGE_QR_BAD_AMOUNT'],
      [['qr', 'resolve', '--demo', '--order', 'QRDEMO0001'], 'USAGE_NEEDS_YES'],
      [['qr', 'query', '--profile', 'nobody', '--order', 'QRDEMO0001'], 'QR_PROFILE_UNKNOWN'],
    ]
    const env = {POSDOC_CONFIG: path.join(tmp(), 'config.json')}
    for (const [args, code] of cases) {
      const r = await runCli(args, {env})
      expect(r.code, args.join(' ')).toBe(2)
      expect(r.stdout).toBe('')
      const lines = r.stderr.trim().split('\n')
      expect(lines[0]).toContain(`[${code}]`)
      expect(lines).toHaveLength(2)
    }
  })

  it('revoke of a paid order sends nothing without --refund-if-paid; with it, the customer is refunded', async () => {
    const dir = tmp()
    const args = ['qr', 'revoke', '--demo', '--platform', 'alipay', '--order', 'QRDEMO0001', '--yes', '--json', '--demo-state', dir]
    const refused = await runCli(args)
    expect(refused.code).toBe(1)
    expect(JSON.parse(refused.stdout)).toMatchObject({skipped: 'paid-needs-refund-confirmation'})
    const done = await runCli([...args, '--refund-if-paid'])
    expect(done.code).toBe(0)
    expect(JSON.parse(done.stdout)).toMatchObject({result: {outcome: 'done', refunded: true}, after: {state: 'refunded'}})
    const again = await runCli([...args, '--refund-if-paid'])
    expect(JSON.parse(again.stdout)).toMatchObject({skipped: 'already-final'})
    const state = JSON.parse(readFileSync(path.join(dir, 'qr-platform.json'), 'utf8')) as SimStateFile
    expect(state.actions.filter((a) => a.action === 'revoke')).toHaveLength(1)
  })
})

/** Run posdoc with a test stop point and SIGKILL it there (it froze itself with SIGSTOP). */
function killAt(point: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], {env: {...process.env, LANG: 'C.UTF-8', POSDOC_LANG: '', NO_COLOR: '1', POSDOC_TEST: '1', POSDOC_TEST_CRASH_AT: point}, stdio: ['ignore', 'pipe', 'pipe']})
    let stderr = ''
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`no stop at ${point}: ${stderr}`))
    }, 20_000)
    child.stderr.on('data', (d) => {
      stderr += d
      if (stderr.includes(`${STOP_MARKER} ${point}`)) child.kill('SIGKILL')
    })
    child.on('exit', () => {
      clearTimeout(timer)
      if (stderr.includes(STOP_MARKER)) resolve(stderr)
      else reject(new Error(`posdoc ended without reaching ${point}: ${stderr}`))
    })
  })
}

describe('qr resolve under SIGKILL at every journal step', () => {
  it.each([
    ['user-abandons', 'after-intent'],
    ['user-abandons', 'after-send'],
    ['drop-response', 'after-intent'],
    ['drop-response', 'after-send'],
  ])('%s, killed %s: the next run finishes the job, one revoke in all, the outcome on record', async (scenario, point) => {
    const dir = tmp()
    const args = ['qr', 'resolve', '--demo', '--platform', 'alipay', '--scenario', scenario, '--order', 'QRDEMO0001', '--yes', '--demo-state', dir]
    await killAt(point, args)
    const journalAfterKill = readFileSync(path.join(dir, 'journal.jsonl'), 'utf8')
    expect(journalAfterKill).toContain('"kind":"qr-intent"')
    expect(journalAfterKill).not.toContain('"kind":"qr-outcome"')
    const r = await runCli([...args, '--json'])
    const out = JSON.parse(r.stdout) as {state: string; final: boolean; revokeBlockedBy?: string; revoke?: unknown}
    expect(out).toMatchObject({state: 'not-paid', final: true})
    expect(out.revokeBlockedBy).toBeDefined()
    expect(out.revoke).toBeUndefined()
    const state = JSON.parse(readFileSync(path.join(dir, 'qr-platform.json'), 'utf8')) as SimStateFile
    // after-intent: the cancel never left, so the platform closed nothing until its own 3 min; after-send: exactly one
    expect(state.actions.filter((a) => a.action === 'revoke')).toHaveLength(point === 'after-intent' ? 0 : 1)
    const journal = readFileSync(path.join(dir, 'journal.jsonl'), 'utf8')
    expect(journal).toContain('"outcome":"settled-by-query"')
    expect(journal.match(/"kind":"qr-intent"/g)).toHaveLength(1)
  })
})

describe('profiles against posdoc sim --qr (own process)', () => {
  const sims: SimProcess[] = []
  afterAll(async () => {
    for (const s of sims) await s.stop()
  })

  async function simFor(platform: 'wechat' | 'alipay', scenario = 'healthy'): Promise<QrSimReady['qr']> {
    const dir = tmp()
    const s = await startSimProcess(['--qr', platform, '--tcp', '0', '--scenario', scenario, '--state', dir], 60_000)
    sims.push(s)
    return (s.ready as unknown as QrSimReady).qr
  }

  it('add (key stays in its file), list shows no secret, test proves the identity, query, remove', async () => {
    const qr = await simFor('wechat')
    const env = {POSDOC_CONFIG: path.join(tmp(), 'config.json')}
    const add = await runCli([...qr.profileAdd, '--json'], {env})
    expect(add.code, add.stderr).toBe(0)
    const list = await runCli(['qr', 'profile', 'list', '--json'], {env})
    expect(list.stdout).not.toContain('PRIVATE KEY')
    expect(JSON.parse(list.stdout)).toMatchObject({profiles: [{name: 'sim-wechat', privateKey: {source: 'file'}, ids: {subMchid: '1900000109'}}]})
    const test = await runCli(['qr', 'profile', 'test', 'sim-wechat', '--known-order', 'QRDEMO0003', '--json'], {env})
    expect(test.code, test.stdout).toBe(0)
    expect(JSON.parse(test.stdout)).toMatchObject({identity: {signatureAccepted: true, knownOrderFound: true, proven: true}})
    const q = await runCli(['qr', 'query', '--profile', 'sim-wechat', '--order', 'QRDEMO0001'], {env})
    expect(q.code).toBe(0)
    expect(q.stdout).toContain('PAID')
    const dup = await runCli(qr.profileAdd, {env})
    expect(dup.code).toBe(2)
    expect(dup.stderr).toContain('QR_PROFILE_EXISTS')
    expect((await runCli(['qr', 'profile', 'remove', 'sim-wechat'], {env})).code).toBe(0)
    expect(JSON.parse((await runCli(['qr', 'profile', 'list', '--json'], {env})).stdout).profiles).toEqual([])
  })

  it('wrong sub-merchant: profile test does not prove the identity (exit 1)', async () => {
    const qr = await simFor('wechat', 'wrong-sub-merchant')
    const env = {POSDOC_CONFIG: path.join(tmp(), 'config.json')}
    expect((await runCli(qr.profileAdd, {env})).code).toBe(0)
    const test = await runCli(['qr', 'profile', 'test', 'sim-wechat', '--known-order', 'QRDEMO0003', '--json'], {env})
    expect(test.code).toBe(1)
    expect(JSON.parse(test.stdout)).toMatchObject({identity: {signatureAccepted: true, knownOrderFound: false, proven: false}})
  })

  it('secrets in the encrypted file (no keychain here): mode 0600, no key text in it; a wrong or missing passphrase is exit 2', async () => {
    const qr = await simFor('alipay')
    const cfgDir = tmp()
    const env = {POSDOC_CONFIG: path.join(cfgDir, 'config.json'), POSDOC_QR_SECRETS: 'file', POSDOC_QR_PASSPHRASE: 'correct horse battery staple', APP_TOKEN: 'tok-201812BB0123456789abcdef'}
    const add = await runCli([...qr.profileAdd, '--keep-key-in-store', '--json'], {env})
    expect(add.code, add.stderr).toBe(0)
    const file = path.join(cfgDir, 'qr-secrets.enc')
    expect(statSync(file).mode & 0o777).toBe(0o600)
    const sealed = readFileSync(file, 'utf8')
    const keyBody = SIM_ALIPAY_APP_KEY.split('\n')[1]!
    expect(sealed).not.toContain(keyBody)
    expect(sealed).not.toContain('PRIVATE KEY')
    const q = await runCli(['qr', 'query', '--profile', 'sim-alipay', '--order', 'QRDEMO0001', '--json'], {env})
    expect(q.code, q.stderr).toBe(0)
    for (const out of [add.stdout, q.stdout, q.stderr]) expect(out).not.toContain(keyBody)
    const wrong = await runCli(['qr', 'query', '--profile', 'sim-alipay', '--order', 'QRDEMO0001'], {env: {...env, POSDOC_QR_PASSPHRASE: 'wrong'}})
    expect(wrong.code).toBe(2)
    expect(wrong.stderr).toContain('QR_SECRETS_WRONG_PASSPHRASE')
    const missing = await runCli(['qr', 'query', '--profile', 'sim-alipay', '--order', 'QRDEMO0001'], {env: {...env, POSDOC_QR_PASSPHRASE: ''}})
    expect(missing.code).toBe(2)
    expect(missing.stderr).toContain('QR_SECRETS_PASSPHRASE_NEEDED')
    // removing the profile removes its secrets too
    expect((await runCli(['qr', 'profile', 'remove', 'sim-alipay'], {env})).code).toBe(0)
    expect(existsSync(file)).toBe(true)
  })

  it('a changed private key file is refused; an unreachable platform is exit 3', async () => {
    const qr = await simFor('alipay')
    const env = {POSDOC_CONFIG: path.join(tmp(), 'config.json')}
    expect((await runCli(qr.profileAdd, {env})).code).toBe(0)
    const keyFile = qr.profileAdd[qr.profileAdd.indexOf('--private-key-file') + 1]!
    const {writeFileSync} = await import('node:fs')
    const original = readFileSync(keyFile, 'utf8')
    writeFileSync(keyFile, readFileSync(path.join(qr.dir, 'ca.pem'), 'utf8'))
    const bad = await runCli(['qr', 'query', '--profile', 'sim-alipay', '--order', 'QRDEMO0001'], {env})
    expect(bad.code).toBe(2)
    expect(bad.stderr).toMatch(/QR_PRIVATE_KEY_(INVALID|CHANGED)/)
    writeFileSync(keyFile, original)
    await sims.pop()!.stop()
    const down = await runCli(['qr', 'query', '--profile', 'sim-alipay', '--order', 'QRDEMO0001', '--json'], {env})
    expect(down.code).toBe(3)
    expect(json(down.stdout).order.errors[0]?.code).toBe('QR_UNREACHABLE')
  })
})
