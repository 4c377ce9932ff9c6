import fc from 'fast-check'
import {describe, expect, it} from 'vitest'

import type {Fleet, FleetEntry} from '../../src/batch/fleet.js'
import {parseShard, selectShard, shardOf} from '../../src/batch/shard.js'
import {isPosdocError} from '../../src/output/errors.js'

const entry = (address: string, line: number): FleetEntry => ({line, name: `t${line}`, address, tcp: address.slice(4), hosts: []})
const fleetOf = (addresses: string[]): Fleet => ({
  entries: addresses.map((a, i) => entry(a, i + 2)),
  errors: [{line: 99, reason: 'no name'}],
  duplicates: [],
  hasHostColumn: false,
})
const addresses = fc.uniqueArray(
  fc.tuple(fc.ipV4(), fc.integer({min: 1, max: 65535})).map(([ip, port]) => `tcp ${ip}:${port}`),
  {maxLength: 200},
)

describe('--shard K/N', () => {
  it('N shards partition the fleet exactly: every terminal in one shard, none in two', () => {
    fc.assert(
      fc.property(addresses, fc.integer({min: 1, max: 17}), (list, count) => {
        const fleet = fleetOf(list)
        const seen = new Map<string, number>()
        for (let k = 1; k <= count; k++) {
          for (const e of selectShard(fleet, {index: k, count}).entries) seen.set(e.address, (seen.get(e.address) ?? 0) + 1)
        }
        expect([...seen.keys()].sort()).toEqual([...list].sort())
        expect([...seen.values()].every((v) => v === 1)).toBe(true)
      }),
    )
  })

  it('a terminal keeps its shard when rows are added, removed or reordered', () => {
    fc.assert(
      fc.property(addresses, addresses, fc.integer({min: 2, max: 17}), (before, added, count) => {
        const after = [...added.filter((a) => !before.includes(a)), ...before.slice(1).reverse()]
        const shardIn = (list: string[], address: string) => {
          for (let k = 1; k <= count; k++) if (selectShard(fleetOf(list), {index: k, count}).entries.some((e) => e.address === address)) return k
          return 0
        }
        for (const a of before.slice(1)) expect(shardIn(after, a)).toBe(shardIn(before, a))
      }),
      {numRuns: 50},
    )
  })

  it('spreads a fleet roughly evenly', () => {
    const counts = new Array(8).fill(0)
    for (let i = 0; i < 8000; i++) counts[shardOf(`tcp 10.${i >> 8}.${i & 255}.1:20007`, 8) - 1]++
    for (const c of counts) expect(c).toBeGreaterThan(850)
  })

  it('row errors are reported by shard 1 only; duplicates go with their address', () => {
    const fleet = fleetOf(['tcp 10.0.0.1:20007', 'tcp 10.0.0.2:20007'])
    fleet.duplicates.push({line: 9, name: 'again', address: 'tcp 10.0.0.1:20007', firstLine: 2, firstName: 't2'})
    const shards = [1, 2, 3].map((k) => selectShard(fleet, {index: k, count: 3}))
    expect(shards.map((s) => s.errors.length)).toEqual([1, 0, 0])
    const home = shardOf('tcp 10.0.0.1:20007', 3)
    expect(shards.map((s) => s.duplicates.length)).toEqual([1, 2, 3].map((k) => (k === home ? 1 : 0)))
  })

  it.each(['0/3', '4/3', '1/0', '3', 'a/b', '1/3/4', '-1/3', '1/10001'])('rejects %s as a usage error', (text) => {
    try {
      parseShard(text)
      expect.unreachable()
    } catch (e) {
      expect(isPosdocError(e) && e.code === 'USAGE_BAD_SHARD' && e.exitCode === 2).toBe(true)
    }
  })

  it('reads K/N', () => {
    expect(parseShard('2/8')).toEqual({index: 2, count: 8})
    expect(parseShard(' 1 / 1 ')).toEqual({index: 1, count: 1})
  })
})
