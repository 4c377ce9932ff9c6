/** Prompter on a TTY: @inquirer/prompts (loaded lazily so script mode never pays for it). Prompts go to stderr. */
import type {Lang} from '../i18n/index.js'
import type {Prompter, Question} from './prompter.js'

export class InquirerPrompter implements Prompter {
  readonly interactive = true
  constructor(private readonly lang: Lang) {}

  async ask<T>(q: Question<T>): Promise<T> {
    const p = await import('@inquirer/prompts')
    const message = this.lang === 'zh-CN' ? q.message.zh : q.message.en
    const ctx = {output: process.stderr}
    switch (q.kind) {
      case 'select':
        return (await p.select(
          {
            message,
            choices: (q.choices ?? []).map((c) => ({name: this.lang === 'zh-CN' ? c.zh : c.en, value: c.value})),
            ...(q.default === undefined ? {} : {default: q.default as string}),
          },
          ctx,
        )) as T
      case 'confirm':
        // inquirer's confirm shows "(y/N)": in Chinese a choice of 是 / 否 reads right
        if (this.lang === 'zh-CN') {
          const v = await p.select({message, choices: [{name: '否', value: 'no'}, {name: '是', value: 'yes'}], default: q.default === true ? 'yes' : 'no'}, ctx)
          return (v === 'yes') as T
        }
        return (await p.confirm({message, default: q.default === true}, ctx)) as T
      case 'number': {
        const v = await p.number({message, ...(typeof q.default === 'number' ? {default: q.default} : {}), required: q.default === undefined}, ctx)
        return (v ?? q.default) as T
      }
      default: {
        const v = await p.input(
          {
            message,
            ...(typeof q.default === 'string' && q.default !== '' ? {default: q.default} : {}),
            validate: (s: string) => {
              const err = q.validate?.(s.trim())
              if (err) return this.lang === 'zh-CN' ? err.zh : err.en
              if (q.default === undefined && s.trim() === '') return this.lang === 'zh-CN' ? '请输入内容' : 'please enter a value'
              return true
            },
          },
          ctx,
        )
        return v.trim() as T
      }
    }
  }
}
