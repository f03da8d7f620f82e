import { Writable } from 'node:stream'
import pino from 'pino'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp, type App } from '../../src/app.js'
import { loadConfig } from '../../src/config.js'
import { startFeedServer, status, type FeedServer } from '../helpers/feed-server.js'

describe('service logs carry context', () => {
  let app: App
  let server: FeedServer
  const lines: Record<string, unknown>[] = []
  beforeAll(async () => {
    server = await startFeedServer({ '/broken.xml': status(500) })
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line))
        done()
      },
    })
    const config = loadConfig({ DATABASE_URL: 'sqlite::memory:', ALLOW_PRIVATE_NETWORK: 'true' })
    app = await createApp(config, pino({ level: 'warn' }, sink))
  })
  afterAll(async () => {
    await app.stop()
    await server.close()
  })

  it('GIVEN a feed that answers 500 THEN the warning names the feed and the reason code', async () => {
    const { feed } = await app.store.feeds.add({ url: server.url('/broken.xml') }, new Date())
    await app.ingest.pollOnce({ feeds: [feed] })
    const warning = lines.find((l) => l.msg === 'feed fetch failed')
    expect(warning).toMatchObject({ feed: feed.id, code: 'HTTP_5XX' })
    expect(String(warning?.err)).toMatch(/500/)
  })
})
