/**
 * `--shard K/N`: this run checks the share of the fleet whose address hashes to K. The share
 * depends only on each terminal's own address, not on row order, so adding or removing a row
 * never moves another terminal to a different shard, and N runs over the same file check every
 * terminal exactly once (their JSON lines simply concatenate).
 */
import {createHash} from 'node:crypto'

import {PosdocError} from '../output/errors.js'
import {ExitCode} from '../output/exit-codes.js'
import type {Fleet} from './fleet.js'

/** K is 1-based, as in `split -n K/N`, jest and playwright (Kubernetes: JOB_COMPLETION_INDEX + 1). */
export interface Shard {
  index: number
  count: number
}

export const MAX_SHARDS = 10_000

export function parseShard(text: string): Shard {
  const m = /^\s*(\d{1,5})\s*\/\s*(\d{1,5})\s*$/.exec(text)
  const index = Number(m?.[1])
  const count = Number(m?.[2])
  if (!m || count < 1 || count > MAX_SHARDS || index < 1 || index > count) {
    throw new PosdocError({
      code: 'USAGE_BAD_SHARD',
      exitCode: ExitCode.Usage,
      message: `--shard "${text}" is not K/N with 1 <= K <= N <= ${MAX_SHARDS}`,
      remedy: 'Give this run its share as K/N, e.g. --shard 2/8 for the second of eight runs',
    })
  }
  return {index, count}
}

/** The shard (1..count) a terminal address belongs to: the first 32 bits of its SHA-256. */
export function shardOf(address: string, count: number): number {
  return (createHash('sha256').update(address).digest().readUInt32BE(0) % count) + 1
}

/**
 * The part of a fleet this shard checks. Duplicate rows follow their address; the fleet file's
 * own row errors are reported by shard 1 only, so the concatenated output names each once.
 */
export function selectShard(fleet: Fleet, shard: Shard | undefined): Fleet {
  if (!shard || shard.count === 1) return fleet
  const mine = (address: string) => shardOf(address, shard.count) === shard.index
  return {
    entries: fleet.entries.filter((e) => mine(e.address)),
    duplicates: fleet.duplicates.filter((d) => mine(d.address)),
    errors: shard.index === 1 ? fleet.errors : [],
    hasHostColumn: fleet.hasHostColumn,
  }
}
