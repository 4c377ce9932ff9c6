// Response-code knowledge beside the ZVT code tables (src/protocol/zvt/codes).
export {normaliseResponseCode, RESPONSE_CODES, responseCodeInfo, type CupClass, type ResponseCodeInfo, type RetryClass} from './response-codes.js'
export {explainResult, hostResultCodeAs, retryClassText, zvtHostCodeToIso, type CodeScheme, type Explanation} from './explain.js'
