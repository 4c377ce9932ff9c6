import {describe, expect, it} from 'vitest'

import type {CheckStatus} from '../../src/checks/types.js'
import type {HostLayer, LayerRun, LocalFact, TerminalFact} from '../../src/network/types.js'
import {decideVerdict, hostFinding, locationOf} from '../../src/network/verdict.js'

const run = (layer: HostLayer | 'local' | 'terminal', status: CheckStatus, evidence: Record<string, unknown> = {}, fact?: unknown, timedOut = false): LayerRun<unknown> => ({
  layer,
  host: layer === 'local' || layer === 'terminal' ? null : 'h:443',
  check: {id: `network.${layer}`, title: layer, status, summary: `${layer} ${status}`, evidence, cause: `${layer} cause`, remedy: `${layer} remedy`, durationMs: 1},
  fact,
  timedOut,
})
const healthyHost = () => [run('dns', 'pass'), run('tcp', 'pass'), run('tls', 'pass'), run('quality', 'pass')]
const host = (runs: Array<LayerRun<unknown>>) => ({label: 'h:443', runs})
const terminal = (fact: TerminalFact | undefined, timedOut = false) => run('terminal', fact?.ok ? 'pass' : 'fail', {}, fact, timedOut) as LayerRun<TerminalFact>
const termOk = terminal({reached: true, ok: true, resultCode: 0})
const termFail = terminal({reached: true, ok: false, resultCode: 0xa3})

describe('fault location per layer', () => {
  it.each([
    ['dns', 'nxdomain', 'host-name'],
    ['dns', 'timeout', 'shop-network'],
    ['dns', 'no-server', 'shop-network'],
    ['tcp', 'refused', 'acquirer-host'],
    ['tcp', 'timeout', 'shop-network'],
    ['tcp', 'unreachable', 'shop-network'],
    ['tls', 'timeout', 'acquirer-host'],
    ['tls', 'expired', 'certificate'],
    ['tls', 'hostname', 'certificate'],
    ['tls', 'not-yet-valid', 'clock'],
    ['quality', undefined, 'shop-network'],
  ] as const)('%s %s -> %s', (layer, failure, location) => {
    expect(locationOf(layer, failure)).toBe(location)
  })

  it('a host finding is its first failing layer, in layer order', () => {
    const f = hostFinding([run('quality', 'fail'), run('tls', 'warn', {failure: 'slow'}), run('tcp', 'fail', {failure: 'refused'}), run('dns', 'pass')])
    expect(f?.run.layer).toBe('tcp')
    expect(hostFinding([run('dns', 'pass'), run('tls', 'warn', {failure: 'slow'}), run('quality', 'warn')])?.run.layer).toBe('tls')
  })
})

describe('verdict', () => {
  it('healthy on both sides', () => {
    const v = decideVerdict({lang: 'en', offMachine: true, local: run('local', 'pass') as LayerRun<LocalFact>, hosts: [host(healthyHost())], terminal: termOk})
    expect(v).toMatchObject({status: 'healthy', location: 'none', layer: null, hung: false})
    expect(v.summary).toMatch(/and so does the terminal/)
  })

  it('PC reaches the host, terminal does not -> terminal', () => {
    const v = decideVerdict({lang: 'en', offMachine: true, hosts: [host(healthyHost())], terminal: termFail})
    expect(v).toMatchObject({status: 'problem', location: 'terminal', layer: 'terminal'})
    expect(v.summary).toMatch(/PC reaches the host, terminal does not/)
  })

  it('terminal reaches the host, PC does not -> this PC', () => {
    const v = decideVerdict({lang: 'zh-CN', offMachine: true, hosts: [host([run('dns', 'pass'), run('tcp', 'fail', {failure: 'timeout'}), run('tls', 'skip'), run('quality', 'skip')])], terminal: termOk})
    expect(v).toMatchObject({status: 'problem', location: 'this-pc', layer: 'tcp'})
    expect(v.summary).toMatch(/终端能连上主机，本机连不上/)
  })

  it('both fail: the PC layer names the place; a host that cannot be reached at all is "unreachable"', () => {
    const refused = decideVerdict({lang: 'en', offMachine: true, hosts: [host([run('dns', 'pass'), run('tcp', 'fail', {failure: 'refused'})])], terminal: termFail})
    expect(refused).toMatchObject({status: 'unreachable', location: 'acquirer-host', layer: 'tcp', host: 'h:443'})
    const hung = decideVerdict({lang: 'en', offMachine: true, hosts: [host([run('dns', 'pass'), run('tcp', 'pass'), run('tls', 'fail', {failure: 'timeout', timedOut: true})])]})
    expect(hung).toMatchObject({status: 'unreachable', location: 'acquirer-host', layer: 'tls', hung: true})
    const cert = decideVerdict({lang: 'en', offMachine: true, hosts: [host([run('dns', 'pass'), run('tcp', 'pass'), run('tls', 'fail', {failure: 'expired'})])], terminal: termFail})
    expect(cert).toMatchObject({status: 'problem', location: 'certificate', remedy: 'tls remedy'})
  })

  it('a certificate "not yet valid" stays a clock finding even when the terminal gets through', () => {
    const v = decideVerdict({lang: 'en', offMachine: true, hosts: [host([run('dns', 'pass'), run('tcp', 'pass'), run('tls', 'fail', {failure: 'not-yet-valid'})])], terminal: termOk})
    expect(v.location).toBe('clock')
  })

  it('one of two hosts unreachable is a problem, not "unreachable"', () => {
    const v = decideVerdict({lang: 'en', offMachine: true, hosts: [host(healthyHost()), {label: 'b:443', runs: [run('dns', 'fail', {failure: 'nxdomain'})]}]})
    expect(v).toMatchObject({status: 'problem', location: 'host-name', layer: 'dns'})
  })

  it('warnings keep the run usable', () => {
    const v = decideVerdict({lang: 'en', offMachine: true, hosts: [host([run('dns', 'pass'), run('tcp', 'pass'), run('tls', 'warn', {failure: 'slow'}), run('quality', 'pass')])], terminal: termOk})
    expect(v).toMatchObject({status: 'warning', location: 'acquirer-host', layer: 'tls'})
    expect(v.summary).toMatch(/answers slowly/)
  })

  it('no local network matters only when a host is off this PC', () => {
    const local = run('local', 'fail') as LayerRun<LocalFact>
    expect(decideVerdict({lang: 'en', offMachine: true, local, hosts: [host([run('dns', 'fail', {failure: 'temporary'})])]})).toMatchObject({status: 'unreachable', location: 'shop-network', layer: 'local'})
    expect(decideVerdict({lang: 'en', offMachine: false, local, hosts: [host(healthyHost())]}).status).toBe('healthy')
  })

  it('the terminal itself unreachable, or cut off by the deadline', () => {
    const gone = decideVerdict({lang: 'en', offMachine: true, hosts: [host(healthyHost())], terminal: terminal({reached: false, ok: false, resultCode: null})})
    expect(gone).toMatchObject({status: 'unreachable', location: 'terminal', layer: 'terminal'})
    const cut = decideVerdict({lang: 'en', offMachine: true, hosts: [host(healthyHost())], terminal: terminal(undefined, true)})
    expect(cut).toMatchObject({status: 'problem', location: 'terminal', hung: true})
  })

  it('terminal only (no host to compare)', () => {
    expect(decideVerdict({lang: 'en', offMachine: false, hosts: [], terminal: termOk})).toMatchObject({status: 'healthy', summary: 'the terminal reaches its host'})
    expect(decideVerdict({lang: 'en', offMachine: false, hosts: [], terminal: termFail})).toMatchObject({status: 'problem', location: 'terminal'})
  })
})

describe('verdict: terminal cut off by the deadline while this PC saw a warning', () => {
  it('the PC-side warning names the place, as a problem', () => {
    const v = decideVerdict({
      lang: 'en',
      offMachine: true,
      hosts: [host([run('dns', 'pass'), run('tcp', 'pass'), run('tls', 'warn', {failure: 'slow'}), run('quality', 'skip')])],
      terminal: terminal(undefined, true),
    })
    expect(v).toMatchObject({status: 'problem', location: 'acquirer-host', layer: 'tls'})
  })
})

describe('verdict: loss on this PC while the terminal\'s single test passed', () => {
  it('stays a shop-network finding (one good test says nothing about loss)', () => {
    const v = decideVerdict({lang: 'en', offMachine: true, hosts: [host([run('dns', 'pass'), run('tcp', 'pass'), run('tls', 'pass'), run('quality', 'fail')])], terminal: termOk})
    expect(v).toMatchObject({status: 'problem', location: 'shop-network', layer: 'quality'})
  })
})
