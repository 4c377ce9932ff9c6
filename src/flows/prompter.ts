/**
 * Flows talk to the user only through a Prompter, so the same decision tree runs interactively
 * (@inquirer/prompts on a TTY), from an answers file (agent / script mode), or from a script in tests.
 */
export type QuestionKind = 'select' | 'confirm' | 'input' | 'number'

export interface Question<T = unknown> {
  /** stable id, used in --answers files and in the case */
  id: string
  kind: QuestionKind
  message: {en: string; zh: string}
  /** select: the choices (value + zh/en label) */
  choices?: Array<{value: string; en: string; zh: string}>
  /** the answer used when the user just presses Enter; undefined = the question has no sensible default */
  default?: T
  /** input/number: returns what is wrong with a bad value (both languages), or undefined */
  validate?: (value: string) => {en: string; zh: string} | undefined
}

export interface Prompter {
  ask<T>(q: Question<T>): Promise<T>
  /** true when a human answers (confirmations make sense; progress may be shown) */
  readonly interactive: boolean
}

/** Raised in non-interactive mode for questions that have no answer and no default. */
export class MissingAnswers extends Error {
  constructor(readonly ids: string[]) {
    super(`missing answers: ${ids.join(', ')}`)
    this.name = 'MissingAnswers'
  }
}

/**
 * Answers from a file / flags. A missing answer with a default takes the default; without one it is
 * recorded and answered with undefined-safe fallbacks only after the flow asks `assertComplete()`.
 */
export class AnswersPrompter implements Prompter {
  readonly interactive = false
  readonly asked: string[] = []
  readonly missing: string[] = []

  constructor(private readonly answers: Record<string, unknown>) {}

  async ask<T>(q: Question<T>): Promise<T> {
    this.asked.push(q.id)
    if (Object.hasOwn(this.answers, q.id)) return coerce(q, this.answers[q.id]) as T
    if (q.default !== undefined) return q.default
    this.missing.push(q.id)
    throw new MissingAnswers([q.id])
  }
}

function coerce<T>(q: Question<T>, v: unknown): unknown {
  switch (q.kind) {
    case 'confirm':
      return v === true || v === 'yes' || v === 'y' || v === 'true'
    case 'number': {
      const n = typeof v === 'number' ? v : Number(String(v).replace(',', '.'))
      if (!Number.isFinite(n)) throw new BadAnswer(q.id, String(v))
      return n
    }
    case 'select': {
      const s = String(v)
      if (!q.choices?.some((c) => c.value === s)) throw new BadAnswer(q.id, s)
      return s
    }
    default: {
      const s = String(v)
      const err = q.validate?.(s)
      if (err) throw new BadAnswer(q.id, s, err.en)
      return s
    }
  }
}

export class BadAnswer extends Error {
  constructor(
    readonly id: string,
    readonly value: string,
    readonly reason?: string,
  ) {
    super(`answer "${value}" for ${id} is not valid${reason ? `: ${reason}` : ''}`)
    this.name = 'BadAnswer'
  }
}

/** Scripted answers for tests: a queue per question id. */
export class ScriptedPrompter implements Prompter {
  readonly interactive = true
  readonly log: Array<{id: string; answer: unknown}> = []
  constructor(private readonly script: Record<string, unknown>) {}
  async ask<T>(q: Question<T>): Promise<T> {
    const answer = Object.hasOwn(this.script, q.id) ? coerce(q, this.script[q.id]) : q.default
    if (answer === undefined) throw new MissingAnswers([q.id])
    this.log.push({id: q.id, answer})
    return answer as T
  }
}
