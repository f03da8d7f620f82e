import type { Db } from '../store/dialect.js'
import type { Database } from '../store/schema.js'

/** Tables in the order they are copied (referenced before referencing). */
export const TABLES: readonly (keyof Database)[] = [
  'feed',
  'item',
  'item_source',
  'classification',
  'entity',
  'discrepancy',
  'chat',
  'subscription',
  'delivery',
  'digest',
]

/** What one table's copy did. */
export interface TableCopy {
  table: string
  source: number
  copied: number
  target: number
}

async function count(db: Db, table: keyof Database): Promise<number> {
  const row = await db.kysely
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

/**
 * Copies every row of every table from one store to another (SQLite → PostgreSQL in practice),
 * in batches, each batch in a transaction. Rows already in the target (same key) are left alone,
 * so a re-run after an interruption copies only what is missing. Throws when a target table
 * ends with fewer rows than its source.
 */
export async function migrateData(
  from: Db,
  to: Db,
  options: { batchSize?: number; onProgress?: (copy: TableCopy) => void } = {}
): Promise<TableCopy[]> {
  const batchSize = options.batchSize ?? 500
  const report: TableCopy[] = []
  for (const table of TABLES) {
    const source = await count(from, table)
    let copied = 0
    // Keyset pagination on the SQLite rowid keeps each batch O(batch) on large tables.
    let lastRowid = -1
    for (;;) {
      const rows = (await from.kysely
        .selectFrom(table)
        .selectAll()
        .select((eb) => eb.ref('rowid' as never).as('__rowid') as never)
        .where('rowid' as never, '>', lastRowid as never)
        .orderBy('rowid' as never)
        .limit(batchSize)
        .execute()) as Record<string, unknown>[]
      if (rows.length === 0) break
      lastRowid = Number(rows[rows.length - 1]!.__rowid)
      const values = rows.map(({ __rowid: _drop, ...rest }) => rest)
      const result = await to.kysely.transaction().execute((trx) =>
        trx
          .insertInto(table)
          .values(values as never)
          .onConflict((oc) => oc.doNothing())
          .executeTakeFirst()
      )
      copied += Number(result.numInsertedOrUpdatedRows ?? 0)
      if (rows.length < batchSize) break
    }
    const target = await count(to, table)
    const entry = { table, source, copied, target }
    options.onProgress?.(entry)
    report.push(entry)
    if (target < source) {
      throw new Error(`${table}: the target has ${target} rows but the source has ${source}; nothing was deleted, re-run to retry`)
    }
  }
  return report
}
