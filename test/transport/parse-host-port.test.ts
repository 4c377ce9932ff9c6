import {describe, expect, it} from 'vitest'

import {LinkError} from '../../src/transport/errors.js'
import {formatHostPort, parseHostPort} from '../../src/transport/tcp.js'

describe('parseHostPort', () => {
  it.each([
    ['192.168.1.50', {host: '192.168.1.50', port: 20007}],
    ['192.168.1.50:20008', {host: '192.168.1.50', port: 20008}],
    ['  10.0.0.7:1  ', {host: '10.0.0.7', port: 1}],
    ['pt-kasse-1', {host: 'pt-kasse-1', port: 20007}],
    ['pt.shop.example:65535', {host: 'pt.shop.example', port: 65535}],
    ['localhost:20007', {host: 'localhost', port: 20007}],
    ['[::1]:20007', {host: '::1', port: 20007}],
    ['[::1]', {host: '::1', port: 20007}],
    ['::1', {host: '::1', port: 20007}],
    ['fe80::1c2:3ff:fe45:6789', {host: 'fe80::1c2:3ff:fe45:6789', port: 20007}],
    ['[2001:db8::20]:4100', {host: '2001:db8::20', port: 4100}],
  ])('accepts %j', (text, expected) => {
    expect(parseHostPort(text)).toEqual(expected)
  })

  it('uses the given default port', () => {
    expect(parseHostPort('10.0.0.7', 20008)).toEqual({host: '10.0.0.7', port: 20008})
  })

  it.each([
    [''],
    ['   '],
    [':20007'],
    ['10.0.0.7:'],
    ['10.0.0.7:0'],
    ['10.0.0.7:65536'],
    ['10.0.0.7:99999999'],
    ['10.0.0.7:-1'],
    ['10.0.0.7:20 07'],
    ['10.0.0.7:abc'],
    ['10.0.0.7:0x10'],
    ['999.1.1.1'],
    ['10.0.0'],
    ['tcp://10.0.0.7:20007'],
    ['host name'],
    ['pt_kasse'],
    ['-pt'],
    ['[::1'],
    ['[::1]20007'],
    ['[10.0.0.7]:20007'],
    ['[::1]:'],
    ['::1:20007:x'],
    ['2001:db8::20:20007:'],
    ['a'.repeat(64) + '.example'],
  ])('rejects %j with LINK_BAD_ADDRESS and a one-line message', (text) => {
    let err: unknown
    try {
      parseHostPort(text)
    } catch (e) {
      err = e
    }
    expect(err).toBeInstanceOf(LinkError)
    expect((err as LinkError).code).toBe('LINK_BAD_ADDRESS')
    expect((err as LinkError).target).toBe(text)
    expect((err as LinkError).message).not.toMatch(/\n/)
  })

  it('round-trips through formatHostPort', () => {
    for (const text of ['10.0.0.7:20007', '[::1]:20007', 'pt.example:4100']) {
      const {host, port} = parseHostPort(text)
      expect(formatHostPort(host, port)).toBe(text)
    }
  })
})
