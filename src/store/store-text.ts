/** zh-CN / en texts of the action journal and the terminal lock. */
type L<T = string> = {en: T; 'zh-CN': T}

export interface LockOwner {
  pid: number
  host: string
  command: string
  since: string
}

const who = (o: LockOwner | undefined, zh: boolean) =>
  o ? (zh ? `（进程 ${o.pid}，${o.command}，自 ${o.since.slice(11, 19)} 起）` : ` (pid ${o.pid}, \`${o.command}\`, since ${o.since.slice(11, 19)})`) : ''

export const storeText = {
  locked: {
    en: (label: string, o: LockOwner | undefined) => `Another posdoc is driving the terminal ${label}${who(o, false)}`,
    'zh-CN': (label: string, o: LockOwner | undefined) => `另一个 posdoc 正在操作终端 ${label}${who(o, true)}`,
  } as L<(label: string, o: LockOwner | undefined) => string>,
  lockedRemedy: {
    en: 'Wait until it has finished (a void can take a few minutes), or stop it; a crashed posdoc frees the terminal by itself within 10 s',
    'zh-CN': '请等待其完成（撤销可能需要几分钟），或先停止它；若该进程已崩溃，10 秒内会自动释放终端',
  } as L,
  lockFailed: {
    en: (dir: string, why: string) => `Cannot lock the terminal: ${dir} is not usable (${why})`,
    'zh-CN': (dir: string, why: string) => `无法锁定终端：目录 ${dir} 不可用（${why}）`,
  } as L<(dir: string, why: string) => string>,
  lockFailedRemedy: {
    en: 'Check the permissions of the posdoc data directory, or point POSDOC_DATA_DIR at a writable directory',
    'zh-CN': '请检查 posdoc 数据目录的权限，或把 POSDOC_DATA_DIR 指向一个可写目录',
  } as L,
  journalFailed: {
    en: (file: string, why: string) => `Cannot write the action journal ${file} (${why}); nothing was sent to the terminal`,
    'zh-CN': (file: string, why: string) => `无法写入操作日志 ${file}（${why}）；未向终端发送任何指令`,
  } as L<(file: string, why: string) => string>,
  outcomeFailed: {
    en: (file: string, why: string) => `Cannot record the outcome in the action journal ${file} (${why})`,
    'zh-CN': (file: string, why: string) => `无法把结果写入操作日志 ${file}（${why}）`,
  } as L<(file: string, why: string) => string>,
  outcomeFailedRemedy: {
    en: 'Do not repeat the void: fix the disk/permissions, then run any posdoc command for this terminal; it asks the terminal and records the outcome',
    'zh-CN': '请勿重复撤销：修复磁盘空间/权限后，对该终端运行任一 posdoc 命令；它会向终端查询并记录结果',
  } as L,
  journalFailedRemedy: {
    en: 'A void is only sent after its intent is safely on disk: free disk space or fix the permissions of the posdoc data directory',
    'zh-CN': '撤销指令只有在操作意图安全写入磁盘后才会发送：请释放磁盘空间或修复 posdoc 数据目录的权限',
  } as L,
}
