import { openStore } from '../src/store/open-store.js'
import { percentile, timeCalls, type BenchResult } from './types.js'

// A baseline for the store layer itself: how fast the Kysely path does a keyed read and an
// idempotent insert on SQLite, so later benchmarks can be read against it.
export default async function (): Promise<BenchResult[]> {
  const store = await openStore('sqlite::memory:')
  const now = new Date('2026-01-01T00:00:00Z')
  for (let i = 0; i < 1000; i++) await store.feeds.add({ url: `https://example.org/${i}.xml` }, now)
  const ids = (await store.feeds.list()).map((f) => f.id)
  let i = 0
  const reads = await timeCalls(() => store.feeds.get(ids[i++ % ids.length]!), 20_000)
  const adds = await timeCalls(() => store.feeds.add({ url: `https://example.org/${i++ % 1000}.xml` }, now), 5_000)
  await store.close()
  const total = (s: number[]) => s.reduce((a, b) => a + b, 0)
  return [
    { name: 'store: feed by id (sqlite)', unit: 'reads', opsPerSec: (reads.length / total(reads)) * 1000, p50Ms: percentile(reads, 50), p99Ms: percentile(reads, 99) },
    { name: 'store: idempotent feed add (sqlite)', unit: 'calls', opsPerSec: (adds.length / total(adds)) * 1000, p50Ms: percentile(adds, 50), p99Ms: percentile(adds, 99) },
  ]
}
