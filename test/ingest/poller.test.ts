import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { StoredItem, PipelineStage } from '../../src/ingest/pipeline.js'
import { backoffMs, createPoller, disabledReasonFor, pollFeed } from '../../src/ingest/poller.js'
import { createIngest, type Ingest } from '../../src/ingest/runtime.js'
import { openStore } from '../../src/store/open-store.js'
import type { Store } from '../../src/store/store.js'
import {
  huge,
  rss,
  serve,
  serveGzip,
  slow,
  startFeedServer,
  status,
  type FeedServer,
} from '../helpers/feed-server.js'

const fixture = (name: string) =>
  readFileSync(new URL(`../fixtures/feeds/${name}`, import.meta.url))
const T0 = new Date('2026-03-01T12:00:00.000Z')
const minutes = (n: number) => new Date(T0.getTime() + n * 60_000)

describe('poller: one cycle over good and broken feeds (real HTTP on 127.0.0.1)', () => {
  let server: FeedServer
  let store: Store
  let ingest: Ingest
  let clock = T0
  const seen: Array<{ feed: string; items: StoredItem[] }> = []
  const recorder: PipelineStage = {
    name: 'record',
    async run(items, ctx) {
      seen.push({ feed: ctx.feed.url, items })
    },
  }
  let mainFeed = rss('Main', [
    {
      title: 'Llama 4 scores questioned',
      link: 'https://news.example/llama-4',
      guid: 'a1',
      date: 'Sun, 01 Mar 2026 09:00:00 GMT',
    },
    {
      title: 'GLM-4.7 tops open models',
      link: 'https://news.example/glm',
      guid: 'a2',
      date: 'Sun, 01 Mar 2026 08:00:00 GMT',
    },
  ])
  let etag = '"v1"'

  beforeAll(async () => {
    server = await startFeedServer({
      '/main.xml': (req, res) => {
        if (req.headers['if-none-match'] === etag) res.writeHead(304, { etag }).end()
        else res.writeHead(200, { 'content-type': 'application/rss+xml', etag }).end(mainFeed)
      },
      '/slow.xml': slow(5000),
      '/500.xml': status(500),
      '/429.xml': status(429, { 'retry-after': '3600' }),
      '/loop-a': status(302, { location: '/loop-b' }),
      '/loop-b': status(302, { location: '/loop-a' }),
      '/big.xml': huge(50 * 1024 * 1024),
      '/gzip.xml': serveGzip(
        rss('Zipped', [{ title: 'Compressed news', link: 'https://zip.example/1' }])
      ),
      '/bomb.rss': serve(fixture('entity-bomb.rss')),
      '/cp1251.rss': serve(fixture('legacy-windows-1251-undeclared.rss'), 'application/rss+xml'),
      '/feed.json': serve(fixture('json-feed-1.1.json'), 'application/feed+json'),
      '/page.html': (_req, res) => {
        res
          .writeHead(200, { 'content-type': 'text/html' })
          .end(
            `<!DOCTYPE html><html><head><title>Blog</title><link rel="alternate" type="application/rss+xml" href="http://127.0.0.1:${server.port}/main.xml"></head><body>hi</body></html>`
          )
      },
      '/text.txt': serve('just some words, no markup', 'text/plain'),
    })
    store = await openStore('sqlite::memory:')
    ingest = createIngest({
      store,
      allowPrivateNetwork: true,
      pollCron: '*/5 * * * *',
      stages: [recorder],
      fetcher: { timeoutMs: 500 },
      now: () => clock,
    })
    for (const path of [
      '/main.xml',
      '/slow.xml',
      '/500.xml',
      '/429.xml',
      '/loop-a',
      '/big.xml',
      '/gzip.xml',
      '/bomb.rss',
      '/cp1251.rss',
      '/feed.json',
      '/page.html',
      '/text.txt',
    ]) {
      await store.feeds.add({ url: server.url(path) }, T0)
    }
  })
  afterAll(async () => {
    await ingest.close()
    await store.close()
    await server.close()
  })

  const feedAt = async (path: string) =>
    (await store.feeds.list()).find((f) => f.url === server.url(path))!

  it('GIVEN twelve due feeds THEN the cycle completes, good feeds ingest and each failure has a clear reason', async () => {
    const started = Date.now()
    const report = await ingest.pollOnce()
    expect(Date.now() - started).toBeLessThan(5000)
    expect(report).toMatchObject({ feeds: 12, ok: 5, notModified: 0, failed: 7 })
    const byUrl = Object.fromEntries(
      report.failures.map((f) => [f.url.replace(server.url(''), ''), f])
    )
    expect(Object.fromEntries(Object.entries(byUrl).map(([k, f]) => [k, f.code]))).toEqual({
      '/slow.xml': 'TIMEOUT',
      '/500.xml': 'HTTP_5XX',
      '/429.xml': 'HTTP_4XX',
      '/loop-a': 'REDIRECT_LOOP',
      '/big.xml': 'TOO_LARGE',
      '/page.html': 'NOT_A_FEED',
      '/text.txt': 'NOT_A_FEED',
    })
    expect(byUrl['/page.html']!.message).toMatch(/HTML page, not a feed/)
    expect(byUrl['/429.xml']!.message).toMatch(/HTTP 429.*retry after 3600 s/)
    // 2 (main) + 1 (gzip) + 1 (entity bomb, unexpanded) + 2 (windows-1251) + 2 (JSON Feed)
    expect(report.newItems).toBe(8)
  })

  it('THEN the failures are in feed health with a backoff, Retry-After honoured', async () => {
    const failing = await feedAt('/500.xml')
    expect(failing).toMatchObject({
      lastErrorCode: 'HTTP_5XX',
      consecutiveFailures: 1,
      failingSince: T0.toISOString(),
    })
    expect(failing.nextFetchAt).toBe(minutes(5).toISOString())
    expect((await feedAt('/429.xml')).nextFetchAt).toBe(minutes(60).toISOString())
    const good = await feedAt('/main.xml')
    expect(good).toMatchObject({
      lastOkAt: T0.toISOString(),
      lastError: null,
      etag: '"v1"',
      title: 'Main',
      itemCount: 2,
    })
    expect(good.nextFetchAt).toBe(minutes(5).toISOString())
  })

  it('THEN the windows-1251 feed without a charset header reads as Russian, and the entity bomb was not expanded', async () => {
    const titles = seen.flatMap((s) => s.items.map((i) => i.title))
    expect(titles).toContain('Разработчики признали ошибку в замерах модели на тесте MMLU')
    expect(titles.join(' ')).not.toMatch(/lollol/)
  })

  it('THEN a first fetch is backlog, handed to the stages as new items', async () => {
    const main = seen.find((s) => s.feed === server.url('/main.xml'))!
    expect(main.items.map((i) => [i.title, i.status, i.backlog])).toEqual([
      ['Llama 4 scores questioned', 'new', true],
      ['GLM-4.7 tops open models', 'new', true],
    ])
  })

  it('GIVEN the next cycle THEN an unchanged feed answers 304 and failing feeds are not due yet', async () => {
    clock = minutes(5)
    const report = await ingest.pollOnce()
    expect(report.notModified).toBeGreaterThanOrEqual(1)
    expect(report.failures.map((f) => f.url)).not.toContain(server.url('/429.xml'))
    expect(report.newItems).toBe(0)
  })

  it('GIVEN a changed feed with an edited title and one new entry THEN 1 new (not backlog), 1 updated, 0 re-announced', async () => {
    seen.length = 0
    etag = '"v2"'
    mainFeed = rss('Main', [
      {
        title: 'Meta responds to Llama 4 claims',
        link: 'https://news.example/meta',
        guid: 'a3',
        date: 'Sun, 01 Mar 2026 12:05:00 GMT',
      },
      {
        title: 'Llama 4 scores questioned by testers',
        link: 'https://news.example/llama-4',
        guid: 'a1',
        date: 'Sun, 01 Mar 2026 09:00:00 GMT',
      },
      {
        title: 'GLM-4.7 tops open models',
        link: 'https://news.example/glm',
        guid: 'a2',
        date: 'Sun, 01 Mar 2026 08:00:00 GMT',
      },
    ])
    clock = minutes(10)
    const feed = await feedAt('/main.xml')
    const report = await ingest.pollOnce({ feeds: [feed] })
    expect(report).toMatchObject({ ok: 1, newItems: 1, updated: 1, duplicates: 1 })
    expect(seen[0]!.items.map((i) => [i.title, i.status, i.backlog])).toEqual([
      ['Meta responds to Llama 4 claims', 'new', false],
      ['Llama 4 scores questioned by testers', 'updated', true],
    ])
    expect((await store.items.getByUrl('https://news.example/llama-4'))!.title).toBe(
      'Llama 4 scores questioned by testers'
    )
  })

  it('GIVEN an HTML page with a feed link THEN adding it finds the feed (autodiscovery)', async () => {
    const resolved = await ingest.resolveFeedUrl(server.url('/page.html'))
    expect(resolved).toMatchObject({
      url: server.url('/main.xml'),
      discoveredFrom: server.url('/page.html'),
    })
    await expect(ingest.resolveFeedUrl(server.url('/text.txt'))).rejects.toThrow(/is not a feed/)
    await expect(ingest.resolveFeedUrl('file:///etc/hostname')).rejects.toThrow(/BAD_URL|file: feeds are allowed only/)
  })

  it('GIVEN a feed failing for three days THEN it is disabled with a reason code and stays listed', async () => {
    const feed = await feedAt('/big.xml')
    await store.feeds.update(feed.id, {
      failingSince: '2026-02-26T11:00:00.000Z',
      consecutiveFailures: 9,
    })
    clock = minutes(15)
    const result = await pollFeed((await feedAt('/big.xml'))!, {
      store,
      fetcher: ingest.fetcher,
      pipeline: ingest.pipeline,
      now: () => clock,
    })
    expect(result).toMatchObject({ status: 'failed', code: 'TOO_LARGE', disabled: 'TOO_LARGE' })
    const after = await feedAt('/big.xml')
    expect(after).toMatchObject({
      disabledReason: 'TOO_LARGE',
      disabledAt: clock.toISOString(),
      consecutiveFailures: 10,
    })
    expect((await store.feeds.due(minutes(60 * 48), 100)).map((f) => f.url)).not.toContain(
      server.url('/big.xml')
    )
  })
})

describe('poller: concurrency and overlap', () => {
  let server: FeedServer
  let store: Store
  let ingest: Ingest
  let inFlight = 0
  let maxInFlight = 0

  beforeAll(async () => {
    server = await startFeedServer()
    for (let i = 0; i < 6; i++) {
      server.route(`/f${i}.xml`, async (_req, res) => {
        inFlight++
        maxInFlight = Math.max(maxInFlight, inFlight)
        await new Promise((r) => setTimeout(r, 60))
        inFlight--
        res
          .writeHead(200)
          .end(rss(`F${i}`, [{ title: `Item ${i}`, link: `https://f.example/${i}` }]))
      })
    }
    store = await openStore('sqlite::memory:')
    ingest = createIngest({
      store,
      allowPrivateNetwork: true,
      pollCron: '*/5 * * * *',
      stages: [],
      now: () => T0,
    })
    for (let i = 0; i < 6; i++) await store.feeds.add({ url: server.url(`/f${i}.xml`) }, T0)
  })
  afterAll(async () => {
    await ingest.close()
    await store.close()
    await server.close()
  })

  it('GIVEN six feeds on one host THEN at most two are fetched at once', async () => {
    const report = await ingest.pollOnce({ concurrency: 8 })
    expect(report).toMatchObject({ feeds: 6, ok: 6, newItems: 6 })
    expect(maxInFlight).toBe(2)
  })

  it('GIVEN a tick while a cycle runs THEN the second tick is skipped, not run alongside', async () => {
    let release!: () => void
    let runs = 0
    const poller = createPoller({
      cron: '*/5 * * * *',
      run: async () => {
        runs++
        await new Promise<void>((r) => (release = r))
        return {
          feeds: 0,
          ok: 0,
          notModified: 0,
          failed: 0,
          newItems: 0,
          duplicates: 0,
          updated: 0,
          seconds: 0,
          failures: [],
          disabled: [],
        }
      },
    })
    const first = poller.tick()
    expect(await poller.tick()).toBeNull()
    release()
    expect(await first).not.toBeNull()
    expect(runs).toBe(1)
  })
})

describe('poller: a feed that moved', () => {
  it('GIVEN a permanent redirect THEN the feed is fetched from its new address afterwards', async () => {
    const server = await startFeedServer({
      '/old.xml': status(301, { location: '/new.xml' }),
      '/new.xml': serve(rss('Moved', [{ title: 'Moved story', link: 'https://m.example/1' }])),
      '/temp.xml': status(302, { location: '/new.xml' }),
    })
    const store = await openStore('sqlite::memory:')
    const ingest = createIngest({
      store,
      allowPrivateNetwork: true,
      pollCron: '*/5 * * * *',
      stages: [],
      now: () => T0,
    })
    try {
      const moved = (await store.feeds.add({ url: server.url('/old.xml') }, T0)).feed
      const temporary = (await store.feeds.add({ url: server.url('/temp.xml') }, T0)).feed
      expect(await ingest.pollOnce({ feeds: [moved] })).toMatchObject({ ok: 1, newItems: 1 })
      expect((await store.feeds.get(moved.id))!.url).toBe(server.url('/new.xml'))
      await ingest.pollOnce({ feeds: [temporary] })
      expect((await store.feeds.get(temporary.id))!.url).toBe(server.url('/temp.xml'))
    } finally {
      await ingest.close()
      await store.close()
      await server.close()
    }
  })
})

describe('poller: servers without ETag', () => {
  it('GIVEN the same body again from a server without validators THEN not modified, no entry parsed again; a change is ingested', async () => {
    let body = rss('No ETag', [{ title: 'One', link: 'https://n.example/1' }])
    const conditional: string[] = []
    const server = await startFeedServer({
      '/feed.xml': (req, res) => {
        if (req.headers['if-none-match']) conditional.push(String(req.headers['if-none-match']))
        res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(body)
      },
    })
    const store = await openStore('sqlite::memory:')
    const stage: PipelineStage & { runs: number } = {
      name: 'count',
      runs: 0,
      async run() {
        this.runs++
      },
    }
    const ingest = createIngest({
      store,
      allowPrivateNetwork: true,
      pollCron: '*/5 * * * *',
      stages: [stage],
      now: () => T0,
    })
    try {
      const { feed } = await store.feeds.add({ url: server.url('/feed.xml') }, T0)
      expect(await ingest.pollOnce({ feeds: [feed] })).toMatchObject({ ok: 1, newItems: 1 })
      const again = await ingest.pollOnce({ feeds: [(await store.feeds.get(feed.id))!] })
      expect(again).toMatchObject({ ok: 0, notModified: 1, newItems: 0, duplicates: 0 })
      body = rss('No ETag', [
        { title: 'Two', link: 'https://n.example/2' },
        { title: 'One', link: 'https://n.example/1' },
      ])
      const changed = await ingest.pollOnce({ feeds: [(await store.feeds.get(feed.id))!] })
      expect(changed).toMatchObject({ ok: 1, newItems: 1, duplicates: 1 })
      expect(stage.runs).toBe(2)
      expect(conditional).toEqual([])
    } finally {
      await ingest.close()
      await store.close()
      await server.close()
    }
  })
})

describe('backoff and disable reasons', () => {
  it.each([
    [1, 0, 5],
    [2, 0, 10],
    [4, 0, 40],
    [20, 0, 24 * 60],
    [1, 3_600_000, 60],
  ])(
    'GIVEN %i failures and Retry-After %i ms THEN the wait is %i min',
    (failures, retryAfter, expected) => {
      expect(backoffMs(failures, retryAfter)).toBe(expected * 60_000)
    }
  )

  it.each([
    ['TOO_LARGE', 'TOO_LARGE'],
    ['FORBIDDEN', 'FORBIDDEN'],
    ['NOT_A_FEED', 'NOT_A_FEED'],
    ['BAD_FORMAT', 'BAD_FORMAT'],
    ['EMPTY', 'BAD_FORMAT'],
    ['TIMEOUT', 'FAILED_REQUESTS'],
    ['HTTP_5XX', 'FAILED_REQUESTS'],
  ])('GIVEN a last failure %s THEN the feed is disabled as %s', (code, reason) => {
    expect(disabledReasonFor(code)).toBe(reason)
  })
})
