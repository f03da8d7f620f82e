import type { EntityKind } from '../core/entities.js'
import { describeError } from '../core/errors.js'
import type { Feed } from '../store/feeds.js'
import type { Item, UpsertStatus } from '../store/items.js'
import type { Store } from '../store/store.js'
import { decodeFeedBytes } from './charset.js'
import { cleanText, normaliseEntry, type DetectLang } from './normalise.js'
import { parseFeed } from './parse/index.js'

/** An item the store just wrote: new, or edited in place. */
export interface StoredItem extends Item {
  status: Exclude<UpsertStatus, 'duplicate'>
  /**
   * The classify stage's verdict, left on the item for the stages after it (full text, match) so
   * they need not read it back from the store.
   */
  verdict?: ItemVerdict
}

/** What later stages need of a classification. */
export interface ItemVerdict {
  label: 'controversy' | 'not'
  score: number
  entities: { kind: EntityKind; id: string }[]
}

/** What each stage sees besides the items. */
export interface StageContext {
  now: Date
  feed: Feed
}

/**
 * One step after storage (classify, extract, match subscriptions…). Stages run in order on the
 * items a fetch stored; each gets new and edited items (`status`) and decides what to do with
 * which — the match stage, for one, pushes only `new` items that are not `backlog`. A stage that
 * throws is reported and the next stage still runs: the items are already stored.
 */
export interface PipelineStage {
  name: string
  run(items: StoredItem[], ctx: StageContext): Promise<void>
}

/** What one feed document did to the store. */
export interface IngestOutcome {
  title: string | null
  lang: string | null
  siteUrl: string | null
  entries: number
  newItems: number
  updated: number
  duplicates: number
  items: StoredItem[]
  stageErrors: Array<{ stage: string; message: string }>
}

/** normalise → store (dedup, cluster) → the configured stages. */
export interface Pipeline {
  readonly stages: readonly PipelineStage[]
  /**
   * Decodes, parses, normalises and stores one fetched feed document, then runs the stages on
   * what was stored. Throws FeedParseError when the bytes are not a readable feed.
   */
  ingestDocument(
    feed: Feed,
    document: { body: Uint8Array; contentType?: string; url: string },
    options: { now: Date; backlog: boolean }
  ): Promise<IngestOutcome>
  /**
   * Runs the stages again on items a killed process stored but never finished (older than
   * `graceMs`, so an in-flight document of this process is left alone); returns how many.
   */
  resume(options: { now: Date; graceMs?: number; limit?: number }): Promise<number>
}

export interface PipelineOptions {
  store: Pick<Store, 'items'> & { feeds?: Pick<Store['feeds'], 'get'> }
  stages?: PipelineStage[]
  detectLang?: DetectLang
  onStageError?: (stage: string, error: unknown, feed: Feed) => void
}

/**
 * Builds the ingestion pipeline; the composition root passes the stages.
 *
 * @example
 * const pipeline = createPipeline({ store, stages: [classifyStage(store), matchStage] })
 * await pipeline.ingestDocument(feed, fetched, { now, backlog: feed.lastOkAt === null })
 */
export function createPipeline(options: PipelineOptions): Pipeline {
  const stages = options.stages ?? []

  // The items stay marked until every stage has had its turn, so a crash in between is redone
  // by `resume`; a stage that throws is logged, not retried forever.
  async function runStages(
    items: StoredItem[],
    ctx: StageContext
  ): Promise<IngestOutcome['stageErrors']> {
    const stageErrors: IngestOutcome['stageErrors'] = []
    if (items.length === 0) return stageErrors
    for (const stage of stages) {
      try {
        await stage.run(items, ctx)
      } catch (error) {
        stageErrors.push({ stage: stage.name, message: describeError(error) })
        options.onStageError?.(stage.name, error, ctx.feed)
      }
    }
    await options.store.items.markStagesDone(items.map((i) => i.id))
    return stageErrors
  }

  return {
    stages,
    async resume({ now, graceMs = 10_000, limit = 1000 }) {
      const pending = await options.store.items.pendingStages(
        new Date(now.getTime() - graceMs),
        limit
      )
      const byFeed = new Map<string, StoredItem[]>()
      for (const { item, status } of pending) {
        const list = byFeed.get(item.feedId) ?? []
        list.push({ ...item, status })
        byFeed.set(item.feedId, list)
      }
      for (const [feedId, items] of byFeed) {
        const feed = await options.store.feeds?.get(feedId)
        if (!feed) {
          await options.store.items.markStagesDone(items.map((i) => i.id))
          continue
        }
        await runStages(items, { now, feed })
      }
      return pending.length
    },
    async ingestDocument(feed, document, { now, backlog }) {
      const { text } = decodeFeedBytes(document.body, document.contentType)
      const parsed = parseFeed(text, document.url)
      const context = { url: document.url, lang: feed.lang ?? parsed.language }
      const normalised = parsed.items.map((entry) =>
        normaliseEntry(entry, context, now, options.detectLang)
      )
      const results = await options.store.items.upsertFromFeed(feed.id, normalised, {
        now,
        backlog,
      })
      const items: StoredItem[] = []
      let duplicates = 0
      for (const r of results) {
        if (r.status === 'duplicate') duplicates++
        else items.push({ ...r.item, status: r.status })
      }
      const stageErrors = await runStages(items, { now, feed })
      return {
        title: cleanText(parsed.title) || null,
        lang: parsed.language,
        siteUrl: parsed.link,
        entries: parsed.items.length,
        newItems: items.filter((i) => i.status === 'new').length,
        updated: items.filter((i) => i.status === 'updated').length,
        duplicates,
        items,
        stageErrors,
      }
    },
  }
}
