import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createPipeline, type PipelineStage, type StoredItem } from '../../src/ingest/pipeline.js'
import { FeedParseError } from '../../src/ingest/parse/index.js'
import { defaultStages } from '../../src/ingest/stages.js'
import { createClassificationStore } from '../../src/store/classifications.js'
import { createDiscrepancyStore } from '../../src/store/discrepancies.js'
import type { Feed } from '../../src/store/feeds.js'
import { openStore } from '../../src/store/open-store.js'
import type { Store } from '../../src/store/store.js'
import { rss } from '../helpers/feed-server.js'

const seed = readFileSync(new URL('../fixtures/feeds/seed-llama4.rss', import.meta.url))
const now = new Date('2026-01-05T12:00:00.000Z')

describe('ingestion pipeline: normalise → store → stages', () => {
  let store: Store
  let feed: Feed
  const calls: string[] = []
  const recording = (
    name: string,
    seen: StoredItem[][] = []
  ): PipelineStage & { seen: StoredItem[][] } => ({
    name,
    seen,
    async run(items) {
      calls.push(name)
      seen.push(items)
    },
  })

  beforeAll(async () => {
    store = await openStore('sqlite::memory:')
    feed = (await store.feeds.add({ url: 'https://ai-manual.example/feed.rss' }, now)).feed
  })
  afterAll(async () => {
    await store.close()
  })

  it('GIVEN the seed feed THEN classify and extract results are stored for its items', async () => {
    const pipeline = createPipeline({ store, stages: defaultStages(store) })
    const outcome = await pipeline.ingestDocument(
      feed,
      { body: seed, url: feed.url },
      { now, backlog: true }
    )
    expect(outcome).toMatchObject({ entries: 3, newItems: 3, duplicates: 0, stageErrors: [] })
    const scandal = outcome.items.find((i) => i.title.startsWith('Скандал'))!
    expect((await createClassificationStore(store.db).get(scandal.id))?.label).toBe('controversy')
    const rows = await createDiscrepancyStore(store.db).forItem(scandal.id)
    expect(rows.map((r) => [r.benchmark, r.claimed, r.measured])).toContainEqual([
      'MMLU',
      86.5,
      71.2,
    ])
  })

  it('GIVEN stages THEN they run in order on new and edited items only, and a failing stage does not stop the next', async () => {
    const first = recording('first')
    const broken: PipelineStage = {
      name: 'broken',
      async run() {
        calls.push('broken')
        throw new Error('classifier exploded')
      },
    }
    const last = recording('last')
    const errors: string[] = []
    const pipeline = createPipeline({
      store,
      stages: [first, broken, last],
      onStageError: (stage) => errors.push(stage),
    })
    const other = (await store.feeds.add({ url: 'https://other.example/feed.xml' }, now)).feed
    const body = (titles: string[]) =>
      Buffer.from(
        rss(
          'Other',
          titles.map((title, i) => ({ title, link: `https://other.example/${i}`, guid: `g${i}` }))
        )
      )
    const outcome = await pipeline.ingestDocument(
      other,
      { body: body(['Alpha', 'Beta']), url: other.url },
      { now, backlog: false }
    )
    expect(calls).toEqual(['first', 'broken', 'last'])
    expect(outcome.stageErrors).toEqual([{ stage: 'broken', message: 'classifier exploded' }])
    expect(errors).toEqual(['broken'])
    expect(last.seen[0]!.map((i) => [i.title, i.status, i.backlog])).toEqual([
      ['Alpha', 'new', false],
      ['Beta', 'new', false],
    ])

    calls.length = 0
    const again = await pipeline.ingestDocument(
      other,
      { body: body(['Alpha', 'Beta']), url: other.url },
      { now, backlog: false }
    )
    expect(again).toMatchObject({ newItems: 0, duplicates: 2 })
    expect(calls).toEqual([])

    const edited = await pipeline.ingestDocument(
      other,
      { body: body(['Alpha (updated)', 'Beta']), url: other.url },
      { now, backlog: false }
    )
    expect(edited).toMatchObject({ newItems: 0, updated: 1, duplicates: 1 })
    expect(first.seen.at(-1)!.map((i) => [i.title, i.status])).toEqual([
      ['Alpha (updated)', 'updated'],
    ])
  })

  it('GIVEN a process killed after storing items but before their stages THEN resume runs the stages once, later', async () => {
    const feedC = (await store.feeds.add({ url: 'https://crash.example/feed.xml' }, now)).feed
    const doc = {
      body: Buffer.from(rss('Crash', [{ title: 'Gamma', link: 'https://crash.example/1', guid: 'c1' }])),
      url: feedC.url,
    }
    // The killed process stored the item (the store commits first) and died before any stage.
    await store.items.upsertFromFeed(
      feedC.id,
      [
        { key: 'c1', id: 'crash-c1', url: 'https://crash.example/1', title: 'Gamma', publishedAt: now },
      ],
      { now, backlog: false }
    )
    const resumedSeen = recording('resumed')
    const next = createPipeline({ store, stages: [resumedSeen] })
    // Too fresh: it may still be in flight in another process.
    expect(await next.resume({ now, graceMs: 10_000 })).toBe(0)
    const later = new Date(now.getTime() + 60_000)
    expect(await next.resume({ now: later })).toBe(1)
    expect(resumedSeen.seen[0]!.map((i) => [i.title, i.status])).toEqual([['Gamma', 'new']])
    // Done now: a second resume finds nothing, and a normal ingest of the same doc is a duplicate.
    expect(await next.resume({ now: later })).toBe(0)
    expect(await next.ingestDocument(feedC, doc, { now: later, backlog: false })).toMatchObject({ duplicates: 1 })
  })

  it('GIVEN bytes that are not a feed THEN FeedParseError and nothing stored', async () => {
    const pipeline = createPipeline({ store })
    const before = await store.items.count()
    await expect(
      pipeline.ingestDocument(
        feed,
        { body: Buffer.from('<html><body>hello</body></html>'), url: feed.url },
        { now, backlog: false }
      )
    ).rejects.toBeInstanceOf(FeedParseError)
    expect(await store.items.count()).toBe(before)
  })
})
