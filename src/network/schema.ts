/**
 * The versioned JSON contract of `posdoc network check --json` (schema "posdoc.network-check/1").
 * Adding an optional field keeps /1; renaming, removing or retyping one needs /2. Tests parse
 * real output with it, so a breaking change fails the build.
 */
import {z} from 'zod'

import {NETWORK_CHECK_SCHEMA} from './types.js'

const status = z.enum(['pass', 'warn', 'fail', 'skip', 'error'])
const layer = z.enum(['local', 'dns', 'tcp', 'tls', 'quality', 'terminal'])

export const CheckResultSchema = z
  .object({
    id: z.enum(['network.local', 'network.dns', 'network.tcp', 'network.tls', 'network.quality', 'network.terminal']),
    title: z.string().min(1),
    status,
    summary: z.string().min(1),
    evidence: z.record(z.string(), z.unknown()),
    cause: z.string().optional(),
    remedy: z.string().optional(),
    durationMs: z.number().int().nonnegative(),
  })
  .strict()

export const NetworkCheckResultSchema = z
  .object({
    schema: z.literal(NETWORK_CHECK_SCHEMA),
    startedAt: z.iso.datetime(),
    deadline: z.object({timeoutMs: z.number().int().positive(), elapsedMs: z.number().int().nonnegative(), hit: z.boolean()}).strict(),
    hosts: z.array(
      z
        .object({
          label: z.string(),
          host: z.string(),
          port: z.number().int().min(1).max(65535),
          source: z.enum(['flag', 'profile', 'demo']),
          layers: z.object({dns: status, tcp: status, tls: status, quality: status}).strict(),
        })
        .strict(),
    ),
    terminal: z
      .object({label: z.string(), reached: z.boolean().nullable(), ok: z.boolean().nullable(), resultCode: z.string().regex(/^[0-9A-F]{2}$/).nullable()})
      .strict()
      .nullable(),
    verdict: z
      .object({
        status: z.enum(['healthy', 'warning', 'problem', 'unreachable']),
        location: z.enum(['none', 'shop-network', 'this-pc', 'terminal', 'acquirer-host', 'certificate', 'clock', 'host-name']),
        layer: layer.nullable(),
        host: z.string().nullable(),
        hung: z.boolean(),
        summary: z.string().min(1),
        cause: z.string().optional(),
        remedy: z.string().optional(),
      })
      .strict(),
    checks: z.array(CheckResultSchema).min(1),
  })
  .strict()

export type NetworkCheckJson = z.infer<typeof NetworkCheckResultSchema>
