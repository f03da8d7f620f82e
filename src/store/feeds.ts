import type { Db } from './dialect.js'
import { newId } from './ids.js'
import type { FeedRow } from './schema.js'

/**
 * A feed as the rest of the code sees it, with its health.
 */
export interface Feed {
  id: string
  url: string
  title: string | null
  siteUrl: string | null
  /** Set when a chat added the feed: its items go only to that chat. */
  chatRef: string | null
  addedBy: string | null
  lang: string | null
  intervalMinutes: number
  etag: string | null
  lastModified: string | null
  nextFetchAt: string
  lastFetchAt: string | null
  lastOkAt: string | null
  lastError: string | null
  lastErrorCode: string | null
  failingSince: string | null
  consecutiveFailures: number
  disabledReason: string | null
  disabledAt: string | null
  itemCount: number
  createdAt: string
}

/** What `feeds.add` needs. */
export interface NewFeed {
  url: string
  title?: string | null
  siteUrl?: string | null
  chatRef?: string | null
  addedBy?: string | null
  lang?: string | null
  intervalMinutes?: number
}

/** Feeds and their health. */
export interface FeedStore {
  /** Adds a feed, or returns the existing one with the same URL and scope (`created: false`). */
  add(feed: NewFeed, now: Date): Promise<{ feed: Feed; created: boolean }>
  get(id: string): Promise<Feed | undefined>
  /** Global feeds, plus those of one chat when `chatRef` is given (`'all'` lists every feed). */
  list(options?: { chatRef?: string | 'all' }): Promise<Feed[]>
  remove(id: string): Promise<boolean>
  /** Enabled feeds whose next fetch is due, soonest first. */
  due(now: Date, limit: number): Promise<Feed[]>
  update(id: string, patch: Partial<Omit<Feed, 'id' | 'url' | 'createdAt'>>): Promise<void>
  /**
   * Points a feed at its new address after a permanent redirect. False (nothing changed) when a
   * feed with that address and scope already exists.
   */
  moveTo(id: string, url: string): Promise<boolean>
}

function rowToFeed(row: FeedRow): Feed {
  return {
    id: row.id,
    url: row.url,
    title: row.title,
    siteUrl: row.site_url,
    chatRef: row.chat_ref,
    addedBy: row.added_by,
    lang: row.lang,
    intervalMinutes: row.interval_minutes,
    etag: row.etag,
    lastModified: row.last_modified,
    nextFetchAt: row.next_fetch_at,
    lastFetchAt: row.last_fetch_at,
    lastOkAt: row.last_ok_at,
    lastError: row.last_error,
    lastErrorCode: row.last_error_code,
    failingSince: row.failing_since,
    consecutiveFailures: row.consecutive_failures,
    disabledReason: row.disabled_reason,
    disabledAt: row.disabled_at,
    itemCount: row.item_count,
    createdAt: row.created_at,
  }
}

const COLUMN_OF: Record<string, keyof FeedRow> = {
  title: 'title',
  siteUrl: 'site_url',
  chatRef: 'chat_ref',
  addedBy: 'added_by',
  lang: 'lang',
  intervalMinutes: 'interval_minutes',
  etag: 'etag',
  lastModified: 'last_modified',
  nextFetchAt: 'next_fetch_at',
  lastFetchAt: 'last_fetch_at',
  lastOkAt: 'last_ok_at',
  lastError: 'last_error',
  lastErrorCode: 'last_error_code',
  failingSince: 'failing_since',
  consecutiveFailures: 'consecutive_failures',
  disabledReason: 'disabled_reason',
  disabledAt: 'disabled_at',
  itemCount: 'item_count',
}

/** The Kysely implementation of FeedStore (SQLite and PostgreSQL alike). */
export function createFeedStore({ kysely: db }: Db): FeedStore {
  async function findByUrl(url: string, chatRef: string | null): Promise<Feed | undefined> {
    let q = db.selectFrom('feed').selectAll().where('url', '=', url)
    q = chatRef === null ? q.where('chat_ref', 'is', null) : q.where('chat_ref', '=', chatRef)
    const row = await q.executeTakeFirst()
    return row && rowToFeed(row)
  }

  return {
    async add(feed, now) {
      const chatRef = feed.chatRef ?? null
      const existing = await findByUrl(feed.url, chatRef)
      if (existing) return { feed: existing, created: false }
      const row: FeedRow = {
        id: newId(),
        url: feed.url,
        title: feed.title ?? null,
        site_url: feed.siteUrl ?? null,
        chat_ref: chatRef,
        added_by: feed.addedBy ?? null,
        lang: feed.lang ?? null,
        interval_minutes: feed.intervalMinutes ?? 5,
        etag: null,
        last_modified: null,
        next_fetch_at: now.toISOString(),
        last_fetch_at: null,
        last_ok_at: null,
        last_error: null,
        last_error_code: null,
        failing_since: null,
        consecutive_failures: 0,
        disabled_reason: null,
        disabled_at: null,
        item_count: 0,
        created_at: now.toISOString(),
      }
      await db.insertInto('feed').values(row).execute()
      return { feed: rowToFeed(row), created: true }
    },

    async get(id) {
      const row = await db.selectFrom('feed').selectAll().where('id', '=', id).executeTakeFirst()
      return row && rowToFeed(row)
    },

    async list(options = {}) {
      let q = db.selectFrom('feed').selectAll()
      if (options.chatRef !== 'all') {
        const chat = options.chatRef
        q = chat
          ? q.where((eb) => eb.or([eb('chat_ref', 'is', null), eb('chat_ref', '=', chat)]))
          : q.where('chat_ref', 'is', null)
      }
      const rows = await q.orderBy('created_at').orderBy('id').execute()
      return rows.map(rowToFeed)
    },

    async remove(id) {
      const result = await db.deleteFrom('feed').where('id', '=', id).executeTakeFirst()
      return Number(result.numDeletedRows) > 0
    },

    async due(now, limit) {
      const rows = await db
        .selectFrom('feed')
        .selectAll()
        .where('disabled_at', 'is', null)
        .where('next_fetch_at', '<=', now.toISOString())
        .orderBy('next_fetch_at')
        .limit(limit)
        .execute()
      return rows.map(rowToFeed)
    },

    async moveTo(id, url) {
      const feed = await db.selectFrom('feed').select('chat_ref').where('id', '=', id).executeTakeFirst()
      if (!feed) return false
      if (await findByUrl(url, feed.chat_ref)) return false
      await db.updateTable('feed').set({ url }).where('id', '=', id).execute()
      return true
    },

    async update(id, patch) {
      const values: Record<string, unknown> = {}
      for (const [key, value] of Object.entries(patch)) {
        const column = COLUMN_OF[key]
        if (column && value !== undefined) values[column] = value
      }
      if (Object.keys(values).length === 0) return
      await db.updateTable('feed').set(values).where('id', '=', id).execute()
    },
  }
}
