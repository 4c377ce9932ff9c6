import {SerialPort} from 'serialport'

import {LinkError} from './errors.js'
import type {Link} from './link.js'
import {LinkListeners} from './listeners.js'

export interface SerialLinkOptions {
  path: string
  /** ZVT default 9600; some terminals are set to 115200 [SPEC16 §2.1] */
  baudRate?: number
  /**
   * How often to check that the device is still there (an ioctl; 0 turns it off). Needed because
   * serialport misses a hang-up that lands between two reads: read() then returns 0 bytes
   * forever and no close event ever comes (seen with socat ptys in about half the runs).
   */
  vanishCheckMs?: number
}

/**
 * Classifies a serialport open error. bindings-cpp reports plain Errors without `code`, with
 * messages like "Error: No such file or directory, cannot open /dev/ttyUSB9" or
 * "Error Resource temporarily unavailable Cannot lock port", so this matches on the text too.
 * Exported for tests.
 */
export function mapSerialOpenError(err: unknown, path: string): LinkError {
  const msg = err instanceof Error ? err.message : String(err)
  const code = typeof err === 'object' && err !== null ? String((err as {code?: unknown}).code ?? '') : ''
  const has = (re: RegExp) => re.test(msg) || re.test(code)
  if (has(/ENOENT|No such file or directory|ENODEV|No such device/i)) {
    return new LinkError('LINK_PORT_NOT_FOUND', path, `${path}: no such serial port`, err)
  }
  if (has(/Cannot lock port|EBUSY|Device or resource busy|Resource temporarily unavailable|EAGAIN|EWOULDBLOCK/i)) {
    return new LinkError('LINK_PORT_BUSY', path, `${path}: port is in use by another program`, err)
  }
  if (has(/EACCES|EPERM|Permission denied|Operation not permitted/i)) {
    return new LinkError('LINK_PERMISSION_DENIED', path, `${path}: permission denied`, err)
  }
  if (has(/ENOTTY|Inappropriate ioctl|EISDIR|Is a directory/i)) {
    return new LinkError('LINK_NOT_A_SERIAL_PORT', path, `${path}: not a serial port`, err)
  }
  return new LinkError('LINK_IO', path, `${path}: cannot open: ${msg}`, err)
}

/**
 * Opens a serial port with the ZVT line settings: 8 data bits, no parity, 2 stop bits, no flow
 * control, and an exclusive lock (flock), so a second posdoc or another program that also locks
 * gets LINK_PORT_BUSY. A program that opens without locking is not detected.
 */
export async function openSerialLink(opts: SerialLinkOptions): Promise<Link> {
  const {path, baudRate = 9600, vanishCheckMs = 1000} = opts
  const description = `serial ${path} ${baudRate} 8N2`
  // the constructor only validates options (a TypeError here is a bug in the caller)
  const port = new SerialPort({
    path,
    baudRate,
    dataBits: 8,
    parity: 'none',
    stopBits: 2,
    rtscts: false,
    xon: false,
    xoff: false,
    xany: false,
    lock: true,
    autoOpen: false,
  })
  await new Promise<void>((resolve, reject) => {
    port.open((err) => (err ? reject(mapSerialOpenError(err, path)) : resolve()))
  })
  return serialLink(port, path, description, vanishCheckMs)
}

/** How long close() waits for writes in progress before it closes the port anyway. */
const CLOSE_GRACE_MS = 2000

/**
 * TIOCMGET on a hung-up tty fails with EIO (pty) or ENXIO/ENODEV (USB serial after unplug); a
 * healthy pty answers ENOTTY and a real UART answers with the modem lines, both mean "still here".
 */
const GONE = /Input\/output error|EIO\b|ENXIO|No such device|ENODEV|Bad file descriptor|EBADF/i

function serialLink(port: SerialPort, path: string, description: string, vanishCheckMs: number): Link {
  const listeners = new LinkListeners()
  // serialport leaves writes that are queued when the port closes pending forever; settle them here
  const pending = new Set<(err: LinkError) => void>()
  const inflight = new Set<Promise<void>>()
  let closing: Promise<void> | undefined

  // Always read: without an active reader a vanished port is never noticed (ecosystem notes §7).
  port.on('data', (chunk: Buffer) => listeners.emitData(chunk))
  let lastError: Error | undefined
  port.on('error', (err: Error) => {
    // surfaces through write callbacks and the close event; an unhandled 'error' would crash
    lastError = err
  })
  // 'close' comes with err.disconnected after a failed read, or with no argument when a failed
  // write made the stream destroy itself; either way, unless we asked for it, the device is gone.
  port.on('close', (err?: Error | null) => {
    const cause = err ?? lastError
    const failure = new LinkError('LINK_PORT_VANISHED', path, `${path}: serial port disappeared${cause ? ` (${cause.message})` : ''}`, cause)
    listeners.markClosed(failure)
    settlePending()
    listeners.notifyClosed()
  })

  if (vanishCheckMs > 0) {
    let probing = false
    const timer = setInterval(() => {
      if (listeners.closed) return clearInterval(timer)
      if (probing || !port.isOpen) return
      probing = true
      port.get((err) => {
        probing = false
        if (!err || listeners.closed || !GONE.test(err.message)) return
        clearInterval(timer)
        listeners.markClosed(new LinkError('LINK_PORT_VANISHED', path, `${path}: serial port disappeared (${err.message})`, err))
        settlePending()
        listeners.notifyClosed()
        // releases the fd and ends serialport's read loop
        if (port.isOpen) port.close(() => {})
      })
    }, vanishCheckMs)
    timer.unref()
  }

  const closedError = (): LinkError => {
    const err = listeners.closeError
    if (err instanceof LinkError) return new LinkError(err.code, path, `link is closed: ${err.message}`, err)
    return new LinkError('LINK_CLOSED', path, `${path}: link is closed`)
  }

  function settlePending() {
    const err = closedError()
    for (const reject of [...pending]) reject(err)
    pending.clear()
  }

  // serialport closes the port itself after any write error that is not a cancellation, so a
  // failed write means the device is gone; the close event follows a moment later.
  const asLinkError = (err: Error & {canceled?: boolean}): LinkError =>
    listeners.closed ? closedError()
    : err.canceled ? new LinkError('LINK_CLOSED', path, `${path}: link is closed`, err)
    : new LinkError('LINK_PORT_VANISHED', path, `${path}: write failed, serial port disappeared (${err.message})`, err)

  return {
    kind: 'serial',
    description,
    get isOpen() {
      return !listeners.closed
    },
    write(bytes) {
      if (listeners.closed || !port.isOpen) return Promise.reject(closedError())
      const done = new Promise<void>((resolve, reject) => {
        const settle = (err?: LinkError) => {
          if (!pending.delete(settle)) return
          if (err) reject(err)
          else resolve()
        }
        pending.add(settle)
        port.write(Buffer.from(bytes), (err) => {
          if (err) return settle(asLinkError(err))
          // drain = tcdrain(): the bytes have left the UART (for a pty: handed to the peer)
          port.drain((err2) => settle(err2 ? asLinkError(err2) : undefined))
        })
      })
      inflight.add(done)
      const forget = () => inflight.delete(done)
      done.then(forget, forget)
      return done
    },
    onData: listeners.onData,
    onClose: listeners.onClose,
    close() {
      if (closing) return closing
      if (listeners.closed) return Promise.resolve()
      listeners.markClosed()
      closing = (async () => {
        // let writes already handed to us finish, but not forever (a stuck UART, a peer with flow control)
        let grace: ReturnType<typeof setTimeout> | undefined
        await Promise.race([
          Promise.allSettled([...inflight]),
          new Promise<void>((resolve) => {
            grace = setTimeout(resolve, CLOSE_GRACE_MS)
          }),
        ])
        clearTimeout(grace)
        settlePending()
        if (!port.isOpen) {
          listeners.notifyClosed()
          return
        }
        await new Promise<void>((resolve) => {
          port.close(() => {
            // an error here ("Port is not open") means it was already gone; either way it is closed now
            listeners.notifyClosed()
            resolve()
          })
        })
      })()
      return closing
    },
  }
}
