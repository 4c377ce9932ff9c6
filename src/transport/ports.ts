import {promises as fs} from 'node:fs'
import nodePath from 'node:path'

import {SerialPort} from 'serialport'

export interface PortInfo {
  path: string
  manufacturer?: string
  /** USB vendor id, 4 lower-case hex digits */
  vendorId?: string
  /** USB product id, 4 lower-case hex digits */
  productId?: string
  serialNumber?: string
  /** udev-style id: the /dev/serial/by-id name */
  pnpId?: string
  /** what the device probably is, in a few English words */
  hint?: string
}

/**
 * USB ids seen on shop counters. Sources: the linux-usb.org usb.ids list for the vendor names;
 * a kiosk agent's peripheral table listing Ingenico 0b00:0052.. and 079b:0028 ("Telium") as
 * payment terminals and Verifone 11ca:0219 (VX820); 11ca:0220 (VX805) in a pinpad fix-up note.
 * Only ids we could confirm are here; PAX and CCV devices seen in public code use generic
 * USB-serial bridges (e.g. CH340) and are covered by the bridge entries.
 */
const VENDOR_HINTS: Record<string, {hint: string; products?: Record<string, string>}> = {
  '0403': {
    hint: 'FTDI USB-serial adapter',
    products: {'6001': 'FTDI FT232R USB-serial adapter', '6015': 'FTDI FT-X USB-serial adapter', '6010': 'FTDI FT2232 USB-serial adapter'},
  },
  '067b': {hint: 'Prolific USB-serial adapter', products: {'2303': 'Prolific PL2303 USB-serial adapter'}},
  '10c4': {hint: 'Silicon Labs USB-serial adapter', products: {ea60: 'Silicon Labs CP210x USB-serial adapter'}},
  '1a86': {
    hint: 'WCH USB-serial adapter',
    products: {'7523': 'WCH CH340 USB-serial adapter', '5523': 'WCH CH341 USB-serial adapter', '55d4': 'WCH CH9102 USB-serial adapter'},
  },
  '0b00': {hint: 'payment terminal (Ingenico)'},
  '079b': {hint: 'payment terminal (Ingenico Telium / Sagem)'},
  '11ca': {hint: 'payment terminal (Verifone)'},
  '0ca6': {hint: 'payment terminal or card reader (Castles)'},
  '1eab': {hint: 'Newland device (payment terminal or barcode scanner)'},
}

/** Short English hint for a USB id, or for the kind of tty when the id is unknown. */
export function hintFor(port: Pick<PortInfo, 'path' | 'vendorId' | 'productId'>): string | undefined {
  const vid = port.vendorId?.toLowerCase()
  const pid = port.productId?.toLowerCase()
  const vendor = vid ? VENDOR_HINTS[vid] : undefined
  if (vendor) return (pid && vendor.products?.[pid]) ?? vendor.hint
  const name = nodePath.basename(port.path)
  if (/^ttyACM\d+$/.test(name)) return 'USB serial device (CDC-ACM; many terminals use this)'
  if (/^ttyUSB\d+$/.test(name)) return 'USB-serial adapter'
  if (/^ttyS\d+$/.test(name)) return 'built-in serial port (RS-232)'
  return undefined
}

export interface ListSerialPortsOptions {
  /** replaces SerialPort.list() (tests) */
  list?: () => Promise<Array<Partial<PortInfo> & {path: string}>>
  /** root of sysfs and /dev for the fallback scan (tests); default "/" */
  root?: string
}

/**
 * Lists serial ports. Never throws: SerialPort.list() needs udevadm, which many containers and
 * minimal installs lack; then sysfs and /dev/serial/by-id are read directly. Pseudo-terminals
 * (socat, simulators) never appear: pass their path explicitly.
 */
export async function listSerialPorts(opts: ListSerialPortsOptions = {}): Promise<PortInfo[]> {
  const list = opts.list ?? (() => SerialPort.list())
  let ports: PortInfo[]
  try {
    const raw = await list()
    ports = raw.map((p) => clean({
      path: p.path,
      manufacturer: p.manufacturer,
      vendorId: p.vendorId?.toLowerCase(),
      productId: p.productId?.toLowerCase(),
      serialNumber: p.serialNumber,
      pnpId: p.pnpId,
    }))
  } catch {
    ports = await scanSysfs(opts.root ?? '/').catch(() => [])
  }
  for (const p of ports) {
    const hint = hintFor(p)
    if (hint) p.hint = hint
  }
  return ports.sort((a, b) => a.path.localeCompare(b.path, 'en', {numeric: true}))
}

function clean(p: PortInfo): PortInfo {
  const out: PortInfo = {path: p.path}
  for (const k of ['manufacturer', 'vendorId', 'productId', 'serialNumber', 'pnpId', 'hint'] as const) {
    const v = p[k]
    if (v !== undefined && v !== '') out[k] = v
  }
  return out
}

async function readTrimmed(file: string): Promise<string | undefined> {
  try {
    const s = (await fs.readFile(file, 'utf8')).trim()
    return s === '' ? undefined : s
  } catch {
    return undefined
  }
}

async function exists(file: string): Promise<boolean> {
  try {
    await fs.access(file)
    return true
  } catch {
    return false
  }
}

/** Walks up from a tty's sysfs device to the USB device node (the directory holding idVendor). */
async function findUsbDevice(deviceDir: string, stopAt: string): Promise<string | undefined> {
  let dir = deviceDir
  for (let i = 0; i < 6 && dir.startsWith(stopAt) && dir !== stopAt; i++) {
    if (await exists(nodePath.join(dir, 'idVendor'))) return dir
    dir = nodePath.dirname(dir)
  }
  return undefined
}

/**
 * Fallback without udev: every /sys/class/tty/NAME that has a `device` link is hardware. Legacy
 * 8250 ports with `type` 0 have no UART behind them and are skipped (the kernel registers 4-32 of
 * them on most PCs). USB details come from the USB device directory above the tty.
 */
async function scanSysfs(root: string): Promise<PortInfo[]> {
  const sysRoot = await fs.realpath(nodePath.join(root, 'sys')).catch(() => nodePath.join(root, 'sys'))
  const classDir = nodePath.join(sysRoot, 'class', 'tty')
  const devDir = nodePath.join(root, 'dev')
  const byIdDir = nodePath.join(devDir, 'serial', 'by-id')

  // /dev/serial/by-id/<name> -> ../../ttyUSB0
  const byId = new Map<string, string>()
  for (const name of await fs.readdir(byIdDir).catch(() => [] as string[])) {
    try {
      const target = await fs.readlink(nodePath.join(byIdDir, name))
      byId.set(nodePath.basename(target), name)
    } catch {
      // not a link
    }
  }

  const found: PortInfo[] = []
  const seen = new Set<string>()
  for (const name of await fs.readdir(classDir).catch(() => [] as string[])) {
    const ttyDir = nodePath.join(classDir, name)
    const device = await fs.realpath(nodePath.join(ttyDir, 'device')).catch(() => undefined)
    if (!device) continue // virtual tty (console, pts, vt)
    if (/^ttyS\d+$/.test(name) && (await readTrimmed(nodePath.join(ttyDir, 'type'))) === '0') continue
    const info: PortInfo = {path: nodePath.join(devDir, name)}
    if (!(await exists(info.path))) continue // sysfs shows it, but this /dev (a container's) has no node
    const usb = await findUsbDevice(device, sysRoot)
    if (usb) {
      info.vendorId = (await readTrimmed(nodePath.join(usb, 'idVendor')))?.toLowerCase()
      info.productId = (await readTrimmed(nodePath.join(usb, 'idProduct')))?.toLowerCase()
      info.manufacturer = await readTrimmed(nodePath.join(usb, 'manufacturer'))
      info.serialNumber = await readTrimmed(nodePath.join(usb, 'serial'))
    }
    info.pnpId = byId.get(name)
    seen.add(name)
    found.push(clean(info))
  }
  // a by-id link whose tty we could not see in sysfs (unusual, but cheap to include)
  for (const [name, id] of byId) {
    if (!seen.has(name) && (await exists(nodePath.join(devDir, name)))) found.push({path: nodePath.join(devDir, name), pnpId: id})
  }
  return found
}
