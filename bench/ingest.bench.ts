import RssParser from 'rss-parser'
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { buildIsFresh } from '../bin/build-state.js'
import { createFetcher } from '../src/ingest/fetch.js'
import { createPipeline } from '../src/ingest/pipeline.js'
import { createSsrfGuard } from '../src/ingest/ssrf.js'
import { openStore } from '../src/store/open-store.js'
import { BIN, ROOT } from '../test/helpers/cli.js'
import type { BenchResult } from './types.js'

const ITEMS = 5_000
const RUNS = 3
const FEEDS = 1_000

/**
 * One poll cycle as an operator runs it: `benchwatch poll` in its own process (the compiled build
 * when `npm run build` is up to date), over a SQLite file holding 1,000 feeds on 1,000 loopback
 * addresses, the even half with a stored ETag the server answers with 304. Returns the cycle's
 * seconds as the command reports them and the process's peak RSS.
 */
async function pollCycleInChild(
  port: number,
  now: Date
): Promise<{
  seconds: number
  notModified: number
  newItems: number
  peakRss: number
  runtime: string
}> {
  const dir = mkdtempSync(join(tmpdir(), 'benchwatch-poll-'))
  try {
    const url = `sqlite:${join(dir, 'poll.db')}`
    const store = await openStore(url)
    for (let i = 0; i < FEEDS; i++) {
      const host = `127.0.${(i >> 7) + 1}.${(i & 127) + 1}`
      const { feed } = await store.feeds.add({ url: `http://${host}:${port}/f${i}.xml` }, now)
      if (i % 2 === 0)
        await store.feeds.update(feed.id, { etag: `"f${i}"`, lastOkAt: now.toISOString() })
    }
    await store.close()
    writeFileSync(join(dir, 'feeds.json'), '[]')
    const rssFile = join(dir, 'max-rss')
    const runtime = buildIsFresh()
      ? 'compiled build (dist/)'
      : 'TypeScript loader (run npm run build first)'
    const child = spawn(
      process.execPath,
      ['--import', join(ROOT, 'bench', 'max-rss.mjs'), BIN, 'poll'],
      {
        cwd: dir,
        env: {
          ...process.env,
          DATABASE_URL: url,
          FEEDS_FILE: join(dir, 'feeds.json'),
          ALLOW_PRIVATE_NETWORK: 'true',
          LOG_LEVEL: 'error',
          BENCH_MAX_RSS_FILE: rssFile,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      }
    )
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk))
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk))
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve))
    // "1000 feeds: 500 ok, 500 not modified, 0 failed · 5000 new items, … · 4.93 s"
    const summary = stdout.match(
      /(\d+) ok, (\d+) not modified, (\d+) failed · (\d+) new items.* · ([\d.]+) s/
    )
    if (code !== 0 || !summary || summary[3] !== '0')
      throw new Error(
        `benchwatch poll (exit ${code}): ${stdout.trim()} ${stderr.trim().slice(0, 500)}`
      )
    return {
      seconds: Number(summary[5]),
      notModified: Number(summary[2]),
      newItems: Number(summary[4]),
      peakRss: Number(readFileSync(rssFile, 'utf8')),
      runtime,
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/**
 * (a) The ingest pipeline on a generated 5,000-item RSS feed: fetch from a loopback server,
 * decode, parse, normalise, dedup and store in a fresh SQLite store (a feed's first fetch, every
 * item new) — beside rss-parser's parse-only speed on the same bytes in the same run.
 * ratio = our items/s ÷ rss-parser items/s; goal ≥ 1.0.
 * (b) One poll cycle over 1,000 feeds by `benchwatch poll` in a process of its own (see
 * pollCycleInChild): half answer 304, half serve 10 new everyday news items each, which go
 * through the full pipeline (dedup, clustering, classify, extract). Goal ≤ 10 s, ≤ 200 MB RSS.
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
  // Every 127.x.y.z address reaches this server, so 1,000 feeds can have 1,000 hosts (the
  // poller's per-host limit applies per host, as with real feeds); other peers are turned away.
  server.on('connection', (socket) => {
    if (!socket.remoteAddress?.replace(/^::ffff:/, '').startsWith('127.')) socket.destroy()
  })
  await new Promise<void>((resolve) => server.listen(0, '0.0.0.0', resolve))
  const port = (server.address() as AddressInfo).port
  const guard = createSsrfGuard({
    allowPrivate: true,
    resolve: async () => [{ address: '127.0.0.1', family: 4 }],
  })
  const fetcher = createFetcher({ guard, timeoutMs: 30_000, maxBytes: 50 * 1024 * 1024 })
  const now = new Date('2026-01-05T12:00:00Z')

  try {
    // (b) one poll cycle over 1,000 feeds, half answering 304, by the real `benchwatch poll`
    const cycle = await pollCycleInChild(port, now)

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
        name: `poll cycle: \`benchwatch poll\` over ${FEEDS} loopback feeds, ${cycle.notModified} answering 304, ${cycle.newItems} new items (classify+extract)`,
        unit: 'feeds/s',
        opsPerSec: FEEDS / cycle.seconds,
        p50Ms: round(cycle.seconds * 1000),
        note: `cycle ${cycle.seconds.toFixed(2)} s (goal ≤ 10 s); peak RSS of the process ${mb(cycle.peakRss)} MB (goal ≤ 200 MB), ${cycle.runtime}`,
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
