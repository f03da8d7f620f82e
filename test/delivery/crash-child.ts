/**
 * The dispatcher as a process of its own, for the crash test: sends every queued delivery of the
 * SQLite database in argv[2] to the fake platform at argv[3], then exits 0. The test kills it with
 * SIGKILL midway and starts it again.
 */
import { reply } from '../../src/core/reply.js'
import { createDispatcher } from '../../src/delivery/dispatcher.js'
import { noLimits } from '../../src/delivery/rate-limit.js'
import { openStore } from '../../src/store/open-store.js'
import { createFakePlatformSender } from './fake-platform.js'

const [dbPath, platformUrl, leaseMs, concurrency] = process.argv.slice(2)
const store = await openStore(`sqlite:${dbPath}`)
const dispatcher = createDispatcher({
  store,
  senders: { telegram: createFakePlatformSender(platformUrl!) },
  render: async (d) => reply.text(`delivery ${d.itemId}`),
  limiters: { telegram: noLimits },
  leaseMs: Number(leaseMs),
  concurrency: Number(concurrency),
  batchSize: 50,
})
process.stdout.write('ready\n')
for (;;) {
  if ((await dispatcher.tick()) > 0) continue
  const counts = await store.deliveries.countByStatus()
  if (counts.pending + counts.sending === 0) break
  await new Promise((resolve) => setTimeout(resolve, 100))
}
await store.close()
process.exit(0)
