/**
 * What posdoc needs from a payment terminal, independent of the ECR protocol (ZVT today).
 * Each call is one whole exchange; results carry what the terminal said, never guesses.
 */
import type {ZvtFields} from '../protocol/zvt/types.js'

export type ProgressEvent =
  | {kind: 'intermediate'; code: number; text: string}
  | {kind: 'print'; line: string}
  | {kind: 'retry'; attempt: number; reason: string}
  | {kind: 'info'; text: string}

export interface Receipt {
  /** merchant | customer | administration | unknown (from TLV 1F07 or the receipt's own wording) */
  type: 'merchant' | 'customer' | 'administration' | 'unknown'
  lines: string[]
}

export interface CommandOutcome {
  /** true when the terminal ended with 06 0F (or the command's own success end), resultCode 0 */
  ok: boolean
  /** ZVT result code (BMP 27 / 06 1E / 84 xx); 0 on success */
  resultCode: number
  resultText: string
  /** the terminal rejected the command itself with 84 xx (never started) */
  rejected: boolean
  /** fields of the 04 0F Status-Information messages, in order */
  statusInfos: ZvtFields[]
  /** fields of the final 06 0F completion, if any */
  completion: ZvtFields | undefined
  receipts: Receipt[]
  intermediate: Array<{code: number; text: string}>
  /**
   * The terminal's own clock, when it sent 04 01 Set Date/Time (Diagnosis does): YYMMDD + HHMMSS;
   * receivedAtMs: this PC's clock when the 04 01 arrived; roundTripMs: command to the PT's first
   * answer, for how old the stamp was on arrival (a slow terminal is not a wrong clock).
   */
  terminalDateTime?: {dateFull: string; time: string; receivedAtMs?: number; roundTripMs?: number}
  durationMs: number
}

export interface TerminalStatus extends CommandOutcome {
  terminalStatus: number
  terminalStatusText: string
  swVersion: string | undefined
  terminalId: string | undefined
}

export interface Terminal {
  readonly protocol: 'zvt'
  /** Registration: tells the PT our capabilities; returns TID / status byte from its completion. */
  register(): Promise<CommandOutcome>
  status(): Promise<TerminalStatus>
  diagnosis(type?: 'line' | 'extended' | 'configuration'): Promise<CommandOutcome>
  /**
   * Repeat Receipt; `which` selects via TLV 1F01 (journal = the stored journal printout).
   * resendStatusInfo: the PT sends the last 04 0F again; noPrintout: nothing is printed (a status read).
   */
  repeatReceipt(opts?: {which?: 'last' | 'merchant' | 'customer' | 'journal' | 'end-of-day'; resendStatusInfo?: boolean; noPrintout?: boolean; receiptNumber?: number}): Promise<CommandOutcome>
  reversal(opts: {receiptNumber: number; amountCents?: number}): Promise<CommandOutcome>
  refund(opts: {amountCents: number}): Promise<CommandOutcome>
  endOfDay(): Promise<CommandOutcome>
  turnoverTotals(): Promise<CommandOutcome>
  printSystemConfiguration(): Promise<CommandOutcome>
  /** Read File 08 11; resolves with the concatenated file blocks. */
  readFile(fileId: number): Promise<CommandOutcome & {data: Buffer}>
  abort(): Promise<CommandOutcome>
  logOff(): Promise<void>
  onProgress(listener: (e: ProgressEvent) => void): () => void
  close(): Promise<void>
}
