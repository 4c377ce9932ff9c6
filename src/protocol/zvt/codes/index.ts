// ZVT code knowledge base: result codes, terminal status, intermediate status, card types.
// Pure data tables with zh-CN / en text and remedies; lookups never throw.
export {byteHex, type CodeInfo, type IntermediateStatusInfo, type ResultClass} from './types.js'
export {
  HOST_CODE_MAX,
  HOST_CODE_MIN,
  isHostResultCode,
  isKnownResultCode,
  RESULT_CODES,
  resultCodeInfo,
} from './result-codes.js'
export {TERMINAL_STATUS_CODES, terminalStatusInfo} from './terminal-status.js'
export {
  INTERMEDIATE_STATUS_CODES,
  intermediateStatusInfo,
  type IntermediateStatusOptions,
} from './intermediate-status.js'
export {CARD_TYPE_SEE_TLV41, CARD_TYPES, cardTypeName} from './card-types.js'
