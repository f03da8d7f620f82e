import { createPeerCounter } from '../ops/peers.js'
import type { App, Component } from '../app.js'
import type { ChatSender, Platform } from '../core/chat.js'
import { createDigestScheduler } from './digests.js'
import { createDispatcher } from './dispatcher.js'
import { createPostRenderer } from './render-post.js'

/**
 * Adds the delivery outbox dispatcher and the digest scheduler to the app, over the senders of
 * the platforms that are configured (Telegram's comes from its adapter, so both share one
 * throttle; Discord's is a REST client of its own). Nothing is added when no platform is.
 * Returns a function that wakes the dispatcher (the match stage calls it after enqueueing).
 */
export async function attachDelivery(
  app: Pick<App, 'config' | 'log' | 'store' | 'components'> & { metrics?: App['metrics'] },
  options: { now?: () => Date } = {}
): Promise<() => void> {
  const { config, store } = app
  const senders: Partial<Record<Platform, ChatSender>> = {}
  const telegram = app.components.find((c) => c.name === 'telegram') as
    { sender?: ChatSender } | undefined
  if (telegram?.sender) senders.telegram = telegram.sender
  if (config.DISCORD_TOKEN) {
    const { createDiscordSender } = await import('../adapters/discord/sender.js')
    senders.discord = createDiscordSender({
      token: config.DISCORD_TOKEN,
      apiBase: config.DISCORD_API_BASE,
    })
  }
  if (Object.keys(senders).length === 0) return () => {}
  const log = app.log.child({ component: 'delivery' })
  const renderPost = createPostRenderer(store)
  // Several instances posting for one bot share its overall limit (Telegram 30/s, Discord 50/s).
  const peers = createPeerCounter(store.db)
  const refreshPeers = () =>
    peers
      .refresh()
      .catch((error: unknown) =>
        log.warn({ err: (error as Error).message }, 'cannot count instances')
      )
  let peerTimer: NodeJS.Timeout | undefined
  const peerWatch: Component = {
    name: 'peers',
    async start() {
      await refreshPeers()
      peerTimer = setInterval(() => void refreshPeers(), 15_000)
      peerTimer.unref()
    },
    async stop() {
      clearInterval(peerTimer)
    },
  }
  const dispatcher = createDispatcher({
    store,
    senders,
    log,
    render: (delivery, context) => renderPost(delivery.itemId, context),
    peers: () => peers.current(),
    ...(app.metrics
      ? { onOutcome: (result, platform) => app.metrics!.deliveries.inc({ result, platform }) }
      : {}),
    ...(options.now ? { now: options.now } : {}),
  })
  const digests = createDigestScheduler({
    store,
    senders,
    log,
    ...(options.now ? { now: options.now } : {}),
  })
  app.components.push(peerWatch, dispatcher, digests)
  return () => dispatcher.wake()
}
