import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  createFetcher,
  FetchError,
  parseRetryAfter,
  type Fetcher,
  type FetchResult,
} from '../../src/ingest/fetch.js'
import {
  huge,
  serve,
  serveGzip,
  slow,
  startFeedServer,
  status,
  withEtag,
  type FeedServer,
} from '../helpers/feed-server.js'

const FEED = '<?xml version="1.0"?><rss version="2.0"><channel><title>Feed</title></channel></rss>'

function failed(result: FetchResult) {
  if (result.ok) throw new Error(`expected a failure, got HTTP ${result.status}`)
  return result
}
function body(result: FetchResult): string {
  if (!result.ok || result.notModified)
    throw new Error(`expected a body, got ${JSON.stringify(result)}`)
  return Buffer.from(result.body).toString('utf8')
}

describe('fetcher (real HTTP on 127.0.0.1)', () => {
  let server: FeedServer
  let fetcher: Fetcher
  let userAgent = ''
  const now = new Date('2026-03-01T12:00:00Z')

  const bomb = gzipSync(Buffer.alloc(30 * 1024 * 1024, 0x20), { level: 1 })

  beforeAll(async () => {
    server = await startFeedServer({
      '/etag.xml': withEtag(FEED, '"v1"'),
      '/last-modified.xml': (req, res) => {
        const stamp = 'Sun, 01 Mar 2026 10:00:00 GMT'
        if (req.headers['if-modified-since'] === stamp) res.writeHead(304).end()
        else
          res
            .writeHead(200, { 'last-modified': stamp, 'content-type': 'application/rss+xml' })
            .end(FEED)
      },
      '/ua.xml': (req, res) => {
        userAgent = String(req.headers['user-agent'])
        res.writeHead(200).end(FEED)
      },
      '/slow.xml': slow(5000),
      '/500.xml': status(500),
      '/403.xml': status(403),
      '/404.xml': status(404),
      '/410.xml': status(410),
      '/429.xml': status(429, { 'retry-after': '120' }),
      '/503.xml': status(503, { 'retry-after': 'Sun, 01 Mar 2026 12:30:00 GMT' }),
      '/loop-a': status(302, { location: '/loop-b' }),
      '/loop-b': status(302, { location: '/loop-a' }),
      '/to-file': status(302, { location: 'file:///etc/passwd' }),
      '/r1': status(301, { location: '/r2' }),
      '/r2': status(308, { location: '/etag.xml' }),
      '/chain0': status(302, { location: '/chain1' }),
      '/chain1': status(302, { location: '/chain2' }),
      '/chain2': status(302, { location: '/chain3' }),
      '/chain3': status(302, { location: '/chain4' }),
      '/chain4': status(302, { location: '/chain5' }),
      '/chain5': status(302, { location: '/chain6' }),
      '/chain6': serve(FEED),
      '/big.xml': huge(50 * 1024 * 1024),
      '/big-declared.xml': huge(50 * 1024 * 1024, true),
      '/bomb.gz': (_req, res) => {
        res.writeHead(200, { 'content-encoding': 'gzip' }).end(bomb)
      },
      '/gzip.xml': serveGzip(FEED),
      '/br.xml': (_req, res) => {
        res.writeHead(200, { 'content-encoding': 'br' }).end(brotliCompressSync(FEED))
      },
      '/deflate.xml': (_req, res) => {
        res.writeHead(200, { 'content-encoding': 'deflate' }).end(deflateSync(FEED))
      },
      '/bad-gzip.xml': (_req, res) => {
        res.writeHead(200, { 'content-encoding': 'gzip' }).end('this is not gzip')
      },
      '/page.html': serve(
        Buffer.from('<html><head><title>Статья</title></head><body>Привет</body></html>', 'utf8'),
        'text/html; charset=utf-8'
      ),
    })
    fetcher = createFetcher({
      allowPrivate: true,
      timeoutMs: 400,
      maxBytes: 10 * 1024 * 1024,
      now: () => now,
    })
  })
  afterAll(async () => {
    await fetcher.close()
    await server.close()
  })

  it('GIVEN a feed THEN its body, ETag and the benchwatch User-Agent', async () => {
    const result = await fetcher.fetchFeed(server.url('/etag.xml'))
    expect(body(result)).toBe(FEED)
    expect(result.ok && !result.notModified && result.etag).toBe('"v1"')
    await fetcher.fetchFeed(server.url('/ua.xml'))
    expect(userAgent).toMatch(/^benchwatch\/\S+ \(\+https?:\/\//)
  })

  it('GIVEN the ETag of the last fetch THEN the server answers 304 and nothing is read', async () => {
    const result = await fetcher.fetchFeed(server.url('/etag.xml'), { etag: '"v1"' })
    expect(result).toMatchObject({ ok: true, notModified: true, etag: '"v1"' })
  })

  it('GIVEN Last-Modified of the last fetch THEN If-Modified-Since gets a 304', async () => {
    const first = await fetcher.fetchFeed(server.url('/last-modified.xml'))
    const lastModified = first.ok && !first.notModified ? first.lastModified : null
    expect(lastModified).toBe('Sun, 01 Mar 2026 10:00:00 GMT')
    expect(
      await fetcher.fetchFeed(server.url('/last-modified.xml'), { lastModified })
    ).toMatchObject({ notModified: true })
  })

  it('GIVEN a server that hangs THEN TIMEOUT after the configured time', async () => {
    const started = Date.now()
    expect(failed(await fetcher.fetchFeed(server.url('/slow.xml'))).code).toBe('TIMEOUT')
    expect(Date.now() - started).toBeLessThan(2000)
  })

  it('GIVEN a hanging feed THEN a second feed of the same host is fetched meanwhile, not queued behind it', async () => {
    const started = Date.now()
    const hanging = fetcher.fetchFeed(server.url('/slow.xml'))
    const other = await fetcher.fetchFeed(server.url('/etag.xml'))
    expect(body(other)).toBe(FEED)
    expect(Date.now() - started).toBeLessThan(300)
    expect(failed(await hanging).code).toBe('TIMEOUT')
  })

  it.each([
    ['/500.xml', 'HTTP_5XX', 500],
    ['/403.xml', 'FORBIDDEN', 403],
    ['/404.xml', 'NOT_FOUND', 404],
    ['/410.xml', 'NOT_FOUND', 410],
  ])('GIVEN %s THEN %s with the status', async (path, code, statusCode) => {
    const result = failed(await fetcher.fetchFeed(server.url(path)))
    expect(result).toMatchObject({ code, status: statusCode })
    expect(result.message).toContain(`HTTP ${statusCode}`)
  })

  it('GIVEN 429 with Retry-After in seconds THEN the wait is returned', async () => {
    const result = failed(await fetcher.fetchFeed(server.url('/429.xml')))
    expect(result).toMatchObject({ code: 'HTTP_4XX', status: 429, retryAfterMs: 120_000 })
  })

  it('GIVEN 503 with Retry-After as a date THEN the wait runs to that date', async () => {
    const result = failed(await fetcher.fetchFeed(server.url('/503.xml')))
    expect(result).toMatchObject({ code: 'HTTP_5XX', status: 503, retryAfterMs: 30 * 60_000 })
  })

  it('GIVEN a redirect loop THEN REDIRECT_LOOP', async () => {
    expect(failed(await fetcher.fetchFeed(server.url('/loop-a'))).code).toBe('REDIRECT_LOOP')
  })

  it('GIVEN six redirects THEN REDIRECT_LOOP (at most five are followed)', async () => {
    const result = failed(await fetcher.fetchFeed(server.url('/chain0')))
    expect(result.code).toBe('REDIRECT_LOOP')
    expect(result.message).toMatch(/more than 5 redirects/)
    expect(body(await fetcher.fetchFeed(server.url('/chain1')))).toBe(FEED)
  })

  it('GIVEN permanent redirects THEN the body and the new address', async () => {
    const result = await fetcher.fetchFeed(server.url('/r1'))
    expect(body(result)).toBe(FEED)
    expect(result.ok && !result.notModified && result.movedTo).toBe(server.url('/etag.xml'))
  })

  it('GIVEN a 50 MB body THEN TOO_LARGE, aborted near the cap (streamed, not read whole)', async () => {
    const before = process.memoryUsage().rss
    const result = failed(await fetcher.fetchFeed(server.url('/big.xml')))
    expect(result.code).toBe('TOO_LARGE')
    expect(process.memoryUsage().rss - before).toBeLessThan(40 * 1024 * 1024)
    expect(failed(await fetcher.fetchFeed(server.url('/big-declared.xml'))).code).toBe('TOO_LARGE')
  })

  it('GIVEN a gzip bomb (30 MB of spaces in 30 KB) THEN TOO_LARGE on the decompressed size', async () => {
    expect(failed(await fetcher.fetchFeed(server.url('/bomb.gz'))).code).toBe('TOO_LARGE')
  })

  it.each([['/gzip.xml'], ['/br.xml'], ['/deflate.xml']])(
    'GIVEN a compressed body (%s) THEN it is decompressed',
    async (path) => {
      expect(body(await fetcher.fetchFeed(server.url(path)))).toBe(FEED)
    }
  )

  it('GIVEN a body that claims gzip but is not THEN a NETWORK failure saying so', async () => {
    const result = failed(await fetcher.fetchFeed(server.url('/bad-gzip.xml')))
    expect(result.code).toBe('NETWORK')
    expect(result.message).toMatch(/compressed|header/i)
  })

  it('GIVEN nothing listening THEN NETWORK', async () => {
    const result = failed(await fetcher.fetchFeed('http://127.0.0.1:1/feed.xml'))
    expect(result.code).toBe('NETWORK')
  })

  it('GIVEN a redirect to a file: URL THEN BAD_URL, the file is never read', async () => {
    const result = failed(await fetcher.fetchFeed(server.url('/to-file')))
    expect(result.code).toBe('BAD_URL')
    expect(result.message).toMatch(/only http\(s\) URLs/)
  })

  it('GIVEN a non-http URL THEN BAD_URL', async () => {
    expect(failed(await fetcher.fetchFeed('ftp://example.org/feed.xml')).code).toBe('BAD_URL')
    expect(failed(await fetcher.fetchFeed('not a url')).code).toBe('BAD_URL')
  })

  it('GIVEN an article page THEN fetchPage returns its decoded text', async () => {
    const page = await fetcher.fetchPage(server.url('/page.html'))
    expect(page.body).toContain('Привет')
    expect(page.contentType).toMatch(/text\/html/)
    await expect(fetcher.fetchPage(server.url('/404.xml'))).rejects.toThrow(FetchError)
  })

  describe('file: feeds', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bw-fetch-'))
    const file = join(dir, 'feed.xml')
    afterAll(() => rmSync(dir, { recursive: true, force: true }))

    it('GIVEN a file feed THEN it is read, and unchanged it is "not modified"', async () => {
      writeFileSync(file, FEED)
      const url = pathToFileURL(file).href
      const first = await fetcher.fetchFeed(url, {}, { allowFile: true })
      expect(body(first)).toBe(FEED)
      const etag = first.ok && !first.notModified ? first.etag : null
      expect(await fetcher.fetchFeed(url, { etag }, { allowFile: true })).toMatchObject({
        notModified: true,
      })
      writeFileSync(file, FEED.replace('Feed', 'Feed 2'))
      utimesSync(file, new Date(), new Date(Date.now() + 5000))
      expect(body(await fetcher.fetchFeed(url, { etag }, { allowFile: true }))).toContain('Feed 2')
    })

    it('GIVEN a file feed without allowFile (a chat-added feed) THEN it is refused', async () => {
      expect(failed(await fetcher.fetchFeed(pathToFileURL(file).href)).code).toBe('BAD_URL')
    })

    it('GIVEN a missing file THEN NOT_FOUND naming it', async () => {
      const result = failed(
        await fetcher.fetchFeed(pathToFileURL(join(dir, 'gone.xml')).href, {}, { allowFile: true })
      )
      expect(result).toMatchObject({ code: 'NOT_FOUND' })
      expect(result.message).toContain('gone.xml')
    })
  })
})

describe('parseRetryAfter', () => {
  const now = new Date('2026-03-01T12:00:00Z')
  it.each([
    ['120', 120_000],
    ['0', 0],
    ['Sun, 01 Mar 2026 12:01:00 GMT', 60_000],
    ['Sun, 01 Mar 2026 11:00:00 GMT', 0],
    ['soon', null],
    [undefined, null],
  ])('GIVEN Retry-After %s THEN %s ms', (value, expected) => {
    expect(parseRetryAfter(value, now)).toBe(expected)
  })
})
