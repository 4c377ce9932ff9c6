/**
 * Stable error codes for everything a QR platform can answer (qr-notes §4), the exit code each
 * maps to, and a one-line message + remedy in both languages. Platform codes are mapped here and
 * only here, so scripts can rely on the posdoc code whatever the platform.
 */
import {pick, type Lang} from '../i18n/index.js'
import {PosdocError} from '../output/errors.js'
import {ExitCode} from '../output/exit-codes.js'

export const QR_ERROR_CODES = [
  'QR_SIGN_REJECTED',
  'QR_RESPONSE_UNVERIFIED',
  'QR_UNKNOWN_PLATFORM_KEY',
  'QR_AMOUNT_MISMATCH',
  'QR_WRONG_MERCHANT',
  'QR_PLATFORM_BUSY',
  'QR_RATE_LIMITED',
  'QR_CLOCK_SKEW',
  'QR_UNREACHABLE',
  'QR_BAD_RESPONSE',
  'QR_ORDER_NOT_FOUND',
  'QR_PLATFORM_UNCERTAIN',
  'QR_BAD_REQUEST',
  'QR_REFUSED',
] as const
export type QrErrorCode = (typeof QR_ERROR_CODES)[number]

type Text = {en: string; zh: string}

const TEXT: Record<QrErrorCode, {message: Text; remedy: Text; exit: ExitCode}> = {
  QR_SIGN_REJECTED: {
    message: {en: 'The payment platform rejected our signature', zh: '支付平台拒绝了请求签名'},
    remedy: {en: 'Check the merchant ID, certificate serial and private key of the profile (posdoc qr profile test)', zh: '核对配置中的商户号、证书序列号和私钥（posdoc qr profile test）'},
    exit: ExitCode.ProblemFound,
  },
  QR_RESPONSE_UNVERIFIED: {
    message: {en: "The platform's answer failed signature verification: it is not trusted", zh: '平台应答验签失败，结果不可信'},
    remedy: {en: 'Do not hand over goods or charge again; check the platform public key in the profile and that no proxy alters the answer', zh: '不要交货也不要重新收款；核对配置中的平台公钥，并确认没有代理改动应答'},
    exit: ExitCode.ProblemFound,
  },
  QR_UNKNOWN_PLATFORM_KEY: {
    message: {en: 'The answer is signed with a platform key this profile does not know', zh: '应答所用的平台密钥不在本配置中'},
    remedy: {en: 'Download the current platform certificate / public key from the merchant platform and add it to the profile', zh: '在商户平台下载最新的平台证书 / 公钥并加入配置'},
    exit: ExitCode.ProblemFound,
  },
  QR_AMOUNT_MISMATCH: {
    message: {en: "The platform's amount differs from the merchant's amount", zh: '平台金额与商户金额不一致'},
    remedy: {en: 'Check the order number and amount; treat the order as unconfirmed and ask the platform', zh: '核对订单号和金额；在平台确认前按未确认处理'},
    exit: ExitCode.ProblemFound,
  },
  QR_WRONG_MERCHANT: {
    message: {en: 'The platform does not accept us as this merchant (merchant / sub-merchant / app not authorised)', zh: '平台不认可当前商户身份（商户号 / 子商户号 / 应用授权不符）'},
    remedy: {en: 'Check the merchant ID, sub-merchant ID or app authorisation in the profile with your payment provider', zh: '与服务商核对配置中的商户号、子商户号或应用授权'},
    exit: ExitCode.ProblemFound,
  },
  QR_PLATFORM_BUSY: {
    message: {en: 'The payment platform is busy or under maintenance', zh: '支付平台繁忙或正在维护'},
    remedy: {en: 'Wait a few minutes and ask again with the same order number; do not take a second payment meanwhile', zh: '稍等几分钟后用同一订单号再查；在此之前不要重复收款'},
    exit: ExitCode.Unreachable,
  },
  QR_RATE_LIMITED: {
    message: {en: 'The payment platform limits how often we may ask', zh: '支付平台限制了查询频率'},
    remedy: {en: 'Wait a minute, then ask again', zh: '等一分钟后再查'},
    exit: ExitCode.Unreachable,
  },
  QR_CLOCK_SKEW: {
    message: {en: "This PC's clock differs from the platform's by more than 5 minutes", zh: '本机时间与支付平台相差超过 5 分钟'},
    remedy: {en: "Set this PC's date, time and time zone correctly (automatic time), then ask again", zh: '校正本机的日期、时间和时区（开启自动校时）后再查'},
    exit: ExitCode.ProblemFound,
  },
  QR_UNREACHABLE: {
    message: {en: 'The payment platform cannot be reached from this PC', zh: '本机无法连接支付平台'},
    remedy: {en: "Check this PC's internet connection (posdoc network check); do not take a second payment meanwhile", zh: '检查本机网络（posdoc network check）；在此之前不要重复收款'},
    exit: ExitCode.Unreachable,
  },
  QR_BAD_RESPONSE: {
    message: {en: 'The platform sent an answer posdoc cannot read', zh: '平台应答格式无法识别'},
    remedy: {en: 'Ask again; if it repeats, check for a proxy between this PC and the platform', zh: '再查一次；如反复出现，检查本机与平台之间是否有代理'},
    exit: ExitCode.ProblemFound,
  },
  QR_ORDER_NOT_FOUND: {
    message: {en: 'The platform does not know this order under this merchant', zh: '平台在当前商户下查不到该订单'},
    remedy: {en: "Check the order number (cashier screen, receipt, the customer's bill 交易单号/商户单号) and that the profile is the shop's own merchant", zh: '核对订单号（收银屏幕、小票、顾客账单中的交易单号/商户单号）以及配置是否为本店商户'},
    exit: ExitCode.ProblemFound,
  },
  QR_PLATFORM_UNCERTAIN: {
    message: {en: 'The platform itself does not know the outcome yet', zh: '平台自身尚不确定结果'},
    remedy: {en: 'Do not charge again or hand over goods on credit; escalate to the payment provider with the case report', zh: '不要重复收款也不要赊账交货；带上案例报告联系支付服务商'},
    exit: ExitCode.ProblemFound,
  },
  QR_BAD_REQUEST: {
    message: {en: 'The platform refused the request as malformed', zh: '平台认为请求参数有误'},
    remedy: {en: 'Check the order number format and the profile', zh: '核对订单号格式和配置'},
    exit: ExitCode.Usage,
  },
  QR_REFUSED: {
    message: {en: 'The platform refused the action', zh: '平台拒绝了该操作'},
    remedy: {en: "Query the order for its current state (posdoc qr query)", zh: '查询订单当前状态（posdoc qr query）'},
    exit: ExitCode.ProblemFound,
  },
}

export function qrErrorText(code: QrErrorCode, lang?: Lang): {message: string; remedy: string} {
  const e = TEXT[code]
  return {message: pick(e.message, lang), remedy: pick(e.remedy, lang)}
}

export function qrErrorExit(code: QrErrorCode): ExitCode {
  return TEXT[code].exit
}

export function qrPosdocError(code: QrErrorCode, extra: {detail?: string; platformCode?: string} = {}): PosdocError {
  const {message, remedy} = qrErrorText(code)
  const tail = extra.platformCode ? ` (${extra.platformCode})` : ''
  return new PosdocError({code, exitCode: qrErrorExit(code), message: `${message}${tail}`, remedy, ...(extra.detail ? {details: {detail: extra.detail}} : {})})
}
