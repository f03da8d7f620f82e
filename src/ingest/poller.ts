import { createHash } from 'node:crypto'
import cron from 'node-cron'
import { describeError } from '../core/errors.js'
import type { Feed, FeedStore } from '../store/feeds.js'
import { BODY_DIGEST_PREFIX, type Fetcher, type FetchFailure } from './fetch.js'
import { looksLikeHtml } from './discover.js'
import { decodeFeedBytes } from './charset.js'
import { FeedParseError } from './parse/index.js'
import type { Pipeline } from './pipeline.js'

/** Why a feed was switched off after failing for days; shown in feed health. */
export type DisabledReason =
  'FAILED_REQUESTS' | 'BAD_FORMAT' | 'TOO_LARGE' | 'FORBIDDEN' | 'NOT_A_FEED'

/** One feed that failed in a cycle. */
export interface PollFailure {
  feedId: string
  url: string
  code: string
  message: string
}

/** What one poll cycle did. */
export interface PollReport {
  feeds: number
  ok: number
  notModified: number
  failed: number
  newItems: number
  duplicates: number
  updated: number
  seconds: number
  failures: PollFailure[]
  /** Feeds switched off in this cycle. */
  disabled: Array<{ feedId: string; reason: DisabledReason }>
}

/** The outcome of fetching one feed. */
export type FeedPollResult =
  | { feedId: string; status: 'ok'; newItems: number; updated: number; duplicates: number }
  | { feedId: string; status: 'notModified' }
  | { feedId: string; status: 'failed'; code: string; message: string; disabled?: DisabledReason }

export interface PollDeps {
  store: { feeds: FeedStore }
  fetcher: Pick<Fetcher, 'fetchFeed'>
  pipeline: Pipeline
  now?: () => Date
}

export interface PollOptions extends PollDeps {
  /** Feeds fetched at once. Default 8. */
  concurrency?: number
  /** Feeds of one host fetched at once. Default 2. */
  perHost?: number
  /** Feeds to fetch instead of the due ones (`benchwatch ingest`). */
  feeds?: Feed[]
  /** Called after each feed, for progress output. */
  onFeed?: (result: FeedPollResult, done: number, total: number) => void
  /** Most feeds one cycle takes on. Default 10,000. */
  limit?: number
}

const BACKOFF_BASE_MS = 5 * 60 * 1000
const BACKOFF_CAP_MS = 24 * 60 * 60 * 1000
const DISABLE_AFTER_MS = 3 * 24 * 60 * 60 * 1000

/**
 * How long a feed waits after its n-th consecutive failure: 5 min × 2ⁿ⁻¹, at most 24 h, and never
 * less than the server's Retry-After.
 *
 * @example
 * backoffMs(1) // 300000 (5 min)
 * backoffMs(4) // 2400000 (40 min)
 */
export function backoffMs(failures: number, retryAfterMs = 0): number {
  const exponential = Math.min(BACKOFF_BASE_MS * 2 ** Math.max(0, failures - 1), BACKOFF_CAP_MS)
  return Math.max(exponential, Math.min(retryAfterMs, BACKOFF_CAP_MS))
}

/** The reason code a feed is disabled with, from the code of its last failure. */
export function disabledReasonFor(code: string): DisabledReason {
  if (code === 'TOO_LARGE') return 'TOO_LARGE'
  if (code === 'FORBIDDEN') return 'FORBIDDEN'
  if (code === 'NOT_A_FEED') return 'NOT_A_FEED'
  if (code === 'BAD_FORMAT' || code === 'EMPTY') return 'BAD_FORMAT'
  return 'FAILED_REQUESTS'
}

/**
 * Fetches one feed, stores what is new, and updates the feed's health (validators, next fetch,
 * failures, backoff, disabling after three days of failures).
 */
export async function pollFeed(feed: Feed, deps: PollDeps): Promise<FeedPollResult> {
  const now = deps.now ?? (() => new Date())
  const { feeds } = deps.store
  const started = now()
  const fetched = await deps.fetcher
    .fetchFeed(
      feed.url,
      { etag: feed.etag, lastModified: feed.lastModified },
      { allowFile: feed.chatRef === null }
    )
    .catch((error: unknown): FetchFailure => ({
      ok: false,
      code: 'NETWORK',
      message: describeError(error),
      url: feed.url,
    }))
  const at = now()
  const next = (ms: number) => new Date(at.getTime() + ms).toISOString()
  const healthy = {
    lastFetchAt: at.toISOString(),
    lastOkAt: at.toISOString(),
    lastError: null,
    lastErrorCode: null,
    failingSince: null,
    consecutiveFailures: 0,
    nextFetchAt: next(feed.intervalMinutes * 60_000),
  }

  if (fetched.ok && fetched.notModified) {
    await feeds.update(feed.id, {
      ...healthy,
      etag: fetched.etag,
      lastModified: fetched.lastModified,
    })
    return { feedId: feed.id, status: 'notModified' }
  }
  if (fetched.ok) {
    // Many servers ignore conditional GET: an identical body is "not modified" all the same, and
    // costs a hash instead of parsing and normalising every entry again.
    const digest = fetched.etag
      ? null
      : `${BODY_DIGEST_PREFIX}${createHash('sha256').update(fetched.body).digest('base64url')}`
    if (digest !== null && digest === feed.etag) {
      await feeds.update(feed.id, { ...healthy, lastModified: fetched.lastModified })
      return { feedId: feed.id, status: 'notModified' }
    }
    try {
      const outcome = await deps.pipeline.ingestDocument(
        feed,
        { body: fetched.body, contentType: fetched.contentType, url: fetched.url },
        { now: started, backlog: feed.lastOkAt === null }
      )
      // a permanent redirect (301/308 all the way): fetch the new address from now on
      if (fetched.movedTo && fetched.movedTo !== feed.url)
        await feeds.moveTo(feed.id, fetched.movedTo)
      await feeds.update(feed.id, {
        ...healthy,
        etag: fetched.etag ?? digest,
        lastModified: fetched.lastModified,
        title: feed.title ?? outcome.title,
        siteUrl: feed.siteUrl ?? outcome.siteUrl,
        lang: feed.lang ?? outcome.lang,
      })
      return {
        feedId: feed.id,
        status: 'ok',
        newItems: outcome.newItems,
        updated: outcome.updated,
        duplicates: outcome.duplicates,
      }
    } catch (error) {
      if (error instanceof FeedParseError) {
        const html =
          error.code === 'NOT_A_FEED' &&
          looksLikeHtml(decodeFeedBytes(fetched.body, fetched.contentType).text)
        const message = html
          ? `${error.message}: an HTML page, not a feed (add the page with "benchwatch feeds add" to find its feed)`
          : error.message
        return fail(feed, deps, at, error.code, message, 0)
      }
      return fail(feed, deps, at, 'STORE', describeError(error), 0)
    }
  }
  return fail(feed, deps, at, fetched.code, fetched.message, fetched.retryAfterMs ?? 0)
}

async function fail(
  feed: Feed,
  deps: PollDeps,
  at: Date,
  code: string,
  message: string,
  retryAfterMs: number
): Promise<FeedPollResult> {
  const failures = feed.consecutiveFailures + 1
  const failingSince = feed.failingSince ?? at.toISOString()
  const disable = at.getTime() - Date.parse(failingSince) >= DISABLE_AFTER_MS
  const reason = disable ? disabledReasonFor(code) : undefined
  await deps.store.feeds.update(feed.id, {
    lastFetchAt: at.toISOString(),
    lastError: message,
    lastErrorCode: code,
    failingSince,
    consecutiveFailures: failures,
    nextFetchAt: new Date(at.getTime() + backoffMs(failures, retryAfterMs)).toISOString(),
    ...(reason ? { disabledReason: reason, disabledAt: at.toISOString() } : {}),
  })
  return reason
    ? { feedId: feed.id, status: 'failed', code, message, disabled: reason }
    : { feedId: feed.id, status: 'failed', code, message }
}

/**
 * One poll cycle: fetches the due feeds (or the given ones) with bounded concurrency — at most
 * `concurrency` at once and `perHost` per host, so one slow site cannot hold the whole cycle —
 * and reports what happened.
 *
 * @example
 * const report = await pollOnce({ store, fetcher, pipeline })
 * // { feeds: 16, ok: 9, notModified: 6, failed: 1, newItems: 42, … }
 */
export async function pollOnce(options: PollOptions): Promise<PollReport> {
  const now = options.now ?? (() => new Date())
  const started = performance.now()
  const feeds = options.feeds ?? (await options.store.feeds.due(now(), options.limit ?? 10_000))
  const concurrency = Math.max(1, options.concurrency ?? 8)
  const perHost = Math.max(1, options.perHost ?? 2)
  const report: PollReport = {
    feeds: feeds.length,
    ok: 0,
    notModified: 0,
    failed: 0,
    newItems: 0,
    duplicates: 0,
    updated: 0,
    seconds: 0,
    failures: [],
    disabled: [],
  }
  const queue = [...feeds]
  const busyHosts = new Map<string, number>()
  let done = 0
  let wake: (() => void) | null = null

  const record = (feed: Feed, result: FeedPollResult) => {
    if (result.status === 'ok') {
      report.ok++
      report.newItems += result.newItems
      report.updated += result.updated
      report.duplicates += result.duplicates
    } else if (result.status === 'notModified') report.notModified++
    else {
      report.failed++
      report.failures.push({
        feedId: feed.id,
        url: feed.url,
        code: result.code,
        message: result.message,
      })
      if (result.disabled) report.disabled.push({ feedId: feed.id, reason: result.disabled })
    }
    options.onFeed?.(result, ++done, feeds.length)
  }

  // Takes the first queued feed whose host has a free slot; null when all queued hosts are busy.
  const take = (): Feed | null => {
    const at = queue.findIndex((f) => (busyHosts.get(hostOf(f.url)) ?? 0) < perHost)
    return at === -1 ? null : queue.splice(at, 1)[0]!
  }

  const worker = async () => {
    while (queue.length > 0) {
      const feed = take()
      if (!feed) {
        await new Promise<void>((resolve) => {
          const previous = wake
          wake = () => {
            previous?.()
            resolve()
          }
        })
        continue
      }
      const host = hostOf(feed.url)
      busyHosts.set(host, (busyHosts.get(host) ?? 0) + 1)
      try {
        record(feed, await pollFeed(feed, options))
      } catch (error) {
        record(feed, {
          feedId: feed.id,
          status: 'failed',
          code: 'STORE',
          message: describeError(error),
        })
      } finally {
        busyHosts.set(host, busyHosts.get(host)! - 1)
        const waiting = wake as (() => void) | null
        wake = null
        waiting?.()
      }
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, feeds.length) }, worker))
  report.seconds = Math.round((performance.now() - started) / 10) / 100
  return report
}

function hostOf(url: string): string {
  try {
    return new URL(url).hostname || url
  } catch {
    return url
  }
}

/** A long-running part of the service (same shape as app.ts's Component). */
export interface PollerComponent {
  name: string
  start(): Promise<void>
  stop(): Promise<void>
  ready(): boolean
  /** Runs one cycle now unless one is running (then returns null). */
  tick(): Promise<PollReport | null>
}

/**
 * The poller: runs `pollOnce` on a cron schedule (POLL_CRON), never two cycles at once — a tick
 * that finds the previous cycle still running is skipped, not queued.
 *
 * @example
 * app.components.push(createPoller({ cron: config.POLL_CRON, run: () => pollOnce(deps), log }))
 */
export function createPoller(options: {
  cron: string
  run: () => Promise<PollReport>
  /** Runs before the first cycle (seeding the feed list). */
  beforeStart?: () => Promise<void>
  log?: { info(obj: object, msg: string): void; error(obj: object, msg: string): void }
}): PollerComponent {
  let task: ReturnType<typeof cron.schedule> | null = null
  let running: Promise<PollReport | null> | null = null
  let failedLastCycle = false

  const tick = async (): Promise<PollReport | null> => {
    if (running) return null
    running = options
      .run()
      .then((report) => {
        failedLastCycle = false
        options.log?.info({ ...report, failures: report.failures.length }, 'poll cycle done')
        return report
      })
      .catch((error: unknown) => {
        failedLastCycle = true
        options.log?.error({ err: describeError(error) }, 'poll cycle failed')
        return null
      })
      .finally(() => {
        running = null
      })
    return running
  }

  return {
    name: 'poller',
    async start() {
      await options.beforeStart?.()
      task = cron.schedule(options.cron, () => void tick(), { name: 'poller', noOverlap: true })
      void tick()
    },
    async stop() {
      await task?.stop()
      task = null
      await running
    },
    ready: () => !failedLastCycle,
    tick,
  }
}
