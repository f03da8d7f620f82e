import { mkdirSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import BetterSqlite3 from 'better-sqlite3'
import { Kysely, SqliteDialect, type SqliteDatabase } from 'kysely'
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
    kysely: new Kysely<Database>({
      dialect: new SqliteDialect({ database: withStatementCache(database) }),
    }),
    dialect: 'sqlite',
    url,
  }
}

// Kysely prepares every query afresh; compiling a join costs about as much as running it on a
// warm cache. Statements are kept by SQL text (bounded), which is safe because Kysely runs one
// query at a time on SQLite's single connection.
const STATEMENT_CACHE_SIZE = 500

function withStatementCache(database: BetterSqlite3.Database): SqliteDatabase {
  const statements = new Map<string, BetterSqlite3.Statement>()
  return {
    prepare(sql: string) {
      let statement = statements.get(sql)
      if (!statement) {
        statement = database.prepare(sql)
        if (statements.size >= STATEMENT_CACHE_SIZE) statements.clear()
        statements.set(sql, statement)
      }
      return statement
    },
    close() {
      statements.clear()
      database.close()
    },
  }
}
