/**
 * The check families `posdoc batch --checks` can run, as data: one entry per family with what it
 * needs and how it runs. `--checks` takes exactly these ids; anything else is a usage error
 * that lists them. The order here is the order results appear in.
 */
import type {CheckResult} from '../checks/types.js'
import type {ProbeResult} from '../device/probe.js'
import type {Lang} from '../i18n/index.js'
import {runNetworkCheck} from '../network/service.js'
import {DEFAULT_HOST_PORT} from '../network/targets.js'
import {formatHostPort, parseHostPort} from '../transport/tcp.js'
import type {Clock} from '../util/clock.js'
import type {FleetEntry} from './fleet.js'

export interface FamilyContext {
  entry: FleetEntry
  clock: Clock
  lang: Lang
  /** connect to the row's terminal and probe it; one connection per row, however many families ask */
  probe(): Promise<ProbeResult>
}

export interface FamilyLimits {
  /** clock time (ms) by which the terminal's row must be done */
  deadline: number
  /** aborted when the deadline passes */
  signal: AbortSignal
}

export interface CheckFamily {
  id: string
  /** shown in --help and in the usage error */
  description: string
  /** 'terminal': a connection to the terminal; 'acquirer-host': the row's host column */
  needs: 'terminal' | 'acquirer-host'
  run(ctx: FamilyContext, limits: FamilyLimits): Promise<CheckResult[]>
}

/** What a status enquiry answers; the full probe adds diagnosis, clock, open batch, last transaction. */
const STATUS_CHECKS = new Set(['device.link', 'device.registration', 'device.status', 'device.printer'])

/** Quality probes per acquirer host: a fleet run wants a verdict per host, not a latency profile. */
const FLEET_QUALITY_PROBES = 2
/** the network check ends its own layers this long before the row's deadline */
const NETWORK_MARGIN_MS = 250

const device: CheckFamily = {
  id: 'device',
  description: 'full device probe: status, printer, host test by the terminal, clock, open batch, last transaction',
  needs: 'terminal',
  run: async (ctx) => (await ctx.probe()).checks,
}

const status: CheckFamily = {
  id: 'status',
  description: 'status enquiry only: link, registration, terminal status, printer',
  needs: 'terminal',
  run: async (ctx) => (await ctx.probe()).checks.filter((c) => STATUS_CHECKS.has(c.id)),
}

const network: CheckFamily = {
  id: 'network',
  description: "this PC's network, then DNS, TCP, TLS and link quality to the row's acquirer host(s)",
  needs: 'acquirer-host',
  run: async (ctx, limits) => {
    if (ctx.entry.hosts.length === 0) {
      const zh = ctx.lang === 'zh-CN'
      return [
        {
          id: 'batch.acquirer-host',
          title: zh ? '收单主机' : 'Acquirer host',
          status: 'warn',
          summary: zh ? '车队文件此行未填写收单主机，未检查网络' : 'no acquirer host in this fleet row: the network was not checked',
          evidence: {line: ctx.entry.line},
          remedy: zh ? '在 host 列填写收单主机（HOST:PORT，多个用 ; 分隔）' : 'Fill in the host column (HOST:PORT, several separated by ";")',
          durationMs: 0,
        },
      ]
    }
    const hosts = ctx.entry.hosts.map((text) => {
      const {host, port} = parseHostPort(text, DEFAULT_HOST_PORT)
      // a fleet row plays the part of a terminal profile
      return {label: formatHostPort(host, port), host, port, source: 'profile' as const}
    })
    const timeoutMs = Math.max(500, limits.deadline - ctx.clock.now() - NETWORK_MARGIN_MS)
    const r = await runNetworkCheck({hosts, count: FLEET_QUALITY_PROBES, timeoutMs, clock: ctx.clock, lang: ctx.lang})
    return r.checks
  },
}

export const CHECK_FAMILIES: readonly CheckFamily[] = [device, status, network]

export function familyIds(): string[] {
  return CHECK_FAMILIES.map((f) => f.id)
}

/** The families named in `--checks`, in registry order, and the names no family has. */
export function pickFamilies(names: string[]): {families: CheckFamily[]; unknown: string[]} {
  const unknown = names.filter((n) => !CHECK_FAMILIES.some((f) => f.id === n))
  return {families: CHECK_FAMILIES.filter((f) => names.includes(f.id)), unknown}
}
