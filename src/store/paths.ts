import path from 'node:path'

import {dataDir} from '../config/paths.js'

/** dataDir()/journals: one append-only action journal (JSONL) per terminal. */
export function journalsDir(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(dataDir(env), 'journals')
}

/** dataDir()/locks: one lock per terminal, so only one posdoc drives it at a time. */
export function locksDir(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(dataDir(env), 'locks')
}

export function journalFile(terminalKey: string, env: NodeJS.ProcessEnv = process.env): string {
  return path.join(journalsDir(env), `${terminalKey}.jsonl`)
}
