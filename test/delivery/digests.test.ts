import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createDigestScheduler, latestDigestTime } from '../../src/delivery/digests.js'
import { openStore } from '../../src/store/open-store.js'
import type { Store } from '../../src/store/store.js'
import { createTestSchema, requirePostgres } from '../helpers/postgres.js'
import { createFakePlatformSender, startFakePlatform, type FakePlatform } from './fake-platform.js'
import { seedFeed, seedItem } from './seed.js'

describe('latestDigestTime', () => {
  it.each([
    // New York springs forward on 2026-03-08: 09:00 is 14:00 UTC the day before, 13:00 UTC after.
    ['2026-03-07T14:00:00Z', 'America/New_York', '2026-03-07', '2026-03-07T14:00:00.000Z'],
    ['2026-03-08T12:59:00Z', 'America/New_York', '2026-03-07', '2026-03-07T14:00:00.000Z'],
    ['2026-03-08T13:00:00Z', 'America/New_York', '2026-03-08', '2026-03-08T13:00:00.000Z'],
    // …and falls back on 2026-11-01: 09:00 EST is 14:00 UTC again.
    ['2026-11-01T14:00:00Z', 'America/New_York', '2026-11-01', '2026-11-01T14:00:00.000Z'],
    ['2026-11-01T13:30:00Z', 'America/New_York', '2026-10-31', '2026-10-31T13:00:00.000Z'],
    // Moscow keeps UTC+3 while Europe changes clocks on 2026-03-29: 09:00 stays 06:00 UTC.
    ['2026-03-28T06:00:00Z', 'Europe/Moscow', '2026-03-28', '2026-03-28T06:00:00.000Z'],
    ['2026-03-29T06:00:00Z', 'Europe/Moscow', '2026-03-29', '2026-03-29T06:00:00.000Z'],
    ['2026-03-29T07:00:00Z', 'Europe/Berlin', '2026-03-29', '2026-03-29T07:00:00.000Z'],
  ])('GIVEN %s in %s THEN the latest 09:00 is %s at %s', (now, zone, date, due) => {
    const got = latestDigestTime(new Date(now), '09:00', zone)
    expect([got.localDate, got.dueAt.toISOString()]).toEqual([date, due])
  })

  it('GIVEN an unknown zone or a malformed time THEN the defaults (09:00 UTC) apply', () => {
    const got = latestDigestTime(new Date('2026-03-08T10:00:00Z'), '25:99', 'Mars/Olympus')
    expect([got.localDate, got.dueAt.toISOString()]).toEqual([
      '2026-03-08',
      '2026-03-08T09:00:00.000Z',
    ])
  })
})

describe('digest scheduler', () => {
  let platform: FakePlatform
  let store: Store
  let clock: number
  const now = () => new Date(clock)
  const warnings: string[] = []
  const log = {
    info() {},
    debug() {},
    error() {},
    warn: (_o: unknown, m: string) => void warnings.push(m),
  }

  beforeAll(async () => {
    platform = await startFakePlatform()
  })
  afterAll(async () => {
    await platform.close()
  })
  beforeEach(async () => {
    store = await openStore('sqlite::memory:')
    platform.messages.length = 0
    warnings.length = 0
    clock = Date.parse('2026-03-01T00:00:00.000Z')
  })
  afterEach(async () => {
    await store.close()
  })

  function scheduler(s: Store = store) {
    return createDigestScheduler({
      store: s,
      senders: { telegram: createFakePlatformSender(platform.url) },
      now,
      log,
      random: () => 0.5,
    })
  }

  async function digestChat(
    s: Store,
    chatRef: string,
    zone: string,
    extra: { quietDays?: boolean; topic?: string } = {}
  ) {
    await s.chats.upsert(
      chatRef,
      { timezone: zone, digestTime: '09:00', quietDays: extra.quietDays ?? false },
      now()
    )
    return (
      await s.subscriptions.add({ chatRef, topic: extra.topic ?? 'all', mode: 'digest' }, now())
    ).subscription
  }

  async function seedDay(s: Store, day: string) {
    const feed = await seedFeed(s, 'https://example.org/feed.xml', 'AI Manual', now())
    await seedItem(s, {
      id: `calm-${day}`,
      title: `Model release notes ${day}`,
      feedId: feed.id,
      publishedAt: `${day}T03:00:00.000Z`,
      label: 'not',
    })
    await seedItem(s, {
      id: `fight-${day}`,
      title: `Llama 4 scores do not replicate ${day}`,
      summary: 'Independent testers measured 71.2% on MMLU. The lab claimed 86.5%.',
      feedId: feed.id,
      publishedAt: `${day}T02:00:00.000Z`,
      label: 'controversy',
    })
  }

  it('GIVEN chats in New York and Moscow THEN each gets one digest at 09:00 local, across the DST change', async () => {
    await digestChat(store, 'telegram:-100', 'America/New_York')
    await digestChat(store, 'telegram:-200', 'Europe/Moscow')
    await seedDay(store, '2026-03-07')
    await seedDay(store, '2026-03-08')
    const s = scheduler()
    const sentAt: string[] = []
    // Every quarter hour (the cron runs every minute; a digest is found by the first tick after
    // its time either way) from 2026-03-07 00:00 to 2026-03-08 23:45 UTC.
    for (
      clock = Date.parse('2026-03-07T00:00:30Z');
      clock < Date.parse('2026-03-09T00:00:00Z');
      clock += 15 * 60_000
    ) {
      const before = platform.messages.length
      await s.tick()
      for (const m of platform.messages.slice(before))
        sentAt.push(`${m.chat} ${new Date(clock).toISOString().slice(0, 16)}`)
    }
    expect(sentAt).toEqual([
      'telegram:-200 2026-03-07T06:00',
      'telegram:-100 2026-03-07T14:00',
      'telegram:-200 2026-03-08T06:00',
      'telegram:-100 2026-03-08T13:00',
    ])
    const first = platform.messages[0]!.text
    expect(first).toContain('2026-03-07')
    // Controversies first.
    expect(first.indexOf('Llama 4 scores do not replicate')).toBeLessThan(
      first.indexOf('Model release notes')
    )
  }, 20_000)

  it('GIVEN the process was down at digest time THEN a digest less than 12 h late is sent at start, a later one skipped with a log line', async () => {
    clock = Date.parse('2026-03-01T00:00:00Z')
    await digestChat(store, 'telegram:-1', 'UTC') // due 09:00 UTC: 6 h late at 15:00
    await digestChat(store, 'telegram:-2', 'Asia/Tokyo') // due 00:00 UTC: 15 h late at 15:00
    await seedDay(store, '2026-03-02')
    clock = Date.parse('2026-03-02T15:00:00Z')
    const result = await scheduler().tick()
    expect(result).toMatchObject({ scheduled: 1, skipped: 1, sent: 1 })
    expect(platform.messages.map((m) => m.chat)).toEqual(['telegram:-1'])
    expect(warnings).toEqual(['digest skipped: more than 12 h late'])
    expect((await store.digests.listForChat('telegram:-2'))[0]).toMatchObject({
      status: 'skipped',
      localDate: '2026-03-02',
    })
    clock += 60_000
    await scheduler().tick()
    expect(platform.messages).toHaveLength(1)
  })

  it('GIVEN an empty day THEN nothing is posted, unless the chat asked for quiet-day notes', async () => {
    await digestChat(store, 'telegram:-1', 'UTC')
    await digestChat(store, 'telegram:-2', 'UTC', { quietDays: true })
    clock = Date.parse('2026-03-02T09:00:10Z')
    const result = await scheduler().tick()
    expect(result).toMatchObject({ sent: 1, empty: 1 })
    expect(platform.messages.map((m) => m.chat)).toEqual(['telegram:-2'])
    expect(platform.messages[0]!.text).toContain('nothing new')
  })
})

async function twoSchedulers(open: () => Promise<Store>, platform: FakePlatform) {
  const a = await open()
  const b = await open()
  let clock = Date.parse('2026-03-01T00:00:00Z')
  const now = () => new Date(clock)
  for (let i = 0; i < 5; i++) {
    await a.chats.upsert(`telegram:-${i + 1}`, { timezone: 'Europe/Moscow' }, now())
    await a.subscriptions.add(
      { chatRef: `telegram:-${i + 1}`, topic: 'all', mode: 'digest' },
      now()
    )
  }
  await a.chats.upsert('telegram:-9', { timezone: 'Europe/Moscow', quietDays: true }, now())
  await a.subscriptions.add(
    { chatRef: 'telegram:-9', topic: 'controversies', mode: 'digest' },
    now()
  )
  const feed = await seedFeed(a, 'https://example.org/f.xml', 'AI Manual', now())
  await seedItem(a, {
    id: 'x',
    title: 'Llama 4 scores do not replicate',
    feedId: feed.id,
    publishedAt: '2026-03-02T01:00:00Z',
    label: 'controversy',
  })
  const make = (s: Store, owner: string) =>
    createDigestScheduler({
      store: s,
      owner,
      senders: { telegram: createFakePlatformSender(platform.url) },
      now,
    })
  const one = make(a, 'A')
  const two = make(b, 'B')
  for (
    clock = Date.parse('2026-03-02T05:58:00Z');
    clock < Date.parse('2026-03-02T06:05:00Z');
    clock += 30_000
  ) {
    await Promise.all([one.tick(), two.tick()])
  }
  await a.close()
  await b.close()
}

const pg = await requirePostgres()

describe('digest scheduler: two running at once', () => {
  let platform: FakePlatform
  beforeAll(async () => {
    platform = await startFakePlatform({ delayMs: 5 })
  })
  afterAll(async () => {
    await platform.close()
  })
  beforeEach(() => {
    platform.messages.length = 0
  })

  it('GIVEN two schedulers on one SQLite file THEN every chat gets exactly one digest that day', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bw-digest-'))
    const url = `sqlite:${join(dir, 'bw.db')}`
    await twoSchedulers(() => openStore(url), platform)
    rmSync(dir, { recursive: true, force: true })
    expect(platform.messages.map((m) => m.chat).sort()).toEqual([
      'telegram:-1',
      'telegram:-2',
      'telegram:-3',
      'telegram:-4',
      'telegram:-5',
      'telegram:-9',
    ])
  })

  it.runIf(pg)(
    'GIVEN two schedulers on PostgreSQL THEN every chat gets exactly one digest that day',
    async () => {
      const schema = await createTestSchema('bwdg')
      await twoSchedulers(() => openStore(schema.url), platform)
      await schema.drop()
      expect(platform.messages.map((m) => m.chat).sort()).toEqual([
        'telegram:-1',
        'telegram:-2',
        'telegram:-3',
        'telegram:-4',
        'telegram:-5',
        'telegram:-9',
      ])
    }
  )
})
