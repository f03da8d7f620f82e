import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { classify } from '../../src/core/classify/index.js'
import { createOpenAiClassifier } from '../../src/llm/openai-classifier.js'

type Handler = (req: IncomingMessage, body: string, res: ServerResponse) => void

let server: Server
let baseUrl: string
let handler: Handler = () => {}
const requests: { url: string; auth: string | undefined; body: Record<string, unknown> }[] = []

beforeAll(async () => {
  server = createServer(async (req, res) => {
    let body = ''
    for await (const chunk of req) body += chunk
    requests.push({ url: req.url ?? '', auth: req.headers.authorization, body: JSON.parse(body) })
    handler(req, body, res)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`
})

afterAll(async () => {
  server.closeAllConnections()
  await new Promise((resolve) => server.close(resolve))
})

function reply(content: string, status = 200): Handler {
  return (_req, _body, res) => {
    res.writeHead(status, { 'content-type': 'application/json' })
    res.end(JSON.stringify({ choices: [{ message: { role: 'assistant', content } }] }))
  }
}

const item = { title: 'Meta releases Llama 4 Scout', summary: 'Scores 80% on MMLU, Meta says.' }
const offline = classify(item)

function classifier(timeoutMs = 2000) {
  const failures: string[] = []
  const llm = createOpenAiClassifier({
    baseUrl,
    apiKey: 'sk-test',
    model: 'fake-gpt',
    timeoutMs,
    onFallback: (error) => failures.push(error.message),
  })
  return { llm, failures }
}

describe('OpenAI-compatible classifier', () => {
  it('GIVEN a well-formed answer THEN uses it, with offline language and entities', async () => {
    handler = reply(
      JSON.stringify({
        label: 'controversy',
        score: 0.91,
        tags: ['non-reproducible', 'made-up-tag'],
        reasons: ["'says' about MMLU"],
      })
    )
    requests.length = 0
    const { llm, failures } = classifier()
    const result = await llm.classify(item)
    expect(failures).toEqual([])
    expect(result).toMatchObject({
      label: 'controversy',
      score: 0.91,
      tags: ['non-reproducible'],
      reasons: ["'says' about MMLU"],
      modelVersion: 'llm:fake-gpt',
      lang: 'en',
    })
    expect(result.entities.map((e) => e.id)).toContain('llama-4-scout')
    expect(requests[0]).toMatchObject({ url: '/v1/chat/completions', auth: 'Bearer sk-test' })
    expect(requests[0]!.body).toMatchObject({ model: 'fake-gpt', temperature: 0 })
    expect(JSON.stringify(requests[0]!.body)).toContain('Meta releases Llama 4 Scout')
  })

  it('GIVEN JSON in a Markdown fence THEN still understood', async () => {
    handler = reply('```json\n{"label":"not","score":0.1,"tags":["fabricated"],"reasons":[]}\n```')
    const result = await classifier().llm.classify(item)
    expect(result).toMatchObject({
      label: 'not',
      score: 0.1,
      tags: [],
      modelVersion: 'llm:fake-gpt',
    })
  })

  it.each([
    ['an HTTP 500', reply('{}', 500), /HTTP 500/],
    ['a reply that is not JSON', reply('I think it is a controversy.'), /reply is not JSON/],
    ['a reply of the wrong shape', reply('{"label":"maybe","score":2}'), /wrong shape/],
    [
      'a body that is not a completion',
      ((_req, _body, res) => res.end('{"error":"nope"}')) as Handler,
      /no message content/,
    ],
    ['a body that is not JSON', ((_req, _body, res) => res.end('<html>')) as Handler, /not JSON/],
  ])('GIVEN %s THEN falls back to the offline model', async (_name, h, why) => {
    handler = h
    const { llm, failures } = classifier()
    expect(await llm.classify(item)).toEqual(offline)
    expect(failures).toEqual([expect.stringMatching(why)])
  })

  it('GIVEN a server that never answers THEN times out and falls back', async () => {
    handler = () => {}
    const { llm, failures } = classifier(200)
    const started = Date.now()
    expect(await llm.classify(item)).toEqual(offline)
    expect(Date.now() - started).toBeLessThan(2000)
    expect(failures).toEqual(['no answer within 200 ms'])
  })

  it('GIVEN nothing listening THEN falls back', async () => {
    const failures: string[] = []
    const llm = createOpenAiClassifier({
      baseUrl: 'http://127.0.0.1:1/v1',
      model: 'fake-gpt',
      onFallback: (error) => failures.push(error.message),
    })
    expect(await llm.classify(item)).toEqual(offline)
    expect(failures).toEqual([expect.stringMatching(/^request failed/)])
  })
})

describe('the service with LLM_* set', () => {
  it('GIVEN LLM_BASE_URL and LLM_MODEL THEN the ingestion pipeline classifies new items with the LLM', async () => {
    const { createApp } = await import('../../src/app.js')
    const { loadConfig } = await import('../../src/config.js')
    const pino = (await import('pino')).default
    const { readFileSync } = await import('node:fs')
    handler = reply(JSON.stringify({ label: 'not', score: 0.05, tags: [], reasons: ['the model says so'] }))
    const config = loadConfig({
      DATABASE_URL: 'sqlite::memory:',
      LOG_LEVEL: 'silent',
      LLM_BASE_URL: baseUrl,
      LLM_MODEL: 'fake-gpt',
      LLM_API_KEY: 'sk-test',
    })
    const app = await createApp(config, pino({ level: 'silent' }))
    try {
      const { feed } = await app.store.feeds.add({ url: 'https://example.org/ai-manual' }, new Date())
      const body = readFileSync(new URL('../fixtures/feeds/seed-llama4.rss', import.meta.url))
      const before = requests.length
      await app.ingest.pipeline.ingestDocument(feed, { body, url: feed.url }, { now: new Date(), backlog: false })
      expect(requests.length - before).toBe(3)
      const rows = await app.store.db.kysely.selectFrom('classification').select(['label', 'model_version']).execute()
      // The LLM overruled the offline model on the Llama 4 scandal: its verdict is the one stored.
      expect(rows.map((r) => r.model_version)).toEqual(['llm:fake-gpt', 'llm:fake-gpt', 'llm:fake-gpt'])
      expect(rows.every((r) => r.label === 'not')).toBe(true)
    } finally {
      await app.stop()
    }
  })
})
