import { sql } from 'kysely'
import { createChatStore, type ChatStore } from './chats.js'
import { createDeliveryStore, type DeliveryStore } from './deliveries.js'
import { createDigestStore, type DigestStore } from './digests.js'
import type { Db, DialectName } from './dialect.js'
import { createFeedStore, type FeedStore } from './feeds.js'
import { createItemStore, type ItemStore } from './items.js'
import { createNewsStore, type NewsStore } from './news.js'
import { createSubscriptionStore, type SubscriptionStore } from './subscriptions.js'

/**
 * Everything benchwatch keeps, grouped by concern. One implementation (Kysely) serves SQLite and
 * PostgreSQL; the contract suite in test/store runs against both.
 *
 * @example
 * const store = await openStore('sqlite::memory:')
 * await store.feeds.add({ url: 'https://example.org/feed.xml' }, new Date())
 */
export interface Store {
  readonly dialect: DialectName
  /** The Kysely handle, for the few places that need a transaction across concerns. */
  readonly db: Db
  feeds: FeedStore
  items: ItemStore
  chats: ChatStore
  subscriptions: SubscriptionStore
  deliveries: DeliveryStore
  digests: DigestStore
  /** The read side of chat commands: latest, search, controversies, find. */
  news: NewsStore
  /** Round-trips the database: used by readiness checks. */
  ping(): Promise<void>
  close(): Promise<void>
}

/** Builds the Store over an open database handle. */
export function createKyselyStore(db: Db): Store {
  return {
    dialect: db.dialect,
    db,
    feeds: createFeedStore(db),
    items: createItemStore(db),
    chats: createChatStore(db),
    subscriptions: createSubscriptionStore(db),
    deliveries: createDeliveryStore(db),
    digests: createDigestStore(db),
    news: createNewsStore(db),
    async ping() {
      await sql`select 1`.execute(db.kysely)
    },
    async close() {
      await db.kysely.destroy()
    },
  }
}
