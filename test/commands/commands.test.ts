import { createServer, type Server } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createFetcher } from '../../src/ingest/fetch.js'
import { FIXTURE_FEEDS } from '../helpers/fixtures-store.js'
import { pngSize } from '../../src/render/chart-png.js'
import { commandHarness, plain } from './harness.js'

type Harness = Awaited<ReturnType<typeof commandHarness>>
let h: Harness
const LLAMA = 'qzgvcqjdvdex2e2pazo7'

beforeAll(async () => {
  h = await commandHarness()
})
afterAll(async () => {
  // No command may have hit the generic-error path.
  expect(h.errors).toEqual([])
  await h.close()
})

describe('/table', () => {
  it('GIVEN the seed fixture THEN /table Llama 4 shows the three rows with Δ and the source', async () => {
    const text = await h.text('/table Llama 4')
    expect(text).toMatch(/MMLU\s+\|\s+86\.5%\s+\|\s+71\.2%\s+\|\s+−15\.3/)
    expect(text).toMatch(/GSM8K\s+\|\s+92\.1%\s+\|\s+78\.8%\s+\|\s+−13\.3/)
    expect(text).toMatch(/HumanEval\s+\|\s+74\.3%\s+\|\s+62\.9%\s+\|\s+−11\.4/)
    expect(text).toContain('[1] Скандал с бенчмарками Llama 4')
  })

  it('GIVEN lang ru THEN numbers and headers are Russian (86,5 %)', async () => {
    const text = await h.text('/table Llama 4', { lang: 'ru' })
    expect(text).toContain('Заявлено')
    expect(text).toMatch(/MMLU\s+\|\s+86,5\u00a0%\s+\|\s+71,2\u00a0%\s+\|\s+−15,3/)
  })

  it('GIVEN a benchmark after the model THEN only that row is shown', async () => {
    const reply = await h.ask('/table llama 4 MMLU')
    const table = reply.blocks.find((b) => b.type === 'table')
    expect(table).toMatchObject({ rows: [['MMLU', '86.5%', '71.2%', '−15.3', '1']] })
  })

  it('GIVEN a misspelt model THEN the reply suggests the known one', async () => {
    expect(await h.text('/table Lama 4')).toBe(
      'No model called “Lama 4” is known. Did you mean: Llama 4?'
    )
  })

  it('GIVEN a family name with figures only for a variant THEN it names the variant', async () => {
    expect(await h.text('/table Qwen3')).toContain('Did you mean: Qwen3-Coder?')
  })

  it('GIVEN two outlets on one story THEN the row counts both sources', async () => {
    const reply = await h.ask('/table qwen3 coder')
    const table = reply.blocks.find((b) => b.type === 'table')
    expect(table).toMatchObject({
      rows: [
        ['HumanEval', '92%', '81.5%', '−10.5', '1,2'],
        ['LiveCodeBench', '70.4%', '58.9%', '−11.5', '1'],
      ],
    })
  })

  it('GIVEN a platform that takes images THEN a PNG chart is attached', async () => {
    const reply = await h.ask('/table Llama 4', { images: true })
    const image = reply.blocks.find((b) => b.type === 'image')
    expect(image?.type).toBe('image')
    if (image?.type !== 'image') return
    expect(pngSize(image.png)).toMatchObject({ width: 880 })
    expect(image.filename).toBe('llama-4-table.png')
    expect((await h.ask('/table Llama 4')).blocks.some((b) => b.type === 'image')).toBe(false)
  })

  it('GIVEN no model THEN the reply is the usage', async () => {
    const text = await h.text('/table')
    expect(text).toBe('Missing model.\nUsage: /table <model> [benchmark]')
    expect(await h.text('/table', { lang: 'ru' })).toBe(
      'Не указан параметр model.\nИспользование: /table <model> [benchmark]'
    )
  })
})

describe('/news', () => {
  it('GIVEN the seed fixture THEN all three seed items are listed, newest first', async () => {
    const text = await h.text('/news')
    const llama = text.indexOf('Скандал с бенчмарками Llama 4')
    const glm = text.indexOf('GLM-4.7 признана')
    const guide = text.indexOf('Как запустить локальную LLM')
    expect(llama).toBeGreaterThan(0)
    expect(glm).toBeGreaterThan(llama)
    expect(guide).toBeGreaterThan(glm)
  })

  it('GIVEN a story told by two outlets THEN it is listed once with +1 source', async () => {
    const text = await h.text('/news')
    expect(text.match(/Qwen3 Coder/g)).toHaveLength(1)
    expect(text).toContain('+1 source')
    expect(await h.text('/news', { lang: 'ru' })).toContain('+1 источник')
  })

  it('GIVEN a query THEN matching items are found by stem, in both languages', async () => {
    const en = await h.text('/news replicated')
    expect(en).toContain('Qwen3 Coder')
    expect(en).not.toContain('Mistral')
    const ru = await h.text('/news бенчмарк')
    expect(ru).toContain('Скандал с бенчмарками Llama 4')
    expect(await h.text('/news zzzzqx')).toBe('Nothing matches “zzzzqx”. Try fewer or other words.')
  })

  it('GIVEN a limit THEN at most that many stories are listed', async () => {
    const reply = await h.ask('/news limit=2')
    expect(reply.blocks.find((b) => b.type === 'items')).toMatchObject({ items: [{}, {}] })
  })

  it('GIVEN a limit out of range THEN the reply names it and shows the usage', async () => {
    expect(await h.text('/news limit=50')).toBe(
      'Bad value for limit: a whole number 1–20.\nUsage: /news [query] [limit]'
    )
  })
})

describe('/controversies', () => {
  it('GIVEN the fixtures THEN the Llama 4 story is listed and the GLM-4.7 one is not', async () => {
    const text = await h.text('/controversies')
    expect(text).toContain('Скандал с бенчмарками Llama 4')
    expect(text).not.toContain('GLM-4.7')
    expect(text).not.toContain('Mistral')
    expect(text).toContain('contamination')
  })

  it('GIVEN a window with none THEN the most recent ones are shown with their age', async () => {
    const text = await h.text('/controversies 7', { now: new Date('2026-02-01T12:00:00Z') })
    expect(text).toContain('None in the last 7 days. The most recent ones, the newest 29 days ago:')
    expect(text).toContain('Qwen3 Coder')
  })

  it('GIVEN lang ru THEN the heading uses Russian plurals', async () => {
    expect(await h.text('/controversies 5', { lang: 'ru' })).toContain(
      'Скандалы с бенчмарками за 5 дней'
    )
  })

  it('GIVEN lang ru THEN the reasons are Russian too (the quoted words stay as written)', async () => {
    const en = await h.text('/controversies')
    const ru = await h.text('/controversies', { lang: 'ru' })
    expect(en).toMatch(/claimed vs measured scores for|' about /)
    expect(ru).not.toMatch(/claimed vs measured|' about |wording close to/)
    expect(ru).toMatch(/заявленные и измеренные результаты по|» — о /)
  })
})

describe('/subscribe, /subscriptions, /unsubscribe', () => {
  const chat = 'telegram:200' as const
  it('GIVEN a non-admin THEN /subscribe is refused', async () => {
    expect(await h.text('/subscribe all', { chat, admin: false })).toBe(
      'Only chat admins can use /subscribe.'
    )
    expect(await h.text('/subscriptions', { chat })).toContain('no subscriptions')
  })

  it('GIVEN model, benchmark and keyword topics THEN they are stored normalised', async () => {
    expect(await h.text('/subscribe model:LLaMA-4 digest', { chat })).toMatch(
      /^Subscribed this chat to model Llama 4 \(digest\)/
    )
    await h.text('/subscribe benchmark:gsm8k', { chat })
    await h.text('/subscribe keyword:Test  Contamination', { chat })
    const subs = await h.store.subscriptions.listForChat(chat)
    expect(subs.map((s) => [s.topic, s.mode]).sort()).toEqual([
      ['benchmark:gsm8k', 'realtime'],
      ['keyword:test contamination', 'realtime'],
      ['model:llama-4', 'digest'],
    ])
    expect(await h.text('/subscriptions', { chat })).toContain('Digest: daily at 09:00 (UTC).')
  })

  it('GIVEN unknown topics THEN "did you mean" or the grammar is shown and nothing is stored', async () => {
    const before = (await h.store.subscriptions.listForChat(chat)).length
    expect(await h.text('/subscribe model:Lama 4', { chat })).toBe(
      'No model called “Lama 4” is known. Did you mean: Llama 4?'
    )
    expect(await h.text('/subscribe benchmark:GSM8', { chat })).toContain('Did you mean: GSM8K?')
    expect(await h.text('/subscribe news', { chat })).toContain('Unknown topic “news”')
    expect(await h.text('/subscribe model:', { chat })).toContain('model:Llama 4')
    expect(await h.text('/subscribe all weekly', { chat })).toContain('Unknown topic “all weekly”')
    expect((await h.store.subscriptions.listForChat(chat)).length).toBe(before)
  })

  it('GIVEN a topic as typed THEN /unsubscribe finds the stored one; an unknown one is an error', async () => {
    expect(await h.text('/unsubscribe model:Llama 4', { chat })).toMatch(
      /^Removed the subscription to model Llama 4/
    )
    expect(await h.text('/unsubscribe nothing', { chat })).toBe(
      'This chat has no subscription “nothing”. See /subscriptions.'
    )
    expect(await h.text('/unsubscribe benchmark:gsm8k', { chat, admin: false })).toBe(
      'Only chat admins can use /unsubscribe.'
    )
  })
})

describe('/digest', () => {
  const chat = 'discord:300' as const
  it('GIVEN a time and a zone THEN an admin sets them and others may only look', async () => {
    expect(await h.text('/digest 07:30 Europe/Moscow', { chat })).toBe(
      'The daily digest will be posted at 07:30 (Europe/Moscow).'
    )
    expect(await h.text('/digest', { chat, admin: false })).toBe(
      'The daily digest is posted at 07:30 (Europe/Moscow).'
    )
    expect(await h.text('/digest 10:00', { chat, admin: false })).toBe(
      'Only chat admins can change the digest time.'
    )
  })

  it('GIVEN a bad time or zone THEN the reply says so and nothing changes', async () => {
    expect(await h.text('/digest 25:00', { chat })).toContain('“25:00” is not a time')
    expect(await h.text('/digest 08:00 Mars/Base', { chat })).toContain(
      '“Mars/Base” is not a time zone'
    )
    expect((await h.store.chats.get(chat))?.digestTime).toBe('07:30')
  })

  it("GIVEN preview THEN today's digest lists controversies first with their table", async () => {
    const text = await h.text('/digest preview', { chat })
    expect(text).toContain('benchwatch digest · 2026-01-03')
    expect(text.indexOf('Qwen3 Coder')).toBeLessThan(
      text.indexOf('Mistral') === -1 ? Infinity : text.indexOf('Mistral')
    )
    expect(text).toMatch(/HumanEval\s+\|\s+92%\s+\|\s+81\.5%/)
  })
})

describe('/summary, /why, /sources, /lang, /help, /start', () => {
  it('GIVEN a stored item id THEN /summary shows its summary and link', async () => {
    const text = await h.text(`/summary ${LLAMA}`)
    expect(text).toContain('# Скандал с бенчмарками Llama 4')
    expect(text).toContain('завышены на 15–20%')
    expect(text).toContain('https://example.org/ai-manual/llama-4-benchmark-scandal')
  })

  it('GIVEN an unknown item or an overlong keyword THEN /why and /subscribe say so', async () => {
    expect(await h.text('/why nope')).toBe(
      'No stored item with id or URL “nope”. Ids are shown by /news.'
    )
    expect(await h.text(`/subscribe keyword:${'word '.repeat(22)}`)).toBe(
      'Keywords are limited to 100 characters.'
    )
  })

  it('GIVEN an unknown id THEN /summary says how to find ids', async () => {
    expect(await h.text('/summary nope')).toBe(
      'No stored item with id or URL “nope”. Ids are shown by /news.'
    )
  })

  it('GIVEN a URL with tracking parameters THEN /why finds the item and explains it', async () => {
    const chat = 'telegram:400' as const
    await h.text('/subscribe controversies', { chat })
    const text = await h.text(
      '/why https://example.org/ai-manual/llama-4-benchmark-scandal?utm_source=x',
      { chat }
    )
    expect(text).toContain('Classifier: controversy')
    expect(text).toContain('benchmark controversies: matches')
    expect(text).toContain('Not posted here.')
  })

  it('GIVEN /sources THEN feeds are listed with health; non-admins cannot add; bad URLs are refused', async () => {
    expect(await h.text('/sources')).toContain('AI Manual — новости (fixture)')
    expect(await h.text('/sources add https://example.org/feed.xml', { admin: false })).toBe(
      'Only chat admins can add or remove feeds.'
    )
    expect(await h.text('/sources add notaurl')).toBe('“notaurl” is not an http(s) URL.')
    expect(await h.text('/sources add')).toContain('/sources add https://')
  })

  it('GIVEN /lang ru by an admin THEN later answers in that chat are Russian', async () => {
    const chat = 'telegram:500' as const
    expect(await h.text('/lang ru', { chat, admin: false })).toBe(
      'Only chat admins can change the chat’s language.'
    )
    expect(await h.text('/lang ru', { chat })).toBe(
      'Ответы и публикации в этом чате будут на русском.'
    )
    expect(await h.text('/news', { chat })).toContain('# Свежие новости ИИ')
    expect(await h.text('/lang xx', { chat })).toContain('Использование: /lang [en|ru]')
  })

  it('GIVEN /help and /start THEN every command is listed with its usage', async () => {
    const help = await h.text('/help')
    for (const name of [
      'news',
      'controversies',
      'table',
      'summary',
      'subscribe',
      'unsubscribe',
      'subscriptions',
      'digest',
      'sources',
      'why',
      'lang',
      'help',
      'start',
    ]) {
      expect(help).toContain(`/${name}`)
    }
    expect(await h.text('/start', { lang: 'ru' })).toMatch(/^Привет!/)
  })

  it('GIVEN an unknown command THEN the reply points to /help', async () => {
    expect(plain(await h.ask('/frobnicate'))).toBe('Unknown command /frobnicate. Try /help.')
  })
})

describe('/summary of an unknown URL', () => {
  let server: Server
  let base: string
  beforeAll(async () => {
    server = createServer((req, res) => {
      if (req.url === '/article') {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
        res.end(`<html><head><title>Leaderboard gaming report</title></head><body><article><h1>Leaderboard gaming report</h1>
          <p>${'An analysis of arena submissions found that several labs tested dozens of private variants before release and published only the best score. '.repeat(4)}</p>
          <p>The organisers said they would change the submission rules so that every tested variant is disclosed.</p></article></body></html>`)
      } else if (req.url === '/empty') {
        res.writeHead(200, { 'content-type': 'text/html' })
        res.end('<html><head><title>x</title></head><body><nav>menu</nav></body></html>')
      } else if (req.url === '/blog') {
        res.writeHead(200, { 'content-type': 'text/html' })
        res.end(
          '<html><head><link rel="alternate" type="application/rss+xml" title="Local Blog" href="/feed.xml"></head><body>hi</body></html>'
        )
      } else {
        res.writeHead(404).end('no')
      }
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    base = `http://127.0.0.1:${(server.address() as { port: number }).port}`
  })
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

  it('GIVEN a fetcher THEN the page is fetched and summarised; a 404 is a clear error', async () => {
    const fetcher = createFetcher({ allowPrivate: true, timeoutMs: 5000 })
    const local = await commandHarness({
      files: [FIXTURE_FEEDS.seed],
      services: { fetchPage: (url) => fetcher.fetchPage(url) },
    })
    try {
      const text = await local.text(`/summary ${base}/article`)
      expect(text).toContain('Leaderboard gaming report')
      expect(text).toContain('published only the best score')
      expect(text).toContain('fetched and summarised just now')
      expect(await local.text(`/summary ${base}/empty`)).toBe('That page has no readable article.')
      expect(await local.text(`/sources add ${base}/empty`)).toBe(`No feed found at ${base}/empty.`)
      expect(await local.text(`/summary ${base}/missing`)).toMatch(
        /^Could not read http:\/\/127\.0\.0\.1:\d+\/missing: /
      )
    } finally {
      await local.close()
      await fetcher.close()
    }
  })

  it('GIVEN /sources add with a page URL THEN the linked feed is added for this chat; only its own feeds can be removed', async () => {
    const fetcher = createFetcher({ allowPrivate: true, timeoutMs: 5000 })
    const local = await commandHarness({
      files: [FIXTURE_FEEDS.seed],
      services: { fetchPage: (url) => fetcher.fetchPage(url) },
    })
    try {
      const added = await local.text(`/sources add ${base}/blog`, { chat: 'telegram:77' })
      expect(added).toMatch(/^Added Local Blog \((\w+)\); its items go to this chat only\.$/)
      const id = /\((\w+)\)/.exec(added)![1]!
      expect(await local.store.feeds.get(id)).toMatchObject({
        url: `${base}/feed.xml`,
        chatRef: 'telegram:77',
      })
      expect(await local.text(`/sources add ${base}/blog`, { chat: 'telegram:77' })).toBe(
        `This chat already has that feed (${id}).`
      )
      expect(await local.text('/sources', { chat: 'telegram:77' })).toContain('added by this chat')
      expect(await local.text('/sources', { chat: 'telegram:78' })).not.toContain('Local Blog')
      expect(await local.text(`/sources remove ${id}`, { chat: 'telegram:78' })).toContain(
        'is not one this chat added'
      )
      const global = (await local.store.feeds.list())[0]!
      expect(await local.text(`/sources remove ${global.id}`, { chat: 'telegram:77' })).toContain(
        'is not one this chat added'
      )
      expect(await local.text(`/sources remove ${id}`, { chat: 'telegram:77' })).toBe(
        `Removed feed Local Blog (${id}).`
      )
      expect(await local.text(`/sources add ${base}/missing`, { chat: 'telegram:77' })).toMatch(
        /^Could not read /
      )
    } finally {
      await local.close()
      await fetcher.close()
    }
  })

  it('GIVEN the default SSRF guard THEN a loopback URL is refused', async () => {
    const fetcher = createFetcher({ timeoutMs: 5000 })
    const local = await commandHarness({
      files: [FIXTURE_FEEDS.seed],
      services: { fetchPage: (url) => fetcher.fetchPage(url) },
    })
    try {
      expect(await local.text(`/summary ${base}/article`)).toMatch(/^Could not read /)
    } finally {
      await local.close()
      await fetcher.close()
    }
  })
})
