import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Store } from '../../src/store/store.js'

/**
 * The Store contract: every dialect must pass the same suite. Other concerns add their own
 * `describe` blocks in their own contract files and call them from the dialect test files.
 */
export function runStoreContract(name: string, open: () => Promise<{ store: Store; cleanup?: () => Promise<void> }>) {
  describe(`${name}: store contract`, () => {
    let store: Store
    let cleanup: (() => Promise<void>) | undefined
    const now = new Date('2026-01-02T10:00:00.000Z')

    beforeAll(async () => {
      const opened = await open()
      store = opened.store
      cleanup = opened.cleanup
    })
    afterAll(async () => {
      await store?.close()
      await cleanup?.()
    })

    it('GIVEN a new database THEN ping works and it is empty', async () => {
      await store.ping()
      expect(await store.items.count()).toBe(0)
      expect(await store.feeds.list()).toEqual([])
    })

    it('GIVEN a feed added twice with the same URL THEN one feed exists', async () => {
      const first = await store.feeds.add({ url: 'https://example.org/a.xml', title: 'A' }, now)
      const second = await store.feeds.add({ url: 'https://example.org/a.xml' }, now)
      expect(first.created).toBe(true)
      expect(second.created).toBe(false)
      expect(second.feed.id).toBe(first.feed.id)
      expect((await store.feeds.list()).map((f) => f.url)).toEqual(['https://example.org/a.xml'])
    })

    it('GIVEN a chat-scoped feed THEN only that chat lists it beside the global ones', async () => {
      await store.feeds.add({ url: 'https://example.org/chat.xml', chatRef: 'telegram:1' }, now)
      const global = await store.feeds.list()
      const forChat = await store.feeds.list({ chatRef: 'telegram:1' })
      const forOther = await store.feeds.list({ chatRef: 'telegram:2' })
      expect(global.map((f) => f.url)).not.toContain('https://example.org/chat.xml')
      expect(forChat.map((f) => f.url)).toContain('https://example.org/chat.xml')
      expect(forOther.map((f) => f.url)).not.toContain('https://example.org/chat.xml')
      expect((await store.feeds.list({ chatRef: 'all' })).length).toBe(2)
    })

    it('GIVEN feeds with next fetch times THEN due returns the enabled ones in order', async () => {
      const { feed } = await store.feeds.add({ url: 'https://example.org/due.xml' }, now)
      await store.feeds.update(feed.id, { nextFetchAt: '2026-01-02T09:00:00.000Z' })
      const { feed: disabled } = await store.feeds.add({ url: 'https://example.org/off.xml' }, now)
      await store.feeds.update(disabled.id, { disabledAt: now.toISOString(), disabledReason: 'NOT_A_FEED' })
      const due = await store.feeds.due(now, 10)
      expect(due[0]!.url).toBe('https://example.org/due.xml')
      expect(due.map((f) => f.url)).not.toContain('https://example.org/off.xml')
      const health = await store.feeds.get(disabled.id)
      expect(health?.disabledReason).toBe('NOT_A_FEED')
    })

    it('GIVEN a removed feed THEN it is gone and removing again reports false', async () => {
      const { feed } = await store.feeds.add({ url: 'https://example.org/gone.xml' }, now)
      expect(await store.feeds.remove(feed.id)).toBe(true)
      expect(await store.feeds.remove(feed.id)).toBe(false)
      expect(await store.feeds.get(feed.id)).toBeUndefined()
    })

    it('GIVEN chat settings THEN upsert creates then updates, keeping other settings', async () => {
      const created = await store.chats.upsert('telegram:5', { lang: 'ru' }, now)
      expect(created).toMatchObject({ ref: 'telegram:5', platform: 'telegram', lang: 'ru', active: true })
      const updated = await store.chats.upsert('telegram:5', { timezone: 'Europe/Moscow', digestTime: '09:00' }, now)
      expect(updated).toMatchObject({ lang: 'ru', timezone: 'Europe/Moscow', digestTime: '09:00' })
    })

    it('GIVEN subscriptions THEN add is idempotent per topic, remove works by id or topic, pause hides them', async () => {
      const a = await store.subscriptions.add({ chatRef: 'telegram:5', topic: 'controversies', mode: 'realtime' }, now)
      const again = await store.subscriptions.add({ chatRef: 'telegram:5', topic: 'controversies', mode: 'digest' }, now)
      expect(again.created).toBe(false)
      expect(again.subscription).toMatchObject({ id: a.subscription.id, mode: 'digest' })
      const later = new Date(now.getTime() + 1000)
      const b = await store.subscriptions.add({ chatRef: 'telegram:5', topic: 'model:llama-4', mode: 'realtime' }, later)
      expect((await store.subscriptions.listForChat('telegram:5')).map((s) => s.topic)).toEqual(['controversies', 'model:llama-4'])
      await store.subscriptions.pause(b.subscription.id, 'FORBIDDEN', now)
      expect((await store.subscriptions.listActive()).map((s) => s.id)).toEqual([a.subscription.id])
      expect((await store.subscriptions.remove('telegram:5', 'controversies'))?.id).toBe(a.subscription.id)
      expect((await store.subscriptions.remove('telegram:5', b.subscription.id))?.topic).toBe('model:llama-4')
      expect(await store.subscriptions.remove('telegram:5', 'nope')).toBeUndefined()
    })

    it('GIVEN a migrated chat THEN its subscriptions follow the new ref', async () => {
      await store.chats.upsert('telegram:-10', {}, now)
      await store.subscriptions.add({ chatRef: 'telegram:-10', topic: 'all', mode: 'realtime' }, now)
      await store.chats.rename('telegram:-10', 'telegram:-100123', now)
      expect(await store.chats.get('telegram:-10')).toBeUndefined()
      expect((await store.subscriptions.listForChat('telegram:-100123')).map((s) => s.topic)).toEqual(['all'])
    })
  })
}
