/** The case report: public API (see docs/report-schema.md). */
export {buildCaseReport, parseFormats, renderCaseReport, REPORT_FORMATS} from './build.js'
export type {BuildReportOptions, BuildReportResult, RenderedReport, ReportFormat} from './build.js'
export {buildReportModel, CaseReportSchema, REPORT_SCHEMA} from './model.js'
export type {CaseReport} from './model.js'
export {redactionError, scanOutgoing} from './redact.js'
export type {OutgoingFile, RedactionFinding, ScanResult} from './redact.js'
