/** Which syntax a feed document was written in. */
export type FeedFormat = 'rss' | 'atom' | 'rdf' | 'json'

/** A media file attached to an entry (podcast audio, images). */
export interface FeedEnclosure {
  url: string
  type?: string
  length?: number
}

/**
 * One item/entry as the document states it. Title, summary and contentHtml are HTML (RSS gives
 * no guarantee either way; Atom text constructs of type text are escaped, so `cleanText` gives
 * the right text for all of them). Links are resolved against xml:base and the base URL when one
 * is known. Dates are the raw strings. Cleaning happens in `normaliseEntry`.
 */
export interface ParsedEntry {
  guid: string | null
  link: string | null
  title: string | null
  summary: string | null
  contentHtml: string | null
  author: string | null
  categories: string[]
  published: string | Date | null
  updated: string | Date | null
  enclosures?: FeedEnclosure[]
}

/** A parsed feed document. */
export interface ParsedFeed {
  format: FeedFormat
  title: string | null
  link: string | null
  language: string | null
  items: ParsedEntry[]
}

/** Why a document could not be read as a feed. */
export type FeedParseErrorCode = 'NOT_A_FEED' | 'BAD_FORMAT' | 'EMPTY'
