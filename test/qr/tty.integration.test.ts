/**
 * On a real terminal (tmux gives posdoc a TTY): `qr resolve` asks before it revokes ("n" sends
 * nothing, exit 4; "y" cancels), `qr query --watch` shows each answer on stderr as it comes.
 */
import {mkdtempSync, readFileSync} from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {fileURLToPath} from 'node:url'
import {afterEach, describe, expect, it} from 'vitest'

import type {SimStateFile} from '../../src/sim/qr/state-file.js'
import {hasTmux, TmuxSession} from '../helpers/tmux.js'

const bin = fileURLToPath(new URL('../../bin/run.js', import.meta.url))
const repo = fileURLToPath(new URL('../..', import.meta.url))
const sessions: TmuxSession[] = []
afterEach(() => {
  for (const s of sessions.splice(0)) s.kill()
})

function session(args: string[], env: Record<string, string> = {}): TmuxSession {
  const s = new TmuxSession(`node ${bin} ${args.join(' ')}`, {cwd: repo, env: {POSDOC_LANG: 'en', NO_COLOR: '1', ...(process.env.POSDOC_DATA_DIR ? {POSDOC_DATA_DIR: process.env.POSDOC_DATA_DIR} : {}), ...env}})
  sessions.push(s)
  return s
}

describe.skipIf(!hasTmux())('qr on a TTY', () => {
  it.each([
    ['n', 4, 0],
    ['y', 1, 1],
  ] as const)('resolve asks before the revoke: answer %s, exit %i, %i cancel(s) at the platform', async (answer, exit, cancels) => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'posdoc-qr-tty-'))
    const s = session(['qr', 'resolve', '--demo', '--platform', 'alipay', '--scenario', 'user-abandons', '--order', 'QRDEMO0001', '--demo-state', dir])
    await s.waitFor(/Revoke it now\?/, 60_000)
    s.keys(answer, {literal: true})
    s.keys('Enter')
    const {code, screen} = await s.exit(60_000)
    expect(code).toBe(exit)
    expect(screen).toContain(answer === 'n' ? 'Revoke not confirmed: nothing was sent' : 'Revoke sent: done')
    const state = JSON.parse(readFileSync(path.join(dir, 'qr-platform.json'), 'utf8')) as SimStateFile
    expect(state.actions).toHaveLength(cancels)
  }, 120_000)

  it('query --watch shows every answer on stderr, then the result', async () => {
    const s = session(['qr', 'query', '--demo', '--scenario', 'user-paying', '--order', 'QRDEMO0001', '--watch'])
    const {code, screen} = await s.exit(60_000)
    expect(code).toBe(0)
    expect(screen).toMatch(/NOT FINAL[^\n]*\[USERPAYING\]/)
    expect(screen).toMatch(/PAID \[SUCCESS\]/)
  }, 120_000)
})
