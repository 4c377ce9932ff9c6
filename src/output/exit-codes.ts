/** The one exit-code map (README and --help show it). Stable: scripts depend on it. */
export const ExitCode = {
  Ok: 0,
  ProblemFound: 1,
  Usage: 2,
  Unreachable: 3,
  Aborted: 4,
  Internal: 10,
} as const
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode]

export const EXIT_CODE_TABLE: ReadonlyArray<{code: ExitCode; en: string; zh: string}> = [
  {code: 0, en: 'healthy / action succeeded', zh: '正常 / 操作成功'},
  {code: 1, en: 'problem found or action failed', zh: '发现问题或操作失败'},
  {code: 2, en: 'usage error or bad input', zh: '用法错误或输入有误'},
  {code: 3, en: 'terminal or host unreachable', zh: '终端或主机无法连接'},
  {code: 4, en: 'aborted by the user', zh: '用户中止'},
  {code: 10, en: 'internal error (a bug: please report it)', zh: '内部错误（程序缺陷，请反馈）'},
]
