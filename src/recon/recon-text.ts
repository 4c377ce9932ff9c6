/** zh-CN / en texts of import and reconciliation (kept beside them: they are their vocabulary). */
import {getLang, type Lang} from '../i18n/index.js'

type L<T = string> = {en: T; 'zh-CN': T}

export const tr = <T>(l: L<T>, lang: Lang = getLang()): T => l[lang]

export const importText = {
  notFound: {en: (f: string) => `Cannot read ${f}: no such file`, 'zh-CN': (f: string) => `无法读取 ${f}：文件不存在`} as L<(f: string) => string>,
  notFoundRemedy: {en: 'Check the path; quote it if it contains spaces', 'zh-CN': '请检查路径；路径含空格时请加引号'} as L,
  unreadable: {en: (f: string, d: string) => `Cannot read ${f}: ${d}`, 'zh-CN': (f: string, d: string) => `无法读取 ${f}：${d}`} as L<(f: string, d: string) => string>,
  empty: {en: (f: string) => `${f} is empty`, 'zh-CN': (f: string) => `${f} 是空文件`} as L<(f: string) => string>,
  emptyRemedy: {en: 'Export the file again from the terminal, TMS portal or acquirer portal', 'zh-CN': '请从终端、TMS 平台或收单机构平台重新导出文件'} as L,
  unknownColumns: {
    en: (f: string, headers: string) => `${f}: no CSV profile fits its columns (first line: ${headers})`,
    'zh-CN': (f: string, headers: string) => `${f}：没有与其列名匹配的 CSV 模板(首行：${headers})`,
  } as L<(f: string, headers: string) => string>,
  unknownColumnsRemedy: {
    en: 'Name the column with --map FIELD=HEADER (e.g. --map traceNumber="Voucher"), name a profile with --profile (`posdoc logs import --help` lists them) or add one under "csvProfiles" in the config file (docs/csv-profiles.md)',
    'zh-CN': '用 --map 字段=列名 指定列(例如 --map traceNumber="凭证号")，用 --profile 指定模板(`posdoc logs import --help` 可列出)，或在配置文件的 "csvProfiles" 中添加模板(见 docs/csv-profiles.md)',
  } as L,
  unmappable: {
    en: (f: string, missing: string, headers: string) => `${f}: no column found for ${missing} (no CSV profile fits, and the header words do not say it; headers seen: ${headers})`,
    'zh-CN': (f: string, missing: string, headers: string) => `${f}：找不到 ${missing} 对应的列(没有适用的 CSV 模板，列名也无法识别；看到的列名：${headers})`,
  } as L<(f: string, missing: string, headers: string) => string>,
  profileDoesNotFit: {
    en: (f: string, p: string, missing: string) => `${f}: profile ${p} does not fit: no column for ${missing}`,
    'zh-CN': (f: string, p: string, missing: string) => `${f}：模板 ${p} 不适用：找不到 ${missing} 对应的列`,
  } as L<(f: string, p: string, missing: string) => string>,
  garbledHint: {
    en: (enc: string) => `The text does not decode cleanly as ${enc}: the file may use another encoding. Try --encoding gb18030 or --encoding utf-8`,
    'zh-CN': (enc: string) => `按 ${enc} 解码出现乱码：文件可能是其他编码。请尝试 --encoding gb18030 或 --encoding utf-8`,
  } as L<(enc: string) => string>,
  headerOnly: {en: (f: string) => `${f} has a header but no transaction rows`, 'zh-CN': (f: string) => `${f} 只有表头，没有交易记录`} as L<(f: string) => string>,
  headerOnlyRemedy: {en: 'Check the export period / filters and export again', 'zh-CN': '请检查导出的日期范围/筛选条件后重新导出'} as L,
  nothingUsable: {
    en: (f: string, n: number, first: string) => `${f}: none of its ${n} row(s) could be read (first problem: ${first})`,
    'zh-CN': (f: string, n: number, first: string) => `${f}：${n} 行记录均无法读取(第一个问题：${first})`,
  } as L<(f: string, n: number, first: string) => string>,
  nothingUsableRemedy: {
    en: 'Check the profile (--profile), the encoding (--encoding) and the date/amount formats against docs/csv-profiles.md',
    'zh-CN': '请对照 docs/csv-profiles.md 检查模板(--profile)、编码(--encoding)及日期/金额格式',
  } as L,
  wrongKind: {
    en: (f: string, p: string, kind: string, want: string) => `${f}: profile ${p} reads ${kind} files, but a ${want} file is needed here`,
    'zh-CN': (f: string, p: string, kind: string, want: string) => `${f}：模板 ${p} 用于${kindZh(kind)}文件，此处需要${kindZh(want)}文件`,
  } as L<(f: string, p: string, kind: string, want: string) => string>,
  unknownProfile: {
    en: (name: string, known: string) => `no CSV profile "${name}" (known: ${known})`,
    'zh-CN': (name: string, known: string) => `没有名为"${name}"的 CSV 模板(可选：${known})`,
  } as L<(name: string, known: string) => string>,
  unknownProfileRemedy: {
    en: 'Pick one of the listed profiles, or add yours under "csvProfiles" in the config file (docs/csv-profiles.md)',
    'zh-CN': '从列出的模板中选择，或在配置文件的 "csvProfiles" 中添加(见 docs/csv-profiles.md)',
  } as L,
  badProfile: {
    en: (file: string, where: string, problem: string) => `config file ${file}: ${where}: ${problem}`,
    'zh-CN': (file: string, where: string, problem: string) => `配置文件 ${file}：${where}：${problem}`,
  } as L<(file: string, where: string, problem: string) => string>,
  badProfileRemedy: {en: 'Fix the profile (see docs/csv-profiles.md)', 'zh-CN': '请修改该模板(见 docs/csv-profiles.md)'} as L,
  twoProfiles: {
    en: (a: string, b: string, kind: string) => `--profile ${a} and --profile ${b} are both ${kind} profiles`,
    'zh-CN': (a: string, b: string, kind: string) => `--profile ${a} 与 --profile ${b} 都是${kindZh(kind)}模板`,
  } as L<(a: string, b: string, kind: string) => string>,
  twoProfilesRemedy: {en: 'Give at most one journal and one settlement profile', 'zh-CN': '终端流水模板和结算模板各最多指定一个'} as L,
  cannotWrite: {en: (f: string, d: string) => `cannot write ${f}: ${d}`, 'zh-CN': (f: string, d: string) => `无法写入 ${f}：${d}`} as L<(f: string, d: string) => string>,
  cannotWriteRemedy: {en: 'Check that the folder exists and is writable, or choose another --out', 'zh-CN': '请确认文件夹存在且可写，或换一个 --out'} as L,
  csvBroken: {en: (f: string, d: string) => `${f} is not a readable CSV file: ${d}`, 'zh-CN': (f: string, d: string) => `${f} 不是可读取的 CSV 文件：${d}`} as L<(f: string, d: string) => string>,
}

function kindZh(kind: string): string {
  return kind === 'journal' ? '终端流水' : kind === 'settlement' ? '结算' : kind
}

/** Reasons a row is rejected (shown with its line number). */
export const rowText = {
  columns: {en: (n: number, m: number) => `only ${n} of ${m} columns (truncated line?)`, 'zh-CN': (n: number, m: number) => `只有 ${n}/${m} 列(行被截断？)`} as L<(n: number, m: number) => string>,
  garbled: {en: 'undecodable characters (wrong encoding?)', 'zh-CN': '含无法解码的字符(编码不对？)'} as L,
  noTid: {en: 'terminal ID is empty', 'zh-CN': '终端号为空'} as L,
  noKey: {en: 'neither trace nor receipt number', 'zh-CN': '凭证号和票据号都为空'} as L,
  notNumber: {en: (what: string, v: string) => `${what} "${v}" is not a number`, 'zh-CN': (what: string, v: string) => `${what}"${v}"不是数字`} as L<(what: string, v: string) => string>,
  badValue: {en: (what: string, v: string, why: string) => `${what} "${v}": ${why}`, 'zh-CN': (what: string, v: string, why: string) => `${what}"${v}"：${why}`} as L<(what: string, v: string, why: string) => string>,
  unknownStatus: {
    en: (v: string) => `unknown settlement status "${v}" (add it to the profile's statusMap)`,
    'zh-CN': (v: string) => `未知的清算状态"${v}"(请在模板的 statusMap 中补充)`,
  } as L<(v: string) => string>,
  field: {
    en: {trace: 'trace number', receipt: 'receipt number', batch: 'batch number', turnover: 'turnover number', originalTrace: 'original trace number', date: 'date', time: 'time', amount: 'amount', fee: 'fee', settlementDate: 'settlement date'},
    'zh-CN': {trace: '凭证号', receipt: '票据号', batch: '批次号', turnover: '交易序号', originalTrace: '原凭证号', date: '日期', time: '时间', amount: '金额', fee: '手续费', settlementDate: '清算日期'},
  } as L<Record<'trace' | 'receipt' | 'batch' | 'turnover' | 'originalTrace' | 'date' | 'time' | 'amount' | 'fee' | 'settlementDate', string>>,
}

// ---- reconciliation ---------------------------------------------------------------------------

export type Category = 'settled' | 'missing' | 'reversed-but-settled' | 'amount-mismatch' | 'unknown-to-terminal' | 'in-window' | 'not-expected' | 'out-of-range'

export const CATEGORIES: readonly Category[] = ['settled', 'missing', 'reversed-but-settled', 'amount-mismatch', 'unknown-to-terminal', 'in-window', 'not-expected', 'out-of-range']

/** Categories that need someone to act (exit 1). */
export const EXCEPTIONS: ReadonlySet<Category> = new Set<Category>(['missing', 'reversed-but-settled', 'amount-mismatch', 'unknown-to-terminal'])

/** The payout leg's statuses (payouts.ts) as the merchant reads them. */
export const payoutStatusText: Record<'paid' | 'late' | 'short' | 'missing' | 'not-due' | 'nothing-due', L> = {
  paid: {en: 'paid on time', 'zh-CN': '按时到账'},
  late: {en: 'paid late', 'zh-CN': '延迟到账'},
  short: {en: 'paid short', 'zh-CN': '到账金额不足'},
  missing: {en: 'not credited', 'zh-CN': '未到账'},
  'not-due': {en: 'not due yet', 'zh-CN': '尚未到期'},
  'nothing-due': {en: 'nothing to pay', 'zh-CN': '无需划款'},
}

export const categoryText: Record<Category, L> = {
  settled: {en: 'settled', 'zh-CN': '已清算'},
  missing: {en: 'approved, not settled', 'zh-CN': '成功但未清算'},
  'reversed-but-settled': {en: 'reversed/voided, settled anyway', 'zh-CN': '已撤销/冲正却被清算'},
  'amount-mismatch': {en: 'amount differs', 'zh-CN': '金额不符'},
  'unknown-to-terminal': {en: 'settled, unknown to terminal', 'zh-CN': '已清算但终端无记录'},
  'in-window': {en: 'inside settlement window', 'zh-CN': '仍在清算周期内'},
  'not-expected': {en: 'no settlement expected', 'zh-CN': '无需清算'},
  'out-of-range': {en: 'outside the other file\'s period', 'zh-CN': '不在对方文件期间内'},
}

export type Reason =
  | 'ok'
  | 'void-netted'
  | 'eod-not-done'
  | 'batch-not-received'
  | 'risk-hold'
  | 'acquirer-rejected'
  | 'wrong-terminal-or-account'
  | 'reversed-or-held'
  | 'void-not-received'
  | 'reversal-not-received'
  | 'declined-but-settled'
  | 'fee-netted'
  | 'currency-differs'
  | 'amount-differs'
  | 'other-terminal'
  | 'settled-twice'
  | 'not-in-journal'
  | 'after-cutoff'
  | 'acquirer-pending'
  | 'declined'
  | 'voided'
  | 'reversed'
  | 'cancel-record'
  | 'before-settlement-period'
  | 'after-settlement-period'
  | 'outside-journal-period'

export interface ReasonParams {
  terminalId: string
  traceNumber: string
  batchNumber: string
  date: string
  expectedDate: string
  cutoff: string
  journalAmount: string
  settlementAmount: string
  difference: string
  fee: string
  settlementDate: string
  settlementFrom: string
  settlementTo: string
  journalFrom: string
  journalTo: string
}

type P = ReasonParams
type ReasonEntry = {why: L<(p: P) => string>; ask: L<(p: P) => string>}

const ref = {
  en: (p: P) => `TID ${p.terminalId}, trace ${p.traceNumber}, ${p.date}, ${p.journalAmount || p.settlementAmount}`,
  zh: (p: P) => `终端号 ${p.terminalId}、凭证号 ${p.traceNumber}、${p.date}、金额 ${p.journalAmount || p.settlementAmount}`,
}
const nothing: L<(p: P) => string> = {en: () => '', 'zh-CN': () => ''}

export const reasonText: Record<Reason, ReasonEntry> = {
  ok: {why: nothing, ask: nothing},
  'void-netted': {
    why: {en: () => 'voided, and the settlement lists the void too: nets to zero', 'zh-CN': () => '已撤销，结算文件也列出了撤销：相互抵消'},
    ask: nothing,
  },
  'eod-not-done': {
    why: {
      en: (p) => `batch ${p.batchNumber} is still open on the terminal: end-of-day (batch close) was not done, so the acquirer has nothing to settle yet`,
      'zh-CN': (p) => `终端上批次 ${p.batchNumber} 仍未结算：未做批结，收单机构尚无可清算的数据`,
    },
    ask: {
      en: () => 'Run end-of-day on the terminal now; the batch settles in the next cycle. Nothing to ask the acquirer yet.',
      'zh-CN': () => '请立即在终端上做结算(批结)；该批次将在下一周期清算。暂无需联系收单机构。',
    },
  },
  'batch-not-received': {
    why: {
      en: (p) => `no transaction of batch ${p.batchNumber} is in the settlement: end-of-day never done, or the batch upload did not reach the acquirer`,
      'zh-CN': (p) => `批次 ${p.batchNumber} 没有任何交易出现在结算中：可能未做批结，或批次上送未到达收单机构`,
    },
    ask: {
      en: (p) => `Check the terminal's end-of-day receipt for batch ${p.batchNumber}; ask the acquirer whether batch ${p.batchNumber} of TID ${p.terminalId} was received and when it settles.`,
      'zh-CN': (p) => `查看终端批次 ${p.batchNumber} 的结算小票；向收单机构确认终端 ${p.terminalId} 的批次 ${p.batchNumber} 是否已收到、何时清算。`,
    },
  },
  'risk-hold': {
    why: {en: () => 'the acquirer lists it as held (risk control / review): approved but funds not released', 'zh-CN': () => '收单机构标记为冻结/暂缓(风控审核)：交易成功但资金未放行'},
    ask: {
      en: (p) => `Ask the acquirer's risk team why ${ref.en(p)} is held, which documents they need (slip, invoice, delivery proof) and when it will be released.`,
      'zh-CN': (p) => `请向收单机构风控部门询问 ${ref.zh(p)} 被冻结的原因、需要提供哪些材料(签购单、发票、交付证明)以及放行时间。`,
    },
  },
  'acquirer-rejected': {
    why: {en: () => 'the acquirer lists it as failed / returned in settlement', 'zh-CN': () => '收单机构在清算中标记为失败/退回'},
    ask: {
      en: (p) => `Ask the acquirer why the settlement of ${ref.en(p)} failed and how it will be paid (re-settlement or manual adjustment).`,
      'zh-CN': (p) => `请向收单机构询问 ${ref.zh(p)} 清算失败的原因，以及如何补付(重新清算或手工调账)。`,
    },
  },
  'wrong-terminal-or-account': {
    why: {
      en: (p) => `the settlement files have no row at all for TID ${p.terminalId}: the terminal may be registered under another merchant account, or these are the wrong files`,
      'zh-CN': (p) => `结算文件中完全没有终端 ${p.terminalId} 的记录：终端可能登记在其他商户账户下，或文件不对`,
    },
    ask: {
      en: (p) => `Ask the acquirer which merchant account TID ${p.terminalId} settles to and for that account's settlement file for ${p.date}.`,
      'zh-CN': (p) => `请向收单机构确认终端 ${p.terminalId} 结算到哪个商户账户，并索取该账户 ${p.date} 的结算文件。`,
    },
  },
  'reversed-or-held': {
    why: {
      en: () => 'approved on the terminal but not in the settlement: most likely reversed by the host after a timeout (the terminal never heard of it), or held by risk control',
      'zh-CN': () => '终端显示成功但不在结算中：最可能是超时后被主机冲正(终端不知情)，或被风控冻结',
    },
    ask: {
      en: (p) => `Ask the acquirer for the host status of ${ref.en(p)}: was it reversed after a timeout, or is it held? If it stands, ask when it settles.`,
      'zh-CN': (p) => `请向收单机构查询 ${ref.zh(p)} 在主机的状态：是否超时后被冲正，还是被冻结？如交易有效，请问何时清算。`,
    },
  },
  'void-not-received': {
    why: {
      en: () => 'voided on the terminal, yet settled: the void never reached the host, or the host did not apply it',
      'zh-CN': () => '终端上已撤销，却被清算：撤销未到达主机，或主机未执行',
    },
    ask: {
      en: (p) => `Send the acquirer the void slip and ask them to confirm whether the void of ${ref.en(p)} was received; if not, request a credit adjustment (or refund the customer separately).`,
      'zh-CN': (p) => `请把撤销签购单发给收单机构，确认 ${ref.zh(p)} 的撤销是否已收到；未收到则申请调账(或另行给顾客退款)。`,
    },
  },
  'reversal-not-received': {
    why: {
      en: () => 'reversed on the terminal (automatic reversal after a timeout or a failed ending), yet settled: the reversal did not reach the host',
      'zh-CN': () => '终端已冲正(超时或交易未正常结束后的自动冲正)，却被清算：冲正未到达主机',
    },
    ask: {
      en: (p) => `Ask the acquirer whether the reversal of ${ref.en(p)} was received; the customer was charged while the terminal shows it undone. Agree on a refund or adjustment.`,
      'zh-CN': (p) => `请向收单机构确认 ${ref.zh(p)} 的冲正是否收到；顾客被扣款而终端显示已撤回。请协商退款或调账。`,
    },
  },
  'declined-but-settled': {
    why: {en: () => 'declined on the terminal, yet settled', 'zh-CN': () => '终端显示失败，却被清算'},
    ask: {
      en: (p) => `Ask the acquirer to check ${ref.en(p)}: the terminal shows a decline; if the host approved it, the customer may have paid twice.`,
      'zh-CN': (p) => `请收单机构核查 ${ref.zh(p)}：终端显示失败；若主机实际批准，顾客可能被重复扣款。`,
    },
  },
  'fee-netted': {
    why: {
      en: (p) => `the settlement amount is the terminal amount minus the fee ${p.fee}: the column read as "amount" holds the net amount`,
      'zh-CN': (p) => `结算金额 = 终端金额 − 手续费 ${p.fee}：被当作"交易金额"读取的列实际是净额`,
    },
    ask: {
      en: () => 'Nothing to ask: map the gross amount column in the profile (docs/csv-profiles.md).',
      'zh-CN': () => '无需联系收单机构：请在模板中映射交易金额(毛额)列(见 docs/csv-profiles.md)。',
    },
  },
  'currency-differs': {
    why: {en: () => 'the currencies differ (dynamic currency conversion?)', 'zh-CN': () => '币种不同(动态货币转换？)'},
    ask: {
      en: (p) => `Ask the acquirer which currency and rate ${ref.en(p)} was settled in.`,
      'zh-CN': (p) => `请向收单机构确认 ${ref.zh(p)} 按何种币种和汇率清算。`,
    },
  },
  'amount-differs': {
    why: {
      en: (p) => `terminal ${p.journalAmount}, settlement ${p.settlementAmount} (difference ${p.difference}): a partial capture, an adjustment or a keying error`,
      'zh-CN': (p) => `终端 ${p.journalAmount}，结算 ${p.settlementAmount}(差额 ${p.difference})：可能是部分请款、调账或录入错误`,
    },
    ask: {
      en: (p) => `Ask the acquirer why ${ref.en(p)} settled as ${p.settlementAmount}, and for a correction of ${p.difference}.`,
      'zh-CN': (p) => `请向收单机构询问 ${ref.zh(p)} 为何按 ${p.settlementAmount} 清算，并申请更正差额 ${p.difference}。`,
    },
  },
  'other-terminal': {
    why: {
      en: (p) => `TID ${p.terminalId} is not in the journal you gave: another terminal of this merchant, or a wrong terminal/account mapping at the acquirer`,
      'zh-CN': (p) => `所给流水中没有终端 ${p.terminalId}：可能是该商户的其他终端，或收单机构的终端/账户对应关系有误`,
    },
    ask: {
      en: (p) => `Pull the journal of TID ${p.terminalId} too; if that terminal is not yours, ask the acquirer to check the terminal-to-account mapping.`,
      'zh-CN': (p) => `请同时导出终端 ${p.terminalId} 的流水；如果该终端不属于您，请收单机构核查终端与账户的对应关系。`,
    },
  },
  'settled-twice': {
    why: {en: () => 'the settlement lists this transaction more than once', 'zh-CN': () => '结算中同一笔交易出现多次'},
    ask: {
      en: (p) => `Ask the acquirer to check the duplicate settlement of ${ref.en(p)}; the customer may have been charged twice.`,
      'zh-CN': (p) => `请收单机构核查 ${ref.zh(p)} 的重复清算；顾客可能被重复扣款。`,
    },
  },
  'not-in-journal': {
    why: {
      en: () => 'settled, but the terminal\'s journal has no such transaction: booked by another device with this TID, keyed in at the acquirer, or the journal is incomplete (cleared after end-of-day?)',
      'zh-CN': () => '已清算，但终端流水中没有该交易：可能由使用同一终端号的其他设备产生、在收单机构手工录入，或流水不完整(批结后被清除？)',
    },
    ask: {
      en: (p) => `Ask the acquirer for the authorisation details of ${ref.en(p)} (time, RRN, auth code, entry mode, device serial).`,
      'zh-CN': (p) => `请向收单机构索取 ${ref.zh(p)} 的授权明细(时间、参考号、授权码、输入方式、设备序列号)。`,
    },
  },
  'after-cutoff': {
    why: {
      en: (p) => `made after the settlement's cut-off (its latest item: ${p.cutoff}); expected in the next settlement, around ${p.expectedDate} (T+1, weekends move to Monday)`,
      'zh-CN': (p) => `发生在结算截止之后(结算中最后一笔：${p.cutoff})；预计在下一次清算中，约 ${p.expectedDate}(T+1，遇周末顺延至周一)`,
    },
    ask: {
      en: (p) => `Nothing yet. If it is not in the settlement of ${p.expectedDate}, ask the acquirer about ${ref.en(p)}.`,
      'zh-CN': (p) => `暂无需处理。如 ${p.expectedDate} 的结算中仍没有，请向收单机构查询 ${ref.zh(p)}。`,
    },
  },
  'acquirer-pending': {
    why: {
      en: (p) => `the acquirer lists it as pending${p.settlementDate ? `, settlement date ${p.settlementDate}` : ''}`,
      'zh-CN': (p) => `收单机构标记为待清算${p.settlementDate ? `，清算日期 ${p.settlementDate}` : ''}`,
    },
    ask: {
      en: (p) => `Nothing yet; if it is not paid ${p.settlementDate ? `by ${p.settlementDate}` : 'within two business days'}, ask the acquirer about ${ref.en(p)}.`,
      'zh-CN': (p) => `暂无需处理；如${p.settlementDate ? ` ${p.settlementDate} ` : '两个工作日内'}仍未入账，请向收单机构查询 ${ref.zh(p)}。`,
    },
  },
  declined: {why: {en: () => 'declined: nothing to settle', 'zh-CN': () => '交易失败：无需清算'}, ask: nothing},
  voided: {why: {en: () => 'voided in the same batch: nothing to settle', 'zh-CN': () => '已在同一批次内撤销：无需清算'}, ask: nothing},
  reversed: {why: {en: () => 'reversed by the terminal: nothing to settle', 'zh-CN': () => '已被终端冲正：无需清算'}, ask: nothing},
  'cancel-record': {why: {en: () => 'the void/reversal record itself: it cancels a sale', 'zh-CN': () => '撤销/冲正记录本身：用于取消原交易'}, ask: nothing},
  'before-settlement-period': {
    why: {en: (p) => `before the settlement files' period (${p.settlementFrom} … ${p.settlementTo})`, 'zh-CN': (p) => `早于结算文件的期间(${p.settlementFrom} … ${p.settlementTo})`},
    ask: {en: (p) => `Add the settlement file for ${p.date} to check it.`, 'zh-CN': (p) => `如需核对，请补充 ${p.date} 的结算文件。`},
  },
  'after-settlement-period': {
    why: {en: (p) => `after the settlement files' period (${p.settlementFrom} … ${p.settlementTo})`, 'zh-CN': (p) => `晚于结算文件的期间(${p.settlementFrom} … ${p.settlementTo})`},
    ask: {en: (p) => `Add the settlement file covering ${p.date} to check it.`, 'zh-CN': (p) => `如需核对，请补充包含 ${p.date} 的结算文件。`},
  },
  'outside-journal-period': {
    why: {en: (p) => `outside the journal's period for this terminal (${p.journalFrom} … ${p.journalTo})`, 'zh-CN': (p) => `不在该终端流水的期间内(${p.journalFrom} … ${p.journalTo})`},
    ask: {en: () => 'Pull a journal covering this date (posdoc logs pull --since).', 'zh-CN': () => '请导出覆盖该日期的流水(posdoc logs pull --since)。'},
  },
}

export const reconLabels = {
  title: {en: 'Reconciliation', 'zh-CN': '对账结果'} as L,
  journal: {en: 'Journal', 'zh-CN': '终端流水'} as L,
  settlement: {en: 'Settlement', 'zh-CN': '结算文件'} as L,
  rows: {en: 'rows', 'zh-CN': '行'} as L,
  badRows: {en: 'bad rows', 'zh-CN': '问题行'} as L,
  category: {en: 'Category', 'zh-CN': '类别'} as L,
  count: {en: 'Count', 'zh-CN': '笔数'} as L,
  journalAmount: {en: 'Journal', 'zh-CN': '终端金额'} as L,
  settlementAmount: {en: 'Settlement', 'zh-CN': '结算金额'} as L,
  perDay: {en: 'Per day', 'zh-CN': '按日汇总'} as L,
  date: {en: 'Date', 'zh-CN': '日期'} as L,
  difference: {en: 'Difference', 'zh-CN': '差额'} as L,
  exceptions: {en: 'Items to look at', 'zh-CN': '需关注的交易'} as L,
  why: {en: 'why', 'zh-CN': '原因'} as L,
  ask: {en: 'ask', 'zh-CN': '处理'} as L,
  code: {en: 'code', 'zh-CN': '应答码'} as L,
  more: {en: (n: number) => `… ${n} more (see --out / --json)`, 'zh-CN': (n: number) => `… 另有 ${n} 笔(见 --out / --json)`} as L<(n: number) => string>,
  verdictOk: {en: 'Verdict: everything that should be settled is settled (or still inside its window)', 'zh-CN': '结论：应清算的交易均已清算(或仍在清算周期内)'} as L,
  verdictExceptions: {en: (n: number) => `Verdict: ${n} item(s) need a look`, 'zh-CN': (n: number) => `结论：有 ${n} 笔交易需要处理`} as L<(n: number) => string>,
  badRowLine: {en: (line: number, reason: string) => `line ${line}: ${reason}`, 'zh-CN': (line: number, reason: string) => `第 ${line} 行：${reason}`} as L<(line: number, reason: string) => string>,
  written: {en: (f: string, n: number) => `${n} record(s) written to ${f}`, 'zh-CN': (f: string, n: number) => `已将 ${n} 条记录写入 ${f}`} as L<(f: string, n: number) => string>,
  reading: {en: (what: string) => `reading ${what}`, 'zh-CN': (what: string) => `正在读取 ${what}`} as L<(what: string) => string>,
}
