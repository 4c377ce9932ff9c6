/** The one result type every check produces (device probe, network check, flows, batch). */
export type CheckStatus = 'pass' | 'warn' | 'fail' | 'skip' | 'error'

export interface CheckResult {
  /** stable id, e.g. "device.status", "device.clock" */
  id: string
  title: string
  status: CheckStatus
  /** one line: what was measured */
  summary: string
  /** the measured facts behind the summary (JSON-safe, masked) */
  evidence: Record<string, unknown>
  /** likely cause, when not passing */
  cause?: string
  /** what to do, when not passing */
  remedy?: string
  durationMs: number
}

export function worstStatus(results: ReadonlyArray<Pick<CheckResult, 'status'>>): CheckStatus {
  const rank: Record<CheckStatus, number> = {pass: 0, skip: 0, warn: 1, fail: 2, error: 3}
  let worst: CheckStatus = 'pass'
  for (const r of results) if (rank[r.status] > rank[worst]) worst = r.status
  return worst
}
