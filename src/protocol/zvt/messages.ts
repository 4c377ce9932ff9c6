// CONTRACT STUB (protocol helper implements). Catalogue, decoder and builders.
import type {Apdu, Direction, TlvNode, ZvtFields, ZvtMessage} from './types.js'

export interface CatalogueEntry {
  /** "06 01" */
  command: string
  name: string
  direction: Direction | 'either'
  /** true if the PT ends the exchange with 06 0F / 06 1E (false: 80 00 00 is the end, e.g. Log-Off, Abort) */
  hasCompletion: boolean
}

export const CATALOGUE: ReadonlyArray<CatalogueEntry> = []

export function lookupCommand(_cls: number, _ins: number): CatalogueEntry | undefined {
  throw new Error('not implemented')
}

/**
 * Decode any APDU into named fields. `request` is the command this message answers, needed
 * where the layout depends on it (06 0F after 05 01 carries SW version + terminal status).
 * Throws ZvtProtocolError (ZVT_UNKNOWN_COMMAND only when `strict`; otherwise name = "unknown").
 */
export function decodeMessage(_apdu: Apdu, _ctx: {request?: string; strict?: boolean} = {}): ZvtMessage {
  throw new Error('not implemented')
}

/** Encode named fields as BMPs (tag order as given by the field order in `fields`). */
export function encodeFields(_fields: ZvtFields): Buffer {
  throw new Error('not implemented')
}

/** ECR -> PT command builders. Passwords are 6 digit strings. */
export const ecr = {
  registration(_o: {password: string; configByte: number; currencyCode?: number; serviceByte?: number; tlv?: TlvNode[]}): Apdu {
    throw new Error('not implemented')
  },
  logOff(): Apdu {
    throw new Error('not implemented')
  },
  statusEnquiry(_o: {password?: string; serviceByte?: number; tlv?: TlvNode[]} = {}): Apdu {
    throw new Error('not implemented')
  },
  diagnosis(_o: {type?: number} = {}): Apdu {
    throw new Error('not implemented')
  },
  authorization(_o: {amountCents: number; currencyCode?: number; paymentType?: number; timeout?: number; maxStatusInfos?: number}): Apdu {
    throw new Error('not implemented')
  },
  reversal(_o: {password: string; receiptNumber: number; amountCents?: number; currencyCode?: number}): Apdu {
    throw new Error('not implemented')
  },
  refund(_o: {password: string; amountCents: number; currencyCode?: number}): Apdu {
    throw new Error('not implemented')
  },
  repeatReceipt(_o: {password: string; serviceByte?: number; receiptId?: number; receiptNumberFrom?: number; receiptNumberTo?: number}): Apdu {
    throw new Error('not implemented')
  },
  endOfDay(_o: {password: string}): Apdu {
    throw new Error('not implemented')
  },
  turnoverTotals(_o: {password: string}): Apdu {
    throw new Error('not implemented')
  },
  printSystemConfiguration(): Apdu {
    throw new Error('not implemented')
  },
  readFile(_o: {fileId: number; offset?: number}): Apdu {
    throw new Error('not implemented')
  },
  abort(): Apdu {
    throw new Error('not implemented')
  },
}

/** Acknowledgements, used by both sides. */
export const ack = {
  positive(): Apdu {
    throw new Error('not implemented')
  },
  /** 84 <code> 00 (never 84 00 00: that is positive) */
  negative(_code: number): Apdu {
    throw new Error('not implemented')
  },
}

/** PT -> ECR message builders (the simulator uses these). */
export const pt = {
  intermediateStatus(_o: {status: number; timeoutMinutes?: number; tlv?: TlvNode[]}): Apdu {
    throw new Error('not implemented')
  },
  statusInformation(_fields: ZvtFields): Apdu {
    throw new Error('not implemented')
  },
  printLine(_o: {attribute: number; text: string}): Apdu {
    throw new Error('not implemented')
  },
  printTextBlock(_o: {lines: Array<{attribute?: number; text: string}>; receiptType?: 1 | 2 | 3}): Apdu {
    throw new Error('not implemented')
  },
  completion(_fields: ZvtFields = {}): Apdu {
    throw new Error('not implemented')
  },
  /** 06 0F answering 05 01: [LLLVAR SW version] terminal-status [06 TLV] */
  statusCompletion(_o: {swVersion?: string; terminalStatus: number; tlv?: TlvNode[]}): Apdu {
    throw new Error('not implemented')
  },
  abort(_o: {resultCode: number; tlv?: TlvNode[]}): Apdu {
    throw new Error('not implemented')
  },
  setDateTime(_o: {dateFull: string; time: string}): Apdu {
    throw new Error('not implemented')
  },
}

/** Copy of an APDU with PAN digits beyond first 6 / last 4 and all track / CVV bytes masked; safe for wire logs. Never throws. */
export function maskApdu(_apdu: Apdu): Apdu {
  throw new Error('not implemented')
}
