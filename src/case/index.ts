/** The case store: public API (see src/case/README.md). */
export {CaseStore, CaseHandle, makeCaseId, parseCaseJson, summarize} from './store.js'
export type {ActionInput, ActionPatch, CaseListResult, CaseStoreOptions, CaseSummary, EvidenceSource, NewCase, TransactionInput} from './store.js'
export {findCardData, maskCardData, maskDeep, maskPan, luhnValid} from './card-data.js'
export type {CardDataKind, CardDataMatch} from './card-data.js'
export * from './schema.js'
