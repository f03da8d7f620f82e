import { readFileSync } from 'node:fs'
import { basename } from 'node:path'
import { pathToFileURL } from 'node:url'
import { classify } from '../../src/core/classify/index.js'
import { extractDiscrepancies } from '../../src/core/extract/index.js'
import { detectLang } from '../../src/core/lang.js'
import { decodeFeedBytes } from '../../src/ingest/charset.js'
import { normaliseEntry } from '../../src/ingest/normalise.js'
import { parseFeed } from '../../src/ingest/parse/index.js'
import { createClassificationStore } from '../../src/store/classifications.js'
import { createDiscrepancyStore } from '../../src/store/discrepancies.js'
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
  controversies: number
  discrepancyRows: number
}

/**
 * Stores feed files the way the ingestion pipeline does: parse, normalise, upsert (dedup and story
 * clustering in the item store), classify, extract discrepancy rows. Written against the public
 * functions, because the pipeline's classify/extract stages had not landed yet.
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
  const classifications = createClassificationStore(store.db)
  const discrepancies = createDiscrepancyStore(store.db)
  const result: IngestedFixtures = { items: 0, controversies: 0, discrepancyRows: 0 }
  for (const file of files) {
    const url = typeof file === 'string' ? pathToFileURL(file) : file
    const decoded = decodeFeedBytes(readFileSync(url))
    const parsed = parseFeed(decoded.text, url.href)
    const feedUrl = parsed.link
      ? `${parsed.link.replace(/\/$/, '')}/feed#${basename(url.pathname)}`
      : url.href
    const { feed } = await store.feeds.add(
      { url: feedUrl, title: parsed.title, siteUrl: parsed.link, lang: parsed.language },
      now
    )
    const normalised = parsed.items.map((entry) =>
      normaliseEntry(entry, { url: feedUrl, lang: parsed.language }, now, detectLang)
    )
    const stored = await store.items.upsertFromFeed(feed.id, normalised, { now, backlog: false })
    for (const { status, item } of stored) {
      if (status !== 'new') continue
      result.items++
      // Title + summary, as the `benchwatch classify` contract feeds it (the model is trained on those).
      const verdict = classify({ title: item.title, summary: item.summary })
      await classifications.save(item.id, verdict, now)
      if (verdict.label === 'controversy') result.controversies++
      const models = verdict.entities
        .filter((e) => e.kind === 'model')
        .map((e) => ({ id: e.id, name: e.name }))
      const rows = extractDiscrepancies({
        title: item.title,
        ...(item.contentHtml ? { html: item.contentHtml } : { text: item.summary ?? '' }),
        models,
      })
      await discrepancies.replaceForItem(item.id, rows, now)
      result.discrepancyRows += rows.length
    }
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
  return { store, ingested }
}
