import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ItemInput } from '../../src/store/items.js'
import type { Store } from '../../src/store/store.js'

const entry = (over: Partial<ItemInput> & { key: string }): ItemInput => ({
  id: `id-${over.key}`,
  url: `https://news.example/${over.key}`,
  title: `Title ${over.key}`,
  summary: 'A summary',
  contentText: 'Independent testers measured 71.2% on MMLU',
  categories: ['ai'],
  publishedAt: new Date('2026-03-01T10:00:00Z'),
  lang: 'en',
  ...over,
})

/** The item store's dedup, backlog and clustering contract, run on SQLite and PostgreSQL. */
export function runItemsContract(
  name: string,
  open: () => Promise<{ store: Store; cleanup?: () => Promise<void> }>
) {
  describe(`${name}: items contract`, () => {
    let store: Store
    let cleanup: (() => Promise<void>) | undefined
    let feedA: string
    let feedB: string
    const now = new Date('2026-03-01T12:00:00.000Z')

    beforeAll(async () => {
      const opened = await open()
      store = opened.store
      cleanup = opened.cleanup
      feedA = (await store.feeds.add({ url: 'https://a.example/feed' }, now)).feed.id
      feedB = (await store.feeds.add({ url: 'https://b.example/feed' }, now)).feed.id
    })
    afterAll(async () => {
      await store?.close()
      await cleanup?.()
    })

    it('GIVEN new entries THEN they are stored new, with backlog as asked and the feed item count', async () => {
      const results = await store.items.upsertFromFeed(
        feedA,
        [entry({ key: 'one' }), entry({ key: 'two', url: null })],
        { now, backlog: true }
      )
      expect(
        results.map((r) => [r.key, r.status, r.status !== 'duplicate' && r.item.backlog])
      ).toEqual([
        ['one', 'new', true],
        ['two', 'new', true],
      ])
      const stored = await store.items.get('id-one')
      expect(stored).toMatchObject({
        url: 'https://news.example/one',
        title: 'Title one',
        categories: ['ai'],
        feedId: feedA,
        storyId: 'id-one',
      })
      expect((await store.feeds.get(feedA))!.itemCount).toBe(2)
    })

    it('GIVEN the same entries again THEN duplicates, nothing written', async () => {
      const results = await store.items.upsertFromFeed(
        feedA,
        [entry({ key: 'one' }), entry({ key: 'two', url: null })],
        { now, backlog: false }
      )
      expect(results.map((r) => [r.status, r.itemId])).toEqual([
        ['duplicate', 'id-one'],
        ['duplicate', 'id-two'],
      ])
      expect(await store.items.count()).toBe(2)
    })

    it('GIVEN one entry twice in one batch THEN stored once', async () => {
      const results = await store.items.upsertFromFeed(
        feedA,
        [entry({ key: 'dup' }), entry({ key: 'dup' })],
        { now, backlog: false }
      )
      expect(results.map((r) => r.status)).toEqual(['new'])
    })

    it('GIVEN the same URL from another feed THEN one item with two sources', async () => {
      const results = await store.items.upsertFromFeed(
        feedB,
        [
          entry({
            key: 'other-guid',
            url: 'https://news.example/one',
            title: 'Different words entirely',
          }),
        ],
        {
          now,
          backlog: false,
        }
      )
      expect(results.map((r) => [r.status, r.itemId])).toEqual([['duplicate', 'id-one']])
      expect((await store.items.sources('id-one')).map((s) => [s.feedId, s.entryKey])).toEqual(
        [
          [feedA, 'one'],
          [feedB, 'other-guid'],
        ].sort((x, y) => (x[0]! < y[0]! ? -1 : 1))
      )
      expect(await store.items.count()).toBe(3)
    })

    it('GIVEN an edited title THEN the item is updated in place, not new', async () => {
      const results = await store.items.upsertFromFeed(
        feedA,
        [entry({ key: 'one', title: 'Title one, corrected', summary: 'Fixed summary' })],
        {
          now: new Date('2026-03-01T13:00:00.000Z'),
          backlog: false,
        }
      )
      expect(results.map((r) => r.status)).toEqual(['updated'])
      const item = await store.items.get('id-one')
      expect(item).toMatchObject({
        title: 'Title one, corrected',
        summary: 'Fixed summary',
        updatedAt: '2026-03-01T13:00:00.000Z',
        backlog: true,
      })
      expect(await store.items.count()).toBe(3)
    })

    it('GIVEN an edited title THEN search finds the new words', async () => {
      const rows =
        store.dialect === 'sqlite'
          ? await sql<{
              id: string
            }>`select item.id from item_fts join item on item.rowid = item_fts.rowid where item_fts match 'correct'`.execute(
              store.db.kysely
            )
          : await sql<{
              id: string
            }>`select id from item where to_tsvector('simple', search_text) @@ to_tsquery('simple', 'correct')`.execute(
              store.db.kysely
            )
      expect(rows.rows.map((r) => r.id)).toEqual(['id-one'])
    })

    it('GIVEN a near-duplicate headline from another feed within 72 h THEN it joins the story', async () => {
      const first = await store.items.upsertFromFeed(
        feedA,
        [
          entry({
            key: 'o3-a',
            title: "OpenAI's o3 scores lower on ARC-AGI than claimed",
            publishedAt: new Date('2026-03-01T09:00:00Z'),
          }),
        ],
        { now, backlog: false }
      )
      const second = await store.items.upsertFromFeed(
        feedB,
        [
          entry({
            key: 'o3-b',
            title: 'o3 falls short of claimed ARC-AGI score',
            publishedAt: new Date('2026-03-02T09:00:00Z'),
          }),
          entry({
            key: 'other',
            title: 'Gemini 3 released with a new context window',
            publishedAt: new Date('2026-03-02T09:00:00Z'),
          }),
        ],
        { now, backlog: false }
      )
      const storyId = first[0]!.status === 'new' ? first[0]!.item.storyId : ''
      expect(
        second.map((r) => [r.status, r.status === 'new' && r.item.storyId === storyId])
      ).toEqual([
        ['new', true],
        ['new', false],
      ])
      expect((await store.items.story(storyId)).map((i) => i.id)).toEqual(['id-o3-a', 'id-o3-b'])
    })

    it('GIVEN a preferred id that is taken by another article THEN another id, nothing overwritten', async () => {
      const results = await store.items.upsertFromFeed(
        feedB,
        [entry({ key: 'clash', id: 'id-one', url: 'https://news.example/clash' })],
        { now, backlog: false }
      )
      expect(results[0]!.status).toBe('new')
      expect(results[0]!.itemId).not.toBe('id-one')
      expect((await store.items.get('id-one'))!.title).toBe('Title one, corrected')
    })

    it('GIVEN a feed that moved THEN moveTo points it at the new address, unless that one exists', async () => {
      const moving = (await store.feeds.add({ url: 'https://old.example/feed' }, now)).feed
      expect(await store.feeds.moveTo(moving.id, 'https://new.example/feed')).toBe(true)
      expect((await store.feeds.get(moving.id))!.url).toBe('https://new.example/feed')
      expect(await store.feeds.moveTo(moving.id, 'https://a.example/feed')).toBe(false)
      expect((await store.feeds.get(moving.id))!.url).toBe('https://new.example/feed')
      expect(await store.feeds.moveTo('missing', 'https://x.example/feed')).toBe(false)
    })

    it('GIVEN 1,200 entries in one batch THEN all stored (statements chunked under parameter limits)', async () => {
      const many = Array.from({ length: 1200 }, (_, i) =>
        entry({ key: `bulk-${i}`, title: `Bulk item number ${i} about topic ${i}` })
      )
      const results = await store.items.upsertFromFeed(feedB, many, { now, backlog: false })
      expect(results.filter((r) => r.status === 'new').length).toBe(1200)
    })
  })
}
