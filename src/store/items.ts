import type { Kysely } from 'kysely'
import {
  createStoryIndex,
  STORY_WINDOW_MS,
  type StoryCandidate,
  type StoryIndex,
} from '../core/cluster.js'
import { searchText } from '../core/text.js'
import type { Db } from './dialect.js'
import { newId } from './ids.js'
import type { Database, ItemRow, ItemSourceRow } from './schema.js'
import { chunks } from './chunks.js'

/** A stored news item. */
export interface Item {
  id: string
  url: string | null
  title: string
  summary: string | null
  contentHtml: string | null
  contentText: string | null
  author: string | null
  categories: string[]
  publishedAt: string
  fetchedAt: string
  updatedAt: string
  lang: string | null
  backlog: boolean
  storyId: string
  feedId: string
}

/** One normalised feed entry to store (the shape `normaliseEntry` returns). */
export interface ItemInput {
  /** Unique within its feed (guid, link or hash). */
  key: string
  /** Preferred id (a hash of the canonical URL); another is chosen if it is taken. */
  id: string
  url: string | null
  title: string
  summary?: string | null
  contentHtml?: string | null
  contentText?: string | null
  author?: string | null
  categories?: string[]
  publishedAt: Date
  lang?: string | null
}

/**
 * What happened to one entry: `new` (a new item), `updated` (this feed's entry was edited: the
 * item changed in place, not news again) or `duplicate` (already known, from this feed or, by its
 * URL, from another one — which then becomes a second source).
 */
export type UpsertStatus = 'new' | 'updated' | 'duplicate'

/** One entry's outcome, with the item as stored after the write. */
export type UpsertResult =
  | { key: string; status: 'new' | 'updated'; itemId: string; item: Item }
  /** Already known: the item is not read back (an unchanged feed costs a few index lookups). */
  | { key: string; status: 'duplicate'; itemId: string }

/** A source (feed + entry) of an item. */
export interface ItemSource {
  itemId: string
  feedId: string
  entryKey: string
  url: string | null
  title: string
  firstSeenAt: string
}

/** Maps an item row to the domain type. */
export function rowToItem(row: ItemRow): Item {
  return {
    id: row.id,
    url: row.url,
    title: row.title,
    summary: row.summary,
    contentHtml: row.content_html,
    contentText: row.content_text,
    author: row.author,
    categories: JSON.parse(row.categories) as string[],
    publishedAt: row.published_at,
    fetchedAt: row.fetched_at,
    updatedAt: row.updated_at,
    lang: row.lang,
    backlog: row.backlog === 1,
    storyId: row.story_id,
    feedId: row.feed_id,
  }
}

/** Stored news items (writes come from the ingestion pipeline). */
export interface ItemStore {
  get(id: string): Promise<Item | undefined>
  getByUrl(url: string): Promise<Item | undefined>
  count(): Promise<number>
  /**
   * Stores a feed's entries with dedup and story clustering, in one transaction. `backlog` marks
   * new items as already there when the feed was added (stored, never pushed).
   */
  upsertFromFeed(
    feedId: string,
    entries: ItemInput[],
    options: { now: Date; backlog: boolean }
  ): Promise<UpsertResult[]>
  /** Where an item was seen, first source first. */
  sources(itemId: string): Promise<ItemSource[]>
  /** Items of one story, earliest first. */
  story(storyId: string): Promise<Item[]>
  /**
   * Items stored before `before` whose pipeline stages never finished (the process died in
   * between), oldest first, with whether they were new or edited.
   */
  pendingStages(
    before: Date,
    limit: number
  ): Promise<Array<{ item: Item; status: 'new' | 'updated' }>>
  /** Records that the pipeline stages ran on these items. */
  markStagesDone(ids: string[]): Promise<void>
  /** Replaces an item's content with the full article fetched from its page (search text too). */
  setFullText(id: string, html: string, text: string): Promise<void>
}

// Keeps every statement under SQLite's and PostgreSQL's bound-parameter limits.
const CHUNK = 2_000
const INSERT_CHUNK = 300
const SOURCE_CHUNK = 1_000
// Only entries published within this age of the fetch are clustered: a backlog post from years
// ago is its own story, and the candidate window stays bounded.
const CLUSTER_MAX_AGE_MS = 30 * 24 * 60 * 60 * 1000
// The in-memory index of recent titles is rebuilt this often (picks up other processes' writes
// and drops old entries) or when it grows past this many items.
const STORY_CACHE_TTL_MS = 30 * 60 * 1000
const STORY_CACHE_MAX = 200_000

interface StoryCache {
  /** An index holding every stored item within the story window of these entries. */
  indexFor(trx: Kysely<Database>, entries: ItemInput[]): Promise<StoryIndex>
  add(items: StoryCandidate[]): void
}

// Loading the window's titles for every feed of a poll cycle would read the same rows a thousand
// times; the index is kept between batches and extended by the time ranges it lacks.
function createStoryCache(): StoryCache {
  let index: StoryIndex | null = null
  let from = 0
  let to = 0
  let size = 0
  let builtAt = 0

  async function load(
    trx: Kysely<Database>,
    lo: number,
    hi: number,
    includeLo: boolean,
    includeHi: boolean
  ) {
    const rows = await trx
      .selectFrom('item')
      .select(['id', 'story_id', 'title', 'feed_id', 'published_at'])
      .where('published_at', includeLo ? '>=' : '>', new Date(lo).toISOString())
      .where('published_at', includeHi ? '<=' : '<', new Date(hi).toISOString())
      .execute()
    for (const r of rows) {
      index!.add({
        id: r.id,
        storyId: r.story_id,
        title: r.title,
        feedId: r.feed_id,
        publishedAt: new Date(r.published_at),
      })
    }
    size += rows.length
  }

  return {
    async indexFor(trx, entries) {
      let min = Infinity
      let max = -Infinity
      for (const e of entries) {
        const t = e.publishedAt.getTime()
        if (t < min) min = t
        if (t > max) max = t
      }
      const lo = min - STORY_WINDOW_MS
      const hi = max + STORY_WINDOW_MS
      if (!index || Date.now() - builtAt > STORY_CACHE_TTL_MS || size > STORY_CACHE_MAX) {
        index = createStoryIndex()
        size = 0
        builtAt = Date.now()
        await load(trx, lo, hi, true, true)
        from = lo
        to = hi
        return index
      }
      if (lo < from) {
        await load(trx, lo, from, true, false)
        from = lo
      }
      if (hi > to) {
        await load(trx, to, hi, false, true)
        to = hi
      }
      return index
    },
    add(items) {
      if (!index) return
      for (const item of items) {
        const t = item.publishedAt.getTime()
        if (t >= from && t <= to) {
          index.add(item)
          size++
        }
      }
    },
  }
}

/** The Kysely implementation of ItemStore. */
export function createItemStore({ kysely: db }: Db): ItemStore {
  const stories = createStoryCache()
  return {
    async get(id) {
      const row = await db.selectFrom('item').selectAll().where('id', '=', id).executeTakeFirst()
      return row && rowToItem(row)
    },
    async getByUrl(url) {
      const row = await db.selectFrom('item').selectAll().where('url', '=', url).executeTakeFirst()
      return row && rowToItem(row)
    },
    async count() {
      const row = await db
        .selectFrom('item')
        .select((eb) => eb.fn.countAll<string | number>().as('n'))
        .executeTakeFirstOrThrow()
      return Number(row.n)
    },

    async sources(itemId) {
      const rows = await db
        .selectFrom('item_source')
        .selectAll()
        .where('item_id', '=', itemId)
        .orderBy('first_seen_at')
        .orderBy('feed_id')
        .execute()
      return rows.map(rowToSource)
    },

    async story(storyId) {
      const rows = await db
        .selectFrom('item')
        .selectAll()
        .where('story_id', '=', storyId)
        .orderBy('published_at')
        .orderBy('id')
        .execute()
      return rows.map(rowToItem)
    },

    async pendingStages(before, limit) {
      const rows = await db
        .selectFrom('item')
        .selectAll()
        .where('stages_pending', '>', 0)
        .where('fetched_at', '<', before.toISOString())
        .orderBy('fetched_at')
        .orderBy('id')
        .limit(limit)
        .execute()
      return rows.map((row) => ({
        item: rowToItem(row),
        status: row.stages_pending === 2 ? ('updated' as const) : ('new' as const),
      }))
    },

    async setFullText(id, html, text) {
      const row = await db
        .selectFrom('item')
        .select(['title', 'summary'])
        .where('id', '=', id)
        .executeTakeFirst()
      if (!row) return
      await db
        .updateTable('item')
        .set({
          content_html: html,
          content_text: text,
          search_text: searchText(row.title, row.summary, text),
        })
        .where('id', '=', id)
        .execute()
    },

    async markStagesDone(ids) {
      for (const part of chunks(ids, CHUNK)) {
        await db.updateTable('item').set({ stages_pending: 0 }).where('id', 'in', part).execute()
      }
    },

    async upsertFromFeed(feedId, input, { now, backlog }) {
      const stamp = now.toISOString()
      const entries = uniqueByKey(input)
      if (entries.length === 0) return []

      const written = await db.transaction().execute(async (trx) => {
        // 1. entries this feed already brought
        const known = new Map<string, ItemSourceRow>()
        for (const part of chunks(
          entries.map((e) => e.key),
          CHUNK
        )) {
          const rows = await trx
            .selectFrom('item_source')
            .selectAll()
            .where('feed_id', '=', feedId)
            .where('entry_key', 'in', part)
            .execute()
          for (const r of rows) known.set(r.entry_key, r)
        }
        const unseen = entries.filter((e) => !known.has(e.key))

        // 2. unseen entries whose article another feed (or an earlier key) already brought
        const byUrl = new Map<string, ItemRow>()
        const urls = [...new Set(unseen.map((e) => e.url).filter((u): u is string => u !== null))]
        for (const part of chunks(urls, CHUNK)) {
          const rows = await trx.selectFrom('item').selectAll().where('url', 'in', part).execute()
          for (const r of rows) if (!byUrl.has(r.url!)) byUrl.set(r.url!, r)
        }
        const fresh = unseen.filter((e) => e.url === null || !byUrl.has(e.url))

        // 3. ids already taken (an item without URL re-keyed, a hash shared by two URLs…)
        const taken = new Set<string>()
        for (const part of chunks([...new Set(fresh.map((e) => e.id))], CHUNK)) {
          const rows = await trx.selectFrom('item').select('id').where('id', 'in', part).execute()
          for (const r of rows) taken.add(r.id)
        }

        // 4. stories: recent items around these entries' dates (old backlog entries stay alone)
        const recent = fresh.filter(
          (e) => e.publishedAt.getTime() >= now.getTime() - CLUSTER_MAX_AGE_MS
        )
        const index = recent.length > 0 ? await stories.indexFor(trx, recent) : null

        const results: UpsertResult[] = []
        const added: StoryCandidate[] = []
        const itemRows: ItemRow[] = []
        const sourceRows: ItemSourceRow[] = []
        const edited: Array<{ entry: ItemInput; itemId: string }> = []

        for (const entry of entries) {
          const source = known.get(entry.key)
          if (source) {
            if (source.title !== entry.title) edited.push({ entry, itemId: source.item_id })
            else results.push({ key: entry.key, status: 'duplicate', itemId: source.item_id })
            continue
          }
          const existing = entry.url === null ? undefined : byUrl.get(entry.url)
          const source_row = (itemId: string): ItemSourceRow => ({
            item_id: itemId,
            feed_id: feedId,
            entry_key: entry.key,
            url: entry.url,
            title: entry.title,
            first_seen_at: stamp,
          })
          if (existing) {
            sourceRows.push(source_row(existing.id))
            results.push({ key: entry.key, status: 'duplicate', itemId: existing.id })
            continue
          }
          let id = entry.id
          while (taken.has(id)) id = `${entry.id.slice(0, 12)}${newId(8)}`
          taken.add(id)
          const publishedAt = entry.publishedAt
          const story =
            index && publishedAt.getTime() >= now.getTime() - CLUSTER_MAX_AGE_MS
              ? index.match({ title: entry.title, feedId, publishedAt })
              : null
          const row: ItemRow = {
            id,
            url: entry.url,
            title: entry.title,
            summary: entry.summary ?? null,
            content_html: entry.contentHtml || null,
            content_text: entry.contentText || null,
            author: entry.author ?? null,
            categories: JSON.stringify(entry.categories ?? []),
            published_at: publishedAt.toISOString(),
            fetched_at: stamp,
            updated_at: stamp,
            lang: entry.lang ?? null,
            backlog: backlog ? 1 : 0,
            story_id: story?.storyId ?? id,
            feed_id: feedId,
            search_text: searchText(entry.title, entry.summary, entry.contentText),
            stages_pending: 1,
          }
          itemRows.push(row)
          sourceRows.push(source_row(id))
          // an entry URL seen twice in one batch under two keys is one item with two keys
          if (entry.url !== null) byUrl.set(entry.url, row)
          added.push({ id, storyId: row.story_id, title: row.title, feedId, publishedAt })
          const item: Item = {
            ...rowToItem({ ...row, categories: '[]' }),
            categories: entry.categories ?? [],
          }
          results.push({ key: entry.key, status: 'new', itemId: id, item })
        }

        for (const part of chunks(itemRows, INSERT_CHUNK)) {
          await trx
            .insertInto('item')
            .values(part)
            .onConflict((oc) => oc.column('id').doNothing())
            .execute()
        }
        for (const part of chunks(sourceRows, SOURCE_CHUNK)) {
          await trx
            .insertInto('item_source')
            .values(part)
            .onConflict((oc) => oc.columns(['feed_id', 'entry_key']).doNothing())
            .execute()
        }

        for (const { entry, itemId } of edited) {
          await trx
            .updateTable('item')
            .set({
              title: entry.title,
              summary: entry.summary ?? null,
              content_html: entry.contentHtml || null,
              content_text: entry.contentText || null,
              author: entry.author ?? null,
              categories: JSON.stringify(entry.categories ?? []),
              updated_at: stamp,
              search_text: searchText(entry.title, entry.summary, entry.contentText),
              stages_pending: 2,
            })
            .where('id', '=', itemId)
            .execute()
          await trx
            .updateTable('item_source')
            .set({ title: entry.title, url: entry.url })
            .where('feed_id', '=', feedId)
            .where('entry_key', '=', entry.key)
            .execute()
          const row = await trx
            .selectFrom('item')
            .selectAll()
            .where('id', '=', itemId)
            .executeTakeFirst()
          if (row) results.push({ key: entry.key, status: 'updated', itemId, item: rowToItem(row) })
        }

        if (itemRows.length > 0 || sourceRows.length > 0) {
          const count = await trx
            .selectFrom('item_source')
            .select((eb) => eb.fn.countAll<string | number>().as('n'))
            .where('feed_id', '=', feedId)
            .executeTakeFirstOrThrow()
          await trx
            .updateTable('feed')
            .set({ item_count: Number(count.n) })
            .where('id', '=', feedId)
            .execute()
        }
        const order = new Map(entries.map((e, i) => [e.key, i]))
        return { results: results.sort((a, b) => order.get(a.key)! - order.get(b.key)!), added }
      })
      // only committed items join the in-memory story index
      stories.add(written.added)
      return written.results
    },
  }
}

function uniqueByKey(entries: ItemInput[]): ItemInput[] {
  const seen = new Set<string>()
  return entries.filter((e) => (seen.has(e.key) ? false : (seen.add(e.key), true)))
}

function rowToSource(row: ItemSourceRow): ItemSource {
  return {
    itemId: row.item_id,
    feedId: row.feed_id,
    entryKey: row.entry_key,
    url: row.url,
    title: row.title,
    firstSeenAt: row.first_seen_at,
  }
}
