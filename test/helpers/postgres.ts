import pg from 'pg'

/** Where the PostgreSQL leg of the tests runs; CI starts this server before `npm test`. */
export const TEST_POSTGRES_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'

/** True when a PostgreSQL server answers at TEST_POSTGRES_URL. */
export async function postgresAvailable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: TEST_POSTGRES_URL, connectionTimeoutMillis: 2000 })
  try {
    await client.connect()
    await client.query('select 1')
    return true
  } catch {
    return false
  } finally {
    await client.end().catch(() => {})
  }
}

/**
 * Whether the PostgreSQL leg must run: in CI it must (a missing server fails the run); locally
 * it skips with a visible notice.
 */
export async function requirePostgres(): Promise<boolean> {
  const ok = await postgresAvailable()
  if (!ok && process.env.CI) throw new Error(`PostgreSQL is required in CI but does not answer at ${TEST_POSTGRES_URL}`)
  if (!ok) console.warn(`[notice] PostgreSQL not reachable at ${TEST_POSTGRES_URL}: skipping the PostgreSQL leg`)
  return ok
}

/**
 * A fresh schema for one test run, so parallel runs never collide. Returns the DATABASE_URL
 * pointing at it and a function that drops it.
 */
export async function createTestSchema(prefix = 'bw'): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `${prefix}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`
  const client = new pg.Client({ connectionString: TEST_POSTGRES_URL })
  await client.connect()
  await client.query(`create schema "${name}"`)
  await client.end()
  const url = new URL(TEST_POSTGRES_URL)
  url.searchParams.set('schema', name)
  return {
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: TEST_POSTGRES_URL })
      await c.connect()
      await c.query(`drop schema if exists "${name}" cascade`)
      await c.end()
    },
  }
}
