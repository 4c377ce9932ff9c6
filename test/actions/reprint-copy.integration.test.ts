/**
 * `posdoc receipt reprint --receipt N --copy merchant|customer` through the built CLI against
 * `posdoc sim` (its own process, --state DIR): posdoc sends TLV 1F01 02 / 03 with 1F02/1F03 = N,
 * and gets the copy it asked for, as text and on the terminal's printer.
 */
import {afterEach, describe, expect, it} from 'vitest'

import {hasSocat} from '../helpers/socat.js'
import {CliRig, json, standingSale, type Framing} from './helpers/cli-rig.js'

let rigs: CliRig[] = []
afterEach(async () => {
  for (const r of rigs) await r.close()
  rigs = []
})

/** a centred title line */
const titled = (lines: string[], title: string) => lines.some((l) => l.trim() === title)
/** lines of the human rendering that belong to the slip ("  | text") */
const slipLines = (stdout: string) => stdout.split('\n').filter((l) => l.startsWith('  |')).map((l) => l.slice(4))
/** without the empty text of the receipt's last-line print command (06 D1 81), which posdoc keeps as a blank line */
const body = (lines: string[]) => {
  const out = [...lines]
  while (out.at(-1) === '') out.pop()
  return out
}

describe.each<Framing>(['tcp', 'serial'])('posdoc receipt reprint --receipt N --copy over %s', (framing) => {
  it.skipIf(framing === 'serial' && !hasSocat())(
    '--copy merchant and --copy customer --json deliver different, correct copies of the same slip',
    async () => {
      const r = await CliRig.create(framing)
      rigs.push(r)
      await r.start()
      const start = await r.state()
      // not the newest slip: the number must decide, not "last"
      const sale = standingSale(start, 2)
      const receipt = `Receipt             ${String(sale.receiptNumber).padStart(4, '0')}`

      const m = await r.run(['receipt', 'reprint', '--receipt', String(sale.receiptNumber), '--copy', 'merchant', '--lang', 'en'])
      expect(m.code).toBe(0)
      const merchant = body(slipLines(m.stdout))
      expect(titled(merchant, 'MERCHANT COPY')).toBe(true)
      expect(titled(merchant, 'CUSTOMER COPY')).toBe(false)
      expect(merchant).toContain(receipt)
      expect(merchant).toContain('Signature')
      expect(m.stdout).not.toMatch(/asked for the \w+ copy/)
      // on paper, too: the PT printed the merchant copy of that slip
      const afterMerchant = (await r.state()).printer.printed
      expect(afterMerchant).toHaveLength(start.printer.printed.length + 1)
      expect(afterMerchant.at(-1)).toMatchObject({kind: 'merchant'})
      expect(afterMerchant.at(-1)!.lines).toEqual(merchant)

      const c = await r.run(['receipt', 'reprint', '--receipt', String(sale.receiptNumber), '--copy', 'customer', '--json'])
      expect(c.code).toBe(0)
      const out = json(c)
      expect(out).toMatchObject({status: 'printed', exitCode: 0, request: {last: false, receiptNumber: sale.receiptNumber, copy: 'customer'}, receipt: {copy: 'customer'}, notes: []})
      const customer = body(out.receipt.lines as string[])
      expect(titled(customer, 'CUSTOMER COPY')).toBe(true)
      expect(customer.join('\n')).not.toContain('MERCHANT')
      expect(customer).not.toContain('Signature')
      expect(customer).toContain(receipt)
      // the same slip: the customer copy is the merchant copy without its title and signature block
      const sig = merchant.indexOf('Signature')
      expect(customer).toEqual(merchant.slice(0, sig - 1).map((l) => l.replace('MERCHANT COPY', 'CUSTOMER COPY')))
      const afterCustomer = (await r.state()).printer.printed
      expect(afterCustomer.at(-1)!.kind).toBe('customer')
      expect(afterCustomer.at(-1)!.lines).toEqual(customer)
      // masked card only
      expect(m.stdout + c.stdout).not.toMatch(/\d{13,19}/)
    },
    90_000,
  )
})
