/**
 * zh-CN / en messages. The language comes from --lang, else POSDOC_LANG, LC_ALL, LC_MESSAGES, LANG.
 * Catalogue entries are functions of named params so word order can differ between languages.
 */
import {catalogue, type MessageKey, type Params} from './catalogue.js'

export type Lang = 'en' | 'zh-CN'

export function detectLang(env: NodeJS.ProcessEnv = process.env): Lang {
  for (const v of [env.POSDOC_LANG, env.LC_ALL, env.LC_MESSAGES, env.LANG]) {
    if (!v) continue
    return /^zh/i.test(v) ? 'zh-CN' : 'en'
  }
  return 'en'
}

export function parseLang(value: string): Lang {
  if (/^zh/i.test(value)) return 'zh-CN'
  return 'en'
}

let current: Lang = detectLang()

export function setLang(lang: Lang): void {
  current = lang
}

export function getLang(): Lang {
  return current
}

export function t<K extends MessageKey>(key: K, params?: Params<K>, lang: Lang = current): string {
  const entry = catalogue[key]
  const fn = lang === 'zh-CN' ? entry.zh : entry.en
  return (fn as (p: Params<K> | undefined) => string)(params)
}

/** Pick between an en and zh text pair (used with knowledge-base entries). */
export function pick(texts: {en: string; zh: string}, lang: Lang = current): string {
  return lang === 'zh-CN' ? texts.zh : texts.en
}

export type {MessageKey}
