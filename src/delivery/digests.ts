import { hostname } from 'node:os'
import cron from 'node-cron'
import { DateTime } from 'luxon'
import {
  parseChatRef,
  SendError,
  type ChatRef,
  type ChatSender,
  type Platform,
} from '../core/chat.js'
import { buildChartSvg } from '../core/chart.js'
import { consolidateAll } from '../core/consolidate.js'
import { buildDigest, renderDigest, type DigestCandidate } from '../core/digest.js'
import type { Reply } from '../core/reply.js'
import { renderSvgToPng } from '../render/chart-png.js'
import { createDiscrepancyStore, toItemRows } from '../store/discrepancies.js'
import type { DigestEntry } from '../store/digests.js'
import { newId } from '../store/ids.js'
import type { Store } from '../store/store.js'
import { CHAT_WIDE_REASONS, PAUSING_REASONS, retryDelayMs, type DeliveryLog } from './dispatcher.js'

/** A chat's digest time when it set none. */
export const DEFAULT_DIGEST_TIME = '09:00'
/** A chat's time zone when it set none. */
export const DEFAULT_DIGEST_ZONE = 'UTC'
/** A digest later than this (the process was down) is skipped with a log line, not sent. */
export const MAX_DIGEST_LATENESS_MS = 12 * 3_600_000
/** A digest that cannot be posted for this long after it was due is given up. */
const GIVE_UP_AFTER_MS = 24 * 3_600_000

/**
 * The most recent digest time at or before `now` in the chat's zone: its local date and instant.
 * DST-correct: 09:00 in Europe/Moscow or America/New_York is 09:00 on the wall clock whatever the
 * offset that day; a time that does not exist on a spring-forward day moves forward an hour
 * (luxon's rule). An unknown zone or a malformed time falls back to the defaults.
 *
 * @example
 * latestDigestTime(new Date('2026-03-08T14:00:00Z'), '09:00', 'America/New_York')
 * // { localDate: '2026-03-08', dueAt: 2026-03-08T13:00:00.000Z }  (EDT, UTC−4, since 07:00 UTC)
 */
export function latestDigestTime(
  now: Date,
  time: string | null,
  zone: string | null
): { localDate: string; dueAt: Date } {
  const [hour, minute] = /^([01]?\d|2[0-3]):([0-5]\d)$/.test(time ?? '')
    ? time!.split(':').map(Number)
    : DEFAULT_DIGEST_TIME.split(':').map(Number)
  let local = DateTime.fromJSDate(now, { zone: zone ?? DEFAULT_DIGEST_ZONE })
  if (!local.isValid) local = DateTime.fromJSDate(now, { zone: DEFAULT_DIGEST_ZONE })
  let due = local.set({ hour: hour!, minute: minute!, second: 0, millisecond: 0 })
  if (due.toMillis() > now.getTime()) {
    const yesterday = local.minus({ days: 1 })
    due = yesterday.set({ hour: hour!, minute: minute!, second: 0, millisecond: 0 })
  }
  return { localDate: due.toISODate()!, dueAt: due.toJSDate() }
}

/** Options of {@link createDigestScheduler}. */
export interface DigestSchedulerOptions {
  store: Store
  senders: Partial<Record<Platform, ChatSender>>
  log?: DeliveryLog
  owner?: string
  now?: () => Date
  random?: () => number
  /** Cron expression of the scheduler's tick. Default every minute. */
  cron?: string
  leaseMs?: number
  /** Stories per digest. Default 10. */
  maxStories?: number
}

/** The daily digest scheduler: a minute cron, and `tick` for tests and the CLI. */
export interface DigestScheduler {
  name: string
  start(): Promise<void>
  stop(): Promise<void>
  ready(): boolean
  /** Schedules the digests that are due and posts them; returns how many it posted. */
  tick(): Promise<{ scheduled: number; skipped: number; sent: number; empty: number }>
}

/**
 * Creates the digest scheduler. Each tick: every active digest-mode subscription gets a row for
 * its chat's latest local digest time (unique per subscription and local date, so any number of
 * schedulers create one), created pending when less than 12 h late and skipped otherwise; then
 * due rows are leased and posted: the top stories of the 24 h before, one-line summaries, the
 * day's discrepancy tables and a chart. An empty day is no post unless the chat wants quiet-day
 * notes. A subscription created after today's time starts tomorrow.
 */
export function createDigestScheduler(options: DigestSchedulerOptions): DigestScheduler {
  const { store, senders, log } = options
  const owner = options.owner ?? `${hostname()}:${process.pid}:${newId(4)}`
  const now = options.now ?? (() => new Date())
  const random = options.random ?? Math.random
  const leaseMs = options.leaseMs ?? 120_000
  const discrepancies = createDiscrepancyStore(store.db)

  const known = new Set<string>()
  async function schedule(at: Date): Promise<{ scheduled: number; skipped: number }> {
    const subs = (await store.subscriptions.listActive()).filter((s) => s.mode === 'digest')
    let scheduled = 0
    let skipped = 0
    const chats = new Map<
      string,
      { digestTime: string | null; timezone: string | null } | undefined
    >()
    const refs = [...new Set(subs.map((s) => s.chatRef))]
    for (let i = 0; i < refs.length; i += 500) {
      const rows = await store.db.kysely
        .selectFrom('chat')
        .select(['ref', 'digest_time', 'timezone'])
        .where('ref', 'in', refs.slice(i, i + 500))
        .execute()
      for (const row of rows)
        chats.set(row.ref, { digestTime: row.digest_time, timezone: row.timezone })
    }
    if (known.size > 200_000) known.clear()
    for (const sub of subs) {
      const chat = chats.get(sub.chatRef)
      const { localDate, dueAt } = latestDigestTime(
        at,
        chat?.digestTime ?? null,
        chat?.timezone ?? null
      )
      if (dueAt.getTime() < Date.parse(sub.createdAt)) continue
      // Each date's row is written once; the minute ticks after that cost no query.
      const key = `${sub.id}|${localDate}`
      if (known.has(key)) continue
      const late = at.getTime() - dueAt.getTime()
      if (late < MAX_DIGEST_LATENESS_MS) {
        const created = await store.digests.schedule(
          { subscriptionId: sub.id, chatRef: sub.chatRef, localDate, dueAt },
          at
        )
        known.add(key)
        if (created) scheduled++
        continue
      }
      const reason = `missed: due ${dueAt.toISOString()}, more than 12 h before the scheduler ran`
      const created = await store.digests.schedule(
        { subscriptionId: sub.id, chatRef: sub.chatRef, localDate, dueAt, skippedReason: reason },
        at
      )
      known.add(key)
      if (created) {
        skipped++
        log?.warn(
          { chat: sub.chatRef, subscription: sub.id, localDate, dueAt: dueAt.toISOString() },
          'digest skipped: more than 12 h late'
        )
      }
    }
    return { scheduled, skipped }
  }

  async function content(
    entry: DigestEntry,
    at: Date,
    candidates: DigestCandidate[],
    platform: Platform
  ): Promise<{ reply: Reply | null; count: number } | 'gone'> {
    const sub = await store.subscriptions.get(entry.subscriptionId)
    if (!sub || sub.pausedAt || sub.mode !== 'digest') return 'gone'
    const chat = await store.chats.get(entry.chatRef)
    const lang = chat?.lang === 'ru' ? 'ru' : 'en'
    const first = buildDigest(candidates, {
      now: at,
      chatRef: entry.chatRef,
      topic: sub.topic,
      ...(options.maxStories ? { maxStories: options.maxStories } : {}),
    })
    const ids = first.stories.filter((s) => s.controversy).map((s) => s.item.id)
    const rows = (await Promise.all(ids.map((id) => discrepancies.forItem(id)))).flat()
    const tables = consolidateAll(toItemRows(rows)).filter((t) => t.rows.length > 0)
    const reply = renderDigest(
      { ...first, tables },
      { lang, date: entry.localDate, quietDay: chat?.quietDays ?? false }
    )
    if (reply && tables[0] && platform !== 'cli') {
      const chart = buildChartSvg(tables[0], lang)
      reply.blocks.push({
        type: 'image',
        png: renderSvgToPng(chart.svg),
        alt: `${tables[0].model}`,
        filename: `${tables[0].modelId}.png`,
      })
    }
    return { reply, count: first.stories.length }
  }

  async function fail(entry: DigestEntry, error: unknown, at: Date) {
    const text =
      error instanceof SendError
        ? `${error.reason}: ${error.message}`
        : `INTERNAL: ${error instanceof Error ? error.message : String(error)}`
    if (
      error instanceof SendError &&
      error.kind === 'permanent' &&
      error.reason !== 'UNAUTHORIZED'
    ) {
      await store.digests.markDead(entry.id, text, at)
      if (!PAUSING_REASONS.has(error.reason)) {
        log?.error({ chat: entry.chatRef, reason: text }, 'digest refused by the platform')
        return
      }
      if (CHAT_WIDE_REASONS.has(error.reason))
        await store.subscriptions.pauseChat(entry.chatRef, text, at)
      else await store.subscriptions.pause(entry.subscriptionId, text, at)
      log?.warn({ chat: entry.chatRef, reason: text }, 'digest refused; subscription paused')
      return
    }
    if (at.getTime() - Date.parse(entry.createdAt) >= GIVE_UP_AFTER_MS) {
      await store.digests.markDead(entry.id, `gave up after 24 h; last error ${text}`, at)
      return
    }
    const retryAfterMs = error instanceof SendError ? error.options.retryAfterMs : undefined
    await store.digests.markRetry(
      entry.id,
      text,
      new Date(at.getTime() + retryDelayMs(entry.attempts, retryAfterMs, random))
    )
  }

  async function tick() {
    const at = now()
    const { scheduled, skipped } = await schedule(at)
    let sent = 0
    let empty = 0
    let candidates: DigestCandidate[] | null = null
    // Claim in batches until nothing is due, so thousands of chats at 09:00 all go out this tick
    // (at the senders' pace) instead of 50 a minute.
    const started = Date.now()
    for (;;) {
      const due = await store.digests.claim(owner, at, 50, leaseMs)
      if (due.length === 0) break
      for (const entry of due) {
        const platform = parseChatRef(entry.chatRef)?.platform
        const sender = platform ? senders[platform] : undefined
        try {
          if (!platform || !sender)
            throw new SendError(
              'retryable',
              'NO_SENDER',
              `no sender is configured for ${platform ?? entry.chatRef}`
            )
          candidates ??= await store.digests.candidates(new Date(at.getTime() - 24 * 3_600_000), at)
          const built = await content(entry, at, candidates, platform)
          if (built === 'gone') {
            await store.digests.markSkipped(
              entry.id,
              'subscription removed, paused or no longer a digest',
              at
            )
            continue
          }
          if (!built.reply) {
            await store.digests.markSkipped(entry.id, 'empty day', at)
            empty++
            continue
          }
          const { messageIds } = await sender.send(entry.chatRef as ChatRef, built.reply)
          await store.digests.markSent(entry.id, messageIds, built.count, now())
          sent++
        } catch (error) {
          await fail(entry, error, now())
        }
      }
      if (Date.now() - started > leaseMs / 2) break
    }
    return { scheduled, skipped, sent, empty }
  }

  let job: ReturnType<typeof cron.schedule> | null = null
  let running: Promise<unknown> | null = null
  const runTick = () => {
    if (running) return
    running = tick()
      .catch((error: unknown) =>
        log?.error(
          { err: error instanceof Error ? error.message : String(error) },
          'digest tick failed'
        )
      )
      .finally(() => {
        running = null
      })
  }
  return {
    name: 'digests',
    tick,
    ready: () => job !== null,
    async start() {
      // The first tick runs at once: that is the catch-up for digests missed while down.
      runTick()
      job = cron.schedule(options.cron ?? '* * * * *', runTick, { name: 'digests', noOverlap: true })
    },
    async stop() {
      await job?.stop()
      job = null
      await running
    },
  }
}
