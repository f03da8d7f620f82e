import { Readability } from '@mozilla/readability'
import { parseHtml } from '../core/html-dom.js'
import { htmlToText } from '../core/extract/html.js'

/** An article's main content. */
export interface MainContent {
  title: string
  /** The article body as HTML, tables kept. */
  html: string
  text: string
}

/** What the ingestion fetcher returns for a page. */
export interface FetchedPage {
  body: string
  contentType?: string
}

/** Fetches one page through the ingestion fetcher (its SSRF guard, size and time limits). */
export type FetchPage = (url: string) => Promise<FetchedPage>

/** The parts of an item and its classification that decide whether to fetch the full article. */
export interface FullTextCandidate {
  id: string
  url: string | null
  summary?: string | null
  contentHtml?: string | null
  contentText?: string | null
  classification?: { label: string; score: number } | null
}

/** What happened to one item in {@link enrichWithFullText}. */
export type FullTextResult =
  | { id: string; status: 'enriched'; content: MainContent }
  | { id: string; status: 'skipped' }
  /** Needed full text but the per-cycle budget ran out: try again next cycle. */
  | { id: string; status: 'deferred' }
  | { id: string; status: 'failed'; error: string }

/** Options for {@link enrichWithFullText}. */
export interface EnrichOptions {
  fetchPage: FetchPage
  /** Pages fetched at once. Default 2. */
  concurrency?: number
  /** Pages fetched per call at most; the rest are deferred. Default 10. */
  maxPerCycle?: number
}

// A feed that gives fewer characters than this gave a teaser, not the article.
const SHORT_CONTENT = 800
// Classifier scores from here up are "close to" a controversy: worth a look at the whole text.
const NEAR_CONTROVERSY = 0.35
const MIN_ARTICLE_CHARS = 200

/**
 * The main content of an article page (Readability on linkedom), with tables kept, or null when
 * the page has no readable article.
 *
 * @example
 * extractMainContent(html, 'https://example.org/llama-4')?.text // 'Согласно утёкшей стенограмме…'
 */
export function extractMainContent(html: string, url: string): MainContent | null {
  if (!html.trim()) return null
  let document: ReturnType<typeof parseHtml>['document']
  try {
    ;({ document } = parseHtml(html))
  } catch {
    return null
  }
  // Readability resolves relative links against the document URL.
  try {
    Object.defineProperty(document, 'documentURI', { value: url, configurable: true })
    Object.defineProperty(document, 'baseURI', { value: url, configurable: true })
  } catch {
    // linkedom may not allow redefining these; links then stay relative.
  }
  let article: ReturnType<Readability<string>['parse']>
  try {
    article = new Readability(document as unknown as ConstructorParameters<typeof Readability>[0], {
      charThreshold: 200,
      keepClasses: false,
    }).parse()
  } catch {
    return null
  }
  if (!article?.content) return null
  const text = htmlToText(article.content)
  // Less than a short paragraph is a menu or an error page, not an article.
  if (text.length < MIN_ARTICLE_CHARS) return null
  return { title: (article.title ?? '').trim(), html: article.content, text }
}

/**
 * Whether an item is worth fetching in full: it has a link, the classifier marks it as a
 * controversy or close to one, and the feed gave only a short summary.
 *
 * @example
 * needsFullText({ id: 'a', url: 'https://…', summary: 'Short teaser.' }, { label: 'controversy', score: 0.9 }) // true
 */
export function needsFullText(
  item: Omit<FullTextCandidate, 'classification'>,
  classification: { label: string; score: number } | null | undefined
): boolean {
  if (!item.url || !/^https?:\/\//i.test(item.url)) return false
  if (!classification) return false
  if (classification.label !== 'controversy' && classification.score < NEAR_CONTROVERSY)
    return false
  const given =
    item.contentText ?? (item.contentHtml ? htmlToText(item.contentHtml) : (item.summary ?? ''))
  return given.length < SHORT_CONTENT
}

/**
 * Fetches and extracts the full article for the items that need it ({@link needsFullText}),
 * at most `concurrency` at once and `maxPerCycle` per call. Never throws: each item gets a result.
 *
 * @example
 * const results = await enrichWithFullText(candidates, { fetchPage, concurrency: 2, maxPerCycle: 10 })
 */
export async function enrichWithFullText(
  items: FullTextCandidate[],
  options: EnrichOptions
): Promise<FullTextResult[]> {
  const concurrency = Math.max(1, options.concurrency ?? 2)
  const maxPerCycle = Math.max(0, options.maxPerCycle ?? 10)
  const results: FullTextResult[] = items.map((item) => ({ id: item.id, status: 'skipped' }))
  const queue: number[] = []
  items.forEach((item, index) => {
    if (!needsFullText(item, item.classification)) return
    if (queue.length < maxPerCycle) queue.push(index)
    else results[index] = { id: item.id, status: 'deferred' }
  })
  const work = async (index: number): Promise<void> => {
    const item = items[index]!
    try {
      const page = await options.fetchPage(item.url!)
      if (page.contentType && !/html|xml/i.test(page.contentType)) {
        results[index] = {
          id: item.id,
          status: 'failed',
          error: `not an HTML page (${page.contentType})`,
        }
        return
      }
      const content = extractMainContent(page.body, item.url!)
      results[index] = content
        ? { id: item.id, status: 'enriched', content }
        : { id: item.id, status: 'failed', error: 'no readable article on the page' }
    } catch (error) {
      results[index] = {
        id: item.id,
        status: 'failed',
        error: error instanceof Error ? error.message : String(error),
      }
    }
  }
  let next = 0
  const workers = Array.from({ length: Math.min(concurrency, queue.length) }, async () => {
    while (next < queue.length) await work(queue[next++]!)
  })
  await Promise.all(workers)
  return results
}
