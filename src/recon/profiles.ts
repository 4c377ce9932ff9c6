/**
 * CSV column-mapping profiles: which header holds which field, amount unit, date order, code
 * scheme and value vocabularies. Built-in profiles cover the shapes documented in
 * docs/csv-profiles.md; users add their own under `csvProfiles` in the config file (validated
 * here with zod; a user profile with a built-in's name replaces it).
 */
import {z} from 'zod'

import {loadConfig} from '../config/config.js'
import {PosdocError} from '../output/errors.js'
import {ExitCode} from '../output/exit-codes.js'
import {FIELDS, type Field} from './profile-match.js'
import {importText as IT, tr} from './recon-text.js'

// the header matching and vocabularies live apart from the schema, so that an import worker
// thread does not load zod (about 40 ms of its start)
export * from './profile-match.js'

const columnRef = z.union([z.string().min(1), z.array(z.string().min(1)).min(1)])


const columnsShape = Object.fromEntries(FIELDS.map((f) => [f, columnRef.optional()])) as Record<Field, z.ZodOptional<typeof columnRef>>

export const CsvProfileSchema = z
  .object({
    name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'letters, digits, . _ - only'),
    kind: z.enum(['journal', 'settlement']),
    description: z.string().optional(),
    encoding: z.enum(['auto', 'utf-8', 'gb18030', 'gbk', 'utf-16le']).default('auto'),
    delimiter: z.enum(['auto', ',', '\t', ';', '|']).default('auto'),
    /** major: yuan/euro with decimals; cents: integer minor units */
    amountUnit: z.enum(['major', 'cents']),
    decimalComma: z.boolean().default(false),
    /** ISO 4217 code for files without a currency column, e.g. CNY */
    defaultCurrency: z.string().regex(/^[A-Z]{3}$/).optional(),
    /** how to read 05/03/2026: DMY or MDY (year-first dates are always clear) */
    dateOrder: z.enum(['YMD', 'DMY', 'MDY']).default('DMY'),
    /** scheme of the result-code column when the file has no scheme column */
    resultCodes: z.enum(['iso8583', 'zvt']).default('iso8583'),
    columns: z.object(columnsShape).strict(),
    typeMap: z.record(z.string(), z.enum(['sale', 'void', 'refund', 'reversal', 'other'])).default({}),
    stateMap: z.record(z.string(), z.enum(['approved', 'declined', 'voided', 'reversed', 'unknown'])).default({}),
    statusMap: z.record(z.string(), z.enum(['settled', 'held', 'pending', 'failed'])).default({}),
    /** a row whose first non-empty cell starts with one of these is a totals line, not a transaction */
    summaryRowPrefixes: z.array(z.string()).default(['合计', '总计', '小计', 'Total', 'Sum', 'Summe']),
  })
  .strict()
  .superRefine((p, ctx) => {
    if (!p.columns.terminalId) ctx.addIssue({code: 'custom', path: ['columns', 'terminalId'], message: 'a terminal ID column is required'})
    if (!p.columns.amount) ctx.addIssue({code: 'custom', path: ['columns', 'amount'], message: 'an amount column is required'})
    if (!p.columns.traceNumber && !p.columns.receiptNumber) ctx.addIssue({code: 'custom', path: ['columns'], message: 'a trace or receipt number column is required'})
    if (!p.columns.dateTime && !p.columns.date) ctx.addIssue({code: 'custom', path: ['columns'], message: 'a dateTime or date column is required'})
  })

export type CsvProfileInput = z.input<typeof CsvProfileSchema>
export type CsvProfile = z.output<typeof CsvProfileSchema> & {builtIn?: boolean}

// ---- built-in profiles ---------------------------------------------------------------------------

const BUILT_IN_INPUT: CsvProfileInput[] = [
  {
    name: 'posdoc-journal',
    kind: 'journal',
    description: "posdoc's own transaction list (logs pull / logs import --out), UTF-8, amounts with decimals",
    amountUnit: 'major',
    dateOrder: 'YMD',
    columns: {
      dateTime: 'time',
      type: 'type',
      amount: 'amount',
      currency: 'currency',
      panMasked: 'pan_masked',
      cardType: 'card_type',
      traceNumber: 'trace_number',
      receiptNumber: 'receipt_number',
      turnoverNumber: 'turnover_number',
      authCode: 'auth_code',
      rrn: 'rrn',
      terminalId: 'terminal_id',
      merchantId: 'merchant_id',
      batchNumber: 'batch_number',
      batchOpen: 'batch_open',
      resultCode: 'result_code',
      resultScheme: 'result_scheme',
      state: 'state',
      originalTraceNumber: 'original_trace_number',
    },
  },
  {
    name: 'posdoc-settlement',
    kind: 'settlement',
    description: 'a settlement file normalised by `posdoc logs import --out` (same columns as posdoc-journal)',
    amountUnit: 'major',
    dateOrder: 'YMD',
    columns: {
      dateTime: 'time',
      type: 'type',
      amount: 'amount',
      currency: 'currency',
      panMasked: 'pan_masked',
      cardType: 'card_type',
      traceNumber: 'trace_number',
      receiptNumber: 'receipt_number',
      authCode: 'auth_code',
      rrn: 'rrn',
      terminalId: 'terminal_id',
      merchantId: 'merchant_id',
      batchNumber: 'batch_number',
      resultCode: 'result_code',
      resultScheme: 'result_scheme',
      originalTraceNumber: 'original_trace_number',
      settlementStatus: 'settlement_status',
      settlementDate: 'settlement_date',
      fee: 'fee',
    },
  },
  {
    name: 'posdoc-sim-journal',
    kind: 'journal',
    description: 'the simulator\'s merchant journal (ZVT Read File 01): UTF-8, ISO 8601 UTC times, cents, ZVT result codes',
    amountUnit: 'cents',
    dateOrder: 'YMD',
    resultCodes: 'zvt',
    columns: {
      receiptNumber: 'receipt_number',
      traceNumber: 'trace_number',
      turnoverNumber: 'turnover_number',
      batchNumber: 'batch_number',
      dateTime: 'time',
      type: 'type',
      state: 'state',
      amount: 'amount_cents',
      currency: 'currency_code',
      panMasked: 'pan_masked',
      cardType: 'card_name',
      authCode: 'auth_code',
      terminalId: 'terminal_id',
      resultCode: 'result_code',
      originalTraceNumber: 'original_trace_number',
    },
    // ZVT 06 30 "Reversal" is the operator's cancel of a sale in the open batch: a void (撤销)
    typeMap: {sale: 'sale', reversal: 'void', refund: 'refund'},
    stateMap: {booked: 'approved', declined: 'declined', reversed: 'voided', 'auto-reversed': 'reversed'},
  },
  {
    name: 'posdoc-sim-settlement',
    kind: 'settlement',
    description: "the simulated acquirer's settlement file written at End-of-Day (src/sim/settlement.ts)",
    amountUnit: 'cents',
    dateOrder: 'YMD',
    columns: {
      settlementDate: 'settlement_date',
      merchantId: 'merchant_id',
      terminalId: 'terminal_id',
      batchNumber: 'batch_number',
      traceNumber: 'trace_number',
      receiptNumber: 'receipt_number',
      dateTime: 'txn_time',
      type: 'txn_type',
      amount: 'amount_cents',
      fee: 'fee_cents',
      currency: 'currency_code',
      panMasked: 'pan_masked',
      cardType: 'card_name',
      authCode: 'auth_code',
      rrn: 'rrn',
      resultCode: 'response_code',
      settlementStatus: 'status',
    },
  },
  {
    name: 'cn-acquirer-settlement',
    kind: 'settlement',
    description: 'Chinese acquirer settlement detail export (商户交易明细/清算明细): GBK, 中文 headers, amounts in yuan',
    amountUnit: 'major',
    defaultCurrency: 'CNY',
    dateOrder: 'YMD',
    columns: {
      merchantId: ['商户编号', '商户号', '商户代码'],
      terminalId: ['终端编号', '终端号', '终端代码'],
      date: ['交易日期'],
      time: ['交易时间'],
      type: ['交易类型'],
      batchNumber: ['批次号'],
      traceNumber: ['凭证号', '流水号', 'POS流水号', '终端流水号'],
      rrn: ['系统参考号', '参考号', '检索参考号'],
      panMasked: ['卡号', '交易卡号'],
      cardType: ['卡类型', '卡种', '卡类别'],
      amount: ['交易金额', '交易金额(元)', '金额'],
      fee: ['手续费', '商户手续费', '手续费(元)'],
      authCode: ['授权码', '授权号'],
      resultCode: ['应答码', '响应码', '返回码'],
      settlementStatus: ['清算状态', '结算状态', '入账状态'],
      settlementDate: ['清算日期', '结算日期', '入账日期'],
    },
  },
  {
    name: 'en-acquirer-settlement',
    kind: 'settlement',
    description: 'English TMS / acquirer settlement export: tab or comma separated, amounts in cents (minor units), day/month/year dates',
    amountUnit: 'cents',
    dateOrder: 'DMY',
    columns: {
      merchantId: ['Merchant ID', 'MID', 'Merchant Number'],
      terminalId: ['Terminal ID', 'TID', 'Terminal'],
      date: ['Transaction Date', 'Txn Date'],
      time: ['Transaction Time', 'Txn Time'],
      type: ['Transaction Type', 'Txn Type', 'Type'],
      batchNumber: ['Batch No', 'Batch Number', 'Batch'],
      traceNumber: ['STAN', 'Trace No', 'Trace Number', 'Trace'],
      rrn: ['RRN', 'Retrieval Reference Number', 'Reference'],
      panMasked: ['Card Number', 'Masked PAN', 'PAN'],
      cardType: ['Card Brand', 'Card Type', 'Scheme'],
      amount: ['Amount (minor units)', 'Amount Minor', 'Amount (cents)'],
      currency: ['Currency'],
      authCode: ['Auth Code', 'Authorisation Code', 'Authorization Code', 'Approval Code'],
      resultCode: ['Response Code', 'Resp Code'],
      settlementStatus: ['Status', 'Settlement Status'],
      settlementDate: ['Settlement Date', 'Value Date', 'Payout Date'],
      fee: ['Fee (minor units)', 'Fee Minor', 'Fee (cents)'],
    },
  },
]

export const BUILT_IN_PROFILES: readonly CsvProfile[] = BUILT_IN_INPUT.map((p) => ({...CsvProfileSchema.parse(p), builtIn: true}))

/**
 * Built-in profiles plus the config file's `csvProfiles` (a user profile replaces a built-in of
 * the same name). A broken user profile is a usage error naming the entry and the problem.
 */
export function loadProfiles(opts: {config?: () => {csvProfiles: Array<Record<string, unknown>>; file: string}} = {}): CsvProfile[] {
  const config = (opts.config ?? (() => loadConfig()))()
  const user: CsvProfile[] = config.csvProfiles.map((raw, i) => {
    const parsed = CsvProfileSchema.safeParse(raw)
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!
      const name = typeof raw.name === 'string' ? ` ("${raw.name}")` : ''
      throw new PosdocError({
        code: 'CONFIG_INVALID',
        exitCode: ExitCode.Usage,
        message: tr(IT.badProfile)(config.file, `csvProfiles[${i}]${name}.${issue.path.join('.')}`, issue.message),
        remedy: tr(IT.badProfileRemedy),
      })
    }
    return parsed.data
  })
  const names = new Set(user.map((p) => p.name))
  return [...user, ...BUILT_IN_PROFILES.filter((p) => !names.has(p.name))]
}

export function findProfile(profiles: readonly CsvProfile[], name: string): CsvProfile {
  const p = profiles.find((x) => x.name === name)
  if (!p) {
    throw new PosdocError({
      code: 'IMPORT_UNKNOWN_PROFILE',
      exitCode: ExitCode.Usage,
      message: tr(IT.unknownProfile)(name, profiles.map((x) => x.name).join(', ')),
      remedy: tr(IT.unknownProfileRemedy),
    })
  }
  return p
}
