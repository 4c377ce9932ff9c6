import {describe, expect, it} from 'vitest'

import {detectLang, setLang} from '../../src/i18n/index.js'
import {toPosdocError} from '../../src/output/error-map.js'
import {ExitCode} from '../../src/output/exit-codes.js'
import {ZvtProtocolError} from '../../src/protocol/zvt/errors.js'
import {LinkError} from '../../src/transport/errors.js'

describe('error mapping', () => {
  it('link failures are exit 3 with a remedy, in both languages', () => {
    setLang('en')
    const en = toPosdocError(new LinkError('LINK_PORT_BUSY', '/dev/ttyUSB0', 'Cannot lock port'))
    expect(en).toMatchObject({code: 'LINK_PORT_BUSY', exitCode: ExitCode.Unreachable})
    expect(en.message).toContain('/dev/ttyUSB0')
    expect(en.message).not.toContain('\n')
    expect(en.remedy).toMatch(/close/i)
    setLang('zh-CN')
    const zh = toPosdocError(new LinkError('LINK_PORT_BUSY', '/dev/ttyUSB0', 'Cannot lock port'))
    expect(zh.message).toMatch(/占用/)
    expect(zh.remedy).toMatch(/[\u4e00-\u9fff]/)
    setLang('en')
  })

  it('bad addresses are usage errors (exit 2)', () => {
    expect(toPosdocError(new LinkError('LINK_BAD_ADDRESS', 'x:y', 'bad')).exitCode).toBe(ExitCode.Usage)
    expect(toPosdocError(new LinkError('LINK_NOT_A_SERIAL_PORT', '/etc/passwd', 'bad')).exitCode).toBe(ExitCode.Usage)
  })

  it('session errors are exit 3 and name the target', () => {
    const err = Object.assign(new Error('no ack'), {name: 'SessionError', code: 'ZVT_NO_ACK'})
    const e = toPosdocError(err, {target: '/dev/ttyS0'})
    expect(e).toMatchObject({code: 'ZVT_NO_ACK', exitCode: ExitCode.Unreachable})
    expect(e.message).toContain('/dev/ttyS0')
  })

  it('protocol errors are bad input (exit 2); unknown errors are bugs (exit 10)', () => {
    expect(toPosdocError(new ZvtProtocolError('ZVT_BAD_CRC', 'crc')).exitCode).toBe(ExitCode.Usage)
    expect(toPosdocError(new TypeError('x is undefined'))).toMatchObject({code: 'INTERNAL', exitCode: ExitCode.Internal})
  })

  it('a prompt closed with Ctrl-C is an abort (exit 4)', () => {
    const err = Object.assign(new Error('User force closed the prompt'), {name: 'ExitPromptError'})
    expect(toPosdocError(err).exitCode).toBe(ExitCode.Aborted)
  })

  it('language comes from POSDOC_LANG, then LC_ALL / LC_MESSAGES / LANG', () => {
    expect(detectLang({POSDOC_LANG: 'zh-CN', LANG: 'en_US.UTF-8'})).toBe('zh-CN')
    expect(detectLang({LANG: 'zh_CN.UTF-8'})).toBe('zh-CN')
    expect(detectLang({LC_ALL: 'en_GB.UTF-8', LANG: 'zh_CN.UTF-8'})).toBe('en')
    expect(detectLang({})).toBe('en')
  })
})
