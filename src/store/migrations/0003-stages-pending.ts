import type { Kysely } from 'kysely'

// Marks items whose pipeline stages (classify, extract, match) have not finished: 1 for a new
// item, 2 for an edited one, 0 when done. A process killed between storing an item and matching
// it leaves the mark, and the next poll cycle runs the stages again, so no delivery is lost.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('item')
    .addColumn('stages_pending', 'integer', (c) => c.notNull().defaultTo(0))
    .execute()
  await db.schema.createIndex('item_stages_pending').on('item').columns(['stages_pending', 'fetched_at']).execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('item_stages_pending').execute()
  await db.schema.alterTable('item').dropColumn('stages_pending').execute()
}
