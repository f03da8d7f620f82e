import { sql, type Kysely } from 'kysely'

// A model's table lists hundreds of rows, each with the title, link, date and outlet of its item.
// Reading those from the item table meant a lookup per row into the largest table (1 ms of a
// /table answer on a million items); the rows now keep a copy, written with the rows and
// refreshed whenever the item's rows are (an edited item is extracted again).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('discrepancy').addColumn('item_title', 'text').execute()
  await db.schema.alterTable('discrepancy').addColumn('item_url', 'text').execute()
  await db.schema.alterTable('discrepancy').addColumn('item_published_at', 'text').execute()
  await db.schema.alterTable('discrepancy').addColumn('item_feed_id', 'text').execute()
  await sql`update discrepancy set
      item_title = (select title from item where item.id = discrepancy.item_id),
      item_url = (select url from item where item.id = discrepancy.item_id),
      item_published_at = (select published_at from item where item.id = discrepancy.item_id),
      item_feed_id = (select feed_id from item where item.id = discrepancy.item_id)`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const column of ['item_feed_id', 'item_published_at', 'item_url', 'item_title'])
    await db.schema.alterTable('discrepancy').dropColumn(column).execute()
}
