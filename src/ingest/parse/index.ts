import { parseAtomFeed, parseRdfFeed, parseRssFeed } from 'feedsmith'
import { FeedParseError } from './errors.js'
import { parseJsonFeed } from './json-feed.js'
import { mapAtom, mapRss } from './map-xml.js'
import { prepareXml } from './prepare-xml.js'
import type { ParsedFeed } from './types.js'

export { FeedParseError } from './errors.js'
export type * from './types.js'

/**
 * Parses a decoded feed document (RSS 0.9x/1.0/2.0, Atom 0.3/1.0, JSON Feed 1.0/1.1).
 * Relative links are resolved against xml:base and then `baseUrl` (the feed's URL) when given.
 * Throws FeedParseError: EMPTY for a blank document, NOT_A_FEED for HTML or other XML/JSON,
 * BAD_FORMAT when a feed cannot be read at all.
 *
 * feedsmith reads the XML (chosen by measurement on the peer corpus, see docs/feed-parsing.md);
 * around it sit our own repairs (prepare-xml.ts), field fallbacks (map-xml.ts) and JSON Feed
 * reader (json-feed.ts).
 *
 * @example
 * parseFeed('<rss version="2.0"><channel><title>T</title></channel></rss>').title // 'T'
 */
export function parseFeed(text: string, baseUrl?: string): ParsedFeed {
  const trimmed = text.replace(/^\uFEFF/, '').trimStart()
  if (trimmed === '') throw new FeedParseError('EMPTY', 'the document is empty')
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) return parseJsonFeed(trimmed, baseUrl)
  if (!trimmed.startsWith('<')) {
    throw new FeedParseError('NOT_A_FEED', 'the document is neither XML nor JSON')
  }
  const { xml, root } = prepareXml(trimmed)
  try {
    if (root === 'atom') return mapAtom(parseAtomFeed(xml), baseUrl)
    if (root === 'rdf') return mapRss('rdf', parseRdfFeed(xml), baseUrl)
    return mapRss('rss', parseRssFeed(xml), baseUrl)
  } catch (error) {
    if (error instanceof FeedParseError) throw error
    throw new FeedParseError('BAD_FORMAT', `the ${root} document cannot be read: ${oneLine(error)}`)
  }
}

function oneLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error)
  return message.split('\n')[0].slice(0, 200)
}
