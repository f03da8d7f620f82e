import { existsSync, readFileSync } from 'node:fs'
import { parseHTML } from 'linkedom'
import { describe, expect, it } from 'vitest'
import { detectLang } from '../../src/core/lang.js'
import { itemIdFor, shortHash } from '../../src/ingest/hash.js'
import {
  canonicalUrl,
  cleanText,
  htmlToText,
  normaliseEntry,
  parseFeedDate,
  sanitiseHtml,
} from '../../src/ingest/normalise.js'
import { parseFeed } from '../../src/ingest/parse/index.js'
import type { ParsedEntry } from '../../src/ingest/parse/index.js'

const NOW = new Date('2026-01-05T12:00:00Z')
const FEED = { url: 'https://news.example/feed.xml' }
// the shared seed fixture lives beside the repository (never copied in); skip visibly without it
const SEED = new URL('../fixtures/feeds/seed-llama4.rss', import.meta.url).pathname
const HAS_SEED = existsSync(SEED)
if (!HAS_SEED) console.warn(`seed fixture not found at ${SEED}: its tests are skipped`)
const fixture = (name: string) =>
  readFileSync(new URL(`../fixtures/feeds/${name}`, import.meta.url), 'utf8')

function entry(fields: Partial<ParsedEntry>): ParsedEntry {
  return {
    guid: null,
    link: null,
    title: null,
    summary: null,
    contentHtml: null,
    author: null,
    categories: [],
    published: null,
    updated: null,
    ...fields,
  }
}

describe('canonicalUrl', () => {
  it.each([
    [
      'https://Example.ORG:443/a?utm_source=rss&id=2&utm_medium=feed#top',
      'https://example.org/a?id=2',
    ],
    ['http://example.org:80/a?fbclid=x&gclid=y&mc_cid=1&mc_eid=2&yclid=3', 'http://example.org/a'],
    ['/relative/path?q=1', 'https://news.example/relative/path?q=1'],
    ['https://example.org:8443/keep-port', 'https://example.org:8443/keep-port'],
    ['https://example.org/a?b=2&a=1', 'https://example.org/a?b=2&a=1'],
    ['mailto:someone@example.org', null],
    ['javascript:alert(1)', null],
    ['', null],
  ])('GIVEN %s THEN %s', (link, expected) => {
    expect(canonicalUrl(link, FEED.url)).toBe(expected)
  })
})

describe('cleanText', () => {
  it.each([
    ['<b>GPT&#8209;5</b> &amp; friends&nbsp;', 'GPT‑5 & friends'],
    ['Auditing with <em>n</em>-gram overlap', 'Auditing with n-gram overlap'],
    ['<p>one</p><p>two</p>', 'one two'],
    ['a < b and c > d', 'a < b and c > d'],
    ['x<script>alert(1)</script>y<style>p{}</style>', 'x y'],
    ['  lots \n\t of   space ', 'lots of space'],
    ['Проверили на MMLU&nbsp;— не сходится', 'Проверили на MMLU — не сходится'],
    ['It&amp;#8217;s &amp;quot;fine&amp;quot;', 'It’s "fine"'],
    [null, ''],
  ])('GIVEN %j THEN %j', (input, expected) => {
    expect(cleanText(input)).toBe(expected)
  })
})

describe('cleanText on hostile input', () => {
  it('GIVEN 50,000 unclosed <script and CDATA openers THEN returns quickly', () => {
    const started = performance.now()
    expect(cleanText(`visible ${'<script'.repeat(50_000)}`)).toBe('visible')
    // an unclosed CDATA section's content is literal text, itself included
    expect(cleanText(`${'<![CDATA['.repeat(50_000)}x`).endsWith('<![CDATA[x')).toBe(true)
    expect(performance.now() - started).toBeLessThan(2000)
  })
})

describe('sanitiseHtml and htmlToText', () => {
  it('GIVEN scripts, styles, iframes and event handlers THEN drops them and keeps formatting, links and tables', () => {
    const html = sanitiseHtml(
      '<p onclick="steal()">Hi <strong>there</strong><script>evil()</script></p><style>p{}</style>' +
        '<iframe src="https://ads.example/"></iframe><a href="/post" onmouseover="x()">read</a>' +
        '<table><tr><th>Model</th><th>MMLU</th></tr><tr><td>A</td><td>86.5</td></tr></table>' +
        '<img src="/chart.png" alt="chart" onerror="x()"><a href="javascript:alert(1)">bad</a>',
      'https://news.example/2026/01/post'
    )
    expect(html).toBe(
      '<p>Hi <strong>there</strong></p><a href="https://news.example/post">read</a>' +
        '<table><tr><th>Model</th><th>MMLU</th></tr><tr><td>A</td><td>86.5</td></tr></table>' +
        '<img src="https://news.example/chart.png" alt="chart" /><a>bad</a>'
    )
  })

  it('GIVEN a table THEN its text keeps cells apart and rows on their own lines', () => {
    expect(
      htmlToText(
        '<p>Intro</p><table><tr><td>MMLU</td><td>86.5%</td><td>71.2%</td></tr><tr><td>GSM8K</td><td>92.1%</td><td>78.8%</td></tr></table>'
      )
    ).toBe('Intro\nMMLU | 86.5% | 71.2%\nGSM8K | 92.1% | 78.8%')
  })
})

const XSS_VECTORS = [
  '<script>alert(1)</script>',
  '<SCRIPT SRC=//evil.example/x.js></SCRIPT>',
  '<img src=x onerror=alert(1)>',
  '<IMG SRC="javascript:alert(1);">',
  '<img src="jav&#x09;ascript:alert(1)">',
  '<a href="  JaVaScRiPt:alert(1)">x</a>',
  '<a href="java\tscript:alert(1)">x</a>',
  '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
  '<a href="vbscript:msgbox(1)">x</a>',
  '<svg onload=alert(1)><script>alert(2)</script></svg>',
  '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>',
  '<iframe src="https://evil.example/"></iframe>',
  '<object data="x.swf"></object><embed src="x.swf">',
  '<form action="https://evil.example/"><input name=q><button>go</button></form>',
  '<div style="background:url(javascript:alert(1))">styled</div>',
  '<p title="&quot; onmouseover=&quot;alert(1)">quoted</p>',
  '<a href="https://ok.example/" onclick="alert(1)" target="_blank">ok</a>',
  '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>',
  '<!--<img src=x onerror=alert(1)>--><p>after comment</p>',
  '<![CDATA[<script>alert(1)</script>]]>',
  '<template><script>alert(1)</script></template>',
  '<<script>script>alert(1)<</script>/script>',
  '<textarea><script>alert(1)</script></textarea>',
  '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
  '<base href="javascript:alert(1)//">',
  '<link rel=stylesheet href="https://evil.example/x.css">',
  '<video><source onerror="alert(1)"></video>',
  '<details open ontoggle=alert(1)>',
]

describe('sanitiseHtml against XSS vectors', () => {
  it.each(XSS_VECTORS)('GIVEN %s THEN leaves no active content', (vector) => {
    const html = sanitiseHtml(`<p>before</p>${vector}<p>after</p>`, 'https://news.example/post')
    const { document } = parseHTML(`<html><body>${html}</body></html>`)
    for (const element of document.querySelectorAll('*')) {
      const name = element.tagName.toLowerCase()
      expect([
        'script',
        'style',
        'iframe',
        'object',
        'embed',
        'form',
        'input',
        'svg',
        'math',
        'meta',
        'base',
        'link',
        'template',
        'textarea',
      ]).not.toContain(name)
      for (const attribute of Array.from(element.attributes) as Array<{
        name: string
        value: string
      }>) {
        expect(attribute.name).not.toMatch(/^on|^style$/i)
        if (['href', 'src'].includes(attribute.name))
          expect(attribute.value).toMatch(/^(https?:|mailto:)/)
      }
    }
    expect(html).not.toMatch(/javascript:|vbscript:|data:text/i)
    expect(html).toContain('<p>before</p>')
  })

  it('GIVEN escaped markup in text THEN it stays escaped text', () => {
    expect(sanitiseHtml('<p>&lt;script&gt;alert(1)&lt;/script&gt; &amp; 5 &lt; 6</p>')).toBe(
      '<p>&lt;script&gt;alert(1)&lt;/script&gt; &amp; 5 &lt; 6</p>'
    )
  })

  it('GIVEN 100,000 unclosed nested divs THEN stops at 1,000 levels with balanced HTML, quickly', () => {
    const started = performance.now()
    const html = sanitiseHtml(`<p>start</p>${'<div>'.repeat(100_000)}deep`)
    expect(performance.now() - started).toBeLessThan(2000)
    expect(html.match(/<div>/g)).toHaveLength(1000)
    expect(html.match(/<\/div>/g)).toHaveLength(1000)
    expect(html.startsWith('<p>start</p><div>')).toBe(true)
  })

  it('GIVEN plain text content THEN it is escaped, not interpreted', () => {
    expect(sanitiseHtml('scores 5 > 3')).toBe('scores 5 &gt; 3')
  })
})

describe('parseFeedDate', () => {
  it.each([
    ['Fri, 02 Jan 2026 09:30:00 +0300', '2026-01-02T06:30:00.000Z'],
    ['Fri, 2 Jan 2026 09:30:00 GMT', '2026-01-02T09:30:00.000Z'],
    ['Thu, 01 Jan 2026 09:30:00 EST', '2026-01-01T14:30:00.000Z'],
    ['Thu, 01 Jan 2026 09:30:00 CEST', '2026-01-01T07:30:00.000Z'],
    ['Mon, 01 Jan 26 09:30 +0000', '2026-01-01T09:30:00.000Z'],
    ['2026-01-02T09:30:00Z', '2026-01-02T09:30:00.000Z'],
    ['2026-01-02T09:30:00.250+05:30', '2026-01-02T04:00:00.250Z'],
    ['2026-01-02 09:30:00', '2026-01-02T09:30:00.000Z'],
    ['2026-01-02', '2026-01-02T00:00:00.000Z'],
    ['2 января 2026 г. в 09:30', '2026-01-02T09:30:00.000Z'],
    ['Чт, 16 окт 2025 12:00:00 +0300', '2025-10-16T09:00:00.000Z'],
    ['пятница, 02 января 2026 09:30 MSK', '2026-01-02T06:30:00.000Z'],
    ['Seg, 24 Set 2018 19:42:40 -0300', '2018-09-24T22:42:40.000Z'],
    ['Mo, 03 Mär 2025 10:00:00 +0100', '2025-03-03T09:00:00.000Z'],
    ['12 déc. 2024 08:00 +0100', '2024-12-12T07:00:00.000Z'],
    ['5 de mayo de 2024 10:00 +0000', '2024-05-05T10:00:00.000Z'],
  ])('GIVEN %s THEN %s', (raw, iso) => {
    expect(parseFeedDate(raw)?.toISOString()).toBe(iso)
  })

  it.each(['', 'not a date', '2026-13-40', 'yesterday'])('GIVEN %j THEN null', (raw) => {
    expect(parseFeedDate(raw)).toBeNull()
  })
})

describe('normaliseEntry', () => {
  it.skipIf(!HAS_SEED)(
    'GIVEN the seed fixture THEN produces clean, canonical, dated items with table text',
    () => {
      const feed = parseFeed(readFileSync(SEED, 'utf8'))
      const item = normaliseEntry(
        feed.items[0],
        { url: 'https://example.org/ai-manual/feed', lang: feed.language },
        NOW
      )
      expect(item).toMatchObject({
        key: 'ai-manual-2026-01-02-llama4',
        url: 'https://example.org/ai-manual/llama-4-benchmark-scandal',
        title: 'Скандал с бенчмарками Llama 4: результаты завышены на 15–20%',
        author: 'Редакция',
        categories: ['Новости', 'Meta AI'],
        lang: 'ru',
        publishedEstimated: false,
      })
      expect(item.publishedAt.toISOString()).toBe('2026-01-02T06:30:00.000Z')
      expect(item.id).toBe(itemIdFor('https://example.org/ai-manual/llama-4-benchmark-scandal'))
      expect(item.summary.startsWith('По утёкшей стенограмме')).toBe(true)
      expect(item.contentHtml).toContain('<td>86.5%</td>')
      expect(item.contentText).toContain('MMLU | 86.5% | 71.2% | -15.3%')
    }
  )

  it('GIVEN Habr with &nbsp; in a CDATA title and a summary with a table THEN text is clean', () => {
    const feed = parseFeed(fixture('habr-hub-ai.rss'))
    const item = normaliseEntry(
      feed.items[0],
      { url: 'https://habr.com/ru/rss/hub/ai/', lang: feed.language },
      NOW
    )
    expect(item.title).toBe('Проверили заявленные результаты новой модели на MMLU — не сходится')
    expect(item.url).toBe('https://habr.com/ru/articles/900001/')
    expect(item.summary).toBe(
      'Мы повторили замеры: вместо заявленных 88,7% получилось 81,2%. MMLU 88,7 81,2 Читать далее'
    )
    expect(item.contentText).toBe(
      'Мы повторили замеры: вместо заявленных 88,7% получилось 81,2%.\nMMLU | 88,7 | 81,2\nЧитать далее'
    )
    expect(item.contentHtml).toContain('<td>88,7</td>')
  })

  it('GIVEN no guid THEN the canonical link is the key; with neither, a hash of title + date', () => {
    const byLink = normaliseEntry(entry({ link: '/a?utm_source=x', title: 'T' }), FEED, NOW)
    expect(byLink.key).toBe('https://news.example/a')
    const bare = entry({ title: 'Only a title', published: 'Mon, 05 Jan 2026 10:00:00 GMT' })
    const first = normaliseEntry(bare, FEED, NOW)
    expect(first.key).toMatch(/^hash:[a-z2-7]{20}$/)
    expect(normaliseEntry(bare, FEED, NOW).key).toBe(first.key)
    expect(normaliseEntry({ ...bare, title: 'Another title' }, FEED, NOW).key).not.toBe(first.key)
    expect(first.url).toBeNull()
    expect(first.id).toBe(itemIdFor(`${FEED.url}#${first.key}`))
  })

  it('GIVEN the same article in two feeds THEN both get the same id', () => {
    const a = normaliseEntry(
      entry({ guid: 'a-1', link: 'https://Site.example/post?utm_source=a' }),
      { url: 'https://a.example/feed' },
      NOW
    )
    const b = normaliseEntry(
      entry({ guid: 'b-9', link: 'https://site.example/post#comments' }),
      { url: 'https://b.example/feed' },
      NOW
    )
    expect(a.id).toBe(b.id)
    expect(a.key).not.toBe(b.key)
  })

  it('GIVEN no date THEN publishedAt is now and marked estimated', () => {
    const item = normaliseEntry(entry({ title: 'x' }), FEED, NOW)
    expect(item.publishedAt).toEqual(NOW)
    expect(item.publishedEstimated).toBe(true)
  })

  it('GIVEN a date more than a day ahead THEN clamps it to now; less than a day ahead is kept', () => {
    const far = normaliseEntry(entry({ published: '2027-01-01T00:00:00Z' }), FEED, NOW)
    expect(far.publishedAt).toEqual(NOW)
    expect(far.publishedEstimated).toBe(true)
    const near = normaliseEntry(entry({ published: '2026-01-05T20:00:00Z' }), FEED, NOW)
    expect(near.publishedAt.toISOString()).toBe('2026-01-05T20:00:00.000Z')
  })

  it('GIVEN only an updated date THEN uses it as published', () => {
    const item = normaliseEntry(entry({ updated: '2026-01-03T00:00:00Z' }), FEED, NOW)
    expect(item.publishedAt.toISOString()).toBe('2026-01-03T00:00:00.000Z')
    expect(item.updatedAt?.toISOString()).toBe('2026-01-03T00:00:00.000Z')
  })

  it('GIVEN no title THEN the title falls back to the start of the summary', () => {
    const item = normaliseEntry(
      entry({ contentHtml: '<p>Scores under 50 are noise.</p>' }),
      FEED,
      NOW
    )
    expect(item.title).toBe('Scores under 50 are noise.')
    expect(item.summary).toBe('Scores under 50 are noise.')
  })

  it('GIVEN a long summary THEN cuts it at a word with an ellipsis', () => {
    const item = normaliseEntry(entry({ summary: 'word '.repeat(200) }), FEED, NOW)
    expect(item.summary.length).toBeLessThanOrEqual(500)
    expect(item.summary.endsWith('word…')).toBe(true)
  })

  it('GIVEN the feed language THEN it wins; else detectLang; else unknown', () => {
    const text = entry({ title: 'Новая модель' })
    expect(normaliseEntry(text, { ...FEED, lang: 'ru-RU' }, NOW, () => 'en').lang).toBe('ru')
    expect(normaliseEntry(text, FEED, NOW, () => 'ru').lang).toBe('ru')
    expect(normaliseEntry(text, FEED, NOW).lang).toBe('unknown')
    expect(normaliseEntry(text, FEED, NOW, () => null).lang).toBe('unknown')
    expect(normaliseEntry(text, FEED, NOW, () => 'und').lang).toBe('unknown')
    expect(normaliseEntry(text, FEED, NOW, detectLang).lang).toBe('ru')
  })

  it('GIVEN duplicate and blank categories and an HTML author THEN they are cleaned', () => {
    const item = normaliseEntry(
      entry({ categories: ['AI', ' AI ', '', '<b>LLM</b>'], author: ' <i>Ann</i> ' }),
      FEED,
      NOW
    )
    expect(item.categories).toEqual(['AI', 'LLM'])
    expect(item.author).toBe('Ann')
  })
})

describe('hash helpers', () => {
  it('GIVEN the same input THEN the same short base32 hash; different input THEN different', () => {
    expect(shortHash('https://a.example/')).toBe(shortHash('https://a.example/'))
    expect(shortHash('https://a.example/')).toMatch(/^[a-z2-7]{20}$/)
    expect(shortHash('https://a.example/', 26)).toHaveLength(26)
    expect(itemIdFor('https://a.example/1')).not.toBe(itemIdFor('https://a.example/2'))
  })
})
