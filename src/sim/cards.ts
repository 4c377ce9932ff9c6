/**
 * Simulated test cards. Only the masked form of a PAN exists here: the simulator never
 * knows, stores or sends a full card number. Masked digits are '*' in state and files and
 * become 'E' nibbles on the wire (BMP 22), as real PTs send them.
 */
export type CardBrand = 'girocard' | 'visa' | 'mastercard' | 'maestro' | 'vpay' | 'unionpay' | 'amex'

export interface TestCard {
  brand: CardBrand
  /** ZVT card-type ID (BMP 8A): 5 girocard, 6 Mastercard, 8 Amex, 10 Visa, 13 V PAY, 46 Maestro, 198 CUP-card */
  cardType: number
  /** BMP 8B card name as a PT prints it */
  cardName: string
  /** all digits but the last four masked, e.g. "***************1234" */
  panMasked: string
  /** YYMM */
  expiry: string
  cardSequenceNumber: number
  /** EMV AID shown on receipts */
  aid: string
  /** PIN-based (girocard/Maestro): the PT shows "watch PIN pad" */
  pin: boolean
  /** share in the seeded journal and in live authorisations */
  weight: number
}

const mask = (length: number, last4: string) => '*'.repeat(length - 4) + last4

export const TEST_CARDS: ReadonlyArray<TestCard> = [
  {brand: 'girocard', cardType: 5, cardName: 'girocard', panMasked: mask(19, '4281'), expiry: '2812', cardSequenceNumber: 1, aid: 'A0000003591010028001', pin: true, weight: 28},
  {brand: 'girocard', cardType: 5, cardName: 'girocard', panMasked: mask(19, '0733'), expiry: '2709', cardSequenceNumber: 2, aid: 'A0000003591010028001', pin: true, weight: 17},
  {brand: 'visa', cardType: 10, cardName: 'VISA', panMasked: mask(16, '0119'), expiry: '2905', cardSequenceNumber: 0, aid: 'A0000000031010', pin: false, weight: 10},
  {brand: 'visa', cardType: 10, cardName: 'VISA', panMasked: mask(16, '5307'), expiry: '2711', cardSequenceNumber: 1, aid: 'A0000000031010', pin: false, weight: 5},
  {brand: 'mastercard', cardType: 6, cardName: 'MasterCard', panMasked: mask(16, '4771'), expiry: '2803', cardSequenceNumber: 0, aid: 'A0000000041010', pin: false, weight: 10},
  {brand: 'mastercard', cardType: 6, cardName: 'MasterCard', panMasked: mask(16, '9020'), expiry: '2610', cardSequenceNumber: 1, aid: 'A0000000041010', pin: false, weight: 5},
  {brand: 'maestro', cardType: 46, cardName: 'Maestro', panMasked: mask(19, '6618'), expiry: '2704', cardSequenceNumber: 1, aid: 'A0000000043060', pin: true, weight: 8},
  {brand: 'vpay', cardType: 13, cardName: 'V PAY', panMasked: mask(16, '2451'), expiry: '2808', cardSequenceNumber: 1, aid: 'A0000000032020', pin: true, weight: 8},
  {brand: 'unionpay', cardType: 198, cardName: 'UnionPay', panMasked: mask(16, '8866'), expiry: '3001', cardSequenceNumber: 0, aid: 'A000000333010101', pin: true, weight: 4},
  {brand: 'amex', cardType: 8, cardName: 'American Express', panMasked: mask(15, '1005'), expiry: '2902', cardSequenceNumber: 0, aid: 'A00000002501', pin: false, weight: 5},
]

/** BMP 60 totals group of a card (girocard, JCB, Eurocard, Amex, VISA, Diners, remaining). */
export function totalsGroup(cardType: number): 'girocard' | 'jcb' | 'eurocard' | 'amex' | 'visa' | 'diners' | 'other' {
  switch (cardType) {
    case 5:
      return 'girocard'
    case 14:
      return 'jcb'
    case 6:
    case 46:
      return 'eurocard'
    case 8:
      return 'amex'
    case 10:
    case 11:
    case 13:
      return 'visa'
    case 12:
      return 'diners'
    default:
      return 'other'
  }
}
