import {Args, Flags} from '@oclif/core'

import {BaseCommand} from '../../src/cli/base-command.js'
import {t} from '../../src/i18n/index.js'
import {ExitCode} from '../../src/output/exit-codes.js'
import {renderDecode} from '../../src/output/render-decode.js'
import {decodeHexInput, type DecodeResult} from '../../src/tools/zvt-decode.js'

export default class ZvtDecode extends BaseCommand {
  static override summary = 'Decode a ZVT serial frame or APDU given as hex'
  static override description = 'Accepts a whole serial frame (10 02 … 10 03 CRC, checks the CRC) or a bare APDU (as on TCP). Card numbers are always shown masked (first 6 / last 4); track data and CVV only as "present".\n\nExit codes: 0 decoded, 1 decoded but the frame CRC is wrong, 2 not decodable (bad hex, truncated, unknown command).'
  static override examples = [
    '<%= config.bin %> zvt decode "10 02 06 02 00 10 03 B9 CC"',
    '<%= config.bin %> zvt decode 060200 --json',
    '<%= config.bin %> zvt decode "06 0F 00 ..." --request "05 01"',
  ]

  static override args = {
    hex: Args.string({description: 'hex bytes (spaces, colons, 0x prefixes allowed); - reads stdin', required: true}),
  }

  static override flags = {
    request: Flags.string({description: 'the command this message answers, e.g. "05 01" (decides the 06 0F layout)'}),
  }

  async run(): Promise<DecodeResult> {
    const {args, flags} = await this.parse(ZvtDecode)
    const text = args.hex === '-' ? await readStdin() : args.hex
    const result = decodeHexInput(text, flags.request ? {request: flags.request} : {})
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
