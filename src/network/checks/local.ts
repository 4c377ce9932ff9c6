/** Layer 1: does this PC have a network at all (an interface with an address, a default route)? */
import {execFile} from 'node:child_process'
import {readFile} from 'node:fs/promises'
import os from 'node:os'

import type {Lang} from '../../i18n/index.js'
import {networkText as T} from '../network-text.js'
import type {CheckBody} from '../runner.js'
import type {LocalFact} from '../types.js'

export interface DefaultRoute {
  family: 4 | 6
  interface: string
  gateway: string | null
}

export interface LocalDeps {
  networkInterfaces: () => NodeJS.Dict<os.NetworkInterfaceInfo[]>
  /** undefined: this system gives no way to tell */
  defaultRoutes: () => Promise<DefaultRoute[] | undefined>
}

export const systemLocalDeps: LocalDeps = {
  networkInterfaces: () => os.networkInterfaces(),
  defaultRoutes: () => readDefaultRoutes(),
}

const RTF_UP = 0x0001
const RTF_REJECT = 0x0200

/** /proc/net/route: default = destination 0 and mask 0, route up. The gateway is little-endian hex. */
export function parseProcRoute(text: string): DefaultRoute[] {
  const out: DefaultRoute[] = []
  for (const line of text.split('\n').slice(1)) {
    const f = line.trim().split(/\s+/)
    if (f.length < 8) continue
    const [iface, dest, gw, flags, , , , mask] = f
    if (dest !== '00000000' || mask !== '00000000' || !(parseInt(flags!, 16) & RTF_UP)) continue
    const g = parseInt(gw!, 16)
    const gateway = g === 0 ? null : [g & 0xff, (g >>> 8) & 0xff, (g >>> 16) & 0xff, (g >>> 24) & 0xff].join('.')
    out.push({family: 4, interface: iface!, gateway})
  }
  return out
}

/** /proc/net/ipv6_route: dest ::/0, up, not a reject route (the kernel's "lo" unreachable entry is one). */
export function parseProcIpv6Route(text: string): DefaultRoute[] {
  const out: DefaultRoute[] = []
  for (const line of text.split('\n')) {
    const f = line.trim().split(/\s+/)
    if (f.length < 10) continue
    const [dest, prefix, , , next, , , , flags, iface] = f
    const fl = parseInt(flags!, 16)
    if (!/^0{32}$/.test(dest!) || prefix !== '00' || !(fl & RTF_UP) || fl & RTF_REJECT) continue
    const gateway = /^0{32}$/.test(next!) ? null : next!.match(/.{4}/g)!.join(':').replace(/(^|:)0{1,3}/g, '$1')
    out.push({family: 6, interface: iface!, gateway})
  }
  return out
}

/** macOS `route -n get default`: "gateway: 192.168.1.1", "interface: en0". */
export function parseRouteGet(text: string, family: 4 | 6): DefaultRoute[] {
  const gw = /gateway:\s*(\S+)/.exec(text)?.[1]
  const iface = /interface:\s*(\S+)/.exec(text)?.[1]
  return iface ? [{family, interface: iface, gateway: gw ?? null}] : []
}

/** Windows `route print -4`: "0.0.0.0  0.0.0.0  192.168.1.1  192.168.1.23  25" lines. */
export function parseRoutePrint(text: string): DefaultRoute[] {
  const out: DefaultRoute[] = []
  for (const m of text.matchAll(/^\s*0\.0\.0\.0\s+0\.0\.0\.0\s+(\S+)\s+(\S+)\s+\d+/gm)) {
    out.push({family: 4, interface: m[2]!, gateway: m[1] === 'On-link' ? null : m[1]!})
  }
  return out
}

async function readDefaultRoutes(): Promise<DefaultRoute[] | undefined> {
  if (process.platform === 'linux') {
    const v4 = await readFile('/proc/net/route', 'utf8').then(parseProcRoute, () => undefined)
    const v6 = await readFile('/proc/net/ipv6_route', 'utf8').then(parseProcIpv6Route, () => [])
    return v4 === undefined ? undefined : [...v4, ...v6]
  }
  if (process.platform === 'darwin') {
    const text = await run('route', ['-n', 'get', 'default'])
    return text === undefined ? undefined : parseRouteGet(text, 4)
  }
  if (process.platform === 'win32') {
    const text = await run('route', ['print', '-4'])
    return text === undefined ? undefined : parseRoutePrint(text)
  }
  return undefined
}

function run(cmd: string, args: string[]): Promise<string | undefined> {
  return new Promise((resolve) => {
    execFile(cmd, args, {timeout: 2000, windowsHide: true}, (err, stdout) => resolve(err && !stdout ? (err.code === 1 ? '' : undefined) : String(stdout)))
  })
}

/**
 * @param offMachine some host needs traffic beyond this PC (a missing route then matters)
 */
export async function checkLocal(deps: LocalDeps, ctx: {lang: Lang; offMachine: boolean}): Promise<{body: CheckBody; fact: LocalFact}> {
  const {lang} = ctx
  const interfaces: Array<{name: string; family: 4 | 6; address: string}> = []
  for (const [name, list] of Object.entries(deps.networkInterfaces())) {
    for (const i of list ?? []) {
      if (i.internal) continue
      const family = i.family === 'IPv6' || (i.family as unknown) === 6 ? 6 : 4
      // a link-local IPv6 address alone does not get anywhere
      if (family === 6 && /^fe80:/i.test(i.address)) continue
      interfaces.push({name, family, address: i.address})
    }
  }
  const routes = await deps.defaultRoutes()
  const fact: LocalFact = {interfaces: interfaces.length, defaultRoute: routes === undefined ? null : routes.length > 0}
  const evidence = {interfaces, defaultRoutes: routes ?? null, offMachine: ctx.offMachine}
  const note = ctx.offMachine ? '' : T.loopbackOnly[lang]

  if (interfaces.length === 0) {
    const body: CheckBody = {status: ctx.offMachine ? 'fail' : 'pass', summary: T.noInterfaces[lang] + note, evidence}
    return {body: ctx.offMachine ? {...body, cause: T.noInterfacesCause[lang], remedy: T.noInterfacesRemedy[lang]} : body, fact}
  }
  const ifText = summariseInterfaces(interfaces)
  if (routes !== undefined && routes.length === 0) {
    const summary = `${ifText}; ${T.noRoute[lang]}${note}`
    return {
      body: ctx.offMachine ? {status: 'fail', summary, evidence, cause: T.noRouteCause[lang], remedy: T.noRouteRemedy[lang]} : {status: 'pass', summary, evidence},
      fact,
    }
  }
  const first = routes?.[0]
  const route = first ? T.via[lang](first.gateway ?? 'on-link', first.interface) : T.routeUnknown[lang]
  return {body: {status: 'pass', summary: T.localOk[lang](ifText, route), evidence}, fact}
}

function summariseInterfaces(list: Array<{name: string; address: string}>): string {
  const shown = list.slice(0, 3).map((i) => `${i.name} ${i.address}`)
  return list.length > 3 ? `${shown.join(', ')} (+${list.length - 3})` : shown.join(', ')
}
