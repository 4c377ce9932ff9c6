/** startSimulator over real TCP (127.0.0.1) and a socat pty pair; createDemoTerminalLink. */
import net from 'node:net'
import {afterEach, describe, expect, it} from 'vitest'
import {createDemoTerminalLink, startSimulator, type RunningSimulator} from '../../src/sim/server.js'
import type {Link} from '../../src/transport/link.js'
import {openSerialLink} from '../../src/transport/serial.js'
import {createPtyPair, hasSocat, type PtyPair} from '../helpers/socat.js'
import {bmps, bytes, dataOf, hex, RawEcr} from './helpers/raw-ecr.js'

/** A bare net.Socket as a Link, so the ECR side shares nothing with src/transport/tcp.ts. */
function socketLink(socket: net.Socket): Link {
  let open = true
  const closeListeners = new Set<(err?: Error) => void>()
  socket.on('close', () => {
    open = false
    for (const l of closeListeners) l()
  })
  return {
    kind: 'tcp',
    description: 'test socket',
    get isOpen() {
      return open
    },
    write: (b) => new Promise<void>((resolve, reject) => socket.write(b, (err) => (err ? reject(err) : resolve()))),
    onData(l) {
      socket.on('data', l)
      return () => socket.off('data', l)
    },
    onClose(l) {
      closeListeners.add(l)
      return () => closeListeners.delete(l)
    },
    close: () => new Promise<void>((resolve) => socket.end(() => resolve())),
  }
}

async function connect(port: number): Promise<RawEcr> {
  const socket = net.connect({host: '127.0.0.1', port})
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject))
  return new RawEcr(socketLink(socket), 'tcp')
}

let sim: RunningSimulator | undefined
let pty: PtyPair | undefined
const links: Link[] = []
afterEach(async () => {
  for (const l of links.splice(0)) await l.close().catch(() => undefined)
  await sim?.close()
  sim = undefined
  await pty?.close()
  pty = undefined
})

const fast = {cardWaitMs: 0, hostMs: 0}

describe('startSimulator', () => {
  it('serves ECRs over TCP on 127.0.0.1 with bare APDUs', async () => {
    sim = await startSimulator({tcp: {port: 0}, timing: fast})
    expect(sim.tcpAddress?.host).toBe('127.0.0.1')
    const ecr = await connect(sim.tcpAddress!.port)
    links.push(ecr.link)
    expect(await ecr.exchange('060006000000080978')).toEqual(['800000', '060f0a19002929001006490978'])
    const msgs = await ecr.exchange('06010704000000001000')
    expect(msgs[0]).toBe('800000')
    expect(hex(bmps(dataOf(msgs.find((m) => m.startsWith('040f'))!)).get('27')!)).toBe('00')
    expect(msgs.at(-1)).toBe('060f00')
    // a second ECR while nothing runs is served; the journal is the same terminal's
    const other = await connect(sim.tcpAddress!.port)
    links.push(other.link)
    expect((await other.exchange('050100')).at(-1)!.startsWith('060f')).toBe(true)
  })

  it.skipIf(!hasSocat())('plays one terminal over a serial pty and TCP at once, sharing its state', async () => {
    pty = await createPtyPair()
    sim = await startSimulator({tcp: {port: 0}, serial: {path: pty.a}, timing: fast, journalSize: 0})
    expect(sim.serialPath).toBe(pty.a)
    const tcp = await connect(sim.tcpAddress!.port)
    links.push(tcp.link)
    const pay = await tcp.exchange('06010704000000001500')
    const receipt = hex(bmps(dataOf(pay.find((m) => m.startsWith('040f'))!)).get('87')!)

    const serialLink = await openSerialLink({path: pty.b, baudRate: 9600})
    links.push(serialLink)
    const serial = new RawEcr(serialLink, 'serial')
    const rev = await serial.exchange(bytes('063006000000' + '87' + receipt))
    expect(rev[0]).toBe('800000')
    expect(rev.at(-1)).toBe('060f00')
    expect(sim.terminal.state.journal.at(-1)).toMatchObject({type: 'reversal', state: 'booked'})
    // the serial side saw real frames: ACK first, then 80 00 00 framed
    expect(hex(serial.allReceived).startsWith('06' + '1002800000' + '1003f51f')).toBe(true)
  })
})

describe('createDemoTerminalLink', () => {
  it('returns the ECR end of an in-memory TCP-style link to a seeded terminal', async () => {
    const link = await createDemoTerminalLink({seed: 5, timing: fast})
    links.push(link)
    const ecr = new RawEcr(link, 'tcp')
    const [ack, completion] = await ecr.exchange('050100')
    expect(ack).toBe('800000')
    expect(completion!.startsWith('060f')).toBe(true)
    const file = await ecr.exchange('081107' + '06052d031d0101')
    expect(file.at(-1)).toBe('060f022700')
  })
})
