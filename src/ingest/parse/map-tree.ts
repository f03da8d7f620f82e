import { FeedParseError } from './errors.js'
import type { FeedEnclosure, ParsedEntry, ParsedFeed } from './types.js'
import { innerMarkup } from './xml-tree.js'
import type { XmlElement, XmlTree } from './xml-tree.js'

// Field mapping is hand-written: it is where feeds differ (fallback titles, guid permalinks,
// xml:base, undeclared prefixes), and owning it is what took us from 126/143 (feedsmith as is)
// to the figure in docs/feed-parsing.md.

type Namespace = 'atom' | 'dc' | 'dcterms' | 'content' | 'itunes' | 'media' | 'rdf' | 'rss1'

const NS: Record<Namespace, readonly string[]> = {
  atom: ['http://www.w3.org/2005/Atom', 'http://purl.org/atom/ns#'],
  dc: ['http://purl.org/dc/elements/1.1/'],
  dcterms: ['http://purl.org/dc/terms/'],
  content: ['http://purl.org/rss/1.0/modules/content/'],
  itunes: [
    'http://www.itunes.com/dtds/podcast-1.0.dtd',
    'http://www.itunes.com/DTDs/Podcast-1.0.dtd',
  ],
  media: ['http://search.yahoo.com/mrss/', 'http://search.yahoo.com/mrss'],
  rdf: ['http://www.w3.org/1999/02/22-rdf-syntax-ns#'],
  rss1: ['http://purl.org/rss/1.0/', 'http://my.netscape.com/rdf/simple/0.9/'],
}
const EXTENSION_URIS = new Set<string>(
  (['atom', 'dc', 'dcterms', 'content', 'itunes', 'media', 'rdf'] as const).flatMap(
    (key) => NS[key]
  )
)

type Format = 'rss' | 'rdf' | 'atom'

// An element of a known extension: by namespace URI, or — for feeds that use a prefix without
// declaring it — by its conventional prefix.
function inNamespace(el: XmlElement, ns: Namespace): boolean {
  return NS[ns].includes(el.ns) || (el.ns === '' && el.prefix === ns)
}

// An element of the feed format itself: unprefixed and not in an extension namespace (RSS 2.0
// has no namespace, some publishers invent one), or prefixed with the format's own namespace.
function isCore(el: XmlElement, format: Format): boolean {
  if (format === 'atom' && NS.atom.includes(el.ns)) return true
  if (format === 'rdf' && NS.rss1.includes(el.ns)) return true
  return el.prefix === '' && !EXTENSION_URIS.has(el.ns)
}

function core(el: XmlElement | undefined, format: Format, local: string): XmlElement[] {
  return el ? el.children.filter((c) => c.local === local && isCore(c, format)) : []
}

function ext(el: XmlElement | undefined, ns: Namespace, local: string): XmlElement[] {
  return el ? el.children.filter((c) => c.local === local && inNamespace(c, ns)) : []
}

/** Maps a parsed XML tree (root rss, rdf:RDF or feed) to a ParsedFeed. */
export function mapXmlTree(tree: XmlTree, format: Format, baseUrl?: string): ParsedFeed {
  if (format === 'atom') return mapAtom(tree, baseUrl)
  const root = tree.root
  const channel = core(root, format, 'channel')[0]
  const items = [...core(channel, format, 'item'), ...core(root, format, 'item')]
  if (!channel && items.length === 0) {
    throw new FeedParseError(
      'BAD_FORMAT',
      `the ${format === 'rdf' ? 'rdf:RDF' : 'rss'} document has no <channel> and no items`
    )
  }
  const base = resolveUrl(attr(channel, 'xml:base') ?? attr(root, 'xml:base'), baseUrl) ?? baseUrl
  return {
    format,
    title: firstValue(tree, [...core(channel, format, 'title'), ...ext(channel, 'dc', 'title')]),
    link: resolveUrl(
      firstValue(tree, core(channel, format, 'link')) ?? pickLink(ext(channel, 'atom', 'link')),
      base
    ),
    language:
      firstValue(tree, [...core(channel, format, 'language'), ...ext(channel, 'dc', 'language')]) ??
      attr(channel, 'xml:lang') ??
      attr(root, 'xml:lang'),
    items: items.map((item) => mapRssItem(tree, item, format, base)),
  }
}

function mapRssItem(
  tree: XmlTree,
  item: XmlElement,
  format: Format,
  feedBase?: string
): ParsedEntry {
  const base = resolveUrl(attr(item, 'xml:base'), feedBase) ?? feedBase
  const guidElement = core(item, format, 'guid')[0]
  const guid = clean(guidElement?.text)
  // RSS 2.0: a guid is a permalink unless isPermaLink="false"; publishers who leave <link> out
  // rely on that.
  const guidIsLink =
    guid !== null &&
    (attr(guidElement, 'isPermaLink') ?? attr(guidElement, 'ispermalink') ?? 'true')
      .trim()
      .toLowerCase() !== 'false' &&
    /^https?:\/\//i.test(guid)
  const coreLinks = core(item, format, 'link')
  const link =
    firstValue(tree, coreLinks) ??
    clean(coreLinks.map((l) => attr(l, 'href')).find(Boolean)) ??
    pickLink(ext(item, 'atom', 'link')) ??
    (guidIsLink ? guid : null)
  return {
    guid: guid ?? clean(attr(item, 'rdf:about')),
    link: resolveUrl(link, base),
    title: firstValue(tree, [
      ...core(item, format, 'title'),
      ...ext(item, 'dc', 'title'),
      ...ext(item, 'itunes', 'title'),
      ...ext(item, 'media', 'title'),
    ]),
    summary: firstValue(tree, [
      ...core(item, format, 'description'),
      ...ext(item, 'dc', 'description'),
      ...ext(item, 'itunes', 'summary'),
    ]),
    contentHtml: firstValue(tree, ext(item, 'content', 'encoded')),
    author:
      rssAuthor(firstValue(tree, core(item, format, 'author'))) ??
      firstValue(tree, [...ext(item, 'dc', 'creator'), ...ext(item, 'itunes', 'author')]),
    categories: values(tree, [...core(item, format, 'category'), ...ext(item, 'dc', 'subject')]),
    published: firstValue(tree, [
      ...core(item, format, 'pubdate'),
      ...ext(item, 'dc', 'date'),
      ...ext(item, 'atom', 'published'),
      ...ext(item, 'dcterms', 'issued'),
      ...ext(item, 'dcterms', 'created'),
      ...ext(item, 'atom', 'updated'),
    ]),
    updated: firstValue(tree, [
      ...ext(item, 'atom', 'updated'),
      ...ext(item, 'dcterms', 'modified'),
    ]),
    enclosures: core(item, format, 'enclosure')
      .filter((e) => clean(attr(e, 'url')))
      .map((e) =>
        enclosure(resolveUrl(attr(e, 'url'), base) ?? '', attr(e, 'type'), attr(e, 'length'))
      ),
  }
}

// "jane@example.org (Jane Doe)" is RSS 2.0's author format; show the name.
function rssAuthor(value: string | null): string | null {
  const match = value?.match(/^\s*\S+@\S+\s*\(([^)]+)\)\s*$/)
  return match ? match[1].trim() : value
}

function mapAtom(tree: XmlTree, baseUrl?: string): ParsedFeed {
  const feed = tree.root
  const base =
    resolveUrl(attr(feed, 'xml:base'), baseUrl) ?? clean(attr(feed, 'xml:base')) ?? baseUrl
  const feedAuthor = atomAuthor(tree, feed)
  return {
    format: 'atom',
    title:
      firstText(tree, core(feed, 'atom', 'title')) ?? firstValue(tree, ext(feed, 'dc', 'title')),
    link: resolveUrl(pickLink(core(feed, 'atom', 'link')), base),
    language: clean(attr(feed, 'xml:lang')) ?? firstValue(tree, ext(feed, 'dc', 'language')),
    items: core(feed, 'atom', 'entry').map((entry) => mapAtomEntry(tree, entry, base, feedAuthor)),
  }
}

function mapAtomEntry(
  tree: XmlTree,
  entry: XmlElement,
  feedBase: string | undefined,
  feedAuthor: string | null
): ParsedEntry {
  const base =
    resolveUrl(attr(entry, 'xml:base'), feedBase) ?? clean(attr(entry, 'xml:base')) ?? feedBase
  const content = core(entry, 'atom', 'content')[0]
  const contentValue = content ? atomText(tree, content) : null
  const links = core(entry, 'atom', 'link')
  return {
    guid: firstValue(tree, core(entry, 'atom', 'id')),
    link: resolveUrl(pickLink(links), base),
    title:
      firstText(tree, core(entry, 'atom', 'title')) ??
      firstValue(tree, [...ext(entry, 'dc', 'title'), ...ext(entry, 'media', 'title')]),
    summary: firstText(tree, core(entry, 'atom', 'summary')),
    contentHtml: contentValue,
    author: atomAuthor(tree, entry) ?? firstValue(tree, ext(entry, 'dc', 'creator')) ?? feedAuthor,
    categories: [
      ...core(entry, 'atom', 'category').map(
        (c) => clean(attr(c, 'label')) ?? clean(attr(c, 'term')) ?? clean(c.text)
      ),
      ...values(tree, ext(entry, 'dc', 'subject')),
    ].filter((c): c is string => c !== null),
    published: firstValue(tree, [
      ...core(entry, 'atom', 'published'),
      ...core(entry, 'atom', 'issued'),
      ...core(entry, 'atom', 'created'),
      ...ext(entry, 'dc', 'date'),
    ]),
    updated: firstValue(tree, [
      ...core(entry, 'atom', 'updated'),
      ...core(entry, 'atom', 'modified'),
    ]),
    enclosures: links
      .filter((l) => attr(l, 'rel') === 'enclosure' && clean(attr(l, 'href')))
      .map((l) =>
        enclosure(resolveUrl(attr(l, 'href'), base) ?? '', attr(l, 'type'), attr(l, 'length'))
      ),
  }
}

function atomAuthor(tree: XmlTree, el: XmlElement): string | null {
  for (const author of core(el, 'atom', 'author')) {
    const name = firstValue(tree, [
      ...core(author, 'atom', 'name'),
      ...core(author, 'atom', 'email'),
    ])
    if (name) return name
  }
  return null
}

// Atom text constructs, returned as HTML: type="xhtml" holds markup in a wrapping <div>; "html"
// (Atom 0.3: "text/html", mode="escaped") holds escaped HTML, which parsing already unescaped;
// "text", the default, is plain text, escaped here so "Vector<T>" survives as text.
function atomText(tree: XmlTree, el: XmlElement): string | null {
  const type = (attr(el, 'type') ?? '').toLowerCase()
  if (type === 'xhtml' || type === 'application/xhtml+xml') {
    const div = el.children.find((c) => c.local === 'div')
    return clean(innerMarkup(tree, div ?? el))
  }
  const found = value(tree, el)
  const isHtml = type.includes('html') || attr(el, 'mode') === 'escaped' || el.children.length > 0
  return isHtml ? found : escapeText(found)
}

function firstText(tree: XmlTree, elements: XmlElement[]): string | null {
  for (const el of elements) {
    const text = atomText(tree, el)
    if (text) return text
  }
  return null
}

// rel="alternate" (or no rel, which means alternate) wins: declared HTML first, then untyped,
// then any other type; an entry whose links are all rel="related"/"self"/"enclosure" has no
// item link.
function pickLink(links: XmlElement[]): string | null {
  const alternates = links.filter((l) => {
    const rel = (attr(l, 'rel') ?? 'alternate').trim().toLowerCase()
    return clean(attr(l, 'href')) && rel === 'alternate'
  })
  const html =
    alternates.find((l) => /html/i.test(attr(l, 'type') ?? '')) ??
    alternates.find((l) => !attr(l, 'type'))
  return clean(attr(html ?? alternates[0], 'href'))
}

function value(tree: XmlTree, el: XmlElement): string | null {
  return clean(el.children.length > 0 ? innerMarkup(tree, el) : el.text)
}

function firstValue(tree: XmlTree, elements: XmlElement[]): string | null {
  for (const el of elements) {
    const found = value(tree, el)
    if (found) return found
  }
  return null
}

function values(tree: XmlTree, elements: XmlElement[]): string[] {
  return elements.map((el) => value(tree, el)).filter((v): v is string => v !== null)
}

function attr(el: XmlElement | undefined, name: string): string | null {
  const found = el?.attrs[name]
  return found === undefined ? null : found
}

function enclosure(url: string, type: string | null, length: string | null): FeedEnclosure {
  const bytes = length === null ? NaN : Number(length)
  return {
    url,
    ...(type ? { type } : {}),
    ...(Number.isFinite(bytes) && bytes > 0 ? { length: bytes } : {}),
  }
}

/**
 * Resolves a possibly relative reference against a base; a reference that cannot be resolved
 * (no absolute base) is returned as written rather than dropped.
 */
export function resolveUrl(
  ref: string | null | undefined,
  base: string | undefined
): string | null {
  const trimmed = clean(ref)
  if (!trimmed) return null
  if (!base) return trimmed
  try {
    return new URL(trimmed, base).href
  } catch {
    return trimmed
  }
}

function clean(text: string | null | undefined): string | null {
  if (typeof text !== 'string') return null
  const trimmed = text.trim()
  return trimmed === '' ? null : trimmed
}

function escapeText(text: string | null): string | null {
  return text && text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
}
