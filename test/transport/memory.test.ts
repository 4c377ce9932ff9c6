import {createMemoryLinkPair} from '../../src/transport/memory.js'
import {describeLinkContract} from './link-contract.js'

describeLinkContract(
  'memory',
  async () => {
    const [a, b] = createMemoryLinkPair()
    return {a, b, cleanup: async () => void (await Promise.all([a.close(), b.close()]))}
  },
  {kind: 'memory', peerClose: {code: 'LINK_DISCONNECTED'}},
)
