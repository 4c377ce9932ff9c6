/**
 * Latency samples in check evidence, their statistics, and the report's inline SVG chart.
 * A check contributes a series when its evidence (or one object inside it) has one of
 * SAMPLE_KEYS: an array of milliseconds, null for a lost probe (docs/report-schema.md).
 */
import {z} from 'zod'

import type {CaseCheck} from '../case/schema.js'

export const SAMPLE_KEYS = ['samplesMs', 'latencySamplesMs', 'rttSamplesMs', 'latenciesMs'] as const

export const LatencySeriesSchema = z
  .strictObject({
    checkId: z.string(),
    title: z.string(),
    /** where in the check's evidence the samples were found, e.g. "samplesMs" or "quality.samplesMs" */
    key: z.string(),
    unit: z.literal('ms'),
    samplesMs: z.array(z.number().nonnegative().nullable()).describe('one per probe, in order; null = lost'),
    stats: z.strictObject({
      count: z.number().int(),
      lost: z.number().int(),
      minMs: z.number().optional(),
      medianMs: z.number().optional(),
      p95Ms: z.number().optional(),
      maxMs: z.number().optional(),
    }),
  })
  .meta({id: 'LatencySeries'})

export type LatencySeries = z.infer<typeof LatencySeriesSchema>

function asSamples(v: unknown): Array<number | null> | undefined {
  if (!Array.isArray(v) || v.length < 2 || v.length > 10_000) return undefined
  if (!v.every((x) => x === null || (typeof x === 'number' && Number.isFinite(x) && x >= 0))) return undefined
  return v as Array<number | null>
}

/** Nearest-rank percentile of sorted values. */
function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!
}

const round = (n: number) => Math.round(n * 10) / 10

export function latencyStats(samples: Array<number | null>): LatencySeries['stats'] {
  const ok = samples.filter((x): x is number => x !== null).sort((a, b) => a - b)
  const lost = samples.length - ok.length
  if (ok.length === 0) return {count: samples.length, lost}
  return {count: samples.length, lost, minMs: round(ok[0]!), medianMs: round(percentile(ok, 50)), p95Ms: round(percentile(ok, 95)), maxMs: round(ok[ok.length - 1]!)}
}

export function extractLatency(checks: CaseCheck[]): LatencySeries[] {
  const out: LatencySeries[] = []
  for (const c of checks) {
    const candidates: Array<[string, unknown]> = []
    for (const k of SAMPLE_KEYS) candidates.push([k, c.evidence[k]])
    for (const [outer, v] of Object.entries(c.evidence)) {
      if (v && typeof v === 'object' && !Array.isArray(v)) for (const k of SAMPLE_KEYS) candidates.push([`${outer}.${k}`, (v as Record<string, unknown>)[k]])
    }
    for (const [key, v] of candidates) {
      const samples = asSamples(v)
      if (samples) out.push({checkId: c.id, title: c.title, key, unit: 'ms', samplesMs: samples, stats: latencyStats(samples)})
    }
  }
  return out
}

function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;'})[c]!)
}

/** A small line chart: samples in order, median dashed, lost probes as red marks on the top edge. */
export function latencySvg(series: LatencySeries, labels: {title: string; lost: string; median: string}): string {
  const W = 600
  const H = 180
  const left = 44
  const right = 10
  const top = 14
  const bottom = 24
  const n = series.samplesMs.length
  const values = series.samplesMs.filter((x): x is number => x !== null)
  const maxV = Math.max(1, ...values) * 1.15
  const step = n > 1 ? (W - left - right) / (n - 1) : 0
  const x = (i: number) => left + i * step
  const y = (v: number) => top + (H - top - bottom) * (1 - v / maxV)
  const parts: string[] = []
  // grid: 0, half, full scale
  for (const f of [0, 0.5, 1]) {
    const v = maxV * f
    parts.push(`<line x1="${left}" x2="${W - right}" y1="${y(v).toFixed(1)}" y2="${y(v).toFixed(1)}" class="grid"/>`)
    parts.push(`<text x="${left - 6}" y="${(y(v) + 4).toFixed(1)}" text-anchor="end" class="axis">${Math.round(v)}</text>`)
  }
  // the line, broken at lost probes
  let path = ''
  series.samplesMs.forEach((v, i) => {
    if (v === null) return
    const prevLost = i === 0 || series.samplesMs[i - 1] === null
    path += `${prevLost ? 'M' : 'L'}${x(i).toFixed(1)} ${y(v).toFixed(1)} `
  })
  if (path) parts.push(`<path d="${path.trim()}" class="line"/>`)
  series.samplesMs.forEach((v, i) => {
    if (v === null) parts.push(`<text x="${x(i).toFixed(1)}" y="${top + 4}" text-anchor="middle" class="lost">×</text>`)
    else parts.push(`<circle cx="${x(i).toFixed(1)}" cy="${y(v).toFixed(1)}" r="2.5" class="dot"><title>#${i + 1}: ${v} ms</title></circle>`)
  })
  if (series.stats.medianMs !== undefined) {
    const my = y(series.stats.medianMs).toFixed(1)
    parts.push(`<line x1="${left}" x2="${W - right}" y1="${my}" y2="${my}" class="median"/>`)
    parts.push(`<text x="${W - right}" y="${(Number(my) - 4).toFixed(1)}" text-anchor="end" class="axis">${esc(labels.median)} ${series.stats.medianMs} ms</text>`)
  }
  parts.push(`<text x="${left}" y="${H - 6}" class="axis">ms · 1…${n}${series.stats.lost ? ` · ${series.stats.lost} ${esc(labels.lost)} (×)` : ''}</text>`)
  return `<svg class="chart" viewBox="0 0 ${W} ${H}" width="100%" role="img" aria-label="${esc(labels.title)}">${parts.join('')}</svg>`
}
