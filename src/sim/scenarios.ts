/** One fault per scenario, by name (`posdoc sim --scenario NAME`). */

export const SCENARIOS = [
  'healthy',
  'paper-out',
  'host-down',
  'garble',
  'drop-response',
  'slow',
  'busy',
  'already-reversed',
  'after-eod',
  'power-loss-mid-reversal',
  'reboot-mid-transaction',
  'refund-disabled',
  'reversal-needs-card',
  'activation-required',
  'open-eod-batch',
] as const

export type ScenarioName = (typeof SCENARIOS)[number]

/** drop-response: where the PT goes silent (see ScenarioOptions.dropAt) */
export const DROP_AT = ['after-ack', 'after-status-info'] as const

export interface ScenarioOptions {
  /** garble: share of the PT's serial frames sent with a corrupted CRC (default 0.3) */
  garbleRate?: number
  /**
   * drop-response: where the PT goes silent after booking a payment/refund/reversal.
   * 'after-ack' (default): the ECR sees 80 00 00, then nothing; 'after-status-info': the ECR
   * sees (and acknowledges) the 04 0F, then nothing (no receipts, no 06 0F).
   */
  dropAt?: (typeof DROP_AT)[number]
  /** slow: delay before every PT message (default 1500 ms) */
  slowDelayMs?: number
  /** reboot-mid-transaction: how long the PT is dark before it answers again (default 5000 ms) */
  rebootMs?: number
}

export const SCENARIO_DESCRIPTIONS: Record<ScenarioName, string> = {
  healthy: 'everything works',
  'paper-out': 'terminal status CC; receipts the PT prints itself fail: the payment/reversal is booked and its 04 0F sent, then 06 1E CC',
  'host-down': 'acquirer host unreachable: payments, refunds, reversals and End-of-Day end 06 1E A3; Diagnosis fails',
  garble: 'serial: a seeded share of PT frames carries a bad CRC (the ECR must NAK, the PT repeats); TCP: no effect (no CRC on TCP)',
  'drop-response': 'the PT books the transaction but never sends the final answer (silence after 80 00 00, or after the 04 0F)',
  slow: 'every PT message is delayed (default 1.5 s)',
  busy: 'terminal status 9C; every command except Status-Enquiry and Log-Off is refused with 84 A0 00',
  'already-reversed': 'the most recent sale in the seeded journal is already reversed (a reversal gives 06 1E B4)',
  'after-eod': 'End-of-Day already ran for the seeded day: its receipts are in a closed batch (a reversal gives 06 1E B5)',
  'power-loss-mid-reversal': 'the PT commits a reversal to its journal and then loses power before sending the 04 0F',
"refund-disabled": 'refunds are switched off on this terminal: 06 31 ends 06 1E 83 (function not possible), no card is read',
  'reversal-needs-card': 'a reversal needs the card presented again: 04 FF insert card, then the card stage (06 B0 aborts it) before the host',
  'reboot-mid-transaction': 'the PT books the sale/refund/reversal, then drops the link and is unreachable for a few seconds (default 5 s), then answers again with the booking in its journal (Repeat Receipt with service bit 0 returns its 04 0F)',
  'activation-required': 'terminal status E4: transactions end 06 1E E4',
  'open-eod-batch': 'terminal status F0: transactions end 06 1E F0 until an End-of-Day runs',
}

export function isScenarioName(s: string): s is ScenarioName {
  return (SCENARIOS as readonly string[]).includes(s)
}

/** Terminal status a scenario forces at start-up (undefined: keep/derive from state). */
export function scenarioTerminalStatus(name: ScenarioName): number | undefined {
  switch (name) {
    case 'paper-out':
      return 0xcc
    case 'activation-required':
      return 0xe4
    case 'open-eod-batch':
      return 0xf0
    default:
      return undefined
  }
}
