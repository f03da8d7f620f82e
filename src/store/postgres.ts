import { Kysely, PostgresDialect } from 'kysely'
import pg from 'pg'
import type { Db } from './dialect.js'
import type { Database } from './schema.js'

/**
 * Opens a PostgreSQL pool for the store. `?schema=NAME` in the URL sets the search_path, so test
 * runs and side-by-side installations can share one database without colliding.
 */
export function openPostgres(url: string, options: { max?: number } = {}): Db {
  const parsed = new URL(url)
  const schema = parsed.searchParams.get('schema')
  parsed.searchParams.delete('schema')
  const pool = new pg.Pool({
    connectionString: parsed.toString(),
    max: options.max ?? 10,
    connectionTimeoutMillis: 5000,
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  })
  // An idle client that loses its connection must not crash the process; the next query retries.
  pool.on('error', () => {})
  return { kysely: new Kysely<Database>({ dialect: new PostgresDialect({ pool }) }), dialect: 'postgres', url }
}
