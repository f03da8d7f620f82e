import pino from 'pino'
import { afterAll, describe, expect, it } from 'vitest'
import { createLeadership } from '../../src/ops/leader.js'
import { openDb } from '../../src/store/open-store.js'
import { createTestSchema, requirePostgres } from '../helpers/postgres.js'

const available = await requirePostgres()
const log = pino({ level: 'silent' })

describe.runIf(available)('postgres: leadership by advisory lock', () => {
  const cleanups: (() => Promise<void>)[] = []
  afterAll(async () => {
    for (const c of cleanups.reverse()) await c()
  })

  it('GIVEN two instances THEN exactly one leads, and the other takes over when the leader goes', async () => {
    const schema = await createTestSchema('lead')
    cleanups.push(schema.drop)
    const dbA = openDb(schema.url)
    const dbB = openDb(schema.url)
    cleanups.push(() => dbA.kysely.destroy(), () => dbB.kysely.destroy())
    const a = createLeadership(dbA, { log, retryMs: 100 })
    const b = createLeadership(dbB, { log, retryMs: 100 })
    await a.start()
    await b.start()
    expect([a.isLeader(), b.isLeader()]).toEqual([true, false])
    const changes: boolean[] = []
    b.onChange((v) => changes.push(v))
    await a.stop()
    const started = Date.now()
    while (!b.isLeader() && Date.now() - started < 5000) await new Promise((r) => setTimeout(r, 50))
    expect(b.isLeader()).toBe(true)
    expect(changes).toEqual([true])
    await b.stop()
  })

  it('GIVEN instances in different schemas THEN each schema has its own leader', async () => {
    const s1 = await createTestSchema('lead')
    const s2 = await createTestSchema('lead')
    cleanups.push(s1.drop, s2.drop)
    const d1 = openDb(s1.url)
    const d2 = openDb(s2.url)
    cleanups.push(() => d1.kysely.destroy(), () => d2.kysely.destroy())
    const one = createLeadership(d1, { log, retryMs: 100 })
    const two = createLeadership(d2, { log, retryMs: 100 })
    await one.start()
    await two.start()
    expect([one.isLeader(), two.isLeader()]).toEqual([true, true])
    await one.stop()
    await two.stop()
  })
})

describe('sqlite: leadership', () => {
  it('GIVEN one machine THEN the process always leads', async () => {
    const db = openDb('sqlite::memory:')
    const l = createLeadership(db, { log })
    await l.start()
    expect(l.isLeader()).toBe(true)
    await l.stop()
    await db.kysely.destroy()
  })
})
