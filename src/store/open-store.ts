import { Migrator } from 'kysely'
import { describeError } from '../core/errors.js'
import type { Db } from './dialect.js'
import { migrationProvider } from './migrations/index.js'
import { openPostgres } from './postgres.js'
import { openSqlite, sqlitePath } from './sqlite.js'
import { createKyselyStore, type Store } from './store.js'

/** The store could not be opened or migrated; the message says what to check. */
export class StoreOpenError extends Error {
  constructor(message: string, public override readonly cause?: unknown) {
    super(message)
    this.name = 'StoreOpenError'
  }
}

/** Opens the database a DATABASE_URL names, without migrating. */
export function openDb(databaseUrl: string): Db {
  if (databaseUrl.startsWith('sqlite:')) return openSqlite(databaseUrl)
  if (/^postgres(ql)?:\/\//.test(databaseUrl)) return openPostgres(databaseUrl)
  throw new StoreOpenError(`DATABASE_URL: expected sqlite:PATH or postgres://…`)
}

/** Applies every pending migration; returns the names applied. */
export async function migrate(db: Db): Promise<string[]> {
  // Kysely looks for its migration tables in every schema unless told which: another schema's
  // tables in the same database (a benchmark's, another installation's) would make it skip
  // creating its own. `?schema=NAME` installations name theirs.
  const schema = db.url ? new URL(db.url).searchParams.get('schema') : null
  const migrator = new Migrator({
    db: db.kysely,
    provider: migrationProvider(db.dialect),
    ...(schema ? { migrationTableSchema: schema } : {}),
  })
  const { error, results } = await migrator.migrateToLatest()
  if (error) throw error
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName)
}

/** One line saying what went wrong opening the database, and what to check. */
export function explainStoreError(databaseUrl: string, error: unknown): string {
  const text = describeError(error)
  const code = (error as { code?: string }).code
  if (databaseUrl.startsWith('sqlite:')) {
    const path = sqlitePath(databaseUrl)
    if (code === 'SQLITE_CANTOPEN' || code === 'EACCES' || code === 'EROFS' || code === 'ENOENT' || code === 'SQLITE_READONLY')
      return `cannot open SQLite database at ${path}: ${text} (check that the folder exists or can be created, and is writable)`
    return `SQLite database at ${path}: ${text}`
  }
  const where = (() => {
    try {
      const u = new URL(databaseUrl)
      return `${u.hostname}:${u.port || 5432}${u.pathname}`
    } catch {
      return 'the configured server'
    }
  })()
  if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'ETIMEDOUT' || /timeout/i.test(text))
    return `cannot reach PostgreSQL at ${where}: ${text} (is the server running and DATABASE_URL right?)`
  return `PostgreSQL at ${where}: ${text}`
}

/**
 * Opens the store a DATABASE_URL names and brings its schema up to date.
 *
 * @example
 * const store = await openStore('sqlite:./data/benchwatch.db')
 */
export async function openStore(databaseUrl: string): Promise<Store> {
  let db: Db | undefined
  try {
    db = openDb(databaseUrl)
    await migrate(db)
    return createKyselyStore(db)
  } catch (error) {
    await db?.kysely.destroy().catch(() => {})
    if (error instanceof StoreOpenError) throw error
    throw new StoreOpenError(explainStoreError(databaseUrl, error), error)
  }
}
