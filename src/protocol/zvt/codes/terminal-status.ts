// Terminal status byte: the last byte of the 06 0F completion to Status-Enquiry 05 01.
// Source: PA00P015 §11 / §11.1 (docs/zvt-notes.md end of §9). Texts are our own wording.
import {byteHex, type CodeInfo, type ResultClass} from './types.js'

type Row = readonly [code: number, cls: ResultClass, en: string, zh: string, remedyEn: string, remedyZh: string]

const ROWS: readonly Row[] = [
  [0x00, 'success', 'Terminal ready', '终端就绪', 'Nothing to do.', '无需处理。'],
  [0x51, 'config', 'Initialisation required', '终端需要初始化',
    'Run initialisation (06 93); the terminal then loads its parameters from the host.', '请执行初始化(06 93)，终端会从主机下载参数。'],
  [0x62, 'operator', 'Date / time wrong', '终端日期/时间错误',
    'Set the terminal\'s date and time (06 91), or run a diagnosis (06 70), which also sets the clock.',
    '请设置终端日期时间(06 91)，或执行诊断(06 70)同步时钟。'],
  [0x9c, 'transient', 'Please wait (e.g. software update running)', '请稍候(如正在更新软件)',
    'Wait until the terminal has finished (do not switch it off), then ask for the status again.', '等待终端处理完成(不要关机)，然后再次查询状态。'],
  [0x9d, 'operator', 'Partial issue of goods', '商品仅部分出货',
    'Only part of the goods was issued: check that the amount charged matches what the customer received.', '商品只出了一部分：请核对扣款金额与顾客实际取得的商品是否一致。'],
  [0xb1, 'operator', 'Memory full', '终端存储已满',
    'Run end-of-day (06 50) to free the memory.', '请执行结算(06 50)释放存储。'],
  [0xb2, 'operator', 'Merchant journal full', '商户流水已满',
    'Read out the merchant journal (Read File 08 11), then delete it (Delete File 08 12).', '读取商户流水(读文件 08 11)，然后删除(删文件 08 12)。'],
  [0xbf, 'operator', 'Supply voltage too low', '供电电压过低',
    'Charge the terminal or connect its original power adapter.', '请给终端充电或接上原装电源。'],
  [0xc0, 'device', 'Card locking mechanism defective', '卡槽锁定装置故障',
    'Restart the terminal; if it persists, have the card reader repaired.', '重启终端；仍有问题请联系服务商维修读卡器。'],
  [0xc1, 'config', 'Merchant card locked', '商户卡已锁定',
    'Contact the network operator / terminal provider to unlock the merchant card.', '请联系网络运营商或终端服务商解锁商户卡。'],
  [0xc2, 'operator', 'Diagnosis required', '需要执行终端诊断',
    'Run a diagnosis (06 70).', '请执行终端诊断(06 70)。'],
  [0xc4, 'config', 'Card profiles invalid', '卡参数无效',
    'The terminal needs a software / parameter update: ask the terminal provider (TMS).', '终端需要更新软件/参数：请联系终端服务商(远程管理)。'],
  [0xcc, 'printer', 'Printer not ready (paper out / cover open)', '打印机未就绪(缺纸)',
    'Load paper / close the printer cover; reprint (06 20) any receipt that did not come out.', '装好打印纸/合上打印机盖；未打出的小票请补打(06 20)。'],
  [0xdc, 'operator', 'Card inserted', '读卡器中有卡',
    'Remove the card, or let the cash register process it or eject it (abort 06 B0).', '请取出卡片，或由收银机继续处理/发送 06 B0 退卡。'],
  [0xdf, 'device', 'Terminal out of order', '终端故障停用',
    'Restart the terminal; if it stays out of order, contact the terminal provider with this status code.', '重启终端；仍无法使用请把此状态码提供给终端服务商。'],
  [0xe0, 'transient', 'Remote maintenance in progress', '终端正在远程维护',
    'Wait until remote maintenance has finished; do not switch the terminal off.', '等待远程维护完成，期间不要关机。'],
  [0xe1, 'card', 'Card not fully removed', '卡片未完全取出',
    'Take the card fully out of the reader.', '请把卡片从读卡器中完全取出。'],
  [0xe2, 'device', 'Card reader defective', '读卡器故障',
    'Restart the terminal; if it persists, have the card reader repaired.', '重启终端；仍有问题请联系服务商维修读卡器。'],
  [0xe3, 'operator', 'Card-reader shutter closed', '读卡器挡板已关闭',
    'Open the card-reader shutter (make sure nothing blocks it).', '打开读卡器挡板(确认无遮挡)。'],
  [0xe4, 'operator', 'Terminal activation required', '终端需要激活',
    'Activate the terminal as the acquirer instructs (often by running initialisation 06 93).', '按收单机构要求激活终端(通常执行初始化 06 93)。'],
  [0xf0, 'operator', 'Reconciliation (end-of-day) required', '需要结算(对账)',
    'Run end-of-day (06 50).', '请执行结算(06 50)。'],
  [0xf6, 'config', 'OPT data missing (terminal personalisation needed)', '缺少 OPT 数据(需要在线个人化)',
    'Have the terminal personalised (OPT) by the terminal provider.', '请终端服务商为终端做 OPT 个人化。'],
]

export const TERMINAL_STATUS_CODES: ReadonlyArray<CodeInfo> = Object.freeze(
  ROWS.map(([code, cls, en, zh, remedyEn, remedyZh]) => Object.freeze({code, hex: byteHex(code), en, zh, remedyEn, remedyZh, cls})),
)

const BY_CODE: ReadonlyMap<number, CodeInfo> = new Map(TERMINAL_STATUS_CODES.map((e) => [e.code, e]))

/** Look up a terminal status byte; unlisted values give a generic 'unknown' entry (never throws). */
export function terminalStatusInfo(code: number): CodeInfo {
  const known = BY_CODE.get(code)
  if (known) return known
  const hex = byteHex(code)
  return {
    code,
    hex,
    en: `Unknown terminal status ${hex}`,
    zh: `未知的终端状态 ${hex}`,
    remedyEn: 'Check the terminal display, run a diagnosis (06 70) if the terminal is idle, and give the status code to the terminal provider.',
    remedyZh: '查看终端屏幕提示；终端空闲时可执行诊断(06 70)，并把状态码提供给终端服务商。',
    cls: 'unknown',
  }
}
