export {ACQUIRER_HOSTNAME, WRONG_HOSTNAME, generateAcquirerCertificates, leafValidity, type AcquirerCertificates} from './certs.js'
export {AcquirerHost, type AcquirerEvent, type AcquirerPeer} from './host.js'
export {createTlsHostProbe, DEFAULT_HOST_PROBE_TIMEOUT_MS} from './host-probe.js'
export {
  ACQUIRER_SCENARIOS,
  ACQUIRER_SCENARIO_DESCRIPTIONS,
  DEFAULT_LOSS_RATE,
  DEFAULT_SLOW_HANDSHAKE_MS,
  certificateProfile,
  isAcquirerScenario,
  type AcquirerScenario,
  type AcquirerScenarioOptions,
  type CertificateProfile,
} from './scenarios.js'
export {startAcquirerSim, type AcquirerEndpoint, type RunningAcquirer, type StartAcquirerOptions} from './server.js'
export {startDemoAcquirer, type DemoAcquirer} from './demo.js'
