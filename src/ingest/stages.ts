import { classify } from '../core/classify/index.js'
import type { Classification } from '../core/classify/index.js'
import type { Classifier } from '../core/classify/port.js'
import { extractDiscrepancies } from '../core/extract/index.js'
import type { DiscrepancyRow } from '../core/extract/index.js'
import { createClassificationStore } from '../store/classifications.js'
import { createDiscrepancyStore } from '../store/discrepancies.js'
import type { Store } from '../store/store.js'
import { enrichWithFullText, type FetchPage } from './fulltext.js'
import type { PipelineStage } from './pipeline.js'

/** Where the classify stage saves verdicts (store.classifications). */
export interface ClassificationSink {
  saveMany(verdicts: { itemId: string; classification: Classification }[], now: Date): Promise<void>
}

/** Where the extract stage saves rows (store.discrepancies). */
export interface DiscrepancySink {
  replaceForItems(extracted: { itemId: string; rows: DiscrepancyRow[] }[], now: Date): Promise<void>
}

/**
 * Classifies each new or edited item (title, summary, text) and saves the verdicts, one
 * transaction per feed document: with the offline model, or with the given classifier (an LLM
 * that falls back to the offline model). Each item keeps its verdict for the later stages.
 *
 * @example
 * createPipeline({ store, stages: [classifyStage(store.classifications)] })
 */
export function classifyStage(sink: ClassificationSink, classifier?: Classifier): PipelineStage {
  return {
    name: 'classify',
    async run(items, { now }) {
      const verdicts: { itemId: string; classification: Classification }[] = []
      for (const item of items) {
        const input = { title: item.title, summary: item.summary, text: item.contentText }
        const verdict = classifier ? await classifier.classify(input) : classify(input)
        verdicts.push({ itemId: item.id, classification: verdict })
        item.verdict = { label: verdict.label, score: verdict.score, entities: verdict.entities }
      }
      await sink.saveMany(verdicts, now)
    },
  }
}

/**
 * Extracts claimed-versus-measured rows from each new or edited item (its HTML when the feed gave
 * content, else its summary) and replaces the items' rows in one transaction.
 */
export function extractStage(sink: DiscrepancySink): PipelineStage {
  return {
    name: 'extract',
    async run(items, { now }) {
      const extracted: { itemId: string; rows: DiscrepancyRow[] }[] = []
      for (const item of items) {
        const rows = extractDiscrepancies(
          item.contentHtml
            ? { title: item.title, html: item.contentHtml, text: item.summary ?? undefined }
            : {
                title: item.title,
                text: [item.summary, item.contentText].filter(Boolean).join('\n'),
              }
        )
        extracted.push({ itemId: item.id, rows })
      }
      await sink.replaceForItems(extracted, now)
    },
  }
}

/**
 * For items the classifier calls a controversy (or nearly) whose feed gave only a short summary,
 * fetches the article page (through the fetcher's SSRF guard and limits), keeps its main content
 * with tables, and hands it to the extract stage. At most `maxPerCycle` pages per document; a
 * page that fails leaves the item as the feed gave it.
 */
export function fullTextStage(
  store: Pick<Store, 'items' | 'db'>,
  fetchPage: FetchPage,
  options: {
    maxPerCycle?: number
    concurrency?: number
    log?: (itemId: string, error: string) => void
  } = {}
): PipelineStage {
  const classifications = createClassificationStore(store.db)
  return {
    name: 'fulltext',
    async run(items) {
      const candidates = []
      for (const item of items) {
        const verdict = item.verdict ?? (await classifications.get(item.id))
        candidates.push({
          ...item,
          classification: verdict ? { label: verdict.label, score: verdict.score } : null,
        })
      }
      const results = await enrichWithFullText(candidates, {
        fetchPage,
        concurrency: options.concurrency ?? 2,
        maxPerCycle: options.maxPerCycle ?? 10,
      })
      for (const [index, result] of results.entries()) {
        if (result.status === 'failed') options.log?.(result.id, result.error)
        if (result.status !== 'enriched') continue
        const item = items[index]!
        item.contentHtml = result.content.html
        item.contentText = result.content.text
        await store.items.setFullText(item.id, result.content.html, result.content.text)
      }
    },
  }
}

/**
 * The stages every deployment runs after storage: classify, then extract. The match stage
 * (subscriptions) comes from the delivery code and is appended by the composition root.
 */
export function defaultStages(
  store: Store,
  options: { classifier?: Classifier; fetchPage?: FetchPage } = {}
): PipelineStage[] {
  const groups = store as { classifications?: ClassificationSink; discrepancies?: DiscrepancySink }
  return [
    classifyStage(
      groups.classifications ?? createClassificationStore(store.db),
      options.classifier
    ),
    ...(options.fetchPage ? [fullTextStage(store, options.fetchPage)] : []),
    extractStage(groups.discrepancies ?? createDiscrepancyStore(store.db)),
  ]
}
