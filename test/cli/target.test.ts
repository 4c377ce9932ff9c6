import {describe, expect, it} from 'vitest'

import {parseBaud, targetFromFlags} from '../../src/device/target.js'
import {setLang} from '../../src/i18n/index.js'
import {PosdocError} from '../../src/output/errors.js'

const base = {baud: '9600', password: '000000', demo: false}
const known = ['healthy', 'paper-out']

function usageCode(fn: () => unknown): string {
  try {
    fn()
  } catch (e) {
    expect(e).toBeInstanceOf(PosdocError)
    expect((e as PosdocError).exitCode).toBe(2)
    return (e as PosdocError).code
  }
  throw new Error('expected a usage error')
}

describe('terminal flags -> target', () => {
  setLang('en')

  it('parses tcp with and without a port, and IPv6', () => {
    expect(targetFromFlags({...base, tcp: '127.0.0.1'}, {knownScenarios: known})).toMatchObject({kind: 'tcp', host: '127.0.0.1', port: 20007})
    expect(targetFromFlags({...base, tcp: '127.0.0.1:4000'}, {knownScenarios: known})).toMatchObject({port: 4000, label: '127.0.0.1:4000'})
    expect(targetFromFlags({...base, tcp: '[::1]:4000'}, {knownScenarios: known})).toMatchObject({host: '::1', port: 4000, label: '[::1]:4000'})
  })

  it('parses serial with baud and auto', () => {
    expect(targetFromFlags({...base, serial: '/dev/ttyUSB0'}, {knownScenarios: known})).toMatchObject({kind: 'serial', baud: 9600})
    expect(targetFromFlags({...base, serial: '/dev/ttyUSB0', baud: 'auto'}, {knownScenarios: known})).toMatchObject({baud: 'auto'})
  })

  it('demo defaults to the healthy scenario', () => {
    expect(targetFromFlags({...base, demo: true}, {knownScenarios: known})).toMatchObject({kind: 'demo', scenario: 'healthy'})
  })

  it.each([
    ['no terminal', {...base}, 'USAGE_NO_TERMINAL'],
    ['two terminals', {...base, tcp: '127.0.0.1', demo: true}, 'USAGE_TOO_MANY_TERMINALS'],
    ['short password', {...base, tcp: '127.0.0.1', password: '123'}, 'USAGE_BAD_PASSWORD'],
    ['letters in password', {...base, tcp: '127.0.0.1', password: '12345a'}, 'USAGE_BAD_PASSWORD'],
    ['port out of range', {...base, tcp: '127.0.0.1:70000'}, 'LINK_BAD_ADDRESS'],
    ['port zero', {...base, tcp: '127.0.0.1:0'}, 'LINK_BAD_ADDRESS'],
    ['garbage address', {...base, tcp: 'a b:c'}, 'LINK_BAD_ADDRESS'],
    ['bad baud', {...base, serial: '/dev/ttyS0', baud: '1234'}, 'USAGE_BAD_BAUD'],
    ['unknown scenario', {...base, demo: true, scenario: 'nope'}, 'USAGE_BAD_SCENARIO'],
    ['scenario without demo', {...base, tcp: '127.0.0.1', scenario: 'paper-out'}, 'USAGE_SCENARIO_NEEDS_DEMO'],
  ])('%s is a usage error', (_name, flags, code) => {
    expect(usageCode(() => targetFromFlags(flags, {knownScenarios: known}))).toBe(code)
  })

  it('baud list is the documented one', () => {
    for (const b of ['9600', '19200', '38400', '57600', '115200']) expect(parseBaud(b)).toBe(Number(b))
    expect(usageCode(() => parseBaud('9601'))).toBe('USAGE_BAD_BAUD')
  })
})
