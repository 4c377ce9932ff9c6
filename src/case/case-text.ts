/** zh-CN / en texts of the case store and its commands (kept beside them: they are its vocabulary). */
import type {Lang} from '../i18n/index.js'
import type {ActionKind, ActionOutcome, CaseEventKind, CaseStatus, EvidenceKind, TxRole, TxSource, TxState, TxType, VerdictOutcome} from './schema.js'

type L<T = string> = {en: T; 'zh-CN': T}

/** Labels of every enumerated value in a case (the report shows them in its language). */
export const enumLabels = {
  caseStatus: {
    open: {en: 'open', 'zh-CN': '处理中'},
    resolved: {en: 'resolved', 'zh-CN': '已解决'},
    'needs-acquirer': {en: 'needs the acquirer', 'zh-CN': '需收单机构处理'},
    aborted: {en: 'aborted', 'zh-CN': '已中止'},
  },
  checkStatus: {
    pass: {en: 'pass', 'zh-CN': '通过'},
    warn: {en: 'warning', 'zh-CN': '警告'},
    fail: {en: 'fail', 'zh-CN': '失败'},
    skip: {en: 'skipped', 'zh-CN': '跳过'},
    error: {en: 'error', 'zh-CN': '出错'},
  },
  verdict: {
    resolved: {en: 'resolved', 'zh-CN': '已解决'},
    'merchant-action': {en: 'merchant to act', 'zh-CN': '需商户处理'},
    'acquirer-action': {en: 'acquirer to act', 'zh-CN': '需收单机构处理'},
    wait: {en: 'wait', 'zh-CN': '请等待'},
    'in-doubt': {en: 'in doubt', 'zh-CN': '结果未知'},
    'problem-found': {en: 'problem found', 'zh-CN': '发现问题'},
    'needs-acquirer': {en: 'needs the acquirer', 'zh-CN': '需收单机构处理'},
    'no-problem-found': {en: 'no problem found', 'zh-CN': '未发现问题'},
    inconclusive: {en: 'inconclusive', 'zh-CN': '无法确定'},
  },
  txType: {
    sale: {en: 'sale', 'zh-CN': '消费'},
    void: {en: 'void', 'zh-CN': '撤销'},
    refund: {en: 'refund', 'zh-CN': '退货'},
    reversal: {en: 'reversal', 'zh-CN': '冲正'},
    'pre-auth': {en: 'pre-authorisation', 'zh-CN': '预授权'},
    'end-of-day': {en: 'end-of-day', 'zh-CN': '结算'},
    'qr-payment': {en: 'QR payment', 'zh-CN': '扫码支付'},
    other: {en: 'other', 'zh-CN': '其他'},
  },
  txRole: {
    disputed: {en: 'the payment in question', 'zh-CN': '争议交易'},
    original: {en: 'original transaction', 'zh-CN': '原交易'},
    related: {en: 'related', 'zh-CN': '相关交易'},
    retry: {en: 'retry', 'zh-CN': '重试'},
  },
  txState: {
    approved: {en: 'approved', 'zh-CN': '已批准'},
    declined: {en: 'declined', 'zh-CN': '被拒绝'},
    reversed: {en: 'reversed', 'zh-CN': '已冲正'},
    voided: {en: 'voided', 'zh-CN': '已撤销'},
    refunded: {en: 'refunded', 'zh-CN': '已退货'},
    pending: {en: 'pending', 'zh-CN': '处理中'},
    'in-doubt': {en: 'outcome unknown', 'zh-CN': '结果未知'},
    'not-found': {en: 'not found', 'zh-CN': '未找到'},
    unknown: {en: 'unknown', 'zh-CN': '未知'},
  },
  txSource: {
    terminal: {en: 'terminal', 'zh-CN': '终端'},
    journal: {en: 'terminal journal', 'zh-CN': '终端流水'},
    'wire-log': {en: 'wire log', 'zh-CN': '通信日志'},
    settlement: {en: 'settlement file', 'zh-CN': '结算文件'},
    merchant: {en: 'merchant', 'zh-CN': '商户'},
    platform: {en: 'payment platform', 'zh-CN': '支付平台'},
  },
  actionKind: {
    reprint: {en: 'reprint', 'zh-CN': '补打小票'},
    void: {en: 'void', 'zh-CN': '撤销'},
    refund: {en: 'refund', 'zh-CN': '退货'},
    'end-of-day': {en: 'end-of-day', 'zh-CN': '结算'},
    'status-query': {en: 'status query', 'zh-CN': '状态查询'},
    recon: {en: 'reconciliation', 'zh-CN': '对账'},
    'log-pull': {en: 'log pull', 'zh-CN': '拉取日志'},
    other: {en: 'other', 'zh-CN': '其他'},
  },
  actionOutcome: {
    pending: {en: 'pending', 'zh-CN': '进行中'},
    success: {en: 'succeeded', 'zh-CN': '成功'},
    failed: {en: 'failed', 'zh-CN': '失败'},
    'in-doubt': {en: 'outcome unknown', 'zh-CN': '结果未知'},
    skipped: {en: 'skipped', 'zh-CN': '未执行'},
    'dry-run': {en: 'dry run (nothing sent)', 'zh-CN': '演练（未发送）'},
    'declined-by-user': {en: 'declined by the user', 'zh-CN': '用户拒绝执行'},
  },
  eventKind: {
    question: {en: 'question', 'zh-CN': '提问'},
    answer: {en: 'answer', 'zh-CN': '回答'},
    check: {en: 'check', 'zh-CN': '检查'},
    action: {en: 'action', 'zh-CN': '操作'},
    note: {en: 'note', 'zh-CN': '记录'},
    error: {en: 'error', 'zh-CN': '错误'},
  },
  evidenceKind: {
    'wire-log': {en: 'wire log', 'zh-CN': '通信日志'},
    journal: {en: 'terminal journal', 'zh-CN': '终端流水'},
    settlement: {en: 'settlement file', 'zh-CN': '结算文件'},
    recon: {en: 'reconciliation', 'zh-CN': '对账结果'},
    'action-journal': {en: 'action journal', 'zh-CN': '操作日志'},
    receipt: {en: 'receipt', 'zh-CN': '小票'},
    network: {en: 'network check', 'zh-CN': '网络检查'},
    probe: {en: 'device probe', 'zh-CN': '终端检测'},
    log: {en: 'log', 'zh-CN': '日志'},
    photo: {en: 'photo', 'zh-CN': '照片'},
    other: {en: 'other', 'zh-CN': '其他'},
  },
} satisfies {
  caseStatus: Record<CaseStatus, L>
  checkStatus: Record<'pass' | 'warn' | 'fail' | 'skip' | 'error', L>
  verdict: Record<VerdictOutcome, L>
  txType: Record<TxType, L>
  txRole: Record<TxRole, L>
  txState: Record<TxState, L>
  txSource: Record<TxSource, L>
  actionKind: Record<ActionKind, L>
  actionOutcome: Record<ActionOutcome, L>
  eventKind: Record<CaseEventKind, L>
  evidenceKind: Record<EvidenceKind, L>
}

export const caseStatusText = enumLabels.caseStatus
export const checkStatusText = enumLabels.checkStatus
export const actionOutcomeText = enumLabels.actionOutcome

export const caseText = {
  notFound: {
    en: (ref: string) => `no case "${ref}"`,
    'zh-CN': (ref: string) => `找不到案例“${ref}”`,
  } as L<(ref: string) => string>,
  notFoundRemedy: {
    en: '`posdoc case list` shows the case ids, newest first; a unique start of an id or `latest` also works',
    'zh-CN': '用 `posdoc case list` 查看案例编号（最新的在前）；也可输入编号开头的唯一部分或 `latest`',
  } as L,
  ambiguous: {
    en: (ref: string, ids: string[]) => `"${ref}" matches ${ids.length} cases: ${ids.slice(0, 3).join(', ')}${ids.length > 3 ? ', …' : ''}`,
    'zh-CN': (ref: string, ids: string[]) => `“${ref}”对应 ${ids.length} 个案例：${ids.slice(0, 3).join('、')}${ids.length > 3 ? '……' : ''}`,
  } as L<(ref: string, ids: string[]) => string>,
  ambiguousRemedy: {en: 'Give more of the id (see `posdoc case list`)', 'zh-CN': '请输入更完整的编号（见 `posdoc case list`）'} as L,
  corrupt: {
    en: (id: string, detail: string) => `case ${id}: case.json is damaged (${detail}); nothing was changed`,
    'zh-CN': (id: string, detail: string) => `案例 ${id} 的 case.json 已损坏（${detail}）；未做任何改动`,
  } as L<(id: string, detail: string) => string>,
  corruptRemedy: {
    en: (file: string) => `The file is kept as it is: ${file}. Restore it from a backup, or move the case folder away; the other cases are not affected`,
    'zh-CN': (file: string) => `文件保持原样：${file}。可从备份恢复，或将该案例文件夹移走；其他案例不受影响`,
  } as L<(file: string) => string>,
  newer: {
    en: (id: string, schema: string) => `case ${id} was written by a newer posdoc (${schema})`,
    'zh-CN': (id: string, schema: string) => `案例 ${id} 由更新版本的 posdoc 写入（${schema}）`,
  } as L<(id: string, schema: string) => string>,
  newerRemedy: {en: 'Update posdoc (npm install -g posdoc) and try again', 'zh-CN': '请更新 posdoc（npm install -g posdoc）后重试'} as L,
  locked: {
    en: (id: string) => `case ${id} is open in another posdoc process`,
    'zh-CN': (id: string) => `案例 ${id} 正被另一个 posdoc 进程使用`,
  } as L<(id: string) => string>,
  lockedRemedy: {
    en: 'Let the other run finish (or close it); a crashed run frees the case after about 10 s',
    'zh-CN': '请等待另一个运行结束（或将其关闭）；若该进程已崩溃，约 10 秒后案例会自动释放',
  } as L,
  lockLost: {
    en: (id: string) => `case ${id}: another process took over the case lock; stopped writing to avoid mixing two runs`,
    'zh-CN': (id: string) => `案例 ${id}：案例锁被另一个进程接管；为避免两次运行的数据混在一起，已停止写入`,
  } as L<(id: string) => string>,
  writeFailed: {
    en: (file: string, detail: string) => `cannot write ${file}: ${detail}`,
    'zh-CN': (file: string, detail: string) => `无法写入 ${file}：${detail}`,
  } as L<(file: string, detail: string) => string>,
  writeFailedRemedy: {
    en: 'Free disk space or fix the folder permissions; POSDOC_DATA_DIR can point posdoc at another folder',
    'zh-CN': '请释放磁盘空间或修正文件夹权限；也可用 POSDOC_DATA_DIR 指定其他数据目录',
  } as L,
  evidenceUnreadable: {
    en: (file: string, detail: string) => `cannot read evidence file ${file}: ${detail}`,
    'zh-CN': (file: string, detail: string) => `无法读取证据文件 ${file}：${detail}`,
  } as L<(file: string, detail: string) => string>,
  evidenceUnreadableRemedy: {en: 'Check the path and its permissions', 'zh-CN': '请检查路径及其权限'} as L,
  closedNote: {
    en: (status: string) => `case marked ${status}`,
    'zh-CN': (status: string) => `案例状态：${status}`,
  } as L<(status: string) => string>,
  txNote: {
    en: (what: string) => `transaction recorded: ${what}`,
    'zh-CN': (what: string) => `记录交易：${what}`,
  } as L<(what: string) => string>,
  // list / show
  noCases: {
    en: 'No cases yet. `posdoc diagnose` starts one.',
    'zh-CN': '还没有案例。运行 `posdoc diagnose` 开始诊断。',
  } as L,
  unreadableCases: {
    en: (n: number) => `${n} case folder(s) could not be read (see \`posdoc case show ID\` for the reason):`,
    'zh-CN': (n: number) => `有 ${n} 个案例文件夹无法读取（原因见 \`posdoc case show 编号\`）：`,
  } as L<(n: number) => string>,
  col: {
    id: {en: 'ID', 'zh-CN': '编号'} as L,
    created: {en: 'Created', 'zh-CN': '创建时间'} as L,
    symptom: {en: 'Symptom', 'zh-CN': '问题'} as L,
    status: {en: 'Status', 'zh-CN': '状态'} as L,
    tid: {en: 'TID', 'zh-CN': '终端号'} as L,
  },
  show: {
    case: {en: 'Case', 'zh-CN': '案例'} as L,
    folder: {en: 'Folder', 'zh-CN': '文件夹'} as L,
    created: {en: 'Created', 'zh-CN': '创建时间'} as L,
    updated: {en: 'Updated', 'zh-CN': '更新时间'} as L,
    status: {en: 'Status', 'zh-CN': '状态'} as L,
    symptom: {en: 'Symptom', 'zh-CN': '问题'} as L,
    words: {en: "Merchant's words", 'zh-CN': '商户描述'} as L,
    terminal: {en: 'Terminal', 'zh-CN': '终端'} as L,
    merchant: {en: 'Merchant', 'zh-CN': '商户'} as L,
    verdict: {en: 'Verdict', 'zh-CN': '结论'} as L,
    request: {en: 'Request to the acquirer', 'zh-CN': '对收单机构的请求'} as L,
    checks: {en: 'Checks', 'zh-CN': '检查'} as L,
    transactions: {en: 'Transactions', 'zh-CN': '交易'} as L,
    actions: {en: 'Actions', 'zh-CN': '操作'} as L,
    timeline: {en: 'Timeline', 'zh-CN': '时间线'} as L,
    evidence: {en: 'Evidence', 'zh-CN': '证据'} as L,
    none: {en: 'none', 'zh-CN': '无'} as L,
    receipt: {en: 'receipt', 'zh-CN': '票据号'} as L,
    trace: {en: 'trace', 'zh-CN': '凭证号'} as L,
    report: {
      en: (id: string) => `Report for the acquirer: posdoc report build ${id}`,
      'zh-CN': (id: string) => `生成给收单机构的报告：posdoc report build ${id}`,
    } as L<(id: string) => string>,
  },
}

export function label(l: L, lang: Lang): string {
  return l[lang]
}
