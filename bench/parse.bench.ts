import RssParser from 'rss-parser'
import { decodeFeedBytes } from '../src/ingest/charset.js'
import { normaliseEntry } from '../src/ingest/normalise.js'
import { parseFeed } from '../src/ingest/parse/index.js'
import type { BenchResult } from './types.js'

const ITEMS = 5_000
const RUNS = 7

/**
 * Parse + normalise a generated 5,000-item RSS 2.0 feed (about 4.5 MB, content:encoded with a
 * table, dc:creator, categories, tracking parameters in links) from raw bytes, beside
 * rss-parser's parse-only speed on the same bytes in the same process. ratio = ours / rss-parser;
 * the goal is ≥ 1.0 even though ours does more work (charset detection, sanitising, dates).
 */
export default async function parseBench(): Promise<BenchResult[]> {
  const bytes = Buffer.from(generateFeed(ITEMS), 'utf8')
  const now = new Date('2026-01-05T12:00:00Z')
  const feedContext = { url: 'https://bench.example/feed.xml' }

  const rssParser = new RssParser()
  const [ours, oursParseOnly, baseline] = await timeInterleaved([
    () => {
      const feed = parseFeed(decodeFeedBytes(bytes).text, feedContext.url)
      let count = 0
      for (const entry of feed.items) {
        normaliseEntry(entry, { ...feedContext, lang: feed.language }, now)
        count++
      }
      return count
    },
    () => parseFeed(decodeFeedBytes(bytes).text).items.length,
    async () => (await rssParser.parseString(bytes.toString('utf8'))).items.length,
  ])

  const megabytes = (bytes.length / 1e6).toFixed(1)
  return [
    {
      name: `parse+normalise ${ITEMS}-item RSS (${megabytes} MB)`,
      unit: 'items/s',
      opsPerSec: ITEMS / (ours.p50 / 1000),
      p50Ms: ours.p50,
      p99Ms: ours.max,
      ratio: ours.p50 > 0 ? baseline.p50 / ours.p50 : undefined,
      note: 'ratio = our parse+normalise speed / rss-parser parse-only speed on the same bytes; goal ≥ 1.0',
    },
    {
      name: `parse only (charset + repairs + htmlparser2 tree + mapping), ${ITEMS} items`,
      unit: 'items/s',
      opsPerSec: ITEMS / (oursParseOnly.p50 / 1000),
      p50Ms: oursParseOnly.p50,
      p99Ms: oursParseOnly.max,
      ratio: baseline.p50 / oursParseOnly.p50,
    },
    {
      name: `rss-parser 3.13 parseString, ${ITEMS} items (baseline)`,
      unit: 'items/s',
      opsPerSec: ITEMS / (baseline.p50 / 1000),
      p50Ms: baseline.p50,
      p99Ms: baseline.max,
    },
  ]
}

// One warm-up each, then RUNS rounds in which every contender runs once, so a busy machine
// (2 shared cores) slows all of them alike; with 7 runs the slowest stands in for p99.
async function timeInterleaved(
  contenders: Array<() => number | Promise<number>>
): Promise<Array<{ p50: number; max: number }>> {
  for (const run of contenders) {
    const counted = await run()
    if (counted !== ITEMS) throw new Error(`benchmark parsed ${counted} items, expected ${ITEMS}`)
  }
  const times = contenders.map(() => [] as number[])
  for (let round = 0; round < RUNS; round++) {
    for (const [i, run] of contenders.entries()) {
      const started = performance.now()
      await run()
      times[i].push(performance.now() - started)
    }
  }
  return times.map((series) => {
    series.sort((a, b) => a - b)
    return {
      p50: round(series[Math.floor(series.length / 2)]),
      max: round(series[series.length - 1]),
    }
  })
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10
}

function generateFeed(count: number): string {
  const models = ['Llama 4', 'GPT-5', 'Gemini 3', 'Claude Opus', 'Qwen 3', 'DeepSeek V4', 'GLM-4.7']
  const benchmarks = ['MMLU', 'GSM8K', 'HumanEval', 'GPQA', 'SWE-bench', 'ARC-AGI']
  const items: string[] = []
  for (let i = 0; i < count; i++) {
    const model = models[i % models.length]
    const benchmark = benchmarks[i % benchmarks.length]
    const claimed = (60 + (i % 35) + 0.5).toFixed(1)
    const measured = (55 + (i % 30) + 0.2).toFixed(1)
    const day = String(1 + (i % 28)).padStart(2, '0')
    items.push(`    <item>
      <title>${model} scores ${claimed}% on ${benchmark} &#8212; independent run finds ${measured}% (#${i})</title>
      <link>https://bench.example/news/${i}/${model.toLowerCase().replace(/\W+/g, '-')}?utm_source=rss&amp;utm_medium=feed&amp;ref=${i}</link>
      <guid isPermaLink="false">bench-item-${i}</guid>
      <pubDate>Mon, ${day} Dec 2025 ${String(i % 24).padStart(2, '0')}:15:00 +0000</pubDate>
      <dc:creator>Reporter ${i % 17}</dc:creator>
      <category>AI</category>
      <category>${benchmark}</category>
      <description><![CDATA[<p>The lab reported <strong>${claimed}%</strong> on ${benchmark} for ${model}; an independent evaluation measured ${measured}%. The gap is larger than the usual run-to-run noise &amp; the lab has not yet published its prompts.</p>]]></description>
      <content:encoded><![CDATA[<p>Full story about ${model} and ${benchmark}. <a href="/news/${i}/details">Details</a></p>
<table><tr><th>Benchmark</th><th>Claimed</th><th>Measured</th></tr><tr><td>${benchmark}</td><td>${claimed}%</td><td>${measured}%</td></tr></table>
<p>Analysts said the discrepancy may come from contamination or a different prompt template.</p><script>track(${i})</script>]]></content:encoded>
    </item>`)
  }
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:content="http://purl.org/rss/1.0/modules/content/">
  <channel>
    <title>Benchmark news (generated)</title>
    <link>https://bench.example/</link>
    <description>Generated for the parse benchmark</description>
    <language>en</language>
${items.join('\n')}
  </channel>
</rss>
`
}
