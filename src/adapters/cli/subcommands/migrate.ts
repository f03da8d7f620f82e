import { redactDatabaseUrl } from '../../../config.js'
import { explainStoreError, migrate, openDb } from '../../../store/open-store.js'
import { cliConfig } from '../app-context.js'
import { defineSubcommand, writeLine } from '../subcommand.js'

export default defineSubcommand({
  name: 'migrate',
  summary: 'apply database migrations and exit',
  usage: 'Usage: benchwatch migrate\n\nApplies pending migrations to the database DATABASE_URL names.',
  async run(_args, io) {
    const config = cliConfig(io)
    if (!config) return 1
    const db = openDb(config.DATABASE_URL)
    try {
      const applied = await migrate(db)
      writeLine(
        io.stdout,
        applied.length
          ? `applied ${applied.length} migration(s) to ${redactDatabaseUrl(config.DATABASE_URL)}: ${applied.join(', ')}`
          : `${redactDatabaseUrl(config.DATABASE_URL)} is up to date`
      )
      return 0
    } catch (error) {
      writeLine(io.stderr, `benchwatch migrate: ${explainStoreError(config.DATABASE_URL, error)}`)
      return 1
    } finally {
      await db.kysely.destroy()
    }
  },
})
