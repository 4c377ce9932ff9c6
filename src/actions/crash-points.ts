/**
 * Test-only stop points inside a money step, so integration tests can SIGKILL posdoc exactly
 * there and prove that a restart recovers the truth. Honoured only when NODE_ENV=test or
 * POSDOC_TEST=1, so a stray variable on a shop PC does nothing.
 *
 * - after-intent: the intent is fsynced, the 06 30 / 06 31 has not left
 * - after-send: the terminal acknowledged the command (its 80 00 00), nothing else seen yet
 * - after-status-info: the terminal's 04 0F was acknowledged and the terminal proved it got our
 *   acknowledgement (its next frame arrived), so the booking is final, but posdoc has not
 *   recorded the outcome
 */
import {writeSync} from 'node:fs'

export const CRASH_POINTS = ['after-intent', 'after-send', 'after-status-info'] as const
export type CrashPoint = (typeof CRASH_POINTS)[number]

export interface ActionHooks {
  /** called at each point of a money step; may stop the process */
  at?(point: CrashPoint): void
}

export const STOP_MARKER = 'POSDOC_TEST_STOPPED'

export function crashPointFromEnv(env: NodeJS.ProcessEnv = process.env): CrashPoint | undefined {
  if (env.NODE_ENV !== 'test' && env.POSDOC_TEST !== '1') return undefined
  const v = env.POSDOC_TEST_CRASH_AT
  return (CRASH_POINTS as readonly string[]).includes(v ?? '') ? (v as CrashPoint) : undefined
}

/**
 * Hooks for the CLI: at the configured point, write one marker line to stderr and SIGSTOP this
 * process (frozen mid-flight, nothing more is processed); the test then sends SIGKILL.
 */
export function envHooks(env: NodeJS.ProcessEnv = process.env): ActionHooks {
  const point = crashPointFromEnv(env)
  if (!point) return {}
  return {
    at(p) {
      if (p !== point) return
      writeSync(2, `${STOP_MARKER} ${p} pid=${process.pid}\n`)
      process.kill(process.pid, 'SIGSTOP')
    },
  }
}
