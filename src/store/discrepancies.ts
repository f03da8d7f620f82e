import type { ItemRows } from '../core/consolidate.js'
import { modelNamed } from '../core/extract/context.js'
import type { DiscrepancyRow, ScoreUnit } from '../core/extract/types.js'
import { resolveBenchmark } from '../core/entities.js'
import type { Db } from './dialect.js'
import type { DiscrepancyRow as DiscrepancyTableRow } from './schema.js'
import { chunks } from './chunks.js'

/** A stored discrepancy row with the item it came from. */
export interface StoredDiscrepancy extends DiscrepancyRow {
  id: string
  itemId: string
  /** Always set on read: the canonical id of `model` (derived for unknown models). */
  modelId: string
  createdAt: string
  item: {
    title: string
    url: string | null
    publishedAt: string
    /** The title of the feed that brought the item. */
    outlet: string | null
  }
}

/** A model that has stored rows, for autocomplete and "did you mean". */
export interface ModelCount {
  id: string
  name: string
  count: number
}

/**
 * Discrepancy rows per item, and the rows for a model across items.
 *
 * @example
 * await store.replaceForItem('it_1', extractDiscrepancies(item), now)
 * const rows = await store.forModel('Llama-4')
 * const table = consolidate(toItemRows(rows), 'Llama 4')
 */
export interface DiscrepancyStore {
  /** Replaces the item's rows with these (none clears them); running it twice changes nothing. */
  replaceForItem(itemId: string, rows: DiscrepancyRow[], now: Date): Promise<void>
  /** {@link replaceForItem} for many items in one transaction (a feed document's worth). */
  replaceForItems(extracted: { itemId: string; rows: DiscrepancyRow[] }[], now: Date): Promise<void>
  forItem(itemId: string): Promise<StoredDiscrepancy[]>
  /**
   * Rows for one model (an id, a name or an alias; variants named apart are not included), newest
   * item first, optionally for one benchmark (id, name or alias).
   */
  forModel(modelIdOrName: string, benchmark?: string): Promise<StoredDiscrepancy[]>
  /** Models with rows, most rows first; spellings of one model are merged. */
  models(): Promise<ModelCount[]>
}

// A model's table reads hundreds of rows that repeat a handful of spellings; resolving each one
// again dominated /table on a large store. Bounded, since spellings come from the news.
const resolved = new Map<
  string,
  { modelId?: string; benchmark?: { id: string; name: string } | null }
>()
function memo(name: string) {
  if (resolved.size > 10_000) resolved.clear()
  let entry = resolved.get(name)
  if (!entry) resolved.set(name, (entry = {}))
  return entry
}

function modelIdOf(name: string): string {
  const entry = memo(name)
  return (entry.modelId ??= modelNamed(name)?.id ?? name.toLowerCase().replace(/[\s_]+/g, '-'))
}

function benchmarkOf(name: string): { id: string; name: string } | null {
  const entry = memo(name)
  if (entry.benchmark === undefined) entry.benchmark = resolveBenchmark(name)
  return entry.benchmark
}

type JoinedRow = Omit<DiscrepancyTableRow, 'item_feed_id'> & { outlet: string | null }

function toStored(row: JoinedRow): StoredDiscrepancy {
  const benchmark = benchmarkOf(row.benchmark)
  return {
    id: row.id,
    itemId: row.item_id,
    model: row.model,
    modelId: modelIdOf(row.model),
    benchmark: row.benchmark,
    ...(benchmark ? { benchmarkId: benchmark.id } : {}),
    claimed: Number(row.claimed),
    measured: Number(row.measured),
    unit: row.unit as ScoreUnit,
    delta: Number(row.delta),
    ...(row.conditions ? { conditions: row.conditions } : {}),
    snippet: row.snippet ?? '',
    confidence: Number(row.confidence),
    createdAt: row.created_at,
    item: {
      title: row.item_title ?? '',
      url: row.item_url,
      publishedAt: row.item_published_at ?? '',
      outlet: row.outlet,
    },
  }
}

/**
 * Groups stored rows by item, in the shape consolidation takes.
 *
 * @example
 * consolidate(toItemRows(await store.forModel('Llama 4')), 'Llama 4')
 */
export function toItemRows(rows: StoredDiscrepancy[]): ItemRows[] {
  const byItem = new Map<string, ItemRows>()
  for (const row of rows) {
    const entry = byItem.get(row.itemId) ?? {
      item: {
        id: row.itemId,
        title: row.item.title,
        ...(row.item.outlet ? { outlet: row.item.outlet } : {}),
        ...(row.item.publishedAt ? { date: row.item.publishedAt } : {}),
        ...(row.item.url ? { url: row.item.url } : {}),
      },
      rows: [],
    }
    entry.rows.push(row)
    byItem.set(row.itemId, entry)
  }
  return [...byItem.values()]
}

// Items per delete and rows per insert (sixteen columns), under both engines' parameter limits.
const ITEM_CHUNK = 1_000
const ROW_CHUNK = 200

/** The Kysely implementation of DiscrepancyStore (SQLite and PostgreSQL). */
export function createDiscrepancyStore({ kysely: db }: Db): DiscrepancyStore {
  const joined = () =>
    db
      .selectFrom('discrepancy as d')
      .leftJoin('feed as f', 'f.id', 'd.item_feed_id')
      .select([
        'd.id',
        'd.item_id',
        'd.model',
        'd.benchmark',
        'd.claimed',
        'd.measured',
        'd.unit',
        'd.delta',
        'd.conditions',
        'd.snippet',
        'd.confidence',
        'd.created_at',
        'd.item_title',
        'd.item_url',
        'd.item_published_at',
        'f.title as outlet',
      ])

  async function distinctModels(): Promise<{ model: string; count: number }[]> {
    const rows = await db
      .selectFrom('discrepancy')
      .select(['model', (eb) => eb.fn.countAll<number | string>().as('count')])
      .groupBy('model')
      .execute()
    return rows.map((r) => ({ model: r.model, count: Number(r.count) }))
  }

  async function replaceForItems(
    extracted: { itemId: string; rows: DiscrepancyRow[] }[],
    now: Date
  ): Promise<void> {
    // one set of rows per item: the last one given stands
    const latest = [...new Map(extracted.map((e) => [e.itemId, e])).values()]
    if (latest.length === 0) return
    const createdAt = now.toISOString()
    await db.transaction().execute(async (trx) => {
      for (const part of chunks(latest, ITEM_CHUNK)) {
        const ids = part.map((e) => e.itemId)
        await trx.deleteFrom('discrepancy').where('item_id', 'in', ids).execute()
        const meta = new Map(
          (
            await trx
              .selectFrom('item')
              .select(['id', 'title', 'url', 'published_at', 'feed_id'])
              .where('id', 'in', ids)
              .execute()
          ).map((item) => [item.id, item])
        )
        const rows = part.flatMap(({ itemId, rows }) =>
          rows.map((row, index) => ({
            // Ids derive from the item, so a re-extraction replaces rows instead of piling them up.
            id: `${itemId}#${String(index + 1).padStart(3, '0')}`,
            item_id: itemId,
            model: row.model,
            benchmark: row.benchmark,
            claimed: row.claimed,
            measured: row.measured,
            unit: row.unit,
            delta: row.delta,
            conditions: row.conditions ?? null,
            snippet: row.snippet ? row.snippet.slice(0, 1000) : null,
            confidence: row.confidence,
            created_at: createdAt,
            item_title: meta.get(itemId)?.title ?? null,
            item_url: meta.get(itemId)?.url ?? null,
            item_published_at: meta.get(itemId)?.published_at ?? null,
            item_feed_id: meta.get(itemId)?.feed_id ?? null,
          }))
        )
        for (const values of chunks(rows, ROW_CHUNK)) {
          await trx.insertInto('discrepancy').values(values).execute()
        }
      }
    })
  }

  return {
    replaceForItem(itemId, rows, now) {
      return replaceForItems([{ itemId, rows }], now)
    },

    replaceForItems,
    async forItem(itemId) {
      const rows = await joined().where('d.item_id', '=', itemId).orderBy('d.id').execute()
      return rows.map(toStored)
    },

    async forModel(modelIdOrName, benchmark) {
      const wanted = modelIdOf(modelIdOrName.trim())
      const names = (await distinctModels())
        .map((m) => m.model)
        .filter((name) => modelIdOf(name) === wanted)
      if (names.length === 0) return []
      let query = joined().where('d.model', 'in', names)
      if (benchmark) {
        const known = resolveBenchmark(benchmark)
        const spellings = [
          ...new Set([benchmark.trim().toLowerCase(), known?.name.toLowerCase()].filter(Boolean)),
        ]
        query = query.where((eb) =>
          eb(eb.fn('lower', ['d.benchmark']), 'in', spellings as string[])
        )
      }
      const rows = await query
        .orderBy('d.item_published_at', 'desc')
        .orderBy('d.item_id')
        .orderBy('d.id')
        .execute()
      return rows.map(toStored)
    },

    async models() {
      const merged = new Map<string, ModelCount>()
      for (const { model, count } of await distinctModels()) {
        if (!model) continue
        const resolved = modelNamed(model)
        const id = resolved?.id ?? modelIdOf(model)
        const entry = merged.get(id) ?? { id, name: resolved?.name ?? model, count: 0 }
        entry.count += count
        merged.set(id, entry)
      }
      return [...merged.values()].sort((a, b) => b.count - a.count || a.name.localeCompare(b.name))
    },
  }
}
