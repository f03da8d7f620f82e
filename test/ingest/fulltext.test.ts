import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { extractDiscrepancies } from '../../src/core/extract/index.js'
import {
  enrichWithFullText,
  extractMainContent,
  needsFullText,
  type FetchPage,
} from '../../src/ingest/fulltext.js'

const paragraph =
  '<p>Согласно утёкшей стенограмме, команда, отвечавшая за оценку Llama 4, подбирала промпты и гиперпараметры инференса под конкретные вопросы открытых наборов MMLU, HellaSwag и GSM8K.</p>'
const ARTICLE = `<!doctype html><html><head><title>Скандал с бенчмарками Llama 4 | AI Manual</title></head><body>
<nav><a href="/">Главная</a> <a href="/news">Новости</a> <a href="/about">О нас</a></nav>
<article><h1>Скандал с бенчмарками Llama 4</h1>${paragraph.repeat(3)}
<table><thead><tr><th>Бенчмарк</th><th>Заявленный результат</th><th>Реальная оценка</th><th>Разница</th></tr></thead>
<tbody><tr><td>MMLU</td><td>86.5%</td><td>71.2%</td><td>-15.3%</td></tr><tr><td>GSM8K</td><td>92.1%</td><td>78.8%</td><td>-13.3%</td></tr></tbody></table>
<p>После утечки руководитель направления бенчмаркинга покинул компанию, а все процессы тестирования будут проходить внешний аудит.</p></article>
<aside>Подпишитесь на рассылку</aside><footer>© 2026 AI Manual</footer></body></html>`

let server: Server
let base: string
let inFlight = 0
let maxInFlight = 0
const requested: string[] = []

beforeAll(async () => {
  server = createServer((req, res) => {
    requested.push(req.url ?? '')
    inFlight++
    maxInFlight = Math.max(maxInFlight, inFlight)
    setTimeout(() => {
      inFlight--
      if (req.url?.startsWith('/article')) {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
        res.end(ARTICLE)
      } else if (req.url === '/pdf') {
        res.writeHead(200, { 'content-type': 'application/pdf' })
        res.end('%PDF-1.4')
      } else if (req.url === '/empty') {
        res.writeHead(200, { 'content-type': 'text/html' })
        res.end('<html><body><nav>menu</nav></body></html>')
      } else {
        res.writeHead(500)
        res.end('boom')
      }
    }, 30)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve))
})

// Stands in for the ingestion fetcher; the real one refuses loopback addresses by default.
const fetchPage: FetchPage = async (url) => {
  const response = await fetch(url)
  if (!response.ok) throw new Error(`HTTP ${response.status}`)
  return {
    body: await response.text(),
    contentType: response.headers.get('content-type') ?? undefined,
  }
}

const controversy = { label: 'controversy', score: 0.9 }

describe('extractMainContent', () => {
  it('GIVEN an article page THEN its body with the table, without navigation or footer', () => {
    const content = extractMainContent(ARTICLE, 'https://example.org/llama-4')!
    expect(content.title).toContain('Llama 4')
    expect(content.html).toContain('<table')
    expect(content.text).toContain('внешний аудит')
    expect(content.text).not.toContain('Подпишитесь')
    expect(content.text).not.toContain('© 2026')
    const rows = extractDiscrepancies({ title: content.title, html: content.html })
    expect(rows.map((r) => [r.model, r.benchmark, r.claimed, r.measured])).toEqual([
      ['Llama 4', 'MMLU', 86.5, 71.2],
      ['Llama 4', 'GSM8K', 92.1, 78.8],
    ])
  })

  it('GIVEN an empty page, a page with no article or garbage THEN null', () => {
    expect(extractMainContent('', 'https://example.org/')).toBeNull()
    expect(
      extractMainContent('<html><body><nav>menu</nav></body></html>', 'https://example.org/')
    ).toBeNull()
    expect(extractMainContent('%PDF-1.4 \u0000\u0001', 'https://example.org/')).toBeNull()
  })
})

describe('needsFullText', () => {
  const teaser = { id: 'a', url: 'https://example.org/a', summary: 'Короткий анонс.' }
  it.each([
    ['a controversy with a teaser', true, teaser, controversy],
    ['close to a controversy', true, teaser, { label: 'not', score: 0.4 }],
    ['not a controversy', false, teaser, { label: 'not', score: 0.1 }],
    ['no classification', false, teaser, null],
    ['no link', false, { ...teaser, url: null }, controversy],
    ['full content already', false, { ...teaser, contentText: 'x'.repeat(2000) }, controversy],
  ])('GIVEN %s THEN needs full text = %s', (_, expected, item, classification) => {
    expect(needsFullText(item, classification)).toBe(expected)
  })
})

describe('enrichWithFullText over HTTP on 127.0.0.1', () => {
  it('GIVEN several items THEN each gets a result, fetches stay within concurrency and the per-cycle budget', async () => {
    requested.length = 0
    maxInFlight = 0
    const items = [
      ...Array.from({ length: 5 }, (_, i) => ({
        id: `ok${i}`,
        url: `${base}/article/${i}`,
        summary: 'teaser',
        classification: controversy,
      })),
      {
        id: 'calm',
        url: `${base}/article/calm`,
        summary: 'teaser',
        classification: { label: 'not', score: 0.05 },
      },
      { id: 'broken', url: `${base}/broken`, summary: 'teaser', classification: controversy },
      { id: 'pdf', url: `${base}/pdf`, summary: 'teaser', classification: controversy },
      { id: 'empty', url: `${base}/empty`, summary: 'teaser', classification: controversy },
      { id: 'late', url: `${base}/article/late`, summary: 'teaser', classification: controversy },
    ]
    // Budget 8: five articles plus three failures; the last candidate waits for the next cycle.
    const results = await enrichWithFullText(items, { fetchPage, concurrency: 2, maxPerCycle: 8 })
    expect(results.map((r) => [r.id, r.status])).toEqual([
      ['ok0', 'enriched'],
      ['ok1', 'enriched'],
      ['ok2', 'enriched'],
      ['ok3', 'enriched'],
      ['ok4', 'enriched'],
      ['calm', 'skipped'],
      ['broken', 'failed'],
      ['pdf', 'failed'],
      ['empty', 'failed'],
      ['late', 'deferred'],
    ])
    expect(maxInFlight).toBeLessThanOrEqual(2)
    expect(requested).toHaveLength(8)
    expect(results.find((r) => r.id === 'broken')).toMatchObject({ error: 'HTTP 500' })
    expect(results.find((r) => r.id === 'pdf')).toMatchObject({
      error: expect.stringContaining('application/pdf'),
    })
    const first = results[0]!
    expect(first.status === 'enriched' && first.content.html).toContain('<table')
  })

  it('GIVEN nothing to fetch THEN no request', async () => {
    requested.length = 0
    expect(await enrichWithFullText([], { fetchPage })).toEqual([])
    expect(requested).toEqual([])
  })
})
