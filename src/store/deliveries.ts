import { sql, type Kysely } from 'kysely'
import type { Db, DialectName } from './dialect.js'
import { newId } from './ids.js'
import type { Database, DeliveryRow } from './schema.js'

/** Where a delivery is in its life: waiting, leased by a dispatcher, posted, or given up on. */
export type DeliveryStatus = 'pending' | 'sending' | 'sent' | 'dead'

/** One item on its way to one chat through one subscription. */
export interface Delivery {
  id: string
  subscriptionId: string
  chatRef: string
  itemId: string
  storyId: string
  status: DeliveryStatus
  attempts: number
  nextAttemptAt: string
  leaseUntil: string | null
  leaseOwner: string | null
  lastError: string | null
  /** The platform's ids of the posted messages, comma-separated. */
  platformMessageId: string | null
  createdAt: string
  sentAt: string | null
}

/** What matching produced for one item: a subscription and chat the item's story goes to. */
export interface NewDelivery {
  subscriptionId: string
  chatRef: string
  itemId: string
  storyId: string
}

/**
 * The delivery outbox. Rows are written with the item's matches, leased by dispatchers and
 * finished exactly once; an expired lease (a crashed dispatcher) puts the row back in the queue.
 *
 * @example
 * await store.deliveries.enqueue(matches, now)
 * const batch = await store.deliveries.claim('host:1', now, 100, 60_000)
 * await store.deliveries.markSent(batch[0].id, ['42'], now)
 */
export interface DeliveryStore {
  /**
   * Inserts deliveries in one transaction, skipping any (subscription, story) already queued and
   * any story the chat already has through another subscription; returns how many were new.
   */
  enqueue(matches: readonly NewDelivery[], now: Date): Promise<number>
  /**
   * Leases up to `limit` due rows to `owner` for `leaseMs`: the oldest rows of each chat, taken
   * round-robin across chats (a chat's first row, then every chat's second…), never from a chat
   * that already has a row in flight or whose oldest row waits for a retry, nor for a paused or
   * removed subscription. Rows come back grouped in that round-robin order.
   */
  claim(owner: string, now: Date, limit: number, leaseMs: number): Promise<Delivery[]>
  /**
   * Finishes queued rows whose subscription was removed or paused (dead, with the pause reason,
   * so `/why` can tell); returns the count. Without this they would wait in the queue forever.
   */
  retireOrphans(now: Date): Promise<number>
  /** Returns rows whose lease ran out (their dispatcher died) to the queue; returns the count. */
  recoverExpired(now: Date): Promise<number>
  markSent(id: string, messageIds: readonly string[], now: Date): Promise<void>
  /** {@link markSent} for many rows in one statement. */
  markSentMany(
    entries: readonly { id: string; messageIds: readonly string[] }[],
    now: Date
  ): Promise<void>
  /** Counts a failed attempt and schedules the next one. */
  markRetry(id: string, error: string, nextAttemptAt: Date): Promise<void>
  /** Gives a leased row back without counting an attempt (e.g. to wait for a rate limit). */
  release(id: string, nextAttemptAt: Date): Promise<void>
  /** Pushes back the lease of every row `owner` is sending; returns how many. */
  extendLeases(owner: string, until: Date): Promise<number>
  markDead(id: string, reason: string, now: Date): Promise<void>
  get(id: string): Promise<Delivery | undefined>
  /** Every delivery of an item, for `/why`. */
  forItem(itemId: string): Promise<Delivery[]>
  countByStatus(): Promise<Record<DeliveryStatus, number>>
}

function rowToDelivery(row: DeliveryRow): Delivery {
  return {
    id: row.id,
    subscriptionId: row.subscription_id,
    chatRef: row.chat_ref,
    itemId: row.item_id,
    storyId: row.story_id,
    status: row.status as DeliveryStatus,
    attempts: Number(row.attempts),
    nextAttemptAt: row.next_attempt_at,
    leaseUntil: row.lease_until,
    leaseOwner: row.lease_owner,
    lastError: row.last_error,
    platformMessageId: row.platform_message_id,
    createdAt: row.created_at,
    sentAt: row.sent_at,
  }
}

/**
 * Inserts deliveries inside the caller's transaction, so the ingestion pipeline can record an
 * item's matches and its deliveries atomically. See {@link DeliveryStore.enqueue}.
 */
export async function enqueueDeliveries(
  trx: Kysely<Database>,
  matches: readonly NewDelivery[],
  now: Date,
  dialect: DialectName
): Promise<number> {
  if (matches.length === 0) return 0
  const stamp = now.toISOString()
  const stories = [...new Set(matches.map((m) => m.storyId))]
  const known = new Set<string>()
  for (let i = 0; i < stories.length; i += 1000) {
    const rows = await trx
      .selectFrom('delivery')
      .select(['chat_ref', 'story_id'])
      .where('story_id', 'in', stories.slice(i, i + 1000))
      .execute()
    for (const row of rows) known.add(`${row.chat_ref}\u0000${row.story_id}`)
  }
  const fresh: string[][] = []
  for (const m of matches) {
    const key = `${m.chatRef}\u0000${m.storyId}`
    if (known.has(key)) continue
    known.add(key)
    fresh.push([orderedId(now), m.subscriptionId, m.chatRef, m.itemId, m.storyId])
  }
  if (fresh.length === 0) return 0
  // One JSON parameter for the whole batch: 10,000 rows as bound parameters would need chunks
  // under both engines' parameter limits and cost more to build than to insert.
  const rows =
    dialect === 'postgres'
      ? sql`select r->>0, r->>1, r->>2, r->>3, r->>4 from json_array_elements(${JSON.stringify(fresh)}::json) as r`
      : sql`select value->>0, value->>1, value->>2, value->>3, value->>4 from json_each(${JSON.stringify(fresh)}) where true`
  const result = await sql`
    insert into delivery (id, subscription_id, chat_ref, item_id, story_id, status, attempts, next_attempt_at, created_at)
    select r.*, 'pending', 0, ${stamp}, ${stamp} from (${rows}) as r where true
    on conflict (subscription_id, story_id) do nothing`.execute(trx)
  return Number(result.numAffectedRows ?? 0)
}

let sequence = 0
const processTag = newId(5)

/**
 * Delivery ids sort in the order this process made them (time, then a counter), so rows enqueued
 * in the same millisecond still go out oldest first; a random tag per process keeps processes
 * apart (a clash would be a primary-key error, never an overwrite).
 */
function orderedId(now: Date): string {
  sequence = (sequence + 1) % 36 ** 4
  return `${now.getTime().toString(36).padStart(9, '0')}${sequence.toString(36).padStart(4, '0')}${processTag}`
}

/** Orders leased rows round-robin across chats, each chat oldest first. */
function roundRobin(rows: Delivery[]): Delivery[] {
  const byChat = new Map<string, Delivery[]>()
  const sorted = [...rows].sort(
    (a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id)
  )
  for (const row of sorted) {
    const list = byChat.get(row.chatRef) ?? []
    list.push(row)
    byChat.set(row.chatRef, list)
  }
  const out: Delivery[] = []
  for (let round = 0; out.length < rows.length; round++) {
    for (const list of byChat.values()) if (list[round]) out.push(list[round]!)
  }
  return out
}

/** The Kysely implementation of DeliveryStore (SQLite and PostgreSQL). */
export function createDeliveryStore({ kysely: db, dialect }: Db): DeliveryStore {
  async function recoverExpired(now: Date): Promise<number> {
    const result = await db
      .updateTable('delivery')
      .set({ status: 'pending', lease_until: null, lease_owner: null })
      .where('status', '=', 'sending')
      .where('lease_until', '<', now.toISOString())
      .executeTakeFirst()
    return Number(result.numUpdatedRows)
  }

  return {
    async enqueue(matches, now) {
      if (matches.length === 0) return 0
      return db.transaction().execute((trx) => enqueueDeliveries(trx, matches, now, dialect))
    },

    async claim(owner, now, limit, leaseMs) {
      await recoverExpired(now)
      const stamp = now.toISOString()
      const leaseUntil = new Date(now.getTime() + leaseMs).toISOString()
      // Rank each chat's queued rows oldest first; taking rank 1 of every chat before rank 2 of
      // any is the round-robin. A chat whose oldest row waits for a retry (rank 1 not yet due)
      // keeps its order by sending nothing newer in the meantime.
      const ranked = sql`
        select id, chat_ref, next_attempt_at,
          row_number() over (partition by chat_ref order by created_at, id) as rn,
          first_value(next_attempt_at) over (partition by chat_ref order by created_at, id) as first_due
        from delivery d
        where status = 'pending'
          and exists (select 1 from subscription s where s.id = d.subscription_id and s.paused_at is null)
          and not exists (select 1 from delivery f where f.chat_ref = d.chat_ref and f.status = 'sending')`
      const candidates = sql`
        select id from (${ranked}) r
        where r.next_attempt_at <= ${stamp} and r.first_due <= ${stamp}
        order by r.rn, r.next_attempt_at
        limit ${limit}`
      const claimed =
        dialect === 'postgres'
          ? await db.transaction().execute(async (trx) => {
              // Claims take turns (a lock held to the end of this short transaction), so a claim
              // sees the leases of the one before it and two dispatchers never serve one chat at
              // once; SKIP LOCKED keeps any row from being taken twice all the same.
              await sql`select pg_advisory_xact_lock(hashtext('benchwatch.delivery.claim'))`.execute(
                trx
              )
              const result = await sql<DeliveryRow>`
                update delivery set status = 'sending', lease_owner = ${owner}, lease_until = ${leaseUntil}
                where id in (
                  select id from delivery where id in (${candidates}) and status = 'pending'
                  for update skip locked)
                and status = 'pending'
                returning *`.execute(trx)
              return result.rows
            })
          : // SQLite has one writer at a time: a single UPDATE … RETURNING is already atomic.
            (
              await sql<DeliveryRow>`
                update delivery set status = 'sending', lease_owner = ${owner}, lease_until = ${leaseUntil}
                where id in (${candidates}) and +status = 'pending' -- by primary key, not the status index
                returning *`.execute(db)
            ).rows
      return roundRobin(claimed.map(rowToDelivery))
    },

    recoverExpired,

    async retireOrphans(now) {
      const paused = await db
        .updateTable('delivery')
        .set((eb) => ({
          status: 'dead',
          next_attempt_at: now.toISOString(),
          last_error: eb
            .selectFrom('subscription as s')
            .select(
              sql<string>`'SUBSCRIPTION_PAUSED: ' || coalesce(s.paused_reason, '')`.as('reason')
            )
            .whereRef('s.id', '=', 'delivery.subscription_id'),
        }))
        .where('status', '=', 'pending')
        .where((eb) =>
          eb.exists(
            eb
              .selectFrom('subscription as s')
              .select('s.id')
              .whereRef('s.id', '=', 'delivery.subscription_id')
              .where('s.paused_at', 'is not', null)
          )
        )
        .executeTakeFirst()
      const removed = await db
        .updateTable('delivery')
        .set({
          status: 'dead',
          next_attempt_at: now.toISOString(),
          last_error: 'SUBSCRIPTION_REMOVED: the chat unsubscribed',
        })
        .where('status', '=', 'pending')
        .where((eb) =>
          eb.not(
            eb.exists(
              eb
                .selectFrom('subscription as s')
                .select('s.id')
                .whereRef('s.id', '=', 'delivery.subscription_id')
            )
          )
        )
        .executeTakeFirst()
      return Number(paused.numUpdatedRows) + Number(removed.numUpdatedRows)
    },

    async markSent(id, messageIds, now) {
      await db
        .updateTable('delivery')
        .set({
          status: 'sent',
          platform_message_id: messageIds.join(',') || null,
          sent_at: now.toISOString(),
          lease_until: null,
          lease_owner: null,
          last_error: null,
          attempts: sql`attempts + 1`,
        })
        .where('id', '=', id)
        .where('status', 'in', ['sending', 'pending'])
        .execute()
    },

    async markSentMany(entries, now) {
      if (entries.length === 0) return
      const payload = JSON.stringify(entries.map((e) => [e.id, e.messageIds.join(',') || null]))
      const stamp = now.toISOString()
      if (dialect === 'postgres') {
        await sql`
          update delivery d set status = 'sent', platform_message_id = x.mid, sent_at = ${stamp},
            lease_until = null, lease_owner = null, last_error = null, attempts = d.attempts + 1
          from (select r->>0 as id, r->>1 as mid from json_array_elements(${payload}::json) as r) x
          where d.id = x.id and d.status in ('sending', 'pending')`.execute(db)
        return
      }
      // "+status": look rows up by primary key, not through the status index.
      await sql`
        update delivery set status = 'sent', sent_at = ${stamp}, lease_until = null, lease_owner = null,
          last_error = null, attempts = attempts + 1,
          platform_message_id = (select value->>1 from json_each(${payload}) where value->>0 = delivery.id)
        where id in (select value->>0 from json_each(${payload})) and +status in ('sending', 'pending')`.execute(
        db
      )
    },

    async markRetry(id, error, nextAttemptAt) {
      await db
        .updateTable('delivery')
        .set({
          status: 'pending',
          last_error: error,
          next_attempt_at: nextAttemptAt.toISOString(),
          lease_until: null,
          lease_owner: null,
          attempts: sql`attempts + 1`,
        })
        .where('id', '=', id)
        .where('status', '=', 'sending')
        .execute()
    },

    async extendLeases(owner, until) {
      const result = await db
        .updateTable('delivery')
        .set({ lease_until: until.toISOString() })
        .where('lease_owner', '=', owner)
        .where('status', '=', 'sending')
        .executeTakeFirst()
      return Number(result.numUpdatedRows)
    },

    async release(id, nextAttemptAt) {
      await db
        .updateTable('delivery')
        .set({
          status: 'pending',
          next_attempt_at: nextAttemptAt.toISOString(),
          lease_until: null,
          lease_owner: null,
        })
        .where('id', '=', id)
        .where('status', '=', 'sending')
        .execute()
    },

    async markDead(id, reason, now) {
      await db
        .updateTable('delivery')
        .set({
          status: 'dead',
          last_error: reason,
          lease_until: null,
          lease_owner: null,
          next_attempt_at: now.toISOString(),
        })
        .where('id', '=', id)
        .where('status', '!=', 'sent')
        .execute()
    },

    async get(id) {
      const row = await db
        .selectFrom('delivery')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirst()
      return row && rowToDelivery(row)
    },

    async forItem(itemId) {
      const rows = await db
        .selectFrom('delivery')
        .selectAll()
        .where('item_id', '=', itemId)
        .orderBy('created_at')
        .orderBy('chat_ref')
        .execute()
      return rows.map(rowToDelivery)
    },

    async countByStatus() {
      const rows = await db
        .selectFrom('delivery')
        .select(['status', (eb) => eb.fn.countAll<string | number>().as('n')])
        .groupBy('status')
        .execute()
      const out: Record<DeliveryStatus, number> = { pending: 0, sending: 0, sent: 0, dead: 0 }
      for (const row of rows) out[row.status as DeliveryStatus] = Number(row.n)
      return out
    },
  }
}
