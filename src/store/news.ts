import { sql } from 'kysely'
import { scoreMatches } from '../core/rank.js'
import { searchText } from '../core/text.js'
import { canonicalUrl } from '../ingest/normalise.js'
import type { Db } from './dialect.js'

/** One story as /news shows it: its newest item, the outlet, and how many items tell it. */
export interface NewsEntry {
  id: string
  title: string
  url: string | null
  summary: string | null
  publishedAt: string
  lang: string | null
  storyId: string
  feedId: string
  /** The title of the feed that brought the item. */
  outlet: string | null
  backlog: boolean
  /** Items sharing the story (this one included); 1 for a story told once. */
  storyItems: number
}

/** A controversy story: the news entry with the classifier's verdict. */
export interface ControversyEntry extends NewsEntry {
  score: number
  tags: string[]
  reasons: string[]
}

/** Options shared by the list queries. */
export interface NewsQuery {
  limit: number
  /** Items of chat-scoped feeds show only in their chat; without it, only global feeds count. */
  chatRef?: string
}

/**
 * The read side chat commands use: latest stories, ranked full-text search, controversies in a
 * window, one item by id or URL. Stories are deduplicated by `story_id`, newest item first.
 *
 * @example
 * const latest = await store.news.latest({ limit: 10 })
 * const found = await store.news.search('llama benchmark', { limit: 5 })
 */
export interface NewsStore {
  latest(query: NewsQuery): Promise<NewsEntry[]>
  /** Stemmed search (the same stems as the stored text), best match first among the 200 newest matches. */
  search(text: string, query: NewsQuery): Promise<NewsEntry[]>
  /** Controversy stories published at or after `since` (all of them without it), newest first. */
  controversies(query: NewsQuery & { since?: string }): Promise<ControversyEntry[]>
  /** An item by id, by URL as given, or by its canonical URL. */
  find(idOrUrl: string): Promise<NewsEntry | undefined>
  /** Every item of a story, oldest first. */
  story(storyId: string): Promise<NewsEntry[]>
  /**
   * Items published in (since, until], newest first, with what digests and matching need: the
   * classifier's label and tags, the entities, and the scope of the item's feed.
   */
  window(query: { since: string; until: string; limit: number }): Promise<WindowEntry[]>
}

/** An item of a time window with its verdict and entities (see {@link NewsStore.window}). */
export interface WindowEntry extends NewsEntry {
  label: 'controversy' | 'not' | null
  tags: string[]
  entities: { kind: string; id: string }[]
  feedChatRef: string | null
}

interface ItemJoinRow {
  id: string
  title: string
  url: string | null
  summary: string | null
  published_at: string
  lang: string | null
  story_id: string
  feed_id: string
  backlog: number
  outlet: string | null
}

const ITEM_COLUMNS = [
  'i.id',
  'i.title',
  'i.url',
  'i.summary',
  'i.published_at',
  'i.lang',
  'i.story_id',
  'i.feed_id',
  'i.backlog',
  'f.title as outlet',
] as const

function toEntry(row: ItemJoinRow, storyItems: number): NewsEntry {
  return {
    id: row.id,
    title: row.title,
    url: row.url,
    summary: row.summary,
    publishedAt: row.published_at,
    lang: row.lang,
    storyId: row.story_id,
    feedId: row.feed_id,
    outlet: row.outlet,
    backlog: Number(row.backlog) === 1,
    storyItems,
  }
}

// Rows come newest (or best) first; the first row of each story stands for it.
function firstPerStory<R extends { story_id: string }>(rows: R[], limit: number): R[] {
  const seen = new Set<string>()
  const out: R[] = []
  for (const row of rows) {
    if (seen.has(row.story_id)) continue
    seen.add(row.story_id)
    out.push(row)
    if (out.length === limit) break
  }
  return out
}

// Search ranks only the 200 most recent matches (the newest stored on SQLite, by rowid; the
// newest published on PostgreSQL): a common word matches a large share of a big store, scoring
// every match would cost seconds, and news readers want the recent ones anyway. The ranking is
// done here, by one function for both databases: FTS5's bm25() reads each query word's whole
// posting list for its document frequency, 30 ms for three common words in a million items.
const SEARCH_WINDOW = 200

// FTS5 reads bare words as syntax ("and", "near", "-"): quote every stem.
function ftsQuery(stems: string[]): string {
  return stems.map((s) => `"${s.replace(/"/g, '""')}"`).join(' ')
}

/** The Kysely implementation of NewsStore (FTS5 on SQLite, tsvector on PostgreSQL). */
export function createNewsStore({ kysely: db, dialect }: Db): NewsStore {
  // Over-fetch so several items of one story still leave `limit` distinct stories.
  const overFetch = (limit: number) => limit * 3 + 5

  const base = (chatRef: string | undefined) => {
    let q = db
      .selectFrom('item as i')
      .leftJoin('feed as f', 'f.id', 'i.feed_id')
      .select(ITEM_COLUMNS)
    q = chatRef
      ? q.where((eb) => eb.or([eb('f.chat_ref', 'is', null), eb('f.chat_ref', '=', chatRef)]))
      : q.where('f.chat_ref', 'is', null)
    return q
  }

  async function storySizes(storyIds: string[]): Promise<Map<string, number>> {
    if (storyIds.length === 0) return new Map()
    const rows = await db
      .selectFrom('item')
      .select(['story_id', (eb) => eb.fn.countAll<number | string>().as('n')])
      .where('story_id', 'in', storyIds)
      .groupBy('story_id')
      .execute()
    return new Map(rows.map((r) => [r.story_id, Number(r.n)]))
  }

  async function withSizes<R extends ItemJoinRow>(rows: R[]): Promise<{ row: R; size: number }[]> {
    const sizes = await storySizes([...new Set(rows.map((r) => r.story_id))])
    return rows.map((row) => ({ row, size: sizes.get(row.story_id) ?? 1 }))
  }

  return {
    async latest({ limit, chatRef }) {
      const rows = await base(chatRef)
        .orderBy('i.published_at', 'desc')
        .orderBy('i.id')
        .limit(overFetch(limit))
        .execute()
      const picked = firstPerStory(rows, limit)
      return (await withSizes(picked)).map(({ row, size }) => toEntry(row, size))
    },

    async search(text, { limit, chatRef }) {
      const stems = [...new Set(searchText(text).split(' ').filter(Boolean))]
      if (stems.length === 0) return []
      type MatchRow = ItemJoinRow & { search_text: string; chat_ref: string | null }
      const matches =
        dialect === 'sqlite'
          ? await sql<MatchRow>`
              select i.id, i.title, i.url, i.summary, i.published_at, i.lang, i.story_id, i.feed_id,
                     i.backlog, i.search_text, f.title as outlet, f.chat_ref
              from (select rowid from item_fts where item_fts match ${ftsQuery(stems)}
                    order by rowid desc limit ${SEARCH_WINDOW}) m
              join item i on i.rowid = m.rowid
              left join feed f on f.id = i.feed_id`.execute(db)
          : await sql<MatchRow>`
              select i.id, i.title, i.url, i.summary, i.published_at, i.lang, i.story_id, i.feed_id,
                     i.backlog, i.search_text, f.title as outlet, f.chat_ref
              from (select id from item
                    where search_vector @@ plainto_tsquery('simple', ${stems.join(' ')})
                    order by published_at desc
                    limit ${SEARCH_WINDOW}) m
              join item i on i.id = m.id
              left join feed f on f.id = i.feed_id`.execute(db)
      const visible = matches.rows.filter((r) => r.chat_ref === null || r.chat_ref === chatRef)
      const scores = scoreMatches(
        visible.map((r) => r.search_text),
        stems
      )
      const rows = visible
        .map((row, i) => ({ row, score: scores[i]! }))
        .sort(
          (a, b) =>
            b.score - a.score ||
            (a.row.published_at < b.row.published_at
              ? 1
              : a.row.published_at > b.row.published_at
                ? -1
                : 0)
        )
        .map(({ row }) => row)
      const picked = firstPerStory(rows, limit)
      return (await withSizes(picked)).map(({ row, size }) => toEntry(row, size))
    },

    async controversies({ limit, chatRef, since }) {
      let q = base(chatRef)
        .innerJoin('classification as c', 'c.item_id', 'i.id')
        .select(['c.score', 'c.tags', 'c.reasons'])
        .where('c.label', '=', 'controversy')
      if (since) q = q.where('i.published_at', '>=', since)
      const rows = await q
        .orderBy('i.published_at', 'desc')
        .orderBy('i.id')
        .limit(overFetch(limit))
        .execute()
      const picked = firstPerStory(rows, limit)
      return (await withSizes(picked)).map(({ row, size }) => ({
        ...toEntry(row, size),
        score: Number(row.score),
        tags: JSON.parse(row.tags) as string[],
        reasons: JSON.parse(row.reasons) as string[],
      }))
    },

    async find(idOrUrl) {
      const wanted = idOrUrl.trim()
      const canonical = /^https?:\/\//i.test(wanted) ? canonicalUrl(wanted) : null
      const candidates = [...new Set([wanted, canonical].filter((v): v is string => Boolean(v)))]
      const row = await db
        .selectFrom('item as i')
        .leftJoin('feed as f', 'f.id', 'i.feed_id')
        .select(ITEM_COLUMNS)
        .where((eb) => eb.or([eb('i.id', '=', wanted), eb('i.url', 'in', candidates)]))
        .limit(1)
        .executeTakeFirst()
      if (!row) return undefined
      const sizes = await storySizes([row.story_id])
      return toEntry(row, sizes.get(row.story_id) ?? 1)
    },

    async story(storyId) {
      const rows = await db
        .selectFrom('item as i')
        .leftJoin('feed as f', 'f.id', 'i.feed_id')
        .select(ITEM_COLUMNS)
        .where('i.story_id', '=', storyId)
        .orderBy('i.published_at')
        .orderBy('i.id')
        .execute()
      return rows.map((r) => toEntry(r, rows.length))
    },

    async window({ since, until, limit }) {
      const rows = await db
        .selectFrom('item as i')
        .leftJoin('feed as f', 'f.id', 'i.feed_id')
        .leftJoin('classification as c', 'c.item_id', 'i.id')
        .select(ITEM_COLUMNS)
        .select(['f.chat_ref as feed_chat_ref', 'c.label', 'c.tags'])
        .where('i.published_at', '>', since)
        .where('i.published_at', '<=', until)
        .orderBy('i.published_at', 'desc')
        .orderBy('i.id')
        .limit(limit)
        .execute()
      if (rows.length === 0) return []
      const ids = rows.map((r) => r.id)
      const entityRows = await db
        .selectFrom('entity')
        .select(['item_id', 'kind', 'entity_id'])
        .where('item_id', 'in', ids)
        .execute()
      const entities = new Map<string, { kind: string; id: string }[]>()
      for (const e of entityRows) {
        const list = entities.get(e.item_id) ?? []
        list.push({ kind: e.kind, id: e.entity_id })
        entities.set(e.item_id, list)
      }
      return (await withSizes(rows)).map(({ row, size }) => ({
        ...toEntry(row, size),
        label: row.label === 'controversy' ? 'controversy' : row.label === 'not' ? 'not' : null,
        tags: row.tags ? (JSON.parse(row.tags) as string[]) : [],
        entities: entities.get(row.id) ?? [],
        feedChatRef: row.feed_chat_ref,
      }))
    },
  }
}
