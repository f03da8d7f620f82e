import { sql } from 'kysely'
import type { Db } from '../store/dialect.js'

/** How many service instances of this installation are connected to the database now. */
export interface PeerCounter {
  /** The last count (1 until the first refresh, and on SQLite). */
  current(): number
  refresh(): Promise<number>
}

/**
 * Counts the live service instances of this installation from `pg_stat_activity`: each
 * `benchwatch run` tags its connections `benchwatch-service:<schema>:<process>` (see
 * `postgres.ts`), and a process that dies drops its connections. On SQLite there is one process.
 */
export function createPeerCounter(db: Db): PeerCounter {
  let count = 1
  return {
    current: () => count,
    async refresh() {
      if (db.dialect !== 'postgres' || !db.url) return count
      const schema = new URL(db.url).searchParams.get('schema') ?? 'public'
      const prefix = `benchwatch-service:${schema.slice(0, 40)}:`
      const row = await sql<{ n: string | number }>`
        select count(distinct application_name) as n from pg_stat_activity
        where application_name like ${`${prefix}%`}`.execute(db.kysely)
      count = Math.max(1, Number(row.rows[0]?.n ?? 1))
      return count
    },
  }
}
