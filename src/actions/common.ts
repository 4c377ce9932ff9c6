/** Small pieces shared by reprint and void: registration modes, APDU display, money, confirmation. */
import {formatMoney as domainFormatMoney} from '../domain/money.js'
import {decodeMessage, hexHidingPassword, maskApdu} from '../protocol/zvt/messages.js'
import type {Apdu} from '../protocol/zvt/types.js'
import type {CommandOutcome} from '../terminal/terminal.js'
import {summarizeMessage} from '../terminal/wire-log.js'
import type {ZvtTerminal} from '../terminal/zvt/zvt-terminal.js'
import {withTransientRetry, type RetryPolicy} from './terminal-records.js'

/**
 * Registration config bytes [SPEC15 §2.1 Table 1]. pt-prints (08): the terminal prints every slip
 * on its own printer (the merchant's paper slip; a paper-out then shows as CC), intermediate status
 * on. ecr-prints (8E): the terminal hands every slip to us as 06 D1/06 D3 lines (text capture;
 * nothing goes on paper), as device probe registers.
 */
export const CONFIG_PT_PRINTS = 0x08
export const CONFIG_ECR_PRINTS = 0x8e

export async function registerAs(terminal: ZvtTerminal, password: string, mode: 'pt-prints' | 'ecr-prints', retry: RetryPolicy): Promise<CommandOutcome> {
  const configByte = mode === 'pt-prints' ? CONFIG_PT_PRINTS : CONFIG_ECR_PRINTS
  // the terminal was opened with this password; Registration (TLV 26, currency) is built in src/terminal
  void password
  return withTransientRetry(() => terminal.register({configByte}), retry)
}

export interface ApduView {
  command: string
  /** masked: card data per maskApdu, the password as ** ** ** */
  hex: string
  decoded: string
}

/** How an APDU is shown (dry run, journal): card data masked, password hidden, decoded summary. */
export function describeApdu(apdu: Apdu): ApduView {
  const masked = maskApdu(apdu)
  const hex2 = (b: number) => b.toString(16).padStart(2, '0').toUpperCase()
  const key = `${hex2(apdu.cls)} ${hex2(apdu.ins)}`
  // one rule with the wire log: every place a password sits shows as ** ** **
  const hex = hexHidingPassword(masked)
  let decoded: string
  try {
    decoded = summarizeMessage(decodeMessage(masked))
  } catch {
    decoded = key
  }
  return {command: key, hex, decoded: hex.includes('**') ? `${decoded} (password hidden)` : decoded}
}

/** "12.50 EUR" from cents and the ISO 4217 numeric code the terminal reports (src/domain/money.ts). */
export function formatMoney(cents: number, currencyCode?: number): string {
  return domainFormatMoney(cents, currencyCode)
}

/** Local "YYYY-MM-DD HH:MM" (the terminal's clock is local time too); '' for a missing or bad time. */
export function localDateTime(iso: string | undefined): string {
  if (!iso) return ''
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return ''
  const p = (n: number) => String(n).padStart(2, '0')
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`
}

export const receiptNo = (n: number | undefined): string => (n === undefined ? '?' : String(n).padStart(4, '0'))

/**
 * "12.30", "12", "0.5" -> cents. Anything else (signs, exponents, three decimals, 0) is refused:
 * the amount of a money step must be exactly what the user meant.
 */
export function parseAmountCents(text: string): number | undefined {
  const m = /^(\d{1,7})(?:[.,](\d{1,2}))?$/.exec(text.trim())
  if (!m) return undefined
  const cents = Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'))
  return cents > 0 ? cents : undefined
}

/** Receipt numbers are 4-digit BCD (BMP 87): 1..9999. */
export function parseReceiptNumber(text: string): number | undefined {
  if (!/^\d{1,4}$/.test(text.trim())) return undefined
  const n = Number(text)
  return n >= 1 && n <= 9999 ? n : undefined
}

/** Asks before a money step. The CLI's answers come from a TTY prompt or --yes; tests script them. */
export type Confirm = (question: string) => Promise<boolean>

/** stdin and stderr are terminals: a person can answer a prompt (stdout may be piped into jq). */
export function isInteractive(): boolean {
  return Boolean(process.stdin.isTTY && process.stderr.isTTY)
}

/** Prompt on stderr (stdout stays the result), default No. */
export async function promptConfirm(question: string): Promise<boolean> {
  const {confirm} = await import('@inquirer/prompts')
  return confirm({message: question, default: false}, {output: process.stderr})
}
