import { copyFileSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PassThrough } from 'node:stream'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { main } from '../../src/adapters/cli/index.js'
import { rss, serve, startFeedServer, type FeedServer } from '../helpers/feed-server.js'

const SEED = new URL('../fixtures/feeds/seed-llama4.rss', import.meta.url).pathname
const seedFixture = (() => {
  try {
    readFileSync(SEED)
    return SEED
  } catch {
    return new URL('../fixtures/feeds/seed-llama4.rss', import.meta.url).pathname
  }
})()

describe('benchwatch ingest / poll / feeds (real files, real HTTP on 127.0.0.1, real SQLite)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bw-ingest-'))
  let server: FeedServer
  const env = (extra: Record<string, string> = {}) => ({
    DATABASE_URL: `sqlite:${join(dir, 'bw.db')}`,
    ALLOW_PRIVATE_NETWORK: 'true',
    LOG_LEVEL: 'silent',
    ...extra,
  })

  async function run(args: string[], extraEnv: Record<string, string> = {}) {
    const stdout = new PassThrough()
    const stderr = new PassThrough()
    let out = ''
    let err = ''
    stdout.on('data', (c: Buffer) => (out += c.toString()))
    stderr.on('data', (c: Buffer) => (err += c.toString()))
    const code = await main(args, {
      stdout,
      stderr,
      env: env(extraEnv),
      isTty: false,
      stdin: new PassThrough(),
    })
    return { code, out, err }
  }

  beforeAll(async () => {
    server = await startFeedServer({
      '/feed.xml': serve(
        rss('Loopback news', [
          { title: 'SWE-bench claims questioned', link: 'https://l.example/1', guid: 'l1' },
        ])
      ),
      '/blog': (_req, res) => {
        res
          .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
          .end(
            `<!doctype html><html><head><link rel="alternate" type="application/rss+xml" title="RSS" href="/feed.xml"></head><body>blog</body></html>`
          )
      },
      '/plain': serve('no feed here', 'text/plain'),
    })
    // the first app build loads every module (seconds on a busy machine): pay it in the hook
    await run(['feeds', 'list'])
  }, 60_000)
  afterAll(async () => {
    await server.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('GIVEN the seed fixture THEN 3 items are stored; again THEN 0 new', async () => {
    const first = await run(['ingest', seedFixture])
    expect(first.err).toBe('')
    expect(first.code).toBe(0)
    expect(first.out).toMatch(
      /^1 feed: 1 ok, 0 not modified, 0 failed · 3 new items, 0 duplicates, 0 updated · \d+\.\d\d s\n$/
    )
    const again = await run(['ingest', seedFixture])
    expect(again.code).toBe(0)
    expect(again.out).toMatch(/1 not modified, 0 failed · 0 new items/)
    const table = await run(['ask', '/table Llama 4'])
    expect(table.out).toMatch(/MMLU\s+\|\s+86\.5%\s+\|\s+71\.2%/)
  })

  it('GIVEN a feed file that changed THEN ingesting it again is a poll of the same feed', async () => {
    const file = join(dir, 'local.xml')
    writeFileSync(
      file,
      rss('Local', [{ title: 'First local story', link: 'https://local.example/1', guid: 'g1' }])
    )
    expect((await run(['ingest', file])).out).toMatch(/1 new item,/)
    writeFileSync(
      file,
      rss('Local', [
        { title: 'Second local story', link: 'https://local.example/2', guid: 'g2' },
        { title: 'First local story', link: 'https://local.example/1', guid: 'g1' },
      ])
    )
    utimesSync(file, new Date(), new Date(Date.now() + 10_000))
    const second = await run(['ingest', file])
    expect(second.out).toMatch(
      /1 ok, 0 not modified, 0 failed · 1 new item, 1 duplicate, 0 updated/
    )
    const list = await run(['feeds', 'list'])
    expect(list.out.match(/local\.xml/g)?.length).toBe(1)
  })

  it('GIVEN a missing file and a text file THEN exit 1, each failure named, the good source still ingested', async () => {
    const text = join(dir, 'notes.txt')
    writeFileSync(text, 'just notes')
    const copy = join(dir, 'seed-copy.rss')
    copyFileSync(seedFixture, copy)
    const result = await run(['ingest', join(dir, 'missing.xml'), text, copy])
    expect(result.code).toBe(1)
    expect(result.err).toMatch(/failed .*missing\.xml: no such file/)
    expect(result.err).toMatch(/failed .*notes\.txt: NOT_A_FEED/)
    expect(result.out).toMatch(
      /^3 feeds: 1 ok, 0 not modified, 2 failed · 0 new items, 3 duplicates/
    )
  })

  it('GIVEN a terminal THEN progress is shown while feeds are fetched, then cleared', async () => {
    const files = [1, 2, 3].map((n) => {
      const file = join(dir, `tty-${n}.xml`)
      writeFileSync(
        file,
        rss(`TTY ${n}`, [{ title: `Story ${n}`, link: `https://tty.example/${n}` }])
      )
      return file
    })
    const stdout = new PassThrough()
    const stderr = new PassThrough()
    let err = ''
    stderr.on('data', (c: Buffer) => (err += c.toString()))
    const code = await main(['ingest', ...files], {
      stdout,
      stderr,
      env: env(),
      isTty: true,
      stdin: new PassThrough(),
    })
    expect(code).toBe(0)
    expect(err).toContain('[3/3] +1')
    expect(err.endsWith('\r\x1b[K')).toBe(true)
  })

  it('GIVEN an unknown id THEN feeds enable says so and exits 1', async () => {
    const missing = await run(['feeds', 'enable', 'nope'])
    expect(missing.code).toBe(1)
    expect(missing.err).toMatch(/no feed with id nope/)
  })

  it('GIVEN no arguments THEN a usage error', async () => {
    const result = await run(['ingest'])
    expect(result.code).toBe(2)
    expect(result.err).toMatch(/give at least one FILE or URL/)
  })

  it('GIVEN an HTML page URL THEN feeds add finds its feed, and list shows health', async () => {
    const added = await run(['feeds', 'add', server.url('/blog')])
    expect(added.code).toBe(0)
    expect(added.out).toContain(`added`)
    expect(added.out).toContain(`${server.url('/feed.xml')} (found on ${server.url('/blog')})`)
    const refused = await run(['feeds', 'add', server.url('/plain')])
    expect(refused.code).toBe(1)
    expect(refused.err).toMatch(/is not a feed/)
    const polled = await run(['poll'])
    expect(polled.code).toBe(0)
    expect(polled.out).toMatch(/1 new item/)
    const list = await run(['feeds', 'list'])
    expect(list.out).toMatch(/Loopback news · 1 items · ok · last ok \S+ · next \S+/)
  })

  it('GIVEN feeds THEN export-opml and import-opml round-trip; a bad OPML is a clear error', async () => {
    const exported = await run(['feeds', 'export-opml'])
    expect(exported.out).toContain(`xmlUrl="${server.url('/feed.xml')}"`)
    const opml = join(dir, 'feeds.opml')
    writeFileSync(
      opml,
      exported.out.replace(
        '</body>',
        '<outline text="Extra" xmlUrl="https://extra.example/feed.xml"/></body>'
      )
    )
    const imported = await run(['feeds', 'import-opml', opml])
    expect(imported.out).toMatch(/imported 1 new feed \(\d+ already present\)/)
    const bad = join(dir, 'bad.opml')
    writeFileSync(bad, '<html><body>nope</body></html>')
    const failed = await run(['feeds', 'import-opml', bad])
    expect(failed.code).toBe(1)
    expect(failed.err).toMatch(/not an OPML document/)
  })

  it('GIVEN FEEDS_FILE THEN poll seeds it; an invalid FEEDS_FILE is a one-line error', async () => {
    const list = join(dir, 'feeds.json')
    writeFileSync(
      list,
      JSON.stringify([
        { url: server.url('/feed.xml'), title: 'Dup' },
        { url: 'https://x.example/rss', title: 'X' },
      ])
    )
    const before = (await run(['feeds', 'list'])).out
    expect(before).not.toContain('x.example')
    await run(['poll'], { FEEDS_FILE: list })
    expect((await run(['feeds', 'list'])).out).toContain('https://x.example/rss')
    writeFileSync(list, JSON.stringify([{ url: 'gopher://x' }]))
    const bad = await run(['poll'], { FEEDS_FILE: list })
    expect(bad.code).toBe(1)
    expect(bad.err).toMatch(/feeds\.json: entry 1: url: expected an http\(s\) or file URL/)
  })
})
