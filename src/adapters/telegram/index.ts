/**
 * @module
 * The Telegram adapter, on grammY. It turns Telegram messages and channel posts that start with
 * a command into platform-neutral `CommandInput`s for `app.run`, renders the Reply as Telegram
 * HTML (see `render.ts`) and posts it back, in the topic it was asked in.
 *
 * - **Updates**: long polling through @grammyjs/runner (updates of different chats run
 *   concurrently, those of one chat in order via `sequentialize`), or, when
 *   `TELEGRAM_WEBHOOK_URL` is set, a webhook: `setWebhook(url, { secret_token })` and
 *   `POST /telegram/webhook` on the service's HTTP server, where a request without the right
 *   `X-Telegram-Bot-Api-Secret-Token` gets 401 and runs nothing. Put the webhook URL's proxy in
 *   front of that path.
 * - **Chats**: private chats, groups, supergroups (forum topics included) and channels. Admin
 *   rights for `chatAdmin` commands come from the message itself where it settles them
 *   (private chat, channel post, anonymous admin) and otherwise from getChatMember, cached 60 s.
 * - **Resilience**: @grammyjs/auto-retry for 429 and 5xx; a throttle under Telegram's limits
 *   (30 messages/s overall, 20/min per group); a 403 marks the chat inactive and pauses its
 *   subscriptions; a group upgraded to a supergroup is renamed in the store and the message
 *   resent; replies are split before they could ever be "too long".
 * - **Outbound**: `adapter.sender` (or `createTelegramSender`) is the `ChatSender` the delivery
 *   outbox posts subscriptions through, sharing the bot's throttle.
 *
 * `TELEGRAM_API_ROOT` points every call at another Bot API server (a local one, or the fake in
 * `test/helpers/fake-telegram.ts`).
 */
import { autoRetry } from '@grammyjs/auto-retry'
import { run, sequentialize, type RunnerHandle } from '@grammyjs/runner'
import { apiThrottler } from '@grammyjs/transformer-throttler'
import { Api, Bot, webhookCallback, type Context, type Transformer } from 'grammy'
import type { Message } from 'grammy/types'
import type { App, Component } from '../../app.js'
import { chatRef, type ChatSender } from '../../core/chat.js'
import type { CommandInput } from '../../core/command.js'
import { describeError } from '../../core/errors.js'
import type { Config } from '../../config.js'
import type { Logger } from '../../log.js'
import type { Store } from '../../store/store.js'
import { createAdminCheck, type AdminCheck } from './admin.js'
import { parseCommandText, registerCommands } from './commands.js'
import { createSenderFromPoster, createTelegramPoster, type TelegramPoster } from './send.js'

export { renderReply, escapeHtml, TEXT_LIMIT, CAPTION_LIMIT } from './render.js'
export { toSendError } from './send.js'
export { parseCommandText, menuFor } from './commands.js'

/** The path the webhook is served on, on `HTTP_PORT`. */
export const WEBHOOK_PATH = '/telegram/webhook'

/** The Telegram settings of the service configuration. */
export type TelegramConfig = Pick<
  Config,
  'TELEGRAM_BOT_TOKEN' | 'TELEGRAM_API_ROOT' | 'TELEGRAM_WEBHOOK_URL' | 'TELEGRAM_WEBHOOK_SECRET'
>

/** Bottleneck settings per bucket, as @grammyjs/transformer-throttler takes them. */
export type ThrottleOptions = NonNullable<Parameters<typeof apiThrottler>[0]>

/** The started-by-`benchwatch run` bot, plus the sender for the delivery outbox. */
export interface TelegramAdapter extends Component {
  readonly mode: 'polling' | 'webhook'
  readonly bot: Bot
  readonly sender: ChatSender
}

export interface TelegramAdapterOptions {
  config: TelegramConfig
  app: Pick<App, 'run' | 'commands' | 'store' | 'http' | 'log'>
  log?: Logger
  now?: () => Date
  /** Seconds a getUpdates long poll may wait (default 30). */
  pollTimeoutSeconds?: number
  throttle?: ThrottleOptions
}

/** Methods that post into a chat; only these are throttled (reads like getChatMember are not). */
const POSTING_METHODS = new Set([
  'sendMessage',
  'sendPhoto',
  'sendDocument',
  'sendMediaGroup',
  'copyMessage',
  'forwardMessage',
])

/**
 * Telegram's published limits: about 30 messages/s in total, 20 messages/min in one group, and
 * about one message per second in one private chat (short bursts are fine, so a split reply goes
 * out quickly).
 */
const DEFAULT_THROTTLE: ThrottleOptions = {
  global: { reservoir: 30, reservoirRefreshAmount: 30, reservoirRefreshInterval: 1000 },
  group: {
    maxConcurrent: 1,
    minTime: 100,
    reservoir: 20,
    reservoirRefreshAmount: 20,
    reservoirRefreshInterval: 60_000,
  },
  out: {
    maxConcurrent: 1,
    minTime: 200,
    reservoir: 5,
    reservoirRefreshAmount: 5,
    reservoirRefreshInterval: 5000,
  },
}

/**
 * Installs retry (inner) and throttle (outer, so a message waiting out a 429 keeps its chat's
 * place in line) on an Api.
 */
export function installResilience(api: Api, throttle: ThrottleOptions = DEFAULT_THROTTLE): void {
  // Network errors are not retried here: the runner has its own backoff for getUpdates, and the
  // outbox decides when to resend.
  api.config.use(autoRetry({ maxRetryAttempts: 3, maxDelaySeconds: 60, rethrowHttpErrors: true }))
  const throttled = apiThrottler(throttle)
  const onlyPosting: Transformer = (prev, method, payload, signal) =>
    POSTING_METHODS.has(method)
      ? throttled(prev, method, payload, signal)
      : prev(method, payload, signal)
  api.config.use(onlyPosting)
}

/**
 * A ChatSender on its own Api, for processes that deliver without running the bot. Prefer
 * `adapter.sender` when the bot runs in the same process: it shares the throttle.
 */
export function createTelegramSender(options: {
  config: Pick<Config, 'TELEGRAM_BOT_TOKEN' | 'TELEGRAM_API_ROOT'>
  store: Store
  log: Logger
  now?: () => Date
  api?: Api
  throttle?: ThrottleOptions
}): ChatSender {
  let api = options.api
  if (!api) {
    if (!options.config.TELEGRAM_BOT_TOKEN) throw new Error('TELEGRAM_BOT_TOKEN is not set')
    api = new Api(options.config.TELEGRAM_BOT_TOKEN, { apiRoot: options.config.TELEGRAM_API_ROOT })
    installResilience(api, options.throttle)
  }
  return createSenderFromPoster(
    createTelegramPoster({
      api,
      store: options.store,
      log: options.log,
      ...(options.now ? { now: options.now } : {}),
    })
  )
}

function topicOf(message: Message): number | undefined {
  return message.is_topic_message ? message.message_thread_id : undefined
}

/** Builds the Telegram bot component. Nothing talks to Telegram until `start`. */
export function createTelegramAdapter(options: TelegramAdapterOptions): TelegramAdapter {
  const { config, app } = options
  const log = (options.log ?? app.log).child({ component: 'telegram' })
  const now = options.now ?? (() => new Date())
  const token = config.TELEGRAM_BOT_TOKEN
  if (!token) throw new Error('TELEGRAM_BOT_TOKEN is not set')
  const mode = config.TELEGRAM_WEBHOOK_URL ? 'webhook' : 'polling'

  const bot = new Bot(token, { client: { apiRoot: config.TELEGRAM_API_ROOT } })
  installResilience(bot.api, options.throttle)
  const poster: TelegramPoster = createTelegramPoster({ api: bot.api, store: app.store, log, now })
  const admins: AdminCheck = createAdminCheck(bot.api)

  async function answerCommand(ctx: Context, message: Message): Promise<void> {
    const parsed = parseCommandText(message.text ?? message.caption, bot.botInfo.username)
    if (!parsed) return
    let def = app.commands.get(parsed.name)
    let name = parsed.name
    if (!def && name === 'start' && app.commands.has('help')) {
      name = 'help'
      def = app.commands.get('help')
    }
    // In groups an unknown, unaddressed command is most likely another bot's: stay quiet.
    if (!def && message.chat.type !== 'private' && !parsed.addressed) return
    const needsAdmin = def?.preconditions?.includes('chatAdmin') ?? false
    const isAdmin = needsAdmin
      ? await admins.isAdmin(message)
      : message.chat.type === 'private' || message.chat.type === 'channel'
    const threadId = topicOf(message)
    const input: CommandInput = {
      name,
      options: {},
      text: parsed.text,
      chat: chatRef('telegram', message.chat.id),
      user: { id: String(message.from?.id ?? message.sender_chat?.id ?? message.chat.id), isAdmin },
      ...(message.from?.language_code ? { locale: message.from.language_code } : {}),
      capabilities: { images: true },
    }
    if (def?.slow) {
      ctx.api
        .sendChatAction(
          message.chat.id,
          'typing',
          threadId !== undefined ? { message_thread_id: threadId } : {}
        )
        .catch(() => {})
    }
    const started = Date.now()
    const reply = await app.run(input)
    const posted = await poster.post(
      { chatId: message.chat.id, ...(threadId !== undefined ? { threadId } : {}) },
      reply
    )
    log.debug(
      {
        command: name,
        chat: input.chat,
        messages: posted.messageIds.length,
        ms: Date.now() - started,
      },
      'answered command'
    )
  }

  let lastUpdateId = 0
  bot.use((ctx, next) => {
    lastUpdateId = Math.max(lastUpdateId, ctx.update.update_id)
    return next()
  })
  bot.use(sequentialize((ctx: Context) => ctx.chat?.id.toString()))
  bot.on('message:migrate_to_chat_id', async (ctx) => {
    const from = chatRef('telegram', ctx.chat.id)
    const to = chatRef('telegram', ctx.message.migrate_to_chat_id)
    await app.store.chats.rename(from, to, now())
    log.info({ from, to }, 'telegram group migrated to a supergroup; chat renamed')
  })
  bot.on(['message:text', 'message:caption'], (ctx) => answerCommand(ctx, ctx.message))
  bot.on(['channel_post:text', 'channel_post:caption'], (ctx) =>
    answerCommand(ctx, ctx.channelPost)
  )
  bot.on('my_chat_member', async (ctx) => {
    const ref = chatRef('telegram', ctx.chat.id)
    const status = ctx.myChatMember.new_chat_member.status
    if (status === 'kicked' || status === 'left') {
      const reason = `bot ${status === 'kicked' ? 'was removed from' : 'left'} the chat`
      await app.store.chats.upsert(ref, { active: false, inactiveReason: reason }, now())
      const paused = await app.store.subscriptions.pauseChat(ref, reason, now())
      log.warn({ chat: ref, reason, pausedSubscriptions: paused }, 'telegram chat marked inactive')
    } else if (status === 'member' || status === 'administrator') {
      const existing = await app.store.chats.get(ref)
      if (existing && !existing.active) {
        await app.store.chats.upsert(ref, { active: true, inactiveReason: null }, now())
        log.info(
          { chat: ref },
          'telegram chat reachable again; subscriptions stay paused until resumed'
        )
      }
    }
  })
  bot.catch((error) => {
    log.error(
      {
        err: describeError(error.error),
        update: error.ctx.update.update_id,
        chat: error.ctx.chat?.id,
      },
      'telegram update failed'
    )
  })

  let runner: RunnerHandle | undefined
  let webhookLive = false

  async function startWebhook(): Promise<void> {
    const secretToken = config.TELEGRAM_WEBHOOK_SECRET
    if (!secretToken)
      throw new Error('TELEGRAM_WEBHOOK_SECRET is required with TELEGRAM_WEBHOOK_URL')
    const handle = webhookCallback(bot, 'http', {
      secretToken,
      onTimeout: 'return',
      timeoutMilliseconds: 9000,
    })
    app.http.route('POST', WEBHOOK_PATH, async (req, res) => {
      if (!webhookLive) {
        res.writeHead(503, { 'retry-after': '5' }).end('stopping')
        return
      }
      await handle(req, res)
    })
    await bot.api.setWebhook(config.TELEGRAM_WEBHOOK_URL!, {
      secret_token: secretToken,
      allowed_updates: ['message', 'channel_post', 'my_chat_member'],
    })
    webhookLive = true
  }

  function startPolling(): void {
    runner = run(bot, {
      runner: {
        fetch: {
          timeout: options.pollTimeoutSeconds ?? 30,
          allowed_updates: ['message', 'channel_post', 'my_chat_member'],
        },
        silent: true,
        maxRetryTime: Number.POSITIVE_INFINITY,
      },
    })
    runner
      .task()
      ?.catch((error: unknown) =>
        log.error({ err: describeError(error) }, 'telegram polling stopped')
      )
  }

  return {
    name: 'telegram',
    mode,
    bot,
    sender: createSenderFromPoster(poster),
    async start() {
      try {
        await bot.init()
      } catch (error) {
        throw new Error(
          `telegram: getMe failed at ${config.TELEGRAM_API_ROOT} (${describeError(error)})`,
          { cause: error }
        )
      }
      await registerCommands(bot.api, app.commands).catch((error: unknown) =>
        log.warn(
          { err: describeError(error) },
          'telegram: setMyCommands failed; the menu may be stale'
        )
      )
      if (mode === 'webhook') await startWebhook()
      else {
        await bot.api.deleteWebhook()
        startPolling()
      }
      log.info({ mode, bot: bot.botInfo.username }, 'telegram bot started')
    },
    async stop() {
      webhookLive = false
      if (runner?.isRunning()) {
        await runner.stop()
        // Confirm what was handled, as bot.stop() does, so a restart does not answer it again.
        if (lastUpdateId > 0) {
          await bot.api
            .getUpdates({ offset: lastUpdateId + 1, limit: 1, timeout: 0 })
            .catch(() => {})
        }
      }
    },
    ready() {
      return mode === 'webhook' ? webhookLive : (runner?.isRunning() ?? false)
    },
  }
}
