import type { Classification } from '../core/classify/index.js'
import type { EntityKind } from '../core/entities.js'
import type { Db } from './dialect.js'

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
  get(itemId: string): Promise<StoredClassification | undefined>
}

/** The Kysely implementation of ClassificationStore (SQLite and PostgreSQL). */
export function createClassificationStore({ kysely: db }: Db): ClassificationStore {
  return {
    async save(itemId, classification, now) {
      const row = {
        item_id: itemId,
        label: classification.label,
        score: classification.score,
        tags: JSON.stringify(classification.tags),
        reasons: JSON.stringify(classification.reasons),
        lang: classification.lang,
        model_version: classification.modelVersion,
        classified_at: now.toISOString(),
      }
      // The entity table's key is (item, kind, id): the first mention's surface stands for all.
      const seen = new Set<string>()
      const entities = classification.entities.filter((e) => {
        const key = `${e.kind}\u0000${e.id}`
        if (seen.has(key)) return false
        seen.add(key)
        return true
      })
      await db.transaction().execute(async (trx) => {
        await trx
          .insertInto('classification')
          .values(row)
          .onConflict((oc) =>
            oc.column('item_id').doUpdateSet({
              label: row.label,
              score: row.score,
              tags: row.tags,
              reasons: row.reasons,
              lang: row.lang,
              model_version: row.model_version,
              classified_at: row.classified_at,
            })
          )
          .execute()
        await trx.deleteFrom('entity').where('item_id', '=', itemId).execute()
        if (entities.length > 0) {
          await trx
            .insertInto('entity')
            .values(
              entities.map((e) => ({
                item_id: itemId,
                kind: e.kind,
                entity_id: e.id,
                surface: e.surface,
              }))
            )
            .execute()
        }
      })
    },

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
