import { spawn } from 'node:child_process'
import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PassThrough } from 'node:stream'
import pino from 'pino'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import {
  createInteractionsEndpoint,
  type InteractionsEndpoint,
} from '../../../src/adapters/discord/interactions.js'
import type { DiscordDeps } from '../../../src/adapters/discord/respond.js'
import { main } from '../../../src/adapters/cli/index.js'
import { createApp, type App } from '../../../src/app.js'
import { loadConfig } from '../../../src/config.js'
import { defineCommand, type CommandDef } from '../../../src/core/command.js'
import { UserError } from '../../../src/core/errors.js'
import { reply } from '../../../src/core/reply.js'
import { runCommand } from '../../../src/core/run-command.js'
import { createHttpServer, type HttpServer } from '../../../src/http/server.js'
import { openStore } from '../../../src/store/open-store.js'
import type { Store } from '../../../src/store/store.js'
import { BIN } from '../../helpers/cli.js'
import {
  APP_ID,
  CHANNEL_ID,
  MEMBER_ID,
  PERMISSIONS,
  slashInteraction,
  startFakeDiscord,
  type FakeDiscord,
  type RecordedCall,
} from '../../helpers/fake-discord.js'

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3])

function keypair(): { publicKeyHex: string; privateKey: KeyObject } {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519')
  const x = publicKey.export({ format: 'jwk' }).x!
  return { publicKeyHex: Buffer.from(x, 'base64url').toString('hex'), privateKey }
}

interface Signed {
  status: number
  json: any
}

async function post(
  url: string,
  payload: unknown,
  key: KeyObject | null,
  options: { timestamp?: number; body?: string } = {}
): Promise<Signed> {
  const body = options.body ?? JSON.stringify(payload)
  const timestamp = String(options.timestamp ?? Math.floor(Date.now() / 1000))
  const headers: Record<string, string> = { 'content-type': 'application/json' }
  if (key) {
    headers['x-signature-timestamp'] = timestamp
    headers['x-signature-ed25519'] = sign(null, Buffer.from(timestamp + body), key).toString('hex')
  }
  const res = await fetch(url, { method: 'POST', headers, body })
  const text = await res.text()
  return { status: res.status, json: text ? JSON.parse(text) : undefined }
}

const isOriginalEdit = (token: string) => (c: RecordedCall) =>
  c.method === 'PATCH' && c.path === `/api/v10/webhooks/${APP_ID}/${token}/messages/@original`

describe('Discord HTTP interactions: the endpoint with test commands', () => {
  const keys = keypair()
  let fake: FakeDiscord
  let store: Store
  let http: HttpServer
  let endpoint: InteractionsEndpoint
  let url: string
  const ran: string[] = []

  const commands = new Map<string, CommandDef>(
    [
      defineCommand({
        name: 'subscribe',
        description: { en: 'Subscribe', ru: 'Подписка' },
        options: {
          topic: { type: 'string', description: { en: 'Topic', ru: 'Тема' }, required: true },
        },
        preconditions: ['chatAdmin'],
        run: ({ options }) => {
          ran.push(`subscribe ${options.topic}`)
          return reply.text(`Subscribed to ${options.topic}.`)
        },
      }),
      defineCommand({
        name: 'chart',
        description: { en: 'Chart', ru: 'График' },
        options: { limit: { type: 'integer', description: { en: 'n', ru: 'n' }, min: 1, max: 5 } },
        slow: true,
        run: ({ options, capabilities }) => {
          ran.push(`chart ${options.limit} images=${capabilities.images}`)
          return reply.of(
            { type: 'heading', text: 'Llama 4' },
            { type: 'table', columns: ['Benchmark', 'Δ'], rows: [['MMLU', '−15.3']] },
            { type: 'image', png: PNG, alt: 'chart', filename: 'chart.png' }
          )
        },
      }),
      defineCommand({
        name: 'fail',
        description: { en: 'Fails', ru: 'Ошибка' },
        options: {
          model: {
            type: 'string',
            description: { en: 'Model', ru: 'Модель' },
            autocomplete: 'model',
          },
        },
        run: () => {
          throw new UserError('no_rows', 'No rows for that model yet.')
        },
      }),
      defineCommand({
        name: 'digest',
        description: { en: 'Long answer', ru: 'Длинный ответ' },
        options: {},
        run: () =>
          reply.of(
            { type: 'heading', text: 'Digest' },
            {
              type: 'items',
              items: Array.from({ length: 80 }, (_, i) => ({
                title: `Item ${i} ${'t'.repeat(120)}`,
                url: `https://news.example/${i}`,
                detail: 'd'.repeat(150),
              })),
            }
          ),
      }),
      defineCommand({
        name: 'unsubscribe',
        description: { en: 'Unsubscribe', ru: 'Отписка' },
        options: {
          id: { type: 'string', description: { en: 'Id', ru: 'Id' }, autocomplete: 'subscription' },
        },
        run: () => reply.text('ok'),
      }),
    ].map((c) => [c.name, c as CommandDef])
  )

  beforeAll(async () => {
    fake = await startFakeDiscord()
    store = await openStore('sqlite::memory:')
    const deps: DiscordDeps = {
      commands,
      store,
      log: pino({ level: 'silent' }),
      run: (input) => runCommand(commands, input, { services: {}, now: () => new Date() }),
    }
    endpoint = createInteractionsEndpoint(deps, {
      publicKey: keys.publicKeyHex,
      apiBase: fake.apiBase,
    })
    http = createHttpServer()
    http.route('POST', '/discord/interactions', endpoint.handle)
    const port = await http.listen(0, '127.0.0.1')
    url = `http://127.0.0.1:${port}/discord/interactions`
  })
  afterAll(async () => {
    await endpoint.drain()
    await http.close()
    await fake.close()
    await store.close()
  })
  beforeEach(() => {
    ran.length = 0
  })

  it('GIVEN no signature headers THEN 401 and nothing runs', async () => {
    const before = fake.calls.length
    const r = await post(
      url,
      slashInteraction({ name: 'subscribe', options: [{ name: 'topic', type: 3, value: 'all' }] }),
      null
    )
    expect(r.status).toBe(401)
    expect(ran).toEqual([])
    expect(fake.calls.length).toBe(before)
  })

  it('GIVEN a signature by another key THEN 401 and nothing runs', async () => {
    const r = await post(
      url,
      slashInteraction({ name: 'subscribe', options: [{ name: 'topic', type: 3, value: 'all' }] }),
      keypair().privateKey
    )
    expect(r.status).toBe(401)
    expect(ran).toEqual([])
  })

  it('GIVEN a body changed after signing THEN 401', async () => {
    const payload = slashInteraction({
      name: 'subscribe',
      options: [{ name: 'topic', type: 3, value: 'all' }],
    })
    const timestamp = Math.floor(Date.now() / 1000)
    const signed = JSON.stringify(payload)
    const signature = sign(null, Buffer.from(timestamp + signed), keys.privateKey).toString('hex')
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'x-signature-ed25519': signature, 'x-signature-timestamp': String(timestamp) },
      body: signed.replace('"all"', '"controversies"'),
    })
    expect(res.status).toBe(401)
    expect(ran).toEqual([])
  })

  it('GIVEN a correctly signed request from 20 minutes ago THEN 401 (no replays)', async () => {
    const r = await post(url, { type: 1 }, keys.privateKey, {
      timestamp: Math.floor(Date.now() / 1000) - 20 * 60,
    })
    expect(r.status).toBe(401)
  })

  it('GIVEN a signed PING THEN PONG', async () => {
    const r = await post(
      url,
      { id: '1', application_id: APP_ID, type: 1, token: 't', version: 1 },
      keys.privateKey
    )
    expect(r).toEqual({ status: 200, json: { type: 1 } })
  })

  it('GIVEN a signed body that is not JSON THEN 400', async () => {
    const r = await post(url, null, keys.privateKey, { body: '{not json' })
    expect(r.status).toBe(400)
  })

  it('GIVEN a member without Manage Server THEN /subscribe is refused privately at once and does not run', async () => {
    const before = fake.calls.length
    const r = await post(
      url,
      slashInteraction({
        name: 'subscribe',
        options: [{ name: 'topic', type: 3, value: 'all' }],
        permissions: PERMISSIONS.member,
      }),
      keys.privateKey
    )
    expect(r.status).toBe(200)
    expect(r.json).toEqual({
      type: 4,
      data: {
        content: 'Only chat admins can use /subscribe.',
        embeds: [],
        allowed_mentions: { parse: [] },
        flags: 64,
      },
    })
    expect(ran).toEqual([])
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(fake.calls.length).toBe(before)
  })

  it('GIVEN a member with Manage Server THEN deferred, then the answer edits the original through the webhook', async () => {
    const payload = slashInteraction({
      name: 'subscribe',
      options: [{ name: 'topic', type: 3, value: 'all' }],
    })
    const r = await post(url, payload, keys.privateKey)
    expect(r.json).toEqual({ type: 5 })
    const edit = await fake.waitForCall(isOriginalEdit(payload.token))
    expect(edit.json).toEqual({
      content: 'Subscribed to all.',
      embeds: [],
      allowed_mentions: { parse: [] },
    })
    // Follow-ups go through the interaction webhook: no bot token needed.
    expect(edit.headers.authorization).toBeUndefined()
    expect(ran).toEqual(['subscribe all'])
  })

  it('GIVEN an administrator, or a user in a DM with the bot THEN they count as chat admins', async () => {
    for (const permissions of [PERMISSIONS.administrator, null]) {
      const payload = slashInteraction({
        name: 'subscribe',
        options: [{ name: 'topic', type: 3, value: 'x' }],
        permissions,
      })
      expect((await post(url, payload, keys.privateKey)).json).toEqual({ type: 5 })
      await fake.waitForCall(isOriginalEdit(payload.token))
    }
    expect(ran).toEqual(['subscribe x', 'subscribe x'])
  })

  it('GIVEN a reply with a chart THEN the edit is multipart with chart.png shown in the embed', async () => {
    const payload = slashInteraction({
      name: 'chart',
      options: [{ name: 'limit', type: 4, value: 3 }],
    })
    expect((await post(url, payload, keys.privateKey)).json).toEqual({ type: 5 })
    const edit = await fake.waitForCall(isOriginalEdit(payload.token))
    expect(ran).toEqual(['chart 3 images=true'])
    expect(edit.headers['content-type']).toMatch(/^multipart\/form-data/)
    expect(edit.files).toHaveLength(1)
    expect(edit.files[0]).toMatchObject({ filename: 'chart.png', contentType: 'image/png' })
    expect([...edit.files[0]!.data]).toEqual([...PNG])
    expect(edit.json.embeds[0]).toMatchObject({
      title: 'Llama 4',
      image: { url: 'attachment://chart.png' },
    })
    expect(edit.json.embeds[0].description).toContain('MMLU')
    expect(edit.json.attachments).toEqual([{ id: 0, filename: 'chart.png' }])
    expect(edit.json.allowed_mentions).toEqual({ parse: [] })
  })

  it('GIVEN an answer too long for one message THEN the original holds the first part and follow-ups the rest', async () => {
    const payload = slashInteraction({ name: 'digest' })
    await post(url, payload, keys.privateKey)
    const edit = await fake.waitForCall(isOriginalEdit(payload.token))
    await endpoint.drain()
    const followUps = fake.calls.filter(
      (c) => c.method === 'POST' && c.path === `/api/v10/webhooks/${APP_ID}/${payload.token}`
    )
    expect(followUps.length).toBeGreaterThan(0)
    const parts = [edit, ...followUps]
    // The fake answers 400 to anything over Discord's limits, which would have produced an apology.
    expect(parts.every((c) => c.json.flags === undefined)).toBe(true)
    const text = parts
      .flatMap((c) => c.json.embeds.map((e: { description: string }) => e.description))
      .join('\n')
    expect(text.match(/Item \d+/g)).toEqual(Array.from({ length: 80 }, (_, i) => `Item ${i}`))
  })

  it('GIVEN an integer option out of range THEN a private usage message replaces the deferral', async () => {
    const payload = slashInteraction({
      name: 'chart',
      options: [{ name: 'limit', type: 4, value: 99 }],
    })
    await post(url, payload, keys.privateKey)
    const followUp = await fake.waitForCall(
      (c) => c.method === 'POST' && c.path === `/api/v10/webhooks/${APP_ID}/${payload.token}`
    )
    expect(followUp.json.flags).toBe(64)
    expect(followUp.json.content).toContain('Bad value for limit: a whole number 1–5.')
    const deleted = fake.calls.some(
      (c) =>
        c.method === 'DELETE' &&
        c.path === `/api/v10/webhooks/${APP_ID}/${payload.token}/messages/@original`
    )
    expect(deleted).toBe(true)
    expect(ran).toEqual([])
  })

  it('GIVEN a command that fails with a UserError THEN the caller alone sees the message (in Russian for ru)', async () => {
    const payload = slashInteraction({ name: 'fail', locale: 'ru' })
    await post(url, payload, keys.privateKey)
    const followUp = await fake.waitForCall(
      (c) => c.method === 'POST' && c.path === `/api/v10/webhooks/${APP_ID}/${payload.token}`
    )
    expect(followUp.json).toMatchObject({ content: 'No rows for that model yet.', flags: 64 })
    const unknown = slashInteraction({ name: 'nosuch', locale: 'ru' })
    const r = await post(url, unknown, keys.privateKey)
    expect(r.json.data).toMatchObject({
      content: 'Неизвестная команда /nosuch. Попробуйте /help.',
      flags: 64,
    })
  })

  it('GIVEN autocomplete on a model option THEN choices of known models (type 8)', async () => {
    const r = await post(
      url,
      slashInteraction({
        name: 'fail',
        type: 4,
        options: [{ name: 'model', type: 3, value: 'lama 4', focused: true }],
      }),
      keys.privateKey
    )
    expect(r.json.type).toBe(8)
    expect(r.json.data.choices.map((c: { value: string }) => c.value)).toContain('Llama 4')
    expect(r.json.data.choices.length).toBeLessThanOrEqual(25)
  })

  it("GIVEN autocomplete on a subscription option THEN this channel's subscriptions by id", async () => {
    const now = new Date()
    const { subscription } = await store.subscriptions.add(
      { chatRef: `discord:${CHANNEL_ID}`, topic: 'controversies', mode: 'digest' },
      now
    )
    await store.subscriptions.add({ chatRef: 'discord:999', topic: 'all', mode: 'realtime' }, now)
    const r = await post(
      url,
      slashInteraction({
        name: 'unsubscribe',
        type: 4,
        options: [{ name: 'id', type: 3, value: '', focused: true }],
      }),
      keys.privateKey
    )
    expect(r.json).toEqual({
      type: 8,
      data: {
        choices: [{ name: `${subscription.id} · controversies (digest)`, value: subscription.id }],
      },
    })
  })
})

const SEED = new URL('../../fixtures/feeds/seed-llama4.rss', import.meta.url).pathname
const HAS_TABLE = existsSync(new URL('../../../commands/table.ts', import.meta.url))
const HAS_SUBSCRIBE = existsSync(new URL('../../../commands/subscribe.ts', import.meta.url))

/** Ingests the seed feed the way an operator would: `benchwatch ingest FILE`. */
async function ingestSeed(databaseUrl: string): Promise<void> {
  const stderr = new PassThrough()
  let errors = ''
  stderr.on('data', (d: Buffer) => (errors += d.toString()))
  const code = await main(['ingest', SEED], {
    stdout: new PassThrough(),
    stderr,
    env: { DATABASE_URL: databaseUrl, LOG_LEVEL: 'silent' },
    isTty: false,
  })
  if (code !== 0) throw new Error(`benchwatch ingest failed: ${errors}`)
}

describe('Discord HTTP interactions: benchwatch itself (ingest, createApp + start)', () => {
  const keys = keypair()
  const dir = mkdtempSync(join(tmpdir(), 'bw-discord-'))
  const databaseUrl = `sqlite:${join(dir, 'bw.db')}`
  let fake: FakeDiscord
  let app: App
  let url: string

  beforeAll(async () => {
    fake = await startFakeDiscord()
    await ingestSeed(databaseUrl)
    const config = loadConfig({
      DATABASE_URL: databaseUrl,
      DISCORD_PUBLIC_KEY: keys.publicKeyHex,
      DISCORD_API_BASE: fake.apiBase,
      HTTP_PORT: '0',
      HTTP_HOST: '127.0.0.1',
      LOG_LEVEL: 'silent',
    })
    app = await createApp(config, pino({ level: 'silent' }))
    const { port } = await app.start()
    url = `http://127.0.0.1:${port}/discord/interactions`
  })
  afterAll(async () => {
    await app?.stop()
    await fake?.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('GIVEN only DISCORD_PUBLIC_KEY THEN the route exists and no gateway bot starts', () => {
    expect(app.components.map((c) => c.name)).toContain('discord-interactions')
    expect(app.components.map((c) => c.name)).not.toContain('discord-gateway')
    expect(fake.calls.filter((c) => c.path === '/api/v10/gateway/bot')).toEqual([])
  })

  it('GIVEN a wrong signature THEN 401; GIVEN PING THEN PONG', async () => {
    expect((await post(url, { type: 1 }, keypair().privateKey)).status).toBe(401)
    expect(await post(url, { type: 1 }, keys.privateKey)).toEqual({
      status: 200,
      json: { type: 1 },
    })
  })

  it('GIVEN /help THEN deferred, then an embed listing the commands', async () => {
    const payload = slashInteraction({ name: 'help' })
    expect((await post(url, payload, keys.privateKey)).json).toEqual({ type: 5 })
    const edit = await fake.waitForCall(isOriginalEdit(payload.token))
    expect(edit.json.embeds[0].title).toBe('benchwatch commands')
    expect(edit.json.embeds[0].description).toContain('/help')
    expect(edit.json.allowed_mentions).toEqual({ parse: [] })
  })

  it.skipIf(!HAS_TABLE)(
    'GIVEN the seed feed ingested THEN /table Llama 4 answers with the three rows and the chart',
    async () => {
      const payload = slashInteraction({
        name: 'table',
        options: [{ name: 'model', type: 3, value: 'Llama 4' }],
      })
      expect((await post(url, payload, keys.privateKey)).json).toEqual({ type: 5 })
      const edit = await fake.waitForCall(isOriginalEdit(payload.token), 15_000)
      const [embed] = edit.json.embeds
      expect(embed.title).toContain('Llama 4')
      for (const row of [
        /MMLU +\| +86\.5% \| +71\.2% \| −15\.3/,
        /GSM8K +\| +92\.1% \| +78\.8% \| −13\.3/,
        /HumanEval +\| +74\.3% \| +62\.9% \| −11\.4/,
      ]) {
        expect(embed.description).toMatch(row)
      }
      expect(edit.files).toHaveLength(1)
      const [file] = edit.files
      expect(file!.contentType).toBe('image/png')
      expect(file!.data.subarray(0, 8)).toEqual(
        Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
      )
      expect(file!.data.length).toBeGreaterThan(1000)
      const shown = edit.json.embeds
        .map((e: { image?: { url: string } }) => e.image?.url)
        .filter(Boolean)
      expect(shown).toEqual([`attachment://${file!.filename}`])
    },
    30_000
  )

  it.skipIf(!HAS_TABLE)(
    'GIVEN /table with model Llama 4 chosen THEN autocomplete offers stored models and its benchmarks',
    async () => {
      const models = await post(
        url,
        slashInteraction({
          name: 'table',
          type: 4,
          options: [{ name: 'model', type: 3, value: 'lla', focused: true }],
        }),
        keys.privateKey
      )
      expect(models.json.type).toBe(8)
      expect(models.json.data.choices[0]).toEqual({ name: 'Llama 4 (3)', value: 'Llama 4' })
      const benchmarks = await post(
        url,
        slashInteraction({
          name: 'table',
          type: 4,
          options: [
            { name: 'model', type: 3, value: 'Llama 4' },
            { name: 'benchmark', type: 3, value: '', focused: true },
          ],
        }),
        keys.privateKey
      )
      expect(benchmarks.json.data.choices.map((c: { value: string }) => c.value).sort()).toEqual([
        'GSM8K',
        'HumanEval',
        'MMLU',
      ])
    }
  )

  it.skipIf(!HAS_SUBSCRIBE)(
    'GIVEN a member without Manage Server THEN /subscribe is refused and nothing is stored',
    async () => {
      const payload = slashInteraction({
        name: 'subscribe',
        options: [{ name: 'topic', type: 3, value: 'controversies' }],
        permissions: PERMISSIONS.member,
      })
      const r = await post(url, payload, keys.privateKey)
      expect(r.json).toMatchObject({
        type: 4,
        data: { content: 'Only chat admins can use /subscribe.', flags: 64 },
      })
      expect(await app.store.subscriptions.listForChat(`discord:${CHANNEL_ID}`)).toEqual([])
    }
  )

  it.skipIf(!HAS_SUBSCRIBE)(
    'GIVEN a member with Manage Server THEN /subscribe stores the subscription for this channel',
    async () => {
      const payload = slashInteraction({
        name: 'subscribe',
        options: [{ name: 'topic', type: 3, value: 'controversies' }],
      })
      expect((await post(url, payload, keys.privateKey)).json).toEqual({ type: 5 })
      await fake.waitForCall(isOriginalEdit(payload.token))
      const subs = await app.store.subscriptions.listForChat(`discord:${CHANNEL_ID}`)
      expect(subs.map((s) => s.createdBy)).toEqual([MEMBER_ID])
    }
  )
})

describe('Discord HTTP interactions: `benchwatch run` as an operator starts it', () => {
  it('GIVEN DISCORD_PUBLIC_KEY in the environment THEN signed PING → PONG, bad signature → 401, /help answered through the webhook', async () => {
    const keys = keypair()
    const fake = await startFakeDiscord()
    const dir = mkdtempSync(join(tmpdir(), 'bw-discord-run-'))
    const child = spawn(process.execPath, [BIN, 'run'], {
      cwd: dir,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '/tmp',
        DATABASE_URL: `sqlite:${join(dir, 'bw.db')}`,
        DISCORD_PUBLIC_KEY: keys.publicKeyHex,
        DISCORD_API_BASE: fake.apiBase,
        HTTP_PORT: '0',
        HTTP_HOST: '127.0.0.1',
        LOG_LEVEL: 'info',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    try {
      const port = await new Promise<number>((resolve, reject) => {
        let out = ''
        const timer = setTimeout(
          () => reject(new Error(`benchwatch run did not start:\n${out}`)),
          25_000
        )
        child.stdout.on('data', (d: Buffer) => {
          out += d.toString()
          const running = out.split('\n').find((line) => line.includes('benchwatch is running'))
          if (running) {
            clearTimeout(timer)
            resolve((JSON.parse(running) as { port: number }).port)
          }
        })
        child.stderr.on('data', (d: Buffer) => (out += d.toString()))
      })
      const url = `http://127.0.0.1:${port}/discord/interactions`
      expect(await post(url, { type: 1 }, keys.privateKey)).toEqual({
        status: 200,
        json: { type: 1 },
      })
      expect((await post(url, { type: 1 }, keypair().privateKey)).status).toBe(401)
      const payload = slashInteraction({ name: 'help', locale: 'ru' })
      expect((await post(url, payload, keys.privateKey)).json).toEqual({ type: 5 })
      const edit = await fake.waitForCall(isOriginalEdit(payload.token), 10_000)
      expect(edit.json.embeds[0].title).toBe('Команды benchwatch')
    } finally {
      const exited = new Promise((resolve) => child.once('exit', resolve))
      child.kill('SIGTERM')
      await exited
      await fake.close()
      rmSync(dir, { recursive: true, force: true })
    }
  }, 40_000)
})
