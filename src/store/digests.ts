import { sql } from 'kysely'
import type { DigestCandidate } from '../core/digest.js'
import type { Db } from './dialect.js'
import { newId } from './ids.js'
import type { DigestRow } from './schema.js'

/** Where a daily digest is: waiting, leased, posted, skipped (too late or empty), given up. */
export type DigestStatus = 'pending' | 'sending' | 'sent' | 'skipped' | 'dead'

/** One subscription's digest for one local date. */
export interface DigestEntry {
  id: string
  subscriptionId: string
  chatRef: string
  /** YYYY-MM-DD in the chat's time zone. */
  localDate: string
  status: DigestStatus
  dueAt: string
  attempts: number
  leaseUntil: string | null
  leaseOwner: string | null
  lastError: string | null
  itemCount: number
  platformMessageId: string | null
  createdAt: string
  sentAt: string | null
}

/**
 * Daily digests, unique per subscription and local date: however many schedulers run, a date
 * gets one row, and a leased row is posted by one of them.
 *
 * @example
 * await store.digests.schedule({ subscriptionId: 's1', chatRef: 'telegram:1', localDate: '2026-03-29', dueAt }, now)
 * const [entry] = await store.digests.claim('host:1', now, 10, 120_000)
 */
export interface DigestStore {
  /** Creates the date's row (pending, or skipped with a reason) unless it exists; true if created. */
  schedule(
    entry: {
      subscriptionId: string
      chatRef: string
      localDate: string
      dueAt: Date
      skippedReason?: string
    },
    now: Date
  ): Promise<boolean>
  /** Leases up to `limit` due pending rows (expired leases first return to pending). */
  claim(owner: string, now: Date, limit: number, leaseMs: number): Promise<DigestEntry[]>
  markSent(id: string, messageIds: readonly string[], itemCount: number, now: Date): Promise<void>
  /** Finished without a post (an empty day without quiet-day notes, a paused subscription). */
  markSkipped(id: string, reason: string, now: Date): Promise<void>
  markRetry(id: string, error: string, nextAttemptAt: Date): Promise<void>
  markDead(id: string, reason: string, now: Date): Promise<void>
  get(subscriptionId: string, localDate: string): Promise<DigestEntry | undefined>
  listForChat(chatRef: string): Promise<DigestEntry[]>
  /**
   * Items first seen or published in [since, until], with classification, entities, outlet and
   * number of sources of their story: what {@link buildDigest} ranks.
   */
  candidates(since: Date, until: Date): Promise<DigestCandidate[]>
}

function rowToEntry(row: DigestRow): DigestEntry {
  return {
    id: row.id,
    subscriptionId: row.subscription_id,
    chatRef: row.chat_ref,
    localDate: row.local_date,
    status: row.status as DigestStatus,
    dueAt: row.due_at,
    attempts: Number(row.attempts),
    leaseUntil: row.lease_until,
    leaseOwner: row.lease_owner,
    lastError: row.last_error,
    itemCount: Number(row.item_count),
    platformMessageId: row.platform_message_id,
    createdAt: row.created_at,
    sentAt: row.sent_at,
  }
}

/** The Kysely implementation of DigestStore (SQLite and PostgreSQL). */
export function createDigestStore({ kysely: db, dialect }: Db): DigestStore {
  return {
    async schedule(entry, now) {
      const result = await db
        .insertInto('digest')
        .values({
          id: newId(12),
          subscription_id: entry.subscriptionId,
          chat_ref: entry.chatRef,
          local_date: entry.localDate,
          status: entry.skippedReason ? 'skipped' : 'pending',
          due_at: entry.dueAt.toISOString(),
          attempts: 0,
          lease_until: null,
          lease_owner: null,
          last_error: entry.skippedReason ?? null,
          item_count: 0,
          platform_message_id: null,
          created_at: now.toISOString(),
          sent_at: null,
        })
        .onConflict((oc) => oc.columns(['subscription_id', 'local_date']).doNothing())
        .executeTakeFirst()
      return Number(result.numInsertedOrUpdatedRows ?? 0) > 0
    },

    async claim(owner, now, limit, leaseMs) {
      const stamp = now.toISOString()
      await db
        .updateTable('digest')
        .set({ status: 'pending', lease_until: null, lease_owner: null })
        .where('status', '=', 'sending')
        .where('lease_until', '<', stamp)
        .execute()
      const leaseUntil = new Date(now.getTime() + leaseMs).toISOString()
      const due = sql`select id from digest where status = 'pending' and due_at <= ${stamp} order by due_at limit ${limit}`
      const rows =
        dialect === 'postgres'
          ? await db.transaction().execute(
              async (trx) =>
                (
                  await sql<DigestRow>`
                    update digest set status = 'sending', lease_owner = ${owner}, lease_until = ${leaseUntil}
                    where id in (select id from digest where id in (${due}) and status = 'pending' for update skip locked)
                    and status = 'pending' returning *`.execute(trx)
                ).rows
            )
          : (
              await sql<DigestRow>`
                update digest set status = 'sending', lease_owner = ${owner}, lease_until = ${leaseUntil}
                where id in (${due}) and status = 'pending' returning *`.execute(db)
            ).rows
      return rows.map(rowToEntry).sort((a, b) => a.dueAt.localeCompare(b.dueAt))
    },

    async markSent(id, messageIds, itemCount, now) {
      await db
        .updateTable('digest')
        .set({
          status: 'sent',
          platform_message_id: messageIds.join(',') || null,
          item_count: itemCount,
          sent_at: now.toISOString(),
          lease_until: null,
          lease_owner: null,
          attempts: sql`attempts + 1`,
        })
        .where('id', '=', id)
        .execute()
    },

    async markSkipped(id, reason, now) {
      await db
        .updateTable('digest')
        .set({
          status: 'skipped',
          last_error: reason,
          sent_at: now.toISOString(),
          lease_until: null,
          lease_owner: null,
        })
        .where('id', '=', id)
        .execute()
    },

    async markRetry(id, error, nextAttemptAt) {
      await db
        .updateTable('digest')
        .set({
          status: 'pending',
          last_error: error,
          due_at: nextAttemptAt.toISOString(),
          lease_until: null,
          lease_owner: null,
          attempts: sql`attempts + 1`,
        })
        .where('id', '=', id)
        .execute()
    },

    async markDead(id, reason, _now) {
      await db
        .updateTable('digest')
        .set({ status: 'dead', last_error: reason, lease_until: null, lease_owner: null })
        .where('id', '=', id)
        .execute()
    },

    async get(subscriptionId, localDate) {
      const row = await db
        .selectFrom('digest')
        .selectAll()
        .where('subscription_id', '=', subscriptionId)
        .where('local_date', '=', localDate)
        .executeTakeFirst()
      return row && rowToEntry(row)
    },

    async listForChat(chatRef) {
      const rows = await db
        .selectFrom('digest')
        .selectAll()
        .where('chat_ref', '=', chatRef)
        .orderBy('local_date')
        .orderBy('subscription_id')
        .execute()
      return rows.map(rowToEntry)
    },

    async candidates(since, until) {
      const from = since.toISOString()
      const to = until.toISOString()
      const items = await db
        .selectFrom('item as i')
        .leftJoin('feed as f', 'f.id', 'i.feed_id')
        .leftJoin('classification as c', 'c.item_id', 'i.id')
        .select([
          'i.id',
          'i.story_id',
          'i.title',
          'i.summary',
          'i.content_text',
          'i.url',
          'i.published_at',
          'i.fetched_at',
          'i.backlog',
          'f.title as outlet',
          'f.chat_ref as feed_chat_ref',
          'c.label',
          'c.tags',
        ])
        .where('i.backlog', '=', 0)
        .where((eb) =>
          eb.or([
            eb.and([eb('i.published_at', '>=', from), eb('i.published_at', '<=', to)]),
            eb.and([eb('i.fetched_at', '>=', from), eb('i.fetched_at', '<=', to)]),
          ])
        )
        .execute()
      if (items.length === 0) return []
      const ids = items.map((i) => i.id)
      const stories = [...new Set(items.map((i) => i.story_id))]
      const entities = new Map<string, { kind: string; id: string }[]>()
      const sources = new Map<string, number>()
      for (let i = 0; i < ids.length; i += 1000) {
        const rows = await db
          .selectFrom('entity')
          .select(['item_id', 'kind', 'entity_id'])
          .where('item_id', 'in', ids.slice(i, i + 1000))
          .execute()
        for (const row of rows) {
          const list = entities.get(row.item_id) ?? []
          list.push({ kind: row.kind, id: row.entity_id })
          entities.set(row.item_id, list)
        }
      }
      for (let i = 0; i < stories.length; i += 1000) {
        const rows = await db
          .selectFrom('item_source as s')
          .innerJoin('item as i', 'i.id', 's.item_id')
          .select(['i.story_id', (eb) => eb.fn.countAll<string | number>().as('n')])
          .where('i.story_id', 'in', stories.slice(i, i + 1000))
          .groupBy('i.story_id')
          .execute()
        for (const row of rows) sources.set(row.story_id, Number(row.n))
      }
      return items.map((row) => ({
        id: row.id,
        storyId: row.story_id,
        title: row.title,
        summary: row.summary,
        text: row.content_text,
        // A feed that publishes old dates still brought the item today: rank it by when it came.
        publishedAt:
          row.published_at >= from && row.published_at <= to ? row.published_at : row.fetched_at,
        backlog: false,
        feedChatRef: row.feed_chat_ref ?? null,
        label: row.label === 'controversy' ? 'controversy' : row.label === 'not' ? 'not' : null,
        entities: entities.get(row.id) ?? [],
        url: row.url,
        outlet: row.outlet ?? null,
        sourceCount: sources.get(row.story_id) ?? 1,
        tags: row.tags ? (JSON.parse(row.tags) as string[]) : [],
      }))
    },
  }
}
