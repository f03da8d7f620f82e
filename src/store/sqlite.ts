import { mkdirSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import BetterSqlite3 from 'better-sqlite3'
import { Kysely, SqliteDialect } from 'kysely'
import type { Db } from './dialect.js'
import type { Database } from './schema.js'

/** Where `sqlite:PATH` points; `:memory:` stays in memory. */
export function sqlitePath(url: string): string {
  const path = url.replace(/^sqlite:(\/\/)?/, '')
  return path === ':memory:' ? path : resolve(path)
}

/**
 * Opens (creating the folder and file if needed) a SQLite database for the store: WAL so readers
 * never block the poller, foreign keys on, and a busy timeout so two processes on one file wait
 * instead of failing.
 */
export function openSqlite(url: string): Db {
  const path = sqlitePath(url)
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true })
  const database = new BetterSqlite3(path)
  database.pragma('journal_mode = WAL')
  database.pragma('foreign_keys = ON')
  database.pragma('busy_timeout = 5000')
  database.pragma('synchronous = NORMAL')
  return {
    kysely: new Kysely<Database>({ dialect: new SqliteDialect({ database }) }),
    dialect: 'sqlite',
    url,
  }
}
