import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { openStore } from '../../src/store/open-store.js'
import { runCli } from '../helpers/cli.js'
import { createTestSchema, requirePostgres } from '../helpers/postgres.js'

const available = await requirePostgres()
const dir = mkdtempSync(join(tmpdir(), 'bw-migrate-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

async function populatedSqlite(path: string): Promise<void> {
  const store = await openStore(`sqlite:${path}`)
  const now = new Date('2026-01-02T10:00:00Z')
  const { feed } = await store.feeds.add({ url: 'https://example.org/feed.xml', title: 'Example' }, now)
  for (let i = 0; i < 1200; i++) {
    await store.db.kysely
      .insertInto('item')
      .values({
        id: `item${i}`,
        url: `https://example.org/${i}`,
        title: `Item ${i} — новость`,
        summary: 'Claimed 86.5% on MMLU',
        content_html: null,
        content_text: null,
        author: null,
        categories: '["AI"]',
        published_at: now.toISOString(),
        fetched_at: now.toISOString(),
        updated_at: now.toISOString(),
        lang: 'en',
        backlog: 0,
        story_id: `story${i}`,
        feed_id: feed.id,
        search_text: `item ${i} claim 86 5 mmlu`,
      })
      .execute()
  }
  await store.db.kysely
    .insertInto('discrepancy')
    .values({ id: 'd1', item_id: 'item1', model: 'Llama 4', benchmark: 'MMLU', claimed: 86.5, measured: 71.2, unit: '%', delta: -15.3, conditions: null, snippet: 'MMLU 86.5 71.2', confidence: 0.9, created_at: now.toISOString() })
    .execute()
  await store.chats.upsert('telegram:5', { lang: 'ru', timezone: 'Europe/Moscow' }, now)
  await store.subscriptions.add({ chatRef: 'telegram:5', topic: 'controversies', mode: 'digest' }, now)
  await store.close()
}

describe.runIf(available)('benchwatch migrate-data', () => {
  it('GIVEN a populated SQLite file THEN PostgreSQL gets every row, and a re-run copies nothing twice', async () => {
    const file = join(dir, 'bw.db')
    await populatedSqlite(file)
    const schema = await createTestSchema('migrate')
    try {
      const first = await runCli(['migrate-data', '--from', `sqlite:${file}`, '--to', schema.url], { timeoutMs: 60_000 })
      expect(first.stderr).toContain('item: 1200 in source, 1200 copied, 1200 in target')
      expect(first.code).toBe(0)
      const second = await runCli(['migrate-data', '--from', `sqlite:${file}`, '--to', schema.url], { timeoutMs: 60_000 })
      expect(second.code).toBe(0)
      expect(second.stderr).toContain('item: 1200 in source, 0 copied, 1200 in target')
      const pg = await openStore(schema.url)
      expect(await pg.items.count()).toBe(1200)
      const row = await pg.db.kysely.selectFrom('discrepancy').selectAll().executeTakeFirstOrThrow()
      expect(row).toMatchObject({ model: 'Llama 4', claimed: 86.5, measured: 71.2, delta: -15.3 })
      expect((await pg.subscriptions.listForChat('telegram:5'))[0]).toMatchObject({ topic: 'controversies', mode: 'digest' })
      expect((await pg.chats.get('telegram:5'))?.timezone).toBe('Europe/Moscow')
      // Full-text search works on the copied rows (PostgreSQL indexes item.search_text).
      const hits = await pg.db.kysely
        .selectFrom('item')
        .select('id')
        .where((eb) => eb(eb.fn('to_tsvector', [eb.val('simple'), eb.ref('search_text')]), '@@', eb.fn('plainto_tsquery', [eb.val('simple'), eb.val('mmlu')])))
        .execute()
      expect(hits.length).toBe(1200)
      await pg.close()
    } finally {
      await schema.drop()
    }
  }, 90_000)
})

describe('benchwatch migrate-data and backup: bad input', () => {
  it('GIVEN no --to THEN usage and exit 2', async () => {
    const r = await runCli(['migrate-data', '--from', 'sqlite:x.db'])
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('--to expects')
  })

  it('GIVEN an unreachable target THEN exit 1 with one clear line', async () => {
    const r = await runCli(['migrate-data', '--from', `sqlite:${join(dir, 'empty.db')}`, '--to', 'postgres://postgres@127.0.0.1:1/x'])
    expect(r.code).toBe(1)
    expect(r.stderr).toContain('cannot reach PostgreSQL')
  })

  it('GIVEN a SQLite database THEN backup writes a copy that opens with the same rows', async () => {
    const file = join(dir, 'live.db')
    const store = await openStore(`sqlite:${file}`)
    await store.feeds.add({ url: 'https://example.org/b.xml' }, new Date())
    const copy = join(dir, 'copy.db')
    // The service keeps its connection open: the backup is online.
    const r = await runCli(['backup', copy], { env: { DATABASE_URL: `sqlite:${file}` } })
    await store.close()
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/backed up \d+ pages/)
    const restored = await openStore(`sqlite:${copy}`)
    expect((await restored.feeds.list()).map((f) => f.url)).toEqual(['https://example.org/b.xml'])
    await restored.close()
  })

  it('GIVEN no database file THEN backup says so and exits 1', async () => {
    const r = await runCli(['backup', join(dir, 'out.db')], { env: { DATABASE_URL: `sqlite:${join(dir, 'missing.db')}` } })
    expect(r.code).toBe(1)
    expect(r.stderr).toContain('no database file')
  })
})
