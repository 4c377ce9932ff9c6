import {Args, Flags} from '@oclif/core'

import {BaseCommand} from '../../src/cli/base-command.js'
import {t} from '../../src/i18n/index.js'
import {ExitCode} from '../../src/output/exit-codes.js'
import {PosdocError} from '../../src/output/errors.js'
import {renderDecode, renderPartialDecode} from '../../src/output/render-decode.js'
import {charsetByName} from '../../src/protocol/zvt/charset.js'
import {decodeHexInput, PartialDecodeError, type DecodeResult} from '../../src/tools/zvt-decode.js'

export default class ZvtDecode extends BaseCommand {
  static override summary = 'Decode a ZVT serial frame or APDU given as hex'
  static override description = 'Accepts a whole serial frame (10 02 … 10 03 CRC, checks the CRC) or a bare APDU (as on TCP). Card numbers are always shown masked (first 6 / last 4); track data and CVV only as "present".\n\nExit codes: 0 decoded, 1 decoded but the frame CRC is wrong, 2 not decodable (bad hex, truncated, unknown command); then what could be decoded is printed too (--json: error.details.partial).'
  static override examples = [
    '<%= config.bin %> zvt decode "10 02 06 02 00 10 03 B9 CC"',
    '<%= config.bin %> zvt decode 060200 --json',
    '<%= config.bin %> zvt decode "06 0F 00 ..." --request "05 01"',
    '<%= config.bin %> zvt decode "06 D1 08 00 48 C4 4E 44 4C 45 52" --charset iso8859-1',
    '<%= config.bin %> zvt decode "00 48 41 4C 4C 4F" --command "06 D1"',
  ]

  static override args = {
    hex: Args.string({description: 'hex bytes (spaces, colons, 0x prefixes allowed); - reads stdin', required: true}),
  }

  static override flags = {
    request: Flags.string({description: 'the command this message answers, e.g. "05 01" (decides the 06 0F layout)'}),
    charset: Flags.string({description: 'text charset: cp437 (default), zvt7 (ZVT 7-bit with umlauts), ascii, utf8, iso8859-1 … iso8859-16'}),
    command: Flags.string({description: 'decode the hex as the data block of this command (CLASS INSTR, e.g. "06 D1"), without its header'}),
  }

  async run(): Promise<DecodeResult> {
    const {args, flags} = await this.parse(ZvtDecode)
    const text = args.hex === '-' ? await readStdin() : args.hex
    const charset = flags.charset === undefined ? undefined : charsetByName(flags.charset)
    if (flags.charset !== undefined && charset === undefined) {
      throw new PosdocError({code: 'USAGE_BAD_CHARSET', exitCode: ExitCode.Usage, message: t('USAGE_BAD_CHARSET', {value: flags.charset}), remedy: t('USAGE_BAD_CHARSET_REMEDY')})
    }
    let result: DecodeResult
    try {
      result = decodeHexInput(text, {...(flags.request ? {request: flags.request} : {}), ...(charset !== undefined ? {charset} : {}), ...(flags.command ? {command: flags.command} : {})})
    } catch (err) {
      // text mode: what could be read goes to stdout before the one-line error (JSON: in error.details.partial)
      if (err instanceof PartialDecodeError && !this.jsonEnabled()) this.log(renderPartialDecode(err.partial))
      throw err
    }
    if (!this.jsonEnabled()) this.log(renderDecode(result))
    // a corrupt frame still decodes (so it can be read), but it is a finding: exit 1
    if (result.crcOk === false) {
      this.setExitCode(ExitCode.ProblemFound)
      if (!this.jsonEnabled()) process.stderr.write(`${t('CRC_MISMATCH', {received: result.crcReceived!, computed: result.crcComputed!})}\n`)
    }
    return result
  }
}

async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) return ''
  const chunks: Buffer[] = []
  for await (const c of process.stdin) chunks.push(c as Buffer)
  return Buffer.concat(chunks).toString('utf8')
}
