/**
 * The database schema as Kysely sees it. Portable types only: ids and timestamps are made by
 * the app (text ids, ISO-8601 UTC timestamps that sort as text), booleans are 0/1 integers and
 * lists are JSON text, so one query path serves SQLite and PostgreSQL.
 *
 * Table interfaces are used only here and in the store implementation; the rest of the code sees
 * the domain types each store file maps rows to.
 */
import type { Generated, Insertable, Selectable, Updateable } from 'kysely'

export interface FeedTable {
  id: string
  url: string
  title: string | null
  site_url: string | null
  /** Set for a feed a chat added with /sources add: its items go only to that chat. */
  chat_ref: string | null
  added_by: string | null
  lang: string | null
  interval_minutes: number
  etag: string | null
  last_modified: string | null
  next_fetch_at: string
  last_fetch_at: string | null
  last_ok_at: string | null
  last_error: string | null
  last_error_code: string | null
  failing_since: string | null
  consecutive_failures: number
  disabled_reason: string | null
  disabled_at: string | null
  item_count: number
  created_at: string
}

export interface ItemTable {
  id: string
  /** Canonical URL (tracking parameters removed); the item's identity across feeds. */
  url: string | null
  title: string
  summary: string | null
  content_html: string | null
  content_text: string | null
  author: string | null
  /** JSON array of strings. */
  categories: string
  published_at: string
  fetched_at: string
  updated_at: string
  lang: string | null
  /** 1 for items that were already in a feed when it was added: stored, never pushed. */
  backlog: number
  story_id: string
  /** The feed that brought the item first. */
  feed_id: string
  /** Stemmed English + Russian words of title and text; indexed by FTS5 or a tsvector. */
  search_text: string
  /** 1 (new) or 2 (edited) until the pipeline stages have run on the item; then 0. */
  stages_pending: Generated<number>
}

export interface ItemSourceTable {
  item_id: string
  feed_id: string
  /** guid, else link, else a hash of title + date: unique per feed. */
  entry_key: string
  url: string | null
  title: string
  first_seen_at: string
}

export interface ClassificationTable {
  item_id: string
  label: string
  score: number
  /** JSON array of tag codes. */
  tags: string
  /** JSON array of short human-readable reasons. */
  reasons: string
  lang: string | null
  model_version: string
  classified_at: string
}

export interface EntityTable {
  item_id: string
  /** model | benchmark | org */
  kind: string
  entity_id: string
  surface: string
}

export interface DiscrepancyTable {
  id: string
  item_id: string
  model: string
  benchmark: string
  claimed: number
  measured: number
  unit: string
  delta: number
  conditions: string | null
  snippet: string | null
  confidence: number
  created_at: string
  /** The item's title, link, date and feed when the rows were written (see migration 0005). */
  item_title: string | null
  item_url: string | null
  item_published_at: string | null
  item_feed_id: string | null
}

export interface ChatTable {
  ref: string
  platform: string
  title: string | null
  lang: string | null
  timezone: string | null
  /** HH:MM in the chat's time zone. */
  digest_time: string | null
  quiet_days: number
  active: number
  inactive_reason: string | null
  created_at: string
  updated_at: string
}

export interface SubscriptionTable {
  id: string
  chat_ref: string
  /** `all`, `controversies`, `model:ID`, `benchmark:ID` or `keyword:WORDS`, normalised. */
  topic: string
  mode: string
  paused_reason: string | null
  paused_at: string | null
  created_by: string | null
  created_at: string
}

export interface DeliveryTable {
  id: string
  subscription_id: string
  chat_ref: string
  item_id: string
  story_id: string
  /** pending | sending | sent | dead */
  status: string
  attempts: number
  next_attempt_at: string
  lease_until: string | null
  lease_owner: string | null
  last_error: string | null
  platform_message_id: string | null
  created_at: string
  sent_at: string | null
}

export interface DigestTable {
  id: string
  subscription_id: string
  chat_ref: string
  /** YYYY-MM-DD in the chat's time zone. */
  local_date: string
  /** pending | sending | sent | skipped | dead */
  status: string
  due_at: string
  attempts: number
  lease_until: string | null
  lease_owner: string | null
  last_error: string | null
  item_count: number
  platform_message_id: string | null
  created_at: string
  sent_at: string | null
}

export interface Database {
  feed: FeedTable
  item: ItemTable
  item_source: ItemSourceTable
  classification: ClassificationTable
  entity: EntityTable
  discrepancy: DiscrepancyTable
  chat: ChatTable
  subscription: SubscriptionTable
  delivery: DeliveryTable
  digest: DigestTable
}

export type FeedRow = Selectable<FeedTable>
export type NewFeedRow = Insertable<FeedTable>
export type FeedUpdate = Updateable<FeedTable>
export type ItemRow = Selectable<ItemTable>
export type NewItemRow = Insertable<ItemTable>
export type ItemSourceRow = Selectable<ItemSourceTable>
export type ClassificationRow = Selectable<ClassificationTable>
export type EntityRow = Selectable<EntityTable>
export type DiscrepancyRow = Selectable<DiscrepancyTable>
export type ChatRow = Selectable<ChatTable>
export type SubscriptionRow = Selectable<SubscriptionTable>
export type DeliveryRow = Selectable<DeliveryTable>
export type DigestRow = Selectable<DigestTable>
