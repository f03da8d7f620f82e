import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { searchText } from '../../src/core/text.js'
import type { Store } from '../../src/store/store.js'

interface Row {
  id: string
  title: string
  at: string
  story?: string
  feed?: 'global' | 'mine'
  url?: string
  label?: 'controversy' | 'not'
  score?: number
}

/**
 * The NewsStore contract (the read side of chat commands), run on every dialect: newest first,
 * one entry per story with its size, stemmed ranked search, controversies in a window, find by
 * id or URL, chat-scoped feeds.
 */
export function runNewsContract(
  name: string,
  open: () => Promise<{ store: Store; cleanup?: () => Promise<void> }>
) {
  describe(`${name}: news store contract`, () => {
    let store: Store
    let cleanup: (() => Promise<void>) | undefined
    const now = new Date('2026-01-03T12:00:00.000Z')
    const feedIds: Record<'global' | 'mine', string> = { global: '', mine: '' }

    async function put(rows: Row[]) {
      await store.db.kysely
        .insertInto('item')
        .values(
          rows.map((r) => ({
            id: r.id,
            url: r.url ?? `https://example.org/${r.id}`,
            title: r.title,
            summary: `${r.title}.`,
            content_html: null,
            content_text: null,
            author: null,
            categories: '[]',
            published_at: r.at,
            fetched_at: now.toISOString(),
            updated_at: r.at,
            lang: 'en',
            backlog: 0,
            story_id: r.story ?? r.id,
            feed_id: feedIds[r.feed ?? 'global'],
            search_text: searchText(r.title),
          }))
        )
        .execute()
      for (const r of rows.filter((r) => r.label)) {
        await store.db.kysely
          .insertInto('classification')
          .values({
            item_id: r.id,
            label: r.label!,
            score: r.score ?? 0.9,
            tags: '["contamination"]',
            reasons: '["test reason"]',
            lang: 'en',
            model_version: 't',
            classified_at: now.toISOString(),
          })
          .execute()
      }
    }

    beforeAll(async () => {
      const opened = await open()
      store = opened.store
      cleanup = opened.cleanup
      const global = await store.feeds.add(
        { url: 'https://example.org/global.xml', title: 'Global Outlet' },
        now
      )
      const mine = await store.feeds.add(
        { url: 'https://example.org/mine.xml', title: 'Chat Outlet', chatRef: 'telegram:1' },
        now
      )
      feedIds.global = global.feed.id
      feedIds.mine = mine.feed.id
      await put([
        {
          id: 'a1',
          title: 'Llama 4 benchmark scores were inflated',
          at: '2026-01-02T10:00:00.000Z',
          story: 's1',
          label: 'controversy',
          score: 0.95,
        },
        {
          id: 'a2',
          title: 'Llama 4 benchmarks inflated, memo says',
          at: '2026-01-02T11:00:00.000Z',
          story: 's1',
          label: 'controversy',
          score: 0.9,
        },
        {
          id: 'b1',
          title: 'Модели научились решать олимпиадные задачи',
          at: '2026-01-01T09:00:00.000Z',
          label: 'not',
          score: 0.1,
        },
        {
          id: 'c1',
          title: 'Old contamination scandal resurfaces',
          at: '2025-12-01T09:00:00.000Z',
          label: 'controversy',
          score: 0.8,
        },
        {
          id: 'd1',
          title: 'A chat-only benchmark post',
          at: '2026-01-03T09:00:00.000Z',
          feed: 'mine',
        },
        {
          id: 'e1',
          title: 'Benchmark leaderboard update with a new benchmark for benchmarks',
          at: '2025-12-20T09:00:00.000Z',
        },
      ])
    })
    afterAll(async () => {
      await store?.close()
      await cleanup?.()
    })

    it('GIVEN stories THEN latest lists one entry per story, newest first, with the story size and outlet', async () => {
      const latest = await store.news.latest({ limit: 10 })
      expect(latest.map((e) => [e.id, e.storyItems])).toEqual([
        ['a2', 2],
        ['b1', 1],
        ['e1', 1],
        ['c1', 1],
      ])
      expect(latest[0]!.outlet).toBe('Global Outlet')
      expect((await store.news.latest({ limit: 2 })).map((e) => e.id)).toEqual(['a2', 'b1'])
    })

    it('GIVEN a chat-scoped feed THEN its items show only in that chat', async () => {
      expect((await store.news.latest({ limit: 10, chatRef: 'telegram:1' }))[0]!.id).toBe('d1')
      expect(
        (await store.news.latest({ limit: 10, chatRef: 'telegram:2' })).map((e) => e.id)
      ).not.toContain('d1')
    })

    it('GIVEN a query THEN matches are found by stem in English and Russian, best first', async () => {
      const found = await store.news.search('benchmarks', { limit: 10 })
      expect(found[0]!.id).toBe('e1')
      expect(found.map((e) => e.storyId)).toEqual(expect.arrayContaining(['s1', 'e1']))
      expect(found.filter((e) => e.storyId === 's1')).toHaveLength(1)
      expect((await store.news.search('модель', { limit: 10 })).map((e) => e.id)).toEqual(['b1'])
      expect(await store.news.search('"near OR', { limit: 10 })).toEqual([])
      expect(await store.news.search('   ', { limit: 10 })).toEqual([])
    })

    it('GIVEN a window THEN controversies inside it come newest first with tags; without one, all of them', async () => {
      const recent = await store.news.controversies({
        limit: 10,
        since: '2025-12-27T12:00:00.000Z',
      })
      expect(recent.map((e) => [e.id, e.storyItems])).toEqual([['a2', 2]])
      expect(recent[0]).toMatchObject({
        score: 0.9,
        tags: ['contamination'],
        reasons: ['test reason'],
      })
      expect((await store.news.controversies({ limit: 10 })).map((e) => e.id)).toEqual(['a2', 'c1'])
    })

    it('GIVEN an id or a URL with tracking parameters THEN find returns the item', async () => {
      expect((await store.news.find('b1'))?.title).toContain('олимпиадные')
      expect((await store.news.find('https://example.org/a1?utm_source=rss'))?.id).toBe('a1')
      expect(await store.news.find('nope')).toBeUndefined()
      expect((await store.news.story('s1')).map((e) => e.id)).toEqual(['a1', 'a2'])
    })

    it('GIVEN a time window THEN window returns its items with labels and feed scope', async () => {
      const items = await store.news.window({
        since: '2026-01-02T00:00:00.000Z',
        until: now.toISOString(),
        limit: 50,
      })
      expect(items.map((e) => [e.id, e.label, e.feedChatRef])).toEqual([
        ['d1', null, 'telegram:1'],
        ['a2', 'controversy', null],
        ['a1', 'controversy', null],
      ])
    })
  })
}
