// Loads the shared byte vectors (a copy of /work/shared/vectors/zvt.json in test/fixtures/shared, see PROVENANCE.md).
import {readFileSync} from 'node:fs'

export interface ZvtVector {
  source: string
  description: string
  hex: string
  kind: 'frame' | 'apdu'
  direction: 'ECR->PT' | 'PT->ECR'
  expect: Record<string, unknown>
  derived: boolean
  notes?: string
  part?: string
  derived_fields?: Record<string, unknown>
  test_ref?: string
}

export const VECTORS_URL = new URL('../fixtures/shared/zvt-vectors.json', import.meta.url)

export function loadVectors(): ZvtVector[] {
  return JSON.parse(readFileSync(VECTORS_URL, 'utf8')) as ZvtVector[]
}
