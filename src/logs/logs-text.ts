/** zh-CN / en texts of `logs pull` and `logs import`. */
type L<T = string> = {en: T; 'zh-CN': T}

const kb = (n: number) => (n < 10_240 ? `${n} B` : n < 10_485_760 ? `${Math.round(n / 1024)} KB` : `${(n / 1_048_576).toFixed(1)} MB`)

export const logsText = {
  importTitle: {en: 'Import', 'zh-CN': '导入结果'} as L,
  file: {en: 'File', 'zh-CN': '文件'} as L,
  kindJournal: {en: 'terminal journal', 'zh-CN': '终端流水'} as L,
  kindSettlement: {en: 'settlement file', 'zh-CN': '结算文件'} as L,
  headerLine: {en: (n: number) => `header on line ${n}`, 'zh-CN': (n: number) => `表头在第 ${n} 行`} as L<(n: number) => string>,
  ignored: {en: 'columns not used', 'zh-CN': '未使用的列'} as L,
  rows: {
    en: (rows: number, usable: number, bad: number, summary: number) => `${rows} rows: ${usable} read, ${bad} bad${summary ? `, ${summary} totals line(s) skipped` : ''}`,
    'zh-CN': (rows: number, usable: number, bad: number, summary: number) => `共 ${rows} 行：读取 ${usable} 行，问题行 ${bad} 行${summary ? `，跳过合计行 ${summary} 行` : ''}`,
  } as L<(rows: number, usable: number, bad: number, summary: number) => string>,
  period: {en: 'Period', 'zh-CN': '期间'} as L,
  terminals: {en: 'Terminals', 'zh-CN': '终端'} as L,
  types: {en: 'Types', 'zh-CN': '交易类型'} as L,
  states: {en: 'States', 'zh-CN': '交易状态'} as L,
  statuses: {en: 'Settlement status', 'zh-CN': '清算状态'} as L,
  net: {en: 'Net approved (sales − refunds)', 'zh-CN': '成功净额(消费 − 退货)'} as L,
  codes: {en: 'Result codes other than 00', 'zh-CN': '非 00 应答码'} as L,
  badRows: {en: 'Bad rows', 'zh-CN': '问题行'} as L,
  written: {en: (f: string, n: number) => `${n} record(s) written to ${f}`, 'zh-CN': (f: string, n: number) => `已将 ${n} 条记录写入 ${f}`} as L<(f: string, n: number) => string>,

  // ---- pull ----
  pullTitle: {en: 'Log pull', 'zh-CN': '日志提取'} as L,
  stepRegister: {en: 'Registration', 'zh-CN': '收银机登录'} as L,
  stepStatus: {en: 'Terminal identity', 'zh-CN': '终端信息'} as L,
  stepTotals: {en: 'Turnover totals (open batch)', 'zh-CN': '交易汇总(当前批次)'} as L,
  stepJournal: {en: 'Journal', 'zh-CN': '交易流水'} as L,
  stepLast: {en: 'Last transaction status', 'zh-CN': '最近一笔交易状态'} as L,
  stepWireLog: {en: 'posdoc wire log', 'zh-CN': 'posdoc 通信日志'} as L,
  reading: {en: (got: number, total: number | undefined) => `reading the journal: ${kb(got)}${total ? ` of ${kb(total)}` : ''}`, 'zh-CN': (got: number, total: number | undefined) => `正在读取流水：${kb(got)}${total ? ` / ${kb(total)}` : ''}`} as L<(got: number, total: number | undefined) => string>,
  journalFile: {
    en: (n: number, bytes: number) => `${n} record(s) from the journal file (Read File 01, ${kb(bytes)})`,
    'zh-CN': (n: number, bytes: number) => `从流水文件读取 ${n} 条记录(Read File 01，${kb(bytes)})`,
  } as L<(n: number, bytes: number) => string>,
  journalPrintout: {
    en: (n: number, lines: number) => `${n} record(s) parsed from the journal printout (${lines} lines kept verbatim)`,
    'zh-CN': (n: number, lines: number) => `从流水打印内容解析出 ${n} 条记录(原文 ${lines} 行已保存)`,
  } as L<(n: number, lines: number) => string>,
  printoutOnly: {
    en: 'the printout has no trace numbers, card data or times: reconciliation can only use receipt numbers and amounts',
    'zh-CN': '打印内容缺少凭证号、卡号和时间：对账只能依据票据号和金额',
  } as L,
  journalNone: {en: 'the terminal gave no journal', 'zh-CN': '终端未提供流水'} as L,
  journalNoneRemedy: {
    en: 'Print the journal on the terminal (admin menu) and photograph it, or export it from the TMS portal; then use `posdoc logs import`',
    'zh-CN': '请在终端管理菜单中打印流水并拍照，或从 TMS 平台导出，然后用 `posdoc logs import` 导入',
  } as L,
  fileUnknown: {
    en: (d: string) => `the journal file's format is not known (${d}); it is kept as evidence`,
    'zh-CN': (d: string) => `流水文件格式无法识别(${d})；原文件已作为证据保存`,
  } as L<(d: string) => string>,
  fileIncomplete: {en: (d: string) => `the journal file arrived incomplete: ${d}`, 'zh-CN': (d: string) => `流水文件接收不完整：${d}`} as L<(d: string) => string>,
  journalBadRows: {en: (n: number) => `${n} journal row(s) could not be read`, 'zh-CN': (n: number) => `${n} 行流水无法读取`} as L<(n: number) => string>,
  sinceKept: {en: (n: number, since: string) => `${n} since ${since}`, 'zh-CN': (n: number, since: string) => `${since} 以来 ${n} 条`} as L<(n: number, since: string) => string>,
  totals: {
    en: (count: number, amount: string, from: number, to: number) => `open batch: ${count} transaction(s), ${amount}${from || to ? `, receipts ${from}–${to}` : ''}`,
    'zh-CN': (count: number, amount: string, from: number, to: number) => `当前批次：${count} 笔，合计 ${amount}${from || to ? `，票据号 ${from}–${to}` : ''}`,
  } as L<(count: number, amount: string, from: number, to: number) => string>,
  lastNone: {en: 'no last transaction stored', 'zh-CN': '终端没有最近交易记录'} as L,
  wireLog: {en: (n: number) => `${n} entries (masked)`, 'zh-CN': (n: number) => `${n} 条(已脱敏)`} as L<(n: number) => string>,
  wireLogPrevious: {en: (n: number) => `, plus ${n} earlier entries for this terminal`, 'zh-CN': (n: number) => `，另含该终端此前的 ${n} 条`} as L<(n: number) => string>,
  failedStep: {en: 'Run the pull again; if it repeats, keep the wire log for support', 'zh-CN': '请重新提取；如反复失败，请保留通信日志交给客服'} as L,
  outDir: {en: (d: string) => `Written to ${d}`, 'zh-CN': (d: string) => `已写入 ${d}`} as L<(d: string) => string>,
  nonZero: {en: 'Declined / failed transactions', 'zh-CN': '失败/拒绝的交易'} as L,
  verdictComplete: {en: 'Everything the terminal offers was collected', 'zh-CN': '终端可提供的数据已全部提取'} as L,
  verdictPartial: {en: 'Collected with gaps (see above)', 'zh-CN': '已提取，但有缺项(见上)'} as L,
  redacted: {
    en: (n: number) => `${n} unmasked card number(s) in the terminal's file were masked before saving`,
    'zh-CN': (n: number) => `终端文件中的 ${n} 个未脱敏卡号已在保存前脱敏`,
  } as L<(n: number) => string>,
}
