import { FeedParseError } from './errors.js'
import { resolveUrl } from './map-tree.js'
import type { FeedEnclosure, ParsedEntry, ParsedFeed } from './types.js'

// JSON Feed is mapped by hand: it is plain JSON with a dozen fields, and feedsmith refuses
// feeds whose "version" is "1.0"/"1.1" instead of the jsonfeed.org URL, which real publishers
// (and gofeed's fixtures) write.
interface JsonAuthor {
  name?: unknown
  url?: unknown
}
interface JsonItem {
  id?: unknown
  url?: unknown
  external_url?: unknown
  title?: unknown
  summary?: unknown
  content_html?: unknown
  content_text?: unknown
  author?: JsonAuthor
  authors?: JsonAuthor[]
  tags?: unknown
  date_published?: unknown
  date_modified?: unknown
  attachments?: Array<{ url?: unknown; mime_type?: unknown; size_in_bytes?: unknown }>
}
interface JsonFeedDocument {
  version?: unknown
  title?: unknown
  home_page_url?: unknown
  feed_url?: unknown
  language?: unknown
  items?: unknown
}

/** Parses a JSON Feed 1.0/1.1 document (also with a bare "1.0"/"1.1" version). */
export function parseJsonFeed(text: string, baseUrl?: string): ParsedFeed {
  let doc: unknown
  try {
    doc = JSON.parse(text)
  } catch (error) {
    throw new FeedParseError('BAD_FORMAT', `invalid JSON: ${(error as Error).message}`)
  }
  if (!isJsonFeed(doc)) {
    throw new FeedParseError('NOT_A_FEED', 'the JSON document is not a JSON Feed (no "items" list)')
  }
  const base = str(doc.feed_url) ?? baseUrl
  const items = (doc.items as unknown[])
    .filter(isObject)
    .map((item) => mapItem(item as JsonItem, base))
  return {
    format: 'json',
    title: str(doc.title),
    link: resolveUrl(str(doc.home_page_url), base),
    language: str(doc.language),
    items,
  }
}

function isJsonFeed(doc: unknown): doc is JsonFeedDocument {
  if (!isObject(doc)) return false
  const feed = doc as JsonFeedDocument
  if (!Array.isArray(feed.items)) return false
  const version = str(feed.version)
  return (
    (version !== null && /jsonfeed|^1(\.\d+)?$/i.test(version)) ||
    str(feed.title) !== null ||
    str(feed.home_page_url) !== null
  )
}

function mapItem(item: JsonItem, base: string | undefined): ParsedEntry {
  const authors = Array.isArray(item.authors) ? item.authors : item.author ? [item.author] : []
  const contentText = str(item.content_text)
  return {
    guid: str(item.id) ?? (typeof item.id === 'number' ? String(item.id) : null),
    link: resolveUrl(str(item.url) ?? str(item.external_url), base),
    title: str(item.title),
    summary: str(item.summary),
    contentHtml: str(item.content_html) ?? (contentText && escapeHtml(contentText)),
    author: authors.map((a) => str(a?.name)).find((n) => n !== null) ?? null,
    categories: Array.isArray(item.tags) ? item.tags.map(str).filter((t) => t !== null) : [],
    published: str(item.date_published),
    updated: str(item.date_modified),
    enclosures: (Array.isArray(item.attachments) ? item.attachments : [])
      .filter((a) => str(a?.url))
      .map((a): FeedEnclosure => {
        const type = str(a.mime_type)
        const length = typeof a.size_in_bytes === 'number' ? a.size_in_bytes : undefined
        return {
          url: resolveUrl(str(a.url), base) ?? '',
          ...(type ? { type } : {}),
          ...(length !== undefined ? { length } : {}),
        }
      }),
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function str(value: unknown): string | null {
  if (typeof value !== 'string') return null
  const trimmed = value.trim()
  return trimmed === '' ? null : trimmed
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
}
