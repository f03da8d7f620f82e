import { FeedParseError } from './errors.js'
import { parseJsonFeed } from './json-feed.js'
import { mapXmlTree } from './map-tree.js'
import { prepareXml } from './prepare-xml.js'
import { readXmlTree } from './xml-tree.js'
import type { ParsedFeed } from './types.js'

export { FeedParseError } from './errors.js'
export type * from './types.js'

/**
 * Parses a decoded feed document (RSS 0.9x/1.0/2.0, Atom 0.3/1.0, JSON Feed 1.0/1.1).
 * Relative links are resolved against xml:base and then `baseUrl` (the feed's URL) when given.
 * Throws FeedParseError: EMPTY for a blank document, NOT_A_FEED for HTML or other XML/JSON,
 * BAD_FORMAT when a feed cannot be read at all.
 *
 * Chosen by measurement on the peer corpus and a 5,000-item feed (docs/feed-parsing.md): our
 * repairs (prepare-xml.ts), htmlparser2 as a forgiving XML reader (xml-tree.ts), our own field
 * mapping with the fallbacks feeds need (map-tree.ts) and a JSON Feed reader (json-feed.ts).
 *
 * @example
 * parseFeed('<rss version="2.0"><channel><title>T</title></channel></rss>').title // 'T'
 */
export function parseFeed(text: string, baseUrl?: string): ParsedFeed {
  const trimmed = skipLeadingJunk(text.replace(/^\uFEFF/, '').trimStart())
  if (trimmed === '') throw new FeedParseError('EMPTY', 'the document is empty')
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) return parseJsonFeed(trimmed, baseUrl)
  if (!trimmed.startsWith('<')) {
    throw new FeedParseError('NOT_A_FEED', 'the document is neither XML nor JSON')
  }
  const { xml, root } = prepareXml(trimmed)
  const tree = readXmlTree(xml)
  if (!tree) throw new FeedParseError('BAD_FORMAT', `the ${root} document has no elements`)
  return mapXmlTree(tree, root, baseUrl)
}

// Servers print PHP warnings or stray bytes before the feed ("Warning: … on line 12\n<?xml …");
// unless the document starts like XML, JSON or HTML, look for the feed's start in the first 2 KB.
const FEED_START = /<(\?xml\b|rss\b|feed\b|rdf:rdf\b|[a-z][\w.-]*:feed\b)/i

function skipLeadingJunk(text: string): string {
  if (/^(?:[{[]|<!|<\?|<html\b)/i.test(text)) return text
  const start = text.slice(0, 2048).search(FEED_START)
  return start > 0 ? text.slice(start) : text
}
