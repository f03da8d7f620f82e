import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createIngest, type Ingest } from '../../src/ingest/runtime.js'
import { createDiscrepancyStore } from '../../src/store/discrepancies.js'
import { openStore } from '../../src/store/open-store.js'
import type { Store } from '../../src/store/store.js'
import { rss, serve, startFeedServer, type FeedServer } from '../helpers/feed-server.js'

const ARTICLE = `<!doctype html><html><head><title>Qwen3 scores do not replicate</title></head><body>
<nav>Home · News · About</nav>
<article><h1>Qwen3 scores do not replicate</h1>
<p>Independent testers could not reproduce the scores the lab published for Qwen3 last week. The gap was largest on coding benchmarks, where the evaluation harness differed from the one in the paper.</p>
<p>The lab said it would publish its prompts. Until then, the testers say, the official figures should be read with care, since the model was also evaluated with a larger sampling budget.</p>
<table><thead><tr><th>Benchmark</th><th>Claimed</th><th>Independent</th></tr></thead>
<tbody><tr><td>HumanEval</td><td>88.4%</td><td>79.1%</td></tr><tr><td>MBPP</td><td>81.0%</td><td>74.2%</td></tr></tbody></table>
<p>Both sides agree the model is strong; the dispute is about how much.</p></article>
<footer>© Example</footer></body></html>`

describe('full-text stage', () => {
  let server: FeedServer
  let store: Store
  let ingest: Ingest
  beforeAll(async () => {
    server = await startFeedServer({ '/article': serve(ARTICLE, 'text/html; charset=utf-8') })
    store = await openStore('sqlite::memory:')
    ingest = createIngest({ store, allowPrivateNetwork: true, pollCron: '0 0 1 1 *' })
  })
  afterAll(async () => {
    await ingest.close()
    await store.close()
    await server.close()
  })

  it('GIVEN a controversy with a one-line summary THEN the article page is fetched and its table extracted', async () => {
    const { feed } = await store.feeds.add({ url: server.url('/feed.xml') }, new Date())
    const body = rss('Wire', [
      {
        title: 'Qwen3 benchmark scores fail to replicate, independent testers say',
        link: server.url('/article'),
        guid: 'q1',
        description: 'Testers could not reproduce the published figures.',
      },
      { title: 'Mistral raises a new funding round', link: server.url('/other'), guid: 'm1', description: 'Funding news.' },
    ])
    await ingest.pipeline.ingestDocument(feed, { body: Buffer.from(body), url: feed.url }, { now: new Date(), backlog: false })
    // Only the controversy's page was fetched; the ordinary item was left as the feed gave it.
    expect(server.hits.filter((h) => h === '/article')).toHaveLength(1)
    expect(server.hits).not.toContain('/other')
    const rows = await createDiscrepancyStore(store.db).forModel('qwen3')
    expect(rows.map((r) => [r.benchmark, r.claimed, r.measured])).toEqual([
      ['HumanEval', 88.4, 79.1],
      ['MBPP', 81, 74.2],
    ])
    const item = await store.items.getByUrl(server.url('/article'))
    expect(item?.contentText).toContain('Independent testers could not reproduce')
    expect(item?.contentText).not.toContain('© Example')
  })

  it('GIVEN an article page on a private address without ALLOW_PRIVATE_NETWORK THEN it is not fetched and nothing breaks', async () => {
    const guarded = createIngest({ store, allowPrivateNetwork: false, pollCron: '0 0 1 1 *' })
    const before = server.hits.length
    const { feed } = await store.feeds.add({ url: 'https://wire.example/feed.xml' }, new Date())
    const body = rss('Wire', [
      { title: 'MMLU scores inflated, auditors say; claims do not replicate', link: server.url('/article?x=1'), guid: 'p1', description: 'Short.' },
    ])
    const outcome = await guarded.pipeline.ingestDocument(feed, { body: Buffer.from(body), url: feed.url }, { now: new Date(), backlog: false })
    expect(outcome.newItems).toBe(1)
    expect(outcome.stageErrors).toEqual([])
    expect(server.hits.length).toBe(before)
    await guarded.close()
  })
})
