import {createHash} from 'node:crypto'
import envPaths from 'env-paths'
import path from 'node:path'

const paths = envPaths('posdoc', {suffix: ''})

/** Where posdoc keeps cases, action journals, locks and pulled logs. POSDOC_DATA_DIR overrides (tests, portable installs). */
export function dataDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.POSDOC_DATA_DIR ? path.resolve(env.POSDOC_DATA_DIR) : paths.data
}

/** The config file: POSDOC_CONFIG, else config.json in the user's config directory. */
export function configFile(env: NodeJS.ProcessEnv = process.env): string {
  return env.POSDOC_CONFIG ? path.resolve(env.POSDOC_CONFIG) : path.join(paths.config, 'config.json')
}

/**
 * A stable, filesystem-safe key for one terminal (lock files, action journals), readable and
 * made unique by a short hash of the exact address: "tcp-127.0.0.1-20007-1a2b3c4d".
 */
export function terminalKey(target: {kind: string; label: string}): string {
  const readable = `${target.kind}-${target.label}`.replace(/[^A-Za-z0-9._]+/g, '-').replace(/^-+|-+$/g, '')
  const hash = createHash('sha256').update(`${target.kind}\0${target.label}`).digest('hex').slice(0, 8)
  return `${readable}-${hash}`
}
