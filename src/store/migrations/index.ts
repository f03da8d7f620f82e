import type { Kysely, Migration, MigrationProvider } from 'kysely'
import type { DialectName } from '../dialect.js'
import * as init from './0001-init.js'
import * as deliveryStory from './0002-delivery-story.js'
import * as stagesPending from './0003-stages-pending.js'
import * as searchVector from './0004-search-vector.js'
import * as discrepancyItemMeta from './0005-discrepancy-item-meta.js'

interface DialectMigration {
  up(db: Kysely<any>, dialect: DialectName): Promise<void>
  down?(db: Kysely<any>, dialect: DialectName): Promise<void>
}

// Listed in code rather than read from a folder, so the set is fixed at build time and each
// migration learns which engine it runs on. Add new ones at the end; never rename.
const MIGRATIONS: Record<string, DialectMigration> = {
  '0001-init': init,
  '0002-delivery-story': deliveryStory,
  '0003-stages-pending': stagesPending,
  '0004-search-vector': searchVector,
  '0005-discrepancy-item-meta': discrepancyItemMeta,
}

/**
 * A Kysely migration provider over the project's migrations for one dialect.
 *
 * @example
 * new Migrator({ db, provider: migrationProvider('sqlite') })
 */
export function migrationProvider(dialect: DialectName): MigrationProvider {
  return {
    async getMigrations() {
      const out: Record<string, Migration> = {}
      for (const [name, m] of Object.entries(MIGRATIONS)) {
        out[name] = {
          up: (db) => m.up(db, dialect),
          ...(m.down ? { down: (db: Kysely<any>) => m.down!(db, dialect) } : {}),
        }
      }
      return out
    },
  }
}
