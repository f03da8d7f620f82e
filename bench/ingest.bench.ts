import RssParser from 'rss-parser'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createFetcher } from '../src/ingest/fetch.js'
import { createPipeline } from '../src/ingest/pipeline.js'
import { pollOnce } from '../src/ingest/poller.js'
import { createSsrfGuard } from '../src/ingest/ssrf.js'
import { defaultStages } from '../src/ingest/stages.js'
import { openStore } from '../src/store/open-store.js'
import type { BenchResult } from './types.js'

const ITEMS = 5_000
const RUNS = 3
const FEEDS = 1_000

/**
 * (a) The ingest pipeline on a generated 5,000-item RSS feed: fetch from a loopback server,
 * decode, parse, normalise, dedup and store in a fresh SQLite store (a feed's first fetch, every
 * item new) — beside rss-parser's parse-only speed on the same bytes in the same run.
 * ratio = our items/s ÷ rss-parser items/s; goal ≥ 1.0.
 * (b) One poll cycle over 1,000 feeds on one loopback server under 1,000 host names (the
 * per-host limit applies per name, as with real feeds): half answer 304, half serve 10 new
 * everyday news items each, which go through the full pipeline (dedup, clustering, classify,
 * extract). Goal ≤ 10 s, ≤ 200 MB RSS. Runs first, so RSS is not inflated by (a).
 */
export default async function ingestBench(): Promise<BenchResult[]> {
  const feedXml = generateFeed(ITEMS)
  const bytes = Buffer.from(feedXml, 'utf8')
  const small = new Map<number, Buffer>()
  const server = createServer((req, res) => {
    const path = req.url ?? '/'
    if (path === '/big.xml') {
      res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(bytes)
      return
    }
    const n = Number(path.match(/^\/f(\d+)\.xml$/)?.[1] ?? NaN)
    if (Number.isNaN(n)) {
      res.writeHead(404).end()
      return
    }
    const etag = `"f${n}"`
    if (req.headers['if-none-match'] === etag) {
      res.writeHead(304, { etag }).end()
      return
    }
    let body = small.get(n)
    if (!body) small.set(n, (body = Buffer.from(generateNews(10, `feed ${n}`, n * 10), 'utf8')))
    res.writeHead(200, { 'content-type': 'application/rss+xml', etag }).end(body)
  })
  server.keepAliveTimeout = 5000
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as AddressInfo).port
  const guard = createSsrfGuard({
    allowPrivate: true,
    resolve: async () => [{ address: '127.0.0.1', family: 4 }],
  })
  const fetcher = createFetcher({ guard, timeoutMs: 30_000, maxBytes: 50 * 1024 * 1024 })
  const now = new Date('2026-01-05T12:00:00Z')

  try {
    // (b) one poll cycle over 1,000 feeds, half answering 304
    const store = await openStore('sqlite::memory:')
    for (let i = 0; i < FEEDS; i++) {
      const { feed } = await store.feeds.add(
        { url: `http://feed${i}.bench.test:${port}/f${i}.xml` },
        now
      )
      // the even half was fetched before: its ETag is stored, so the server answers 304
      if (i % 2 === 0)
        await store.feeds.update(feed.id, { etag: `"f${i}"`, lastOkAt: now.toISOString() })
    }
    // stage time is summed across the cycle's workers, to tell the poller's own cost apart
    const stageMs = new Map<string, number>()
    const stages = defaultStages(store).map((stage) => ({
      name: stage.name,
      async run(...args: Parameters<typeof stage.run>) {
        const started = performance.now()
        await stage.run(...args)
        stageMs.set(stage.name, (stageMs.get(stage.name) ?? 0) + performance.now() - started)
      },
    }))
    const pipeline = createPipeline({ store, stages })
    global.gc?.()
    const baseRss = process.memoryUsage().rss
    let peakRss = baseRss
    const sampler = setInterval(() => {
      peakRss = Math.max(peakRss, process.memoryUsage().rss)
    }, 20)
    const started = performance.now()
    const report = await pollOnce({ store, fetcher, pipeline, now: () => now })
    const cycleMs = performance.now() - started
    clearInterval(sampler)
    peakRss = Math.max(peakRss, process.memoryUsage().rss)
    await store.close()
    if (report.failed > 0)
      throw new Error(`poll bench: ${report.failed} feeds failed: ${report.failures[0]?.message}`)

    // (a) pipeline vs rss-parser, interleaved so both see the same machine state
    const rssParser = new RssParser()
    const ours: number[] = []
    const theirs: number[] = []
    let stored = 0
    for (let run = 0; run < RUNS + 1; run++) {
      const store = await openStore('sqlite::memory:')
      const { feed } = await store.feeds.add({ url: `http://127.0.0.1:${port}/big.xml` }, now)
      const pipeline = createPipeline({ store, stages: [] })
      let started = performance.now()
      const fetched = await fetcher.fetchFeed(feed.url)
      if (!fetched.ok || fetched.notModified)
        throw new Error(`bench feed fetch failed: ${JSON.stringify(fetched)}`)
      const outcome = await pipeline.ingestDocument(feed, fetched, { now, backlog: true })
      const oursMs = performance.now() - started
      stored = await store.items.count()
      await store.close()
      started = performance.now()
      const parsed = await rssParser.parseString(bytes.toString('utf8'))
      const theirsMs = performance.now() - started
      if (outcome.newItems !== ITEMS || parsed.items.length !== ITEMS)
        throw new Error(`expected ${ITEMS} items`)
      if (run > 0) {
        ours.push(oursMs)
        theirs.push(theirsMs)
      }
    }
    const oursMs = median(ours)
    const theirsMs = median(theirs)

    const mb = (n: number) => Math.round(n / 1024 / 1024)
    return [
      {
        name: `ingest pipeline: fetch+parse+normalise+dedup+store, ${ITEMS}-item RSS (${(bytes.length / 1e6).toFixed(1)} MB, ${stored} stored)`,
        unit: 'items/s',
        opsPerSec: ITEMS / (oursMs / 1000),
        p50Ms: round(oursMs),
        ratio: theirsMs / oursMs,
        note: 'ratio = our full ingest speed / rss-parser parse-only speed on the same bytes; goal ≥ 1.0',
      },
      {
        name: `rss-parser 3.13 parseString, ${ITEMS} items (baseline, same run)`,
        unit: 'items/s',
        opsPerSec: ITEMS / (theirsMs / 1000),
        p50Ms: round(theirsMs),
      },
      {
        name: `poll cycle: ${FEEDS} loopback feeds, ${report.notModified} answering 304, ${report.newItems} new items (classify+extract)`,
        unit: 'feeds/s',
        opsPerSec: FEEDS / (cycleMs / 1000),
        p50Ms: round(cycleMs),
        note: `wall ${(cycleMs / 1000).toFixed(2)} s (goal ≤ 10 s), of which stages ${[...stageMs].map(([n, ms]) => `${n} ${(ms / 1000).toFixed(1)} s`).join(', ')}; peak RSS ${mb(peakRss)} MB (goal ≤ 200 MB; ${mb(baseRss)} MB before the cycle)`,
      },
    ]
  } finally {
    await fetcher.close()
    server.closeAllConnections()
    await new Promise<void>((resolve) => server.close(() => resolve()))
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)]!
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10
}

/**
 * A small feed of everyday AI news (launches, funding, research, the odd benchmark claim), so the
 * classify and extract stages see what real feeds bring rather than a table in every item.
 */
export function generateNews(count: number, title: string, offset = 0): string {
  const orgs = [
    'OpenAI',
    'Anthropic',
    'Google DeepMind',
    'Meta',
    'Mistral',
    'Alibaba',
    'Zhipu AI',
    'xAI',
    'Cohere',
    'NVIDIA',
  ]
  const subjects = [
    'opens a new research office in',
    'raises funding to expand compute in',
    'publishes a safety report on agents used in',
    'releases an open-weights model for developers in',
    'partners with universities in',
    'announces pricing changes for customers in',
    'hires a new head of policy for',
    'ships a coding assistant update for teams in',
  ]
  const places = [
    'Europe',
    'Japan',
    'India',
    'Brazil',
    'Canada',
    'Korea',
    'Singapore',
    'Kenya',
    'Poland',
    'Mexico',
  ]
  const items: string[] = []
  for (let k = 0; k < count; k++) {
    const i = k + offset
    const org = orgs[i % orgs.length]!
    const what = subjects[(i * 7) % subjects.length]!
    const where = places[(i * 3) % places.length]!
    const claim =
      i % 10 === 0
        ? ` The company says its model scores ${(70 + (i % 20)).toFixed(1)}% on MMLU; independent testers have not yet reproduced the figure.`
        : ''
    const hour = String(i % 24).padStart(2, '0')
    items.push(`    <item>
      <title>${org} ${what} ${where} (#${i})</title>
      <link>https://news${i % 50}.example/${i}?utm_source=rss</link>
      <guid isPermaLink="false">news-${i}</guid>
      <pubDate>Mon, 05 Jan 2026 ${hour}:${String(i % 60).padStart(2, '0')}:00 +0000</pubDate>
      <category>AI</category>
      <description><![CDATA[<p>${org} ${what} ${where}, according to a statement on Monday. The move follows similar steps by competitors.${claim}</p>]]></description>
    </item>`)
  }
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>${title}</title><link>https://news.example/</link><language>en</language>
${items.join('\n')}
</channel></rss>
`
}

export function generateFeed(
  count: number,
  title = 'Benchmark news (generated)',
  offset = 0
): string {
  const models = ['Llama 4', 'GPT-5', 'Gemini 3', 'Claude Opus', 'Qwen 3', 'DeepSeek V4', 'GLM-4.7']
  const benchmarks = ['MMLU', 'GSM8K', 'HumanEval', 'GPQA', 'SWE-bench', 'ARC-AGI']
  const items: string[] = []
  for (let k = 0; k < count; k++) {
    const i = k + offset
    const model = models[i % models.length]!
    const benchmark = benchmarks[i % benchmarks.length]!
    const claimed = (60 + (i % 35) + 0.5).toFixed(1)
    const measured = (55 + (i % 30) + 0.2).toFixed(1)
    const day = String(1 + (i % 28)).padStart(2, '0')
    items.push(`    <item>
      <title>${model} scores ${claimed}% on ${benchmark} &#8212; independent run finds ${measured}% (#${i})</title>
      <link>https://bench.example/news/${i}/${model.toLowerCase().replace(/\W+/g, '-')}?utm_source=rss&amp;ref=${i}</link>
      <guid isPermaLink="false">bench-item-${i}</guid>
      <pubDate>Mon, ${day} Dec 2025 ${String(i % 24).padStart(2, '0')}:15:00 +0000</pubDate>
      <dc:creator>Reporter ${i % 17}</dc:creator>
      <category>AI</category>
      <category>${benchmark}</category>
      <description><![CDATA[<p>The lab reported <strong>${claimed}%</strong> on ${benchmark} for ${model}; an independent evaluation measured ${measured}%.</p>]]></description>
      <content:encoded><![CDATA[<p>Full story about ${model} and ${benchmark}. <a href="/news/${i}/details">Details</a></p>
<table><tr><th>Benchmark</th><th>Claimed</th><th>Measured</th></tr><tr><td>${benchmark}</td><td>${claimed}%</td><td>${measured}%</td></tr></table>
<p>Analysts said the discrepancy may come from contamination or a different prompt template.</p>]]></content:encoded>
    </item>`)
  }
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:content="http://purl.org/rss/1.0/modules/content/">
  <channel>
    <title>${title}</title>
    <link>https://bench.example/</link>
    <language>en</language>
${items.join('\n')}
  </channel>
</rss>
`
}
