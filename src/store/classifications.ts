import type { Classification } from '../core/classify/index.js'
import type { EntityKind } from '../core/entities.js'
import type { Db } from './dialect.js'
import { chunks } from './chunks.js'

/** A stored classification of one item, with the entities found in it. */
export interface StoredClassification {
  itemId: string
  label: 'controversy' | 'not'
  score: number
  tags: string[]
  reasons: string[]
  lang: string | null
  modelVersion: string
  classifiedAt: string
  /** One per distinct entity (the first mention's surface), sorted by kind and id. */
  entities: { kind: EntityKind; id: string; surface: string }[]
}

/** The classifier's verdicts, one per item, kept with the model version that produced them. */
export interface ClassificationStore {
  /** Stores (or replaces) the verdict on an item and the entities found in it. */
  save(itemId: string, classification: Classification, now: Date): Promise<void>
  /** {@link save} for many items in one transaction (a feed document's worth). */
  saveMany(verdicts: { itemId: string; classification: Classification }[], now: Date): Promise<void>
  get(itemId: string): Promise<StoredClassification | undefined>
}

// Rows per statement: eight columns each stays under SQLite's and PostgreSQL's parameter limits.
const CHUNK = 500

// The entity table's key is (item, kind, id): the first mention's surface stands for all.
function distinctEntities(classification: Classification): Classification['entities'] {
  const seen = new Set<string>()
  return classification.entities.filter((e) => {
    const key = `${e.kind}\u0000${e.id}`
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
}

/** The Kysely implementation of ClassificationStore (SQLite and PostgreSQL). */
export function createClassificationStore({ kysely: db }: Db): ClassificationStore {
  async function saveMany(
    verdicts: { itemId: string; classification: Classification }[],
    now: Date
  ): Promise<void> {
    // one verdict per item: the last one given stands
    const latest = [...new Map(verdicts.map((v) => [v.itemId, v])).values()]
    if (latest.length === 0) return
    const classifiedAt = now.toISOString()
    await db.transaction().execute(async (trx) => {
      for (const part of chunks(latest, CHUNK)) {
        const rows = part.map(({ itemId, classification }) => ({
          item_id: itemId,
          label: classification.label,
          score: classification.score,
          tags: JSON.stringify(classification.tags),
          reasons: JSON.stringify(classification.reasons),
          lang: classification.lang,
          model_version: classification.modelVersion,
          classified_at: classifiedAt,
        }))
        await trx
          .insertInto('classification')
          .values(rows)
          .onConflict((oc) =>
            oc.column('item_id').doUpdateSet((eb) => ({
              label: eb.ref('excluded.label'),
              score: eb.ref('excluded.score'),
              tags: eb.ref('excluded.tags'),
              reasons: eb.ref('excluded.reasons'),
              lang: eb.ref('excluded.lang'),
              model_version: eb.ref('excluded.model_version'),
              classified_at: eb.ref('excluded.classified_at'),
            }))
          )
          .execute()
        await trx
          .deleteFrom('entity')
          .where(
            'item_id',
            'in',
            part.map((v) => v.itemId)
          )
          .execute()
        const entityRows = part.flatMap(({ itemId, classification }) =>
          distinctEntities(classification).map((e) => ({
            item_id: itemId,
            kind: e.kind,
            entity_id: e.id,
            surface: e.surface,
          }))
        )
        for (const entities of chunks(entityRows, CHUNK)) {
          await trx.insertInto('entity').values(entities).execute()
        }
      }
    })
  }

  return {
    save(itemId, classification, now) {
      return saveMany([{ itemId, classification }], now)
    },

    saveMany,
    async get(itemId) {
      const row = await db
        .selectFrom('classification')
        .selectAll()
        .where('item_id', '=', itemId)
        .executeTakeFirst()
      if (!row) return undefined
      const entityRows = await db
        .selectFrom('entity')
        .select(['kind', 'entity_id', 'surface'])
        .where('item_id', '=', itemId)
        .orderBy('kind')
        .orderBy('entity_id')
        .execute()
      return {
        itemId: row.item_id,
        label: row.label === 'controversy' ? 'controversy' : 'not',
        score: Number(row.score),
        tags: JSON.parse(row.tags) as string[],
        reasons: JSON.parse(row.reasons) as string[],
        lang: row.lang,
        modelVersion: row.model_version,
        classifiedAt: row.classified_at,
        entities: entityRows.map((e) => ({
          kind: e.kind as EntityKind,
          id: e.entity_id,
          surface: e.surface,
        })),
      }
    },
  }
}
