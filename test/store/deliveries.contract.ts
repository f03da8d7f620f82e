import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Store } from '../../src/store/store.js'

/** The delivery outbox contract, run on every dialect. */
export function runDeliveriesContract(
  name: string,
  open: () => Promise<{ store: Store; cleanup?: () => Promise<void> }>
) {
  describe(`${name}: delivery outbox contract`, () => {
    let store: Store
    let cleanup: (() => Promise<void>) | undefined
    const t0 = new Date('2026-01-02T10:00:00.000Z')
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

    async function subscribe(chatRef: string, topic = 'all') {
      return (await store.subscriptions.add({ chatRef, topic, mode: 'realtime' }, t0)).subscription
    }

    it('GIVEN the same story matched twice THEN one delivery per chat, also through another outlet or subscription', async () => {
      const a = await subscribe('telegram:dedup-1')
      const b = await subscribe('telegram:dedup-1', 'controversies')
      const first = await store.deliveries.enqueue(
        [{ subscriptionId: a.id, chatRef: a.chatRef, itemId: 'dd-item-1', storyId: 'dd-story' }],
        t0
      )
      const again = await store.deliveries.enqueue(
        [
          { subscriptionId: a.id, chatRef: a.chatRef, itemId: 'dd-item-2', storyId: 'dd-story' },
          { subscriptionId: b.id, chatRef: b.chatRef, itemId: 'dd-item-2', storyId: 'dd-story' },
        ],
        at(1)
      )
      expect([first, again]).toEqual([1, 0])
      expect((await store.deliveries.forItem('dd-item-1')).map((d) => d.status)).toEqual([
        'pending',
      ])
      expect(await store.deliveries.forItem('dd-item-2')).toEqual([])
    })

    it('GIVEN a busy chat and quiet chats THEN claims go round-robin, each chat oldest first, one chat at a time in flight', async () => {
      const busy = await subscribe('telegram:rr-busy')
      const quiet = await Promise.all(['telegram:rr-q1', 'telegram:rr-q2'].map((c) => subscribe(c)))
      for (let i = 0; i < 5; i++) {
        await store.deliveries.enqueue(
          [
            {
              subscriptionId: busy.id,
              chatRef: busy.chatRef,
              itemId: `rr-b${i}`,
              storyId: `rr-b${i}`,
            },
          ],
          at(10 + i)
        )
      }
      for (const [i, s] of quiet.entries()) {
        await store.deliveries.enqueue(
          [{ subscriptionId: s.id, chatRef: s.chatRef, itemId: `rr-q${i}`, storyId: `rr-q${i}` }],
          at(20 + i)
        )
      }
      // The earlier test's pending row is part of the queue too.
      const batch = await store.deliveries.claim('w1', at(30), 4, 60_000)
      expect(batch.map((d) => d.itemId)).toEqual(['dd-item-1', 'rr-b0', 'rr-q0', 'rr-q1'])
      expect(batch.every((d) => d.status === 'sending' && d.leaseOwner === 'w1')).toBe(true)
      // Chats with a row in flight give nothing more until it is done.
      expect(await store.deliveries.claim('w2', at(31), 10, 60_000)).toEqual([])
      for (const d of batch) await store.deliveries.markSent(d.id, ['m1'], at(32))
      const next = await store.deliveries.claim('w2', at(33), 10, 60_000)
      expect(next.map((d) => d.itemId)).toEqual(['rr-b1', 'rr-b2', 'rr-b3', 'rr-b4'])
      for (const d of next) await store.deliveries.markSent(d.id, ['m2', 'm3'], at(34))
      expect((await store.deliveries.get(next[0]!.id))?.platformMessageId).toBe('m2,m3')
    })

    it('GIVEN a retry scheduled for later THEN the row and its chat wait, and the row returns when due', async () => {
      const s = await subscribe('telegram:retry')
      await store.deliveries.enqueue(
        [{ subscriptionId: s.id, chatRef: s.chatRef, itemId: 'rt-1', storyId: 'rt-1' }],
        at(40)
      )
      await store.deliveries.enqueue(
        [{ subscriptionId: s.id, chatRef: s.chatRef, itemId: 'rt-2', storyId: 'rt-2' }],
        at(41)
      )
      const [first] = await store.deliveries.claim('w1', at(42), 1, 60_000)
      expect(first?.itemId).toBe('rt-1')
      await store.deliveries.markRetry(first!.id, 'RATE_LIMITED: retry after 5 s', at(47))
      expect(await store.deliveries.claim('w1', at(43), 10, 60_000)).toEqual([])
      const later = await store.deliveries.claim('w1', at(48), 10, 60_000)
      expect(later.map((d) => [d.itemId, d.attempts, d.lastError])).toEqual([
        ['rt-1', 1, 'RATE_LIMITED: retry after 5 s'],
        ['rt-2', 0, null],
      ])
      for (const d of later) await store.deliveries.markSent(d.id, ['x'], at(49))
    })

    it('GIVEN a dispatcher that died holding a lease THEN the row returns to pending when the lease expires', async () => {
      const s = await subscribe('telegram:lease')
      await store.deliveries.enqueue(
        [{ subscriptionId: s.id, chatRef: s.chatRef, itemId: 'ls-1', storyId: 'ls-1' }],
        at(50)
      )
      const [leased] = await store.deliveries.claim('dead-worker', at(51), 10, 10_000)
      expect(leased?.itemId).toBe('ls-1')
      expect(await store.deliveries.claim('w2', at(55), 10, 10_000)).toEqual([])
      const [again] = await store.deliveries.claim('w2', at(62), 10, 10_000)
      expect([again?.itemId, again?.leaseOwner]).toEqual(['ls-1', 'w2'])
      await store.deliveries.markSent(again!.id, ['y'], at(63))
    })

    it('GIVEN a paused or removed subscription THEN its deliveries are not claimed; markDead keeps the reason', async () => {
      const s = await subscribe('telegram:paused')
      const gone = await subscribe('telegram:gone')
      await store.deliveries.enqueue(
        [
          { subscriptionId: s.id, chatRef: s.chatRef, itemId: 'ps-1', storyId: 'ps-1' },
          { subscriptionId: gone.id, chatRef: gone.chatRef, itemId: 'ps-1', storyId: 'ps-1' },
        ],
        at(70)
      )
      await store.subscriptions.pause(s.id, 'FORBIDDEN: bot was blocked by the user', at(71))
      await store.subscriptions.remove(gone.chatRef, gone.id)
      expect(await store.deliveries.claim('w1', at(72), 10, 60_000)).toEqual([])
      const row = (await store.deliveries.forItem('ps-1')).find((d) => d.chatRef === s.chatRef)
      await store.deliveries.markDead(row!.id, 'FORBIDDEN: bot was blocked by the user', at(73))
      expect(await store.deliveries.get(row!.id)).toMatchObject({
        status: 'dead',
        lastError: 'FORBIDDEN: bot was blocked by the user',
      })
      await store.deliveries.enqueue(
        [{ subscriptionId: s.id, chatRef: s.chatRef, itemId: 'ps-2', storyId: 'ps-2' }],
        at(74)
      )
      expect(await store.deliveries.retireOrphans(at(75))).toBe(2)
      expect((await store.deliveries.forItem('ps-2'))[0]).toMatchObject({
        status: 'dead',
        lastError: 'SUBSCRIPTION_PAUSED: FORBIDDEN: bot was blocked by the user',
      })
      expect(
        (await store.deliveries.forItem('ps-1')).map((d) => [d.chatRef, d.status, d.lastError])
      ).toEqual(
        [
          ['telegram:paused', 'dead', 'FORBIDDEN: bot was blocked by the user'],
          ['telegram:gone', 'dead', 'SUBSCRIPTION_REMOVED: the chat unsubscribed'],
        ].sort((a, b) => a[0]!.localeCompare(b[0]!))
      )
    })

    it("GIVEN several sends finished together THEN one markSentMany records each one's message ids", async () => {
      const subs = await Promise.all(
        ['telegram:many-1', 'telegram:many-2'].map((c) => subscribe(c))
      )
      await store.deliveries.enqueue(
        subs.map((s, i) => ({
          subscriptionId: s.id,
          chatRef: s.chatRef,
          itemId: `many-${i}`,
          storyId: 'many',
        })),
        at(90)
      )
      const leased = (await store.deliveries.claim('w', at(91), 100, 60_000)).filter(
        (d) => d.storyId === 'many'
      )
      expect(leased).toHaveLength(2)
      await store.deliveries.markSentMany(
        leased.map((d, i) => ({ id: d.id, messageIds: i === 0 ? ['11', '12'] : ['13'] })),
        at(92)
      )
      const after = await Promise.all(leased.map((d) => store.deliveries.get(d.id)))
      expect(after.map((d) => [d?.status, d?.platformMessageId, d?.sentAt, d?.leaseOwner])).toEqual(
        [
          ['sent', '11,12', at(92).toISOString(), null],
          ['sent', '13', at(92).toISOString(), null],
        ]
      )
    })

    it('GIVEN two dispatchers claiming at once THEN no row is leased twice', async () => {
      const subs = await Promise.all(
        Array.from({ length: 20 }, (_, i) => subscribe(`discord:race-${i}`))
      )
      await store.deliveries.enqueue(
        subs.map((s, i) => ({
          subscriptionId: s.id,
          chatRef: s.chatRef,
          itemId: `race-${i}`,
          storyId: 'race',
        })),
        at(80)
      )
      const [a, b] = await Promise.all([
        store.deliveries.claim('A', at(81), 15, 60_000),
        store.deliveries.claim('B', at(81), 15, 60_000),
      ])
      const rest = await store.deliveries.claim('C', at(82), 20, 60_000)
      const ids = [...a, ...b, ...rest].map((d) => d.id)
      expect(new Set(ids).size).toBe(ids.length)
      expect(ids.length).toBe(20)
    })
  })
}
