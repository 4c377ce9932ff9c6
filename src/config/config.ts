import {existsSync, readFileSync} from 'node:fs'
import {z} from 'zod'

import {PosdocError} from '../output/errors.js'
import {ExitCode} from '../output/exit-codes.js'
import {configFile} from './paths.js'

/** A terminal the merchant or agent configured once, picked with --terminal NAME. */
export const TerminalProfileSchema = z
  .object({
    name: z.string().min(1),
    tcp: z.string().optional(),
    serial: z.string().optional(),
    baud: z.union([z.string(), z.number()]).optional(),
    password: z.string().regex(/^\d{6}$/).optional(),
    terminalId: z.string().regex(/^\d{8}$/).optional(),
    merchantId: z.string().optional(),
    merchantName: z.string().optional(),
    model: z.string().optional(),
    serialNumber: z.string().optional(),
    acquirer: z
      .object({
        name: z.string().optional(),
        /** HOST:PORT of the acquirer's authorisation host(s), for the network check */
        hosts: z.array(z.string()).default([]),
      })
      .optional(),
  })
  .strict()

export type TerminalProfile = z.infer<typeof TerminalProfileSchema>

export const ConfigSchema = z
  .object({
    terminals: z.array(TerminalProfileSchema).default([]),
    /** CSV column-mapping profiles for journal / settlement imports (validated by the import code) */
    csvProfiles: z.array(z.record(z.string(), z.unknown())).default([]),
    /** business days of the payout leg (recon --payouts): days added to the built-in CN / DE calendar */
    payoutCalendar: z
      .object({
        base: z.enum(['CN', 'DE']).optional(),
        holidays: z.array(z.string().regex(/^\d{4}-\d{2}-\d{2}(\.\.\d{4}-\d{2}-\d{2})?$/, 'YYYY-MM-DD or YYYY-MM-DD..YYYY-MM-DD')).default([]),
        workdays: z.array(z.string().regex(/^\d{4}-\d{2}-\d{2}(\.\.\d{4}-\d{2}-\d{2})?$/, 'YYYY-MM-DD or YYYY-MM-DD..YYYY-MM-DD')).default([]),
      })
      .strict()
      .optional(),
  })
  .strict()

export type PosdocConfig = z.infer<typeof ConfigSchema>

const EMPTY: PosdocConfig = {terminals: [], csvProfiles: []}

/**
 * Load the config file; a missing file is an empty config. An unreadable or invalid file is a
 * usage error (exit 2) naming the file and the first problem, never silently ignored.
 */
export function loadConfig(file: string = configFile()): PosdocConfig & {file: string} {
  if (!existsSync(file)) return {...EMPTY, file}
  let raw: unknown
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'))
  } catch (e) {
    throw new PosdocError({
      code: 'CONFIG_UNREADABLE',
      exitCode: ExitCode.Usage,
      message: `cannot read config file ${file}: ${(e as Error).message.split('\n')[0]}`,
      remedy: 'Fix the JSON (see docs/config.md) or point POSDOC_CONFIG at another file',
    })
  }
  const parsed = ConfigSchema.safeParse(raw)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!
    throw new PosdocError({
      code: 'CONFIG_INVALID',
      exitCode: ExitCode.Usage,
      message: `config file ${file}: ${issue.path.join('.') || '(top level)'}: ${issue.message}`,
      remedy: 'Fix the entry (see docs/config.md)',
    })
  }
  return {...parsed.data, file}
}

export function findTerminalProfile(config: PosdocConfig & {file: string}, name: string): TerminalProfile {
  const p = config.terminals.find((t) => t.name === name)
  if (!p) {
    const known = config.terminals.map((t) => t.name).join(', ') || 'none'
    throw new PosdocError({
      code: 'CONFIG_UNKNOWN_TERMINAL',
      exitCode: ExitCode.Usage,
      message: `no terminal profile "${name}" in ${config.file} (known: ${known})`,
      remedy: 'Add it under "terminals" in the config file, or give --tcp / --serial directly',
    })
  }
  return p
}
