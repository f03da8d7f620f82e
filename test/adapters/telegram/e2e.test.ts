/**
 * The Telegram bot end to end: real grammY, real HTTP, real SQLite, against the fake Bot API in
 * test/helpers/fake-telegram.ts. The main flow runs `benchwatch run` as a child process; the
 * rest runs the same app in-process (createApp + start), which is faster.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createTelegramSender } from '../../../src/adapters/telegram/index.js'
import { createApp, type App } from '../../../src/app.js'
import { loadConfig } from '../../../src/config.js'
import { SendError } from '../../../src/core/chat.js'
import { defineCommand } from '../../../src/core/command.js'
import { reply } from '../../../src/core/reply.js'
import { createLogger } from '../../../src/log.js'
import { startFakeTelegram, type FakeTelegram } from '../../helpers/fake-telegram.js'

const ROOT = join(import.meta.dirname, '..', '..', '..')
const SEED = new URL('../../fixtures/feeds/seed-llama4.rss', import.meta.url).pathname
const has = (path: string) => existsSync(join(ROOT, path))
/** A 1×1 PNG. */
const PNG = Uint8Array.from(
  Buffer.from(
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
    'base64'
  )
)
/** A test that needs a piece another issue delivers: pending (todo) until that piece exists. */
const once = (ready: boolean) => (ready ? it : (name: string) => it.todo(name))

let tmp: string
/** An empty feed list, so the poller has nothing to fetch (this machine has no internet). */
let noFeeds: string
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'bw-tg-'))
  noFeeds = join(tmp, 'no-feeds.json')
  writeFileSync(noFeeds, '[]')
})
afterAll(() => rmSync(tmp, { recursive: true, force: true }))

async function until<T>(
  check: () => Promise<T | undefined> | T | undefined,
  timeoutMs = 5000
): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await check()
    if (value !== undefined && value !== false) return value
    if (Date.now() > deadline) throw new Error('condition not met in time')
    await new Promise((r) => setTimeout(r, 25))
  }
}

describe('benchwatch run (child process) against a fake Bot API', () => {
  let tg: FakeTelegram
  let child: ChildProcess
  let output = ''
  let exited: Promise<number | null>
  const dbUrl = () => `sqlite:${join(tmp, 'child.db')}`
  const env = () => ({
    ...process.env,
    TELEGRAM_BOT_TOKEN: tg.token,
    TELEGRAM_API_ROOT: tg.apiRoot,
    DATABASE_URL: dbUrl(),
    HTTP_PORT: '0',
    HTTP_HOST: '127.0.0.1',
    LOG_LEVEL: 'info',
    POLL_CRON: '0 0 1 1 *',
    FEEDS_FILE: noFeeds,
    DISCORD_TOKEN: '',
    DISCORD_PUBLIC_KEY: '',
  })

  beforeAll(async () => {
    tg = await startFakeTelegram()
    if (has('src/adapters/cli/subcommands/ingest.ts') && existsSync(SEED)) {
      const ingest = spawn(process.execPath, ['bin/benchwatch.js', 'ingest', SEED], {
        cwd: ROOT,
        env: env(),
        stdio: 'pipe',
      })
      await new Promise((resolve) => ingest.on('exit', resolve))
    }
    child = spawn(process.execPath, ['bin/benchwatch.js', 'run'], {
      cwd: ROOT,
      env: env(),
      stdio: 'pipe',
    })
    child.stdout!.on('data', (d: Buffer) => (output += d.toString()))
    child.stderr!.on('data', (d: Buffer) => (output += d.toString()))
    exited = new Promise((resolve) => child.on('exit', (code) => resolve(code)))
    await tg
      .waitFor((c) => c.method === 'getUpdates', 15_000)
      .catch((error: Error) => {
        throw new Error(`${error.message}\n--- benchwatch output ---\n${output}`)
      })
  }, 30_000)

  afterAll(async () => {
    if (child.exitCode === null) child.kill('SIGKILL')
    await tg.close()
  })

  it('registers the menu for the default scope and for Russian, from the command definitions', () => {
    expect(tg.commands.get('default:')).toContainEqual({
      command: 'help',
      description: 'List the commands',
    })
    expect(tg.commands.get('default:ru')).toContainEqual({
      command: 'help',
      description: 'Список команд',
    })
    expect(tg.calls.find((c) => c.method === 'deleteWebhook')).toBeDefined()
  })

  it('answers /start and /help in a private chat, in the user’s language', async () => {
    const chat = tg.privateChat(501, 'Ann')
    tg.pushMessage({ chat, from: tg.user(501), text: '/start' })
    const [start] = await tg.waitForSent(1, { chatId: 501 })
    expect(start!.text).toMatch(/\/help/)
    tg.pushMessage({ chat, from: tg.user(501, { languageCode: 'ru' }), text: '/help' })
    const [, help] = await tg.waitForSent(2, { chatId: 501 })
    expect(help!.text).toContain('Команды benchwatch')
    expect(help!.params.parse_mode).toBe('HTML')
    expect(help!.params.link_preview_options).toEqual({ is_disabled: true })
  })

  it('rides out a 429 (waits retry_after) and a 502 (backs off), then the replies arrive', async () => {
    const limited = tg.privateChat(502)
    const failing = tg.privateChat(505)
    const to = (id: number) => (p: Record<string, unknown>) => Number(p.chat_id) === id
    tg.failNext(
      'sendMessage',
      {
        code: 429,
        description: 'Too Many Requests: retry after 1',
        parameters: { retry_after: 1 },
      },
      { when: to(502) }
    )
    tg.failNext('sendMessage', { code: 502, description: 'Bad Gateway' }, { when: to(505) })
    const t0 = Date.now()
    tg.pushMessage({ chat: limited, from: tg.user(502), text: '/help' })
    tg.pushMessage({ chat: failing, from: tg.user(505), text: '/help' })
    const [afterLimit] = await tg.waitForSent(1, { chatId: 502 })
    expect(afterLimit!.text).toContain('benchwatch commands')
    expect(Date.now() - t0).toBeGreaterThanOrEqual(900)
    const [afterError] = await tg.waitForSent(1, { chatId: 505 })
    expect(afterError!.text).toContain('benchwatch commands')
    const attempts = (id: number) =>
      tg.calls.filter((c) => c.method === 'sendMessage' && to(id)(c.params)).map((c) => c.status)
    expect(attempts(502)).toEqual([429, 200])
    expect(attempts(505)).toEqual([502, 200])
  })

  once(has('commands/news.ts'))('answers /news', async () => {
    const chat = tg.privateChat(503)
    tg.pushMessage({ chat, from: tg.user(503), text: '/news' })
    const [news] = await tg.waitForSent(1, { chatId: 503 })
    expect(news!.params.parse_mode).toBe('HTML')
    if (has('src/adapters/cli/subcommands/ingest.ts')) expect(news!.text).toMatch(/Llama 4/)
  })

  once(has('commands/table.ts') && has('src/adapters/cli/subcommands/ingest.ts'))(
    '/table Llama 4 after ingesting the seed fixture shows the three rows',
    async () => {
      const chat = tg.privateChat(504)
      tg.pushMessage({ chat, from: tg.user(504), text: '/table Llama 4' })
      const [table] = await tg.waitForSent(1, { chatId: 504 })
      expect(table!.html).toMatch(/<pre>Benchmark \| Claimed \| Measured/)
      for (const [bench, claimed, measured] of [
        ['MMLU', '86.5%', '71.2%'],
        ['GSM8K', '92.1%', '78.8%'],
        ['HumanEval', '74.3%', '62.9%'],
      ]) {
        expect(table!.text).toMatch(
          new RegExp(`^${bench} +\\| +${claimed} \\| +${measured} \\|`, 'm')
        )
      }
    }
  )

  it('reports the bot in /readyz', async () => {
    const port = await until(() => /"port":(\d+)[^\n]*benchwatch is running/.exec(output)?.[1])
    const res = await fetch(`http://127.0.0.1:${port}/readyz`)
    expect(await res.json()).toMatchObject({ checks: { telegram: true } })
  })

  it('stops cleanly on SIGTERM', async () => {
    child.kill('SIGTERM')
    expect(await exited).toBe(0)
  }, 15_000)
})

describe('the Telegram bot in-process (createApp + start)', () => {
  let tg: FakeTelegram
  let app: App
  let n = 0

  async function startApp(extra: Record<string, string> = {}): Promise<{ app: App; port: number }> {
    const config = loadConfig({
      TELEGRAM_BOT_TOKEN: tg.token,
      TELEGRAM_API_ROOT: tg.apiRoot,
      DATABASE_URL: `sqlite:${join(tmp, `app-${++n}.db`)}`,
      HTTP_PORT: '0',
      HTTP_HOST: '127.0.0.1',
      FEEDS_FILE: noFeeds,
      ...extra,
    })
    const built = await createApp(config, createLogger('silent', { pretty: false }))
    // Probe commands: they stand for any command's reply shape, independent of other issues.
    built.commands.set(
      'probe_admin',
      defineCommand({
        name: 'probe_admin',
        description: { en: 'Admin-only probe', ru: 'Проверка для админов' },
        options: {},
        preconditions: ['chatAdmin'],
        run: ({ user }) => reply.text(`admin ok for ${user.id}`),
      })
    )
    built.commands.set(
      'probe_long',
      defineCommand({
        name: 'probe_long',
        description: { en: 'A 10,000-character reply', ru: 'Ответ на 10 000 символов' },
        options: {},
        run: () => ({
          blocks: Array.from({ length: 25 }, (_, i) => ({
            type: 'paragraph' as const,
            text: `§${i} ${'lorem <ipsum> & '.repeat(25)}`,
          })),
        }),
      })
    )
    built.commands.set(
      'probe_title',
      defineCommand({
        name: 'probe_title',
        description: { en: 'An item with markup in its title', ru: 'Заголовок с разметкой' },
        options: { model: { type: 'string', description: { en: 'Model', ru: 'Модель' } } },
        run: ({ options }) =>
          reply.of(
            { type: 'heading', text: `Model: ${options.model ?? ''}` },
            {
              type: 'items',
              items: [
                {
                  title: 'Llama <script>alert(1)</script> & "Maverick"',
                  url: 'https://example.org/?a=1&b=<2>',
                  meta: 'Feed <b>&amp;',
                },
              ],
            }
          ),
      })
    )
    built.commands.set(
      'probe_chart',
      defineCommand({
        name: 'probe_chart',
        description: { en: 'A reply with an image', ru: 'Ответ с картинкой' },
        options: {},
        run: () =>
          reply.of(
            { type: 'paragraph', text: 'Chart below' },
            {
              type: 'image',
              png: PNG,
              alt: 'Llama 4: claimed <vs> measured & Δ',
              filename: 'chart.png',
            }
          ),
      })
    )
    const { port } = await built.start()
    app = built
    return { app: built, port }
  }

  beforeAll(async () => {
    tg = await startFakeTelegram()
  })
  afterEach(async () => {
    await app?.stop()
  })
  afterAll(async () => {
    await tg.close()
  })

  it('a feed title with <script> and & arrives escaped, and reads exactly as written', async () => {
    await startApp()
    const chat = tg.privateChat(601)
    tg.pushMessage({ chat, from: tg.user(601), text: '/probe_title "Llama 4"' })
    const [m] = await tg.waitForSent(1, { chatId: 601 })
    expect(m!.html).toContain('Llama &lt;script&gt;alert(1)&lt;/script&gt; &amp; "Maverick"')
    expect(m!.html).toContain('href="https://example.org/?a=1&amp;b=&lt;2&gt;"')
    expect(m!.text).toContain(
      'Model: Llama 4\n\nLlama <script>alert(1)</script> & "Maverick"\nFeed <b>&amp;'
    )
  })

  it('/news: a stored feed title with <script> and & arrives escaped', async (ctx) => {
    const { app } = await startApp()
    if (!app.commands.has('news') || !('news' in app.store)) return ctx.skip()
    const now = new Date()
    const { feed } = await app.store.feeds.add(
      { url: 'https://feeds.example.org/ai.xml', title: 'AI & <Co>' },
      now
    )
    const title = 'Llama 4 <script>alert("x")</script> & the LMArena gap'
    await app.store.items.upsertFromFeed(
      feed.id,
      [
        {
          key: 'k1',
          id: 'item-script',
          url: 'https://example.org/llama?a=1&b=2',
          title,
          publishedAt: now,
        },
      ],
      { now, backlog: false }
    )
    tg.pushMessage({ chat: tg.privateChat(606), from: tg.user(606), text: '/news' })
    const [m] = await tg.waitForSent(1, { chatId: 606 })
    expect(m!.html).toContain(
      'Llama 4 &lt;script&gt;alert("x")&lt;/script&gt; &amp; the LMArena gap'
    )
    expect(m!.html).not.toContain('<script>')
    expect(m!.text).toContain(title)
  })

  it('an image goes out as a multipart sendPhoto with an escaped caption, in the forum topic', async () => {
    await startApp()
    const forum = tg.group(-100730, 'Charts')
    tg.pushMessage({ chat: forum, from: tg.user(73), text: '/probe_chart', threadId: 7 })
    const [text, photo] = await tg.waitForSent(2, { chatId: -100730 })
    expect(text!.text).toBe('Chart below')
    expect(photo!.method).toBe('sendPhoto')
    expect(photo!.photo!.filename).toBe('chart.png')
    expect([...photo!.photo!.bytes]).toEqual([...PNG])
    expect(photo!.html).toBe('Llama 4: claimed &lt;vs&gt; measured &amp; Δ')
    expect(photo!.text).toBe('Llama 4: claimed <vs> measured & Δ')
    expect(Number(photo!.params.message_thread_id)).toBe(7)
    expect(text!.params.message_thread_id).toBe(7)
  })

  it('a 10,000-character reply arrives as several valid messages, in order', async () => {
    await startApp()
    const chat = tg.privateChat(602)
    tg.pushMessage({ chat, from: tg.user(602), text: '/probe_long' })
    const all = await until(() => {
      const got = tg.sent.filter((m) => m.chatId === 602)
      return got.length >= 3 &&
        got
          .map((m) => m.text)
          .join('\n\n')
          .includes('§24')
        ? got
        : undefined
    }, 8000)
    const visible = all.map((m) => m.text).join('\n\n')
    expect(visible.length).toBeGreaterThan(10_000)
    for (const m of all) expect(m.text.length).toBeLessThanOrEqual(4096)
    expect([...visible.matchAll(/§(\d+)/g)].map((x) => Number(x[1]))).toEqual(
      Array.from({ length: 25 }, (_, i) => i)
    )
    expect(tg.calls.filter((c) => c.method === 'sendMessage' && c.status !== 200)).toEqual([])
  })

  it('admin-only commands: allowed for an admin, anonymous admin, channel post; refused for a member', async () => {
    await startApp()
    const group = tg.group(-100700, 'Team')
    tg.setMember(-100700, 71, 'administrator')
    tg.setMember(-100700, 72, 'member')
    tg.pushMessage({ chat: group, from: tg.user(71), text: '/probe_admin' })
    tg.pushMessage({ chat: group, from: tg.user(72), text: '/probe_admin@benchwatch_test_bot' })
    tg.pushMessage({
      chat: group,
      from: tg.user(1087968824),
      senderChat: group,
      text: '/probe_admin',
    })
    const [a, b, c] = await tg.waitForSent(3, { chatId: -100700 })
    expect(a!.text).toBe('admin ok for 71')
    expect(b!.text).toBe('Only chat admins can use /probe_admin.')
    expect(c!.text).toMatch(/^admin ok/)
    // A second command by the same admin within a minute uses the cached answer.
    tg.pushMessage({ chat: group, from: tg.user(71), text: '/probe_admin' })
    await tg.waitForSent(4, { chatId: -100700 })
    const lookups = tg.calls.filter(
      (x) => x.method === 'getChatMember' && Number(x.params.user_id) === 71
    )
    expect(lookups).toHaveLength(1)
    tg.pushMessage({ chat: tg.privateChat(74), from: tg.user(74), text: '/probe_admin' })
    const [own] = await tg.waitForSent(1, { chatId: 74 })
    expect(own!.text).toBe('admin ok for 74')
    const channel = tg.channel(-100800, 'News')
    tg.pushMessage({ chat: channel, text: '/probe_admin' })
    const [post] = await tg.waitForSent(1, { chatId: -100800 })
    expect(post!.text).toBe('admin ok for -100800')
  })

  once(has('commands/subscribe.ts'))(
    '/subscribe by an admin works and is refused for a member',
    async () => {
      await startApp()
      const group = tg.group(-100710, 'Subs')
      tg.setMember(-100710, 81, 'creator')
      tg.pushMessage({ chat: group, from: tg.user(81), text: '/subscribe controversies' })
      tg.pushMessage({ chat: group, from: tg.user(82), text: '/subscribe all' })
      const [ok, refused] = await tg.waitForSent(2, { chatId: -100710 })
      expect(ok!.text).not.toMatch(/only chat admins/i)
      expect(refused!.text).toBe('Only chat admins can use /subscribe.')
      const subs = await app.store.subscriptions.listForChat('telegram:-100710')
      expect(subs.map((s) => s.topic)).toEqual(['controversies'])
    }
  )

  it('groups: ignores commands for other bots and unknown unaddressed ones; answers in the forum topic', async () => {
    await startApp()
    const group = tg.group(-100720, 'Forum')
    tg.pushMessage({ chat: group, from: tg.user(91), text: '/help@some_other_bot' })
    tg.pushMessage({ chat: group, from: tg.user(91), text: '/weather' })
    tg.pushMessage({ chat: group, from: tg.user(91), text: '/help', threadId: 42 })
    const [m] = await tg.waitForSent(1, { chatId: -100720 })
    expect(m!.params.message_thread_id).toBe(42)
    await new Promise((r) => setTimeout(r, 200))
    expect(tg.sent.filter((x) => x.chatId === -100720)).toHaveLength(1)
  })

  it('a 403 marks the chat inactive and pauses its subscriptions', async () => {
    const { app } = await startApp()
    const now = new Date()
    await app.store.chats.upsert('telegram:603', { title: 'Blocked' }, now)
    await app.store.subscriptions.add(
      { chatRef: 'telegram:603', topic: 'all', mode: 'realtime' },
      now
    )
    await app.store.subscriptions.add(
      { chatRef: 'telegram:603', topic: 'controversies', mode: 'digest' },
      now
    )
    tg.failNext(
      'sendMessage',
      { code: 403, description: 'Forbidden: bot was blocked by the user' },
      { when: (p) => Number(p.chat_id) === 603 }
    )
    tg.pushMessage({ chat: tg.privateChat(603), from: tg.user(603), text: '/help' })
    const chat = await until(async () => {
      const c = await app.store.chats.get('telegram:603')
      return c && !c.active ? c : undefined
    })
    expect(chat.inactiveReason).toBe('Forbidden: bot was blocked by the user')
    const subs = await app.store.subscriptions.listForChat('telegram:603')
    expect(subs.map((s) => s.pausedReason)).toEqual([
      'Forbidden: bot was blocked by the user',
      'Forbidden: bot was blocked by the user',
    ])
  })

  it('a group upgraded to a supergroup: the chat is renamed and the reply resent to the new id', async () => {
    const { app } = await startApp()
    const now = new Date()
    await app.store.subscriptions.add(
      { chatRef: 'telegram:-604', topic: 'all', mode: 'realtime' },
      now
    )
    tg.failNext(
      'sendMessage',
      {
        code: 400,
        description: 'Bad Request: group chat was upgraded to a supergroup chat',
        parameters: { migrate_to_chat_id: -1000000000604 },
      },
      { when: (p) => Number(p.chat_id) === -604 }
    )
    tg.pushMessage({ chat: tg.group(-604, 'Old', 'group'), from: tg.user(604), text: '/help' })
    const [m] = await tg.waitForSent(1, { chatId: -1000000000604 })
    expect(m!.text).toContain('benchwatch commands')
    expect(
      (await app.store.subscriptions.listForChat('telegram:-1000000000604')).map((s) => s.topic)
    ).toEqual(['all'])
    expect(await app.store.subscriptions.listForChat('telegram:-604')).toEqual([])
  })

  it('service updates: a migration message renames the chat; being kicked pauses the chat', async () => {
    const { app } = await startApp()
    const now = new Date()
    await app.store.subscriptions.add(
      { chatRef: 'telegram:-608', topic: 'all', mode: 'realtime' },
      now
    )
    await app.store.subscriptions.add(
      { chatRef: 'telegram:-100609', topic: 'all', mode: 'digest' },
      now
    )
    const oldGroup = tg.group(-608, 'Old', 'group')
    tg.pushUpdate({
      message: {
        message_id: 1,
        date: 1,
        chat: oldGroup,
        from: tg.user(608),
        migrate_to_chat_id: -1000000000608,
      },
    })
    const kickedFrom = tg.group(-100609, 'Kicked')
    const member = (status: string) => ({
      user: { ...tg.bot },
      status,
      ...(status === 'kicked' ? { until_date: 0 } : {}),
    })
    tg.pushUpdate({
      my_chat_member: {
        chat: kickedFrom,
        from: tg.user(609),
        date: 1,
        old_chat_member: member('member'),
        new_chat_member: member('kicked'),
      },
    })
    await until(
      async () =>
        (await app.store.subscriptions.listForChat('telegram:-1000000000608')).length === 1 ||
        undefined
    )
    const kicked = await until(async () => {
      const c = await app.store.chats.get('telegram:-100609')
      return c && !c.active ? c : undefined
    })
    expect(kicked.inactiveReason).toBe('bot was removed from the chat')
    const [sub] = await app.store.subscriptions.listForChat('telegram:-100609')
    expect(sub!.pausedReason).toBe('bot was removed from the chat')
  })

  it('the ChatSender translates Telegram errors for the outbox', async () => {
    const { app } = await startApp()
    const sender = createTelegramSender({
      config: app.config,
      store: app.store,
      log: createLogger('silent', { pretty: false }),
    })
    const hello = reply.text('hello <world>')
    expect((await sender.send('telegram:701', hello)).messageIds).toHaveLength(1)

    tg.failNext('sendMessage', {
      code: 429,
      description: 'Too Many Requests: retry after 120',
      parameters: { retry_after: 120 },
    })
    const limited = await sender.send('telegram:701', hello).catch((e: unknown) => e)
    expect(limited).toBeInstanceOf(SendError)
    expect(limited).toMatchObject({
      kind: 'retryable',
      reason: 'RATE_LIMITED',
      options: { retryAfterMs: 120_000 },
    })

    tg.failNext('sendMessage', {
      code: 403,
      description: 'Forbidden: bot was kicked from the group chat',
    })
    await expect(sender.send('telegram:-702', hello)).rejects.toMatchObject({
      kind: 'permanent',
      reason: 'FORBIDDEN',
    })
    expect((await app.store.chats.get('telegram:-702'))?.active).toBe(false)

    tg.failNext('sendMessage', { code: 400, description: 'Bad Request: chat not found' })
    await expect(sender.send('telegram:703', hello)).rejects.toMatchObject({
      kind: 'permanent',
      reason: 'UNKNOWN_CHAT',
    })

    tg.failNext('sendMessage', {
      code: 400,
      description: 'Bad Request: group chat was upgraded to a supergroup chat',
      parameters: { migrate_to_chat_id: -1000000000704 },
    })
    const migrated = await sender.send('telegram:-704', hello).catch((e: unknown) => e)
    expect(migrated).toMatchObject({
      kind: 'permanent',
      reason: 'MIGRATED',
      options: { migrateTo: 'telegram:-1000000000704' },
    })
    expect(tg.sent.filter((m) => m.chatId === -1000000000704).map((m) => m.text)).toEqual([
      'hello <world>',
    ])

    await expect(sender.send('discord:1' as 'telegram:1', hello)).rejects.toMatchObject({
      reason: 'UNKNOWN_CHAT',
    })
  })

  it('bad input: a command without its required argument gets the usage; a wrong token stops start with a clear error', async () => {
    await startApp()
    if (app.commands.has('table')) {
      tg.pushMessage({ chat: tg.privateChat(607), from: tg.user(607), text: '/table' })
      const [m] = await tg.waitForSent(1, { chatId: 607 })
      expect(m!.text).toMatch(/Usage: \/table <model>/)
    }
    const config = loadConfig({
      TELEGRAM_BOT_TOKEN: '999:WRONG',
      TELEGRAM_API_ROOT: tg.apiRoot,
      DATABASE_URL: `sqlite:${join(tmp, 'bad-token.db')}`,
      HTTP_PORT: '0',
      HTTP_HOST: '127.0.0.1',
      FEEDS_FILE: noFeeds,
    })
    const bad = await createApp(config, createLogger('silent', { pretty: false }))
    await expect(bad.start()).rejects.toThrow(
      /telegram: getMe failed at http:\/\/127\.0\.0\.1:\d+ \(.*Unauthorized/
    )
    await bad.stop()
  })

  it('the throttle: at most 30 messages in the first second overall, and 20 per group per minute', async () => {
    const { app } = await startApp()
    const sender = createTelegramSender({
      config: app.config,
      store: app.store,
      log: createLogger('silent', { pretty: false }),
    })
    const t0 = Date.now()
    const privateSends = Array.from({ length: 40 }, (_, i) =>
      sender.send(`telegram:${8000 + i}`, reply.text(`p${i}`))
    )
    const groupSends = Array.from({ length: 21 }, (_, i) =>
      sender.send('telegram:-100900', reply.text(`g${i}`))
    )
    // The 21st group message waits for the next minute; the test does not.
    groupSends[20]!.catch(() => {})
    await Promise.all([...privateSends, ...groupSends.slice(0, 20)])
    const arrivals = tg.calls
      .filter((c) => c.method === 'sendMessage' && /^[pg]\d+$/.test(String(c.params.text)))
      .map((c) => c.at - t0)
    expect(arrivals.filter((t) => t < 1000).length).toBeLessThanOrEqual(30)
    await new Promise((r) => setTimeout(r, 300))
    expect(tg.sent.filter((m) => m.chatId === -100900)).toHaveLength(20)
  })

  it('webhook mode: setWebhook with the secret; a wrong or missing secret gets 401 and runs nothing', async () => {
    const { port } = await startApp({
      TELEGRAM_WEBHOOK_URL: 'https://bot.example.org/telegram/webhook',
      TELEGRAM_WEBHOOK_SECRET: 's3cret_T0ken',
    })
    expect(tg.webhook).toEqual({
      url: 'https://bot.example.org/telegram/webhook',
      secretToken: 's3cret_T0ken',
    })
    const update = (id: number) =>
      JSON.stringify({
        update_id: 90_000 + id,
        message: {
          message_id: id,
          date: 1,
          chat: { id: 605, type: 'private', first_name: 'W' },
          from: { id: 605, is_bot: false, first_name: 'W' },
          text: '/help',
          entities: [{ type: 'bot_command', offset: 0, length: 5 }],
        },
      })
    const post = (secret: string | undefined, id: number) =>
      fetch(`http://127.0.0.1:${port}/telegram/webhook`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(secret ? { 'X-Telegram-Bot-Api-Secret-Token': secret } : {}),
        },
        body: update(id),
      })
    expect((await post('wrong', 1)).status).toBe(401)
    expect((await post(undefined, 2)).status).toBe(401)
    await new Promise((r) => setTimeout(r, 100))
    expect(tg.sent.filter((m) => m.chatId === 605)).toEqual([])
    expect((await post('s3cret_T0ken', 3)).status).toBe(200)
    const [m] = await tg.waitForSent(1, { chatId: 605 })
    expect(m!.text).toContain('benchwatch commands')
    expect(tg.calls.some((c) => c.method === 'getUpdates' && c.at > Date.now() - 500)).toBe(false)
    await app.stop()
    // After a webhook app stops, a polling app must clear the webhook before getUpdates.
    await startApp()
    expect(tg.webhook).toBeNull()
  })
})
