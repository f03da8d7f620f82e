import { describeError } from '../core/errors.js'
import { detectLang } from '../core/lang.js'
import type { Feed, NewFeed } from '../store/feeds.js'
import type { Store } from '../store/store.js'
import { decodeFeedBytes } from './charset.js'
import { discoverFeeds, looksLikeHtml } from './discover.js'
import { createFetcher, type Fetcher, type FetcherOptions } from './fetch.js'
import { cleanText } from './normalise.js'
import { seedConfiguredFeeds } from './feeds-file.js'
import { FeedParseError, parseFeed } from './parse/index.js'
import { createPipeline, type Pipeline, type PipelineStage } from './pipeline.js'
import {
  createPoller,
  pollOnce,
  type PollerComponent,
  type PollOptions,
  type PollReport,
} from './poller.js'
import { createSsrfGuard, type SsrfGuard } from './ssrf.js'
import { defaultStages } from './stages.js'
import type { Classifier } from '../core/classify/port.js'

/** A feed URL could not be added; the message says why in one line. */
export class FeedAddError extends Error {
  constructor(
    public readonly code: string,
    message: string
  ) {
    super(message)
    this.name = 'FeedAddError'
  }
}

/** Everything ingestion needs, built once by the composition root. */
export interface Ingest {
  guard: SsrfGuard
  fetcher: Fetcher
  pipeline: Pipeline
  poller: PollerComponent
  /** One poll cycle over the due feeds (or `feeds`). */
  pollOnce(
    options?: Partial<Pick<PollOptions, 'feeds' | 'onFeed' | 'concurrency' | 'perHost'>>
  ): Promise<PollReport>
  /**
   * The feed a URL stands for: the URL itself when it serves a feed, else the first feed an HTML
   * page advertises. Throws FeedAddError (unreachable, not a feed, a page without feed links).
   */
  resolveFeedUrl(
    url: string
  ): Promise<{ url: string; title: string | null; discoveredFrom: string | null }>
  /** Resolves (autodiscovery) and adds a feed. */
  addFeed(
    url: string,
    extra?: Omit<NewFeed, 'url'>
  ): Promise<{ feed: Feed; created: boolean; discoveredFrom: string | null }>
  /** Adds FEEDS_FILE, or the default list on a fresh database. */
  seed(): Promise<number>
  close(): Promise<void>
}

export interface IngestOptions {
  store: Store
  allowPrivateNetwork: boolean
  pollCron: string
  feedsFile?: string
  /** Stages after classify and extract (the delivery code's match stage). */
  extraStages?: PipelineStage[]
  /** Replaces the default stages entirely (tests, benchmarks). */
  stages?: PipelineStage[]
  /** Classifies in the classify stage instead of the offline model (an LLM with fallback). */
  classifier?: Classifier
  /** Fetch article pages of short controversy items for extraction (default true). */
  fullText?: boolean
  fetcher?: FetcherOptions
  now?: () => Date
  log?: {
    info(obj: object, msg: string): void
    warn(obj: object, msg: string): void
    error(obj: object, msg: string): void
  }
  /** Per-feed result hook (metrics). */
  onFeed?: PollOptions['onFeed']
}

/**
 * Builds fetcher, SSRF guard, pipeline and poller from the configuration.
 *
 * @example
 * const ingest = createIngest({ store, allowPrivateNetwork: config.ALLOW_PRIVATE_NETWORK, pollCron: config.POLL_CRON })
 * const report = await ingest.pollOnce()
 */
export function createIngest(options: IngestOptions): Ingest {
  const now = options.now ?? (() => new Date())
  const guard = createSsrfGuard({ allowPrivate: options.allowPrivateNetwork })
  const fetcher = createFetcher({ guard, now, ...options.fetcher })
  const stages = options.stages ?? [
    ...defaultStages(options.store, {
      classifier: options.classifier,
      ...(options.fullText === false ? {} : { fetchPage: (url: string) => fetcher.fetchPage(url) }),
    }),
    ...(options.extraStages ?? []),
  ]
  const pipeline = createPipeline({
    store: options.store,
    stages,
    detectLang,
    onStageError: (stage, error, feed) =>
      options.log?.error(
        { stage, feed: feed.id, err: describeError(error) },
        'pipeline stage failed'
      ),
  })

  const cycle: Ingest['pollOnce'] = async (extra = {}) => {
    // Items a killed process stored but never classified or matched get their stages now.
    const resumed = await pipeline.resume({ now: now() }).catch((error: unknown) => {
      options.log?.error({ err: describeError(error) }, 'cannot resume unfinished pipeline stages')
      return 0
    })
    if (resumed > 0) options.log?.info({ items: resumed }, 'pipeline stages resumed after an interrupted run')
    return pollOnce({
      store: options.store,
      fetcher,
      pipeline,
      now,
      ...extra,
      onFeed: (result, done, total) => {
        options.onFeed?.(result, done, total)
        extra.onFeed?.(result, done, total)
      },
    })
  }

  const seed = () => seedConfiguredFeeds(options.store.feeds, options.feedsFile, now())

  const poller = createPoller({
    cron: options.pollCron,
    run: () => cycle(),
    beforeStart: async () => {
      try {
        const added = await seed()
        if (added > 0) options.log?.info({ added }, 'feeds seeded')
      } catch (error) {
        // a bad FEEDS_FILE must not keep the service down: the feeds already stored still poll
        options.log?.error({ err: describeError(error) }, 'cannot seed feeds')
      }
    },
    log: options.log,
  })

  async function resolveFeedUrl(url: string) {
    // never file: here: addFeed may serve chat users (/sources add); file feeds come from the operator
    const fetched = await fetcher.fetchFeed(url)
    if (!fetched.ok) throw new FeedAddError(fetched.code, `cannot fetch ${url}: ${fetched.message}`)
    if (fetched.notModified) return { url, title: null, discoveredFrom: null }
    const text = decodeFeedBytes(fetched.body, fetched.contentType).text
    try {
      const feed = parseFeed(text, fetched.url)
      return {
        url: fetched.movedTo ?? url,
        title: cleanText(feed.title) || null,
        discoveredFrom: null,
      }
    } catch (error) {
      if (!(error instanceof FeedParseError)) throw error
      if (!looksLikeHtml(text))
        throw new FeedAddError(error.code, `${url} is not a feed: ${error.message}`)
    }
    const found = discoverFeeds(text, fetched.url)
    if (found.length === 0) {
      throw new FeedAddError(
        'NOT_A_FEED',
        `${url} is an HTML page that links no RSS, Atom or JSON feed`
      )
    }
    for (const candidate of found) {
      const inner = await fetcher.fetchFeed(candidate.url)
      if (!inner.ok || inner.notModified) continue
      try {
        const feed = parseFeed(decodeFeedBytes(inner.body, inner.contentType).text, inner.url)
        return {
          url: candidate.url,
          title: cleanText(feed.title) || candidate.title,
          discoveredFrom: url,
        }
      } catch {
        continue
      }
    }
    throw new FeedAddError(
      'NOT_A_FEED',
      `${url} links ${found.length} feed(s), but none of them could be read: ${found.map((f) => f.url).join(', ')}`
    )
  }

  return {
    guard,
    fetcher,
    pipeline,
    poller,
    pollOnce: cycle,
    resolveFeedUrl,
    async addFeed(url, extra = {}) {
      const resolved = await resolveFeedUrl(url)
      const { feed, created } = await options.store.feeds.add(
        { ...extra, url: resolved.url, title: extra.title ?? resolved.title },
        now()
      )
      return { feed, created, discoveredFrom: resolved.discoveredFrom }
    },
    seed,
    async close() {
      await fetcher.close()
    },
  }
}
