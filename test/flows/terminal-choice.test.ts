/**
 * "Which terminal?" of `posdoc diagnose`: serial ports found on this PC as choices, the preselected
 * port, today's choices when listing fails, and the same question answered from an --answers file.
 * Ports come from an injected lister: nothing here scans /dev.
 */
import {describe, expect, it, vi} from 'vitest'

import type {TerminalFlagValues} from '../../src/cli/terminal-flags.js'
import {flowText, portHintZh} from '../../src/flows/flow-text.js'
import {AnswersPrompter, BadAnswer, MissingAnswers, ScriptedPrompter, type Prompter, type Question} from '../../src/flows/prompter.js'
import {askTerminal, LIST_PORTS_TIMEOUT_MS, likelyPort, portDescription, terminalQuestion, type TerminalChoiceOptions} from '../../src/flows/terminal-choice.js'
import type {PortInfo} from '../../src/transport/ports.js'
import {FakeClock} from '../../src/util/clock.js'

// as listSerialPorts() returns them (hints added, sorted by path)
const FTDI: PortInfo = {path: '/dev/ttyUSB0', vendorId: '0403', productId: '6001', manufacturer: 'FTDI', hint: 'FTDI FT232R USB-serial adapter'}
const CH340: PortInfo = {path: '/dev/ttyUSB1', vendorId: '1a86', productId: '7523', manufacturer: '1a86', hint: 'WCH CH340 USB-serial adapter'}
const INGENICO: PortInfo = {path: '/dev/ttyACM0', vendorId: '0b00', productId: '0054', manufacturer: 'INGENICO', hint: 'payment terminal (Ingenico)'}
const BUILT_IN: PortInfo = {path: '/dev/ttyS0', hint: 'built-in serial port (RS-232)'}
const PROLIFIC_COM: PortInfo = {path: 'COM3', vendorId: '067b', productId: '2303', manufacturer: 'Prolific Technology Inc.', hint: 'Prolific PL2303 USB-serial adapter'}

/** A scripted human that also keeps every question it was asked. */
class Recorder implements Prompter {
  readonly interactive = true
  readonly questions: Question[] = []
  private readonly inner: ScriptedPrompter
  constructor(script: Record<string, unknown>) {
    this.inner = new ScriptedPrompter(script)
  }
  ask<T>(q: Question<T>): Promise<T> {
    this.questions.push(q as Question)
    return this.inner.ask(q)
  }
}

const noFlags = (): TerminalFlagValues => ({demo: false})
const ports = (list: PortInfo[]) => async () => list
const opts = (o: TerminalChoiceOptions = {}): TerminalChoiceOptions => ({lang: 'en', profiles: () => [], ...o})

/** Today's question, before ports were listed: the shape a failed or empty listing must keep. */
const TODAY = [
  {value: 'tcp', en: flowText.terminalTcp.en},
  {value: 'serial', en: 'a terminal on a serial / USB port'},
  {value: 'none', en: flowText.terminalNone.en},
  {value: 'demo', en: flowText.terminalDemo.en},
]

describe('askTerminal: serial ports found', () => {
  it('lists each port with what it is, then TCP, "another serial port", "not connected" and the demo last', async () => {
    const p = new Recorder({terminal: 'demo'})
    await askTerminal(p, noFlags(), opts({profiles: () => ['till-1'], listPorts: ports([INGENICO, BUILT_IN, FTDI, CH340])}))
    const q = p.questions[0]!
    expect(q.id).toBe('terminal')
    expect(q.choices!.map((c) => [c.value, c.en])).toEqual([
      ['profile:till-1', 'profile till-1'],
      ['serial:/dev/ttyACM0', '/dev/ttyACM0 — payment terminal (Ingenico)'],
      ['serial:/dev/ttyS0', '/dev/ttyS0 — built-in serial port (RS-232)'],
      ['serial:/dev/ttyUSB0', '/dev/ttyUSB0 — FTDI FT232R USB-serial adapter'],
      ['serial:/dev/ttyUSB1', '/dev/ttyUSB1 — WCH CH340 USB-serial adapter'],
      ['tcp', flowText.terminalTcp.en],
      ['serial', 'another serial port (type its name)'],
      ['none', flowText.terminalNone.en],
      ['demo', flowText.terminalDemo.en],
    ])
    expect(q.choices!.map((c) => c.zh)).toEqual([
      '配置 till-1',
      '/dev/ttyACM0 — 支付终端 (Ingenico)',
      '/dev/ttyS0 — 主板串口 (RS-232)',
      '/dev/ttyUSB0 — FTDI FT232R USB 转串口适配器',
      '/dev/ttyUSB1 — WCH CH340 USB 转串口适配器',
      flowText.terminalTcp['zh-CN'],
      '其他串口（手动输入名称）',
      flowText.terminalNone['zh-CN'],
      flowText.terminalDemo['zh-CN'],
    ])
  })

  it('shows the manufacturer when the USB id gives no hint (Windows COM ports too)', () => {
    const q = terminalQuestion([], [{path: 'COM7', manufacturer: 'Acme Payments GmbH'}, PROLIFIC_COM, {path: '/dev/ttyXRUSB0'}])
    expect(q.choices!.slice(0, 3).map((c) => c.en)).toEqual(['COM7 — Acme Payments GmbH', 'COM3 — Prolific PL2303 USB-serial adapter', '/dev/ttyXRUSB0'])
  })

  it('choosing a listed port sets --serial to its path and asks nothing more', async () => {
    const p = new Recorder({terminal: 'serial:/dev/ttyUSB0'})
    const flags = noFlags()
    expect(await askTerminal(p, flags, opts({listPorts: ports([BUILT_IN, FTDI])}))).toBe('serial:/dev/ttyUSB0')
    expect(flags).toEqual({demo: false, serial: '/dev/ttyUSB0'})
    expect(p.questions.map((q) => q.id)).toEqual(['terminal'])
  })

  it('"another serial port" keeps the typed-path question (id serial)', async () => {
    const p = new Recorder({terminal: 'serial', serial: '/dev/ttyS4'})
    const flags = noFlags()
    await askTerminal(p, flags, opts({listPorts: ports([FTDI])}))
    expect(flags.serial).toBe('/dev/ttyS4')
    expect(p.questions.map((q) => [q.id, q.kind])).toEqual([
      ['terminal', 'select'],
      ['serial', 'input'],
    ])
  })

  it('a port that is not in the list cannot be picked interactively', async () => {
    const p = new Recorder({terminal: 'serial:/dev/ttyUSB9'})
    await expect(askTerminal(p, noFlags(), opts({listPorts: ports([FTDI])}))).rejects.toBeInstanceOf(BadAnswer)
  })

  it('tells the progress line it is looking for ports before it asks', async () => {
    const steps: string[] = []
    await askTerminal(new Recorder({terminal: 'demo'}), noFlags(), opts({lang: 'zh-CN', listPorts: ports([]), onStep: (s) => steps.push(s)}))
    expect(steps).toEqual(['正在查找串口'])
  })
})

describe('askTerminal: the preselected choice', () => {
  const defaultFor = (list: PortInfo[], profiles: string[] = []) => terminalQuestion(profiles, list).default

  it('one USB serial adapter is preselected: Enter picks it', async () => {
    const p = new Recorder({}) // Enter on every question
    const flags = noFlags()
    await askTerminal(p, flags, opts({listPorts: ports([BUILT_IN, FTDI])}))
    expect(p.questions[0]!.default).toBe('serial:/dev/ttyUSB0')
    expect(flags.serial).toBe('/dev/ttyUSB0')
    expect(defaultFor([PROLIFIC_COM])).toBe('serial:COM3')
    expect(defaultFor([{path: '/dev/ttyACM2'}])).toBe('serial:/dev/ttyACM2')
  })

  it("a payment terminal's own USB id wins over a USB-serial adapter", () => {
    expect(defaultFor([INGENICO, FTDI])).toBe('serial:/dev/ttyACM0')
  })

  it('no guess when it is ambiguous or only built-in ports exist: "not connected", never the demo', () => {
    expect(defaultFor([FTDI, CH340])).toBe('none')
    expect(defaultFor([INGENICO, {...INGENICO, path: '/dev/ttyACM1'}, FTDI])).toBe('none')
    expect(defaultFor([BUILT_IN])).toBe('none')
    expect(defaultFor([])).toBe('none')
    expect(likelyPort([BUILT_IN, {path: '/dev/ttyS1'}])).toBeUndefined()
  })

  it('a configured profile stays the default (it carries baud rate and password)', () => {
    expect(defaultFor([FTDI], ['till-1', 'till-2'])).toBe('profile:till-1')
  })
})

describe('askTerminal: listing fails or finds nothing -> the question as before', () => {
  it.each([
    ['rejects', () => Promise.reject(new Error('spawn udevadm ENOENT'))],
    ['throws', () => {
      throw new Error('no bindings')
    }],
    ['finds nothing', async () => []],
  ])('lister %s', async (_, listPorts) => {
    const p = new Recorder({terminal: 'serial', serial: 'COM3'})
    const flags = noFlags()
    await askTerminal(p, flags, opts({listPorts: listPorts as () => Promise<PortInfo[]>}))
    expect(p.questions[0]!.choices!.map((c) => ({value: c.value, en: c.en}))).toEqual(TODAY)
    expect(p.questions[0]!.default).toBe('none')
    expect(p.questions[1]!.id).toBe('serial')
    expect(flags.serial).toBe('COM3')
  })

  it('a lister that hangs is given up after the time limit', async () => {
    const clock = new FakeClock()
    const p = new Recorder({terminal: 'tcp', tcp: '192.168.1.50'})
    const flags = noFlags()
    const asked = askTerminal(p, flags, opts({clock, listPorts: () => new Promise<PortInfo[]>(() => undefined)}))
    await new Promise((r) => setImmediate(r))
    expect(p.questions).toEqual([]) // still waiting for the list
    clock.advance(LIST_PORTS_TIMEOUT_MS - 1)
    await new Promise((r) => setImmediate(r))
    expect(p.questions).toEqual([])
    clock.advance(1)
    await asked
    expect(p.questions[0]!.choices!.map((c) => ({value: c.value, en: c.en}))).toEqual(TODAY)
    expect(flags.tcp).toBe('192.168.1.50')
  })
})

describe('askTerminal from an --answers file (agent mode)', () => {
  it('"terminal": "serial:<path>" sets --serial for any path, without listing ports', async () => {
    const listPorts = vi.fn(ports([FTDI]))
    for (const path of ['/dev/ttyUSB0', '/tmp/posdoc-pty-x/ttyB', 'COM12']) {
      const flags = noFlags()
      const answers = {terminal: `serial:${path}`}
      await askTerminal(new AnswersPrompter(answers), flags, opts({listPorts, answered: answers.terminal}))
      expect(flags).toEqual({demo: false, serial: path})
    }
    expect(listPorts).not.toHaveBeenCalled()
  })

  it('the other choices work as interactively: demo, profile:NAME, tcp + "tcp", serial + "serial"', async () => {
    const run = async (answers: Record<string, unknown>) => {
      const flags = noFlags()
      await askTerminal(new AnswersPrompter(answers), flags, opts({profiles: () => ['till-1'], answered: answers.terminal}))
      return flags
    }
    expect(await run({terminal: 'demo'})).toEqual({demo: true})
    expect(await run({terminal: 'profile:till-1'})).toEqual({demo: false, terminal: 'till-1'})
    expect(await run({terminal: 'tcp', tcp: '10.0.0.7:20007'})).toEqual({demo: false, tcp: '10.0.0.7:20007'})
    expect(await run({terminal: 'serial', serial: '/dev/ttyS1'})).toEqual({demo: false, serial: '/dev/ttyS1'})
  })

  it('a bad or incomplete answer is refused by id', async () => {
    const run = (answers: Record<string, unknown>) => askTerminal(new AnswersPrompter(answers), noFlags(), opts({profiles: () => ['till-1'], answered: answers.terminal}))
    await expect(run({terminal: 'serial:'})).rejects.toMatchObject({name: 'BadAnswer', id: 'terminal'})
    await expect(run({terminal: 'serial:  '})).rejects.toBeInstanceOf(BadAnswer)
    await expect(run({terminal: 'usb'})).rejects.toBeInstanceOf(BadAnswer)
    await expect(run({terminal: 'profile:nope'})).rejects.toBeInstanceOf(BadAnswer)
    await expect(run({terminal: 'tcp'})).rejects.toEqual(new MissingAnswers(['tcp']))
    await expect(run({terminal: 'serial'})).rejects.toEqual(new MissingAnswers(['serial']))
  })
})

describe('port texts', () => {
  it.each([
    [FTDI, 'FTDI FT232R USB-serial adapter'], // "FTDI" adds nothing
    [CH340, 'WCH CH340 USB-serial adapter'], // a vendor id as manufacturer is dropped
    [{path: '/dev/ttyUSB3', manufacturer: 'Acme'}, 'Acme'],
    [{path: '/dev/ttyUSB3', manufacturer: 'Acme', hint: 'USB-serial adapter'}, 'USB-serial adapter, Acme'],
    [{path: '/dev/ttyUSB3', manufacturer: 'VeriFone Inc', hint: 'payment terminal (Verifone)'}, 'payment terminal (Verifone)'],
    [{path: '/dev/ttyUSB3', manufacturer: ' '}, ''],
    [{path: '/dev/ttyUSB3'}, ''],
  ])('portDescription %j -> %s', (port, text) => {
    expect(portDescription(port)).toBe(text)
  })

  it.each([
    ['USB serial device (CDC-ACM; many terminals use this)', 'USB 串口设备（CDC-ACM，许多终端使用）'],
    ['Newland device (payment terminal or barcode scanner)', 'Newland 设备（支付终端或扫码枪）'],
    ['payment terminal or card reader (Castles)', '支付终端或读卡器 (Castles)'],
    ['payment terminal (Ingenico Telium / Sagem)', '支付终端 (Ingenico Telium / Sagem)'],
    ['Silicon Labs CP210x USB-serial adapter', 'Silicon Labs CP210x USB 转串口适配器'],
    ['USB-serial adapter, Acme', 'USB 转串口适配器, Acme'],
  ])('portHintZh %s', (en, zh) => {
    expect(portHintZh(en)).toBe(zh)
  })
})
