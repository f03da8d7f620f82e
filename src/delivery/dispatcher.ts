import { hostname } from 'node:os'
import {
  parseChatRef,
  SendError,
  type ChatRef,
  type ChatSender,
  type Platform,
} from '../core/chat.js'
import type { Lang } from '../core/i18n.js'
import type { Reply } from '../core/reply.js'
import { newId } from '../store/ids.js'
import type { Delivery } from '../store/deliveries.js'
import type { Store } from '../store/store.js'
import { limiterFor, type SendLimiter } from './rate-limit.js'

/** How long a delivery keeps being retried before it is marked dead with its last error. */
export const GIVE_UP_AFTER_MS = 7 * 24 * 3_600_000

/** The log lines the outbox writes; a pino Logger fits. */
export interface DeliveryLog {
  info(details: object, message: string): void
  warn(details: object, message: string): void
  error(details: object, message: string): void
  debug(details: object, message: string): void
}

/** Refusals that say the chat cannot take posts: the subscription is paused with the reason. */
export const PAUSING_REASONS: ReadonlySet<string> = new Set([
  'FORBIDDEN',
  'UNKNOWN_CHAT',
  'UNKNOWN_CHANNEL',
  'MISSING_ACCESS',
  'MISSING_PERMISSIONS',
  'BAD_CHAT',
])
/** …and these concern the whole chat (blocked, kicked, gone): all its subscriptions pause. */
export const CHAT_WIDE_REASONS: ReadonlySet<string> = new Set([
  'FORBIDDEN',
  'UNKNOWN_CHAT',
  'UNKNOWN_CHANNEL',
])

/** Options of {@link createDispatcher}; everything but `store`, `senders` and `render` has a default. */
export interface DispatcherOptions {
  store: Store
  senders: Partial<Record<Platform, ChatSender>>
  /** The post for a delivery; null when its item is gone (the delivery is then marked dead). */
  render(delivery: Delivery, context: { platform: Platform; lang: Lang }): Promise<Reply | null>
  log?: DeliveryLog
  /** Names this process in leases. Default host:pid:random. */
  owner?: string
  now?: () => Date
  sleep?: (ms: number) => Promise<void>
  random?: () => number
  /** Per-platform limiters; default the platforms' published limits (`noLimits` turns them off). */
  limiters?: Partial<Record<Platform, SendLimiter>>
  batchSize?: number
  /** Must exceed the longest send plus limiter waits of one batch. Default 120 s (a crashed dispatcher's rows wait this long). */
  leaseMs?: number
  /** How many instances dispatch for the same bots now (the overall limit is shared). Default 1. */
  peers?: () => number
  /** Called once per attempt with its outcome (metrics). */
  onOutcome?: (outcome: DeliveryOutcome, platform: string) => void
  /** Pause between polls of an empty queue. Default 1 s. */
  idleMs?: number
  /** Chats sent to at once. Each chat gets one message at a time, oldest first. Default 8. */
  concurrency?: number
  /** A limiter wait longer than this gives the chat's rows back instead of holding them. Default 1.5 s. */
  maxInlineWaitMs?: number
}

/** The outbox dispatcher: a long-running loop, and `tick` to run one batch (tests, CLI). */
export interface Dispatcher {
  name: string
  start(): Promise<void>
  stop(): Promise<void>
  ready(): boolean
  /** Claims one batch and sends it; returns how many deliveries it claimed. */
  tick(): Promise<number>
  /** Ends an idle wait early (e.g. right after new deliveries were enqueued). */
  wake(): void
}

/**
 * Exponential backoff with jitter for a retryable failure: 1 s, 2 s, 4 s … capped at 15 min, each
 * between half and all of that, so a platform outage does not bring every chat back at once. A
 * `retry_after` from the platform is honoured, plus up to 10 % so parallel dispatchers spread.
 *
 * @example
 * retryDelayMs(3, undefined, () => 0.5) // 6000
 */
export function retryDelayMs(
  attempts: number,
  retryAfterMs: number | undefined,
  random: () => number
): number {
  if (retryAfterMs !== undefined && retryAfterMs >= 0)
    return Math.ceil(retryAfterMs * (1 + 0.1 * random()))
  const cap = Math.min(15 * 60_000, 1000 * 2 ** Math.min(attempts, 20))
  return Math.ceil(cap / 2 + (cap / 2) * random())
}

function describe(error: unknown): {
  kind: 'retryable' | 'permanent'
  reason: string
  text: string
  retryAfterMs?: number
  migrateTo?: ChatRef
} {
  if (error instanceof SendError) {
    return {
      kind: error.kind,
      reason: error.reason,
      text: `${error.reason}: ${error.message}`,
      ...(error.options.retryAfterMs !== undefined
        ? { retryAfterMs: error.options.retryAfterMs }
        : {}),
      ...(error.options.migrateTo ? { migrateTo: error.options.migrateTo } : {}),
    }
  }
  // Anything else (a bug in rendering, an unexpected library error) is retried, never dropped:
  // the 7-day limit and the log line make it visible.
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error)
  return { kind: 'retryable', reason: 'INTERNAL', text: `INTERNAL: ${text}` }
}

/**
 * Creates the dispatcher that empties the delivery outbox.
 *
 * Crash safety: a row is leased (`sending`, `lease_until`) before it is sent and marked sent right
 * after the platform answers, with nothing else in between. If the process dies between those
 * two writes, the row's lease expires and another dispatcher sends it again: the only possible
 * duplicates are the messages that were in flight at the moment of the crash, at most
 * `concurrency` (one per chat being served; 1 with `concurrency: 1`). Marks of sends that finish
 * together are written in one statement on the next event-loop turn, so the window between the
 * platform's answer and the durable "sent" is one turn plus one write. Nothing is lost: every row
 * is either sent, still queued, or dead with its reason after 7 days of retries.
 */
/** What one delivery attempt came to. */
export type DeliveryOutcome = 'sent' | 'retry' | 'paused' | 'refused' | 'dead'

export function createDispatcher(options: DispatcherOptions): Dispatcher {
  const { store, senders, render } = options
  const log = options.log
  const owner = options.owner ?? `${hostname()}:${process.pid}:${newId(4)}`
  const now = options.now ?? (() => new Date())
  const random = options.random ?? Math.random
  const batchSize = options.batchSize ?? 1000
  // Short, and renewed while a batch is being served: a killed process's rows come back within
  // half a minute, while a slow send (a long 429 wait) keeps its lease as long as it lives.
  const leaseMs = options.leaseMs ?? 30_000
  const idleMs = options.idleMs ?? 1000
  const concurrency = Math.max(1, options.concurrency ?? 8)
  const maxInlineWaitMs = options.maxInlineWaitMs ?? 1500
  const limiters = new Map<string, SendLimiter>()
  const limiterOf = (platform: Platform) => {
    const custom = options.limiters?.[platform]
    if (custom) return custom
    // Rebuilt only when the number of dispatching instances changes.
    const peers = Math.max(1, Math.floor(options.peers?.() ?? 1))
    const key = `${platform}:${peers}`
    let limiter = limiters.get(key)
    if (!limiter) {
      for (const k of [...limiters.keys()]) if (k.startsWith(`${platform}:`)) limiters.delete(k)
      limiter = limiterFor(platform, 1 / peers)
      limiters.set(key, limiter)
    }
    return limiter
  }
  let wakeUp: (() => void) | null = null
  const sleep =
    options.sleep ??
    ((ms: number) =>
      new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, ms)
        wakeUp = () => {
          clearTimeout(timer)
          resolve()
        }
      }))
  const langs = new Map<string, Lang>()

  async function langOf(chat: string): Promise<Lang> {
    let lang = langs.get(chat)
    if (!lang) {
      lang = (await store.chats.get(chat))?.lang === 'ru' ? 'ru' : 'en'
      if (langs.size > 50_000) langs.clear()
      langs.set(chat, lang)
    }
    return lang
  }

  // Sends that finish in the same event-loop turn are marked sent in one statement, flushed on
  // the next turn: the crash window stays one turn long, and the store sees one write per group
  // of parallel sends instead of one per message.
  let marks: { id: string; messageIds: string[]; done: (error?: unknown) => void }[] = []
  function markSent(id: string, messageIds: string[]): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      marks.push({
        id,
        messageIds,
        done: (error) => (error === undefined ? resolve() : reject(error)),
      })
      if (marks.length === 1) {
        setImmediate(() => {
          const group = marks
          marks = []
          store.deliveries.markSentMany(group, now()).then(
            () => group.forEach((m) => m.done()),
            (error: unknown) => group.forEach((m) => m.done(error ?? new Error('markSent failed')))
          )
        })
      }
    })
  }

  // One query per batch for the chats' languages instead of one per chat.
  async function preloadLangs(batch: readonly Delivery[]) {
    const missing = [...new Set(batch.map((d) => d.chatRef))].filter((ref) => !langs.has(ref))
    if (langs.size + missing.length > 50_000) langs.clear()
    for (let i = 0; i < missing.length; i += 500) {
      const part = missing.slice(i, i + 500)
      const rows = await store.db.kysely
        .selectFrom('chat')
        .select(['ref', 'lang'])
        .where('ref', 'in', part)
        .execute()
      const byRef = new Map(rows.map((r) => [r.ref, r.lang]))
      for (const ref of part) langs.set(ref, byRef.get(ref) === 'ru' ? 'ru' : 'en')
    }
  }

  async function giveBack(rows: readonly Delivery[], at: Date) {
    for (const row of rows) await store.deliveries.release(row.id, at)
  }

  const outcome = (delivery: Delivery, result: DeliveryOutcome) =>
    options.onOutcome?.(result, parseChatRef(delivery.chatRef)?.platform ?? 'unknown')

  async function fail(delivery: Delivery, error: unknown): Promise<void> {
    const failure = describe(error)
    const at = now()
    if (failure.migrateTo) {
      // Telegram moved a group to a supergroup. A sender that already resent there says so with
      // the new message ids (SendError cause); otherwise follow the chat and send again now.
      const cause =
        error instanceof SendError
          ? (error.options.cause as { messageIds?: unknown } | undefined)
          : undefined
      if (Array.isArray(cause?.messageIds)) {
        await store.deliveries.markSent(delivery.id, cause.messageIds.map(String), at)
        outcome(delivery, 'sent')
        return
      }
      await store.chats.rename(delivery.chatRef, failure.migrateTo, at)
      await store.deliveries.release(delivery.id, at)
      log?.info(
        { from: delivery.chatRef, to: failure.migrateTo },
        'chat migrated; deliveries follow it'
      )
      return
    }
    if (failure.kind === 'permanent' && failure.reason !== 'UNAUTHORIZED') {
      await store.deliveries.markDead(delivery.id, failure.text, at)
      outcome(delivery, PAUSING_REASONS.has(failure.reason) ? 'paused' : 'refused')
      if (!PAUSING_REASONS.has(failure.reason)) {
        // This message was refused (too long, bad markup…); the chat itself is fine.
        log?.error(
          { delivery: delivery.id, chat: delivery.chatRef, reason: failure.text },
          'message refused by the platform'
        )
        return
      }
      if (CHAT_WIDE_REASONS.has(failure.reason)) {
        const paused = await store.subscriptions.pauseChat(delivery.chatRef, failure.text, at)
        log?.warn(
          { chat: delivery.chatRef, paused, reason: failure.text },
          'chat refuses the bot; its subscriptions are paused'
        )
      } else {
        await store.subscriptions.pause(delivery.subscriptionId, failure.text, at)
        log?.warn(
          { chat: delivery.chatRef, subscription: delivery.subscriptionId, reason: failure.text },
          'subscription paused'
        )
      }
      return
    }
    if (at.getTime() - Date.parse(delivery.createdAt) >= GIVE_UP_AFTER_MS) {
      await store.deliveries.markDead(
        delivery.id,
        `gave up after 7 days of retries; last error ${failure.text}`,
        at
      )
      outcome(delivery, 'dead')
      log?.warn(
        { delivery: delivery.id, chat: delivery.chatRef, reason: failure.text },
        'delivery dead after 7 days'
      )
      return
    }
    const delay = retryDelayMs(delivery.attempts, failure.retryAfterMs, random)
    await store.deliveries.markRetry(delivery.id, failure.text, new Date(at.getTime() + delay))
    outcome(delivery, 'retry')
    // A revoked bot token is the operator's to fix: retried (nothing lost), and said loudly.
    if (failure.reason === 'INTERNAL' || failure.reason === 'UNAUTHORIZED')
      log?.error(
        { delivery: delivery.id, err: failure.text },
        'delivery failed unexpectedly; will retry'
      )
    else
      log?.debug({ delivery: delivery.id, delay, reason: failure.text }, 'delivery will be retried')
  }

  /**
   * Sends one row; false when its chat must stop for this batch (a failure, or a rate-limit wait
   * too long to hold the lease for), in which case the row itself has been dealt with.
   */
  async function serveOne(delivery: Delivery): Promise<boolean> {
    const platform = parseChatRef(delivery.chatRef)?.platform
    const sender = platform ? senders[platform] : undefined
    if (!platform || !sender) {
      const missing = new SendError(
        'retryable',
        'NO_SENDER',
        `no sender is configured for ${platform ?? delivery.chatRef}`,
        {
          retryAfterMs: 5 * 60_000,
        }
      )
      await fail(delivery, missing)
      return false
    }
    const limiter = limiterOf(platform)
    try {
      // Rendered before the limiter is asked, so the slot it grants is used at once.
      const reply = await render(delivery, { platform, lang: await langOf(delivery.chatRef) })
      if (!reply) {
        await store.deliveries.markDead(delivery.id, 'ITEM_GONE: the item no longer exists', now())
        return true
      }
      let wait = limiter.reserve(delivery.chatRef as ChatRef, now().getTime())
      while (wait > 0) {
        if (wait > maxInlineWaitMs) {
          await store.deliveries.release(delivery.id, new Date(now().getTime() + wait))
          return false
        }
        await sleep(wait)
        wait = limiter.reserve(delivery.chatRef as ChatRef, now().getTime())
      }
      const { messageIds } = await sender.send(delivery.chatRef as ChatRef, reply)
      // Nothing else runs between the platform's answer and this write: it is the crash window.
      await markSent(delivery.id, messageIds)
      outcome(delivery, 'sent')
      log?.debug({ delivery: delivery.id, chat: delivery.chatRef }, 'delivery sent')
      return true
    } catch (error) {
      await fail(delivery, error)
      return false
    }
  }

  let lastRetire = 0
  let stopping = false
  async function tick(): Promise<number> {
    if (now().getTime() - lastRetire >= 60_000) {
      lastRetire = now().getTime()
      const retired = await store.deliveries.retireOrphans(now())
      if (retired > 0)
        log?.info({ retired }, 'queued deliveries of paused or removed subscriptions retired')
    }
    // With several instances sharing the bots' limits, each claims only about five seconds of its
    // share (Telegram: 30/s ÷ instances), so one instance never holds rows the others could send.
    const peers = Math.max(1, Math.floor(options.peers?.() ?? 1))
    const claimLimit = peers > 1 ? Math.min(batchSize, Math.max(concurrency, Math.floor(150 / peers))) : batchSize
    const batch = await store.deliveries.claim(owner, now(), claimLimit, leaseMs)
    if (batch.length === 0) return 0
    const renewal = setInterval(
      () => {
        store.deliveries
          .extendLeases(owner, new Date(now().getTime() + leaseMs))
          .catch((error: unknown) =>
            log?.warn(
              { err: error instanceof Error ? error.message : String(error) },
              'cannot renew delivery leases'
            )
          )
      },
      Math.max(50, Math.floor(leaseMs / 3))
    )
    try {
      return await serveBatch(batch)
    } finally {
      clearInterval(renewal)
    }
  }

  async function serveBatch(batch: Delivery[]): Promise<number> {
    await preloadLangs(batch)
    const queues = new Map<string, Delivery[]>()
    for (const row of batch) {
      const list = queues.get(row.chatRef) ?? []
      list.push(row)
      queues.set(row.chatRef, list)
    }
    // Rounds: every chat's first row, then every chat's second… so a chat with a long queue
    // never holds the others back, and each chat still gets its messages one at a time, in order.
    const stopped = new Set<string>()
    for (let round = 0; ; round++) {
      const rows = [...queues.values()]
        .filter((q) => q.length > round && !stopped.has(q[0]!.chatRef))
        .map((q) => q[round]!)
      if (rows.length === 0) break
      let next = 0
      const workers = Array.from({ length: Math.min(concurrency, rows.length) }, async () => {
        while (next < rows.length) {
          const delivery = rows[next++]!
          if (stopping) {
            // Shutting down: what is not yet sent goes back to the queue now, not at lease expiry.
            await store.deliveries.release(delivery.id, now()).catch(() => {})
            continue
          }
          let goOn = false
          try {
            goOn = await serveOne(delivery)
          } catch (error) {
            // A store failure: the lease expires and the row comes back. Log and go on.
            log?.error(
              {
                chat: delivery.chatRef,
                err: error instanceof Error ? error.message : String(error),
              },
              'dispatch failed'
            )
          }
          if (!goOn) {
            stopped.add(delivery.chatRef)
            const rest = queues.get(delivery.chatRef)!.slice(round + 1)
            await giveBack(rest, now()).catch(() => {})
          }
        }
      })
      await Promise.all(workers)
    }
    return batch.length
  }

  let running = false
  let loop: Promise<void> | null = null
  return {
    name: 'dispatcher',
    tick,
    wake() {
      wakeUp?.()
    },
    ready: () => running,
    async start() {
      if (running) return
      running = true
      stopping = false
      loop = (async () => {
        while (running) {
          let claimed = 0
          try {
            claimed = await tick()
          } catch (error) {
            log?.error(
              { err: error instanceof Error ? error.message : String(error) },
              'dispatcher tick failed'
            )
          }
          if (claimed === 0 && running) await sleep(idleMs)
        }
      })()
    },
    async stop() {
      running = false
      stopping = true
      wakeUp?.()
      await loop
      loop = null
    },
  }
}
