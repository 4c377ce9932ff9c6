/** zh-CN / en texts of the device probe (kept beside it: they are its vocabulary). */
type L<T = string> = {en: T; 'zh-CN': T}

const money = (cents: number) => (cents / 100).toFixed(2)

export const probeText = {
  link: {en: 'Connection to the terminal', 'zh-CN': '与终端的连接'} as L,
  registration: {en: 'Registration (ECR login)', 'zh-CN': '收银机登录（注册）'} as L,
  registered: {en: 'terminal accepted the registration', 'zh-CN': '终端已接受登录'} as L,
  needsInit: {en: 'terminal asks for initialisation', 'zh-CN': '终端要求初始化'} as L,
  needsDiagnosis: {en: 'terminal asks for a diagnosis', 'zh-CN': '终端要求执行诊断'} as L,
  needsOpt: {en: 'terminal asks for an OPT action', 'zh-CN': '终端要求执行 OPT 操作'} as L,
  needsRemedy: {
    en: 'Run the function the terminal asks for from its admin menu (or ask the acquirer/TMS); then probe again',
    'zh-CN': '在终端管理菜单中执行其要求的功能（或联系收单机构/TMS），然后再次检测',
  } as L,
  status: {en: 'Terminal status', 'zh-CN': '终端状态'} as L,
  printer: {en: 'Printer', 'zh-CN': '打印机'} as L,
  printerReady: {en: 'ready', 'zh-CN': '就绪'} as L,
  printerNotReady: {en: 'printer not ready (paper out or cover open)', 'zh-CN': '打印机未就绪（缺纸或纸仓盖未合上）'} as L,
  printerRemedy: {
    en: 'Load a new paper roll and close the cover; receipts of past payments can be reprinted with `posdoc receipt reprint`',
    'zh-CN': '装入新纸卷并合上纸仓盖；之前交易的小票可用 `posdoc receipt reprint` 补打',
  } as L,
  unknown: {en: 'unknown', 'zh-CN': '未知'} as L,
  host: {en: "Terminal's own host connection (diagnosis)", 'zh-CN': '终端自身与收单主机的连接（诊断）'} as L,
  hostOk: {en: 'the terminal reached its acquirer host', 'zh-CN': '终端已成功连接收单主机'} as L,
  hostCause: {
    en: "The terminal cannot complete a diagnosis with its host: its own network/SIM, the host, or its configuration",
    'zh-CN': '终端无法与主机完成诊断：可能是终端自身网络/SIM 卡、主机或终端参数问题',
  } as L,
  clock: {en: 'Terminal clock vs this PC', 'zh-CN': '终端时钟与本机时钟对比'} as L,
  clockUnknown: {en: 'the terminal did not report its clock', 'zh-CN': '终端未报告其时钟'} as L,
  clockSkew: {
    en: (s: number) => (s === 0 ? 'clocks agree' : `terminal is ${Math.abs(s)} s ${s > 0 ? 'ahead of' : 'behind'} this PC`),
    'zh-CN': (s: number) => (s === 0 ? '时钟一致' : `终端时钟比本机${s > 0 ? '快' : '慢'} ${Math.abs(s)} 秒`),
  } as L<(s: number) => string>,
  clockCause: {
    en: 'A wrong clock puts transactions on the wrong business day and can break certificate checks',
    'zh-CN': '时钟不准会使交易记到错误的营业日，并可能导致证书校验失败',
  } as L,
  clockRemedy: {
    en: "Check which clock is wrong; set the terminal's date/time from its admin menu (or let it sync with the host), and the PC's via its time settings",
    'zh-CN': '先确认哪一方时钟有误；在终端管理菜单中设置日期时间（或让其与主机同步），本机则在系统时间设置中校准',
  } as L,
  batch: {en: 'Open batch (turnover totals)', 'zh-CN': '当前批次（交易汇总）'} as L,
  batchSummary: {
    en: (n: number, c: number) => `${n} transaction(s), ${money(c)} in the open batch`,
    'zh-CN': (n: number, c: number) => `当前批次 ${n} 笔，合计 ${money(c)}`,
  } as L<(n: number, c: number) => string>,
  last: {en: 'Last transaction', 'zh-CN': '最近一笔交易'} as L,
  noLast: {en: 'no transaction stored', 'zh-CN': '终端没有存储的交易'} as L,
  lastSummary: {
    en: (t: Record<string, unknown>) =>
      `${t.resultCode} ${t.resultText}${t.amountCents !== undefined ? `, ${money(t.amountCents as number)}` : ''}${t.receiptNumber !== undefined ? `, receipt ${t.receiptNumber}` : ''}${t.traceNumber !== undefined ? `, trace ${t.traceNumber}` : ''}`,
    'zh-CN': (t: Record<string, unknown>) =>
      `${t.resultCode} ${t.resultText}${t.amountCents !== undefined ? `，金额 ${money(t.amountCents as number)}` : ''}${t.receiptNumber !== undefined ? `，票据号 ${t.receiptNumber}` : ''}${t.traceNumber !== undefined ? `，凭证号 ${t.traceNumber}` : ''}`,
  } as L<(t: Record<string, unknown>) => string>,
  checkErrorRemedy: {en: 'Run the probe again; if it repeats, keep the wire log for support', 'zh-CN': '请再次检测；若问题重复出现，请保留通信日志交给客服'} as L,
}
