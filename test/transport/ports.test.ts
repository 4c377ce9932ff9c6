import {promises as fs} from 'node:fs'
import os from 'node:os'
import path from 'node:path'

import {afterEach, beforeEach, describe, expect, it} from 'vitest'

import {hintFor, listSerialPorts} from '../../src/transport/ports.js'

const failingList = () => Promise.reject(Object.assign(new Error('spawn udevadm ENOENT'), {code: 'ENOENT'}))

/** Builds a miniature /sys and /dev the way Linux lays them out for USB serial devices. */
async function fakeRoot(root: string) {
  const w = async (file: string, text: string) => {
    await fs.mkdir(path.dirname(path.join(root, file)), {recursive: true})
    await fs.writeFile(path.join(root, file), text + '\n')
  }
  const link = async (target: string, at: string) => {
    await fs.mkdir(path.dirname(path.join(root, at)), {recursive: true})
    await fs.symlink(target, path.join(root, at))
  }
  // FTDI adapter: /sys/devices/pci0000:00/usb1/1-1/{idVendor,...}/1-1:1.0/ttyUSB0
  const ftdi = 'sys/devices/pci0000:00/usb1/1-1'
  await w(`${ftdi}/idVendor`, '0403')
  await w(`${ftdi}/idProduct`, '6001')
  await w(`${ftdi}/manufacturer`, 'FTDI')
  await w(`${ftdi}/serial`, 'A10KXYZ')
  await fs.mkdir(path.join(root, ftdi, '1-1:1.0/ttyUSB0'), {recursive: true})
  await link(path.join(root, ftdi, '1-1:1.0/ttyUSB0'), 'sys/class/tty/ttyUSB0/device')
  // Ingenico terminal as CDC-ACM: the tty's device is the interface directory
  const ing = 'sys/devices/pci0000:00/usb1/1-2'
  await w(`${ing}/idVendor`, '0B00')
  await w(`${ing}/idProduct`, '0054')
  await w(`${ing}/manufacturer`, 'INGENICO')
  await fs.mkdir(path.join(root, ing, '1-2:1.0'), {recursive: true})
  await link(path.join(root, ing, '1-2:1.0'), 'sys/class/tty/ttyACM0/device')
  // on-board UART (type 4 = 16550A) and a legacy placeholder without hardware (type 0)
  await fs.mkdir(path.join(root, 'sys/devices/platform/serial8250/tty/ttyS0'), {recursive: true})
  await link(path.join(root, 'sys/devices/platform/serial8250/tty/ttyS0'), 'sys/class/tty/ttyS0/device')
  await w('sys/class/tty/ttyS0/type', '4')
  await link(path.join(root, 'sys/devices/platform/serial8250/tty/ttyS0'), 'sys/class/tty/ttyS1/device')
  await w('sys/class/tty/ttyS1/type', '0')
  // virtual ttys have no device link
  await fs.mkdir(path.join(root, 'sys/class/tty/tty0'), {recursive: true})
  await fs.mkdir(path.join(root, 'sys/class/tty/ptmx'), {recursive: true})
  // a USB tty known to sysfs but missing from this /dev (containers)
  await fs.mkdir(path.join(root, ftdi, '1-1:1.1/ttyUSB1'), {recursive: true})
  await link(path.join(root, ftdi, '1-1:1.1/ttyUSB1'), 'sys/class/tty/ttyUSB1/device')
  for (const dev of ['ttyUSB0', 'ttyACM0', 'ttyS0', 'ttyS1', 'tty0']) await w(`dev/${dev}`, '')
  await link('../../ttyUSB0', 'dev/serial/by-id/usb-FTDI_FT232R_USB_UART_A10KXYZ-if00-port0')
}

describe('listSerialPorts', () => {
  let root: string
  beforeEach(async () => {
    root = await fs.mkdtemp(path.join(os.tmpdir(), 'posdoc-sysfs-'))
  })
  afterEach(async () => {
    await fs.rm(root, {recursive: true, force: true})
  })

  it('falls back to sysfs when SerialPort.list() fails (no udevadm)', async () => {
    await fakeRoot(root)
    const ports = await listSerialPorts({list: failingList, root})
    expect(ports).toEqual([
      {path: path.join(root, 'dev/ttyACM0'), vendorId: '0b00', productId: '0054', manufacturer: 'INGENICO', hint: 'payment terminal (Ingenico)'},
      {path: path.join(root, 'dev/ttyS0'), hint: 'built-in serial port (RS-232)'},
      {
        path: path.join(root, 'dev/ttyUSB0'),
        vendorId: '0403',
        productId: '6001',
        manufacturer: 'FTDI',
        serialNumber: 'A10KXYZ',
        pnpId: 'usb-FTDI_FT232R_USB_UART_A10KXYZ-if00-port0',
        hint: 'FTDI FT232R USB-serial adapter',
      },
    ])
  })

  it('never throws, even with nothing to scan', async () => {
    expect(await listSerialPorts({list: failingList, root: path.join(root, 'does-not-exist')})).toEqual([])
  })

  it('uses SerialPort.list() when it works and adds hints', async () => {
    const ports = await listSerialPorts({
      list: async () => [
        {path: '/dev/ttyUSB1', vendorId: '1A86', productId: '7523', manufacturer: '1a86'},
        {path: '/dev/ttyUSB0', vendorId: '11ca', productId: '0219', manufacturer: 'VeriFone Inc', pnpId: 'usb-VeriFone_Inc_Trident_USB_Device_1.1-if00'},
        {path: '/dev/ttyS0', manufacturer: ''},
      ],
    })
    expect(ports.map((p) => [p.path, p.hint])).toEqual([
      ['/dev/ttyS0', 'built-in serial port (RS-232)'],
      ['/dev/ttyUSB0', 'payment terminal (Verifone)'],
      ['/dev/ttyUSB1', 'WCH CH340 USB-serial adapter'],
    ])
    expect(ports[0]).toEqual({path: '/dev/ttyS0', hint: 'built-in serial port (RS-232)'})
    expect(ports[2]?.vendorId).toBe('1a86')
  })

  it('on this machine: returns a list without throwing', async () => {
    const ports = await listSerialPorts()
    expect(Array.isArray(ports)).toBe(true)
    for (const p of ports) expect(p.path).toMatch(/^\/dev\//)
  })
})

describe('hintFor', () => {
  it.each([
    [{path: '/dev/ttyUSB0', vendorId: '0403', productId: '6015'}, 'FTDI FT-X USB-serial adapter'],
    [{path: '/dev/ttyUSB0', vendorId: '0403', productId: 'beef'}, 'FTDI USB-serial adapter'],
    [{path: '/dev/ttyUSB0', vendorId: '067b', productId: '2303'}, 'Prolific PL2303 USB-serial adapter'],
    [{path: '/dev/ttyUSB0', vendorId: '10C4', productId: 'EA60'}, 'Silicon Labs CP210x USB-serial adapter'],
    [{path: '/dev/ttyACM0', vendorId: '079b', productId: '0028'}, 'payment terminal (Ingenico Telium / Sagem)'],
    [{path: '/dev/ttyACM0', vendorId: '0ca6'}, 'payment terminal or card reader (Castles)'],
    [{path: '/dev/ttyACM0', vendorId: '1eab'}, 'Newland device (payment terminal or barcode scanner)'],
    [{path: '/dev/ttyACM3', vendorId: 'ffff'}, 'USB serial device (CDC-ACM; many terminals use this)'],
    [{path: '/dev/ttyUSB3'}, 'USB-serial adapter'],
    [{path: '/dev/pts/4'}, undefined],
  ])('%j -> %s', (port, hint) => {
    expect(hintFor(port)).toBe(hint)
  })
})
