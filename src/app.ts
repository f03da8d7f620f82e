import type { Config } from './config.js'
import { redactDatabaseUrl } from './config.js'
import type { CommandDef } from './core/command.js'
import { describeError } from './core/errors.js'
import { createRateLimiter } from './core/rate-limit.js'
import { runCommand, type RunDeps } from './core/run-command.js'
import type { CommandInput } from './core/command.js'
import type { Reply } from './core/reply.js'
import { attachDelivery } from './delivery/attach.js'
import { matchStage } from './delivery/match-stage.js'
import { createHttpServer, sendJson, type HttpServer } from './http/server.js'
import { createIngest, type Ingest } from './ingest/runtime.js'
import type { Logger } from './log.js'
import { createLeadership, leaderOnly } from './ops/leader.js'
import { createMetrics, type Metrics } from './ops/metrics.js'
import { loadCommands } from './registry.js'
import type { Services } from './services.js'
import { openStore } from './store/open-store.js'
import type { Store } from './store/store.js'

/**
 * A long-running part of the service (poller, dispatcher, a bot). `stop` must finish in-flight
 * work and return; the app gives all of them 10 s together.
 */
export interface Component {
  name: string
  start(): Promise<void>
  stop(): Promise<void>
  /** For /readyz: false while a bot is not connected. */
  ready?(): boolean
}

/** The composed application: what `benchwatch run`, the CLI and the tests share. */
export interface App {
  config: Config
  log: Logger
  store: Store
  commands: Map<string, CommandDef>
  services: Services
  http: HttpServer
  components: Component[]
  metrics: Metrics
  /** Fetcher, pipeline and poller (the poller is one of `components`). */
  ingest: Ingest
  /** Runs one chat command as any adapter would. */
  run(input: CommandInput): Promise<Reply>
  start(): Promise<{ port: number }>
  stop(): Promise<void>
}

/** Builds the app over the configured store. Nothing listens until `start`. */
export async function createApp(
  config: Config,
  log: Logger,
  options: { now?: () => Date } = {}
): Promise<App> {
  const now = options.now ?? (() => new Date())
  log.debug({ database: redactDatabaseUrl(config.DATABASE_URL) }, 'opening store')
  const store = await openStore(config.DATABASE_URL)
  const commands = await loadCommands({ warn: (m) => log.warn(m) })
  const services: Services = { store, commands: () => commands }
  const http = createHttpServer((error) => log.error({ err: error }, 'http handler failed'))
  const components: Component[] = []
  const metrics = createMetrics()
  // The match stage enqueues deliveries and wakes the dispatcher, which exists only at the end.
  let wakeDispatcher = () => {}
  // The optional LLM classifies new items; on any failure it falls back to the offline model.
  const classifier =
    config.LLM_BASE_URL && config.LLM_MODEL
      ? (await import('./llm/openai-classifier.js')).createOpenAiClassifier({
          baseUrl: config.LLM_BASE_URL,
          model: config.LLM_MODEL,
          ...(config.LLM_API_KEY ? { apiKey: config.LLM_API_KEY } : {}),
          onFallback: (error: unknown) =>
            log.warn(
              { err: describeError(error) },
              'LLM classifier failed; used the offline model'
            ),
        })
      : undefined
  const ingest = createIngest({
    store,
    ...(classifier ? { classifier } : {}),
    extraStages: [matchStage(store, { onEnqueued: () => wakeDispatcher() })],
    allowPrivateNetwork: config.ALLOW_PRIVATE_NETWORK,
    pollCron: config.POLL_CRON,
    feedsFile: config.FEEDS_FILE,
    now,
    log,
    onFeed: (result) => {
      metrics.feedsPolled.inc({
        result: result.status === 'notModified' ? 'not_modified' : result.status,
      })
      if (result.status === 'failed') {
        const context = { feed: result.feedId, code: result.code, err: result.message }
        if (result.disabled)
          log.warn(
            { ...context, disabled: result.disabled },
            'feed disabled after failing for 3 days'
          )
        else log.warn(context, 'feed fetch failed')
      }
      if (result.status !== 'ok') return
      log.debug(
        { feed: result.feedId, new: result.newItems, updated: result.updated },
        'feed polled'
      )
      metrics.itemsIngested.inc({ kind: 'new' }, result.newItems)
      metrics.itemsIngested.inc({ kind: 'updated' }, result.updated)
      metrics.itemsIngested.inc({ kind: 'duplicate' }, result.duplicates)
    },
  })
  services.fetchPage = services.fetchPage ?? ingest.fetcher.fetchPage
  components.push(ingest.poller)

  // 10 commands per user and chat in 30 s; over that, a friendly "slow down" reply.
  const limiter = createRateLimiter({ limit: 10, windowMs: 30_000 })
  const deps: RunDeps<Services> = {
    services,
    now,
    allow: (key) => limiter.allow(key, now()),
    chatLang: async (chat) => {
      const lang = (await store.chats.get(chat))?.lang
      return lang === 'en' || lang === 'ru' ? lang : undefined
    },
    onError: (error) =>
      log.error(
        { err: error.error, command: error.input.name, chat: error.input.chat },
        error.message
      ),
  }

  http.route('GET', '/healthz', (_req, res) => sendJson(res, 200, { status: 'ok' }))
  http.route('GET', '/readyz', async (_req, res) => {
    const checks: Record<string, boolean> = {}
    try {
      await store.ping()
      checks.database = true
    } catch {
      checks.database = false
    }
    for (const c of components) if (c.ready) checks[c.name] = c.ready()
    const ok = Object.values(checks).every(Boolean)
    sendJson(res, ok ? 200 : 503, { status: ok ? 'ready' : 'not ready', checks })
  })

  http.route('GET', '/metrics', async (_req, res) => {
    const counts = await store.deliveries.countByStatus().catch(() => null)
    metrics.deliveriesByStatus.reset()
    if (counts)
      for (const [status, n] of Object.entries(counts))
        metrics.deliveriesByStatus.set({ status }, n)
    const body = await metrics.registry.metrics()
    res.writeHead(200, { 'content-type': metrics.registry.contentType })
    res.end(body)
  })

  async function runTimed(input: CommandInput): Promise<Reply> {
    const stop = metrics.commandSeconds.startTimer()
    let outcome = 'ok'
    const reply = await runCommand(commands, input, {
      ...deps,
      onError: (error) => {
        outcome = 'error'
        deps.onError?.(error)
      },
    })
    stop({ command: commands.has(input.name) ? input.name : 'unknown', outcome })
    return reply
  }

  let started = false
  const app: App = {
    config,
    log,
    store,
    commands,
    services,
    http,
    components,
    metrics,
    ingest,
    run: runTimed,
    async start() {
      const port = await http.listen(config.HTTP_PORT, config.HTTP_HOST)
      for (const component of components) {
        await component.start()
        log.info({ component: component.name }, 'started')
      }
      started = true
      return { port }
    },
    async stop() {
      const deadline = new Promise<'timeout'>((resolve) =>
        setTimeout(() => resolve('timeout'), 9000).unref()
      )
      const stopping = (async () => {
        if (started) {
          for (const component of [...components].reverse()) {
            await component
              .stop()
              .catch((error: unknown) =>
                log.error({ component: component.name, err: describeError(error) }, 'stop failed')
              )
          }
        }
        await http.close()
        await ingest.close()
      })()
      if ((await Promise.race([stopping, deadline])) === 'timeout')
        log.warn('components did not stop within 9 s; closing anyway')
      await store.close()
    },
  }
  if (config.DISCORD_TOKEN || config.DISCORD_PUBLIC_KEY) {
    // Loaded only when configured, so the CLI and a Telegram-only service never load discord.js.
    const { attachDiscord } = await import('./adapters/discord/index.js')
    attachDiscord(app)
  }
  if (config.TELEGRAM_BOT_TOKEN) {
    // Loaded only when configured, so the CLI and a Discord-only service never load grammY.
    // The component's `sender` is the Telegram ChatSender for the delivery outbox.
    const { createTelegramAdapter } = await import('./adapters/telegram/index.js')
    components.push(createTelegramAdapter({ config, app }))
  }
  // After the adapters: the dispatcher and digests post through their senders.
  wakeDispatcher = await attachDelivery(app, { now })
  // Singleton jobs run on the leader only: several instances may share one PostgreSQL database
  // (on SQLite the one process always leads). Telegram allows one getUpdates consumer; webhooks
  // are served by every instance.
  const leadership = createLeadership(store.db, { log })
  for (const [index, component] of components.entries()) {
    const telegramPolling =
      component.name === 'telegram' && (component as { mode?: string }).mode === 'polling'
    if (component === ingest.poller || telegramPolling)
      components[index] = leaderOnly(component, leadership, log)
  }
  components.unshift(leadership)
  return app
}
