/**
 * End to end through the fake Telegram Bot API: the real app (createApp + start) with the bot,
 * the poller's pipeline (classify → extract → match) and the delivery dispatcher, against a feed
 * served on 127.0.0.1.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp, type App } from '../../src/app.js'
import { loadConfig } from '../../src/config.js'
import { createLogger } from '../../src/log.js'
import { startFakeTelegram, type FakeTelegram } from '../helpers/fake-telegram.js'
import { startFeedServer, type FeedServer } from '../helpers/feed-server.js'

function rss(items: { guid: string; title: string; description: string }[]): string {
  const now = new Date().toUTCString()
  return `<?xml version="1.0"?><rss version="2.0"><channel><title>AI Manual</title><link>https://example.org/</link>
${items
  .map(
    (i) =>
      `<item><guid>${i.guid}</guid><title>${i.title}</title><link>https://example.org/${i.guid}</link><description>${i.description}</description><pubDate>${now}</pubDate></item>`
  )
  .join('\n')}
</channel></rss>`
}

const KNOWN = {
  guid: 'known-1',
  title: 'OpenAI opens a new office in Tokyo',
  description: 'The company expands in Asia.',
}
const CONTROVERSY = {
  guid: 'llama-4-replication',
  title: 'Llama 4 benchmark scores fail to replicate in independent tests',
  description:
    'Meta claimed Llama 4 scored 86.5% on MMLU, but independent researchers measured 71.2% when they re-ran the benchmark.',
}
const ORDINARY = {
  guid: 'llama-4-context',
  title: 'Meta releases a Llama 4 update with a longer context window',
  description: 'The new model ships today for developers.',
}

describe('delivery end to end through the Telegram fake', () => {
  let tg: FakeTelegram
  let feeds: FeedServer
  let app: App
  let tmp: string
  let body = rss([KNOWN])
  const chatId = 4242

  beforeAll(async () => {
    tg = await startFakeTelegram()
    feeds = await startFeedServer({
      '/feed.xml': (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(body)
      },
    })
    tmp = mkdtempSync(join(tmpdir(), 'bw-e2e-delivery-'))
    const noFeeds = join(tmp, 'no-feeds.json')
    writeFileSync(noFeeds, '[]')
    const config = loadConfig({
      TELEGRAM_BOT_TOKEN: tg.token,
      TELEGRAM_API_ROOT: tg.apiRoot,
      DATABASE_URL: `sqlite:${join(tmp, 'bw.db')}`,
      HTTP_PORT: '0',
      HTTP_HOST: '127.0.0.1',
      FEEDS_FILE: noFeeds,
      ALLOW_PRIVATE_NETWORK: 'true',
      POLL_CRON: '0 0 1 1 *',
    })
    app = await createApp(config, createLogger('silent', { pretty: false }))
    await app.start()
  }, 30_000)

  afterAll(async () => {
    await app?.stop()
    await tg?.close()
    await feeds?.close()
    if (tmp) rmSync(tmp, { recursive: true, force: true })
  })

  async function poll() {
    const all = await app.store.feeds.list({ chatRef: 'all' })
    await app.ingest.pollOnce({ feeds: all })
  }

  async function settle(ms = 1500) {
    await new Promise((resolve) => setTimeout(resolve, ms))
  }

  it('pushes a new controversy in a known feed once, with its figures; not the ordinary item; not again on the next poll', async () => {
    const chat = tg.privateChat(chatId)
    tg.pushMessage({ chat, from: tg.user(chatId), text: '/subscribe controversies' })
    const [confirmation] = await tg.waitForSent(1, { chatId })
    expect(confirmation!.text.toLowerCase()).toContain('controvers')

    await app.store.feeds.add({ url: feeds.url('/feed.xml'), title: 'AI Manual' }, new Date())
    await poll() // first fetch: the known item is backlog, never pushed
    body = rss([KNOWN, CONTROVERSY, ORDINARY])
    await poll()
    const posts = await tg.waitForSent(2, { chatId, timeoutMs: 10_000 })
    const post = posts[1]!
    expect(post.text).toContain(CONTROVERSY.title)
    expect(post.text).toContain('86.5')
    expect(post.text).toContain('71.2')

    await poll()
    await settle()
    const toChat = tg.sent.filter((m) => m.chatId === chatId)
    const texts = toChat.map((m) => m.text).join('\n')
    expect(texts).not.toContain(ORDINARY.title)
    expect(texts).not.toContain(KNOWN.title)
    expect(toChat.filter((m) => m.text.includes(CONTROVERSY.title))).toHaveLength(1)
  }, 30_000)

  it("/digest preview shows the day's controversy", async () => {
    const before = tg.sent.filter((m) => m.chatId === chatId).length
    tg.pushMessage({ chat: tg.privateChat(chatId), from: tg.user(chatId), text: '/digest preview' })
    const all = await tg.waitForSent(before + 1, { chatId, timeoutMs: 10_000 })
    expect(
      all
        .slice(before)
        .map((m) => m.text)
        .join('\n')
    ).toContain(CONTROVERSY.title)
  }, 20_000)
})
