import type { Kysely } from 'kysely'

// Enqueueing checks whether a chat already has a story (another outlet reported it): without this
// index that check reads every delivery ever made.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex('delivery_story_chat')
    .on('delivery')
    .columns(['story_id', 'chat_ref'])
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('delivery_story_chat').ifExists().execute()
}
