import Database from 'better-sqlite3'
import { Kysely, Migrator, SqliteDialect } from 'kysely'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { consolidate } from '../../src/core/consolidate.js'
import type { DiscrepancyRow } from '../../src/core/extract/index.js'
import type { Db } from '../../src/store/dialect.js'
import {
  createDiscrepancyStore,
  toItemRows,
  type DiscrepancyStore,
} from '../../src/store/discrepancies.js'
import { migrationProvider } from '../../src/store/migrations/index.js'
import { openStore } from '../../src/store/open-store.js'
import type { Database as Schema } from '../../src/store/schema.js'
import { createTestSchema, requirePostgres } from '../helpers/postgres.js'

const NOW = new Date('2026-01-03T12:00:00Z')

function row(
  model: string,
  benchmark: string,
  claimed: number,
  measured: number,
  extra: Partial<DiscrepancyRow> = {}
): DiscrepancyRow {
  return {
    model,
    benchmark,
    claimed,
    measured,
    unit: '%',
    delta: Math.round((measured - claimed) * 10) / 10,
    snippet: `${benchmark} ${claimed} ${measured}`,
    confidence: 0.9,
    ...extra,
  }
}

async function seed(db: Db): Promise<void> {
  await db.kysely
    .insertInto('feed')
    .values({
      id: 'f1',
      url: 'https://example.org/feed.xml',
      title: 'AI Manual',
      next_fetch_at: NOW.toISOString(),
      created_at: NOW.toISOString(),
      interval_minutes: 5,
      consecutive_failures: 0,
      item_count: 0,
      site_url: null,
      chat_ref: null,
      added_by: null,
      lang: 'ru',
      etag: null,
      last_modified: null,
      last_fetch_at: null,
      last_ok_at: null,
      last_error: null,
      last_error_code: null,
      failing_since: null,
      disabled_reason: null,
      disabled_at: null,
    })
    .execute()
  for (const [id, title, published] of [
    ['leak', 'Скандал с бенчмарками Llama 4', '2026-01-02T06:30:00Z'],
    ['retest', 'We re-ran Llama-4', '2026-01-05T10:00:00Z'],
  ] as const) {
    await db.kysely
      .insertInto('item')
      .values({
        id,
        url: `https://example.org/${id}`,
        title,
        summary: null,
        content_html: null,
        content_text: null,
        author: null,
        categories: '[]',
        published_at: published,
        fetched_at: published,
        updated_at: published,
        lang: null,
        backlog: 0,
        story_id: id,
        feed_id: 'f1',
        search_text: '',
      })
      .execute()
  }
}

interface Leg {
  name: string
  open(): Promise<{ db: Db; close(): Promise<void> }>
}

async function openSqlite(): Promise<{ db: Db; close(): Promise<void> }> {
  const kysely = new Kysely<Schema>({
    dialect: new SqliteDialect({ database: new Database(':memory:') }),
  })
  const { error } = await new Migrator({
    db: kysely,
    provider: migrationProvider('sqlite'),
  }).migrateToLatest()
  if (error) throw error
  return { db: { kysely, dialect: 'sqlite' }, close: () => kysely.destroy() }
}

async function openPostgres(): Promise<{ db: Db; close(): Promise<void> }> {
  const schema = await createTestSchema('bw_disc')
  const store = await openStore(schema.url)
  return {
    db: store.db,
    async close() {
      await store.close()
      await schema.drop()
    },
  }
}

const legs: Leg[] = [{ name: 'sqlite', open: openSqlite }]
if (await requirePostgres()) legs.push({ name: 'postgres', open: openPostgres })

describe.each(legs)('$name: discrepancy store', ({ open }) => {
  let db: Db
  let store: DiscrepancyStore
  let close: () => Promise<void>

  // One database per leg (migrations are the slow part); each test starts from empty tables.
  beforeAll(async () => {
    ;({ db, close } = await open())
    store = createDiscrepancyStore(db)
  })

  beforeEach(async () => {
    for (const table of ['discrepancy', 'item', 'feed'] as const) {
      await db.kysely.deleteFrom(table).execute()
    }
    await seed(db)
  })

  afterAll(async () => {
    await close()
  })

  it('GIVEN rows replaced twice for an item THEN the second set replaces the first, in order', async () => {
    const rows = Array.from({ length: 11 }, (_, i) =>
      row('Llama 4', `Bench ${i + 1}`, 80 + i, 70 + i)
    )
    await store.replaceForItem('leak', rows, NOW)
    await store.replaceForItem('leak', rows, NOW)
    const stored = await store.forItem('leak')
    expect(stored.map((r) => r.benchmark)).toEqual(rows.map((r) => r.benchmark))
    await store.replaceForItem('leak', [row('Llama 4', 'MMLU', 86.5, 71.2)], NOW)
    expect((await store.forItem('leak')).map((r) => r.benchmark)).toEqual(['MMLU'])
    await store.replaceForItem('leak', [], NOW)
    expect(await store.forItem('leak')).toEqual([])
  })

  it('GIVEN rows for several items replaced at once THEN each item has its own rows and empty sets clear', async () => {
    await store.replaceForItems(
      [
        {
          itemId: 'leak',
          rows: [row('Llama 4', 'MMLU', 86.5, 71.2), row('Llama 4', 'GSM8K', 92.1, 78.8)],
        },
        { itemId: 'retest', rows: [row('Llama-4', 'MMLU', 86.5, 72.0)] },
      ],
      NOW
    )
    expect((await store.forItem('leak')).map((r) => r.benchmark)).toEqual(['MMLU', 'GSM8K'])
    expect((await store.forItem('retest')).map((r) => r.measured)).toEqual([72.0])
    await store.replaceForItems(
      [
        { itemId: 'leak', rows: [] },
        { itemId: 'retest', rows: [row('Llama-4', 'MMLU', 86.5, 70.0)] },
      ],
      NOW
    )
    expect(await store.forItem('leak')).toEqual([])
    expect((await store.forItem('retest')).map((r) => r.measured)).toEqual([70.0])
    await store.replaceForItems([{ itemId: 'retest', rows: [] }], NOW)
  })

  it('GIVEN rows for a model in two spellings THEN forModel finds both with item meta, newest first, variants apart', async () => {
    await store.replaceForItem(
      'leak',
      [
        row('Llama 4', 'MMLU', 86.5, 71.2, { conditions: '5-shot' }),
        row('Llama 4', 'GSM8K', 92.1, 78.8),
      ],
      NOW
    )
    await store.replaceForItem(
      'retest',
      [row('Llama-4', 'MMLU', 86.5, 72.0), row('Llama 4 Maverick', 'MMLU', 85.5, 70.1)],
      NOW
    )
    const rows = await store.forModel('llama-4')
    expect(rows.map((r) => [r.itemId, r.model, r.benchmark, r.claimed, r.measured])).toEqual([
      ['retest', 'Llama-4', 'MMLU', 86.5, 72],
      ['leak', 'Llama 4', 'MMLU', 86.5, 71.2],
      ['leak', 'Llama 4', 'GSM8K', 92.1, 78.8],
    ])
    expect(rows[1]).toMatchObject({
      modelId: 'llama-4',
      conditions: '5-shot',
      delta: -15.3,
      confidence: 0.9,
      createdAt: NOW.toISOString(),
      item: {
        title: 'Скандал с бенчмарками Llama 4',
        url: 'https://example.org/leak',
        publishedAt: '2026-01-02T06:30:00Z',
        outlet: 'AI Manual',
      },
    })
    expect((await store.forModel('LLaMA 4', 'mmlu')).map((r) => r.itemId)).toEqual([
      'retest',
      'leak',
    ])
    expect((await store.forModel('Llama 4 Maverick')).map((r) => r.measured)).toEqual([70.1])
    expect(await store.forModel('GPT-4o')).toEqual([])
    expect(await store.forModel('   ')).toEqual([])

    const table = consolidate(toItemRows(rows), 'Llama 4')!
    expect(table.sources.map((s) => [s.number, s.outlet, s.title])).toEqual([
      [1, 'AI Manual', 'Скандал с бенчмарками Llama 4'],
      [2, 'AI Manual', 'We re-ran Llama-4'],
    ])
  })

  it('GIVEN rows of several models THEN models() merges spellings and counts rows', async () => {
    await store.replaceForItem(
      'leak',
      [row('Llama 4', 'MMLU', 86.5, 71.2), row('Llama 4', 'GSM8K', 92.1, 78.8)],
      NOW
    )
    await store.replaceForItem(
      'retest',
      [row('Llama-4', 'MMLU', 86.5, 72.0), row('Llama 4 Maverick', 'MMLU', 85.5, 70.1)],
      NOW
    )
    expect(await store.models()).toEqual([
      { id: 'llama-4', name: 'Llama 4', count: 3 },
      { id: 'llama-4-maverick', name: 'Llama 4 Maverick', count: 1 },
    ])
  })

  it('GIVEN an item edited and extracted again THEN its rows carry the new title', async () => {
    await store.replaceForItem('leak', [row('Llama 4', 'MMLU', 86.5, 71.2)], NOW)
    await db.kysely
      .updateTable('item')
      .set({ title: 'Llama 4: the numbers, corrected' })
      .where('id', '=', 'leak')
      .execute()
    expect((await store.forModel('llama-4'))[0]!.item.title).toBe('Скандал с бенчмарками Llama 4')
    await store.replaceForItem('leak', [row('Llama 4', 'MMLU', 86.5, 71.2)], NOW)
    expect((await store.forModel('llama-4'))[0]!.item).toMatchObject({
      title: 'Llama 4: the numbers, corrected',
      url: 'https://example.org/leak',
      publishedAt: '2026-01-02T06:30:00Z',
    })
  })

  it('GIVEN a row for an item that is not stored THEN it is kept with empty item meta', async () => {
    await store.replaceForItem('ghost', [row('Llama 4', 'MMLU', 86.5, 71.2)], NOW)
    const [stored] = await store.forItem('ghost')
    expect(stored!.item).toEqual({ title: '', url: null, publishedAt: '', outlet: null })
  })
})

describe('migration 0005 (item meta on discrepancy rows)', () => {
  it('GIVEN rows stored before it THEN they get their item title, link, date and outlet', async () => {
    const kysely = new Kysely<Schema>({
      dialect: new SqliteDialect({ database: new Database(':memory:') }),
    })
    try {
      const migrator = new Migrator({ db: kysely, provider: migrationProvider('sqlite') })
      expect((await migrator.migrateTo('0004-search-vector')).error).toBeUndefined()
      const db: Db = { kysely, dialect: 'sqlite' }
      await seed(db)
      await kysely
        .insertInto('discrepancy')
        .values({
          id: 'leak#001',
          item_id: 'leak',
          model: 'Llama 4',
          benchmark: 'MMLU',
          claimed: 86.5,
          measured: 71.2,
          unit: '%',
          delta: -15.3,
          conditions: null,
          snippet: null,
          confidence: 0.9,
          created_at: NOW.toISOString(),
        } as never)
        .execute()
      expect((await migrator.migrateToLatest()).error).toBeUndefined()
      const [stored] = await createDiscrepancyStore(db).forModel('Llama 4')
      expect(stored!.item).toEqual({
        title: 'Скандал с бенчмарками Llama 4',
        url: 'https://example.org/leak',
        publishedAt: '2026-01-02T06:30:00Z',
        outlet: 'AI Manual',
      })
    } finally {
      await kysely.destroy()
    }
  })
})
