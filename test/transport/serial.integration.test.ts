import {spawn} from 'node:child_process'
import {promises as fs} from 'node:fs'
import {createRequire} from 'node:module'
import os from 'node:os'
import path from 'node:path'

import {describe, expect, it} from 'vitest'

import {LinkError} from '../../src/transport/errors.js'
import type {Link} from '../../src/transport/link.js'
import {mapSerialOpenError, openSerialLink} from '../../src/transport/serial.js'
import {createPtyPair, hasSocat, type PtyPair} from '../helpers/socat.js'
import {collect, describeLinkContract, nextClose, type LinkPair} from './link-contract.js'

const socat = hasSocat()
if (!socat) console.warn('SKIPPED serial integration tests: socat is not installed (apt-get install -y socat)')

async function serialPair(): Promise<LinkPair & {pty: PtyPair}> {
  const pty = await createPtyPair()
  const a = await openSerialLink({path: pty.a})
  const b = await openSerialLink({path: pty.b})
  return {
    a,
    b,
    pty,
    async cleanup() {
      await Promise.all([a.close(), b.close()])
      await pty.close()
    },
  }
}

async function failure(p: Promise<unknown>): Promise<LinkError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(err).toBeInstanceOf(LinkError)
  return err as LinkError
}

describe.skipIf(!socat)('serial over a socat pty pair', () => {
  // RS-232 has no close signal: closing one end is invisible to the other (peerClose: null)
  describeLinkContract('serial (socat pty pair)', serialPair, {kind: 'serial', peerClose: null})

  it('describes itself with path, baud rate and 8N2', async () => {
    const pty = await createPtyPair()
    try {
      const link = await openSerialLink({path: pty.a, baudRate: 115200})
      expect(link.description).toBe(`serial ${pty.a} 115200 8N2`)
      await link.close()
    } finally {
      await pty.close()
    }
  })

  it('missing path -> LINK_PORT_NOT_FOUND', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'posdoc-noport-'))
    try {
      const err = await failure(openSerialLink({path: path.join(dir, 'ttyNOPE')}))
      expect(err.code).toBe('LINK_PORT_NOT_FOUND')
      expect(err.message).not.toMatch(/\n/)
    } finally {
      await fs.rm(dir, {recursive: true, force: true})
    }
  })

  it('a regular file -> LINK_NOT_A_SERIAL_PORT', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'posdoc-notty-'))
    try {
      const file = path.join(dir, 'plain')
      await fs.writeFile(file, '')
      expect((await failure(openSerialLink({path: file}))).code).toBe('LINK_NOT_A_SERIAL_PORT')
    } finally {
      await fs.rm(dir, {recursive: true, force: true})
    }
  })

  it('second open of the same port -> LINK_PORT_BUSY; free again after close', async () => {
    const pty = await createPtyPair()
    try {
      const first = await openSerialLink({path: pty.a})
      const err = await failure(openSerialLink({path: pty.a}))
      expect(err.code).toBe('LINK_PORT_BUSY')
      // the lock is on the device, not on the symlink name
      expect((await failure(openSerialLink({path: await fs.realpath(pty.a)}))).code).toBe('LINK_PORT_BUSY')
      await first.close()
      const again = await openSerialLink({path: pty.a})
      await again.close()
    } finally {
      await pty.close()
    }
  })

  // Repeated because the hang-up races serialport's read loop: about half the runs are caught by
  // the read (~1 ms), the rest by the 1 s ioctl check (see vanishCheckMs in serial.ts).
  it('killing socat while open -> onClose(LINK_PORT_VANISHED) within 3 s, even with no user data listener (5 runs)', async () => {
    for (let run = 0; run < 5; run++) {
      const pty = await createPtyPair()
      const link = await openSerialLink({path: pty.a})
      const closed = nextClose(link, 3000)
      const t0 = Date.now()
      await pty.close()
      const err = await closed
      expect(Date.now() - t0).toBeLessThan(3000)
      expect(err).toBeInstanceOf(LinkError)
      expect((err as LinkError).code).toBe('LINK_PORT_VANISHED')
      expect(link.isOpen).toBe(false)
      expect((await failure(link.write(Uint8Array.of(1)))).code).toBe('LINK_PORT_VANISHED')
      await link.close() // no-op, must not throw
    }
  })

  it('a write pending when the port vanishes settles (rejects) instead of hanging', async () => {
    const pty = await createPtyPair()
    const link: Link = await openSerialLink({path: pty.a})
    // nobody reads ttyB, so a large write fills the pty buffers and stays pending
    const big = link.write(new Uint8Array(1 << 20))
    const closed = nextClose(link, 3000)
    await new Promise((r) => setTimeout(r, 100))
    await pty.close()
    await closed
    const err = await failure(big)
    expect(err.code).toBe('LINK_PORT_VANISHED')
  })

  it('bytes written before close() are flushed', async () => {
    const pair = await serialPair()
    try {
      const got = collect(pair.b, 9)
      void pair.a.write(Uint8Array.of(0x10, 0x02, 0x06, 0x02, 0x00, 0x10, 0x03, 0xb9, 0xcc))
      await pair.a.close()
      expect((await got).toString('hex')).toBe('1002060200100' + '3b9cc')
    } finally {
      await pair.cleanup()
    }
  })

  // Root ignores file modes, so as root the check runs serialport in a child process as `nobody`.
  it('no permission -> LINK_PERMISSION_DENIED', async () => {
    const pty = await createPtyPair()
    try {
      const dev = await fs.realpath(pty.a)
      if (process.getuid?.() === 0) {
        const require = createRequire(import.meta.url)
        const serialportEntry = require.resolve('serialport')
        const script = `
          const {SerialPort} = require(${JSON.stringify(serialportEntry)});
          const p = new SerialPort({path: ${JSON.stringify(dev)}, baudRate: 9600, autoOpen: false});
          p.open((err) => { process.stdout.write(err ? err.message : 'OPENED'); process.exit(0) });`
        const out = await new Promise<string>((resolve, reject) => {
          const child = spawn(process.execPath, ['-e', script], {uid: 65534, gid: 65534, cwd: '/'})
          let s = ''
          child.stdout.on('data', (d: Buffer) => (s += d.toString()))
          child.on('error', reject)
          child.on('exit', () => resolve(s))
        })
        expect(out).not.toBe('OPENED')
        expect(mapSerialOpenError(new Error(out), dev).code).toBe('LINK_PERMISSION_DENIED')
      } else {
        await fs.chmod(dev, 0o000)
        expect((await failure(openSerialLink({path: dev}))).code).toBe('LINK_PERMISSION_DENIED')
      }
    } finally {
      await pty.close()
    }
  })
})

describe('serial open error mapping', () => {
  it.each([
    ['Error: No such file or directory, cannot open /dev/ttyUSB9', 'LINK_PORT_NOT_FOUND'],
    ['Error Resource temporarily unavailable Cannot lock port', 'LINK_PORT_BUSY'],
    ['Error: Device or resource busy, cannot open /dev/ttyUSB0', 'LINK_PORT_BUSY'],
    ['Error: Permission denied, cannot open /dev/ttyUSB0', 'LINK_PERMISSION_DENIED'],
    ['Error: Inappropriate ioctl for device setting custom baud rate of 9600', 'LINK_NOT_A_SERIAL_PORT'],
    ['Error: Is a directory, cannot open /tmp', 'LINK_NOT_A_SERIAL_PORT'],
    ['Error: Input/output error', 'LINK_IO'],
  ])('%s -> %s', (message, code) => {
    const err = mapSerialOpenError(new Error(message), '/dev/ttyUSB0')
    expect(err.code).toBe(code)
    expect(err.target).toBe('/dev/ttyUSB0')
  })

  it('uses errno codes when present', () => {
    expect(mapSerialOpenError(Object.assign(new Error('x'), {code: 'EACCES'}), '/dev/x').code).toBe('LINK_PERMISSION_DENIED')
    expect(mapSerialOpenError(Object.assign(new Error('x'), {code: 'ENOENT'}), '/dev/x').code).toBe('LINK_PORT_NOT_FOUND')
    expect(mapSerialOpenError(Object.assign(new Error('x'), {code: 'EBUSY'}), '/dev/x').code).toBe('LINK_PORT_BUSY')
  })
})
