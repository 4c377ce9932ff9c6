/**
 * The simulated platform's memory across posdoc processes (`--demo-state DIR`): its orders,
 * counters and virtual time, rewritten atomically after every request. A killed `qr resolve
 * --demo` restarted on the same DIR meets the same platform, as a real one would be.
 */
import {existsSync, readFileSync} from 'node:fs'
import path from 'node:path'
import writeFileAtomic from 'write-file-atomic'

import type {SimOrder} from './orders.js'
import type {QrPlatformContext} from './platform.js'

export interface SimStateFile {
  v: 1
  now: number
  counters: QrPlatformContext['counters']
  /** every money action that reached the platform, in order */
  actions: Array<{at: number; platform: string; action: string; outTradeNo: string}>
  orders: SimOrder[]
}

export const simStatePath = (dir: string) => path.join(dir, 'qr-platform.json')

export function loadSimState(dir: string): SimStateFile | undefined {
  const file = simStatePath(dir)
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as SimStateFile) : undefined
}

export function saveSimState(dir: string, ctx: QrPlatformContext): void {
  const state: SimStateFile = {v: 1, now: ctx.clock.now(), counters: ctx.counters, actions: ctx.actionLog, orders: ctx.book.all()}
  writeFileAtomic.sync(simStatePath(dir), JSON.stringify(state))
}

export function restoreSimState(ctx: QrPlatformContext, state: SimStateFile): void {
  for (const o of state.orders) ctx.book.add(o)
  Object.assign(ctx.counters, state.counters)
  ctx.actionLog.push(...state.actions)
}
