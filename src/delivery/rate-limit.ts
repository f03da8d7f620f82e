import { parseChatRef, type ChatRef, type Platform } from '../core/chat.js'

/** One limit: at most `limit` sends in any `windowMs`. */
export interface WindowLimit {
  limit: number
  windowMs: number
}

/**
 * The dispatcher's outbound limits per platform. `reserve` either takes a slot in every window
 * that applies to the chat (returns 0: send now) or takes nothing and says how long to wait.
 */
export interface SendLimiter {
  reserve(chat: ChatRef, nowMs: number): number
}

/**
 * The platforms' published limits. Telegram: 30 messages/s overall, 20/min in a group or channel
 * (negative chat ids), 1/s in a private chat. Discord: 50 requests/s overall; its per-route
 * buckets come from the response headers, which the REST client (@discordjs/rest) follows.
 */
export const PLATFORM_LIMITS = {
  telegram: {
    global: { limit: 30, windowMs: 1000 },
    group: { limit: 20, windowMs: 60_000 },
    private: { limit: 1, windowMs: 1000 },
  },
  discord: { global: { limit: 50, windowMs: 1000 } },
} as const

// A sliding log of the last `limit` send times per key, rather than a token bucket: a bucket
// that holds N tokens and refills N per window lets up to 2N through in one window (a full
// bucket, then its refill), while these limits are stated as "at most N in any window". The log
// is exact and still allows the full rate, bursts included. Hand-written because the limiter
// libraries we know own their timers or promise queues, and the dispatcher must inject time.
interface SlidingLog {
  times: number[]
  next: number
}

// Clock readings are whole milliseconds and a send leaves a little after its slot is granted:
// waiting 2 ms past the window keeps the count under the limit as the platform's clock sees it.
const MARGIN_MS = 2

function waitFor(log: SlidingLog | undefined, rule: WindowLimit, nowMs: number): number {
  if (!log || log.times.length < rule.limit) return 0
  const oldest = log.times[log.next]!
  return Math.max(0, oldest + rule.windowMs + MARGIN_MS - nowMs)
}

function record(logs: Map<string, SlidingLog>, key: string, rule: WindowLimit, nowMs: number) {
  let log = logs.get(key)
  if (!log) {
    log = { times: [], next: 0 }
    logs.set(key, log)
  }
  if (log.times.length < rule.limit) log.times.push(nowMs)
  else {
    log.times[log.next] = nowMs
    log.next = (log.next + 1) % rule.limit
  }
}

/**
 * A limiter over a global window and per-chat windows chosen by `perChat` (null: no per-chat
 * limit). Idle chats are forgotten once their window has passed, so memory follows active chats.
 *
 * @example
 * const limiter = createWindowLimiter({ limit: 30, windowMs: 1000 }, () => ({ limit: 1, windowMs: 1000 }))
 * limiter.reserve('telegram:42', 0) // 0: go
 * limiter.reserve('telegram:42', 10) // 992: wait
 */
export function createWindowLimiter(
  global: WindowLimit,
  perChat: (chat: ChatRef) => WindowLimit | null
): SendLimiter {
  const logs = new Map<string, SlidingLog>()
  const rules = new Map<string, WindowLimit | null>()
  let lastSweep = 0
  function sweep(nowMs: number) {
    if (nowMs - lastSweep < 60_000) return
    lastSweep = nowMs
    for (const [key, log] of logs) {
      const rule = rules.get(key)
      const newest = Math.max(...log.times)
      if (key !== '' && rule && newest + rule.windowMs <= nowMs) {
        logs.delete(key)
        rules.delete(key)
      }
    }
  }
  return {
    reserve(chat, nowMs) {
      let rule = rules.get(chat)
      if (rule === undefined) {
        rule = perChat(chat)
        rules.set(chat, rule)
      }
      const wait = Math.max(
        waitFor(logs.get(''), global, nowMs),
        rule ? waitFor(logs.get(chat), rule, nowMs) : 0
      )
      if (wait > 0) return wait
      record(logs, '', global, nowMs)
      if (rule) record(logs, chat, rule, nowMs)
      sweep(nowMs)
      return 0
    },
  }
}

/**
 * The limiter for one platform's published limits; `cli` and tests without limits get none.
 * `share` is this process's part of the platform-wide budget (1 / the number of dispatching
 * instances), so several instances posting for one bot stay under its overall limit together.
 * Per-chat limits are not divided: a chat is served by one instance at a time.
 *
 * @example
 * limiterFor('telegram').reserve('telegram:-1001', Date.now())
 */
export function limiterFor(platform: Platform, share = 1): SendLimiter {
  const part = (limit: WindowLimit): WindowLimit => ({
    ...limit,
    limit: Math.max(1, Math.floor(limit.limit * Math.min(1, Math.max(0, share)))),
  })
  if (platform === 'telegram') {
    const t = PLATFORM_LIMITS.telegram
    return createWindowLimiter(part(t.global), (chat) => {
      const id = parseChatRef(chat)?.id ?? ''
      return id.startsWith('-') ? t.group : t.private
    })
  }
  if (platform === 'discord')
    return createWindowLimiter(part(PLATFORM_LIMITS.discord.global), () => null)
  return noLimits
}

/** A limiter that never waits: for tests and benchmarks of the dispatcher's own overhead. */
export const noLimits: SendLimiter = { reserve: () => 0 }
