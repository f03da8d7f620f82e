import { describe, expect, it } from 'vitest'
import { openStore, StoreOpenError } from '../../src/store/open-store.js'
import { createTestSchema, requirePostgres } from '../helpers/postgres.js'
import { runStoreContract } from './contract.js'
import { runNewsContract } from './news.contract.js'
import { runItemsContract } from './items.contract.js'
import { runDeliveriesContract } from './deliveries.contract.js'
import { runDigestsContract } from './digests.contract.js'

const available = await requirePostgres()

describe.runIf(available)('postgres', () => {
  runNewsContract('postgres', async () => {
    const schema = await createTestSchema()
    return { store: await openStore(schema.url), cleanup: schema.drop }
  })
  runStoreContract('postgres', async () => {
    const schema = await createTestSchema()
    return { store: await openStore(schema.url), cleanup: schema.drop }
  })
  runDeliveriesContract('postgres', async () => {
    const schema = await createTestSchema()
    return { store: await openStore(schema.url), cleanup: schema.drop }
  })
  runDigestsContract('postgres', async () => {
    const schema = await createTestSchema()
    return { store: await openStore(schema.url), cleanup: schema.drop }
  })
  runItemsContract('postgres', async () => {
    const schema = await createTestSchema()
    return { store: await openStore(schema.url), cleanup: schema.drop }
  })
})

describe('postgres: unreachable server', () => {
  it('GIVEN nothing listening THEN a StoreOpenError says it cannot reach PostgreSQL', async () => {
    const error = await openStore('postgres://postgres@127.0.0.1:1/test').catch((e: unknown) => e)
    expect(error).toBeInstanceOf(StoreOpenError)
    expect((error as Error).message).toMatch(/cannot reach PostgreSQL at 127\.0\.0\.1:1\/test/)
  })
})

describe.runIf(available)('postgres: a URL without a user', () => {
  it('GIVEN DATABASE_URL=postgres://HOST/DB and no $USER THEN the operating-system user connects, as with psql', async () => {
    const schema = await createTestSchema()
    const saved = process.env.USER
    delete process.env.USER
    try {
      const url = new URL(schema.url)
      url.username = ''
      const store = await openStore(url.toString())
      await store.ping()
      await store.close()
    } finally {
      if (saved !== undefined) process.env.USER = saved
      await schema.drop()
    }
  })
})
