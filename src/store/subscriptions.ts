import type { Db } from './dialect.js'
import { newId } from './ids.js'
import type { SubscriptionRow } from './schema.js'

/** How a subscription delivers: each item as it comes, or one daily digest. */
export type SubscriptionMode = 'realtime' | 'digest'

/** A chat's subscription to a topic. */
export interface Subscription {
  id: string
  chatRef: string
  /** `all`, `controversies`, `model:ID`, `benchmark:ID` or `keyword:WORDS`. */
  topic: string
  mode: SubscriptionMode
  pausedReason: string | null
  pausedAt: string | null
  createdBy: string | null
  createdAt: string
}

/** Subscriptions of chats to topics. */
export interface SubscriptionStore {
  /** Adds a subscription; an existing one on the same topic is updated to the new mode. */
  add(
    sub: { chatRef: string; topic: string; mode: SubscriptionMode; createdBy?: string | null },
    now: Date
  ): Promise<{ subscription: Subscription; created: boolean }>
  get(id: string): Promise<Subscription | undefined>
  listForChat(chatRef: string): Promise<Subscription[]>
  /** Every subscription that is not paused, for matching new items. */
  listActive(): Promise<Subscription[]>
  /** Removes by id or by topic within the chat; returns the removed one. */
  remove(chatRef: string, idOrTopic: string): Promise<Subscription | undefined>
  pause(id: string, reason: string, now: Date): Promise<void>
  pauseChat(chatRef: string, reason: string, now: Date): Promise<number>
  resume(id: string): Promise<void>
}

function rowToSubscription(row: SubscriptionRow): Subscription {
  return {
    id: row.id,
    chatRef: row.chat_ref,
    topic: row.topic,
    mode: row.mode as SubscriptionMode,
    pausedReason: row.paused_reason,
    pausedAt: row.paused_at,
    createdBy: row.created_by,
    createdAt: row.created_at,
  }
}

/** The Kysely implementation of SubscriptionStore. */
export function createSubscriptionStore({ kysely: db }: Db): SubscriptionStore {
  async function get(id: string) {
    const row = await db.selectFrom('subscription').selectAll().where('id', '=', id).executeTakeFirst()
    return row && rowToSubscription(row)
  }
  return {
    get,
    async add(sub, now) {
      const existing = await db
        .selectFrom('subscription')
        .selectAll()
        .where('chat_ref', '=', sub.chatRef)
        .where('topic', '=', sub.topic)
        .executeTakeFirst()
      if (existing) {
        await db
          .updateTable('subscription')
          .set({ mode: sub.mode, paused_reason: null, paused_at: null })
          .where('id', '=', existing.id)
          .execute()
        return { subscription: (await get(existing.id))!, created: false }
      }
      const row: SubscriptionRow = {
        id: newId(6),
        chat_ref: sub.chatRef,
        topic: sub.topic,
        mode: sub.mode,
        paused_reason: null,
        paused_at: null,
        created_by: sub.createdBy ?? null,
        created_at: now.toISOString(),
      }
      await db.insertInto('subscription').values(row).execute()
      return { subscription: rowToSubscription(row), created: true }
    },
    async listForChat(chatRef) {
      const rows = await db
        .selectFrom('subscription')
        .selectAll()
        .where('chat_ref', '=', chatRef)
        .orderBy('created_at')
        .orderBy('id')
        .execute()
      return rows.map(rowToSubscription)
    },
    async listActive() {
      const rows = await db
        .selectFrom('subscription')
        .selectAll()
        .where('paused_at', 'is', null)
        .orderBy('created_at')
        .execute()
      return rows.map(rowToSubscription)
    },
    async remove(chatRef, idOrTopic) {
      const row = await db
        .selectFrom('subscription')
        .selectAll()
        .where('chat_ref', '=', chatRef)
        .where((eb) => eb.or([eb('id', '=', idOrTopic), eb('topic', '=', idOrTopic)]))
        .executeTakeFirst()
      if (!row) return undefined
      await db.deleteFrom('subscription').where('id', '=', row.id).execute()
      return rowToSubscription(row)
    },
    async pause(id, reason, now) {
      await db
        .updateTable('subscription')
        .set({ paused_reason: reason, paused_at: now.toISOString() })
        .where('id', '=', id)
        .execute()
    },
    async pauseChat(chatRef, reason, now) {
      const result = await db
        .updateTable('subscription')
        .set({ paused_reason: reason, paused_at: now.toISOString() })
        .where('chat_ref', '=', chatRef)
        .where('paused_at', 'is', null)
        .executeTakeFirst()
      return Number(result.numUpdatedRows)
    },
    async resume(id) {
      await db
        .updateTable('subscription')
        .set({ paused_reason: null, paused_at: null })
        .where('id', '=', id)
        .execute()
    },
  }
}
