// Serves N simulated terminals from one process (one TCP port each) for the batch benchmark.
// Prints one JSON line {ports: [...]} when ready; runs until SIGTERM.
import {startSimulator} from '../dist/src/sim/server.js'

const n = Number(process.argv[2] ?? 1000)
const sims = []
for (let i = 0; i < n; i++) {
  sims.push(await startSimulator({tcp: {host: '127.0.0.1', port: 0}, terminalId: String(20000000 + i), seed: i + 1, journalSize: 20}))
}
process.stdout.write(JSON.stringify({ports: sims.map((s) => s.tcpAddress.port)}) + '\n')
process.on('SIGTERM', async () => {
  for (const s of sims) await s.close()
  process.exit(0)
})
