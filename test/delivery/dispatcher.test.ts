import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { reply } from '../../src/core/reply.js'
import { createDispatcher, type Dispatcher } from '../../src/delivery/dispatcher.js'
import { createWindowLimiter, noLimits } from '../../src/delivery/rate-limit.js'
import { openStore } from '../../src/store/open-store.js'
import type { Store } from '../../src/store/store.js'
import { createFakePlatformSender, startFakePlatform, type FakePlatform } from './fake-platform.js'

const DAY = 24 * 3_600_000

describe('dispatcher', () => {
  let platform: FakePlatform
  let store: Store
  let clock: number
  const now = () => new Date(clock)

  beforeAll(async () => {
    platform = await startFakePlatform()
  })
  afterAll(async () => {
    await platform.close()
  })
  beforeEach(async () => {
    await store?.close()
    store = await openStore('sqlite::memory:')
    platform.messages.length = 0
    platform.requests.length = 0
    clock = Date.parse('2026-03-01T12:00:00.000Z')
  })

  function dispatcher(extra: Partial<Parameters<typeof createDispatcher>[0]> = {}): Dispatcher {
    return createDispatcher({
      store,
      senders: { telegram: createFakePlatformSender(platform.url) },
      render: async (d) => reply.text(`item ${d.itemId}`),
      limiters: { telegram: noLimits },
      now,
      random: () => 0.5,
      ...extra,
    })
  }

  async function queue(chatRef: string, items: string[], topic = 'all') {
    const { subscription } = await store.subscriptions.add(
      { chatRef, topic, mode: 'realtime' },
      now()
    )
    for (const itemId of items) {
      await store.deliveries.enqueue(
        [{ subscriptionId: subscription.id, chatRef, itemId, storyId: itemId }],
        now()
      )
      clock += 1
    }
    return subscription
  }

  it('GIVEN a 429, then success, and a 403 THEN each attempt reports its outcome once (metrics)', async () => {
    // A platform of its own: injected failures must not leak into the other tests.
    const own = await startFakePlatform()
    try {
      await queue('telegram:1', ['a'])
      await queue('telegram:2', ['b'])
      const outcomes: string[] = []
      const d = dispatcher({
        senders: { telegram: createFakePlatformSender(own.url) },
        onOutcome: (result, platformName) => outcomes.push(`${platformName}:${result}`),
      })
      own.fail([{ status: 429, retryAfter: 1 }], 'telegram:1')
      own.fail([{ status: 403 }], 'telegram:2')
      await d.tick()
      clock += 5000
      await d.tick()
      expect(outcomes.sort()).toEqual(['telegram:paused', 'telegram:retry', 'telegram:sent'])
    } finally {
      await own.close()
    }
  })

  it('GIVEN a send slower than the lease THEN the lease is renewed and no other dispatcher takes the row', async () => {
    await queue('telegram:1', ['slow'])
    let release!: () => void
    const gate = new Promise<void>((r) => (release = r))
    const realNow = () => new Date()
    const slow = createDispatcher({
      store,
      senders: {
        telegram: {
          platform: 'telegram',
          async send() {
            await gate
            return { messageIds: ['1'] }
          },
        },
      },
      render: async (d) => reply.text(`item ${d.itemId}`),
      limiters: { telegram: noLimits },
      now: realNow,
      leaseMs: 150,
      owner: 'slow',
    })
    const other = createDispatcher({ store, render: async () => reply.text('x'), senders: {}, now: realNow, owner: 'other' })
    const serving = slow.tick()
    // Three lease lengths later the row is still held by the slow dispatcher.
    await new Promise((r) => setTimeout(r, 500))
    expect(await other.tick()).toBe(0)
    expect((await store.deliveries.forItem('slow'))[0]).toMatchObject({ status: 'sending', leaseOwner: 'slow' })
    release()
    await serving
    expect((await store.deliveries.forItem('slow'))[0]).toMatchObject({ status: 'sent', attempts: 1 })
  })

  it('GIVEN a 429 with retry_after THEN the delivery waits that long and is then sent once', async () => {
    await queue('telegram:1', ['a'])
    platform.fail([{ status: 429, retryAfter: 3 }])
    const d = dispatcher()
    expect(await d.tick()).toBe(1)
    const [row] = await store.deliveries.forItem('a')
    expect(row).toMatchObject({
      status: 'pending',
      attempts: 1,
      lastError: 'RATE_LIMITED: Too Many Requests',
    })
    const waitMs = Date.parse(row!.nextAttemptAt) - clock
    expect(waitMs).toBeGreaterThanOrEqual(3000)
    expect(waitMs).toBeLessThanOrEqual(3300)
    clock += 2000
    expect(await d.tick()).toBe(0)
    clock += 1500
    expect(await d.tick()).toBe(1)
    expect(platform.messages.map((m) => m.text)).toEqual(['item a'])
    expect((await store.deliveries.forItem('a'))[0]).toMatchObject({
      status: 'sent',
      platformMessageId: '1',
    })
  })

  it('GIVEN 5xx answers and a dropped connection THEN it backs off and retries until sent, nothing lost', async () => {
    await queue('telegram:1', ['a'])
    platform.fail([{ status: 500 }, { status: 503 }, { status: 'drop' }])
    const d = dispatcher()
    const errors: string[] = []
    for (let i = 0; i < 4; i++) {
      await d.tick()
      const [row] = await store.deliveries.forItem('a')
      if (row!.status === 'sent') break
      errors.push(row!.lastError!.split(':')[0]!)
      clock = Date.parse(row!.nextAttemptAt)
    }
    expect(errors).toEqual(['SERVER_ERROR', 'SERVER_ERROR', 'NETWORK'])
    expect(platform.messages.map((m) => m.text)).toEqual(['item a'])
  })

  it('GIVEN a platform down for a week THEN the delivery is retried without an attempt limit, then dead with its reason', async () => {
    await queue('telegram:1', ['a'])
    const d = dispatcher()
    const created = clock
    let attempts = 0
    while (clock - created < 7 * DAY + 3_600_000) {
      platform.fail([{ status: 502 }])
      await d.tick()
      const [row] = await store.deliveries.forItem('a')
      if (row!.status === 'dead') break
      attempts = row!.attempts
      expect(row!.status).toBe('pending')
      // 30 real attempts show there is no attempt limit; then skip ahead to the end of the week.
      clock = attempts === 30 ? created + 7 * DAY - 60_000 : Date.parse(row!.nextAttemptAt)
    }
    const [row] = await store.deliveries.forItem('a')
    expect(attempts).toBeGreaterThan(30)
    expect(row).toMatchObject({ status: 'dead' })
    expect(row!.lastError).toMatch(/^gave up after 7 days of retries; last error SERVER_ERROR/)
  })

  it('GIVEN a 403 THEN the delivery is dead with the reason and every subscription of that chat is paused; other chats go on', async () => {
    const all = await queue('telegram:7', ['a'])
    const other = await queue('telegram:7', [], 'controversies')
    await queue('telegram:8', ['b'])
    platform.fail([{ status: 403 }], 'telegram:7')
    await dispatcher().tick()
    expect((await store.deliveries.forItem('a'))[0]).toMatchObject({
      status: 'dead',
      lastError: 'FORBIDDEN: Forbidden: bot was blocked by the user',
    })
    for (const id of [all.id, other.id]) {
      expect((await store.subscriptions.get(id))?.pausedReason).toBe(
        'FORBIDDEN: Forbidden: bot was blocked by the user'
      )
    }
    expect(platform.messages.map((m) => [m.chat, m.text])).toEqual([['telegram:8', 'item b']])
  })

  it('GIVEN a message the platform refuses (400) THEN only that delivery is dead; the subscription goes on', async () => {
    const sub = await queue('telegram:9', ['bad', 'good'])
    platform.fail([{ status: 400 }], 'telegram:9')
    const d = dispatcher()
    await d.tick()
    await d.tick()
    expect((await store.deliveries.forItem('bad'))[0]).toMatchObject({
      status: 'dead',
      lastError: 'BAD_REQUEST: Bad Request: message is too long',
    })
    expect((await store.subscriptions.get(sub.id))?.pausedAt).toBeNull()
    expect(platform.messages.map((m) => m.text)).toEqual(['item good'])
  })

  it('GIVEN one chat with a long backlog THEN the other chats are served in the first round', async () => {
    await queue(
      'telegram:busy',
      Array.from({ length: 30 }, (_, i) => `busy-${i}`)
    )
    await queue('telegram:2', ['two'])
    await queue('telegram:3', ['three'])
    const d = dispatcher({ batchSize: 10, concurrency: 1 })
    await d.tick()
    const firstThree = platform.messages
      .slice(0, 3)
      .map((m) => m.chat)
      .sort()
    expect(firstThree).toEqual(['telegram:2', 'telegram:3', 'telegram:busy'])
    while ((await d.tick()) > 0) continue
    const busy = platform.messages.filter((m) => m.chat === 'telegram:busy').map((m) => m.text)
    expect(busy).toEqual(Array.from({ length: 30 }, (_, i) => `item busy-${i}`))
    expect(platform.messages).toHaveLength(32)
  })

  it('GIVEN a dispatcher that died holding leases THEN another one sends those rows once the leases expire', async () => {
    await queue('telegram:1', ['a', 'b'])
    const leased = await store.deliveries.claim('crashed', now(), 10, 30_000)
    expect(leased).toHaveLength(2)
    const d = dispatcher()
    expect(await d.tick()).toBe(0)
    clock += 30_001
    expect(await d.tick()).toBe(2)
    expect(platform.messages.map((m) => m.text)).toEqual(['item a', 'item b'])
  })

  it('GIVEN a private chat limit of 1/s THEN a second message to that chat waits, other chats do not', async () => {
    await queue('telegram:1', ['a', 'b'])
    await queue('telegram:2', ['c'])
    const slept: number[] = []
    const d = dispatcher({
      limiters: {
        telegram: createWindowLimiter({ limit: 30, windowMs: 1000 }, () => ({
          limit: 1,
          windowMs: 1000,
        })),
      },
      sleep: async (ms) => {
        slept.push(ms)
        clock += ms
      },
    })
    await d.tick()
    expect(slept).toEqual([1002])
    expect(platform.messages.map((m) => m.text)).toEqual(['item a', 'item c', 'item b'])
    expect(platform.messages[2]!.chat).toBe('telegram:1')
  })

  it('GIVEN a stop during a long rate-limited batch THEN it returns quickly and the unsent rows are queued again', async () => {
    await queue(
      'telegram:1',
      Array.from({ length: 40 }, (_, i) => `s${i}`)
    )
    const d = dispatcher({
      now: () => new Date(),
      limiters: { telegram: createWindowLimiter({ limit: 5, windowMs: 1000 }, () => null) },
      concurrency: 1,
      idleMs: 10,
    })
    clock = Date.now()
    await d.start()
    while (platform.messages.length < 5) await new Promise((r) => setTimeout(r, 10))
    const started = Date.now()
    await d.stop()
    expect(Date.now() - started).toBeLessThan(2500)
    const counts = await store.deliveries.countByStatus()
    expect(counts.sending).toBe(0)
    expect(counts.sent + counts.pending).toBe(40)
    expect(counts.sent).toBe(platform.messages.length)
  })

  it('GIVEN a group that became a supergroup THEN the chat and its subscriptions follow, and the post arrives there once', async () => {
    const sub = await queue('telegram:-5', ['a'])
    platform.fail([{ status: 400, migrateTo: '-1005' }], 'telegram:-5')
    const d = dispatcher()
    await d.tick()
    await d.tick()
    expect(platform.messages.map((m) => [m.chat, m.text])).toEqual([['telegram:-1005', 'item a']])
    expect((await store.subscriptions.get(sub.id))?.chatRef).toBe('telegram:-1005')
    expect((await store.deliveries.forItem('a'))[0]).toMatchObject({
      chatRef: 'telegram:-1005',
      status: 'sent',
    })
  })

  it('GIVEN a chat with no configured platform THEN its delivery waits (NO_SENDER) instead of being dropped', async () => {
    await queue('discord:5', ['a'])
    await dispatcher().tick()
    expect((await store.deliveries.forItem('a'))[0]).toMatchObject({
      status: 'pending',
      lastError: 'NO_SENDER: no sender is configured for discord',
    })
  })

  it('GIVEN three instances sharing the bot THEN one claims only about five seconds of its share', async () => {
    await queue('telegram:1', Array.from({ length: 120 }, (_, i) => `p${i}`))
    const claimed = await dispatcher({ peers: () => 3 }).tick()
    // 30 messages/s ÷ 3 instances × 5 s: the rest stay pending for the other instances.
    expect(claimed).toBe(50)
    expect(await dispatcher().tick()).toBe(70)
  })
})
