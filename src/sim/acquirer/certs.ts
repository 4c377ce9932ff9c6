/**
 * Certificates of the simulated acquirer host: an own CA (what `--ca FILE` trusts) and a leaf
 * certificate per scenario. Generated with the selfsigned library (ECDSA P-256: milliseconds,
 * not the seconds an RSA key would take), loaded only when a simulator starts.
 */
import type {CertificateProfile} from './scenarios.js'

export interface AcquirerCertificates {
  caCert: string
  /** leaf certificate and its key, PEM */
  cert: string
  key: string
  /** names and IPs the leaf certificate is valid for */
  names: string[]
  notBefore: Date
  notAfter: Date
}

const DAY = 86_400_000
/** the host name the simulator's certificate carries (plus 127.0.0.1 and ::1) */
export const ACQUIRER_HOSTNAME = 'localhost'
/** the only name a wrong-hostname certificate covers */
export const WRONG_HOSTNAME = 'acquirer.other-host.test'

/** Validity window of the leaf certificate for a profile, relative to `now`. */
export function leafValidity(profile: CertificateProfile, now: number): {notBefore: Date; notAfter: Date} {
  switch (profile) {
    case 'expired':
      return {notBefore: new Date(now - 90 * DAY), notAfter: new Date(now - DAY)}
    case 'not-yet-valid':
      return {notBefore: new Date(now + 2 * DAY), notAfter: new Date(now + 367 * DAY)}
    default:
      return {notBefore: new Date(now - DAY), notAfter: new Date(now + 365 * DAY)}
  }
}

export async function generateAcquirerCertificates(opts: {profile: CertificateProfile; now: number}): Promise<AcquirerCertificates> {
  const {generate} = await import('selfsigned')
  const base = {keyType: 'ec' as const, curve: 'P-256' as const, algorithm: 'sha256'}
  const ca = await generate([{name: 'commonName', value: 'posdoc simulated acquirer CA'}, {name: 'organizationName', value: 'posdoc simulator'}], {
    ...base,
    notBeforeDate: new Date(opts.now - 7 * DAY),
    notAfterDate: new Date(opts.now + 3650 * DAY),
    extensions: [
      {name: 'basicConstraints', cA: true, critical: true},
      {name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true},
    ],
  })
  const wrong = opts.profile === 'wrong-hostname'
  const names = wrong ? [WRONG_HOSTNAME] : [ACQUIRER_HOSTNAME, '127.0.0.1', '::1']
  const {notBefore, notAfter} = leafValidity(opts.profile, opts.now)
  const leaf = await generate([{name: 'commonName', value: names[0]}, {name: 'organizationName', value: 'posdoc simulated acquirer'}], {
    ...base,
    notBeforeDate: notBefore,
    notAfterDate: notAfter,
    ca: {key: ca.private, cert: ca.cert},
    extensions: [
      {name: 'basicConstraints', cA: false},
      {name: 'keyUsage', digitalSignature: true, critical: true},
      {name: 'extKeyUsage', serverAuth: true},
      {name: 'subjectAltName', altNames: wrong ? [{type: 2, value: WRONG_HOSTNAME}] : [{type: 2, value: ACQUIRER_HOSTNAME}, {type: 7, ip: '127.0.0.1'}, {type: 7, ip: '::1'}]},
    ],
  })
  return {caCert: ca.cert, cert: leaf.cert, key: leaf.private, names, notBefore, notAfter}
}
