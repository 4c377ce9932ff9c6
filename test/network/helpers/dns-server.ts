/**
 * A tiny DNS server on 127.0.0.1 (UDP) for tests that must never ask a real DNS server:
 * 'nxdomain' answers every query with NXDOMAIN, 'silent' never answers, and names in `records`
 * get an A record (other names NXDOMAIN; AAAA for a known name: no data).
 */
import dgram from 'node:dgram'

export interface TestDnsServer {
  /** "127.0.0.1:PORT", ready for --dns-server */
  address: string
  port: number
  queries: string[]
  close(): Promise<void>
}

export async function startTestDnsServer(opts: {mode: 'nxdomain' | 'silent' | 'records'; records?: Record<string, string>}): Promise<TestDnsServer> {
  const socket = dgram.createSocket('udp4')
  const queries: string[] = []
  socket.on('message', (msg, rinfo) => {
    const q = parseQuestion(msg)
    if (!q) return
    queries.push(`${q.name}/${q.type}`)
    if (opts.mode === 'silent') return
    const ip = opts.mode === 'records' ? opts.records?.[q.name.toLowerCase()] : undefined
    const known = opts.mode === 'records' && opts.records?.[q.name.toLowerCase()] !== undefined
    const rcode = known ? 0 : 3
    const answer = ip && q.type === 1 ? aRecord(ip) : undefined
    const header = Buffer.alloc(12)
    msg.copy(header, 0, 0, 2) // id
    header.writeUInt16BE(0x8180 | (msg.readUInt16BE(2) & 0x0100) | rcode, 2) // QR, RD copied, RA, rcode
    header.writeUInt16BE(1, 4)
    header.writeUInt16BE(answer ? 1 : 0, 6)
    socket.send(Buffer.concat([header, msg.subarray(12, q.end), ...(answer ? [answer] : [])]), rinfo.port, rinfo.address)
  })
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve))
  const port = socket.address().port
  return {
    address: `127.0.0.1:${port}`,
    port,
    queries,
    close: () => new Promise((resolve) => socket.close(() => resolve())),
  }
}

function parseQuestion(msg: Buffer): {name: string; type: number; end: number} | undefined {
  if (msg.length < 17) return undefined
  const labels: string[] = []
  let i = 12
  while (i < msg.length && msg[i] !== 0) {
    const len = msg[i]!
    labels.push(msg.subarray(i + 1, i + 1 + len).toString('ascii'))
    i += len + 1
  }
  if (i + 5 > msg.length) return undefined
  return {name: labels.join('.'), type: msg.readUInt16BE(i + 1), end: i + 5}
}

function aRecord(ip: string): Buffer {
  const b = Buffer.alloc(16)
  b.writeUInt16BE(0xc00c, 0) // pointer to the question's name
  b.writeUInt16BE(1, 2) // A
  b.writeUInt16BE(1, 4) // IN
  b.writeUInt32BE(60, 6)
  b.writeUInt16BE(4, 10)
  ip.split('.').forEach((x, k) => b.writeUInt8(Number(x), 12 + k))
  return b
}

/** A UDP port on 127.0.0.1 where nothing listens (queries to it are refused). */
export async function closedUdpPort(): Promise<number> {
  const s = dgram.createSocket('udp4')
  await new Promise<void>((resolve) => s.bind(0, '127.0.0.1', resolve))
  const port = s.address().port
  await new Promise<void>((resolve) => s.close(() => resolve()))
  return port
}
