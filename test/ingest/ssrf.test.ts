import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createFetcher, type FetchResult } from '../../src/ingest/fetch.js'
import {
  blockedRange,
  createSsrfGuard,
  SsrfBlockedError,
  type Resolve,
} from '../../src/ingest/ssrf.js'
import { serve, startFeedServer, status, type FeedServer } from '../helpers/feed-server.js'

// "public.test" resolves (for the guard) to a public-looking address; `route` dials the loopback
// test server behind it, so nothing leaves the machine.
const PUBLIC = '93.184.216.34'
const resolveTest: Resolve = async (host) => {
  if (host === 'public.test') return [{ address: PUBLIC, family: 4 }]
  if (host === 'rebind.test')
    return [
      { address: PUBLIC, family: 4 },
      { address: '10.1.2.3', family: 4 },
    ]
  if (host === 'localhost')
    return [
      { address: '127.0.0.1', family: 4 },
      { address: '::1', family: 6 },
    ]
  throw Object.assign(new Error('not found'), { code: 'ENOTFOUND' })
}
const toLoopback = (a: { address: string; family: 4 | 6 }) =>
  a.address === PUBLIC ? { address: '127.0.0.1', family: 4 as const } : a

describe('blockedRange', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['10.0.0.1', 'private'],
    ['172.16.5.4', 'private'],
    ['192.168.1.1', 'private'],
    ['169.254.169.254', 'linkLocal'],
    ['100.64.0.1', 'carrierGradeNat'],
    ['224.0.0.1', 'multicast'],
    ['0.0.0.0', 'unspecified'],
    ['255.255.255.255', 'broadcast'],
    ['::1', 'loopback'],
    ['fe80::1', 'linkLocal'],
    ['fc00::1', 'uniqueLocal'],
    ['::', 'unspecified'],
    ['ff02::1', 'multicast'],
  ])('GIVEN %s THEN it is refused as %s', (address, range) => {
    expect(blockedRange(address)).toBe(range)
  })

  it.each([
    ['::ffff:127.0.0.1'],
    ['::ffff:10.0.0.1'],
    ['::ffff:169.254.169.254'],
    ['64:ff9b::a00:1'],
    ['2002:7f00:1::1'],
  ])('GIVEN the IPv4-in-IPv6 form %s of a private address THEN it is refused', (address) => {
    expect(blockedRange(address)).not.toBeNull()
  })

  it.each([['93.184.216.34'], ['8.8.8.8'], ['2606:4700:4700::1111'], ['::ffff:8.8.8.8']])(
    'GIVEN the public address %s THEN it is allowed',
    (address) => {
      expect(blockedRange(address)).toBeNull()
    }
  )
})

describe('SSRF guard on real fetches (127.0.0.1 server)', () => {
  let server: FeedServer
  const fetchers: Array<ReturnType<typeof createFetcher>> = []
  const guarded = () => {
    const fetcher = createFetcher({
      guard: createSsrfGuard({ resolve: resolveTest, route: toLoopback }),
      timeoutMs: 2000,
    })
    fetchers.push(fetcher)
    return fetcher
  }
  const expectBlocked = (result: FetchResult) => {
    expect(result.ok).toBe(false)
    if (!result.ok) expect(result.code).toBe('SSRF_BLOCKED')
  }

  beforeAll(async () => {
    server = await startFeedServer({
      '/feed.xml': serve('<rss version="2.0"><channel><title>ok</title></channel></rss>'),
      '/to-private': status(302, { location: 'http://10.0.0.1/feed.xml' }),
      '/to-loopback': (_req, res) => {
        res.writeHead(301, { location: `http://127.0.0.1:${server.port}/feed.xml` }).end()
      },
      '/to-localhost': (_req, res) => {
        res.writeHead(307, { location: `http://localhost:${server.port}/feed.xml` }).end()
      },
      '/to-metadata': status(302, { location: 'http://169.254.169.254/latest/meta-data/' }),
    })
  })
  afterAll(async () => {
    for (const f of fetchers) await f.close()
    await server.close()
  })

  it('GIVEN a public-looking host THEN the fetch goes through (the guard is not just refusing everything)', async () => {
    const result = await guarded().fetchFeed(`http://public.test:${server.port}/feed.xml`)
    expect(result.ok).toBe(true)
  })

  it.each([
    ['127.0.0.1', (port: number) => `http://127.0.0.1:${port}/feed.xml`],
    ['10.0.0.1', () => 'http://10.0.0.1/feed.xml'],
    ['169.254.169.254', () => 'http://169.254.169.254/latest/meta-data/'],
    ['[::1]', (port: number) => `http://[::1]:${port}/feed.xml`],
    ['[::ffff:127.0.0.1]', (port: number) => `http://[::ffff:127.0.0.1]:${port}/feed.xml`],
    [
      'localhost (a name resolving to loopback)',
      (port: number) => `http://localhost:${port}/feed.xml`,
    ],
    [
      'a name with one public and one private address',
      (port: number) => `http://rebind.test:${port}/feed.xml`,
    ],
  ])(
    'GIVEN %s THEN the fetch is refused with SSRF_BLOCKED and never reaches the server',
    async (_name, url) => {
      const before = server.hits.length
      const result = await guarded().fetchFeed(url(server.port))
      expectBlocked(result)
      if (!result.ok) expect(result.message).toMatch(/refused to fetch .*ALLOW_PRIVATE_NETWORK/)
      expect(server.hits.length).toBe(before)
    }
  )

  it.each([['/to-private'], ['/to-loopback'], ['/to-localhost'], ['/to-metadata']])(
    'GIVEN an allowed host redirecting (%s) to a private address THEN the redirect is refused',
    async (path) => {
      const result = await guarded().fetchFeed(`http://public.test:${server.port}${path}`)
      expectBlocked(result)
      expect(server.hits.filter((h) => h === '/feed.xml').length).toBeLessThanOrEqual(1)
    }
  )

  it('GIVEN ALLOW_PRIVATE_NETWORK THEN loopback and localhost are fetched', async () => {
    const fetcher = createFetcher({ allowPrivate: true, timeoutMs: 2000 })
    fetchers.push(fetcher)
    expect((await fetcher.fetchFeed(server.url('/feed.xml'))).ok).toBe(true)
    expect((await fetcher.fetchFeed(`http://localhost:${server.port}/feed.xml`)).ok).toBe(true)
  })

  it('GIVEN a name that does not resolve THEN the failure is DNS', async () => {
    const result = await guarded().fetchFeed('http://nowhere.test/feed.xml')
    expect(result.ok).toBe(false)
    if (!result.ok) expect(result.code).toBe('DNS')
  })

  it('GIVEN vetHost on a loopback name THEN it throws SsrfBlockedError naming the address', async () => {
    const guard = createSsrfGuard({ resolve: resolveTest })
    await expect(guard.vetHost('localhost')).rejects.toThrow(SsrfBlockedError)
    await expect(guard.vetHost('localhost')).rejects.toThrow(/127\.0\.0\.1, a loopback address/)
  })
})
