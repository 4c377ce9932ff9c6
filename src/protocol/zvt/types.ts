/** Shared ZVT types. Pure data: no I/O anywhere under src/protocol. */

/** One ZVT application message. Commands: cls/ins = CLASS/INSTR; responses: cls = CCRC (80/84), ins = APRC. */
export interface Apdu {
  cls: number
  ins: number
  data: Buffer
}

export type Direction = 'ECR->PT' | 'PT->ECR'

/** A BER-TLV data object from a BMP 06 container. */
export interface TlvNode {
  /** tag as uppercase hex without spaces, e.g. "1F16", "24", "07" */
  tag: string
  constructed: boolean
  /** primitive value (empty for constructed nodes) */
  value: Buffer
  children: TlvNode[]
}

/** BMP 60 totals (End-of-Day / Send Turnover Totals). */
export interface TurnoverTotals {
  receiptNumberStart: number
  receiptNumberEnd: number
  groups: Array<{brand: 'girocard' | 'jcb' | 'eurocard' | 'amex' | 'visa' | 'diners' | 'other'; count: number; amountCents: number}>
}

/**
 * Decoded fields of any message, camelCase, by domain name. Positional fields (password,
 * config byte, status bytes...) and BMP fields land in the same bag. Card data is only ever
 * present masked: panMasked keeps first 6 / last 4, track data is reported as presence only.
 */
export interface ZvtFields {
  password?: string
  configByte?: number
  serviceByte?: number
  currencyCode?: number
  amountCents?: number
  traceNumber?: number
  originalTraceNumber?: number
  receiptNumber?: number
  turnoverNumber?: number
  terminalId?: string
  vuNumber?: string
  resultCode?: number
  resultText?: string
  hostResultCode?: number
  /** BMP 19: status byte / payment type / card type depending on the message */
  statusByte?: number
  cardType?: number
  cardTypeNetwork?: number
  cardName?: string
  cardSequenceNumber?: number
  panMasked?: string
  expiryDate?: string
  /** HHMMSS */
  time?: string
  /** MMDD (BMP 0D) */
  date?: string
  /** YYMMDD (BMP AA) */
  dateFull?: string
  authCode?: string
  additionalText?: string
  /** BMP 01: seconds (binary); in 04 FF: the new T4 in minutes (positional, 1 byte BCD) */
  timeout?: number
  maxStatusInfos?: number
  intermediateStatus?: number
  intermediateText?: string
  printAttribute?: number
  printText?: string
  swVersion?: string
  terminalStatus?: number
  terminalStatusText?: string
  totals?: TurnoverTotals
  track1Present?: boolean
  track2Present?: boolean
  track3Present?: boolean
  cvvPresent?: boolean
  cardOutputDirection?: number
  /** 04 FF / 04 0F: TLV 24 display text lines (07), joined with "\n" */
  displayText?: string
  /** 06 D3 (and the 06 D1 TLV tail): TLV 1F07 receipt type, 1 merchant, 2 customer, 3 administration */
  receiptType?: number
  /** 06 D1 with attribute FF: number of line feeds */
  lineFeeds?: number
  /** BMP 19 as payment type (06 01/05/0C/21-25/30/31/E6, 04 0F) [SPEC15 §2.2.1, §3.1.1] */
  paymentType?: number
  /** 04 0F: what the payment type says (40 offline, 50 card checked, 60 online, 70 PIN) */
  paymentTypeText?: string
  /** 06 C0: BMP 19 card type filter [SPEC15 §2.21] */
  readCardType?: number
  readCardTypeText?: string
  /** BMP 8A / TLV 41 card-type ID as a name [SPEC15 §12] */
  cardTypeText?: string
  /** 06 12 Reprint Receipts: positional receipt numbers (2 bytes BCD) [SPEC15 §2.19] */
  receiptNumberFrom?: number
  receiptNumberTo?: number
  /** 06 95 Change Password: the new password (positional, after the old one) */
  newPassword?: string
  /** 08 02 Switch Protocol: protocol type */
  protocolType?: number
  /** display-text BMPs F1-F8 / E1-E8 as text ("7-bit ASCII with umlauts"), in BMP order */
  displayLines?: Array<{bmp: string; text: string}>
  /** BMP 0B 000000 with TLV 1F2B: the long trace number [SPEC15 §9.4.2] */
  longTraceNumber?: number
  /** BMP 87 FF FF: no receipt number (e.g. nothing booked) */
  noReceipt?: boolean
  /** TLV 1F12 (also in 2F): magstripe / chip / contactless */
  cardTechnology?: string
  /** TLV 1F10 (also in 2F): cardholder verification method */
  cardholderVerification?: string
  /** 08 14 Write File: the files offered (TLV 2D {1D id | 1F80 name, 1F00 size}) */
  files?: Array<{id?: number; name?: string; size?: number}>
  /** data of an unknown command that could not be parsed as BMPs (hex, card data masked as by maskApdu) */
  undecoded?: string
  tlv?: TlvNode[]
  /** BMPs the decoder knows the length of but has no named field for: tag hex -> value hex */
  other?: Record<string, string>
}

export interface ZvtMessage {
  /** "04 0F" (for responses "80 00" / "84 xx") */
  command: string
  /** catalogue name, e.g. "Status-Information" */
  name: string
  direction: Direction | 'either'
  fields: ZvtFields
}
