/** Stores items the way ingestion leaves them (item, source, classification), for outbox tests. */
import { searchText } from '../../src/core/text.js'
import type { Store } from '../../src/store/store.js'

export interface SeedItem {
  id: string
  title: string
  summary?: string
  storyId?: string
  feedId: string
  publishedAt: string
  label?: 'controversy' | 'not'
  tags?: string[]
  backlog?: boolean
}

export async function seedFeed(
  store: Store,
  url: string,
  title: string,
  now: Date,
  chatRef?: string
) {
  return (await store.feeds.add({ url, title, ...(chatRef ? { chatRef } : {}) }, now)).feed
}

export async function seedItem(store: Store, item: SeedItem): Promise<void> {
  const db = store.db.kysely
  await db
    .insertInto('item')
    .values({
      id: item.id,
      url: `https://example.org/${item.id}`,
      title: item.title,
      summary: item.summary ?? null,
      content_html: null,
      content_text: null,
      author: null,
      categories: '[]',
      published_at: item.publishedAt,
      fetched_at: item.publishedAt,
      updated_at: item.publishedAt,
      lang: 'en',
      backlog: item.backlog ? 1 : 0,
      story_id: item.storyId ?? item.id,
      feed_id: item.feedId,
      search_text: searchText(item.title, item.summary),
    })
    .execute()
  await db
    .insertInto('item_source')
    .values({
      item_id: item.id,
      feed_id: item.feedId,
      entry_key: item.id,
      url: `https://example.org/${item.id}`,
      title: item.title,
      first_seen_at: item.publishedAt,
    })
    .execute()
  if (item.label) {
    await db
      .insertInto('classification')
      .values({
        item_id: item.id,
        label: item.label,
        score: item.label === 'controversy' ? 0.9 : 0.1,
        tags: JSON.stringify(item.tags ?? []),
        reasons: '[]',
        lang: 'en',
        model_version: 'test',
        classified_at: item.publishedAt,
      })
      .execute()
  }
}
