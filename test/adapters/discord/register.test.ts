import { PassThrough } from 'node:stream'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { toSlashCommands, toSlashJson } from '../../../src/adapters/discord/commands.js'
import { registerCommands } from '../../../src/adapters/discord/register.js'
import { main } from '../../../src/adapters/cli/index.js'
import { defineCommand, type CommandDef } from '../../../src/core/command.js'
import { reply } from '../../../src/core/reply.js'
import { loadCommands } from '../../../src/registry.js'
import { APP_ID, GUILD_ID, startFakeDiscord, type FakeDiscord } from '../../helpers/fake-discord.js'

const subscribe = defineCommand({
  name: 'subscribe',
  description: {
    en: 'Send new items on a topic to this channel',
    ru: 'Присылать новости по теме в этот канал',
  },
  options: {
    mode: {
      type: 'string',
      description: { en: 'How to deliver', ru: 'Как присылать' },
      choices: ['realtime', 'digest'],
    },
    topic: {
      type: 'string',
      description: { en: 'What to follow', ru: 'На что подписаться' },
      required: true,
      autocomplete: 'model',
    },
    limit: {
      type: 'integer',
      description: { en: 'Items per post', ru: 'Новостей за раз' },
      min: 1,
      max: 20,
    },
    quiet: { type: 'boolean', description: { en: 'No previews', ru: 'Без превью' } },
    keyword: { type: 'string', description: { en: 'Words', ru: 'Слова' }, max: 60 },
  },
  preconditions: ['chatAdmin'],
  run: () => reply.text('ok'),
}) as unknown as CommandDef

const news = defineCommand({
  name: 'news',
  description: { en: 'Latest AI news', ru: 'Свежие новости ИИ' },
  options: {},
  run: () => reply.text('ok'),
}) as unknown as CommandDef

const secret = defineCommand({
  name: 'debug',
  description: { en: 'Debug', ru: 'Отладка' },
  options: {},
  hidden: true,
  run: () => reply.text('ok'),
}) as unknown as CommandDef

describe('slash-command JSON', () => {
  it('GIVEN a chatAdmin command with typed options THEN Discord JSON with required first, localizations, Manage Server, server only', () => {
    expect(toSlashJson(subscribe)).toEqual({
      type: 1,
      name: 'subscribe',
      description: 'Send new items on a topic to this channel',
      description_localizations: { ru: 'Присылать новости по теме в этот канал' },
      default_member_permissions: '32',
      integration_types: [0],
      contexts: [0],
      nsfw: false,
      options: [
        {
          type: 3,
          name: 'topic',
          description: 'What to follow',
          description_localizations: { ru: 'На что подписаться' },
          required: true,
          autocomplete: true,
        },
        {
          type: 3,
          name: 'mode',
          description: 'How to deliver',
          description_localizations: { ru: 'Как присылать' },
          required: false,
          choices: [
            { name: 'realtime', value: 'realtime' },
            { name: 'digest', value: 'digest' },
          ],
        },
        {
          type: 4,
          name: 'limit',
          description: 'Items per post',
          description_localizations: { ru: 'Новостей за раз' },
          required: false,
          min_value: 1,
          max_value: 20,
        },
        {
          type: 5,
          name: 'quiet',
          description: 'No previews',
          description_localizations: { ru: 'Без превью' },
          required: false,
        },
        {
          type: 3,
          name: 'keyword',
          description: 'Words',
          description_localizations: { ru: 'Слова' },
          required: false,
          max_length: 60,
        },
      ],
    })
  })

  it('GIVEN an ordinary command THEN everyone may use it, in servers and in DMs with the bot', () => {
    expect(toSlashJson(news)).toMatchObject({
      default_member_permissions: null,
      contexts: [0, 1],
      options: [],
    })
  })

  it('GIVEN a hidden command THEN it is not registered', () => {
    expect(toSlashCommands([news, secret]).map((c) => c.name)).toEqual(['news'])
  })

  it("GIVEN the project's commands THEN every one is registrable within Discord's rules", async () => {
    const commands = await loadCommands({ warn: () => {} })
    const body = toSlashCommands(commands.values())
    expect(body.length).toBeGreaterThan(0)
    for (const c of body) {
      expect(c.name).toMatch(/^[a-z0-9_-]{1,32}$/)
      expect((c as { description: string }).description.length).toBeLessThanOrEqual(100)
      expect(c.description_localizations?.ru?.length).toBeGreaterThan(0)
      const options =
        (c as { options?: { required?: boolean; choices?: unknown[]; autocomplete?: boolean }[] })
          .options ?? []
      expect(options.length).toBeLessThanOrEqual(25)
      const firstOptional = options.findIndex((o) => !o.required)
      if (firstOptional >= 0)
        expect(options.slice(firstOptional).every((o) => !o.required)).toBe(true)
      for (const o of options) expect(Boolean(o.choices) && Boolean(o.autocomplete)).toBe(false)
    }
  })
})

describe('registering with Discord', () => {
  let fake: FakeDiscord
  beforeAll(async () => {
    fake = await startFakeDiscord()
  })
  afterAll(async () => {
    await fake?.close()
  })

  it('GIVEN no application id THEN it is looked up, and the commands are PUT globally with the bot token', async () => {
    const result = await registerCommands([news, subscribe, secret], {
      token: 'fake-bot-token',
      apiBase: fake.apiBase,
    })
    expect(result).toEqual({ applicationId: APP_ID, scope: 'global', names: ['news', 'subscribe'] })
    const put = await fake.waitForCall(
      (c) => c.method === 'PUT' && c.path === `/api/v10/applications/${APP_ID}/commands`
    )
    expect(put.headers.authorization).toBe('Bot fake-bot-token')
    expect(put.json).toEqual([toSlashJson(news), toSlashJson(subscribe)])
  })

  it('GIVEN `benchwatch register --guild ID` THEN the project commands are PUT to that server', async () => {
    const r = await cli(['register', '--guild', GUILD_ID], {
      DISCORD_TOKEN: 'fake-bot-token',
      DISCORD_API_BASE: fake.apiBase,
      DISCORD_APPLICATION_ID: APP_ID,
    })
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(
      new RegExp(
        `^registered \\d+ commands \\(server ${GUILD_ID}, application ${APP_ID}\\): .*help`
      )
    )
    const put = await fake.waitForCall(
      (c) =>
        c.method === 'PUT' &&
        c.path === `/api/v10/applications/${APP_ID}/guilds/${GUILD_ID}/commands`
    )
    const names = (put.json as { name: string }[]).map((c) => c.name)
    expect(names).toContain('help')
  })

  async function cli(args: string[], env: Record<string, string>) {
    const stdout = new PassThrough()
    const stderr = new PassThrough()
    let out = ''
    let err = ''
    stdout.on('data', (d: Buffer) => (out += d.toString()))
    stderr.on('data', (d: Buffer) => (err += d.toString()))
    const code = await main(args, { stdout, stderr, env, isTty: false })
    return { code, stdout: out, stderr: err }
  }

  it('GIVEN no DISCORD_TOKEN THEN exit 1 saying so, nothing sent', async () => {
    const before = fake.calls.length
    const r = await cli(['register'], { DISCORD_API_BASE: fake.apiBase })
    expect(r.code).toBe(1)
    expect(r.stderr).toContain('DISCORD_TOKEN is not set')
    expect(fake.calls.length).toBe(before)
  })

  it('GIVEN --guild that is not an id THEN exit 2 with the reason', async () => {
    const r = await cli(['register', '--guild', 'my-server'], { DISCORD_TOKEN: 't' })
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('--guild expects a numeric server id')
  })

  it('GIVEN --print THEN the JSON is printed and nothing is sent, no token needed', async () => {
    const before = fake.calls.length
    const r = await cli(['register', '--print'], {})
    expect(r.code).toBe(0)
    expect((JSON.parse(r.stdout) as { name: string }[]).map((c) => c.name)).toContain('help')
    expect(fake.calls.length).toBe(before)
  })

  it('GIVEN Discord refuses the token THEN exit 1 with a clear line', async () => {
    fake.override((c) =>
      c.path.endsWith('/commands') && c.headers.authorization === 'Bot bad'
        ? { status: 401, body: { message: '401: Unauthorized', code: 0 } }
        : undefined
    )
    const r = await cli(['register'], {
      DISCORD_TOKEN: 'bad',
      DISCORD_API_BASE: fake.apiBase,
      DISCORD_APPLICATION_ID: APP_ID,
    })
    expect(r.code).toBe(1)
    expect(r.stderr).toContain(
      'benchwatch register: Discord refused the commands: 401: Unauthorized'
    )
  })
})
