/**
 * Runs one check under a time limit: a crash becomes an 'error' result, a check that does not
 * finish in its budget is cut off (its AbortSignal fires so it can close its sockets) and
 * reported as 'fail' with evidence.timedOut, a check with no time left is skipped. Never throws.
 */
import type {CheckResult} from '../checks/types.js'
import type {Clock} from '../util/clock.js'
import type {Layer, LayerRun} from './types.js'

export type CheckBody = Omit<CheckResult, 'id' | 'title' | 'durationMs'>

/** The whole run's deadline (`--timeout`). */
export class Deadline {
  readonly startedAt: number
  /** a check was cut off or skipped because of it */
  hit = false

  constructor(
    readonly clock: Clock,
    readonly totalMs: number,
  ) {
    this.startedAt = clock.now()
  }

  elapsed(): number {
    return this.clock.now() - this.startedAt
  }

  remaining(): number {
    return Math.max(0, this.totalMs - this.elapsed())
  }
}

export interface LayerSpec {
  id: string
  title: string
  layer: Layer
  host: string | null
  clock: Clock
  /** hard limit for this check (ms) */
  budgetMs: number
  deadline?: Deadline
  /** the result when the check is cut off */
  onTimeout: (budgetMs: number) => CheckBody
  /** the result when no time is left to start it */
  onNoTime: () => CheckBody
  /** remedy shown when the check itself crashed */
  crashRemedy: string
}

export interface LayerContext {
  signal: AbortSignal
  /** the check's own budget; checks time their sockets slightly below it to report details */
  budgetMs: number
}

export async function runLayer<F>(spec: LayerSpec, fn: (ctx: LayerContext) => Promise<{body: CheckBody; fact?: F}>): Promise<LayerRun<F>> {
  const base = {layer: spec.layer, host: spec.host}
  const make = (body: CheckBody, durationMs: number, fact: F | undefined, timedOut: boolean): LayerRun<F> => ({
    ...base,
    check: {id: spec.id, title: spec.title, ...body, durationMs: Math.round(durationMs)},
    fact,
    timedOut,
  })
  if (spec.budgetMs <= 0) {
    if (spec.deadline) spec.deadline.hit = true
    const body = spec.onNoTime()
    return make({...body, evidence: {...body.evidence, deadline: true}}, 0, undefined, false)
  }
  const started = spec.clock.now()
  const controller = new AbortController()
  let timer: ReturnType<Clock['setTimeout']> | undefined
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = spec.clock.setTimeout(() => resolve('timeout'), spec.budgetMs)
  })
  const work = fn({signal: controller.signal, budgetMs: spec.budgetMs}).then(
    (r) => ({ok: true as const, r}),
    (e: unknown) => ({ok: false as const, e}),
  )
  const outcome = await Promise.race([work, timeout])
  if (timer) spec.clock.clearTimeout(timer)
  const took = spec.clock.now() - started
  if (outcome === 'timeout') {
    controller.abort()
    if (spec.deadline) spec.deadline.hit = true
    const body = spec.onTimeout(spec.budgetMs)
    return make({...body, evidence: {...body.evidence, timedOut: true, budgetMs: spec.budgetMs}}, took, undefined, true)
  }
  controller.abort() // lets the check release anything it still holds
  if (!outcome.ok) {
    const e = outcome.e as {message?: string; code?: string}
    return make({status: 'error', summary: e?.message ?? String(outcome.e), evidence: {error: e?.code ?? 'exception'}, remedy: spec.crashRemedy}, took, undefined, false)
  }
  const timedOut = outcome.r.body.evidence.timedOut === true
  if (timedOut && spec.deadline) spec.deadline.hit = true
  return make(outcome.r.body, took, outcome.r.fact, timedOut)
}

/** Resolves after ms, or at once when the signal fires; the timer never outlives the signal. */
export function waitOrAbort(clock: Clock, ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve()
    const t = clock.setTimeout(() => {
      signal.removeEventListener('abort', onAbort)
      resolve()
    }, ms)
    const onAbort = () => {
      clock.clearTimeout(t)
      resolve()
    }
    signal.addEventListener('abort', onAbort, {once: true})
  })
}
