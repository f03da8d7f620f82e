import { decode } from 'html-entities'
import { FeedParseError } from './errors.js'
import { mapOutsideCdataAndComments } from './markup-scan.js'

/** The document's root element: which feed syntax it is, or what it is instead. */
export type XmlRoot = 'rss' | 'atom' | 'rdf'

/** XML text repaired so a lenient XML parser reads it the way a browser-grade feed reader would. */
export interface PreparedXml {
  xml: string
  root: XmlRoot
}

const XML_ENTITIES = new Set(['amp', 'lt', 'gt', 'quot', 'apos'])
const AMPERSAND = /&(#[xX][0-9a-fA-F]+;|#[0-9]+;|[A-Za-z][A-Za-z0-9]*;)?/g
const PROLOG_ITEM = /^\s*(?:<\?[\s\S]*?\?>|<!--[\s\S]*?-->|<!DOCTYPE\s[^[>]*(?:\[[\s\S]*?\]\s*)?>)/i

/**
 * Repairs what publishers get wrong and removes what is dangerous, before XML parsing:
 * - the DOCTYPE (with any internal subset) is dropped, so no DTD entity is ever expanded: an
 *   entity bomb's `&lol9;` reaches the text as the literal characters `&lol9;`;
 * - HTML named entities (`&nbsp;`, `&mdash;`) become numeric character references, unknown
 *   names and bare `&` become `&amp;` — CDATA sections and comments are left untouched;
 * - a truncated closing tag at the very end (`</rss`) is closed.
 * No XML library does these: strict parsers reject such documents outright, and the lenient
 * ones either expand internal entities or mangle `a=1&b=2` query strings.
 * Throws NOT_A_FEED when the root element is not rss, feed or rdf:RDF.
 */
export function prepareXml(text: string): PreparedXml {
  const { prolog, body } = splitProlog(text)
  const root = rootOf(body)
  let xml = prolog + fixEntities(body)
  if (/<\/[\w:.-]+\s*$/.test(xml)) xml += '>'
  return { xml, root }
}

// Keeps the XML declaration and processing instructions, drops comments and the DOCTYPE.
function splitProlog(text: string): { prolog: string; body: string } {
  let rest = text.replace(/^\uFEFF/, '')
  let prolog = ''
  for (let match = rest.match(PROLOG_ITEM); match; match = rest.match(PROLOG_ITEM)) {
    const item = match[0].trim()
    if (item.startsWith('<?')) prolog += `${item}\n`
    rest = rest.slice(match[0].length)
  }
  if (/^\s*<!DOCTYPE/i.test(rest)) {
    throw new FeedParseError('BAD_FORMAT', 'the document type declaration is not closed')
  }
  return { prolog, body: rest.trimStart() }
}

function rootOf(body: string): XmlRoot {
  const name = body.match(/^<([A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)/)
  if (!name) throw new FeedParseError('NOT_A_FEED', 'the document is not XML or JSON')
  const local = name[2].toLowerCase()
  if (local === 'rss') return 'rss'
  if (local === 'feed') return 'atom'
  if (local === 'rdf') return 'rdf'
  if (local === 'html') {
    throw new FeedParseError('NOT_A_FEED', 'this is an HTML page, not a feed')
  }
  throw new FeedParseError(
    'NOT_A_FEED',
    `the root element <${name[0].slice(1)}> is not rss, feed or rdf:RDF`
  )
}

// Matches an & that is not one of XML's own references; when there is none (most feeds) the
// document is left alone.
const NEEDS_FIXING = /&(?!(?:amp|lt|gt|quot|apos|#[0-9]+|#[xX][0-9a-fA-F]+);)/

function fixEntities(body: string): string {
  if (!NEEDS_FIXING.test(body)) return body
  return mapOutsideCdataAndComments(body, (part) => part.replace(AMPERSAND, fixAmpersand))
}

function fixAmpersand(whole: string, reference: string | undefined): string {
  if (!reference) return '&amp;'
  if (reference.startsWith('#')) return whole
  const name = reference.slice(0, -1)
  if (XML_ENTITIES.has(name)) return whole
  const decoded = decode(whole, { level: 'html5' })
  if (decoded === whole) return `&amp;${reference}`
  return Array.from(decoded, (char) => `&#${char.codePointAt(0)};`).join('')
}
