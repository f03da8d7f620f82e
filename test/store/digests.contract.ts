import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Store } from '../../src/store/store.js'
import { seedFeed, seedItem } from '../delivery/seed.js'

/** The digest store contract, run on every dialect. */
export function runDigestsContract(
  name: string,
  open: () => Promise<{ store: Store; cleanup?: () => Promise<void> }>
) {
  describe(`${name}: digest store contract`, () => {
    let store: Store
    let cleanup: (() => Promise<void>) | undefined
    const t0 = new Date('2026-03-02T06:00:00.000Z')
    const at = (seconds: number) => new Date(t0.getTime() + seconds * 1000)

    beforeAll(async () => {
      const opened = await open()
      store = opened.store
      cleanup = opened.cleanup
    })
    afterAll(async () => {
      await store?.close()
      await cleanup?.()
    })

    it('GIVEN a date scheduled twice THEN one row; a skipped one keeps its reason and is never claimed', async () => {
      const entry = {
        subscriptionId: 'dg-s1',
        chatRef: 'telegram:-1',
        localDate: '2026-03-02',
        dueAt: t0,
      }
      expect(await store.digests.schedule(entry, t0)).toBe(true)
      expect(await store.digests.schedule(entry, at(1))).toBe(false)
      expect(
        await store.digests.schedule(
          { ...entry, subscriptionId: 'dg-s2', skippedReason: 'missed: more than 12 h late' },
          at(2)
        )
      ).toBe(true)
      const rows = await store.digests.listForChat('telegram:-1')
      expect(rows.map((r) => [r.subscriptionId, r.status, r.lastError])).toEqual([
        ['dg-s1', 'pending', null],
        ['dg-s2', 'skipped', 'missed: more than 12 h late'],
      ])
    })

    it('GIVEN two claimers THEN a due digest is leased once; an expired lease comes back; sent is final', async () => {
      const [a, b] = await Promise.all([
        store.digests.claim('A', at(10), 10, 60_000),
        store.digests.claim('B', at(10), 10, 60_000),
      ])
      expect([...a, ...b].map((d) => d.subscriptionId)).toEqual(['dg-s1'])
      expect(await store.digests.claim('C', at(30), 10, 60_000)).toEqual([])
      const [again] = await store.digests.claim('C', at(71), 10, 60_000)
      expect(again?.leaseOwner).toBe('C')
      await store.digests.markSent(again!.id, ['7', '8'], 3, at(72))
      expect(await store.digests.get('dg-s1', '2026-03-02')).toMatchObject({
        status: 'sent',
        platformMessageId: '7,8',
        itemCount: 3,
      })
      expect(await store.digests.claim('C', at(200), 10, 60_000)).toEqual([])
    })

    it('GIVEN a failed post THEN it is retried at the time given, with the error kept', async () => {
      await store.digests.schedule(
        { subscriptionId: 'dg-s3', chatRef: 'telegram:-3', localDate: '2026-03-02', dueAt: t0 },
        t0
      )
      const [entry] = await store.digests.claim('A', at(300), 10, 60_000)
      await store.digests.markRetry(entry!.id, 'SERVER_ERROR: Bad Gateway', at(360))
      expect(await store.digests.claim('A', at(330), 10, 60_000)).toEqual([])
      const [retried] = await store.digests.claim('A', at(361), 10, 60_000)
      expect([retried?.attempts, retried?.lastError]).toEqual([1, 'SERVER_ERROR: Bad Gateway'])
    })

    it("GIVEN items of the last day THEN candidates carry label, outlet, chat scope and the story's sources", async () => {
      const global = await seedFeed(store, 'https://example.org/dg.xml', 'AI Manual', t0)
      const own = await seedFeed(
        store,
        'https://example.org/own.xml',
        'Own feed',
        t0,
        'telegram:-5'
      )
      await seedItem(store, {
        id: 'dg-a',
        title: 'Llama 4 scores do not replicate',
        storyId: 'dg-story',
        feedId: global.id,
        publishedAt: '2026-03-02T01:00:00.000Z',
        label: 'controversy',
        tags: ['non-reproducible'],
      })
      await seedItem(store, {
        id: 'dg-b',
        title: 'Llama 4 numbers questioned',
        storyId: 'dg-story',
        feedId: own.id,
        publishedAt: '2026-03-02T02:00:00.000Z',
      })
      await seedItem(store, {
        id: 'dg-old',
        title: 'Old news',
        feedId: global.id,
        publishedAt: '2026-02-27T02:00:00.000Z',
      })
      await seedItem(store, {
        id: 'dg-backlog',
        title: 'Backlog',
        feedId: global.id,
        publishedAt: '2026-03-02T02:00:00.000Z',
        backlog: true,
      })
      const candidates = await store.digests.candidates(new Date('2026-03-01T06:00:00.000Z'), t0)
      const byId = new Map(candidates.map((c) => [c.id, c]))
      expect([...byId.keys()].sort()).toEqual(['dg-a', 'dg-b'])
      expect(byId.get('dg-a')).toMatchObject({
        label: 'controversy',
        outlet: 'AI Manual',
        feedChatRef: null,
        sourceCount: 2,
        tags: ['non-reproducible'],
      })
      expect(byId.get('dg-b')).toMatchObject({
        label: null,
        outlet: 'Own feed',
        feedChatRef: 'telegram:-5',
        sourceCount: 2,
      })
    })
  })
}
