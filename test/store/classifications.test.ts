import Database from 'better-sqlite3'
import { Kysely, SqliteDialect } from 'kysely'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { classify } from '../../src/core/classify/index.js'
import { createClassificationStore } from '../../src/store/classifications.js'
import type { Db } from '../../src/store/dialect.js'
import { migrate } from '../../src/store/open-store.js'
import { openPostgres } from '../../src/store/postgres.js'
import type { Database as Schema } from '../../src/store/schema.js'
import { createTestSchema, requirePostgres } from '../helpers/postgres.js'

const NOW = new Date('2026-01-03T12:00:00Z')
const LATER = new Date('2026-01-04T12:00:00Z')

const scandal = classify({
  title: 'Скандал с бенчмарками Llama 4: результаты завышены на 15–20%',
  summary: 'Команда Llama-4 подгоняла тесты MMLU и GSM8K; Llama 4 Maverick тоже.',
})
const launch = classify({ title: 'Meta releases Llama 4 Scout with strong MMLU results' })

async function migrated(db: Db): Promise<Db> {
  await migrate(db)
  return db
}

function contract(open: () => Promise<{ db: Db; cleanup: () => Promise<void> }>) {
  let db: Db
  let cleanup: () => Promise<void>
  beforeEach(async () => {
    ;({ db, cleanup } = await open())
  })
  afterEach(async () => {
    await db.kysely.destroy()
    await cleanup()
  })

  it('GIVEN a saved verdict THEN get returns it with its entities, each once', async () => {
    const store = createClassificationStore(db)
    await store.save('leak', scandal, NOW)
    const stored = await store.get('leak')
    expect(stored).toMatchObject({
      itemId: 'leak',
      label: 'controversy',
      score: scandal.score,
      tags: scandal.tags,
      reasons: scandal.reasons,
      lang: 'ru',
      modelVersion: scandal.modelVersion,
      classifiedAt: NOW.toISOString(),
    })
    expect(stored!.entities).toEqual([
      { kind: 'benchmark', id: 'gsm8k', surface: 'GSM8K' },
      { kind: 'benchmark', id: 'mmlu', surface: 'MMLU' },
      { kind: 'model', id: 'llama-4', surface: 'Llama 4' },
      { kind: 'model', id: 'llama-4-maverick', surface: 'Llama 4 Maverick' },
    ])
  })

  it('GIVEN a second save for the same item THEN it replaces verdict and entities', async () => {
    const store = createClassificationStore(db)
    await store.save('leak', scandal, NOW)
    await store.save('leak', { ...launch, modelVersion: 'lr-next' }, LATER)
    const stored = await store.get('leak')
    expect(stored).toMatchObject({
      label: 'not',
      tags: [],
      modelVersion: 'lr-next',
      classifiedAt: LATER.toISOString(),
    })
    expect(stored!.entities.map((e) => e.id)).toEqual(['mmlu', 'llama-4-scout', 'meta'])
  })

  it('GIVEN a document of verdicts saved at once THEN each item has its own, re-saving replaces them, and the last of two for one item stands', async () => {
    const store = createClassificationStore(db)
    await store.saveMany(
      [
        { itemId: 'leak', classification: scandal },
        { itemId: 'launch', classification: launch },
      ],
      NOW
    )
    expect((await store.get('leak'))!.label).toBe('controversy')
    expect((await store.get('launch'))!.entities.map((e) => e.id)).toEqual([
      'mmlu',
      'llama-4-scout',
      'meta',
    ])
    await store.saveMany(
      [
        { itemId: 'leak', classification: launch },
        { itemId: 'launch', classification: launch },
        { itemId: 'launch', classification: scandal },
      ],
      LATER
    )
    expect(await store.get('leak')).toMatchObject({
      label: 'not',
      classifiedAt: LATER.toISOString(),
    })
    expect((await store.get('leak'))!.entities.map((e) => e.id)).toEqual([
      'mmlu',
      'llama-4-scout',
      'meta',
    ])
    expect((await store.get('launch'))!.label).toBe('controversy')
    expect((await store.get('launch'))!.entities).toHaveLength(4)
    await store.saveMany([], LATER)
  })

  it('GIVEN an unknown item THEN undefined', async () => {
    expect(await createClassificationStore(db).get('nope')).toBeUndefined()
  })
}

describe('sqlite: classification store', () => {
  contract(async () => {
    const kysely = new Kysely<Schema>({
      dialect: new SqliteDialect({ database: new Database(':memory:') }),
    })
    return { db: await migrated({ kysely, dialect: 'sqlite' }), cleanup: async () => {} }
  })
})

const postgres = await requirePostgres()

describe.runIf(postgres)('postgres: classification store', () => {
  contract(async () => {
    const schema = await createTestSchema('bwcls')
    const db = openPostgres(schema.url, { max: 2 })
    return { db: await migrated(db), cleanup: schema.drop }
  })
})
