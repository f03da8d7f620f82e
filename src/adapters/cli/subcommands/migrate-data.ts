import { parseArgs } from 'node:util'
import { redactDatabaseUrl } from '../../../config.js'
import { migrateData } from '../../../ops/migrate-data.js'
import { explainStoreError, migrate, openDb } from '../../../store/open-store.js'
import { defineSubcommand, writeLine } from '../subcommand.js'

const USAGE = [
  'Usage: benchwatch migrate-data --from sqlite:PATH --to postgres://USER@HOST/DB',
  '',
  'Copies a single-machine installation (SQLite) into PostgreSQL: every table, in batches.',
  'Rows already present are kept, so it is safe to run again; row counts are checked at the end.',
  'Stop the service first, then point DATABASE_URL at PostgreSQL.',
].join('\n')

export default defineSubcommand({
  name: 'migrate-data',
  summary: 'copy a SQLite installation into PostgreSQL',
  usage: USAGE,
  async run(args, io) {
    let values: { from?: string; to?: string }
    try {
      values = parseArgs({ args, options: { from: { type: 'string' }, to: { type: 'string' } } }).values
    } catch (error) {
      writeLine(io.stderr, `benchwatch migrate-data: ${(error as Error).message}\n${USAGE}`)
      return 2
    }
    if (!values.from?.startsWith('sqlite:') || !/^postgres(ql)?:\/\/.+/.test(values.to ?? '')) {
      writeLine(io.stderr, `benchwatch migrate-data: --from expects sqlite:PATH and --to expects postgres://…\n${USAGE}`)
      return 2
    }
    const from = openDb(values.from)
    const to = openDb(values.to!)
    try {
      try {
        await migrate(from)
      } catch (error) {
        writeLine(io.stderr, `benchwatch migrate-data: ${explainStoreError(values.from, error)}`)
        return 1
      }
      try {
        await migrate(to)
      } catch (error) {
        writeLine(io.stderr, `benchwatch migrate-data: ${explainStoreError(values.to!, error)}`)
        return 1
      }
      const report = await migrateData(from, to, {
        onProgress: (c) => writeLine(io.stderr, `${c.table}: ${c.source} in source, ${c.copied} copied, ${c.target} in target`),
      })
      const total = report.reduce((n, c) => n + c.copied, 0)
      writeLine(io.stdout, `copied ${total} rows from ${values.from} to ${redactDatabaseUrl(values.to!)}; counts check out`)
      return 0
    } catch (error) {
      writeLine(io.stderr, `benchwatch migrate-data: ${(error as Error).message}`)
      return 1
    } finally {
      await from.kysely.destroy()
      await to.kysely.destroy()
    }
  },
})
