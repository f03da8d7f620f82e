import { sql, type Kysely } from 'kysely'
import type { DialectName } from '../dialect.js'

// Portable DDL: text ids and ISO timestamps made by the app, integer booleans, JSON as text.
// Only full-text search differs: FTS5 on SQLite, a tsvector expression index on PostgreSQL.
export async function up(db: Kysely<any>, dialect: DialectName): Promise<void> {
  const real = dialect === 'postgres' ? sql`double precision` : sql`real`

  await db.schema
    .createTable('feed')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('title', 'text')
    .addColumn('site_url', 'text')
    .addColumn('chat_ref', 'text')
    .addColumn('added_by', 'text')
    .addColumn('lang', 'text')
    .addColumn('interval_minutes', 'integer', (c) => c.notNull().defaultTo(5))
    .addColumn('etag', 'text')
    .addColumn('last_modified', 'text')
    .addColumn('next_fetch_at', 'text', (c) => c.notNull())
    .addColumn('last_fetch_at', 'text')
    .addColumn('last_ok_at', 'text')
    .addColumn('last_error', 'text')
    .addColumn('last_error_code', 'text')
    .addColumn('failing_since', 'text')
    .addColumn('consecutive_failures', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('disabled_reason', 'text')
    .addColumn('disabled_at', 'text')
    .addColumn('item_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute()
  // A global feed and a chat-scoped copy of the same URL may coexist; '' stands for "global".
  await sql`create unique index feed_url_scope on feed (url, coalesce(chat_ref, ''))`.execute(db)
  await db.schema.createIndex('feed_next_fetch').on('feed').column('next_fetch_at').execute()

  await db.schema
    .createTable('item')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('url', 'text')
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('summary', 'text')
    .addColumn('content_html', 'text')
    .addColumn('content_text', 'text')
    .addColumn('author', 'text')
    .addColumn('categories', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('published_at', 'text', (c) => c.notNull())
    .addColumn('fetched_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('lang', 'text')
    .addColumn('backlog', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('story_id', 'text', (c) => c.notNull())
    .addColumn('feed_id', 'text', (c) => c.notNull())
    .addColumn('search_text', 'text', (c) => c.notNull().defaultTo(''))
    .execute()
  await db.schema.createIndex('item_published').on('item').column('published_at').execute()
  await db.schema.createIndex('item_story').on('item').column('story_id').execute()
  await db.schema.createIndex('item_url').on('item').column('url').execute()
  await db.schema.createIndex('item_feed').on('item').columns(['feed_id', 'published_at']).execute()

  await db.schema
    .createTable('item_source')
    .addColumn('item_id', 'text', (c) => c.notNull())
    .addColumn('feed_id', 'text', (c) => c.notNull())
    .addColumn('entry_key', 'text', (c) => c.notNull())
    .addColumn('url', 'text')
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('first_seen_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('item_source_pk', ['feed_id', 'entry_key'])
    .execute()
  await db.schema.createIndex('item_source_item').on('item_source').column('item_id').execute()

  await db.schema
    .createTable('classification')
    .addColumn('item_id', 'text', (c) => c.primaryKey())
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('score', real, (c) => c.notNull())
    .addColumn('tags', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('reasons', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('lang', 'text')
    .addColumn('model_version', 'text', (c) => c.notNull())
    .addColumn('classified_at', 'text', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('classification_label').on('classification').columns(['label', 'score']).execute()

  await db.schema
    .createTable('entity')
    .addColumn('item_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('entity_id', 'text', (c) => c.notNull())
    .addColumn('surface', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('entity_pk', ['item_id', 'kind', 'entity_id'])
    .execute()
  await db.schema.createIndex('entity_lookup').on('entity').columns(['kind', 'entity_id']).execute()

  await db.schema
    .createTable('discrepancy')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('item_id', 'text', (c) => c.notNull())
    .addColumn('model', 'text', (c) => c.notNull())
    .addColumn('benchmark', 'text', (c) => c.notNull())
    .addColumn('claimed', real, (c) => c.notNull())
    .addColumn('measured', real, (c) => c.notNull())
    .addColumn('unit', 'text', (c) => c.notNull())
    .addColumn('delta', real, (c) => c.notNull())
    .addColumn('conditions', 'text')
    .addColumn('snippet', 'text')
    .addColumn('confidence', real, (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('discrepancy_model').on('discrepancy').columns(['model', 'benchmark']).execute()
  await db.schema.createIndex('discrepancy_item').on('discrepancy').column('item_id').execute()

  await db.schema
    .createTable('chat')
    .addColumn('ref', 'text', (c) => c.primaryKey())
    .addColumn('platform', 'text', (c) => c.notNull())
    .addColumn('title', 'text')
    .addColumn('lang', 'text')
    .addColumn('timezone', 'text')
    .addColumn('digest_time', 'text')
    .addColumn('quiet_days', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('inactive_reason', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute()

  await db.schema
    .createTable('subscription')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('chat_ref', 'text', (c) => c.notNull())
    .addColumn('topic', 'text', (c) => c.notNull())
    .addColumn('mode', 'text', (c) => c.notNull())
    .addColumn('paused_reason', 'text')
    .addColumn('paused_at', 'text')
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('subscription_chat_topic', ['chat_ref', 'topic'])
    .execute()

  await db.schema
    .createTable('delivery')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('subscription_id', 'text', (c) => c.notNull())
    .addColumn('chat_ref', 'text', (c) => c.notNull())
    .addColumn('item_id', 'text', (c) => c.notNull())
    .addColumn('story_id', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'text', (c) => c.notNull())
    .addColumn('lease_until', 'text')
    .addColumn('lease_owner', 'text')
    .addColumn('last_error', 'text')
    .addColumn('platform_message_id', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('sent_at', 'text')
    .addUniqueConstraint('delivery_subscription_story', ['subscription_id', 'story_id'])
    .execute()
  await db.schema.createIndex('delivery_due').on('delivery').columns(['status', 'next_attempt_at']).execute()
  await db.schema.createIndex('delivery_chat').on('delivery').columns(['chat_ref', 'status', 'created_at']).execute()
  await db.schema.createIndex('delivery_item').on('delivery').column('item_id').execute()

  await db.schema
    .createTable('digest')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('subscription_id', 'text', (c) => c.notNull())
    .addColumn('chat_ref', 'text', (c) => c.notNull())
    .addColumn('local_date', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('due_at', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('lease_until', 'text')
    .addColumn('lease_owner', 'text')
    .addColumn('last_error', 'text')
    .addColumn('item_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('platform_message_id', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('sent_at', 'text')
    .addUniqueConstraint('digest_subscription_date', ['subscription_id', 'local_date'])
    .execute()

  if (dialect === 'sqlite') {
    // Words arrive pre-stemmed (English + Russian Snowball) in item.search_text, so the plain
    // unicode61 tokenizer is enough. External content keeps one copy of the text; triggers keep
    // the index in step, so item writes are the same SQL on both engines. (After a VACUUM, run
    // `insert into item_fts(item_fts) values('rebuild')`: item has no INTEGER PRIMARY KEY.)
    await sql`create virtual table item_fts using fts5(search_text, content = 'item', content_rowid = 'rowid', tokenize = 'unicode61 remove_diacritics 2')`.execute(db)
    await sql`create trigger item_fts_insert after insert on item begin
      insert into item_fts(rowid, search_text) values (new.rowid, new.search_text); end`.execute(db)
    await sql`create trigger item_fts_delete after delete on item begin
      insert into item_fts(item_fts, rowid, search_text) values ('delete', old.rowid, old.search_text); end`.execute(db)
    await sql`create trigger item_fts_update after update of search_text on item begin
      insert into item_fts(item_fts, rowid, search_text) values ('delete', old.rowid, old.search_text);
      insert into item_fts(rowid, search_text) values (new.rowid, new.search_text); end`.execute(db)
  } else {
    await sql`create index item_search on item using gin (to_tsvector('simple', search_text))`.execute(db)
  }
}

export async function down(db: Kysely<any>, dialect: DialectName): Promise<void> {
  if (dialect === 'sqlite') await sql`drop table if exists item_fts`.execute(db)
  for (const table of ['digest', 'delivery', 'subscription', 'chat', 'discrepancy', 'entity', 'classification', 'item_source', 'item', 'feed']) {
    await db.schema.dropTable(table).ifExists().execute()
  }
}
