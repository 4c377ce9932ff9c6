/**
 * A byte pipe to a terminal (or, in the simulator, to a cash register). Framing is not the
 * link's business: serial links carry DLE/STX frames + ACK/NAK bytes, TCP links carry bare APDUs.
 */
export interface Link {
  readonly kind: 'serial' | 'tcp' | 'memory'
  /** Human-readable address, e.g. "tcp 127.0.0.1:20007" or "serial /dev/ttyUSB0 9600 8N2". */
  readonly description: string
  readonly isOpen: boolean
  /** Resolves once the bytes are handed to the OS (serial: drained). Rejects with LinkError if closed. */
  write(bytes: Uint8Array): Promise<void>
  /** Subscribe to incoming chunks (arbitrary chunking). Returns an unsubscribe function. */
  onData(listener: (chunk: Buffer) => void): () => void
  /** Fires once when the link closes; err is set when it closed because of a failure (peer gone, port vanished). */
  onClose(listener: (err?: Error) => void): () => void
  close(): Promise<void>
}

export type LinkErrorCode =
  | 'LINK_PORT_NOT_FOUND'
  | 'LINK_PORT_BUSY'
  | 'LINK_PERMISSION_DENIED'
  | 'LINK_PORT_VANISHED'
  | 'LINK_CONNECT_TIMEOUT'
  | 'LINK_CONNECTION_REFUSED'
  | 'LINK_HOST_UNREACHABLE'
  | 'LINK_HOST_NOT_FOUND'
  | 'LINK_DISCONNECTED'
  | 'LINK_HALF_OPEN'
  | 'LINK_CLOSED'
  | 'LINK_BAD_ADDRESS'
  /** listenTcp (simulator): the address is already bound by another process */
  | 'LINK_ADDRESS_IN_USE'
  /** the path exists but is no tty (a regular file, a directory): usually a typo in --serial */
  | 'LINK_NOT_A_SERIAL_PORT'
  | 'LINK_IO'
