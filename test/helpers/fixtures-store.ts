import { readFileSync } from 'node:fs'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { detectLang } from '../../src/core/lang.js'
import { createPipeline } from '../../src/ingest/pipeline.js'
import { defaultStages } from '../../src/ingest/stages.js'
import { openStore } from '../../src/store/open-store.js'
import type { Store } from '../../src/store/store.js'

/** The project's canonical example and the command tests' own fixtures. */
export const FIXTURE_FEEDS = {
  seed: new URL('../fixtures/feeds/seed-llama4.rss', import.meta.url),
  controversies: new URL('../fixtures/feeds/commands-controversies.rss', import.meta.url),
  wire: new URL('../fixtures/feeds/commands-wire.rss', import.meta.url),
} as const

/** What ingesting fixture files stored. */
export interface IngestedFixtures {
  items: number
  stageErrors: string[]
}

/**
 * Stores feed files through the ingestion pipeline (normalise, dedup, story clustering, then the
 * default classify and extract stages), as `benchwatch ingest` does, with the clock fixed. The
 * items count as news, not backlog.
 *
 * @example
 * const store = await openStore('sqlite::memory:')
 * await ingestFixtureFiles(store, [FIXTURE_FEEDS.seed], new Date('2026-01-03T00:00:00Z'))
 */
export async function ingestFixtureFiles(
  store: Store,
  files: readonly (URL | string)[],
  now: Date
): Promise<IngestedFixtures> {
  const pipeline = createPipeline({ store, stages: defaultStages(store), detectLang })
  const result: IngestedFixtures = { items: 0, stageErrors: [] }
  for (const file of files) {
    const url = typeof file === 'string' ? pathToFileURL(file) : file
    const { feed } = await store.feeds.add({ url: url.href }, now)
    const outcome = await pipeline.ingestDocument(
      feed,
      { body: readFileSync(fileURLToPath(url)), url: url.href },
      { now, backlog: false }
    )
    await store.feeds.update(feed.id, {
      title: outcome.title,
      siteUrl: outcome.siteUrl,
      lang: outcome.lang,
    })
    result.items += outcome.newItems
    result.stageErrors.push(...outcome.stageErrors.map((e) => `${e.stage}: ${e.message}`))
  }
  return result
}

/**
 * A fresh in-memory SQLite store with the given fixture feeds ingested.
 *
 * @example
 * const { store } = await fixtureStore([FIXTURE_FEEDS.seed])
 */
export async function fixtureStore(
  files: readonly (URL | string)[] = Object.values(FIXTURE_FEEDS),
  now = new Date('2026-01-03T12:00:00.000Z')
): Promise<{ store: Store; ingested: IngestedFixtures }> {
  const store = await openStore('sqlite::memory:')
  const ingested = await ingestFixtureFiles(store, files, now)
  if (ingested.stageErrors.length > 0)
    throw new Error(`fixture ingestion: ${ingested.stageErrors.join('; ')}`)
  return { store, ingested }
}
