/** Faults the simulated acquirer host plays on purpose (`posdoc sim --acquirer PORT --acquirer-scenario NAME`). */

export const ACQUIRER_SCENARIOS = [
  'healthy',
  'refuse',
  'blackhole',
  'slow-handshake',
  'expired-cert',
  'wrong-hostname',
  'not-yet-valid',
  'lossy',
  'host-down-terminal-only',
] as const

export type AcquirerScenario = (typeof ACQUIRER_SCENARIOS)[number]

export interface AcquirerScenarioOptions {
  /** slow-handshake: wait this long before answering the TLS ClientHello (default 1500 ms) */
  slowHandshakeMs?: number
  /** lossy: share of connections dropped right after accept (default 0.3) */
  lossRate?: number
  /** seeds the lossy drop sequence (default 1) */
  seed?: number
}

export const DEFAULT_SLOW_HANDSHAKE_MS = 1500
export const DEFAULT_LOSS_RATE = 0.3

export const ACQUIRER_SCENARIO_DESCRIPTIONS: Record<AcquirerScenario, string> = {
  healthy: 'TLS on loopback with a certificate from the simulator\'s own CA; echoes what it receives',
  refuse: 'nothing listens on the port: connections are refused',
  blackhole: 'accepts the TCP connection, then never answers (the TLS handshake hangs)',
  'slow-handshake': 'answers the TLS handshake only after a delay (default 1.5 s)',
  'expired-cert': 'presents a certificate that expired yesterday',
  'wrong-hostname': 'presents a valid certificate for another host name',
  'not-yet-valid': 'presents a certificate that becomes valid only in two days (looks like a PC clock running behind)',
  lossy: 'drops a seeded share of connections (default 30 %) right after accepting them',
  'host-down-terminal-only': 'this PC reaches the host normally; the simulated terminal\'s path to it is down',
}

export function isAcquirerScenario(s: string): s is AcquirerScenario {
  return (ACQUIRER_SCENARIOS as readonly string[]).includes(s)
}

/** Which certificate the host presents in a scenario. */
export type CertificateProfile = 'valid' | 'expired' | 'not-yet-valid' | 'wrong-hostname'

export function certificateProfile(s: AcquirerScenario): CertificateProfile {
  switch (s) {
    case 'expired-cert':
      return 'expired'
    case 'not-yet-valid':
      return 'not-yet-valid'
    case 'wrong-hostname':
      return 'wrong-hostname'
    default:
      return 'valid'
  }
}
