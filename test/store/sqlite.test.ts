import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sql } from 'kysely'
import { describe, expect, it } from 'vitest'
import { openStore, StoreOpenError } from '../../src/store/open-store.js'
import { runStoreContract } from './contract.js'
import { runNewsContract } from './news.contract.js'
import { runItemsContract } from './items.contract.js'
import { runDeliveriesContract } from './deliveries.contract.js'
import { runDigestsContract } from './digests.contract.js'

runStoreContract('sqlite', async () => ({ store: await openStore('sqlite::memory:') }))
runNewsContract('sqlite', async () => ({ store: await openStore('sqlite::memory:') }))
runItemsContract('sqlite', async () => ({ store: await openStore('sqlite::memory:') }))
runDeliveriesContract('sqlite', async () => ({ store: await openStore('sqlite::memory:') }))
runDigestsContract('sqlite', async () => ({ store: await openStore('sqlite::memory:') }))

describe('sqlite: opening', () => {
  it('GIVEN a path in a missing folder THEN the folder and file are created with WAL on', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bw-'))
    const store = await openStore(`sqlite:${join(dir, 'nested', 'bw.db')}`)
    const mode = await sql<{ journal_mode: string }>`pragma journal_mode`.execute(store.db.kysely)
    expect(mode.rows[0]?.journal_mode).toBe('wal')
    await store.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('GIVEN a data folder that cannot be created THEN a StoreOpenError names the path', async () => {
    // A regular file where the folder should be: fails the same way for root and for users.
    const dir = mkdtempSync(join(tmpdir(), 'bw-'))
    writeFileSync(join(dir, 'data'), 'not a folder')
    const url = `sqlite:${join(dir, 'data', 'bw.db')}`
    const error = await openStore(url).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(StoreOpenError)
    expect((error as Error).message).toContain(join(dir, 'data', 'bw.db'))
    rmSync(dir, { recursive: true, force: true })
  })

  it('GIVEN migrations already applied THEN opening again changes nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bw-'))
    const url = `sqlite:${join(dir, 'bw.db')}`
    const first = await openStore(url)
    await first.feeds.add({ url: 'https://example.org/x.xml' }, new Date())
    await first.close()
    const second = await openStore(url)
    expect((await second.feeds.list()).length).toBe(1)
    await second.close()
    rmSync(dir, { recursive: true, force: true })
  })
})
