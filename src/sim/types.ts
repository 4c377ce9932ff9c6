/** Simulator state and plug-in contracts. The state is what a real PT keeps in flash. */

export type JournalRecordType = 'sale' | 'reversal' | 'refund'
/**
 * booked: approved and standing; declined: refused (no receipt number, nothing booked);
 * reversed: a sale cancelled by a later reversal (see reversedBy); auto-reversed: the PT undid
 * it itself because the ECR never acknowledged the result (spec: a payment is final only once
 * the ECR acknowledged its 04 0F).
 */
export type JournalRecordState = 'booked' | 'declined' | 'reversed' | 'auto-reversed'

export interface JournalRecord {
  /** BMP 87, 1..9999 wrapping; null for declines (no slip number is issued) */
  receiptNumber: number | null
  /** BMP 0B, 1..999999 wrapping */
  traceNumber: number
  /** BMP 88; null for declines */
  turnoverNumber: number | null
  batchNumber: number
  /** ISO 8601 (UTC) */
  time: string
  type: JournalRecordType
  amountCents: number
  /** ISO 4217 numeric, 978 = EUR */
  currencyCode: number
  /** masked: '*' for every hidden digit, last four shown */
  panMasked: string
  /** ZVT card-type ID (BMP 8A) */
  cardType: number
  cardName: string
  authCode: string | null
  terminalId: string
  /** ZVT result code (BMP 27): 0 approved, 01..63 host codes, 6C aborted ... */
  resultCode: number
  state: JournalRecordState
  /** receipt number of the reversal that cancelled this sale */
  reversedBy?: number
  /** reversal records: the sale they cancel */
  originalReceiptNumber?: number
  originalTraceNumber?: number
}

export interface ClosedBatch {
  batchNumber: number
  /** ISO 8601 */
  closedAt: string
  /** trace number of the End-of-Day itself */
  traceNumber: number
  receiptNumberStart: number
  receiptNumberEnd: number
  count: number
  totalCents: number
}

export interface PrintedReceipt {
  time: string
  kind: ReceiptKind
  lines: string[]
}

export type ReceiptKind = 'merchant' | 'customer' | 'end-of-day' | 'diagnosis' | 'configuration' | 'journal' | 'totals'

export interface SimConfig {
  /** Registration config byte; 0x86 after Log-Off and on a fresh PT (ECR prints via 06 D1/06 D3) */
  configByte: number
  serviceByte: number
  /** currency the ECR registered with; echoed (BMP 49) only when the ECR sent one */
  ecrCurrencyCode: number | null
  /** the ECR sent a TLV container (possibly empty) at Registration: PT may send TLV */
  tlvAllowed: boolean
  /** the ECR listed 06 D3 in TLV 26 at Registration */
  textBlocks: boolean
  /** TLV 14 the ECR asked for and the PT accepted (echoed in the completion): print/display texts use it */
  charset?: number
  /** TLV 12 printer width (characters) the ECR announced */
  printerWidth?: number
  /** TLV 1A: the longest APDU the ECR can receive (data bytes) */
  maxApduLength?: number
}

export interface SimState {
  version: 1
  terminalId: string
  /** BMP 2A, up to 15 ASCII characters */
  vuNumber: string
  merchantName: string
  password: string
  currencyCode: number
  swVersion: string
  seed: number
  counters: {traceNumber: number; receiptNumber: number; turnoverNumber: number; batchNumber: number}
  journal: JournalRecord[]
  batches: ClosedBatch[]
  /** terminal status (05 01 completion): 00 ready, CC printer, E4 activation, F0 open batch, 9C busy */
  terminalStatus: number
  printer: {paperOut: boolean; printed: PrintedReceipt[]}
  config: SimConfig
  /** data of the last transaction 04 0F (hex), for Repeat Receipt service bit 0 */
  lastStatusInfoHex: string | null
  /** the last receipt the PT produced (any kind), for Repeat Receipt 1F01 = 01 */
  lastReceipt: PrintedReceipt | null
  /** the last End-of-Day receipt, for Repeat Receipt 1F01 = 04 */
  lastEndOfDayReceipt: PrintedReceipt | null
}

/** Checks the acquirer host for Diagnosis 06 70. The network helper plugs a real TLS probe in. */
export interface HostProbe {
  probe(): Promise<{ok: boolean; resultCode?: number; detail: string}>
}

export const alwaysOkHostProbe: HostProbe = {
  probe: () => Promise.resolve({ok: true, detail: 'simulated acquirer host reachable'}),
}

/** Observability for `posdoc sim -v` and tests. Wire bytes are hex; cards are masked already. */
export type SimEvent =
  | {type: 'connect'; connection: number; description: string; framing: 'serial' | 'tcp'}
  | {type: 'disconnect'; connection: number; reason?: string}
  | {type: 'rx'; connection: number; hex: string}
  | {type: 'tx'; connection: number; hex: string}
  | {type: 'commit'; what: string}
  | {type: 'fault'; scenario: string; detail: string}
  | {type: 'warning'; detail: string}
