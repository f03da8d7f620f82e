import { existsSync } from 'node:fs'
import BetterSqlite3 from 'better-sqlite3'
import { sqlitePath } from '../../../store/sqlite.js'
import { cliConfig } from '../app-context.js'
import { defineSubcommand, writeLine } from '../subcommand.js'

const USAGE = [
  'Usage: benchwatch backup PATH',
  '',
  'Makes an online backup of the SQLite database DATABASE_URL names into PATH, while the',
  'service keeps running (SQLite backup API). For PostgreSQL use pg_dump.',
].join('\n')

export default defineSubcommand({
  name: 'backup',
  summary: 'make an online backup of the SQLite database',
  usage: USAGE,
  async run(args, io) {
    if (args.length !== 1) {
      writeLine(io.stderr, USAGE)
      return 2
    }
    const config = cliConfig(io)
    if (!config) return 1
    if (!config.DATABASE_URL.startsWith('sqlite:')) {
      writeLine(io.stderr, 'benchwatch backup: DATABASE_URL is PostgreSQL; use pg_dump for it')
      return 1
    }
    const source = sqlitePath(config.DATABASE_URL)
    if (source === ':memory:' || !existsSync(source)) {
      writeLine(io.stderr, `benchwatch backup: no database file at ${source}`)
      return 1
    }
    const db = new BetterSqlite3(source, { readonly: true, fileMustExist: true })
    try {
      const started = Date.now()
      const result = await db.backup(args[0]!)
      writeLine(io.stdout, `backed up ${result.totalPages} pages from ${source} to ${args[0]} in ${Date.now() - started} ms`)
      return 0
    } catch (error) {
      writeLine(io.stderr, `benchwatch backup: cannot write ${args[0]}: ${(error as Error).message}`)
      return 1
    } finally {
      db.close()
    }
  },
})
