import { Kysely, PostgresDialect } from 'kysely'
import { randomBytes } from 'node:crypto'
import { createRequire } from 'node:module'
import { userInfo } from 'node:os'
import type pg from 'pg'
import type { Db } from './dialect.js'
import type { Database } from './schema.js'

// node-postgres is loaded on first use: an installation on SQLite never needs its ~7 MB.
const requireModule = createRequire(import.meta.url)
let pgModule: typeof pg | undefined

/** The node-postgres module, loaded on first call. */
export function loadPg(): typeof pg {
  return (pgModule ??= requireModule('pg') as typeof pg)
}

/**
 * The node-postgres connection settings a DATABASE_URL stands for. `?schema=NAME` becomes the
 * search_path, so test runs and side-by-side installations can share one database; a URL with
 * no user means the operating-system user, as with libpq (pg itself reads $USER, which services
 * and CI often do not set).
 */
export function postgresConnection(url: string): {
  connectionString: string
  options?: string
  application_name: string
} {
  const parsed = new URL(url)
  const schema = parsed.searchParams.get('schema')
  parsed.searchParams.delete('schema')
  if (!parsed.username && !process.env.PGUSER)
    parsed.username = process.env.USER || userInfo().username
  return {
    connectionString: parsed.toString(),
    application_name: applicationName(schema),
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  }
}

// One name per process and installation (schema), so service instances can count each other
// in pg_stat_activity without a table of their own; one-shot CLI runs are tagged apart.
const PROCESS_TAG = randomBytes(4).toString('hex')
let processRole: 'service' | 'cli' = 'cli'

/** Marks this process as a long-running service instance (`benchwatch run`). */
export function setProcessRole(role: 'service' | 'cli'): void {
  processRole = role
}

/** The application_name this process's connections carry: `benchwatch-<role>:<schema>:<process>`. */
export function applicationName(schema: string | null): string {
  return `benchwatch-${processRole}:${(schema ?? 'public').slice(0, 40)}:${PROCESS_TAG}`
}

/** Opens a PostgreSQL pool for the store. */
export function openPostgres(url: string, options: { max?: number } = {}): Db {
  const pool = new (loadPg().Pool)({
    ...postgresConnection(url),
    max: options.max ?? 10,
    connectionTimeoutMillis: 5000,
  })
  // An idle client that loses its connection must not crash the process; the next query retries.
  pool.on('error', () => {})
  return {
    kysely: new Kysely<Database>({ dialect: new PostgresDialect({ pool }) }),
    dialect: 'postgres',
    url,
  }
}
