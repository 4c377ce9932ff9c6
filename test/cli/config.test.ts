import {mkdtempSync, writeFileSync} from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {describe, expect, it} from 'vitest'

import {loadConfig} from '../../src/config/config.js'
import {terminalKey} from '../../src/config/paths.js'
import {resolveTerminal} from '../../src/device/target.js'
import {PosdocError} from '../../src/output/errors.js'

const dir = mkdtempSync(path.join(os.tmpdir(), 'posdoc-config-'))
const write = (name: string, body: string) => {
  const f = path.join(dir, name)
  writeFileSync(f, body)
  return f
}

const good = write(
  'good.json',
  JSON.stringify({
    terminals: [
      {name: 'till-1', tcp: '127.0.0.1:20100', password: '123456', terminalId: '29001006', merchantId: 'M-1', acquirer: {hosts: ['localhost:8443']}},
      {name: 'till-2', serial: '/dev/ttyUSB0', baud: 'auto'},
    ],
  }),
)

const usage = (fn: () => unknown) => {
  try {
    fn()
  } catch (e) {
    expect(e).toBeInstanceOf(PosdocError)
    expect((e as PosdocError).exitCode).toBe(2)
    return (e as PosdocError).code
  }
  throw new Error('expected an error')
}

describe('config file and --terminal profiles', () => {
  it('a missing file is an empty config', () => {
    expect(loadConfig(path.join(dir, 'absent.json'))).toMatchObject({terminals: [], csvProfiles: []})
  })

  it('a profile supplies link and password; explicit flags win', () => {
    const config = () => loadConfig(good)
    const r = resolveTerminal({demo: false, terminal: 'till-1'}, {knownScenarios: [], config})
    expect(r.target).toMatchObject({kind: 'tcp', host: '127.0.0.1', port: 20100})
    expect(r.password).toBe('123456')
    expect(r.profile?.merchantId).toBe('M-1')
    const o = resolveTerminal({demo: false, terminal: 'till-1', tcp: '127.0.0.1:20200', password: '654321'}, {knownScenarios: [], config})
    expect(o.target).toMatchObject({port: 20200})
    expect(o.password).toBe('654321')
    expect(resolveTerminal({demo: false, terminal: 'till-2'}, {knownScenarios: [], config}).target).toMatchObject({kind: 'serial', baud: 'auto'})
  })

  it('unknown profile, broken JSON and invalid entries are usage errors naming the file', () => {
    expect(usage(() => resolveTerminal({demo: false, terminal: 'nope'}, {knownScenarios: [], config: () => loadConfig(good)}))).toBe('CONFIG_UNKNOWN_TERMINAL')
    expect(usage(() => loadConfig(write('broken.json', '{"terminals": [')))).toBe('CONFIG_UNREADABLE')
    expect(usage(() => loadConfig(write('bad.json', '{"terminals": [{"name": "x", "password": "12"}]}')))).toBe('CONFIG_INVALID')
    expect(usage(() => loadConfig(write('extra.json', '{"terminalz": []}')))).toBe('CONFIG_INVALID')
  })

  it('terminal keys are filesystem-safe and distinct per address', () => {
    expect(terminalKey({kind: 'tcp', label: '[::1]:20007'})).toMatch(/^tcp-1-20007-[0-9a-f]{8}$/)
    expect(terminalKey({kind: 'serial', label: '/dev/ttyUSB0'})).toMatch(/^serial-dev-ttyUSB0-[0-9a-f]{8}$/)
    expect(terminalKey({kind: 'serial', label: '/dev/ttyUSB0'})).toBe(terminalKey({kind: 'serial', label: '/dev/ttyUSB0'}))
    expect(terminalKey({kind: 'tcp', label: '[::1]:20007'})).not.toBe(terminalKey({kind: 'tcp', label: '1:20007'}))
    expect(terminalKey({kind: 'tcp', label: '10.0.0.1:20007'})).not.toBe(terminalKey({kind: 'tcp', label: '10.0.0.2:20007'}))
  })
})
