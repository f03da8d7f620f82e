import type { Kysely } from 'kysely'
import type { Database } from './schema.js'

/** Which database engine a store talks to; the few places that differ branch on this flag. */
export type DialectName = 'sqlite' | 'postgres'

/** A Kysely handle with the engine it talks to. */
export interface Db {
  kysely: Kysely<Database>
  dialect: DialectName
  /** The DATABASE_URL it was opened from, for parts that need a connection of their own. */
  url?: string
}
