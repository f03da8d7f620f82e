import pg from 'pg'
import { afterAll, describe, expect, it } from 'vitest'
import { createPeerCounter } from '../../src/ops/peers.js'
import { openDb } from '../../src/store/open-store.js'
import { postgresConnection, setProcessRole } from '../../src/store/postgres.js'
import { createTestSchema, requirePostgres } from '../helpers/postgres.js'

const available = await requirePostgres()

describe.runIf(available)('postgres: counting the instances of an installation', () => {
  const cleanups: (() => Promise<unknown>)[] = []
  afterAll(async () => {
    for (const c of cleanups.reverse()) await c()
  })

  it('GIVEN a second process connected to the same schema THEN the count is 2, and 1 again when it leaves', async () => {
    const schema = await createTestSchema('peers')
    cleanups.push(schema.drop)
    setProcessRole('service')
    const db = openDb(schema.url)
    cleanups.push(() => db.kysely.destroy())
    const peers = createPeerCounter(db)
    expect(await peers.refresh()).toBe(1)
    // Another instance: same installation (schema), another process tag.
    const other = new pg.Client({
      ...postgresConnection(schema.url),
      application_name: postgresConnection(schema.url).application_name.replace(
        /:[^:]+$/,
        ':0ther'
      ),
    })
    await other.connect()
    expect(await peers.refresh()).toBe(2)
    // A process of another installation does not count.
    const stranger = new pg.Client({
      ...postgresConnection(schema.url),
      application_name: 'benchwatch-service:elsewhere:1234',
    })
    // Nor does a one-shot CLI run (ingest, ask) on this installation.
    const oneShot = new pg.Client({
      ...postgresConnection(schema.url),
      application_name: postgresConnection(schema.url).application_name.replace(
        /^benchwatch-service/,
        'benchwatch-cli'
      ),
    })
    await oneShot.connect()
    cleanups.push(() => oneShot.end())
    await stranger.connect()
    expect(await peers.refresh()).toBe(2)
    await other.end()
    await stranger.end()
    expect(await peers.refresh()).toBe(1)
    expect(peers.current()).toBe(1)
  })
})

describe('sqlite: one process', () => {
  it('GIVEN SQLite THEN there is one instance', async () => {
    const db = openDb('sqlite::memory:')
    expect(await createPeerCounter(db).refresh()).toBe(1)
    await db.kysely.destroy()
  })
})
