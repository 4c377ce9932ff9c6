// Loads the ZVT byte vectors copied into test/fixtures/zvt/ (provenance: test/fixtures/README.md).
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

export const VECTORS_URL = new URL('../fixtures/zvt/zvt.json', import.meta.url)

export function loadVectors(): ZvtVector[] {
  return JSON.parse(readFileSync(VECTORS_URL, 'utf8')) as ZvtVector[]
}
