import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PassThrough } from 'node:stream'
import pino from 'pino'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { main } from '../../../src/adapters/cli/index.js'
import { createGatewayBot, type GatewayBot } from '../../../src/adapters/discord/gateway.js'
import type { DiscordDeps } from '../../../src/adapters/discord/respond.js'
import { createDiscordSender } from '../../../src/adapters/discord/sender.js'
import { createApp, type App } from '../../../src/app.js'
import { loadConfig } from '../../../src/config.js'
import { SendError } from '../../../src/core/chat.js'
import { defineCommand, type CommandDef } from '../../../src/core/command.js'
import { reply } from '../../../src/core/reply.js'
import { runCommand } from '../../../src/core/run-command.js'
import { openStore } from '../../../src/store/open-store.js'
import type { Store } from '../../../src/store/store.js'
import {
  APP_ID,
  CHANNEL_ID,
  PERMISSIONS,
  slashInteraction,
  startFakeDiscord,
  type FakeDiscord,
  type RecordedCall,
} from '../../helpers/fake-discord.js'

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 9, 9])
const GATEWAY_INTENT_GUILDS = 1

const callback = (id: string) => (c: RecordedCall) =>
  c.method === 'POST' &&
  c.path.startsWith(`/api/v10/interactions/${id}/`) &&
  c.path.endsWith('/callback')

const SEED = new URL('../../fixtures/feeds/seed-llama4.rss', import.meta.url).pathname
const HAS_TABLE = existsSync(new URL('../../../commands/table.ts', import.meta.url))
const HAS_NEWS = existsSync(new URL('../../../commands/news.ts', import.meta.url))

describe('Discord gateway bot: benchwatch itself (ingest, createApp + start) against the fake gateway', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bw-discord-gw-'))
  const databaseUrl = `sqlite:${join(dir, 'bw.db')}`
  let fake: FakeDiscord
  let app: App

  beforeAll(async () => {
    fake = await startFakeDiscord()
    const code = await main(['ingest', SEED], {
      stdout: new PassThrough(),
      stderr: new PassThrough(),
      env: { DATABASE_URL: databaseUrl, LOG_LEVEL: 'silent' },
      isTty: false,
    })
    expect(code).toBe(0)
    const config = loadConfig({
      DATABASE_URL: databaseUrl,
      DISCORD_TOKEN: 'fake-bot-token',
      DISCORD_API_BASE: fake.apiBase,
      HTTP_PORT: '0',
      HTTP_HOST: '127.0.0.1',
      LOG_LEVEL: 'silent',
    })
    app = await createApp(config, pino({ level: 'silent' }))
    await app.start()
  })
  afterAll(async () => {
    await app?.stop()
    await fake?.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('GIVEN DISCORD_TOKEN THEN the bot identifies with the Guilds intent only and is ready', () => {
    expect(fake.gateway.identifies).toHaveLength(1)
    expect(fake.gateway.identifies[0].token).toBe('fake-bot-token')
    expect(fake.gateway.identifies[0].intents).toBe(GATEWAY_INTENT_GUILDS)
    const bot = app.components.find((c) => c.name === 'discord-gateway')
    expect(bot?.ready?.()).toBe(true)
  })

  it('GIVEN /help from a server channel THEN an embed reply with no mentions parsed', async () => {
    const interaction = slashInteraction({ name: 'help' })
    fake.gateway.dispatch('INTERACTION_CREATE', interaction)
    const call = await fake.waitForCall(callback(interaction.id))
    expect(call.json.type).toBe(4)
    expect(call.json.data.embeds[0].title).toBe('benchwatch commands')
    expect(call.json.data.embeds[0].description).toContain('/help')
    expect(call.json.data.allowed_mentions).toEqual({ parse: [] })
  })

  it.skipIf(!HAS_TABLE)(
    'GIVEN the seed feed ingested THEN /table Llama 4 answers with an embed and a PNG attachment',
    async () => {
      const interaction = slashInteraction({
        name: 'table',
        options: [{ name: 'model', type: 3, value: 'Llama 4' }],
      })
      fake.gateway.dispatch('INTERACTION_CREATE', interaction)
      // /table is marked slow: deferred first, then the original is edited with the answer.
      expect((await fake.waitForCall(callback(interaction.id))).json).toMatchObject({ type: 5 })
      const edit = await fake.waitForCall(
        (c) =>
          c.method === 'PATCH' &&
          c.path === `/api/v10/webhooks/${APP_ID}/${interaction.token}/messages/@original`,
        15_000
      )
      const [embed] = edit.json.embeds
      expect(embed.title).toContain('Llama 4')
      expect(embed.description).toMatch(/MMLU +\| +86\.5% \| +71\.2% \| −15\.3/)
      expect(embed.description).toMatch(/GSM8K +\| +92\.1% \| +78\.8% \| −13\.3/)
      expect(embed.description).toMatch(/HumanEval +\| +74\.3% \| +62\.9% \| −11\.4/)
      expect(edit.files).toHaveLength(1)
      expect(edit.files[0]!.data.subarray(0, 4)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47]))
      expect(embed.image).toEqual({ url: `attachment://${edit.files[0]!.filename}` })
      expect(edit.json.allowed_mentions).toEqual({ parse: [] })
    },
    30_000
  )

  it.skipIf(!HAS_NEWS)(
    'GIVEN a feed item titled with @everyone THEN /news shows it without any ping',
    async () => {
      const feedDir = mkdtempSync(join(dir, 'feed-'))
      const file = join(feedDir, 'everyone.rss')
      writeFileSync(
        file,
        `<?xml version="1.0"?><rss version="2.0"><channel><title>Ping test</title><link>https://ping.example/</link><description>x</description>
<item><title>@everyone Llama 4 <![CDATA[<@&123>]]> scores **inflated**</title><link>https://ping.example/1</link><guid>ping-1</guid><pubDate>${new Date().toUTCString()}</pubDate><description>Benchmarks</description></item>
</channel></rss>`
      )
      const code = await main(['ingest', file], {
        stdout: new PassThrough(),
        stderr: new PassThrough(),
        env: { DATABASE_URL: databaseUrl, LOG_LEVEL: 'silent' },
        isTty: false,
      })
      expect(code).toBe(0)
      const interaction = slashInteraction({ name: 'news' })
      fake.gateway.dispatch('INTERACTION_CREATE', interaction)
      const first = await fake.waitForCall(callback(interaction.id), 15_000)
      const answer =
        first.json.type === 4
          ? first.json.data
          : (
              await fake.waitForCall(
                (c) =>
                  c.method === 'PATCH' &&
                  c.path === `/api/v10/webhooks/${APP_ID}/${interaction.token}/messages/@original`
              )
            ).json
      expect(answer.allowed_mentions).toEqual({ parse: [] })
      const text = JSON.stringify(answer)
      expect(text).toContain('@\u200beveryone Llama 4')
      expect(text).not.toMatch(/[^\\]<@&123>/)
    },
    30_000
  )
})

describe('Discord gateway bot with test commands: deferral, permissions, errors, reconnects', () => {
  let fake: FakeDiscord
  let store: Store
  let bot: GatewayBot
  const ran: string[] = []
  const commands = new Map<string, CommandDef>(
    [
      defineCommand({
        name: 'chart',
        description: { en: 'Chart', ru: 'График' },
        options: {},
        slow: true,
        run: () => {
          ran.push('chart')
          return reply.of(
            { type: 'heading', text: 'Llama 4' },
            {
              type: 'table',
              columns: ['Benchmark', 'Claimed', 'Measured', 'Δ'],
              rows: [['MMLU', '86.5%', '71.2%', '−15.3']],
            },
            { type: 'image', png: PNG, alt: 'chart', filename: 'chart.png' }
          )
        },
      }),
      defineCommand({
        name: 'sleepy',
        description: { en: 'Takes a while', ru: 'Долго' },
        options: {},
        run: async () => {
          await new Promise((resolve) => setTimeout(resolve, 300))
          return reply.text('done')
        },
      }),
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
        name: 'table',
        description: { en: 'Table', ru: 'Таблица' },
        options: {
          model: {
            type: 'string',
            description: { en: 'Model', ru: 'Модель' },
            autocomplete: 'model',
          },
        },
        run: () => reply.text('table'),
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
    bot = createGatewayBot(deps, {
      token: 'fake-bot-token',
      apiBase: fake.apiBase,
      deferAfterMs: 100,
    })
    await bot.start()
  })
  afterAll(async () => {
    await bot?.stop()
    await fake?.close()
    await store?.close()
  })

  it('GIVEN a slow command with a chart THEN deferred, then the edit carries the embed and chart.png', async () => {
    const interaction = slashInteraction({ name: 'chart' })
    fake.gateway.dispatch('INTERACTION_CREATE', interaction)
    const deferred = await fake.waitForCall(callback(interaction.id))
    expect(deferred.json).toMatchObject({ type: 5 })
    const edit = await fake.waitForCall(
      (c) =>
        c.method === 'PATCH' &&
        c.path === `/api/v10/webhooks/${APP_ID}/${interaction.token}/messages/@original`
    )
    expect(edit.files.map((f) => [f.filename, f.contentType])).toEqual([['chart.png', 'image/png']])
    expect([...edit.files[0]!.data]).toEqual([...PNG])
    expect(edit.json.embeds[0]).toMatchObject({
      title: 'Llama 4',
      image: { url: 'attachment://chart.png' },
    })
    expect(edit.json.embeds[0].description).toContain('MMLU      |   86.5% |    71.2% | −15.3')
    expect(edit.json.allowed_mentions).toEqual({ parse: [] })
  })

  it('GIVEN a command still running after the defer threshold THEN deferred first, answered after', async () => {
    const interaction = slashInteraction({ name: 'sleepy' })
    fake.gateway.dispatch('INTERACTION_CREATE', interaction)
    const deferred = await fake.waitForCall(callback(interaction.id))
    expect(deferred.json).toMatchObject({ type: 5 })
    const edit = await fake.waitForCall(
      (c) =>
        c.method === 'PATCH' &&
        c.path === `/api/v10/webhooks/${APP_ID}/${interaction.token}/messages/@original`
    )
    expect(edit.json.content).toBe('done')
  })

  it('GIVEN a member without Manage Server THEN /subscribe is refused privately and does not run', async () => {
    ran.length = 0
    const interaction = slashInteraction({
      name: 'subscribe',
      options: [{ name: 'topic', type: 3, value: 'all' }],
      permissions: PERMISSIONS.member,
    })
    fake.gateway.dispatch('INTERACTION_CREATE', interaction)
    const call = await fake.waitForCall(callback(interaction.id))
    expect(call.json).toMatchObject({
      type: 4,
      data: {
        content: 'Only chat admins can use /subscribe.',
        flags: 64,
        allowed_mentions: { parse: [] },
      },
    })
    expect(ran).toEqual([])
  })

  it('GIVEN a user in a DM with the bot THEN they are admin of their DM and /subscribe runs', async () => {
    const interaction = slashInteraction({
      name: 'subscribe',
      options: [{ name: 'topic', type: 3, value: 'dm' }],
      permissions: null,
    })
    fake.gateway.dispatch('INTERACTION_CREATE', interaction)
    const call = await fake.waitForCall(callback(interaction.id))
    expect(call.json.data.content).toBe('Subscribed to dm.')
  })

  it('GIVEN a member with Manage Server THEN /subscribe runs', async () => {
    const interaction = slashInteraction({
      name: 'subscribe',
      options: [{ name: 'topic', type: 3, value: 'all' }],
    })
    fake.gateway.dispatch('INTERACTION_CREATE', interaction)
    const call = await fake.waitForCall(callback(interaction.id))
    expect(call.json.data.content).toBe('Subscribed to all.')
  })

  it('GIVEN Discord refuses the answer THEN the caller gets a private apology instead', async () => {
    // The first callback for this interaction is refused; the apology goes out as a second try.
    let refused = false
    fake.override((c) => {
      if (!refused && c.path.includes('/interactions/7999/')) {
        refused = true
        return { status: 400, body: { message: 'Invalid Form Body', code: 50035 } }
      }
      return undefined
    })
    const interaction = slashInteraction({
      name: 'subscribe',
      id: '7999',
      options: [{ name: 'topic', type: 3, value: 'x' }],
    })
    fake.gateway.dispatch('INTERACTION_CREATE', interaction)
    const apology = await fake.waitForCall(
      (c) => c.path.includes('/interactions/7999/') && c.json?.data?.flags === 64
    )
    expect(apology.json.data.content).toContain('something went wrong')
  })

  it('GIVEN autocomplete on a model option THEN known models are offered', async () => {
    const interaction = slashInteraction({
      name: 'table',
      type: 4,
      options: [{ name: 'model', type: 3, value: 'llama 4', focused: true }],
    })
    fake.gateway.dispatch('INTERACTION_CREATE', interaction)
    const call = await fake.waitForCall(callback(interaction.id))
    expect(call.json.type).toBe(8)
    expect(call.json.data.choices.map((c: { value: string }) => c.value)).toContain('Llama 4')
  })

  it('GIVEN the gateway connection drops THEN discord.js reconnects and interactions work again', async () => {
    fake.gateway.drop(4000)
    const deadline = Date.now() + 8000
    while (
      (fake.gateway.resumes.length + fake.gateway.identifies.length < 2 || !bot.ready()) &&
      Date.now() < deadline
    ) {
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
    expect(fake.gateway.resumes.length + fake.gateway.identifies.length).toBeGreaterThanOrEqual(2)
    const interaction = slashInteraction({
      name: 'subscribe',
      options: [{ name: 'topic', type: 3, value: 'again' }],
    })
    fake.gateway.dispatch('INTERACTION_CREATE', interaction)
    const call = await fake.waitForCall(callback(interaction.id), 8000)
    expect(call.json.data.content).toBe('Subscribed to again.')
  }, 20_000)
})

describe('Discord gateway bot start-up', () => {
  it('GIVEN Discord refuses the token THEN start fails with a clear message', async () => {
    const fake = await startFakeDiscord()
    fake.override((c) =>
      c.path === '/api/v10/gateway/bot'
        ? { status: 401, body: { message: '401: Unauthorized', code: 0 } }
        : undefined
    )
    const store = await openStore('sqlite::memory:')
    const bot = createGatewayBot(
      {
        commands: new Map(),
        store,
        log: pino({ level: 'silent' }),
        run: async () => reply.text('x'),
      },
      { token: 'revoked-token', apiBase: fake.apiBase }
    )
    try {
      await expect(bot.start()).rejects.toThrow(/^Discord gateway login failed: .*token/i)
      expect(bot.ready()).toBe(false)
    } finally {
      await bot.stop()
      await fake.close()
      await store.close()
    }
  })
})

describe('Discord sender (subscriptions and digests over REST)', () => {
  let fake: FakeDiscord
  beforeAll(async () => {
    fake = await startFakeDiscord()
  })
  afterAll(async () => {
    await fake?.close()
  })

  it('GIVEN a feed title containing @everyone THEN posted with allowed_mentions.parse = [] and inert text', async () => {
    const sender = createDiscordSender({ token: 'fake-bot-token', apiBase: fake.apiBase })
    const result = await sender.send(
      `discord:${CHANNEL_ID}`,
      reply.of(
        { type: 'heading', text: 'New in AI news' },
        {
          type: 'items',
          items: [
            {
              title: '@everyone Llama 4 <@&123> scores **inflated**',
              url: 'https://news.example/1',
            },
          ],
        }
      )
    )
    expect(result.messageIds).toHaveLength(1)
    const call = await fake.waitForCall(
      (c) => c.method === 'POST' && c.path === `/api/v10/channels/${CHANNEL_ID}/messages`
    )
    expect(call.headers.authorization).toBe('Bot fake-bot-token')
    expect(call.json.allowed_mentions).toEqual({ parse: [] })
    expect(call.json.flags).toBeUndefined()
    expect(call.json.embeds[0].description).toBe(
      '**1.** [@\u200beveryone Llama 4 \\<@&123\\> scores \\*\\*inflated\\*\\*](https://news.example/1)'
    )
  })

  it('GIVEN a chart THEN the channel message is multipart with the PNG', async () => {
    const sender = createDiscordSender({ token: 'fake-bot-token', apiBase: fake.apiBase })
    await sender.send(
      'discord:424242',
      reply.of({ type: 'image', png: PNG, alt: 'chart', filename: 'chart.png' })
    )
    const call = await fake.waitForCall((c) => c.path === '/api/v10/channels/424242/messages')
    expect(call.files.map((f) => f.filename)).toEqual(['chart.png'])
    expect(call.json.embeds[0].image.url).toBe('attachment://chart.png')
  })

  it.each([
    [403, 50001, 'permanent', 'MISSING_ACCESS'],
    [403, 50013, 'permanent', 'MISSING_PERMISSIONS'],
    [404, 10003, 'permanent', 'UNKNOWN_CHANNEL'],
    [502, 0, 'retryable', 'SERVER_ERROR'],
  ])(
    'GIVEN Discord answers %i with code %i THEN SendError %s %s',
    async (status, code, kind, reason) => {
      const channel = String(500000 + code + status)
      fake.override((c) =>
        c.path === `/api/v10/channels/${channel}/messages`
          ? { status, body: { message: 'no', code } }
          : undefined
      )
      const sender = createDiscordSender({ token: 'fake-bot-token', apiBase: fake.apiBase })
      const error = await sender
        .send(`discord:${channel}`, reply.text('hi'))
        .catch((e: unknown) => e)
      expect(error).toBeInstanceOf(SendError)
      expect(error).toMatchObject({ kind, reason })
    }
  )

  it("GIVEN a body over Discord's limits THEN the fake refuses it as Discord would (so passing tests mean something)", async () => {
    const post = (body: unknown) =>
      fetch(`${fake.apiBase}/v10/channels/${CHANNEL_ID}/messages`, {
        method: 'POST',
        headers: { authorization: 'Bot t', 'content-type': 'application/json' },
        body: JSON.stringify(body),
      })
    const refused = [
      { embeds: Array.from({ length: 11 }, () => ({ description: 'x' })) },
      { embeds: [{ description: 'x'.repeat(4097) }] },
      { embeds: [{ description: 'x'.repeat(4000) }, { description: 'x'.repeat(2001) }] },
      { embeds: [{ image: { url: 'attachment://chart.png' } }] },
      { content: 'x'.repeat(2001) },
      { embeds: [] },
    ]
    for (const body of refused) {
      const res = await post(body)
      expect(res.status).toBe(400)
      expect(((await res.json()) as { code: number }).code).toBe(50035)
    }
    expect((await post({ content: 'fine' })).status).toBe(200)
  })

  it('GIVEN a non-Discord chat THEN a permanent BAD_CHAT error and nothing is sent', async () => {
    const before = fake.calls.length
    const sender = createDiscordSender({ token: 'fake-bot-token', apiBase: fake.apiBase })
    await expect(sender.send('telegram:5', reply.text('hi'))).rejects.toMatchObject({
      kind: 'permanent',
      reason: 'BAD_CHAT',
    })
    expect(fake.calls.length).toBe(before)
  })

  it('GIVEN nothing listens at DISCORD_API_BASE THEN a retryable NETWORK error', async () => {
    const sender = createDiscordSender({
      token: 'fake-bot-token',
      apiBase: 'http://127.0.0.1:1/api',
    })
    await expect(sender.send(`discord:${CHANNEL_ID}`, reply.text('hi'))).rejects.toMatchObject({
      kind: 'retryable',
      reason: 'NETWORK',
    })
  })
})
