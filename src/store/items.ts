import type { Db } from './dialect.js'
import type { ItemRow } from './schema.js'

/** A stored news item. */
export interface Item {
  id: string
  url: string | null
  title: string
  summary: string | null
  contentHtml: string | null
  contentText: string | null
  author: string | null
  categories: string[]
  publishedAt: string
  fetchedAt: string
  updatedAt: string
  lang: string | null
  backlog: boolean
  storyId: string
  feedId: string
}

/** Maps an item row to the domain type. */
export function rowToItem(row: ItemRow): Item {
  return {
    id: row.id,
    url: row.url,
    title: row.title,
    summary: row.summary,
    contentHtml: row.content_html,
    contentText: row.content_text,
    author: row.author,
    categories: JSON.parse(row.categories) as string[],
    publishedAt: row.published_at,
    fetchedAt: row.fetched_at,
    updatedAt: row.updated_at,
    lang: row.lang,
    backlog: row.backlog === 1,
    storyId: row.story_id,
    feedId: row.feed_id,
  }
}

/** Stored news items (writes come from the ingestion pipeline). */
export interface ItemStore {
  get(id: string): Promise<Item | undefined>
  getByUrl(url: string): Promise<Item | undefined>
  count(): Promise<number>
}

/** The Kysely implementation of ItemStore. */
export function createItemStore({ kysely: db }: Db): ItemStore {
  return {
    async get(id) {
      const row = await db.selectFrom('item').selectAll().where('id', '=', id).executeTakeFirst()
      return row && rowToItem(row)
    },
    async getByUrl(url) {
      const row = await db.selectFrom('item').selectAll().where('url', '=', url).executeTakeFirst()
      return row && rowToItem(row)
    },
    async count() {
      const row = await db
        .selectFrom('item')
        .select((eb) => eb.fn.countAll<string | number>().as('n'))
        .executeTakeFirstOrThrow()
      return Number(row.n)
    },
  }
}
