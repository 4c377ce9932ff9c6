/** Input of the network check, validated: hosts, DNS servers, timeout, CA files. Every mistake is one line, exit 2. */
import {readFileSync} from 'node:fs'
import net from 'node:net'

import type {Lang} from '../i18n/index.js'
import {PosdocError} from '../output/errors.js'
import {ExitCode} from '../output/exit-codes.js'
import {formatHostPort, parseHostPort} from '../transport/tcp.js'
import {inputText as I} from './network-text.js'
import type {HostTarget} from './types.js'

/** Acquirer hosts speak TLS; 443 unless the acquirer documents another port. */
export const DEFAULT_HOST_PORT = 443

const usage = (code: string, message: string, remedy: string) => new PosdocError({code, exitCode: ExitCode.Usage, message, remedy})

/** Why a host:port text is wrong, in the user's language. */
function whyBad(text: string, lang: Lang): string {
  const port = /:(\d+)$/.exec(text.trim())?.[1]
  return port !== undefined && (Number(port) < 1 || Number(port) > 65535) ? I.whyPort[lang] : I.whyFormat[lang]
}

export function parseHostTarget(text: string, source: HostTarget['source'], lang: Lang, configFile?: string): HostTarget {
  try {
    const {host, port} = parseHostPort(text, DEFAULT_HOST_PORT)
    return {label: formatHostPort(host, port), host, port, source}
  } catch {
    const why = whyBad(text, lang)
    throw usage(
      configFile ? 'CONFIG_BAD_HOST' : 'USAGE_BAD_HOST',
      configFile ? I.badProfileHost[lang](text, configFile, why) : I.badHost[lang](text, why),
      I.hostRemedy[lang],
    )
  }
}

/** "IP" or "IP:PORT" / "[v6]:PORT", as dns.Resolver.setServers takes it. */
export function parseDnsServer(text: string, lang: Lang): string {
  const t = text.trim()
  const bad = () => usage('USAGE_BAD_DNS_SERVER', I.badDnsServer[lang](text), I.dnsServerRemedy[lang])
  if (net.isIP(t)) return t
  const m = /^\[([^\]]+)\]:(\d{1,5})$/.exec(t) ?? /^([\d.]+):(\d{1,5})$/.exec(t)
  if (!m || !net.isIP(m[1]!) || Number(m[2]) < 1 || Number(m[2]) > 65535) throw bad()
  return t
}

export function parseTimeoutSeconds(text: string, lang: Lang): number {
  const s = Number(text)
  if (!/^\d+(\.\d+)?$/.test(text.trim()) || !(s >= 0.5 && s <= 600)) throw usage('USAGE_BAD_TIMEOUT', I.badTimeout[lang](text), I.timeoutRemedy[lang])
  return Math.round(s * 1000)
}

export function readCaFiles(files: string[], lang: Lang): string[] {
  return files.map((f) => {
    let pem: string
    try {
      pem = readFileSync(f, 'utf8')
    } catch (e) {
      throw usage('USAGE_CA_UNREADABLE', I.caUnreadable[lang](f, (e as NodeJS.ErrnoException).code ?? (e as Error).message), I.caRemedy[lang])
    }
    if (!pem.includes('-----BEGIN CERTIFICATE-----')) throw usage('USAGE_CA_NOT_PEM', I.caNotPem[lang](f), I.caRemedy[lang])
    return pem
  })
}
